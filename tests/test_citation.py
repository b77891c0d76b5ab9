"""A reader can cite the book: a valid CITATION.cff; its address (when set) reaches every citation."""

import subprocess
import sys
from pathlib import Path

from scripts.config import CITATION

CHECK = [str(Path(sys.executable).with_name("check-jsonschema")), "--builtin-schema", "vendor.citation-file-format"]


def test_an_invalid_citation_cff_is_rejected(tmp_path):
    """`make lint` checks CITATION.cff with this schema; an invalid file must fail it."""
    bad = tmp_path / "CITATION.cff"
    bad.write_text(CITATION.read_text(encoding="utf-8").replace("cff-version: 1.2.0", "cff-version: one"))
    assert subprocess.run([*CHECK, str(bad)], capture_output=True, text=True).returncode == 1


def test_the_canonical_address_is_set_once_and_reaches_every_citation(tmp_path, monkeypatch):
    """A ``url`` in CITATION.cff becomes the HTML base address and ends every reference and BibTeX entry."""
    from types import SimpleNamespace

    from scripts.chapter import cite
    from scripts.sphinxext import latex

    published = tmp_path / "CITATION.cff"
    published.write_text(CITATION.read_text(encoding="utf-8") + "url: https://books.example.org/colombia-2026/\n")
    assert subprocess.run([*CHECK, str(published)], capture_output=True, text=True).returncode == 0
    monkeypatch.setattr(cite, "CITATION", published)
    monkeypatch.delenv("BOOK_URL", raising=False)
    page = "https://books.example.org/colombia-2026/chapters/02_egc_talks.html"
    assert cite.reference("02_egc_talks").endswith(f"<{page}>.")
    assert cite.reference().endswith("<https://books.example.org/colombia-2026/>.")
    assert f"  url = {{{page}}}" in cite.bibtex("02_egc_talks").splitlines()
    config = SimpleNamespace(
        myst_substitutions={"summary": "s"}, latex_elements={}, html_baseurl="", html_theme_options={}
    )
    latex._edition(None, config)
    assert config.html_baseurl == "https://books.example.org/colombia-2026/"
    assert config.myst_substitutions["address"] == " · https://books.example.org/colombia-2026/"
    assert "<https://books.example.org/colombia-2026/>" in config.latex_elements["maketitle"]


def test_without_an_address_citations_name_the_chapter_and_invent_no_link(tmp_path, monkeypatch):
    from scripts.chapter import cite

    unpublished = tmp_path / "CITATION.cff"
    lines = CITATION.read_text(encoding="utf-8").splitlines(keepends=True)
    unpublished.write_text("".join(line for line in lines if not line.startswith("url:")))
    monkeypatch.setattr(cite, "CITATION", unpublished)
    monkeypatch.delenv("BOOK_URL", raising=False)
    assert "Chapter 3, “" in cite.reference("02_egc_talks")
    assert "  chapter = {3}," in cite.bibtex("02_egc_talks").splitlines()
    assert "url" not in cite.bibtex("02_egc_talks") and "http" not in cite.reference("02_egc_talks")
    assert ".html" not in cite.reference("02_egc_talks")


def test_the_hosting_address_overrides_citation_cff(monkeypatch):
    """BOOK_URL, set by the publishing workflow, is the address every citation and the HTML base use."""
    from types import SimpleNamespace

    from scripts.chapter import cite
    from scripts.sphinxext import latex

    monkeypatch.setenv("BOOK_URL", "https://host.example/book/v0.4.0/")
    assert cite.reference("appendix_cite").startswith(
        f"{cite.book()['authors']} ({cite.book()['year']}). Appendix E, “"
    )
    assert cite.reference("04_coca").endswith("<https://host.example/book/v0.4.0/chapters/04_coca.html>.")
    config = SimpleNamespace(
        myst_substitutions={"summary": "s"}, latex_elements={}, html_baseurl="", html_theme_options={}
    )
    latex._edition(None, config)
    assert config.html_baseurl == "https://host.example/book/v0.4.0/"


def test_the_repository_address_comes_from_the_hosting_or_nowhere(monkeypatch):
    """BOOK_REPOSITORY (set when publishing) gives the repository link, issue and launch buttons; unset, none."""
    from types import SimpleNamespace

    from scripts.sphinxext import latex

    def configured():
        config = SimpleNamespace(myst_substitutions={"summary": "s"}, latex_elements={}, html_baseurl="",
                                 html_theme_options={})  # fmt: skip
        latex._edition(None, config)
        return config

    monkeypatch.delenv("BOOK_REPOSITORY", raising=False)
    unset = configured()
    assert unset.html_theme_options == {} and "http" not in unset.myst_substitutions["repository"]
    monkeypatch.setenv("BOOK_REPOSITORY", "https://github.com/example/colombia-2026")
    options = configured().html_theme_options
    assert options["repository_url"] == "https://github.com/example/colombia-2026"
    assert options["use_issues_button"] and options["launch_buttons"]["binderhub_url"]
