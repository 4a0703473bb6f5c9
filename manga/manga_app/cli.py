"""The `manga` command line: generate an episode locally, serve the platform, and operator tools.

Each subcommand is a module under manga_app.commands with `add_to(subparsers)` and `run(args)`;
COMMANDS lists them once, in the order `manga --help` shows them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from types import ModuleType

from manga_app.commands import dev, dlq, generate, styles, worker

COMMANDS: dict[str, ModuleType] = {
    "generate": generate,
    "dev": dev,
    "worker": worker,
    "styles": styles,
    "dlq": dlq,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="manga",
        description="Manga Platform: turn a reader's taste into a finished manga episode.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS.values():
        command.add_to(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(COMMANDS[args.command].run(args))


if __name__ == "__main__":
    raise SystemExit(main())
