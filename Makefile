# Two commands on a fresh machine: `make book` and `make test`. Nothing here writes to data/.
# This file is the one list of what CI checks: `make test` and the targets it runs (see its recipe).
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
        data-before data-unchanged test notebooks derived bench pdf clean lean-venv book-stored unit-other-data \
        sitecheck-stored unit-both

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
# Tests marked datafree read nothing of data/ (conftest.py enforces it) and ran once already in `unit`.
unit-other-data: venv
	CONFLICTBOOK_DATA=tests/fixtures/mini/data $(PY) -m pytest -q -p no:cacheprovider -n 2 -m "not case and not datafree" tests

# Strict nbval, each notebook executed once by the kernel of a fresh venv that has only `pip install .` (what
# Colab and Binder do), pinned like requirements.txt: a missing runtime dependency fails the run, and the
# comparison with the stored outputs is the determinism check (two executions, the stored one and this one).
# The plugin starts nbval's kernels on Unix sockets, not TCP ports (a port can be taken before the kernel binds it).
nbval: lean-venv
	JUPYTER_PATH=$(LEAN_KERNEL) $(PY) -m pytest -q -p no:cacheprovider -p conflictbook.publish.kernels \
	  --nbval -n 2 --dist loadfile $(NOTEBOOKS)

# Executes (in parallel, into Jupyter Book's cache) only the notebooks whose code, modules or tables changed.
book: validate
	$(PY) -m conflictbook.publish.build html

# The lean venv: created by uv from its cache (about 3 s) rather than pip (40 s); the package itself is
# reinstalled whenever one of its files changed, so the kernel never runs a stale copy. Bytecode is written
# for what a kernel imports (WARM_KERNEL, once, and by the kernels: their kernel.json lifts this machine's
# PYTHONDONTWRITEBYTECODE), not for all of every dependency, which took 12 s.
PACKAGE_FILES := $(shell find conflictbook -type f -not -path '*/__pycache__/*' 2>/dev/null)
WARM_KERNEL := import importlib, pkgutil, conflictbook, ipykernel.ipkernel, ipykernel.kernelapp, \
  matplotlib_inline.backend_inline; [importlib.import_module(m.name) for m in \
  pkgutil.walk_packages(conflictbook.__path__, "conflictbook.")]
$(LEAN)/.deps: pyproject.toml requirements.txt $(STAMP)
	rm -rf $(LEAN) && $(VENV)/bin/uv venv --quiet --python $(PY) $(LEAN)
	@mkdir -p _build && grep -v '^-e' requirements.txt > _build/constraints.txt
	VIRTUAL_ENV=$(LEAN) $(VENV)/bin/uv pip install --quiet -c _build/constraints.txt .
	@mkdir -p $(LEAN_KERNEL)/kernels/python3 && $(LEAN)/bin/python -c 'import json, sys; \
	  json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"], \
	  "env": {"PYTHONDONTWRITEBYTECODE": ""}, \
	  "display_name": "Python 3 (pip install .)", "language": "python"}, sys.stdout)' \
	  > $(LEAN_KERNEL)/kernels/python3/kernel.json
	@touch $@

$(LEAN)/.installed: $(LEAN)/.deps $(PACKAGE_FILES)
	VIRTUAL_ENV=$(LEAN) $(VENV)/bin/uv pip install --quiet --no-deps --reinstall-package conflictbook .
	cd _build && PYTHONDONTWRITEBYTECODE= $(CURDIR)/$(LEAN)/bin/python -c '$(WARM_KERNEL)'
	@touch $@

lean-venv: $(LEAN)/.installed

# The book of `make test`, rendered from the stored outputs that nbval has just found equal to a fresh
# execution (so no notebook is executed a second time); `make book` executes what changed instead.
book-stored: validate nbval
	$(PY) -m conflictbook.publish.build html-stored

# After `make book`: the cached executions against the stored outputs (stale stored outputs show here).
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

# Everything CI checks: the data first; then two lines side by side on the two cores, the notebooks ->
# book rendered from their verified outputs -> browser check (the longer line, often waiting on the
# browser), and the unit tests of both data packages, one after the other; each target's output is
# printed whole when it ends (GNU make 4+); then data/ unchanged, and which source texts were present.
test: data-before validate lint
	@$(MAKE) --no-print-directory -j2 $(OUTPUT_SYNC) sitecheck-stored unit-both
	@$(MAKE) --no-print-directory data-unchanged texts

# GNU make 4+ prints each target's output whole; the make 3.81 of macOS interleaves the two lines' output
OUTPUT_SYNC := $(if $(filter output-sync,$(.FEATURES)),--output-sync=target)
unit-both: unit
	@$(MAKE) --no-print-directory unit-other-data

sitecheck-stored: book-stored
	$(PY) -m conflictbook.publish.sitecheck

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
