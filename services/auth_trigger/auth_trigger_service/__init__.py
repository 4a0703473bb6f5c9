"""The auth_trigger service: Cognito's Post Authentication trigger."""

PLUGINS: tuple[str, ...] = ()
"""The plugins this service calls: entry points of the `manga_platform` group, named after their
module. Its Lambda zip carries these and no others (tools/package_lambdas.py reads this tuple)."""
