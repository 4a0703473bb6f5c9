"""Pointed at an endpoint that lacks services, the suite skips and names them instead of timing out."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_an_endpoint_without_the_services_skips_with_one_line_per_service() -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"  # nothing listens: every service is missing
    env = {**os.environ, "MANGA_TEST_ENDPOINT": endpoint}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/integration/test_table.py",
            "-rs",
            "-p",
            "no:cacheprovider",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert " passed" not in output and " failed" not in output
    for service in ("dynamodb", "s3", "sqs", "events", "cognito-idp"):
        assert f"MANGA_TEST_ENDPOINT={endpoint} lacks {service}" in output, service
    skipped = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    assert skipped and all("MANGA_TEST_ENDPOINT lacks dynamodb" in line for line in skipped)
