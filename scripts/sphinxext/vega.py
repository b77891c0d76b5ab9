"""Ship the vega JavaScript with the book, only on pages with charts (no request leaves the machine)."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

BUNDLE = "vega-charts.js"
# Runs inside the bundle, where vegaEmbed is in scope: draw every chart on the page.
EMBED = """
function renderCharts() {
  document.querySelectorAll("script.vega-spec").forEach(function (el) {
    var target = document.getElementById(el.dataset.target);
    if (!target || target.dataset.rendered) return;
    target.dataset.rendered = "true";
    vegaEmbed(target, JSON.parse(el.textContent), {actions: false, renderer: "svg"})
      .then(function (result) {
        // Scale a chart wider than the text column down to fit it, rather than scroll.
        var svg = result.view.container().querySelector("svg");
        if (svg) { svg.style.maxWidth = "100%"; svg.style.height = "auto"; }
      })
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
    # Bundling takes seconds: redo it only when vl-convert or the embed snippet changed.
    key = hashlib.sha256(f"{version('vl-convert-python')}\n{EMBED}".encode()).hexdigest()
    stamp = Path(app.outdir).parent / f".{BUNDLE}.key"  # beside the site, not published in it
    if target.exists() and stamp.exists() and stamp.read_text() == key:
        return
    import vl_convert as vlc  # here, not at start-up: most builds reuse the bundle

    # An IIFE keeps the bundle's top-level names out of the page's global scope.
    code = "(function () {\n" + vlc.javascript_bundle(snippet=EMBED) + "\n})();\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(code, encoding="utf-8")
    stamp.write_text(key)


def setup(app) -> None:
    app.connect("html-page-context", _page_scripts)
    app.connect("build-finished", _write_bundle)
