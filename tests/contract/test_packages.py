"""The Lambda zips: each imports its handler and loads its plugins with nothing but the zip
and the runtime's boto3, like Lambda does.

The zips are built once per session for this machine's platform and Python (`make package`
builds the same contents for the Lambda platform).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from manga_common.plugins.registry import build_registry, plugin_manager
from tests.contract.tools import load_tool

REPO = Path(__file__).resolve().parents[2]
# What the Lambda Python runtime brings: boto3 and the packages it needs.
RUNTIME_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")
PLUGIN_KINDS = ("text_backends", "image_backends", "insights_providers", "art_styles", "template_sources")

pytestmark = pytest.mark.slow  # pip installs the dependencies of four zips (about 15 s)


packaging = load_tool("package_lambdas")
SERVICES = {package.service: package for package in packaging.PACKAGES}


@pytest.fixture(scope="session")
def zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("lambda")
    target = packaging.TargetPlatform.host()
    return {service: packaging.build(package, target, out) for service, package in SERVICES.items()}


@pytest.fixture(scope="session")
def lambda_runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding only what the runtime provides, linked from this environment."""
    folder = tmp_path_factory.mktemp("runtime")
    for name in RUNTIME_MODULES:
        spec = importlib.util.find_spec(name)
        assert spec and spec.origin, name
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (folder / source.name).symlink_to(source)
    return folder


def entries(zip_path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.infolist()


def top_level(zip_path: Path) -> set[str]:
    return {info.filename.split("/")[0] for info in entries(zip_path)}


IMPORT_CHECK = """
import importlib, json, sys
sys.path[:0] = {paths!r}
handler = importlib.import_module({module!r})
assert callable(handler.lambda_handler)
kinds = {{}}
if {load_plugins!r}:
    from manga_common.plugins.registry import get_registry
    registry = get_registry()
    kinds = {{kind: getattr(registry, kind).names() for kind in {kinds!r}}}
files = [getattr(m, "__file__", None) or "" for m in list(sys.modules.values())]
print(json.dumps({{"plugins": kinds, "files": files}}))
"""


def expected_plugins(service: str) -> dict[str, list[str]]:
    """What the service's declared plugins register, loaded in this environment."""
    registry = build_registry(plugin_manager(modules=SERVICES[service].plugins, entry_points=False))
    return {kind: getattr(registry, kind).names() for kind in PLUGIN_KINDS}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_zip_imports_its_handler_and_loads_its_plugins_in_a_clean_interpreter(
    service: str, zips: dict[str, Path], lambda_runtime: Path, tmp_path: Path
) -> None:
    # Lambda unpacks the zip (native extensions cannot load from inside a zip).
    task = tmp_path / "task"
    with zipfile.ZipFile(zips[service]) as archive:
        archive.extractall(task)
    shipped = {path for path in task.rglob("*") if path.is_file()}
    package = SERVICES[service]
    script = IMPORT_CHECK.format(
        paths=[str(task), str(lambda_runtime)],
        module=package.handler.rsplit(".", 1)[0],
        load_plugins=bool(package.plugins),
        kinds=PLUGIN_KINDS,
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script],
        capture_output=True,
        text=True,
        env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    if package.plugins:
        assert report["plugins"] == expected_plugins(service)
    allowed = [
        str(task),
        str(lambda_runtime),
        sysconfig.get_paths()["stdlib"],
        sysconfig.get_paths()["platstdlib"],
    ]
    outside = [f for f in report["files"] if f and not f.startswith(tuple(allowed))]
    assert outside == [], "imported from outside the zip and the runtime"
    # Every module came with its bytecode: the interpreter compiled (and cached) nothing, as it
    # could not cache it in Lambda's read-only task root.
    compiled = sorted(str(p.relative_to(task)) for p in task.rglob("*.pyc") if p not in shipped)
    assert compiled == []


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_zip_leaves_the_runtime_boto3_out(service: str, zips: dict[str, Path]) -> None:
    names = top_level(zips[service])
    assert not {n for n in names if n.split("-")[0] in {"boto3", "botocore", "s3transfer"}}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_zip_carries_its_package_libs_common_and_only_its_plugins(
    service: str, zips: dict[str, Path]
) -> None:
    package = SERVICES[service]
    names = {info.filename for info in entries(zips[service])}
    assert f"{package.package}/handler.py" in names
    assert "manga_common/settings.py" in names
    distributions = packaging.plugin_distributions().values()
    every_plugin = {module for d in distributions for module in d.entry_points.values()}
    modules = {n.removesuffix("/__init__.py").removesuffix(".py").replace("/", ".") for n in names}
    assert set(package.plugins) <= modules
    # A declared plugin may import another plugin's helpers, but no undeclared plugin comes along.
    assert modules & every_plugin == set(package.plugins)
    other_services = {p.package for p in SERVICES.values()} - {package.package}
    assert not other_services & top_level(zips[service])


def test_zip_entries_are_sorted_with_fixed_timestamps_and_modes(zips: dict[str, Path]) -> None:
    for path in zips.values():
        infos = entries(path)
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {packaging.ZIP_TIMESTAMP}
        assert {i.external_attr for i in infos} == {packaging.ZIP_FILE_MODE}


def test_building_again_gives_the_same_bytes(zips: dict[str, Path]) -> None:
    first = zips["auth_trigger"].read_bytes()
    again = packaging.build(
        SERVICES["auth_trigger"], packaging.TargetPlatform.host(), zips["auth_trigger"].parent
    )
    assert again.read_bytes() == first


@pytest.mark.parametrize("architecture", sorted(packaging.LAMBDA_ARCHITECTURES))
def test_every_dependency_a_zip_needs_is_locked_with_its_hashes(architecture: str) -> None:
    lock = packaging.read_lock()
    pins = packaging.pinned_requirements()
    target = packaging.TargetPlatform.lambda_runtime(architecture, "3.11")
    for package in SERVICES.values():
        requirements = packaging.requirements_for(package, pins)
        assert set(requirements) <= set(pins.values())
        lines = packaging.hashed_requirements(requirements, target)
        installed = {line.split("==")[0] for line in lines}
        assert {line.split("==")[0] for line in requirements} <= installed
        assert not installed & packaging.RUNTIME_DISTRIBUTIONS
        for line in lines:
            pin, *hashes = line.split()
            name, version = pin.split("==")
            assert version == lock[name].version
            assert hashes and all(h.startswith("--hash=sha256:") for h in hashes), line


def test_a_requirement_off_the_lock_is_refused() -> None:
    target = packaging.TargetPlatform.lambda_runtime("x86_64", "3.11")
    with pytest.raises(SystemExit, match="not the locked version"):
        packaging.hashed_requirements(["pydantic==1.0"], target)
