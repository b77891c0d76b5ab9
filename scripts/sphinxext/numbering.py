"""One numbering in both editions: chapters 1, 2, … and appendices A, B, … with figures and tables
numbered within them ("Figure 2.1", "Table A.3"), as LaTeX numbers the PDF.

Sphinx numbers the HTML edition's chapters, sections, figures and tables with integers only; the
appendices' leading number is replaced by its letter once the numbers are assigned. In the PDF,
``\\appendix`` starts the lettering at the part that holds the appendices.
"""

from __future__ import annotations

from string import ascii_uppercase

from docutils import nodes

APPENDIX_PREFIX = "chapters/appendix_"
APPENDICES_PART = "Appendices"


def _letter(numbers: tuple, first: int) -> tuple:
    if not numbers or not isinstance(numbers[0], int):  # empty, or lettered already
        return numbers
    return (ascii_uppercase[numbers[0] - first], *numbers[1:])


def _letter_appendices(app, env) -> None:
    appendices = sorted(d for d in env.toc_secnumbers if d.startswith(APPENDIX_PREFIX))
    leading = [n[0] for d in appendices for n in env.toc_secnumbers[d].values() if n and isinstance(n[0], int)]
    if not leading:
        return
    first = min(leading)
    for doc in appendices:
        env.toc_secnumbers[doc] = {k: _letter(v, first) for k, v in env.toc_secnumbers[doc].items()}
        for reference in env.tocs[doc].findall(nodes.reference):  # what the tables of contents show
            if "secnumber" in reference:
                reference["secnumber"] = _letter(tuple(reference["secnumber"]), first)
        for title in (env.titles.get(doc), env.longtitles.get(doc)):  # often one node: _letter is idempotent
            if title is not None and title.get("secnumber"):  # the page's <title>, its neighbours' prev/next
                title["secnumber"] = list(_letter(tuple(title["secnumber"]), first))
        for kind, numbers in env.toc_fignumbers.get(doc, {}).items():
            env.toc_fignumbers[doc][kind] = {k: _letter(v, first) for k, v in numbers.items()}


LATEX = rf"""
% Appendices are lettered from the part that holds them, as in the HTML edition.
\let\bookpart\part
\renewcommand{{\part}}[1]{{\bookpart{{#1}}\ifstrequal{{#1}}{{{APPENDICES_PART}}}{{\appendix}}{{}}}}
% Figures and tables are numbered within their chapter or appendix ("Table D.1"), as in the HTML.
\AtBeginDocument{{\renewcommand{{\thetable}}{{\thechapter.\arabic{{table}}}}%
  \renewcommand{{\thefigure}}{{\thechapter.\arabic{{figure}}}}}}
"""


def _latex(app, config) -> None:
    config.latex_elements["preamble"] = config.latex_elements.get("preamble", "") + LATEX


def setup(app) -> None:
    app.connect("env-check-consistency", _letter_appendices)  # after Sphinx assigns the numbers
    app.connect("config-inited", _latex)
