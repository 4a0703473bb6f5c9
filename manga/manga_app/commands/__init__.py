"""The `manga` command's subcommands: one module each, with `add_to(subparsers)` and `run(args)`."""
