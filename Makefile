# relocgraph: the two commands a user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The query page's editor (CodeMirror 5) comes from npm, pinned by web/package-lock.json.
WEB    := web/node_modules/.package-lock.json

.DEFAULT_GOAL := run
.PHONY: run test setup build viz serve lint typecheck clean notebooks

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

$(WEB): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	@touch $(WEB)

setup: $(STAMP) $(WEB)

## make run: set up, build the graph, write the browser graph, answer the headline questions
run: $(STAMP)
	$(BIN)/relocgraph build
	$(BIN)/relocgraph viz
	$(BIN)/relocgraph docs
	$(BIN)/relocgraph summary

## make test: set up and run every test (unit, data, queries, notebooks, browser)
test: $(STAMP) $(WEB)
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/relocgraph build

viz: $(STAMP)
	$(BIN)/relocgraph viz

## make serve: the SPARQL endpoint and query page on http://127.0.0.1:8000/
serve: $(STAMP) $(WEB)
	$(BIN)/relocgraph build
	$(BIN)/relocgraph serve

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
