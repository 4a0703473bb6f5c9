"""`manga dlq list|redrive STAGE`: what sits in a stage's DLQ, and moving it back."""

from __future__ import annotations

import argparse

from manga_app import dlq
from manga_common.settings import get_settings
from manga_common.stages import STAGE_NAMES


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("dlq", help="inspect and replay failed work")
    dlq_commands = parser.add_subparsers(dest="dlq_command", required=True)
    for name, text in (
        ("list", "show what sits in a stage's DLQ"),
        ("redrive", "move it back for another try"),
    ):
        sub = dlq_commands.add_parser(name, help=text)
        sub.add_argument("stage", choices=STAGE_NAMES)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.dlq_command == "list":
        letters = dlq.list_dead_letters(settings, args.stage)
        for letter in letters:
            error = f"{letter.error.code}: {letter.error.message}" if letter.error else "no error recorded"
            print(f"{letter.request_id or '?'}  receives={letter.receive_count}  {error}")
        print(f"{len(letters)} message(s) in the {args.stage} DLQ")
        return 0
    moved = dlq.redrive(settings, args.stage)
    print(f"moved {moved} message(s) back to the {args.stage} queue")
    return 0
