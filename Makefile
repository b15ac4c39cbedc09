# meahub: `make run` serves the demo, `make test` runs every check. Both set up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8000

.PHONY: install run test lint typecheck test-postgres bench vendor worker clean

install: $(STAMP)
	@mkdir -p var
	$(BIN)/meahub migrate --no-input -v 0

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "meahub needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

# The task worker runs beside the web server (uploads, reminders); both stop together.
run: install
	$(BIN)/meahub demo
	$(BIN)/meahub db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/meahub serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check meahub bench
	$(BIN)/ruff format --check meahub bench

typecheck: $(STAMP)
	$(BIN)/mypy meahub

test: install lint typecheck
	$(BIN)/meahub makemigrations --check --dry-run -v 0
	$(BIN)/pytest meahub

bench: install
	$(BIN)/python bench/registers.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/mandates.py
	$(BIN)/python bench/suggestions.py
	$(BIN)/python bench/reporting.py

worker: install
	$(BIN)/meahub db_worker

# Refresh the vendored front-end files (committed under meahub/core/static/vendor) from the npm registry.
vendor:
	cd frontend && npm ci --no-audit --no-fund
	cd frontend && node vendor.mjs

clean:
	rm -rf $(VENV) var/*.sqlite3*
