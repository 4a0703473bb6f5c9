"""`manga generate`: one episode through the whole event chain, written to ./out/."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from manga_app.environment import aws_environment, endpoint_words, quiet_services
from manga_common.models.preferences import (
    CONTENT_RATINGS,
    GENRES,
    MAX_PAGES,
    TARGET_AUDIENCES,
    PreferencesRequest,
)

DEFAULT_USER = "local-reader"


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    generate = commands.add_parser(
        "generate",
        help="generate one episode through the whole event chain",
        description=(
            "Submit preferences to the preferences service and run the story, episode and image "
            "stages from their queues until the episode's PDF and CBZ are written. With no "
            "AWS_ENDPOINT_URL (and no --endpoint) an AWS emulator runs in a child process on a "
            "loopback port: no account and no network needed."
        ),
    )
    generate.add_argument(
        "--genre",
        dest="genres",
        action="append",
        choices=GENRES,
        metavar="GENRE",
        help=f"a genre; repeat for several (default: fantasy, adventure). One of: {', '.join(GENRES)}",
    )
    generate.add_argument(
        "--theme",
        dest="themes",
        action="append",
        metavar="THEME",
        help="a theme in a few words; repeat for several (default: friendship, a lost map)",
    )
    generate.add_argument(
        "--art-style",
        default="shonen",
        help="an installed art style (`manga styles` lists them; default shonen)",
    )
    generate.add_argument("--audience", default="teens", choices=TARGET_AUDIENCES, help="target audience")
    generate.add_argument("--rating", default="teen", choices=CONTENT_RATINGS, help="content rating")
    generate.add_argument("--seed", type=int, default=7, help="seed for the offline backends (default 7)")
    generate.add_argument(
        "--pages", type=int, default=None, help=f"pages in the episode, 2 to {MAX_PAGES} (default: 6-10)"
    )
    generate.add_argument("--left-to-right", action="store_true", help="western reading order")
    generate.add_argument("--out", type=Path, default=Path("out"), help="output folder (default ./out)")
    generate.add_argument("--endpoint", default=None, help="AWS endpoint (LocalStack...); default: embedded")
    generate.add_argument(
        "--no-provision",
        action="store_true",
        help="use existing resources (deployed with Terraform) instead of creating them",
    )
    generate.add_argument("--user", default=DEFAULT_USER, help="user id the request is made as")
    generate.add_argument("--timeout", type=float, default=600, help="seconds to wait for the episode")
    generate.add_argument("--verbose", action="store_true", help="show the services' JSON logs")


# The flag that sets each PreferencesRequest field, so a refusal names what the reader typed.
FLAGS = {
    "genres": "--genre",
    "themes": "--theme",
    "art_style": "--art-style",
    "target_audience": "--audience",
    "content_rating": "--rating",
    "seed": "--seed",
    "pages": "--pages",
    "reading_direction": "--left-to-right",
}


def checked_preferences(args: argparse.Namespace) -> PreferencesRequest | list[str]:
    """The preferences the flags ask for, or one line per bad flag naming it and what it allows.

    Checked here, before any emulator starts, against the same model and the installed art
    styles the preferences service checks against.
    """
    from manga_common.plugins.registry import get_registry

    problems: list[str] = []
    styles = get_registry().art_styles.names()
    if args.art_style not in styles:
        problems.append(
            f"--art-style {args.art_style!r} is not an installed art style; one of: {', '.join(styles)}"
        )
    try:
        preferences = PreferencesRequest(
            genres=args.genres or ["fantasy", "adventure"],
            themes=args.themes or ["friendship", "a lost map"],
            art_style=args.art_style,
            target_audience=args.audience,
            content_rating=args.rating,
            seed=args.seed,
            pages=args.pages,
            reading_direction="ltr" if args.left_to_right else "rtl",
        )
    except ValidationError as error:
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else ""
            if field == "art_style" and problems:
                continue  # already said, with the list of styles
            flag = FLAGS.get(field, field)
            item = f" #{int(problem['loc'][1]) + 1}" if len(problem["loc"]) > 1 else ""
            problems.append(f"{flag}{item}: {allowed_words(field, problem)}")
    return problems or preferences


def allowed_words(field: str, problem: Any) -> str:
    """What a bad value of `field` should have been, in the model's own limits."""
    if field == "pages":
        bounds = PreferencesRequest.model_fields["pages"].metadata
        low = next(m.ge for m in bounds if hasattr(m, "ge"))
        high = next(m.le for m in bounds if hasattr(m, "le"))
        return f"{problem['msg'].lower()}; pages run from {low} to {high}"
    if field == "themes":
        return f"{problem['msg'].lower()}; a theme is 2 to 40 letters, digits, spaces or ' - , . &"
    return str(problem["msg"])


def run(args: argparse.Namespace) -> int:
    checked = checked_preferences(args)
    if isinstance(checked, list):
        for line in checked:
            print(f"manga: {line}", file=sys.stderr)
        return 2
    preferences = checked
    if not args.verbose:
        quiet_services()
    started = time.monotonic()
    with aws_environment(args.endpoint) as settings:
        # Imported here: the services read their settings at import, once the environment is set.
        from manga_app.event_source_mapping import EventSourceMappings
        from manga_app.generation import GenerationFailed, fetch_episode, submit, wait_for
        from manga_app.provision import provision

        if not args.no_provision:
            provision(settings)
        print(f"Manga Platform · {endpoint_words(settings)}")
        with EventSourceMappings(settings):
            submitted = time.monotonic()
            try:
                request_id = submit(preferences, args.user)
            except ValueError as error:
                print(f"manga: {error}", file=sys.stderr)
                return 2
            print(f"  {'preferences':<12} {request_id}  {time.monotonic() - submitted:6.2f} s")
            request, _ = wait_for(
                settings,
                args.user,
                request_id,
                args.timeout,
                on_stage=lambda t: print(f"  {t.stage:<12} {t.item_id}  {t.seconds:6.2f} s", flush=True),
            )
        if request.status == "FAILED":
            print(f"manga: generation failed: {GenerationFailed(request)}", file=sys.stderr)
            return 1
        result = fetch_episode(settings, request, args.out)
    print(f"\n  {result.title}: episode 1, {result.pages} pages, {time.monotonic() - started:.1f} s")
    print(f"  PDF  {result.pdf_path}")
    print(f"  CBZ  {result.cbz_path}")
    return 0
