"""uv.lock is what runs: the virtualenv holds exactly its packages, resolved from the public
index, for the one Python that development, tests, mypy and Lambda share."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import sys
import sysconfig
import tomllib
from pathlib import Path

from packaging.markers import default_environment

from tests.contract.tools import REPO, load_tool

packaging = load_tool("package_lambdas")
PUBLIC_INDEX = "https://pypi.org/simple"


def installed() -> dict[str, str]:
    """Normalised name -> version of every distribution installed in this virtualenv."""
    site = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    found: dict[str, str] = {}
    for distribution in importlib.metadata.distributions(path=site):
        name = packaging.normalise(distribution.metadata["Name"])
        assert name not in found, f"{name} is installed twice"
        found[name] = distribution.version
    return found


def locked_for_this_machine() -> dict[str, str]:
    lock = packaging.read_lock()
    environment = {key: str(value) for key, value in default_environment().items()}
    names = packaging.locked_closure(packaging.lock_roots(), lock, environment)
    return {name: lock[name].version for name in names}


def test_the_virtualenv_holds_exactly_the_locked_packages() -> None:
    assert sys.prefix != sys.base_prefix, "run the tests from the project's virtualenv (make venv)"
    have, want = installed(), locked_for_this_machine()
    assert {n: v for n, v in have.items() if want.get(n) != v} == {}, "installed but not locked so"
    assert {n: v for n, v in want.items() if have.get(n) != v} == {}, "locked but not installed"


def test_every_locked_package_comes_from_the_public_index_with_hashes() -> None:
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    for package in lock["package"]:
        source = package["source"]
        if "editable" in source or "virtual" in source:
            continue  # the tree's own distributions
        assert source == {"registry": PUBLIC_INDEX}, package["name"]
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        assert files and all(f["hash"].startswith("sha256:") for f in files), package["name"]


def test_the_lock_covers_every_distribution_of_the_tree() -> None:
    pyprojects = [*REPO.glob("*/pyproject.toml"), *REPO.glob("*/*/pyproject.toml")]
    members = {
        packaging.normalise(tomllib.loads(path.read_text(encoding="utf-8"))["project"]["name"])
        for path in pyprojects
    }
    assert {root.name for root in packaging.lock_roots()} >= members


def test_one_python_for_development_tests_mypy_and_lambda() -> None:
    development = (REPO / ".python-version").read_text(encoding="utf-8").strip()
    mypy = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    make = re.search(r"^LAMBDA_PYTHON \?= (\S+)$", (REPO / "terraform" / "terraform.mk").read_text(), re.M)
    variables = (REPO / "terraform" / "platform" / "variables.tf").read_text(encoding="utf-8")
    runtime = re.search(r'variable "lambda_runtime" \{[^}]*default\s*=\s*"python([\d.]+)"', variables)
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == development
    assert mypy["python_version"] == development
    assert make and make.group(1) == development
    assert runtime and runtime.group(1) == development
    assert development == packaging.LAMBDA_PYTHON


def imported_top_levels(package_dir: Path) -> set[str]:
    """Top-level names every module of the package imports, at any depth (function-level too)."""
    names: set[str] = set()
    for path in package_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names)


def test_every_distribution_declares_what_its_code_imports() -> None:
    lock = packaging.read_lock()
    environment = {key: str(value) for key, value in default_environment().items()}
    providers = importlib.metadata.packages_distributions()
    undeclared: dict[str, list[str]] = {}
    for name, locked in sorted(lock.items()):
        if not locked.workspace:
            continue
        distribution = importlib.metadata.distribution(name)
        tops = {top for top, dists in providers.items() if name in {packaging.normalise(d) for d in dists}}
        declared = packaging.locked_closure([packaging.LockedRequirement(name)], lock, environment)
        for top in sorted(tops):
            spec = importlib.util.find_spec(top)
            assert spec and spec.submodule_search_locations, (distribution, top)
            for imported in sorted(imported_top_levels(Path(next(iter(spec.submodule_search_locations))))):
                needed = {packaging.normalise(d) for d in providers.get(imported, [])}
                if needed and not needed & declared:
                    undeclared.setdefault(name, []).append(imported)
    assert undeclared == {}, "imported but not in the pyproject.toml's dependencies (nor theirs)"
