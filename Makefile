# decider: `make run` opens the wizard on a ready example workspace, `make test` runs every
# check, `make bench` measures it (and writes docs/benchmarks.md). Each target sets up what it needs first: a virtual environment in .venv
# with the package and its dev extras, and Graphviz's `dot`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint bench clean

setup: $(STAMP)
	@scripts/ensure-graphviz

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "error: decider needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "error: could not create a virtual environment (on Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

DEMO := build/demo-workspace

run: setup
	@test -d $(DEMO) || { mkdir -p build && cp -r examples/workspace $(DEMO); }
	$(BIN)/decider --dir $(DEMO) --answers examples/order-placed.yaml

lint: setup
	$(BIN)/ruff check decider tests bench
	$(BIN)/ruff format --check decider tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/bench.py --docs docs/benchmarks.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis site build dist
