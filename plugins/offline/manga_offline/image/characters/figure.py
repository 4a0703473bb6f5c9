"""The frame a character is drawn in: proportions, pose, and local coordinates.

Shapes are written once, in head radii around the face centre, for a character facing
right; `Figure.p` scales, places and mirrors them. So a face drawn for a close-up and
for a wide shot is the same face.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from manga_common.models.script import Build, Emotion
from manga_offline.image.canvas import Canvas
from manga_offline.image.characters.appearance import Appearance
from manga_offline.image.geometry import Point
from manga_offline.image.palette import RGB, luminance, shade
from manga_offline.options import art_of

Proportions = Literal["regular", "chibi", "tall"]

_HEADS: dict[str, float] = {"regular": 6.6, "tall": 7.6, "chibi": 2.4}
_BUILD_HEADS: dict[Build, float] = {"small": -0.5, "average": 0.0, "tall": 0.5, "broad": 0.1}
_BUILD_WIDTH: dict[Build, float] = {"small": 0.88, "average": 1.0, "tall": 0.96, "broad": 1.22}
HEAD_HEIGHT = 2.1
"""Crown to chin, in head radii."""


@dataclass(frozen=True)
class BodyPlan:
    """Landmark heights below the face centre and half-widths, in head radii."""

    chin: float
    eye_y: float
    jaw: float
    shoulder_y: float
    armpit_y: float
    waist_y: float
    hip_y: float
    crotch_y: float
    knee_y: float
    ankle_y: float
    sole_y: float
    neck_w: float
    shoulder_w: float
    chest_w: float
    waist_w: float
    hip_w: float
    thigh_w: float
    knee_w: float
    ankle_w: float
    arm_w: float
    wrist_w: float
    hand_r: float
    upper_arm: float
    forearm: float


def plan_for(proportions: str, build: Build) -> BodyPlan:
    heads = _HEADS.get(proportions, _HEADS["regular"]) + _BUILD_HEADS[build] * (proportions != "chibi")
    chibi = proportions == "chibi"
    chin = 0.86 if chibi else 1.0 if proportions == "regular" else 1.08
    below = (heads - 1) * HEAD_HEIGHT

    def at(fraction: float) -> float:
        return chin + below * fraction

    width = _BUILD_WIDTH[build] * (1.0 if chibi else (heads / 6.6) ** 0.6)
    if chibi:
        return BodyPlan(
            chin=chin,
            eye_y=0.3,
            jaw=0.9,
            shoulder_y=at(0.06),
            armpit_y=at(0.2),
            waist_y=at(0.46),
            hip_y=at(0.56),
            crotch_y=at(0.64),
            knee_y=at(0.82),
            ankle_y=at(0.95),
            sole_y=at(1.0),
            neck_w=0.22,
            shoulder_w=0.72 * width,
            chest_w=0.74 * width,
            waist_w=0.72 * width,
            hip_w=0.8 * width,
            thigh_w=0.34 * width,
            knee_w=0.3 * width,
            ankle_w=0.26 * width,
            arm_w=0.34 * width,
            wrist_w=0.3 * width,
            hand_r=0.22,
            upper_arm=0.5,
            forearm=0.42,
        )
    return BodyPlan(
        chin=chin,
        eye_y=0.2 if proportions == "regular" else 0.17,
        jaw=0.86 if proportions == "regular" else 0.8,
        shoulder_y=at(0.06),
        armpit_y=at(0.15),
        waist_y=at(0.33),
        hip_y=at(0.42),
        crotch_y=at(0.5),
        knee_y=at(0.73),
        ankle_y=at(0.955),
        sole_y=at(1.0),
        neck_w=0.3 * width**0.5,
        shoulder_w=1.45 * width * (1.08 if build == "broad" else 1.0),
        chest_w=1.18 * width,
        waist_w=0.9 * width,
        hip_w=1.02 * width,
        thigh_w=0.5 * width,
        knee_w=0.34 * width,
        ankle_w=0.22 * width,
        arm_w=0.44 * width,
        wrist_w=0.27 * width,
        hand_r=0.27 * width**0.5,
        upper_arm=below * 0.19,
        forearm=below * 0.17,
    )


@dataclass(frozen=True)
class Pose:
    """Arm angles in degrees from hanging straight down; positive swings away from the body.

    The lead arm is on the side the character faces.
    """

    lead_arm: tuple[float, float]
    rear_arm: tuple[float, float]
    stride: float = 0.0
    lean: float = 0.0
    fists: bool = False
    head_drop: float = 0.0


_POSES: dict[str, Pose] = {
    "neutral": Pose((13, 5), (13, 5)),
    "happy": Pose((34, 165), (12, 6)),
    "sad": Pose((3, -2), (3, -2), head_drop=0.0),
    "angry": Pose((24, 14), (24, 14), stride=0.3, fists=True),
    "surprised": Pose((40, 150), (40, 150)),
    "determined": Pose((22, 160), (12, 6), fists=True),
    "afraid": Pose((8, -45), (8, -45)),
    "smug": Pose((38, -50), (10, 4)),
}
ACTION_POSE = Pose((72, 92), (38, -35), stride=0.9, lean=0.6, fists=True)


def pose_for(emotion: Emotion, action: bool, close: bool) -> Pose:
    """The body language of an emotion; a close shot keeps the hands down, out of the face."""
    if action:
        return ACTION_POSE
    if close and emotion in ("happy", "surprised", "determined"):
        return _POSES["neutral"]
    return _POSES.get(emotion, _POSES["neutral"])


@dataclass
class Figure:
    """One character in one panel: where, how big, which way, and in what light."""

    canvas: Canvas
    look: Appearance
    cx: float
    cy: float
    r: float
    turn: int
    """+1 facing right, -1 facing left."""
    light: int
    """+1 when the light comes from the side the character faces."""
    plan: BodyPlan
    pose: Pose
    line: float
    """Outline width in canvas pixels."""

    def p(self, u: float, v: float) -> Point:
        if v > self.plan.shoulder_y and self.pose.lean:
            u -= self.pose.lean * (v - self.plan.shoulder_y) / (self.plan.sole_y - self.plan.shoulder_y)
        return (self.cx + self.turn * u * self.r, self.cy + v * self.r)

    def pts(self, local: Iterable[Point]) -> list[Point]:
        return [self.p(u, v) for u, v in local]

    def shape(
        self, local: Sequence[Point], colour: RGB, width: float | None = None, shaded: float = 0.0
    ) -> None:
        """Fill, shade (`shaded`: how deep the shadow reaches) and outline a local polygon.

        Dark fills get a thin paper line inside the ink outline, as inkers do to keep a black
        sleeve apart from a black coat.
        """
        points = self.pts(local)
        self.canvas.fill(points, colour)
        dark = luminance(colour) < 48
        if shaded and dark:
            # Black cloth cannot darken: it catches light on the lit edge instead.
            toward = self.light * self.turn
            shift = (-toward * shaded * 0.6 * self.r, 0.3 * shaded * self.r)
            self.canvas.shade_inside(points, shift, self.colour((120, 120, 130), 140))
        elif shaded:
            self.shade(local, colour, shaded)
        line = self.line if width is None else width
        self.canvas.stroke([*points, points[0]], line)
        if dark:
            self.canvas.stroke([*points, points[0]], max(1.5, line * 0.3), self.canvas.paper)

    def shade(
        self, local: Sequence[Point], colour: RGB, depth: float, amount: float = 0.3, hard: bool = True
    ) -> None:
        """A crescent of shadow `depth` head radii deep on the side away from the light, which
        falls from above and from the side the light is on. Hard-shadow styles cut deeper and
        darker: half a face in ink."""
        toward = self.light * self.turn
        shift = (toward * depth * self.r, -0.55 * depth * self.r)
        if hard and art_of(self.canvas.style).background == "shadow":
            # Side light only: the shadow splits the shape down its length. With the usual
            # light from above as well, the deep cut left a black crescent along every jaw.
            depth, amount = depth * 2.6, max(amount, 0.85)
            shift = (toward * depth * self.r, 0.0)
        self.canvas.shade_inside(self.pts(local), shift, shade(colour, amount))

    def brush(
        self,
        local: Sequence[Point],
        width: float,
        colour: RGB | None = None,
        start: float = 0.1,
        end: float = 0.1,
    ) -> None:
        self.canvas.brush(self.pts(local), width * self.r, colour, start, end)

    def stroke(self, local: Sequence[Point], width: float | None = None, colour: RGB | None = None) -> None:
        self.canvas.stroke(self.pts(local), self.line if width is None else width, colour)

    def ellipse(
        self, u: float, v: float, ru: float, rv: float, colour: RGB | None, outline: bool = True
    ) -> None:
        x, y = self.p(u, v)
        self.canvas.ellipse(x, y, ru * self.r, rv * self.r, colour, self.line if outline else 0)

    def colour(self, rgb: RGB, grey: int | None = None) -> RGB:
        return self.canvas.colour(rgb, grey)


def swing(origin: Point, length: float, degrees: float, side: int) -> Point:
    """The end of a limb of `length` from `origin`, swung `degrees` away from the body."""
    a = math.radians(degrees)
    return (origin[0] + side * length * math.sin(a), origin[1] + length * math.cos(a))
