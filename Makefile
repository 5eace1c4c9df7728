# Two commands on a fresh machine: `make book` and `make test`. Nothing here writes to data/.
# This file is the one list of what CI checks: `make test` is its prerequisites, in order.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NEW_ENOUGH := import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
LEAN := _build/lean-venv
LEAN_KERNEL := $(CURDIR)/_build/lean-kernel

.PHONY: help venv clean-venv validate lint unit nbval book check-cache sitecheck texts \
        data-before data-unchanged test notebooks derived bench pdf clean lean-venv book-lean unit-other-data

help:
	@echo "make book        create .venv, install, execute what changed, render _build/html"
	@echo "make test        everything CI checks, in order (see the test: line of this file)"
	@echo "make validate    check data/ and print one line per problem"
	@echo "make notebooks   re-execute notebooks/*.ipynb in place (refresh the stored outputs)"
	@echo "make derived     recompute data/derived/ from the source texts (needs the texts)"
	@echo "make pdf         the whole book as one PDF (_build/pdf/book.pdf)"
	@echo "make bench       run the benchmarks and write benchmarks/results.json"
	@echo "make clean       remove _build/;  make clean-venv  remove .venv/"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c '$(NEW_ENOUGH)' || { echo "make: Python 3.11 or newer is needed, but $(PYTHON) is" \
	  "$$($(PYTHON) --version 2>&1); install 3.11+ and run: make clean-venv; make PYTHON=python3.11 book"; exit 1; }
	@if [ -d $(VENV) ] && ! $(PY) -c '$(NEW_ENOUGH)' 2>/dev/null; then \
	  echo "make: $(VENV) was made with another (or a broken) Python; rebuilding it"; rm -rf $(VENV); fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP)

clean-venv:
	rm -rf $(VENV)

validate: venv
	$(PY) -m conflictbook validate

lint: venv
	$(PY) -m ruff check --output-format concise .

unit: venv
	$(PY) -m pytest -q -p no:cacheprovider -n 2 tests

# The package's tests against another conflict's data (a made-up one): they must not depend on this case.
unit-other-data: venv
	CONFLICTBOOK_DATA=tests/fixtures/mini/data $(PY) -m pytest -q -p no:cacheprovider -n 2 -m "not case" tests

nbval: venv
	$(PY) -m pytest -q -p no:cacheprovider --nbval -n 2 --dist loadfile $(NOTEBOOKS)

# Executes (in parallel, into Jupyter Book's cache) only the notebooks whose code, modules or tables changed.
book: validate
	$(PY) -m conflictbook.publish.build html

# A fresh venv with only `pip install .` (what Colab and Binder do), pinned like requirements.txt; in `make
# test` its kernel executes every notebook for the book build, so a missing runtime dependency fails the run.
$(LEAN)/.installed: pyproject.toml requirements.txt $(STAMP)
	rm -rf $(LEAN) && $(PYTHON) -m venv $(LEAN)
	@mkdir -p _build && grep -v '^-e' requirements.txt > _build/constraints.txt
	$(LEAN)/bin/python -m pip install --quiet --disable-pip-version-check -c _build/constraints.txt .
	@mkdir -p $(LEAN_KERNEL)/kernels/python3 && $(LEAN)/bin/python -c 'import json, sys; \
	  json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"], \
	  "display_name": "Python 3 (pip install .)", "language": "python"}, sys.stdout)' \
	  > $(LEAN_KERNEL)/kernels/python3/kernel.json
	@touch $@

lean-venv: $(LEAN)/.installed

book-lean: validate lean-venv
	JUPYTER_PATH=$(LEAN_KERNEL) $(PY) -m conflictbook.publish.build html

check-cache: venv
	$(PY) -m conflictbook.publish.build check-cache

sitecheck: venv
	$(PY) -m conflictbook.publish.sitecheck

texts: venv
	@$(PY) -m conflictbook texts

data-before: venv
	@mkdir -p _build && $(PY) -m conflictbook checksum > _build/data.sha256

data-unchanged: venv
	@test "$$($(PY) -m conflictbook checksum)" = "$$(cat _build/data.sha256)" \
	  && echo "data/ unchanged by the run" || { echo "data/ was changed by the run"; exit 1; }

test: data-before validate lint unit unit-other-data nbval book-lean check-cache sitecheck data-unchanged texts

notebooks: validate
	$(PY) -m conflictbook.publish.build refresh $(NOTEBOOKS)

derived: validate
	$(PY) -m conflictbook.publish.derived write

pdf: book
	$(PY) -m conflictbook.publish.pdf

bench: venv
	$(PY) benchmarks/run_all.py

clean:
	rm -rf _build
