# Two commands on a fresh machine: `make book` and `make test`. Nothing here writes to data/.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JB := $(VENV)/bin/jupyter-book
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: help venv validate execute book test unit nbval build-check links browser notebooks bench clean

help:
	@echo "make book       create .venv, install, execute what changed, render _build/html"
	@echo "make test       everything CI checks (validation, unit tests, strict nbval, book build, links, browser)"
	@echo "make validate   check data/ and print one line per problem"
	@echo "make notebooks  re-execute notebooks/*.ipynb in place (refresh the stored outputs)"
	@echo "make bench      run the benchmarks and write benchmarks/results.json"
	@echo "make clean      remove _build/"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP)

validate: venv
	$(PY) -m conflictbook validate

# Executes (in parallel, into Jupyter Book's cache) only the notebooks whose code, data or package changed.
execute: validate
	$(PY) -m conflictbook.publish.build execute

book: execute
	$(PY) -m conflictbook.publish.build html

notebooks: validate
	$(PY) -m conflictbook.publish.build refresh $(NOTEBOOKS)

unit: venv
	$(PY) -m pytest -q tests

nbval: venv
	$(PY) -m pytest -q -p no:cacheprovider --nbval $(NOTEBOOKS)

build-check: venv
	$(PY) -m conflictbook.publish.build html --strict

test: venv
	$(PY) -m conflictbook.publish.build test

bench: venv
	$(PY) benchmarks/run_all.py

clean:
	rm -rf _build
