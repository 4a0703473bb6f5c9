"""A fixed-latency model server on loopback, speaking the OpenAI-compatible wire format.

    python -m bench.model_server [--text-latency 1.0] [--image-latency 0.5] [--port 0]

Every chat completion answers after --text-latency seconds and every image generation after
--image-latency seconds, however many run at once, so a benchmark can compare the chain's
wall time with the model-bound critical path. Chat answers are valid story bibles, episode
plans and script pages (the test fakes' sample answers); images are continuous-tone
greyscale-friendly art (soft gradients and grain, like a model's), made once per size.
Prints the base URL on its first line; each line read on stdin is answered with one JSON line
of the calls' arrival times since the last (the system-wide monotonic clock, so another
process on the machine can compare them with its own); serves until stdin closes.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import threading
import time
from functools import cache
from http.server import ThreadingHTTPServer

from PIL import Image, ImageFilter

from tests.fakes.openai import FakeOpenAI, chat_reply, form_fields, image_reply
from tests.fakes.samples import manga_answer, sample_bible, sample_script
from tests.fakes.server import Canned, Received


@cache
def model_like_art(width: int, height: int, seed: int = 7, image_format: str = "PNG") -> bytes:
    """A PNG that compresses like a model's continuous-tone picture, not like flat line art."""
    rng = random.Random(seed)
    picture = Image.new("L", (width, height), 128)
    # Octaves of smooth noise: broad light and shade, then forms, then texture.
    for cells, weight in ((4, 0.5), (16, 0.3), (64, 0.15)):
        small = Image.new("L", (cells, max(1, cells * height // width)))
        small.putdata([rng.randrange(256) for _ in range(small.width * small.height)])
        layer = small.resize((width, height), Image.Resampling.BICUBIC)
        picture = Image.blend(picture, layer, weight)
    grain = Image.effect_noise((width, height), 12).filter(ImageFilter.GaussianBlur(0.6))
    picture = Image.blend(picture, grain, 0.12)
    colour = Image.merge("RGB", (picture, picture.point(lambda v: v * 0.9), picture.point(lambda v: v * 0.8)))
    out = io.BytesIO()
    colour.save(out, format=image_format, **({"quality": 90} if image_format == "JPEG" else {}))
    return out.getvalue()


@cache
def image_answer(width: int, height: int, image_format: str = "png") -> bytes:
    """The whole JSON answer for one size and format (`output_format`), encoded once: the
    server's own work stays negligible."""
    art = model_like_art(width, height, image_format="JPEG" if image_format == "jpeg" else "PNG")
    body, _ = image_reply(art).encoded()
    return body


class FixedLatencyModel(FakeOpenAI):
    """The OpenAI fake with every answer delayed by a fixed time, and counts of what it served."""

    keeps_requests = False  # the arrival times are all a benchmark reads; bodies would pile up

    def __init__(
        self, text_latency: float, image_latency: float, sizes: tuple[tuple[int, int], ...] = ()
    ) -> None:
        super().__init__()
        # Sixteen connections at once must not overflow the listen queue (socketserver's is 5).
        ThreadingHTTPServer.request_queue_size = 128
        for width, height in sizes:
            for image_format in ("png", "jpeg"):
                image_answer(width, height, image_format)
        bible, script = sample_bible(), sample_script(pages=3)
        self.arrivals: dict[str, list[float]] = {"chat": [], "images": []}
        self._arrivals_lock = threading.Lock()

        def chat(request: Received) -> Canned:
            self._arrived("chat")
            messages = request.json().get("messages", [])
            text = "\n".join(str(m.get("content", "")) for m in messages)
            answer = chat_reply(manga_answer(text, bible, script))
            answer.delay = text_latency
            return answer

        def images(request: Received) -> Canned:
            self._arrived("images")
            asked = request.json()
            width, height = (int(v) for v in asked.get("size", "1024x1024").split("x"))
            body = image_answer(width, height, str(asked.get("output_format", "png")))
            return Canned(body=body, headers={"Content-Type": "application/json"}, delay=image_latency)

        def edits(request: Received) -> Canned:
            # A panel drawn with its cast's reference sheets: multipart form data, same answer.
            self._arrived("images")
            asked = form_fields(request)
            width, height = (int(v) for v in asked.get("size", "1024x1024").split("x"))
            body = image_answer(width, height, str(asked.get("output_format", "png")))
            return Canned(body=body, headers={"Content-Type": "application/json"}, delay=image_latency)

        self.respond("chat", chat)
        self.respond("images", images)
        self.respond("edits", edits)

    def _arrived(self, route: str) -> None:
        with self._arrivals_lock:
            self.arrivals[route].append(time.monotonic())

    def report(self) -> dict[str, list[float]]:
        """When each call arrived (the system-wide monotonic clock) since the last report."""
        with self._arrivals_lock:
            arrivals, self.arrivals = self.arrivals, {"chat": [], "images": []}
        return arrivals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--text-latency", type=float, default=1.0, help="seconds per chat call")
    parser.add_argument("--image-latency", type=float, default=0.5, help="seconds per image call")
    parser.add_argument("--image-sizes", default="", help="sizes to make ahead, e.g. 1024x1024,1536x1024")
    args = parser.parse_args(argv)
    sizes = tuple(
        (int(w), int(h)) for w, h in (item.lower().split("x") for item in args.image_sizes.split(",") if item)
    )
    with FixedLatencyModel(args.text_latency, args.image_latency, sizes) as server:
        print(server.url, flush=True)
        for _ in sys.stdin:  # serve until the parent closes our stdin
            print(json.dumps(server.report()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


class ModelServerProcess:
    """The server in a process of its own, so its work does not share the benchmark's interpreter."""

    def __init__(self, text_latency: float, image_latency: float, image_sizes: str = "") -> None:
        import subprocess

        command = [sys.executable, "-m", "bench.model_server", "--image-sizes", image_sizes]
        command += ["--text-latency", str(text_latency), "--image-latency", str(image_latency)]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        self.url = self._process.stdout.readline().strip()
        self.text_latency, self.image_latency = text_latency, image_latency

    def report(self) -> dict[str, list[float]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write("report\n")
        self._process.stdin.flush()
        return dict(json.loads(self._process.stdout.readline()))

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=10)

    def __enter__(self) -> ModelServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def waves(arrivals: list[float], latency: float) -> int:
    """Calls in a row: a call that starts after the current wave has answered starts a new one."""
    count, wave_start = 0, float("-inf")
    for arrived in sorted(arrivals):
        if arrived >= wave_start + latency * 0.9:
            count, wave_start = count + 1, arrived
    return count
