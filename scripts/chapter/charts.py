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
import textwrap

import altair as alt
import pandas as pd
import vl_convert as vlc

from scripts.chapter.facts import PROVENANCE

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


# Colours by role, for everything that is not a theme (ColorBrewer Dark2 and greys): chapters
# take colours only from here and THEME_COLORS, never as hex codes of their own.
PALETTE = {
    "ink": "#333333",  # text, the cut-off rule, reference lines
    "neutral": "#7f7f7f",  # context: bars and points that are not the subject
    "light": "#c7c7c7",  # background bands, missing or provisional values
    "accent": "#1b9e77",  # the series a chart is about
    "contrast": "#d95f02",  # what it is compared with
    "third": "#7570b3",
    "fourth": "#e7298a",
    "fifth": "#66a61e",
    "sixth": "#e6ab02",
    "seventh": "#a6761d",
}
# Two sides, wherever a chart sets them against each other.
SIDE_COLORS = {"Colombia": PALETTE["accent"], "United States": PALETTE["third"]}


TITLE_CHARS, SUBTITLE_CHARS = 60, 80  # line lengths that fit the text column at the theme's font sizes


def titled(chart, title: str, subtitle: str, source: str):
    """A chart in the house manner: a title that states the takeaway, then unit and period, then the source.

    ``source`` names the publishers (e.g. "UNODC/SIMCI surveys; Al Jazeera"); "Source: " is added.
    Vega does not wrap titles: they are broken into lines here, so a long one never widens the chart.
    """
    heading = textwrap.wrap(title, TITLE_CHARS)
    lines = textwrap.wrap(subtitle, SUBTITLE_CHARS) + textwrap.wrap(f"Source: {source}", SUBTITLE_CHARS)
    return chart.properties(title=alt.TitleParams(text=heading, subtitle=lines, anchor="start", frame="group"))


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
            "title": {"fontSize": 15, "subtitleFontSize": 12, "subtitleColor": PALETTE["ink"], "anchor": "start"},
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


def _to_values(data):
    """Altair's inline data, without the provenance column (a Python object, not chart data)."""
    if isinstance(data, pd.DataFrame):
        data = data.drop(columns=[c for c in data.columns if str(c).endswith(PROVENANCE)])
    return alt.to_values(data)


def setup_charts() -> None:
    """Register and enable the book's theme, renderer and data transformer (idempotent)."""
    if THEME not in alt.theme.names():
        alt.theme.register(THEME, enable=False)(_theme)
    alt.theme.enable(THEME)
    alt.renderers.register(RENDERER, render)
    alt.renderers.enable(RENDERER)
    alt.data_transformers.register(RENDERER, _to_values)
    alt.data_transformers.enable(RENDERER)
