# Two commands on a fresh Debian machine with Python 3.11: `make book`, then `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BUILDFLAGS := -W -n --keep-going
PDF_NAME := colombia-2026.pdf
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
# Debian packages: the PDF (xelatex and fonts), poppler for PDF checks, Chromium for browser tests.
DEBS := texlive-xetex texlive-latex-extra latexmk texlive-fonts-recommended fonts-freefont-otf \
        tex-gyre fonts-dejavu-core poppler-utils chromium

.PHONY: book html pdf test execute validate data-readme lint bench debs venv clean

venv: $(INSTALLED)
$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $@

debs:
	@missing=$$(for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages. Run:" >&2; \
	    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $$missing" >&2; exit 1; \
	  fi; \
	fi

validate: venv
	$(BIN)/python -m scripts.cli.validate

# Rewrite data/README.md from data/datapackage.json (a test fails when it is stale).
data-readme: venv
	$(BIN)/python -m scripts.cli.datadoc

html: venv validate
	mkdir -p _build
	$(BIN)/jupyter-book build . --builder html $(BUILDFLAGS) 2>&1 | tee _build/html-build.log

pdf: venv debs html
	$(BIN)/jupyter-book build . --builder pdflatex $(BUILDFLAGS) 2>&1 | tee _build/pdf-build.log
	cp _build/latex/book.pdf _build/html/$(PDF_NAME)

book: html pdf
	@echo "HTML: _build/html/index.html  PDF: _build/html/$(PDF_NAME)"

test: venv debs book
	$(BIN)/python -m pytest

# Re-execute every notebook in place, so the stored outputs are refreshed (no timing metadata).
execute: venv validate
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=180 $(NOTEBOOKS)

# Timings and page weights on this machine -> _build/bench.json (see scripts/cli/bench.py for the budgets).
bench: venv debs
	$(BIN)/python -m scripts.cli.bench

lint: venv
	$(BIN)/ruff check scripts tests chapters

clean:
	rm -rf _build
