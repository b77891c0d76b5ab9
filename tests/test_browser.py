"""A reader with a browser and no network sees every page whole: charts drawn, nothing fetched, no sideways scroll.

Every request to a non-local address is blocked and recorded; each chapter page is opened over
a local HTTP server and from file://. Each page is also read on a phone (390 px wide) and a
laptop (1280 px): it never scrolls sideways, no chart text is drawn under 9 px, and every chart
offers its data as a CSV file. Screenshots go to a temporary directory (or $BOOK_SCREENSHOTS).
"""

import csv
import functools
import http.server
import io
import json
import os
import threading
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlparse

import pytest
from book import HTML, NOTEBOOKS, chart_count, page_of
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from scripts.cli.bench import page_weights

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=HTML))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost")


def guarded_page(browser):
    """A fresh page that blocks and records non-local requests, console errors and page errors."""
    context = browser.new_context()
    page = context.new_page()
    page.left_machine, page.errors = [], []

    def guard(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            page.left_machine.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


@pytest.fixture
def page(browser):
    page = guarded_page(browser)
    yield page
    page.context.close()


def urls(server, notebook):
    rel = page_of(notebook).relative_to(HTML).as_posix()
    return [f"{server}/{rel}", page_of(notebook).as_uri()]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_renders_offline_from_a_file(page, notebook):
    """Opened from disk (file://), as a reader with the downloaded site would; over HTTP: the reader tests below."""
    page.goto(page_of(notebook).as_uri(), wait_until="load")
    expected = chart_count(notebook)
    if expected:
        page.wait_for_function(f"document.querySelectorAll('.vega-chart svg.marks').length >= {expected}")
    assert page.locator(".vega-chart svg.marks").count() == expected
    assert page.left_machine == []
    assert page.errors == []


@pytest.mark.parametrize("notebook", [nb for nb in NOTEBOOKS if chart_count(nb)], ids=lambda p: p.stem)
def test_hovering_a_mark_shows_a_tooltip(page, server, notebook):
    page.goto(urls(server, notebook)[0], wait_until="load")
    page.wait_for_selector(".vega-chart svg.marks")
    tooltip = page.locator("#vg-tooltip-element.visible")
    for chart in page.locator(".vega-chart").all():
        # Some marks (rules, labels, a line drawn under its points) carry no tooltip: try the first few.
        marks = chart.locator("g.mark-symbol path, g.mark-rect path, g.mark-line path, g.mark-area path").all()
        shown = ""
        for mark in marks[:25]:
            mark.hover(force=True)
            try:
                tooltip.wait_for(timeout=1000)
            except PlaywrightTimeout:
                continue
            shown = tooltip.inner_text().strip()
            if shown:
                break
        page.mouse.move(0, 0)
        assert shown, f"no tooltip on {chart.get_attribute('id')}"


def test_download_pdf_link_works(page, server):
    page.goto(f"{server}/intro.html", wait_until="load")
    link = page.locator("a[download]", has_text="PDF")
    href = link.get_attribute("href")
    response = page.request.get(f"{server}/{href}")
    assert response.status == 200
    assert response.body()[:5] == b"%PDF-"
    assert page.left_machine == []


AXE = files("axe_playwright_python") / "axe.min.js"  # axe-core, shipped inside the package


@pytest.mark.parametrize("page_path", ["intro.html", *(page_of(nb).relative_to(HTML).as_posix() for nb in NOTEBOOKS)])
def test_no_serious_accessibility_violations(page, server, page_path):
    page.goto(f"{server}/{page_path}", wait_until="load")
    if page.locator(".vega-chart").count():
        page.wait_for_selector(".vega-chart svg.marks")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# --------------------------------------------------------------------------- phone and laptop
WIDTHS = {"phone": (390, 844), "laptop": (1280, 900)}
MIN_CHART_TEXT_PX = 9
CHART_PAGE_BUDGET, PAGE_BUDGET = 1_200_000, 800_000  # bytes: the page and everything it loads

# The page never scrolls sideways, and nothing in the text column runs past the screen's edge
# except inside a box that scrolls (overflow-x: auto or scroll) or is hidden.
SIDEWAYS = """() => {
  const width = window.innerWidth, cut = [];
  const scrolls = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const column = document.querySelector(".bd-article") || document.body;
  for (const el of column.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || !el.checkVisibility({visibilityProperty: true})) continue;
    if ((box.right > width + 1 || box.left < -1) && !scrolls(el)) {
      const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
      cut.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, cut: cut.slice(0, 5)};
}"""

# The smallest chart text as drawn: its font size times the scale the SVG is drawn at.
CHART_TEXT = """() => {
  let smallest = null;
  for (const text of document.querySelectorAll(".vega-chart svg text")) {
    if (!text.textContent.trim() || !text.getBoundingClientRect().width) continue;
    const m = text.getScreenCTM();
    const px = parseFloat(getComputedStyle(text).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    if (!smallest || px < smallest.px) {
      smallest = {px, text: text.textContent.trim(), chart: text.closest(".vega-chart").id};
    }
  }
  return smallest;
}"""

# Every chart: its spec, and the CSV its link offers (fetched from the link's blob: address).
CHART_CSV = """async () => Promise.all([...document.querySelectorAll("script.vega-spec")].map(async (el) => {
  const chart = document.getElementById(el.dataset.target);
  const links = [...chart.parentElement.querySelectorAll("a[download]")]
    .filter(a => a.textContent.includes("Download the data (CSV)"));
  const out = {id: chart.id, spec: JSON.parse(el.textContent), links: links.length};
  if (links.length) {
    out.href = links[0].href;
    out.filename = links[0].download;
    out.text = await (await fetch(links[0].href)).text();
  }
  return out;
}))"""

# Boxes (tables, charts) wider than the space they are given.
SCROLL_BOXES = """() => [...document.querySelectorAll(".bd-article :is(.pst-scrollable-table-container, .vega-chart)")]
  .filter(box => box.checkVisibility() && box.scrollWidth > box.clientWidth + 1)
  .map(box => {
    const hint = box.previousElementSibling;
    const caption = box.querySelector("caption");
    const b = box.getBoundingClientRect(), c = caption && caption.getBoundingClientRect();
    return {
      box: (box.id || box.className).slice(0, 60),
      overflowX: getComputedStyle(box).overflowX,
      marked: box.classList.contains("book-scrollable"),
      fade: getComputedStyle(box).maskImage || getComputedStyle(box).webkitMaskImage,
      hint: !!(hint && hint.classList.contains("book-scroll-hint") && hint.checkVisibility()),
      keyboard: box.tabIndex >= 0,
      captionInside: !c || (c.left >= b.left - 1 && c.right <= b.right + 1),
    };
  })"""


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    where = os.environ.get("BOOK_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_at(page, url: str, device: str, notebook=None) -> None:
    width, height = WIDTHS[device]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url, wait_until="load")
    expected = chart_count(notebook) if notebook else 0
    if expected:
        page.wait_for_function(f"document.querySelectorAll('.vega-chart svg.marks').length >= {expected}")
        page.wait_for_function(f"document.querySelectorAll('.vega-data a[download]').length >= {expected}")


def sideways_problems(page) -> list[str]:
    found = page.evaluate(SIDEWAYS)
    problems = []
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(
            f"the page scrolls sideways: {found['scrollWidth']} px wide on a {found['innerWidth']} px screen"
        )
    problems += [f"runs off the screen: {c}" for c in found["cut"]]
    return problems


def spec_datasets(spec: dict) -> list[list]:
    """The spec's datasets as the chart's CSV holds them: in the order the views first use them,
    then any no view names; each once; empty ones left out."""
    seen, out = [], []

    def add(rows):
        if isinstance(rows, list) and not any(rows is s for s in seen):
            seen.append(rows)
            out.append(rows)

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict):
                if isinstance(data.get("name"), str):
                    add(spec.get("datasets", {}).get(data["name"]))
                add(data.get("values"))
            for key, value in node.items():
                if key not in ("data", "datasets"):
                    walk(value)

    walk(spec)
    for rows in spec.get("datasets", {}).values():
        add(rows)
    return [rows for rows in out if rows]


def _same(cell: str, value) -> bool:
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == str(value).lower()
    if isinstance(value, (int, float)):
        try:
            return float(cell) == float(value)
        except ValueError:
            return False
    if isinstance(value, (dict, list)):
        return json.loads(cell) == value
    return cell == value


def csv_problems(text: str, spec: dict) -> list[str]:
    """Where a chart's CSV differs from the data in its spec (every row, every value, no more)."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    if not rows:
        return ["the CSV is empty"]
    header, body = rows[0], rows[1:]
    datasets = spec_datasets(spec)
    if len(datasets) > 1:
        parts: dict[str, list] = {}
        for row in body:
            parts.setdefault(row[0], []).append(row[1:])
        header, found = header[1:], [parts.get(str(i + 1), []) for i in range(len(datasets))]
        if len(parts) != len(datasets):
            return [f"{len(parts)} parts in the CSV, {len(datasets)} datasets in the spec"]
    else:
        found = [body]
    problems = []
    for i, (expected, got) in enumerate(zip(datasets, found, strict=True)):
        if len(got) != len(expected):
            problems.append(f"dataset {i + 1}: {len(got)} rows in the CSV, {len(expected)} in the spec")
            continue
        for n, (want, row) in enumerate(zip(expected, got, strict=True)):
            cells = dict(zip(header, row, strict=True))
            wrong = [k for k in header if not _same(cells[k], want.get(k))]
            wrong += [k for k in want if k not in cells]
            if wrong:
                problems.append(f"dataset {i + 1}, row {n + 1}: {wrong[:3]} differ")
    return problems[:5]


READER_CASES = [(nb, device) for nb in NOTEBOOKS for device in WIDTHS]
VIEWS: dict = {}


@pytest.fixture
def view(browser, server, screenshots):
    """What a reader's browser shows of a page at a width, measured on one load of the page per test
    process (each reader test below asserts one promise on it); screenshots are taken then too."""

    def measure(notebook, device) -> dict:
        if (notebook, device) in VIEWS:
            return VIEWS[notebook, device]
        page = guarded_page(browser)
        open_at(page, urls(server, notebook)[0], device, notebook)
        found = {
            "sideways": sideways_problems(page),
            "chart_text": page.evaluate(CHART_TEXT),
            "charts": page.evaluate(CHART_CSV),
            "marks": page.locator(".vega-chart svg.marks").count(),
            "unlabelled_charts": page.locator(".vega-chart:not([aria-label])").count(),
            "images_without_alt": page.locator("img:not([alt])").count(),
        }
        page.screenshot(path=str(screenshots / f"{notebook.stem}-{device}.png"))
        # Charts taller than the screen: the sticky header would be drawn over them in the shots.
        page.add_style_tag(
            content=".bd-header-article, .bd-header { position: static !important; } .skip-link { display: none; }"
        )
        for i, figure in enumerate(page.locator("figure:has(.vega-chart)").all()):
            # The screen's whole width: a chart may reach past its figure into the margin.
            top, height = figure.evaluate("f => [f.getBoundingClientRect().top + scrollY, f.offsetHeight]")
            clip = {"x": 0, "y": top, "width": WIDTHS[device][0], "height": height}
            path = str(screenshots / f"{notebook.stem}-{device}-chart{i + 1}.png")
            page.screenshot(path=path, full_page=True, clip=clip)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # as a reader may
        page.wait_for_timeout(200)
        found["scroll_boxes"] = page.evaluate(SCROLL_BOXES)
        found["left_machine"], found["errors"] = list(page.left_machine), list(page.errors)
        page.context.close()
        VIEWS[notebook, device] = found
        return found

    return measure


@pytest.mark.parametrize(("notebook", "device"), READER_CASES, ids=lambda v: getattr(v, "stem", v))
def test_chapter_renders_offline_over_http(view, notebook, device):
    shown = view(notebook, device)
    assert shown["marks"] == chart_count(notebook)
    assert shown["unlabelled_charts"] == 0, "chart without a text alternative"
    assert shown["images_without_alt"] == 0
    assert shown["left_machine"] == []
    assert shown["errors"] == []


@pytest.mark.parametrize(("notebook", "device"), READER_CASES, ids=lambda v: getattr(v, "stem", v))
def test_page_never_scrolls_sideways(view, notebook, device):
    assert view(notebook, device)["sideways"] == []


@pytest.mark.parametrize(
    ("notebook", "device"), [c for c in READER_CASES if chart_count(c[0])], ids=lambda v: getattr(v, "stem", v)
)
def test_no_chart_text_under_9px(view, notebook, device):
    smallest = view(notebook, device)["chart_text"]
    assert smallest is not None
    assert smallest["px"] >= MIN_CHART_TEXT_PX - 0.01, smallest


@pytest.mark.parametrize(
    ("notebook", "device"), [c for c in READER_CASES if chart_count(c[0])], ids=lambda v: getattr(v, "stem", v)
)
def test_every_chart_offers_its_data_as_csv(view, notebook, device):
    charts = view(notebook, device)["charts"]
    assert len(charts) == chart_count(notebook)
    for chart in charts:
        assert chart["links"] == 1, f"{chart['id']}: {chart['links']} CSV links"
        assert chart["href"].startswith("blob:") and chart["filename"].endswith(".csv")
        assert csv_problems(chart["text"], chart["spec"]) == [], chart["id"]


@pytest.mark.parametrize(("notebook", "device"), READER_CASES, ids=lambda v: getattr(v, "stem", v))
def test_wide_tables_and_charts_scroll_in_a_marked_box(view, notebook, device):
    for box in view(notebook, device)["scroll_boxes"]:
        assert box["overflowX"] in ("auto", "scroll"), box
        assert box["marked"] and box["fade"] not in ("", "none"), f"no faded edge: {box}"
        assert box["hint"], f"no 'scroll sideways' line: {box}"
        assert box["keyboard"], f"cannot be scrolled from the keyboard: {box}"
        assert box["captionInside"], f"the caption runs past the visible box: {box}"


# A chart whose text, at 9 px, needs more width than a 1280 px screen leaves it: it scrolls (a little).
@pytest.mark.parametrize("notebook", [nb for nb in NOTEBOOKS if chart_count(nb)], ids=lambda p: p.stem)
def test_charts_fit_on_a_laptop(page, server, notebook):
    open_at(page, urls(server, notebook)[0], "laptop", notebook)
    # Neither the chart's box nor any box around it scrolls sideways.
    scrolling = page.evaluate("""() => [...document.querySelectorAll(".vega-chart")].flatMap(chart => {
      const out = [];
      for (let box = chart; box && !box.classList.contains("bd-article"); box = box.parentElement) {
        const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
        if (scrolls && box.scrollWidth > box.clientWidth + 1) out.push(`${chart.id} in ${box.className}`);
      }
      return out;
    })""")
    assert scrolling == []
    # A chart that reaches into the margin is not hidden under the page's contents there.
    for chart in page.locator(".vega-chart.book-breakout").all():
        chart.evaluate("c => c.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        box = chart.bounding_box()
        x, y = box["x"] + box["width"] - 12, box["y"] + box["height"] / 2
        on_top = page.evaluate(f"() => !!document.elementFromPoint({x}, {y}).closest('.vega-chart')")
        assert on_top, f"{chart.get_attribute('id')} is drawn under something at its right edge"


@pytest.mark.parametrize("device", list(WIDTHS))
def test_sidebars_open_on_every_screen(page, server, device):
    notebook = NOTEBOOKS[0]
    open_at(page, urls(server, notebook)[0], device, notebook)
    page.locator(".primary-toggle:visible").first.click()
    if device == "phone":  # a drawer over the page
        page.wait_for_selector("#pst-primary-sidebar-modal[open] a.reference")
    else:  # the sidebar folds away
        page.wait_for_selector("#pst-primary-sidebar.pst-sidebar-hidden", state="attached")


def test_icons_are_drawn_without_font_awesome(page, server):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_at(page, urls(server, NOTEBOOKS[-1])[0], "phone")
    page.goto(urls(server, NOTEBOOKS[0])[0], wait_until="load")
    assert not [u for u in requested if "fontawesome" in u or "/webfonts/" in u]
    missing = page.evaluate("""() => {
      const out = [];
      for (const el of document.querySelectorAll("*")) {
        for (const pseudo of [null, "::before", "::after"]) {
          const style = getComputedStyle(el, pseudo);
          const content = pseudo ? style.content : (el.childElementCount ? "" : el.textContent.trim());
          if (style.fontFamily.includes("Font Awesome") && content && !["none", "normal", '""'].includes(content)) {
            out.push(el.className + (pseudo || ""));
          }
        }
      }
      return out;
    }""")
    assert missing == [], "drawn with Font Awesome's font, which the book no longer loads"
    no_icon = page.evaluate("""() => [...document.querySelectorAll(".fa-solid")]
      .filter(el => el.checkVisibility() && getComputedStyle(el, "::before").maskImage === "none")
      .map(el => el.className)""")
    assert no_icon == [], "an icon book.css does not draw"


def test_pages_within_their_weight_budget():
    weights = page_weights(HTML)
    over = {}
    for name, weight in weights.items():
        path = HTML / name
        if name.startswith("_static"):
            continue
        charts = 'class="vega-chart"' in path.read_text(encoding="utf-8")
        if weight > (CHART_PAGE_BUDGET if charts else PAGE_BUDGET):
            over[name] = weight
    assert over == {}


# The rules' own failing cases: each check must flag a page that breaks it.
def test_sideways_check_flags_a_too_wide_page(page):
    page.set_viewport_size({"width": 390, "height": 844})
    wide = '<div style="width:2000px">2000 px</div>'
    page.set_content(f'<body><article class="bd-article"><p>text</p>{wide}</article></body>')
    assert any("scrolls sideways" in p for p in sideways_problems(page))
    page.set_content(f'<body style="overflow-x:hidden"><article class="bd-article">{wide}</article></body>')
    assert any("runs off the screen" in p for p in sideways_problems(page))
    page.set_content(f'<body><article class="bd-article"><div style="overflow-x:auto">{wide}</div></article></body>')
    assert sideways_problems(page) == []


def test_chart_text_check_flags_shrunk_text(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(
        '<div class="vega-chart"><svg class="marks" width="1000" height="100" viewBox="0 0 1000 100" '
        'style="width:300px;height:auto"><text x="10" y="50" font-size="11px">label</text></svg></div>'
    )
    assert page.evaluate(CHART_TEXT)["px"] == pytest.approx(3.3, abs=0.01)


def test_csv_check_flags_a_dropped_row():
    spec = {
        "data": {"name": "d"},
        "datasets": {
            "d": [{"year": 2023, "area": 253000.5, "note": "a, b"}, {"year": 2024, "area": None, "note": 'say "x"'}]
        },
    }
    good = '\ufeffyear,area,note\r\n2023,253000.5,"a, b"\r\n2024,,"say ""x"""\r\n'
    assert csv_problems(good, spec) == []
    assert csv_problems(good.rsplit("2024", 1)[0], spec) != []
    assert csv_problems(good.replace("253000.5", "253000"), spec) != []
