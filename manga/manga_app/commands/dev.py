"""`manga dev`: the REST API, Cognito and the reader's page on loopback, with the stage workers."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from manga_app.cognito import LocalUserPool
from manga_app.environment import aws_environment, endpoint_words, quiet_services
from manga_app.gateway import INSECURE_BIND_FLAG, LocalGateway, check_bind_address
from manga_app.provision import provision
from manga_common.errors import ConfigurationError

IN_MEMORY_NOTICE = (
    "  note     the embedded emulator keeps accounts, stories and pages in memory: they are lost\n"
    "           when this stops (--endpoint keeps them in LocalStack or AWS)"
)


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dev = commands.add_parser(
        "dev",
        help="serve the REST API and the reader's page on loopback",
        description=(
            "A local API gateway: sign-up and sign-in through the emulator's Cognito user pool, "
            "JWTs verified against its JWKS, the REST API and the web page, and the stage workers."
        ),
    )
    dev.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    dev.add_argument(
        INSECURE_BIND_FLAG,
        action="store_true",
        help=(
            "allow a --host beyond loopback; the emulator's token signing key is public, so anyone "
            "who can reach the gateway can sign in as any reader"
        ),
    )
    dev.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    dev.add_argument("--endpoint", default=None, help="AWS endpoint (LocalStack...); default: embedded")


def run(args: argparse.Namespace) -> int:
    """The platform on one machine; an embedded emulator when no endpoint is given."""
    try:
        check_bind_address(args.host, args.insecure_bind_any)  # before anything starts
    except ConfigurationError as error:
        print(f"manga dev: {error}", file=sys.stderr)
        return 2
    quiet_services()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the embedded emulator's access log
    embedded = not (args.endpoint or os.environ.get("AWS_ENDPOINT_URL"))
    with aws_environment(args.endpoint) as settings:
        provision(settings)
        pool = LocalUserPool.ensure(settings)
        with LocalGateway(
            settings, pool, host=args.host, port=args.port, insecure_bind_any=args.insecure_bind_any
        ) as gateway:
            print(f"Manga Platform · {endpoint_words(settings)}")
            print(f"  reader   {gateway.url}/")
            print(f"  API      {gateway.url}  (Cognito ID token in Authorization)")
            if embedded:
                print(IN_MEMORY_NOTICE)
            print("  Ctrl+C to stop", flush=True)
            try:
                gateway.wait()
            except KeyboardInterrupt:
                print("\nstopping")
    return 0
