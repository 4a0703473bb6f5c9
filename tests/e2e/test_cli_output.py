"""`manga generate` as a person runs it: one line per stage and a summary, no service logs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def test_generate_prints_its_stages_and_no_json_logs(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("POWERTOOLS_", "AWS_"))}
    manga = Path(sys.executable).with_name("manga")
    result = subprocess.run(
        [str(manga), "generate", "--pages", "2", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert not [line for line in lines if line.lstrip().startswith("{")], "service logs reached the terminal"
    assert [line.split()[0] for line in lines[1:5]] == ["preferences", "story", "episode", "image"]
    assert any(line.strip().startswith("PDF") for line in lines)
    assert list(tmp_path.glob("*/episode-001.pdf"))
