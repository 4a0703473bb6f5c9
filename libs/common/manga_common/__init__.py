"""Shared building blocks of the Manga Platform services.

Services depend on this package; it never depends on a service.
"""
