"""The image service: a script in, drawn panels and a lettered PDF and CBZ out."""

PLUGINS: tuple[str, ...] = (
    "manga_offline.image",
    "manga_plugins.bedrock_image",
    "manga_plugins.openai_image",
    "manga_plugins.styles",
    "manga_plugins.templates",
)
"""The plugins this service calls: entry points of the `manga_platform` group, named after their
module. Its Lambda zip carries these and no others (tools/package_lambdas.py reads this tuple)."""
