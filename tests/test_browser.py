"""A reader with a browser and no network gets working pages: charts drawn from a downloaded copy, tooltips,
the PDF link, no serious accessibility violation, charts that fit a laptop, open sidebars, drawn icons, light pages.

Every request to a non-local address is blocked and recorded (see browser.py).
"""

from importlib.resources import files

import pytest
from book import HTML, NOTEBOOKS, chart_count, page_of
from browser import WIDTHS, open_at, urls
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts.cli.bench import page_weights

CHART_PAGE_BUDGET, PAGE_BUDGET = 1_200_000, 800_000  # bytes: the page and everything it loads


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
