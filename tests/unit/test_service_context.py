"""A service's context loads its plugins when its logic first asks for them."""

from __future__ import annotations

import json
import subprocess
import sys

CHECK = """
import json, sys
from manga_common.context import ServiceContext
from manga_common.settings import Settings

context = ServiceContext(settings=Settings(environment="test", region="us-east-1"))
before = "manga_common.plugins.registry" in sys.modules
styles = context.registry.art_styles.names()
print(json.dumps({"loaded_before": before, "styles": styles, "same": context.registry is context.registry}))
"""


def test_plugins_load_on_first_use_not_with_the_context() -> None:
    # An API call that only reads the table (GET /status, most of them) needs no plugin: building
    # the context must not load them, as it did when the registry was a field of the context.
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["loaded_before"] is False
    assert "noir" in report["styles"]
    assert report["same"] is True
