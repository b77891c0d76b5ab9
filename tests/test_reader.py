"""A reader on a phone (390 px) or a laptop (1280 px) sees each page whole: no sideways scroll, chart text 9 px or more,
every chart's data offered as CSV, wide boxes marked, nothing fetched from the network.

Each page is opened once per width over a local HTTP server (every non-local request blocked and recorded);
the tests below each assert one promise on what that load measured. Screenshots go to a temporary directory
(or $BOOK_SCREENSHOTS).
"""

import csv
import io
import json

import pytest
from book import NOTEBOOKS, chart_count
from browser import WIDTHS, guarded_page, open_at, urls

# --------------------------------------------------------------------------- phone and laptop
MIN_CHART_TEXT_PX = 9

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
