"""The preferences service: the REST API."""

PLUGINS: tuple[str, ...] = (
    "manga_plugins.offline_insights",
    "manga_plugins.qloo",
    "manga_plugins.styles",
)
"""The plugins this service calls: entry points of the `manga_platform` group, named after their
module. Its Lambda zip carries these and no others (tools/package_lambdas.py reads this tuple)."""
