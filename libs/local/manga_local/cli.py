"""The `manga` command line: generate an episode locally, and operator tools."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from manga_common.models.preferences import CONTENT_RATINGS, GENRES, TARGET_AUDIENCES, PreferencesRequest
from manga_common.settings import Settings, get_settings

DEFAULT_USER = "local-reader"
QUIET_ENVIRONMENT = {
    # The local chain prints one line per stage; structured logs and metrics stay quiet unless asked for.
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_TRACE_DISABLED": "true",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="manga",
        description="Manga Platform: turn a reader's taste into a finished manga episode.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser(
        "generate",
        help="generate one episode through the whole event chain",
        description=(
            "Submit preferences to the preferences service and run the story, episode and image "
            "stages from their queues until the episode's PDF and CBZ are written. With no "
            "AWS_ENDPOINT_URL (and no --endpoint) an AWS emulator runs inside this process on a "
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
    generate.add_argument("--art-style", default="shonen", help="art style plugin (see `manga styles`)")
    generate.add_argument("--audience", default="teens", choices=TARGET_AUDIENCES, help="target audience")
    generate.add_argument("--rating", default="teen", choices=CONTENT_RATINGS, help="content rating")
    generate.add_argument("--seed", type=int, default=7, help="seed for the offline backends (default 7)")
    generate.add_argument("--pages", type=int, default=None, help="pages in the episode (default: 8-12)")
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

    dev = commands.add_parser(
        "dev",
        help="serve the REST API and the reader's page on loopback",
        description=(
            "A local API gateway: sign-up and sign-in through the emulator's Cognito user pool, "
            "JWTs verified against its JWKS, the REST API and the web page, and the stage workers."
        ),
    )
    dev.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    dev.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    dev.add_argument("--endpoint", default=None, help="AWS endpoint (LocalStack...); default: embedded")

    commands.add_parser("styles", help="list the installed art styles")

    dlq = commands.add_parser("dlq", help="inspect and replay failed work")
    dlq_commands = dlq.add_subparsers(dest="dlq_command", required=True)
    for name, text in (
        ("list", "show what sits in a stage's DLQ"),
        ("redrive", "move it back for another try"),
    ):
        sub = dlq_commands.add_parser(name, help=text)
        sub.add_argument("stage", choices=("story", "episode", "image"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "generate":
        return generate(args)
    if args.command == "dev":
        from manga_local.gateway import run_dev_server

        run_dev_server(args.host, args.port, args.endpoint)
        return 0
    if args.command == "styles":
        return list_styles()
    if args.command == "dlq":
        return dead_letters(args)
    return 2


def generate(args: argparse.Namespace) -> int:
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
            print(f"manga: {'.'.join(map(str, problem['loc']))}: {problem['msg']}", file=sys.stderr)
        return 2
    if not args.verbose:
        for name, value in QUIET_ENVIRONMENT.items():
            os.environ.setdefault(name, value)
    started = time.monotonic()
    with aws_environment(args.endpoint) as settings:
        from manga_local.event_source_mapping import EventSourceMappings
        from manga_local.generation import GenerationFailed, fetch_episode, submit, wait_for
        from manga_local.provision import provision

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


@contextmanager
def aws_environment(endpoint: str | None) -> Iterator[Settings]:
    """Settings for the services in this process: an explicit or configured endpoint, or an
    embedded emulator when there is neither."""
    from manga_local.emulator import embedded_emulator

    endpoint = endpoint or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        yield configured_settings()
        return
    with embedded_emulator() as url:
        os.environ["AWS_ENDPOINT_URL"] = url
        os.environ.setdefault("AWS_REGION", "us-east-1")
        yield configured_settings()


def configured_settings() -> Settings:
    get_settings.cache_clear()
    return get_settings()


def endpoint_words(settings: Settings) -> str:
    if settings.endpoint_url and settings.endpoint_url.startswith("http://127.0.0.1"):
        return f"embedded AWS emulator at {settings.endpoint_url}"
    return f"AWS endpoint {settings.endpoint_url or 'default'}"


def list_styles() -> int:
    from manga_common.plugins.registry import get_registry

    for style in get_registry().art_styles.items.values():
        print(f"{style.name:<10} {style.description}")
    return 0


def dead_letters(args: argparse.Namespace) -> int:
    from manga_local import dlq

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


if __name__ == "__main__":
    raise SystemExit(main())
