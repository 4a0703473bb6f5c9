"""A sandbox's init (`warm_stage_handlers`) loads what a first invocation would load on first use.

Each case runs in a fresh interpreter: in this one, other tests have long built the validators
and compiled the templates.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

PROBE = textwrap.dedent(
    """
    import json, sys
    import {handler}
    from pydantic import BaseModel
    from manga_common.prompts import default_templates
    from manga_common.stage import warm_stage_handlers

    def deferred():
        found, pending = [], [BaseModel]
        while pending:
            model = pending.pop()
            pending.extend(model.__subclasses__())
            if model.model_config.get("defer_build") and not model.__pydantic_complete__:
                found.append(model.__qualname__)
        return sorted(found)

    before = {{"deferred": deferred(), "reportlab": "reportlab.pdfgen.canvas" in sys.modules}}
    warm_stage_handlers()
    templates = default_templates().environment
    after = {{
        "deferred": deferred(),
        "reportlab": "reportlab.pdfgen.canvas" in sys.modules,
        "compiled": sorted(name for _, name in templates.cache.keys()) if templates.cache else [],
    }}
    print(json.dumps({{"before": before, "after": after}}))
    """
)


def warmed(handler: str) -> dict[str, dict[str, Any]]:
    probe = PROBE.format(handler=handler)
    command = [sys.executable, "-c", probe]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    result: dict[str, dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_init_builds_the_validators_and_compiles_the_templates_a_first_story_would() -> None:
    result = warmed("story_service.handler")
    assert "StoryBible" in result["before"]["deferred"]  # deferred at import, as the cold start wants
    assert result["after"]["deferred"] == []
    assert {"story.j2", "system.j2", "panel.j2"} <= set(result["after"]["compiled"])


def test_the_image_stage_init_loads_its_painters() -> None:
    result = warmed("image_service.handler")
    assert result["before"]["reportlab"] is False  # the handler's import stays light
    assert result["after"]["reportlab"] is True
    assert result["after"]["deferred"] == []
