"""One altair theme and one renderer for the whole book.

The renderer emits, for every chart:
- ``text/html``: a ``<div>`` (id derived from the spec, so outputs are identical on every
  run) holding the chart's text alternative, plus the spec as inline JSON. The book ships
  the vega JavaScript itself (``scripts.sphinx_ext``), so pages work offline.
- ``image/png``: a static rendering by vl-convert, used by the PDF.
- ``text/plain``: the text alternative.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

import altair as alt
import vl_convert as vlc

THEME = "colombia2026"
RENDERER = "book"
PNG_SCALE = 3  # 3x the CSS pixel size: about 300 dpi at the PDF's text width

# Same colour for the same theme or actor everywhere (ColorBrewer Dark2, colour-blind safe).
THEME_COLORS = {
    "constituent_assembly": "#1b9e77",
    "egc_talks": "#d95f02",
    "petro_trump": "#7570b3",
    "coca": "#e7298a",
}
THEME_LABELS = {
    "constituent_assembly": "Constituent assembly",
    "egc_talks": "EGC talks",
    "petro_trump": "Petro–Trump",
    "coca": "Coca and cocaine",
}


def theme_scale() -> alt.Scale:
    """Colour scale keyed by theme label, shared by every chapter."""
    return alt.Scale(domain=list(THEME_LABELS.values()), range=list(THEME_COLORS.values()))


def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "DejaVu Sans",
            "view": {"continuousWidth": 470, "continuousHeight": 300, "stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridColor": "#e5e5e5"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": list(THEME_COLORS.values())},
        }
    }


def spec_json(spec: dict) -> str:
    """Canonical JSON of a spec, safe inside a ``<script>`` element."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


def render(spec: dict, **_: object) -> dict:
    """Altair renderer: deterministic HTML for the web, PNG for the PDF."""
    description = spec.get("description")
    if not description:
        raise ValueError("every chart needs a text alternative: chart.properties(description=...)")
    payload = spec_json(spec)
    chart_id = "vega-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    alt_text = html.escape(description)
    markup = (
        f'<div class="vega-chart" id="{chart_id}" role="figure" aria-label="{alt_text}">'
        f"<p>{alt_text}</p></div>\n"
        f'<script type="application/json" class="vega-spec" data-target="{chart_id}">{payload}</script>'
    )
    png = vlc.vegalite_to_png(spec, scale=PNG_SCALE)
    return {
        "text/html": markup,
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": description,
    }


def setup_charts() -> None:
    """Register and enable the book's theme and renderer (idempotent)."""
    if THEME not in alt.theme.names():
        alt.theme.register(THEME, enable=False)(_theme)
    alt.theme.enable(THEME)
    alt.renderers.register(RENDERER, render)
    alt.renderers.enable(RENDERER)
