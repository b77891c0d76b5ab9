# Two commands on a fresh Debian machine with Python 3.11: `make book`, then `make test`.
# `make help` lists every target.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book
.DELETE_ON_ERROR:

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BUILDFLAGS := -W -n --keep-going
PDF_NAME := colombia-2026.pdf
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
# Everything a build reads: when none of it is newer than the last build, `make book` builds nothing.
BOOK_INPUTS := _config.yml _toc.yml intro.md references.bib CITATION.cff requirements.txt \
               $(wildcard chapters/* data/* scripts/*.py scripts/*/*.py _static/* _latex/*)
HTML_DONE := _build/.html-built
# The published address and repository come from the hosting at publish time (see README, Publishing);
# a change of either is a change of the book's inputs, recorded here when it happens.
PUBLISH_STAMP := _build/.published-at
PUBLISHED := $(BOOK_URL) $(BOOK_REPOSITORY)
$(shell mkdir -p _build && [ "$$(cat $(PUBLISH_STAMP) 2>/dev/null)" = "$(PUBLISHED)" ] || printf '%s' "$(PUBLISHED)" > $(PUBLISH_STAMP))
PDF := _build/html/$(PDF_NAME)
LINTED := scripts tests chapters
# Debian packages: the PDF (xelatex and fonts), poppler for PDF checks, Chromium for browser tests.
DEBS := texlive-xetex texlive-latex-extra latexmk texlive-fonts-recommended fonts-freefont-otf \
        tex-gyre fonts-dejavu-core poppler-utils chromium

.PHONY: help book html pdf check test execute validate data-readme lint format bench lab debs venv clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

venv: $(INSTALLED) ## create .venv with the pinned packages (requirements.txt)
$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $@

debs: ## install the Debian packages the PDF and the browser tests need (as root), or say which
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

validate: venv ## validate every dataset: file:line:column: message, exit 1 on any problem
	$(BIN)/python -m scripts.cli.validate

data-readme: venv ## regenerate data/README.md from data/datapackage.json
	$(BIN)/python -m scripts.cli.datadoc

html: $(HTML_DONE) ## the HTML edition only -> _build/html (built only when an input changed)
$(HTML_DONE): $(INSTALLED) $(BOOK_INPUTS) $(PUBLISH_STAMP)
	$(BIN)/python -m scripts.cli.validate
	mkdir -p _build
	$(BIN)/jupyter-book build . --builder html $(BUILDFLAGS) 2>&1 | tee _build/html-build.log
	touch $@

pdf: $(PDF) ## the PDF edition -> _build/html/colombia-2026.pdf (built only when an input changed)
$(PDF): $(HTML_DONE) | debs
	$(BIN)/jupyter-book build . --builder pdflatex $(BUILDFLAGS) 2>&1 | tee _build/pdf-build.log
	cp _build/latex/book.pdf $@

book: html pdf ## README command 1: build the book, HTML and PDF
	@echo "HTML: _build/html/index.html  PDF: $(PDF)"

lint: venv ## ruff lint and format check, workflow and CITATION.cff against their schemas
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.citation-file-format CITATION.cff

format: venv ## apply ruff's fixes and formatting to scripts, tests and notebooks
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

check: lint validate ## fast tier (< 60 s): lint, data, unit, prose and citation tests; no execution, no build
	$(BIN)/python -m pytest -m "not full" -q tests

test: check debs book ## README command 2: make check, then every other test on the built book; git must stay clean
	$(BIN)/python -m pytest -m full -n 2 --dist loadscope --durations=10 \
	  -p tests.nbval_replay --nbval --nbval-current-env --nbval-replay=_build/.jupyter_cache tests chapters
	@test -z "$$(git status --porcelain 2>/dev/null)" || { echo "make test changed tracked files:" >&2; git status --porcelain >&2; exit 1; }

execute: venv validate ## re-execute every notebook in place (nbconvert), refreshing the stored outputs
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 $(NOTEBOOKS)

bench: venv debs ## timings and page weights against budgets -> _build/bench.json
	$(BIN)/python -m scripts.cli.bench

lab: venv ## JupyterLab on chapters/ with the book's environment (http://127.0.0.1:8888)
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$${PORT:-8888} --ServerApp.root_dir=chapters \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

clean: ## remove _build/
	rm -rf _build
