# relocgraph: the two commands a user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := run
.PHONY: run test setup build viz lint typecheck clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## make run: set up, build the graph, write the browser graph, answer the headline questions
run: $(STAMP)
	$(BIN)/relocgraph build
	$(BIN)/relocgraph viz
	$(BIN)/relocgraph docs
	$(BIN)/relocgraph summary

## make test: set up and run every test (unit, data, queries, notebooks, browser)
test: $(STAMP)
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/relocgraph build

viz: $(STAMP)
	$(BIN)/relocgraph viz

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf build
