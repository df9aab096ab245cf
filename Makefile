# make map   create ./.venv, install the project, build output/g60_corridor.html
# make test  install the test extras, Chromium and the runtime's checkers, then every check:
#            ruff (lint and format), mypy, the import contracts, tsc, the runtime's unit
#            tests (node --test) and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: map test lint js chromium clean

map: $(VENV)/.installed
	$(BIN)/mapgen build

test: $(VENV)/.installed-test chromium lint js
	$(BIN)/pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check mapgen tests bench docs
	$(BIN)/ruff format --check mapgen tests bench docs
	$(BIN)/mypy mapgen
	$(BIN)/lint-imports

# The page runtime (mapgen/web/runtime/*.js): type-checked by TypeScript against the
# payload types that mapgen/web/payloads.py declares, and its pure functions unit-tested.
js: node_modules/.installed
	npx --no-install tsc --noEmit -p .
	node --test tests/js/

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,boundaries]'
	touch $(VENV)/.installed $@

# Browser tests drive Debian's Chromium; `playwright install` would download a
# browser of its own, which this network does not allow.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install -y chromium fonts-noto-cjk'" >&2; exit 1; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) node_modules output/*.html
