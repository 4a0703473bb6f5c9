"""`manga styles`: the installed art styles."""

from __future__ import annotations

import argparse

from manga_common.plugins.registry import get_registry


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commands.add_parser("styles", help="list the installed art styles")


def run(args: argparse.Namespace) -> int:
    for style in get_registry().art_styles.items.values():
        print(f"{style.name:<10} {style.description}")
    return 0
