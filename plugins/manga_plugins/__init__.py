"""Built-in plugins. Each module implements some hooks of `manga_common.plugins.hookspecs`."""
