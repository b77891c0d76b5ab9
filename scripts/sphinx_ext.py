"""Sphinx extension: ship the vega JavaScript with the book, only on pages with charts."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import nbformat
from jupyter_cache import get_cache

from scripts.bibstyle import disambiguate_cited
from scripts.bibstyle import register as register_bibliography_style
from scripts.cite import book, reference
from scripts.datadeps import data_hash

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


def _data_dependencies(app, env, docnames) -> None:
    """Re-read notebooks whose data changed, and drop their stale execution-cache entries."""
    # myst-nb's rule: the configured path, else .jupyter_cache beside the builder's output.
    configured = app.config.nb_execution_cache_path
    cache_dir = Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"
    state_file = cache_dir / "data-hashes.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    for docname in sorted(env.found_docs):
        source = Path(env.doc2path(docname))
        digest = data_hash(source) if source.suffix == ".ipynb" else None
        if digest is None or state.get(docname) == digest:
            continue
        if docname not in docnames:
            docnames.append(docname)
        if cache_dir.exists():
            try:
                record = get_cache(cache_dir).match_cache_notebook(nbformat.read(source, as_version=4))
            except KeyError:
                record = None
            if record is not None:
                get_cache(cache_dir).remove_cache(record.pk)
        state[docname] = digest
    cache_dir.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state, indent=1, sort_keys=True))


LATEX_SPECIAL = str.maketrans({c: "\\" + c for c in "&%$#_{}"} | {"~": r"\\textasciitilde{}", "^": r"\\^{}"})


TABLE_PREAMBLE = r"""
\usepackage{etoolbox}
\usepackage{xurl}
\AtBeginEnvironment{tabulary}{\footnotesize\sloppy}
\AtBeginEnvironment{longtable}{\footnotesize\sloppy}
\AtBeginEnvironment{tabular}{\footnotesize\sloppy}
\setlength{\emergencystretch}{3em}
% Identifiers such as table names break after their underscores.
\AtBeginDocument{\let\bookunderscore\_\renewcommand{\_}{\bookunderscore\allowbreak}}
"""


def _latex_text(markdown: str) -> str:
    """A one-line Markdown reference (``*title*`` and `` `code` ``) as LaTeX."""
    parts = markdown.translate(LATEX_SPECIAL).split("*")
    text = "".join(p if i % 2 == 0 else r"\emph{" + p + "}" for i, p in enumerate(parts))
    parts = text.split("`")
    return "".join(p if i % 2 == 0 else r"\texttt{" + p + "}" for i, p in enumerate(parts))


def _edition(app, config) -> None:
    """Version and release date from CITATION.cff; a PDF title page that carries them and how to cite."""
    edition = book()
    config.version = config.release = edition["version"]
    released = edition["released"].strftime("%-d %B %Y")
    # Tables in a smaller type, and more stretch before a line overflows: long identifiers
    # in narrow columns otherwise run into the margin.
    config.latex_elements["preamble"] = config.latex_elements.get("preamble", "") + TABLE_PREAMBLE
    # One-sided, chapters open on any page: no blank pages between chapters.
    config.latex_elements["extraclassoptions"] = "openany,oneside"
    config.latex_elements["maketitle"] = rf"""
\begin{{titlepage}}
\centering
\vspace*{{3cm}}
{{\Huge\bfseries {_latex_text(edition["title"])}\par}}
\vspace{{1.5cm}}
{{\Large {_latex_text(edition["authors"])}\par}}
\vspace{{1cm}}
{{\large Version {edition["version"]} \textperiodcentered{{}} released {released}\par}}
\vspace{{0.5cm}}
{{\large Evidence cut-off: 28 February 2026\par}}
\vfill
\begin{{minipage}}{{0.85\textwidth}}
\small\textbf{{How to cite.}} {_latex_text(reference())}
\end{{minipage}}
\end{{titlepage}}
"""


def setup(app):
    register_bibliography_style()
    app.connect("config-inited", _edition)
    app.connect("builder-inited", disambiguate_cited, priority=600)
    app.connect("env-before-read-docs", _data_dependencies)
    app.connect("html-page-context", _page_scripts)
    app.connect("build-finished", _write_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
