"""Applies terraform/platform to a moto server on loopback, then runs the chain on what it made.

    python tools/terraform_emulator.py            # what `make deploy-emulator` runs
    python tools/terraform_emulator.py --pages 4 --out out/emulator

Steps: start a moto server on a free loopback port; copy terraform/ to a scratch folder with
the emulator environment's provider override next to platform/ (so no other environment can
ever pick it up); write a Terraform CLI config that installs providers only from the local
filesystem mirror (no network); `terraform init` and `apply` for the `emulator` environment;
run `manga generate --no-provision` against the resources Terraform created, with the
environment variables named after the emulator environment; check the PDF; stop the server.

The emulator stores Lambda functions but cannot run them (that needs Docker), so the zips it
gets hold each service's own code without third-party dependencies, and the chain runs the
same handlers through the local event source mappings against Terraform's queues.

The test suite (tests/infrastructure) imports this module to apply once per session.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manga_app.emulator import EMULATOR_CREDENTIALS, embedded_emulator

REPO = Path(__file__).resolve().parents[1]
TERRAFORM_SOURCE = REPO / "terraform"
ENVIRONMENT = "emulator"
ENVIRONMENT_DIR = TERRAFORM_SOURCE / "environments" / ENVIRONMENT
REGION = "us-east-1"
# Where Terraform's own documentation puts implied local mirrors, plus where machine images
# commonly unpack one; TF_PROVIDER_MIRROR names another.
MIRROR_ROOTS = (
    Path.home() / ".terraform.d" / "plugins",
    Path.home() / ".local" / "share" / "terraform" / "plugins",
    Path("/usr/local/share/terraform/plugins"),
    Path("/usr/share/terraform/plugins"),
    Path("/opt"),
)
AWS_PROVIDER = Path("registry.terraform.io") / "hashicorp" / "aws"
# The services Terraform deploys: terraform/modules/api (local.services) and services/.
SERVICES_DIR = REPO / "services"


class Unavailable(RuntimeError):
    """Terraform or the provider mirror is missing: nothing can be applied on this machine."""


@dataclass(frozen=True)
class Toolchain:
    terraform: Path
    mirror: Path


def find_mirror(environ: Mapping[str, str] = os.environ) -> Path:
    """The filesystem mirror holding hashicorp/aws (the folder that contains registry.terraform.io)."""
    configured = environ.get("TF_PROVIDER_MIRROR")
    candidates = [Path(configured)] if configured else []
    for root in MIRROR_ROOTS:
        candidates.append(root)
        if root.is_dir():
            # One or two levels down: /opt/<mirror>/registry.terraform.io/...
            candidates += sorted(p.parent for p in root.glob(f"*/{AWS_PROVIDER.parts[0]}"))
            candidates += sorted(p.parent for p in root.glob(f"*/*/{AWS_PROVIDER.parts[0]}"))
    for candidate in candidates:
        if any((candidate / AWS_PROVIDER).glob("*/*/terraform-provider-aws*")):
            return candidate
    raise Unavailable("no filesystem mirror with hashicorp/aws (set TF_PROVIDER_MIRROR to its folder)")


def find_toolchain(environ: Mapping[str, str] = os.environ) -> Toolchain:
    binary = environ.get("TERRAFORM") or shutil.which("terraform")
    if not binary:
        raise Unavailable("no terraform binary on PATH (set TERRAFORM to one)")
    return Toolchain(Path(binary), find_mirror(environ))


def cli_config(mirror: Path) -> str:
    """A CLI config that installs every provider from the mirror and never from the network."""
    return (
        "provider_installation {\n"
        f"  filesystem_mirror {{\n    path    = {json.dumps(str(mirror))}\n"
        '    include = ["registry.terraform.io/*/*"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n'
        "}\n"
    )


def scratch_copy(workdir: Path) -> Path:
    """terraform/ copied to workdir with the emulator's provider override in platform/; the root."""
    target = workdir / "terraform"
    shutil.copytree(
        TERRAFORM_SOURCE,
        target,
        ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", ".terraform.lock.hcl", "*_override.tf"),
    )
    root = target / "platform"
    shutil.copy(ENVIRONMENT_DIR / "provider_override.tf.in", root / "emulator_override.tf")
    # Local state whatever backend the real environments use: remote state must never learn of,
    # or be written through, the emulator.
    (root / "backend.tf").write_text('terraform {\n  backend "local" {}\n}\n')
    return root


def service_zips(out: Path) -> Path:
    """One zip per service holding its package's sources: enough for the emulator to store."""
    out.mkdir(parents=True, exist_ok=True)
    for service_dir in sorted(p for p in SERVICES_DIR.iterdir() if p.is_dir()):
        package = service_dir / f"{service_dir.name}_service"
        if not package.is_dir():
            continue
        with zipfile.ZipFile(out / f"{service_dir.name}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for source in sorted(package.rglob("*.py")):
                archive.write(source, source.relative_to(service_dir).as_posix())
    return out


def emulator_environment(endpoint: str) -> dict[str, str]:
    """What Terraform and the `manga` command need to reach the emulator (and nothing real)."""
    return {
        **EMULATOR_CREDENTIALS,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        # Never fall back to a profile or instance credentials of the machine.
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


@dataclass
class Deployment:
    endpoint: str
    root: Path
    outputs: dict[str, Any]
    resources: list[str]
    apply_seconds: float

    def state(self, toolchain: Toolchain, env: Mapping[str, str]) -> dict[str, Any]:
        """`terraform show -json` of the applied state."""
        answer = run_terraform(toolchain, self.root, ["show", "-json"], env, capture=True)
        state: dict[str, Any] = json.loads(answer)
        return state

    def settings_environment(self) -> dict[str, str]:
        """The code's variables (Settings) naming what Terraform created."""
        return {
            "MANGA_ENVIRONMENT": ENVIRONMENT,
            "TABLE_NAME": str(self.outputs["table_name"]),
            "CONTENT_BUCKET": str(self.outputs["content_bucket_name"]),
            "EVENT_BUS_NAME": str(self.outputs["event_bus_name"]),
        }


def run_terraform(
    toolchain: Toolchain, root: Path, args: list[str], env: Mapping[str, str], capture: bool = False
) -> str:
    command = [str(toolchain.terraform), f"-chdir={root}", *args]
    # The command is this module's own: the terraform binary found above and fixed arguments.
    done = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = (done.stdout[-3000:] + "\n" + done.stderr[-3000:]).strip()
        raise RuntimeError(f"terraform {args[0]} failed ({done.returncode}):\n{tail}")
    return done.stdout if capture else ""


def terraform_env(workdir: Path, toolchain: Toolchain, endpoint: str) -> dict[str, str]:
    config = workdir / "terraformrc"
    config.write_text(cli_config(toolchain.mirror))
    return {
        **os.environ,
        **emulator_environment(endpoint),
        "TF_CLI_CONFIG_FILE": str(config),
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
        "CHECKPOINT_DISABLE": "1",
    }


def apply(toolchain: Toolchain, endpoint: str, workdir: Path) -> Deployment:
    """init + apply of the emulator environment in a scratch copy under workdir."""
    root = scratch_copy(workdir)
    zips = service_zips(workdir / "lambda")
    env = terraform_env(workdir, toolchain, endpoint)
    environment = root.parent / "environments" / ENVIRONMENT
    backend = f"-backend-config={environment / 'backend.hcl'}"
    run_terraform(toolchain, root, ["init", "-input=false", backend], env)
    started = time.monotonic()
    run_terraform(
        toolchain,
        root,
        [
            "apply",
            "-input=false",
            "-auto-approve",
            f"-var-file={environment / 'terraform.tfvars'}",
            f"-var=lambda_package_dir={zips}",
        ],
        env,
    )
    seconds = time.monotonic() - started
    answer = json.loads(run_terraform(toolchain, root, ["output", "-json"], env, capture=True))
    outputs = {name: value["value"] for name, value in answer.items()}
    resources = run_terraform(toolchain, root, ["state", "list"], env, capture=True).splitlines()
    return Deployment(endpoint, root, outputs, resources, seconds)


@contextmanager
def moto_server() -> Iterator[str]:
    """The embedded emulator (a moto server in a process of its own, with its own state apart from
    any moto in this process), with AWS managed IAM policies loaded: the platform attaches
    AmazonAPIGatewayPushToCloudWatchLogs, and moto knows managed policies only when asked."""
    with embedded_emulator(environment={"MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}) as url:
        yield url


def manga_command() -> list[str]:
    script = Path(sys.executable).parent / "manga"
    return [str(script)] if script.exists() else [sys.executable, "-m", "manga_app.cli"]


def run_chain(deployment: Deployment, out: Path, pages: int) -> float:
    """`manga generate --no-provision` on Terraform's resources; seconds it took."""
    env = {
        **os.environ,
        **emulator_environment(deployment.endpoint),
        **deployment.settings_environment(),
    }
    command = [*manga_command(), "generate", "--no-provision", "--pages", str(pages), "--out", str(out)]
    started = time.monotonic()
    subprocess.run(command, env=env, check=True)  # noqa: S603 (the project's own console script)
    return time.monotonic() - started


def check_pdf(out: Path) -> tuple[Path, int]:
    """The one PDF the chain wrote, and its page count; AssertionError when there is none."""
    from pypdf import PdfReader

    pdfs = sorted(out.rglob("*.pdf"))
    if len(pdfs) != 1:
        raise AssertionError(f"expected one PDF under {out}, found {len(pdfs)}")
    with pdfs[0].open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise AssertionError(f"{pdfs[0]} is not a PDF")
    pages = len(PdfReader(pdfs[0]).pages)
    if pages < 1:
        raise AssertionError(f"{pdfs[0]} has no pages")
    return pdfs[0], pages


def resource_type(address: str) -> str | None:
    """The type in a state address (module.core.aws_sqs_queue.dlq["story"] -> aws_sqs_queue);
    None for a data source."""
    parts = re.sub(r"\[[^\]]*\]", "", address).split(".")
    while parts[:1] == ["module"]:
        parts = parts[2:]
    if parts[:1] == ["data"] or len(parts) < 2:
        return None
    return parts[0]


def summary(resources: list[str]) -> list[str]:
    """Managed resource counts by type, e.g. '   6 aws_sqs_queue'."""
    types = Counter(kind for kind in map(resource_type, resources) if kind)
    return [f"{count:4d} {kind}" for kind, count in sorted(types.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=4, help="pages of the episode the chain makes")
    parser.add_argument("--out", type=Path, default=None, help="where the PDF goes (default: scratch)")
    args = parser.parse_args(argv)
    try:
        toolchain = find_toolchain()
    except Unavailable as error:
        print(f"deploy-emulator: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="manga-emulator-") as scratch, moto_server() as endpoint:
        workdir = Path(scratch)
        print(f"emulator at {endpoint}; provider mirror {toolchain.mirror}")
        deployment = apply(toolchain, endpoint, workdir)
        kinds = summary(deployment.resources)
        managed = sum(int(line.split()[0]) for line in kinds)
        print(f"terraform apply: {managed} resources in {deployment.apply_seconds:.1f} s")
        print("\n".join(kinds))
        out = args.out or workdir / "out"
        chain_seconds = run_chain(deployment, out, args.pages)
        pdf, pages = check_pdf(out)
        print(f"chain on Terraform's resources: {chain_seconds:.1f} s, {pdf.name} with {pages} pages")
        apply_seconds = deployment.apply_seconds
        print(f"summary: {managed} resources, apply {apply_seconds:.1f} s, chain {chain_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
