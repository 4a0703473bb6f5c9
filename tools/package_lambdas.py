"""Builds one reproducible zip per Lambda service: build/lambda/<service>.zip.

A zip holds the service's package, libs/common, the plugins the service declares (`PLUGINS`
in its package: their modules, the modules those import, and a dist-info carrying just their
`manga_platform` entry points, so the registry finds exactly those), and the third-party
distributions its code imports, installed for the Lambda platform with `pip install --target`.
boto3, botocore and s3transfer come with the Lambda runtime and are left out.

Which distributions a zip needs is read from the code: the imports reachable from the
service package and its plugins, mapped to distributions in this environment; uv.lock gives
their versions, what they need on Lambda and the hashes pip checks every file against.
Entries are sorted and carry a fixed timestamp and mode, so the same sources and lock give
the same bytes. Every module ships with its bytecode (unchecked hash-based .pyc, PEP 552)
when the zip's Python is this one: Lambda's task root is read-only, so without it each cold
start compiles the project's modules again.

    python tools/package_lambdas.py                  # every service, x86_64, Python 3.11
    python tools/package_lambdas.py --arch arm64 story
    python tools/package_lambdas.py --host           # for this machine's platform and Python
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.metadata
import importlib.util
import marshal
import platform
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.markers import Marker

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "build" / "lambda"
LOCK = REPO / "uv.lock"
LAMBDA_PYTHON = "3.11"  # the Python of development, tests and mypy too (.python-version)

# The runtime's own copies; bundling them would only pin older ones and grow every zip.
RUNTIME_DISTRIBUTIONS = frozenset({"boto3", "botocore", "s3transfer"})
# Imported lazily by the library that needs them, so no import statement names them.
IMPLICIT_REQUIREMENTS = ("aws-xray-sdk",)  # Powertools Tracer, active on Lambda

LAMBDA_ARCHITECTURES = {"x86_64": "x86_64", "arm64": "aarch64"}
LAMBDA_TASK_ROOT = "/var/task"
"""Where Lambda unpacks a zip: the file names bytecode carries, for tracebacks."""
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
ZIP_FILE_MODE = 0o100644 << 16
SKIPPED_NAMES = {"__pycache__", ".DS_Store"}
SKIPPED_SUFFIXES = (".pyc", ".pyo")

SERVICES_DIR = REPO / "services"
COMMON_ROOT = REPO / "libs" / "common" / "manga_common"
PLUGIN_GROUP = "manga_platform"


def declared_plugins(package_dir: Path) -> tuple[str, ...]:
    """The service's `PLUGINS` tuple, read from its package without importing it."""
    tree = ast.parse((package_dir / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "PLUGINS"
            and node.value is not None
        ):
            return tuple(ast.literal_eval(node.value))
    return ()


@dataclass(frozen=True)
class LambdaPackage:
    """One service's zip: its package and the plugins (entry-point modules) it declares."""

    service: str

    @property
    def package(self) -> str:
        return f"{self.service}_service"

    @property
    def handler(self) -> str:
        return f"{self.package}.handler.lambda_handler"

    @property
    def package_dir(self) -> Path:
        return SERVICES_DIR / self.service / self.package

    @property
    def plugins(self) -> tuple[str, ...]:
        return declared_plugins(self.package_dir)

    def entry_modules(self) -> list[str]:
        return [self.package, *self.plugins]


PACKAGES: tuple[LambdaPackage, ...] = tuple(
    LambdaPackage(path.parent.name) for path in sorted(SERVICES_DIR.glob("*/pyproject.toml"))
)
"""Every service under services/ is one Lambda."""


@dataclass(frozen=True)
class PluginDistribution:
    """An installed distribution that provides plugins: where its package lives, its entry points."""

    name: str
    version: str
    top_level: str
    root: Path
    entry_points: dict[str, str]


def plugin_distributions() -> dict[str, PluginDistribution]:
    """Top-level package -> the plugin distribution providing it, from the installed entry points."""
    found: dict[str, PluginDistribution] = {}
    for distribution in importlib.metadata.distributions():
        points = distribution.entry_points.select(group=PLUGIN_GROUP)
        if not points:
            continue
        tops = {point.value.split(".")[0].split(":")[0] for point in points}
        for top in tops:
            spec = importlib.util.find_spec(top)
            if spec is None or not spec.submodule_search_locations:
                continue
            found[top] = PluginDistribution(
                name=distribution.metadata["Name"],
                version=distribution.version,
                top_level=top,
                root=Path(next(iter(spec.submodule_search_locations))),
                entry_points={p.name: p.value for p in points if p.value.startswith(top)},
            )
    return found


@dataclass(frozen=True)
class TargetPlatform:
    """Where the zips run: pip platform tags and Python version of the installed wheels."""

    pip_platforms: tuple[str, ...]
    python_version: str

    @classmethod
    def lambda_runtime(cls, architecture: str, python_version: str) -> TargetPlatform:
        machine = LAMBDA_ARCHITECTURES[architecture]
        # Lambda's Python 3.11+ runtimes run on Amazon Linux 2023 (glibc 2.34).
        return cls((f"manylinux2014_{machine}", f"manylinux_2_28_{machine}"), python_version)

    @classmethod
    def host(cls) -> TargetPlatform:
        machine = platform.machine()
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return cls((f"manylinux2014_{machine}", f"manylinux_2_28_{machine}"), version)

    def key(self) -> str:
        return f"py{self.python_version}-{self.pip_platforms[0]}"


# -- which modules a zip needs --------------------------------------------------------------


def module_roots(packages: Iterable[LambdaPackage] = PACKAGES) -> dict[str, Path]:
    """First-party packages: libs/common, the plugin distributions and the services."""
    plugins = {top: distribution.root for top, distribution in plugin_distributions().items()}
    return {"manga_common": COMMON_ROOT} | plugins | {p.package: p.package_dir for p in packages}


def module_file(name: str, roots: dict[str, Path]) -> Path | None:
    """The source of first-party module `name`: its file, or the folder of a namespace package.

    None when the name is no first-party module (third-party, or an attribute of a module).
    """
    top, *rest = name.split(".")
    if top not in roots:
        return None
    base = roots[top].joinpath(*rest)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return base if base.is_dir() else None


def _is_type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:` (imports there never run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if _is_type_checking_block(child):
                stack.extend(getattr(child, "orelse", []))
            else:
                stack.append(child)


def imported_names(path: Path, module: str) -> set[str]:
    """Dotted names a module imports at run time; `from a import b` gives both a and a.b."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name}


@dataclass(frozen=True)
class ImportClosure:
    modules: frozenset[str]
    """First-party modules reachable from the entry modules."""
    third_party: frozenset[str]
    """Top-level names of third-party modules they import."""


def import_closure(entries: Iterable[str], roots: dict[str, Path]) -> ImportClosure:
    entries = tuple(entries)
    seen: set[str] = set()
    third_party: set[str] = set()
    pending = list(entries)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        path = module_file(name, roots)
        if path is None:
            top = name.split(".")[0]
            if top not in roots and top not in sys.stdlib_module_names:
                third_party.add(top)
            continue
        seen.add(name)
        parts = name.split(".")
        pending.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages run first
        directory = path if path.is_dir() else path.parent if path.name == "__init__.py" else None
        if directory is not None and name in entries:
            # An entry package ships whole: every module in it may be imported.
            pending.extend(_package_modules(name, directory))
        if path.is_file():
            pending.extend(imported_names(path, name))
    return ImportClosure(frozenset(seen), frozenset(third_party))


def _package_modules(package: str, directory: Path) -> Iterator[str]:
    for path in sorted(directory.rglob("*.py")):
        relative = path.relative_to(directory).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        yield ".".join([package, *parts])


# -- which distributions ------------------------------------------------------------------------


@dataclass(frozen=True)
class LockedRequirement:
    """One dependency edge of uv.lock: a distribution, the extras asked of it, when it applies."""

    name: str
    extras: tuple[str, ...] = ()
    marker: str | None = None

    def applies(self, environment: dict[str, str]) -> bool:
        return self.marker is None or Marker(self.marker).evaluate(environment)


@dataclass(frozen=True)
class LockedDistribution:
    """A package of uv.lock: its version, the hashes of its files, what it requires."""

    name: str
    version: str
    workspace: bool
    """One of this tree's own distributions (installed editable, never into a zip)."""
    hashes: tuple[str, ...]
    requires: tuple[LockedRequirement, ...]
    extras: dict[str, tuple[LockedRequirement, ...]]

    def needs(self, extras: Iterable[str] = ()) -> Iterator[LockedRequirement]:
        yield from self.requires
        for extra in extras:
            yield from self.extras.get(extra, ())


def _edges(entries: Iterable[dict[str, Any]]) -> tuple[LockedRequirement, ...]:
    # Packages name the extras they ask of a dependency `extra`, the manifest's groups `extras`.
    return tuple(
        LockedRequirement(
            normalise(entry["name"]), tuple(entry.get("extra", entry.get("extras", []))), entry.get("marker")
        )
        for entry in entries
    )


def read_lock(path: Path = LOCK) -> dict[str, LockedDistribution]:
    """Normalised name -> locked distribution. The lock resolves one version per name (it is
    restricted to one Python, `[tool.uv] environments`), so a name is a key."""
    lock = tomllib.loads(path.read_text(encoding="utf-8"))
    found: dict[str, LockedDistribution] = {}
    for package in lock["package"]:
        name = normalise(package["name"])
        if name in found:
            raise SystemExit(f"{path.name} locks two versions of {name}: run `make lock`")
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        found[name] = LockedDistribution(
            name=name,
            version=package["version"],
            workspace="editable" in package["source"] or "virtual" in package["source"],
            hashes=tuple(sorted(f["hash"] for f in files if "hash" in f)),
            requires=_edges(package.get("dependencies", [])),
            extras={k: _edges(v) for k, v in package.get("optional-dependencies", {}).items()},
        )
    return found


def lock_roots(path: Path = LOCK) -> tuple[LockedRequirement, ...]:
    """What `make venv` asks for: every workspace member and the root's dependency groups."""
    manifest = tomllib.loads(path.read_text(encoding="utf-8")).get("manifest", {})
    members = tuple(LockedRequirement(normalise(name)) for name in manifest.get("members", []))
    groups = manifest.get("dependency-groups", {}).values()
    return members + tuple(edge for group in groups for edge in _edges(group))


def locked_closure(
    roots: Iterable[LockedRequirement],
    lock: dict[str, LockedDistribution],
    environment: dict[str, str],
    leave_out: frozenset[str] = frozenset(),
) -> set[str]:
    """Names of the roots and everything they need in this environment (markers evaluated),
    not descending into `leave_out`: what those need goes with them unless another needs it."""
    needed: set[str] = set()
    asked: set[tuple[str, tuple[str, ...]]] = set()
    pending = [root for root in roots if root.applies(environment)]
    while pending:
        edge = pending.pop()
        if edge.name in leave_out or (edge.name, edge.extras) in asked:
            continue
        asked.add((edge.name, edge.extras))
        needed.add(edge.name)
        pending.extend(e for e in lock[edge.name].needs(edge.extras) if e.applies(environment))
    return needed


def lambda_environment(target: TargetPlatform) -> dict[str, str]:
    """Marker values of the target: Lambda's CPython on Linux, not this machine."""
    machine = target.pip_platforms[0].removeprefix("manylinux2014_")
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{target.python_version}.0",
        "os_name": "posix",
        "platform_machine": machine,
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": "Linux",
        "platform_version": "",
        "python_full_version": f"{target.python_version}.0",
        "python_version": target.python_version,
        "sys_platform": "linux",
    }


def pinned_requirements(path: Path = LOCK) -> dict[str, str]:
    """Normalised distribution name -> `name==version` of every third-party package of the lock."""
    return {name: f"{name}=={d.version}" for name, d in read_lock(path).items() if not d.workspace}


def normalise(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def distributions_for(top_level_names: Iterable[str]) -> set[str]:
    """Distributions (normalised) that provide these importable names in this environment."""
    providers = importlib.metadata.packages_distributions()
    found: set[str] = set()
    for name in top_level_names:
        if name not in providers:
            raise SystemExit(f"no installed distribution provides the module {name!r}")
        found.update(normalise(d) for d in providers[name])
    return found


def requirements_for(package: LambdaPackage, pins: dict[str, str] | None = None) -> list[str]:
    """Locked `name==version` of the distributions the package's code imports (what those need
    is added from the lock when they are installed)."""
    pins = pinned_requirements() if pins is None else pins
    closure = import_closure(package.entry_modules(), module_roots())
    needed = distributions_for(closure.third_party) | {normalise(d) for d in IMPLICIT_REQUIREMENTS}
    needed -= RUNTIME_DISTRIBUTIONS
    unpinned = sorted(needed - pins.keys())
    if unpinned:
        raise SystemExit(f"{package.service}: imports {', '.join(unpinned)}, not in uv.lock (run make lock)")
    return sorted(pins[name] for name in needed)


# -- installing and zipping ----------------------------------------------------------------------


def hashed_requirements(requirements: list[str], target: TargetPlatform, path: Path = LOCK) -> list[str]:
    """The requirements and everything they need on the target, less the runtime's boto3 family,
    each as `name==version --hash=...` with the hashes uv.lock holds for its files."""
    lock = read_lock(path)
    roots = []
    for line in requirements:
        name, version = line.split("==")
        if lock[normalise(name)].version != version:
            raise SystemExit(f"{line} is not the locked version {lock[normalise(name)].version}")
        roots.append(LockedRequirement(normalise(name)))
    names = locked_closure(roots, lock, lambda_environment(target), leave_out=RUNTIME_DISTRIBUTIONS)
    return [
        " ".join([f"{name}=={lock[name].version}", *(f"--hash={h}" for h in lock[name].hashes)])
        for name in sorted(names)
    ]


def install_dependencies(requirements: list[str], target: TargetPlatform, cache: Path) -> Path:
    """Install the requirements for the target into a folder shared by zips that need the same.

    Only the locked files go in: every distribution is named with its version and hashes, pip
    checks each download against them and resolves nothing itself (--no-deps)."""
    lines = hashed_requirements(requirements, target)
    digest = hashlib.sha256("\n".join([target.key(), *lines]).encode()).hexdigest()[:16]
    folder = cache / f"{target.key()}-{digest}"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    requirements_file = cache / f"{folder.name}.txt"
    requirements_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    platforms = [arg for tag in target.pip_platforms for arg in ("--platform", tag)]
    command = [
        *(sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
        *("--no-compile", "--no-deps", "--require-hashes", "--target", str(folder)),
        *("--only-binary=:all:", "--implementation", "cp", "--python-version", target.python_version),
        *platforms,
        *("--requirement", str(requirements_file)),
    ]
    subprocess.run(command, check=True)  # noqa: S603 (our own interpreter's pip, arguments are ours)
    shutil.rmtree(folder / "bin", ignore_errors=True)  # console scripts: nothing runs them on Lambda
    (folder / ".complete").touch()
    return folder


def package_files(package: LambdaPackage, dependencies: Path) -> dict[str, Path | bytes]:
    """Archive name -> file (or generated content) for everything the zip holds."""
    closure = import_closure(package.entry_modules(), module_roots())
    sources = [(COMMON_ROOT, "manga_common"), (package.package_dir, package.package)]
    files: dict[str, Path | bytes] = {}
    for top, distribution in plugin_distributions().items():
        units = sorted({m.split(".")[1] for m in closure.modules if m.startswith(f"{top}.")})
        if not units:
            continue
        sources.append((distribution.root / "__init__.py", f"{top}/__init__.py"))
        sources.extend(_plugin_unit(distribution.root, top, unit) for unit in units)
        files.update(_plugin_metadata(distribution, set(package.plugins)))
    files.update({name: path for directory, name in sources for name, path in _walk(directory, name)})
    files.update(_walk(dependencies, ""))
    files.pop(".complete", None)
    return files


def _plugin_unit(root: Path, top: str, unit: str) -> tuple[Path, str]:
    if (root / unit).is_dir():
        return root / unit, f"{top}/{unit}"
    return root / f"{unit}.py", f"{top}/{unit}.py"


def _plugin_metadata(distribution: PluginDistribution, declared: set[str]) -> dict[str, bytes]:
    """A dist-info listing only the declared plugins' entry points, so the registry's entry-point
    lookup finds exactly those in the zip."""
    folder = f"{distribution.name.replace('-', '_')}-{distribution.version}.dist-info"
    points = sorted((name, value) for name, value in distribution.entry_points.items() if name in declared)
    metadata = f"Metadata-Version: 2.1\nName: {distribution.name}\nVersion: {distribution.version}\n"
    entry_points = f"[{PLUGIN_GROUP}]\n" + "".join(f"{name} = {value}\n" for name, value in points)
    return {f"{folder}/METADATA": metadata.encode(), f"{folder}/entry_points.txt": entry_points.encode()}


def _walk(source: Path, name: str) -> Iterator[tuple[str, Path]]:
    if source.is_file():
        yield name, source
        return
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if path.is_dir() or SKIPPED_NAMES & set(relative.parts) or path.name.endswith(SKIPPED_SUFFIXES):
            continue
        if any(part.endswith(".egg-info") for part in relative.parts):
            continue
        yield "/".join(filter(None, [name, *relative.parts])), path


def write_zip(files: dict[str, Path | bytes], destination: Path) -> None:
    """Sorted entries, fixed timestamps and modes: equal inputs give equal bytes."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.external_attr = ZIP_FILE_MODE
            info.create_system = 3  # unix, so the mode is honoured
            info.compress_type = zipfile.ZIP_DEFLATED
            content = files[name]
            archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())
    partial.replace(destination)


def with_bytecode(files: dict[str, Path | bytes], target: TargetPlatform) -> dict[str, Path | bytes]:
    """The files plus each module's .pyc, when the target's Python is the one compiling them
    (bytecode of another version would be ignored)."""
    if target.python_version != f"{sys.version_info.major}.{sys.version_info.minor}":
        return files
    compiled = dict(files)
    for name, content in files.items():
        if not name.endswith(".py"):
            continue
        source = content if isinstance(content, bytes) else content.read_bytes()
        pyc = bytecode(source, name)
        if pyc is not None:
            compiled[importlib.util.cache_from_source(name)] = pyc
    return compiled


def bytecode(source: bytes, name: str) -> bytes | None:
    """An unchecked hash-based .pyc: imported without looking at the source's timestamp (the
    zip's are fixed), or None for a file this Python cannot compile (the interpreter compiles
    nothing of it at import either, or never imports it)."""
    try:
        code = compile(source, f"{LAMBDA_TASK_ROOT}/{name}", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    unchecked_hash = (0b01).to_bytes(4, "little")  # PEP 552 flags: hash-based, not checked
    header = importlib.util.MAGIC_NUMBER + unchecked_hash + importlib.util.source_hash(source)
    return header + marshal.dumps(code)


def build(package: LambdaPackage, target: TargetPlatform, out: Path) -> Path:
    dependencies = install_dependencies(requirements_for(package), target, out / ".dependencies")
    destination = out / f"{package.service}.zip"
    write_zip(with_bytecode(package_files(package, dependencies), target), destination)
    return destination


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("services", nargs="*", help="services to build (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--arch", choices=sorted(LAMBDA_ARCHITECTURES), default="x86_64")
    parser.add_argument("--python-version", default=LAMBDA_PYTHON, help="Python of the Lambda runtime")
    parser.add_argument("--host", action="store_true", help="build for this machine instead of Lambda")
    args = parser.parse_args(argv)

    by_name = {p.service: p for p in PACKAGES}
    unknown = sorted(set(args.services) - by_name.keys())
    if unknown:
        parser.error(f"unknown services: {', '.join(unknown)} (known: {', '.join(by_name)})")
    if args.host:
        target = TargetPlatform.host()
    else:
        target = TargetPlatform.lambda_runtime(args.arch, args.python_version)
    for service in args.services or list(by_name):
        path = build(by_name[service], target, args.out)
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        print(f"{shown}  {path.stat().st_size / 1_048_576:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
