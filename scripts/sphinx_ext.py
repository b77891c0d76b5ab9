"""Sphinx extension: ship the vega JavaScript with the book, only on pages with charts."""

from __future__ import annotations

from pathlib import Path

import vl_convert as vlc

BUNDLE = "vega-charts.js"
# Runs inside the bundle, where vegaEmbed is in scope: draw every chart on the page.
EMBED = """
function renderCharts() {
  document.querySelectorAll("script.vega-spec").forEach(function (el) {
    var target = document.getElementById(el.dataset.target);
    if (!target || target.dataset.rendered) return;
    target.dataset.rendered = "true";
    vegaEmbed(target, JSON.parse(el.textContent), {actions: false, renderer: "svg"})
      .catch(function (err) { console.error("chart " + target.id + ": " + err); });
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", renderCharts);
} else {
  renderCharts();
}
"""


def _is_thebe(script) -> bool:
    name = getattr(script, "filename", None) or str(script)
    body = getattr(script, "attributes", {}).get("body", "")
    return "thebe" in name or "THEBE_JS_URL" in body


def _page_scripts(app, pagename, templatename, context, doctree) -> None:
    # The book has no live-code buttons; sphinx-thebe's config is declared twice per page
    # (a console error) and points at a CDN, so its scripts are dropped.
    context["script_files"][:] = [s for s in context["script_files"] if not _is_thebe(s)]
    if 'class="vega-chart"' in context.get("body", ""):
        app.add_js_file(BUNDLE, loading_method="defer")


def _write_bundle(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / BUNDLE
    # An IIFE keeps the bundle's top-level names out of the page's global scope.
    code = "(function () {\n" + vlc.javascript_bundle(snippet=EMBED) + "\n})();\n"
    if not target.exists() or target.read_text(encoding="utf-8") != code:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _page_scripts)
    app.connect("build-finished", _write_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
