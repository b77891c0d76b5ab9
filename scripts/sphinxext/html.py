"""The HTML edition's weight and phone layout: what every page loads, and the book's own CSS and JS.

- ``_static/book.css`` and ``_static/book.js`` on every page (Jupyter Book links every CSS and JS
  file of ``_static/``): wide tables and charts scroll inside their own box with a visible hint,
  captions wrap, and the theme's icons are drawn by CSS.
- The theme's Font Awesome script (1.5 MB, to draw a dozen icons) is not loaded; nor are the
  search scripts and index on pages other than the search page (the theme's search-as-you-type,
  which needs them, is off: its search box opens the search page).
- After the build, each stylesheet the pages link keeps only the rules whose classes and ids
  occur in some page or script of the site (the theme ships all of Bootstrap and Font Awesome's
  CSS; the book uses a small part). The theme's files are copied afresh on each build; the
  originals are kept beside the site so that a later build with new classes gets their rules back.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import tinycss2
from jinja2 import DictLoader
from markupsafe import Markup

CSS = "book.css"
FONTAWESOME = "fontawesome.js"
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
# The pages' layout, with the theme's head minus the scripts the book does not use.
LAYOUT = """{%- extends "!layout.html" %}
{%- block css %}{{ super() | book_without_lines(fontawesome) }}{% endblock %}
{%- block extrahead %}{{ super() | book_without_lines(search_scripts) }}{% endblock %}
"""
WORD = re.compile(r"[A-Za-z0-9_-]+")
NAME = re.compile(r"[.#](-?[A-Za-z_][\w-]*)")
# Arguments of these pseudo-classes may name classes no page has and the selector still match.
FUNCTIONAL = re.compile(r":(?:not|is|where|has|nth-child|nth-last-child)\(")
# Class names that scripts build from pieces (Bootstrap: `bs-${name}-auto`), kept whatever the pages hold.
KEEP_PREFIXES = ("bs-",)


def _without_lines(markup: str, needles) -> Markup:
    if isinstance(needles, str):
        needles = (needles,)
    return Markup("\n".join(line for line in str(markup).split("\n") if not any(n in line for n in needles)))


def _templates(app) -> None:
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    # A layout ahead of the theme's (as a file in templates_path would be); "!layout.html" is the theme's.
    templates.loaders.insert(0, DictLoader({"layout.html": LAYOUT}))
    templates.templatepathlen += 1
    templates.environment.filters["book_without_lines"] = _without_lines
    templates.environment.globals.update(fontawesome=FONTAWESOME, search_scripts=SEARCH_SCRIPTS)


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    def name(asset) -> str:
        return getattr(asset, "filename", None) or str(asset)

    body = context.get("body", "")
    # No live code (sphinx-thebe's scripts are dropped by vega.py) and, unless a page has tabs, no tab script.
    context["css_files"][:] = [c for c in context.get("css_files", []) if "thebe" not in name(c)]
    if "sd-tab-set" not in body:
        context["script_files"][:] = [s for s in context["script_files"] if "design-tabs.js" not in name(s)]


# --------------------------------------------------------------------------- unused CSS
def _strip_functional(selector: str) -> str:
    out, i = [], 0
    while match := FUNCTIONAL.search(selector, i):
        out.append(selector[i : match.start()])
        depth, j = 1, match.end()
        while depth and j < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        i = j
    out.append(selector[i:])
    return "".join(out)


def _may_match(selector: str, words: set[str]) -> bool:
    """False only if the selector needs a class or id that no page or script of the site contains."""
    plain = re.sub(r"\[[^\]]*\]", "", _strip_functional(selector))
    return all(n in words or n.startswith(KEEP_PREFIXES) for n in NAME.findall(plain))


def _split_selectors(prelude) -> list[str]:
    parts, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [tinycss2.serialize(p).strip() for p in parts]


def _purge_rules(rules, words: set[str], drop_fontawesome: bool) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "comment" and rule.value.startswith("!"):
            out.append(f"/*{rule.value}*/")  # a licence notice
        elif rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if _may_match(s, words)]
            if selectors:
                out.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if keyword in ("media", "supports", "layer", "container") and rule.content is not None:
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                kept = _purge_rules(inner, words, drop_fontawesome)
                if kept:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(kept)}}}")
            elif keyword == "font-face" and drop_fontawesome and "Font Awesome" in tinycss2.serialize(rule.content):
                continue  # its icons are drawn by book.css; no font to fetch
            else:
                out.append(tinycss2.serialize([rule]))
    return out


def purge_css(text: str, words: set[str], drop_fontawesome: bool = True) -> str:
    """The stylesheet without the rules no element of the site can match (comments dropped too)."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=True)
    charset = '@charset "UTF-8";' if text.startswith("@charset") else ""
    return charset + "\n".join(r for r in _purge_rules(rules, words, drop_fontawesome) if not r.startswith("@charset"))


LINKED_CSS = re.compile(
    r'<link[^>]+rel="stylesheet"[^>]*href="([^"#?]+\.css)|<link[^>]+href="([^"#?]+\.css)[^>]*rel="stylesheet"'
)
IMPORTED_CSS = re.compile(r"""@import\s+(?:url\()?["']?([^"')]+\.css)""")


def _site_words(outdir: Path) -> tuple[set[str], set[Path]]:
    """Every word of every page and script (classes, ids and more: a safe over-count), and the
    stylesheets the pages link."""
    from scripts.sphinxext import vega

    words: set[str] = set()
    sheets: set[Path] = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        words.update(WORD.findall(text))
        for match in LINKED_CSS.finditer(text):
            target = (page.parent / (match.group(1) or match.group(2))).resolve()
            if target.is_file() and target.is_relative_to(outdir.resolve()):
                sheets.add(target)
    for script in outdir.rglob("*.js"):
        if script.name == FONTAWESOME:
            continue
        text = vega.unpacked(script) if script.name == vega.BUNDLE else None
        words.update(WORD.findall(text or script.read_text(encoding="utf-8", errors="replace")))
    for sheet in list(sheets):
        for ref in IMPORTED_CSS.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            target = (sheet.parent / ref).resolve()
            if target.is_file():
                sheets.add(target)
    return words, sheets


def _purge_site_css(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    store = outdir.parent / ".css-originals"  # beside the site, not published in it
    record_path = store / "purged.json"
    record = json.loads(record_path.read_text()) if record_path.exists() else {}
    words, sheets = _site_words(outdir)
    words_key = hashlib.sha256(" ".join(sorted(words)).encode()).hexdigest()
    same_words = record.get("_words") == words_key
    for sheet in sorted(sheets):
        rel = sheet.relative_to(outdir.resolve()).as_posix()
        if sheet.name == CSS:
            continue
        current = sheet.read_text(encoding="utf-8")
        original = store / rel
        # The file is either a fresh copy from the theme or an extension, or what the last build
        # wrote (files copied only when missing): then purge the kept original instead.
        if record.get(rel) == hashlib.sha256(current.encode()).hexdigest() and original.exists():
            if same_words:
                continue  # purged already, for the same pages
            current = original.read_text(encoding="utf-8")
        else:
            original.parent.mkdir(parents=True, exist_ok=True)
            original.write_text(current, encoding="utf-8")
        purged = purge_css(current, words)
        sheet.write_text(purged, encoding="utf-8")
        record[rel] = hashlib.sha256(purged.encode()).hexdigest()
    record["_words"] = words_key
    store.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True))


def setup(app) -> None:
    app.connect("builder-inited", _templates)
    app.connect("html-page-context", _page_assets)
    # After vega.py has written its bundle (whose class names count as used).
    app.connect("build-finished", _purge_site_css, priority=800)
