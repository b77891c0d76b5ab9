"""Ship the vega JavaScript with the book, only on pages with charts (no request leaves the machine).

The embed snippet draws each chart no smaller than its smallest text allows (9 px), lets a chart
too wide for the column scroll in its own box or reach into the margin, and adds a link to the
chart's data as CSV. The bundle is shipped compressed and unpacked by the browser.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from importlib.metadata import version
from pathlib import Path

BUNDLE = "vega-charts.js"
# Runs inside the bundle, where vegaEmbed is in scope: draw every chart on the page, size it so
# that no text is drawn smaller than MIN_TEXT_PX, and offer its data as a CSV file.
EMBED = r"""
var MIN_TEXT_PX = 9;

// A chart is drawn at the column's width, but never so small that its smallest text falls under
// MIN_TEXT_PX. On a wide screen (the theme's layout with a right margin) such a chart reaches into
// the margin, as the theme's full-width cells do; what still does not fit, and on a phone all of
// it, scrolls sideways in the chart's own box (book.js marks it and says so).
function fitChart(target) {
  var svg = target.querySelector("svg.marks");
  if (!svg) return;
  var natural = parseFloat(svg.getAttribute("width"));
  if (!target.dataset.smallestFont) {
    var smallest = Infinity;
    svg.querySelectorAll("text").forEach(function (text) {
      var size = parseFloat(getComputedStyle(text).fontSize);
      if (text.textContent.trim() && size > 0 && size < smallest) smallest = size;
    });
    target.dataset.smallestFont = isFinite(smallest) ? smallest : MIN_TEXT_PX;
  }
  var legible = Math.ceil(natural * MIN_TEXT_PX / parseFloat(target.dataset.smallestFont));
  var box = target.parentElement, style = getComputedStyle(box);
  var padLeft = parseFloat(style.paddingLeft) || 0;
  var column = box.clientWidth - padLeft - (parseFloat(style.paddingRight) || 0);
  var width = Math.max(legible, Math.min(natural, column));
  var room = column;
  if (width > column && window.matchMedia("(min-width: 992px)").matches) {
    var left = box.getBoundingClientRect().left + padLeft;
    room = Math.max(column, Math.floor(document.documentElement.clientWidth - left - 16));
  }
  var breakout = width > column && room > column;
  target.classList.toggle("book-breakout", breakout);
  target.style.width = breakout ? Math.min(width, room) + "px" : "";
  svg.style.width = width + "px";
  svg.style.maxWidth = "none";
  svg.style.height = "auto";
  if (window.bookScrollBoxes) window.bookScrollBoxes.update(target);
}

// Every dataset of the spec, in the order the views first use it; then any no view names.
function chartData(spec) {
  var seen = [], out = [];
  function add(rows) {
    if (Array.isArray(rows) && seen.indexOf(rows) < 0) { seen.push(rows); out.push(rows); }
  }
  (function walk(node) {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== "object") return;
    var data = node.data;
    if (data && typeof data === "object") {
      if (typeof data.name === "string" && spec.datasets) add(spec.datasets[data.name]);
      add(data.values);
    }
    Object.keys(node).forEach(function (key) { if (key !== "data" && key !== "datasets") walk(node[key]); });
  })(spec);
  Object.keys(spec.datasets || {}).forEach(function (name) { add(spec.datasets[name]); });
  return out.filter(function (rows) { return rows.length > 0; });
}

function csvCell(value) {
  if (value === null || value === undefined) return "";
  var text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

// One CSV for the chart: every row of every dataset; with several, a first column says which.
function chartCsv(spec) {
  var parts = chartData(spec), columns = [];
  parts.forEach(function (rows) {
    rows.forEach(function (row) {
      Object.keys(row || {}).forEach(function (key) { if (columns.indexOf(key) < 0) columns.push(key); });
    });
  });
  var partColumn = parts.length > 1 ? (columns.indexOf("part") < 0 ? "part" : "chart_part") : null;
  var lines = [(partColumn ? [partColumn] : []).concat(columns).map(csvCell).join(",")];
  parts.forEach(function (rows, i) {
    rows.forEach(function (row) {
      var cells = columns.map(function (key) { return csvCell(row == null ? null : row[key]); });
      lines.push((partColumn ? [String(i + 1)] : []).concat(cells).join(","));
    });
  });
  return lines.join("\r\n") + "\r\n";
}

function chartTitle(spec) {
  var title = spec.title;
  if (title && typeof title === "object" && !Array.isArray(title)) title = title.text;
  return Array.isArray(title) ? title.join(" ") : (title || "");
}

function addDataLink(target, spec) {
  var figure = target.closest("figure");
  var title = chartTitle(spec);
  var slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  var stem = (figure && figure.id) || slug || target.id;
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob(["\ufeff" + chartCsv(spec)], {type: "text/csv;charset=utf-8"}));
  link.download = stem + ".csv";
  link.textContent = "Download the data (CSV)";
  if (title) link.setAttribute("aria-label", "Download the data (CSV) of the chart: " + title);
  var line = document.createElement("p");
  line.className = "vega-data";
  line.appendChild(link);
  target.insertAdjacentElement("afterend", line);
}

function renderCharts() {
  document.querySelectorAll("script.vega-spec").forEach(function (el) {
    var target = document.getElementById(el.dataset.target);
    if (!target || target.dataset.rendered) return;
    target.dataset.rendered = "true";
    var spec = JSON.parse(el.textContent);
    vegaEmbed(target, spec, {actions: false, renderer: "svg"})
      .then(function () {
        fitChart(target);
        addDataLink(target, spec);
      })
      .catch(function (err) { console.error("chart " + target.id + ": " + err); });
  });
}

var refit = null;
window.addEventListener("resize", function () {
  clearTimeout(refit);
  refit = setTimeout(function () { document.querySelectorAll(".vega-chart[data-rendered]").forEach(fitChart); }, 100);
});
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", renderCharts);
} else {
  renderCharts();
}
"""
# The bundle (vega, vega-lite and vega-embed, already minified by vl-convert: about 880 KB) is
# shipped gzip-compressed and base85-encoded (about 380 KB) and unpacked by the browser itself
# (DecompressionStream): no server setting is needed, and pages opened from file:// work too.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"  # RFC 1924
LOADER = """/* vega, vega-lite and vega-embed (bundled by vl-convert) and the book's chart snippet
   (scripts/sphinxext/vega.py), gzip-compressed and base85-encoded: unpacked here by the browser. */
(function () {
  var packed = "%s";
  var alphabet = "%s";
  var digit = new Uint8Array(128), i, j, k;
  for (i = 0; i < 85; i++) digit[alphabet.charCodeAt(i)] = i;
  var n = packed.length, bytes = new Uint8Array(Math.floor(n / 5) * 4 + Math.max(0, (n %% 5) - 1)), o = 0;
  for (i = 0; i < n; i += 5) {
    var value = 0;  // five digits, the last group padded with the highest, make four bytes
    for (j = 0; j < 5; j++) value = value * 85 + (i + j < n ? digit[packed.charCodeAt(i + j)] : 84);
    for (k = 0; k < Math.min(4, n - i - 1); k++) bytes[o++] = Math.floor(value / Math.pow(256, 3 - k)) %% 256;
  }
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text()
    .then(function (code) { new Function(code + "\\n//# sourceURL=vega-charts.unpacked.js")(); })
    .catch(function (err) { console.error("vega-charts: " + err); });
})();
"""
PACKED = re.compile(r'var packed = "([^"]*)";')


def pack(code: str) -> str:
    """The loader script that carries ``code`` compressed (deterministic: no timestamp in the gzip header)."""
    data = base64.b85encode(gzip.compress(code.encode("utf-8"), 9, mtime=0)).decode("ascii")
    return LOADER % (data, ALPHABET)


def unpacked(path: Path) -> str | None:
    """The code a packed bundle carries, or None if the file is not one."""
    match = PACKED.search(path.read_text(encoding="utf-8"))
    return gzip.decompress(base64.b85decode(match.group(1))).decode("utf-8") if match else None


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


def _write_bundle(app) -> None:
    # Before the pages are written, so that their links carry the bundle's checksum (?v=...).
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / BUNDLE
    # Bundling takes seconds: redo it only when vl-convert or the embed snippet changed.
    key = hashlib.sha256(f"{version('vl-convert-python')}\n{EMBED}\n{LOADER}".encode()).hexdigest()
    stamp = Path(app.outdir).parent / f".{BUNDLE}.key"  # beside the site, not published in it
    if target.exists() and stamp.exists() and stamp.read_text() == key:
        return
    import vl_convert as vlc  # here, not at start-up: most builds reuse the bundle

    # An IIFE keeps the bundle's top-level names out of the page's global scope.
    code = "(function () {\n" + vlc.javascript_bundle(snippet=EMBED) + "\n})();\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(pack(code), encoding="utf-8")
    stamp.write_text(key)


def setup(app) -> None:
    app.connect("html-page-context", _page_scripts)
    app.connect("builder-inited", _write_bundle)
