# relocgraph: the two commands a user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The query page's editor (CodeMirror 5) comes from npm, pinned by web/package-lock.json.
WEB    := web/node_modules/.package-lock.json
# ...and is copied into the package (with its licence) so that a wheel ships it.
VENDOR_DIR := src/relocgraph/web/vendor/codemirror
VENDOR := $(VENDOR_DIR)/lib/codemirror.js
CM     := web/node_modules/codemirror

.DEFAULT_GOAL := run
.PHONY: run test setup build viz serve lint typecheck clean notebooks docs-site docs-refresh web-assets

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[all,dev]'
	@touch $(STAMP)

$(WEB): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	@touch $(WEB)

$(VENDOR): $(WEB)
	rm -rf $(VENDOR_DIR)
	mkdir -p $(VENDOR_DIR)/lib $(VENDOR_DIR)/mode/sparql
	cp $(CM)/LICENSE $(VENDOR_DIR)/
	cp $(CM)/lib/codemirror.js $(CM)/lib/codemirror.css $(VENDOR_DIR)/lib/
	cp $(CM)/mode/sparql/sparql.js $(VENDOR_DIR)/mode/sparql/

## make web-assets: copy the editor from web/node_modules into the package (for wheels)
web-assets: $(VENDOR)

setup: $(STAMP) $(WEB) $(VENDOR)

## make run: set up, build the graph, write the browser graph and the ontology docs, answer the headline questions
run: setup
	$(BIN)/relocgraph build
	$(BIN)/relocgraph viz
	$(BIN)/relocgraph docs
	$(BIN)/relocgraph summary

## make test: set up, check the layer contract, run every test (unit, data, queries, docs, packaging, notebooks, browser)
test: setup
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/relocgraph build

viz: $(STAMP)
	$(BIN)/relocgraph viz

## make serve: the SPARQL endpoint and query page on http://127.0.0.1:8000/
serve: setup
	$(BIN)/relocgraph build
	$(BIN)/relocgraph serve

## make docs-site: the manual (docs/, mkdocs.yml) as a static site in build/site, offline
docs-site: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir build/site

## make docs-refresh: regenerate docs/cli.md from --help and rewrite the outputs shown in README.md and docs/
docs-refresh: $(STAMP)
	$(BIN)/cog -r docs/cli.md
	$(BIN)/python -m tests.docs_examples --refresh README.md docs/*.md docs/guide/*.md

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

## make notebooks: regenerate notebooks/*.ipynb (no outputs) from notebooks/make_notebooks.py
notebooks: $(STAMP)
	$(BIN)/python notebooks/make_notebooks.py

clean:
	rm -rf build
