"""The tree's layering: libraries import no service, and the manga application has no import cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVICE_PACKAGES = {f"{path.parent.name}_service" for path in (REPO / "services").glob("*/pyproject.toml")}
APPLICATION = REPO / "manga" / "manga_app"


def imports(path: Path) -> Iterator[str]:
    """Every module a file imports, at module level or inside functions."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_the_services_are_found() -> None:
    assert {"story_service", "episode_service", "image_service", "preferences_service"} <= SERVICE_PACKAGES


def test_no_library_imports_a_service() -> None:
    offenders = {
        f"{path.relative_to(REPO)}: {name}"
        for path in (REPO / "libs").rglob("*.py")
        for name in imports(path)
        if name.split(".")[0] in SERVICE_PACKAGES
    }
    assert offenders == set()


def test_no_library_imports_the_application() -> None:
    offenders = {
        str(path.relative_to(REPO))
        for path in [*(REPO / "libs").rglob("*.py"), *(REPO / "services").rglob("*.py")]
        if any(name.split(".")[0] == "manga_app" for name in imports(path))
    }
    assert offenders == set()


def module_name(path: Path) -> str:
    parts = path.relative_to(APPLICATION.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_application_modules_import_each_other_without_a_cycle() -> None:
    modules = {module_name(path): path for path in APPLICATION.rglob("*.py")}
    graph = {name: {m for m in imports(path) if m in modules and m != name} for name, path in modules.items()}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, " -> ".join([*visiting[visiting.index(name) :], name])
        visiting.append(name)
        for imported in sorted(graph[name]):
            visit(imported)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert "manga_app.cli" in done and "manga_app.gateway" in done
