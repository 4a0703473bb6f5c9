"""A pinhole camera, so that streets, rooms and waves recede to one vanishing point and
the figures' eyes sit on the horizon as they do when the camera is at eye level."""

from __future__ import annotations

from dataclasses import dataclass

from manga_offline.image.geometry import Point


@dataclass(frozen=True)
class Camera:
    vanish_x: float
    """Where the horizon's vanishing point is, in canvas pixels."""
    horizon: float
    focal: float
    """Focal length in canvas pixels: larger is a narrower, flatter view."""
    eye: float = 1.6
    """Camera height above the ground in metres."""

    def project(self, x: float, y: float, z: float) -> Point:
        """World metres (x right, y up from the ground, z away from the camera) to pixels."""
        z = max(z, 0.05)
        return (self.vanish_x + self.focal * x / z, self.horizon + self.focal * (self.eye - y) / z)

    def ground_y(self, z: float) -> float:
        return self.horizon + self.focal * self.eye / max(z, 0.05)

    def scale_at(self, z: float) -> float:
        """Pixels per metre at distance z."""
        return self.focal / max(z, 0.05)

    def wall(self, x0: float, z0: float, x1: float, z1: float, bottom: float, top: float) -> list[Point]:
        """A vertical wall from (x0, z0) to (x1, z1): top-left, top-right, bottom-right, bottom-left."""
        return [
            self.project(x0, top, z0),
            self.project(x1, top, z1),
            self.project(x1, bottom, z1),
            self.project(x0, bottom, z0),
        ]

    def floor(self, x0: float, z0: float, x1: float, z1: float, y: float = 0.0) -> list[Point]:
        """A horizontal rectangle: near-left, near-right, far-right, far-left."""
        return [
            self.project(x0, y, z0),
            self.project(x1, y, z0),
            self.project(x1, y, z1),
            self.project(x0, y, z1),
        ]
