"""Terraform applied once per session to a moto server of its own (tools/terraform_emulator.py).

Skips with one line when this machine has no terraform binary or no provider mirror.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def _emulator_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "terraform_emulator", REPO / "tools" / "terraform_emulator.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


terraform_emulator = _emulator_tool()


class Applied:
    """The emulator environment as Terraform created it: where, what, and its state."""

    def __init__(self, deployment: Any, state: dict[str, Any]) -> None:
        self.deployment = deployment
        self.endpoint: str = deployment.endpoint
        self.outputs: dict[str, Any] = deployment.outputs
        self.state = state

    def resources(self, kind: str) -> list[dict[str, Any]]:
        """Every resource of type `kind` in the state, in all modules."""
        found: list[dict[str, Any]] = []
        modules = [self.state["values"]["root_module"]]
        while modules:
            module = modules.pop()
            found += [r for r in module.get("resources", []) if r["type"] == kind and r["mode"] == "managed"]
            modules += module.get("child_modules", [])
        return found


@pytest.fixture(scope="session")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Applied]:
    try:
        toolchain = terraform_emulator.find_toolchain()
    except terraform_emulator.Unavailable as missing:
        pytest.skip(f"Terraform cannot be applied here: {missing}")
    workdir = tmp_path_factory.mktemp("terraform-emulator")
    with terraform_emulator.moto_server() as endpoint:
        deployment = terraform_emulator.apply(toolchain, endpoint, workdir)
        env = terraform_emulator.terraform_env(workdir, toolchain, endpoint)
        yield Applied(deployment, deployment.state(toolchain, env))
