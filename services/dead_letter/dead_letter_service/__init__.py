"""The dead_letter service: whatever reaches a stage's DLQ leaves its request FAILED with a reason."""

PLUGINS: tuple[str, ...] = ()
"""The plugins this service calls: entry points of the `manga_platform` group, named after their
module. Its Lambda zip carries these and no others (tools/package_lambdas.py reads this tuple)."""
