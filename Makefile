# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
VAR := $(CURDIR)/var
SQLITE_TEST_URL := sqlite:///$(VAR)/test.sqlite3
export PLAATSREGIE_DATA_DIR ?= $(VAR)

.PHONY: demo test install compile lint browser test-sqlite test-postgres bench clean

$(BIN)/.installed: pyproject.toml
	scripts/pdf-libs-up
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## The simulator's event side compiled to C (optional: without a C compiler it runs interpreted, only slower)
src/plaatsregie/simulation/compiled.json: $(BIN)/.installed scripts/compile-simulator $(wildcard src/plaatsregie/simulation/*.py)
	scripts/compile-simulator $(BIN)/python

compile: src/plaatsregie/simulation/compiled.json

install: $(BIN)/.installed compile

## Run the application on SQLite with demo data at http://127.0.0.1:8000/
## (demo only: PLAATSREGIE_DEMO=1 switches the second factor off and says so on every page),
## with the background worker that runs the simulations started from the web (stopped with the server)
demo: install
	PLAATSREGIE_DEBUG=1 PLAATSREGIE_DEMO=1 $(BIN)/plaatsregie migrate --noinput
	PLAATSREGIE_DEBUG=1 PLAATSREGIE_DEMO=1 $(BIN)/plaatsregie demo
	PLAATSREGIE_DEBUG=1 PLAATSREGIE_DEMO=1 $(BIN)/plaatsregie db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	PLAATSREGIE_DEBUG=1 PLAATSREGIE_DEMO=1 $(BIN)/plaatsregie runserver 127.0.0.1:8000

## Run every check and the whole test suite on SQLite and on PostgreSQL
test: install lint browser test-sqlite test-postgres

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	PLAATSREGIE_DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/plaatsregie makemigrations --check --dry-run

## Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded)
browser:
	scripts/chromium-up

test-sqlite: install
	PLAATSREGIE_DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/pytest

test-postgres: install
	PLAATSREGIE_DATABASE_URL=$$(scripts/postgres-up | tail -n 1) $(BIN)/pytest

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(VAR) .pytest_cache .mypy_cache .ruff_cache .hypothesis src/build src/*__mypyc*.so \
		src/plaatsregie/simulation/*.so src/plaatsregie/simulation/compiled.json
