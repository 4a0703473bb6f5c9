"""The offline backends: the text backend "offline" (manga_offline.text) and the image
backend "offline" (manga_offline.image).

Each module registers its hook through the `manga_platform` entry-point group, so the
platform loads them the way it loads any third-party plugin and runs without them when
this distribution is not installed.
"""
