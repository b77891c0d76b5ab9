"""The book's Sphinx extension (listed in ``_config.yml``): each part registers its own hooks."""

from __future__ import annotations

from scripts.sphinxext import bibstyle, cache, html, latex, numbering, vega


def setup(app):
    for part in (bibstyle, cache, latex, numbering, vega, html):
        part.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
