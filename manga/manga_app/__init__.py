"""Local runtime and operator command line."""
