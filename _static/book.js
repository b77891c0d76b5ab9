/* The book's own script for the HTML edition, loaded on every page by scripts/sphinxext/html.py.
 *
 * A table or chart wider than the text column scrolls inside its own box (book.css), never the
 * page. This marks such a box as scrollable, so that it shows a faded edge on the side that hides
 * more and a line of text saying so, and can be scrolled from the keyboard. The chart snippet
 * (scripts/sphinxext/vega.py) calls window.bookScrollBoxes.update(box) once a chart is drawn.
 */
(function () {
  "use strict";
  var SELECTOR = ".pst-scrollable-table-container, .vega-chart";
  var HINT = "Scroll sideways for the rest \u2192";

  // The line of text above a box; made the first time the box is too wide.
  function hintFor(box, make) {
    var hint = box.previousElementSibling;
    if (hint && hint.classList.contains("book-scroll-hint")) return hint;
    if (!make) return null;
    hint = document.createElement("p");
    hint.className = "book-scroll-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = HINT;
    box.parentNode.insertBefore(hint, box);
    return hint;
  }

  function update(box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("book-scrollable", wide);
    box.classList.toggle("book-scrolled", wide && box.scrollLeft > 1);
    box.classList.toggle("book-at-end", !wide || box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    box.style.setProperty("--book-box-width", box.clientWidth + "px");
    if (wide) {
      box.tabIndex = 0;
    } else if (box.classList.contains("vega-chart")) {
      box.removeAttribute("tabindex");
    }
    var hint = hintFor(box, wide);
    if (hint) hint.hidden = !wide;
    if (box.classList.contains("vega-chart")) foldContents();
  }

  // A chart that reaches into the right margin (vega.py) would pass under the page's table of
  // contents, which is drawn above it: while such a chart is on screen, fold the contents away,
  // as the theme does for its own full-width cells (hovering the folded contents opens them).
  var chartsOnScreen = [];
  function foldContents() {
    var contents = document.querySelector("div.bd-sidebar-secondary");
    if (!contents) return;
    contents.classList.toggle("hide", chartsOnScreen.some(function (chart) {
      return chart.classList.contains("book-breakout");
    }));
  }
  var onScreen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      chartsOnScreen = chartsOnScreen.filter(function (chart) { return chart !== entry.target; });
      if (entry.isIntersecting) chartsOnScreen.push(entry.target);
    });
    foldContents();
  }, {rootMargin: "0px 0px -33% 0px"}) : null;

  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  }) : null;

  function watch(box) {
    if (box.dataset.bookWatched) return update(box);
    box.dataset.bookWatched = "true";
    box.addEventListener("scroll", function () { update(box); }, {passive: true});
    if (observer) observer.observe(box);
    if (onScreen && box.classList.contains("vega-chart")) onScreen.observe(box);
    update(box);
  }

  function watchAll() {
    document.querySelectorAll(SELECTOR).forEach(watch);
  }

  // The two themes each put a "primary" and a "secondary" sidebar toggle in the header, and both
  // attach their handlers to the first of each only, which a phone does not show: the visible
  // button did nothing, and a reader on a phone could open neither the book's contents nor the
  // page's. A click on any other toggle now does what a click on the first does.
  function forwardToggles() {
    ["primary", "secondary"].forEach(function (side) {
      var toggles = document.querySelectorAll("." + side + "-toggle");
      Array.prototype.slice.call(toggles, 1).forEach(function (toggle) {
        toggle.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          toggles[0].click();
        });
      });
    });
  }

  window.bookScrollBoxes = {update: watch};
  window.addEventListener("resize", function () { document.querySelectorAll(SELECTOR).forEach(update); });
  function ready() {
    watchAll();
    forwardToggles();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
