"""The book's Sphinx extension (listed in ``_config.yml``): each part registers its own hooks."""

from __future__ import annotations

from scripts.sphinxext import bibstyle, cache, latex, vega


def setup(app):
    for part in (bibstyle, cache, latex, vega):
        part.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
