"""The episode service: a story bible in, a paneled episode script out."""

PLUGINS: tuple[str, ...] = (
    "manga_offline.text",
    "manga_plugins.bedrock_text",
    "manga_plugins.openai_text",
    "manga_plugins.styles",
    "manga_plugins.templates",
)
"""The plugins this service calls: entry points of the `manga_platform` group, named after their
module. Its Lambda zip carries these and no others (tools/package_lambdas.py reads this tuple)."""
