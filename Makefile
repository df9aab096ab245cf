# make map   create ./.venv, install the project, build output/g60_corridor.html
# make test  install the test extras and Chromium, then ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: map test lint chromium clean

map: $(VENV)/.installed
	$(BIN)/mapgen build

test: $(VENV)/.installed-test chromium lint
	$(BIN)/pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check mapgen tests
	$(BIN)/mypy mapgen

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
	rm -rf $(VENV) output/*.html
