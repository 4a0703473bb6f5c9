"""The plugin system: hook specifications, backend interfaces and the registry.

Third-party packages extend the platform without core edits by declaring an entry point
in the `manga_platform` group whose module implements any of the hooks in `hookspecs`.
"""

from manga_common.plugins.hookspecs import hookimpl

__all__ = ["hookimpl"]
