"""The PDF edition: a title page that carries version, date, cut-off and how to cite; table typesetting."""

from __future__ import annotations

import os

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from scripts.chapter.cite import book, reference
from scripts.config import evidence_cutoff, substitutions

LATEX_SPECIAL = str.maketrans({c: "\\" + c for c in "&%$#_{}"} | {"~": r"\\textasciitilde{}", "^": r"\\^{}"})


TABLE_PREAMBLE = r"""
\usepackage{etoolbox}
\usepackage{xurl}
\AtBeginEnvironment{tabulary}{\footnotesize\sloppy}
\AtBeginEnvironment{longtable}{\footnotesize\sloppy}
\AtBeginEnvironment{tabular}{\footnotesize\sloppy}
\setlength{\emergencystretch}{3em}
% The Bibliography chapter has its own heading: thebibliography must not open a second, empty one.
\makeatletter\patchcmd{\thebibliography}{\chapter*{\bibname}}{}{}{}\makeatother
\renewenvironment{sphinxthebibliography}[1]{\begin{thebibliography}{#1}}{\end{thebibliography}}
% A figure and its caption fit one page: images are scaled to at most 80% of the text height
% (Sphinx allows the full height, which pushes a long caption into the footer).
\makeatletter\AtBeginDocument{\spx@image@maxheight=0.8\textheight}\makeatother
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
    cutoff = evidence_cutoff().strftime("%-d %B %Y")
    # The HTML title page shows the same, as {{ version }}, {{ released }}, {{ authors }}, {{ license }}, {{ address }}.
    config.myst_substitutions = {**config.myst_substitutions, "version": edition["version"], "released": released,
                                 "authors": edition["authors"], "license": edition["license"],
                                 "address": f" · {edition['url']}/" if edition["url"] else ""}  # fmt: skip
    if edition["url"]:
        config.html_baseurl = edition["url"] + "/"
    _repository(config, os.environ.get("BOOK_REPOSITORY", "").rstrip("/"))
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
{{\large Evidence cut-off: {cutoff}\par}}
\vspace{{1cm}}
\begin{{minipage}}{{0.85\textwidth}}
\small {_latex_text(substitutions()["summary"])}
\end{{minipage}}
\vfill
\begin{{minipage}}{{0.85\textwidth}}
\small\textbf{{How to cite.}} {_latex_text(reference())}\par
\medskip Licence: {edition["license"]}.
\end{{minipage}}
\end{{titlepage}}
"""


def _repository(config, address: str) -> None:
    """The source repository's address, set by the publishing workflow (``BOOK_REPOSITORY``): a repository
    link and an "open an issue" button on every page, and buttons that open a chapter on Binder or Colab.
    Unset, the book names the repository without a link and shows none of these buttons."""
    named = f"[the project repository]({address})" if address else "its repository"
    config.myst_substitutions = {**config.myst_substitutions, "repository": named}
    if not address:
        return
    options = config.html_theme_options
    options.update(repository_url=address, repository_branch="main", path_to_docs="",
                   use_repository_button=True, use_issues_button=True)  # fmt: skip
    if address.startswith("https://github.com/"):  # Binder and Colab open GitHub repositories
        services = {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com"}
        options["launch_buttons"] = {**options.get("launch_buttons", {}), **services}


class PrintedDropdowns(SphinxPostTransform):
    """The PDF prints a folded table in full under its own caption: the dropdown's title, which
    repeats that caption with a row count, would print twice (and could sit alone at a page foot)."""

    default_priority = 150  # before sphinx-design's own dropdown handling
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for dropdown in self.document.findall(nodes.container):
            if dropdown.get("design_component") == "dropdown" and dropdown.get("has_title"):
                if dropdown.children and isinstance(dropdown[0], nodes.rubric):
                    dropdown.remove(dropdown[0])


def setup(app) -> None:
    app.connect("config-inited", _edition)
    app.add_post_transform(PrintedDropdowns)
