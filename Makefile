# Aduan: `make run` serves the demo on http://127.0.0.1:8000 with the worker beside it (mail in
# var/mail/), `make test` runs every check (`make check`: the quick part).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: run test check lint bench screenshots guide-images lock messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Aduan needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt pyproject.toml | $(BIN)/python
	@echo "Installing Aduan into $(VENV) ..."
	$(PIP) -r requirements/base.txt
	$(PIP) --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	@echo "Installing Aduan with its development tools into $(VENV) ..."
	$(PIP) -r requirements/dev.txt
	$(PIP) --no-deps -e .
	@touch $@ $(VENV)/.installed-base

run: $(VENV)/.installed-base
	DEBUG=1 $(BIN)/aduan migrate --no-input
	DEBUG=1 $(BIN)/aduan load-regions
	DEBUG=1 $(BIN)/aduan demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (staff: /kantor/, admin: /admin/, API: /api/v1/). Stop with Ctrl-C."
	@echo "The worker runs beside the server (receipts, notifications, clocks); mail the demo sends is in var/mail/."
	BIN=$(BIN) PORT=$(PORT) DEBUG=1 scripts/serve

# axe-core for the browser journeys (tests/journeys), pinned in package-lock.json; without npm the
# journeys are skipped, saying so.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@ \
	    || echo "!! npm ci failed: the browser journeys (tests/journeys) will be SKIPPED"; \
	else \
	  echo "!! npm is absent: axe-core is not installed and the browser journeys (tests/journeys) will be SKIPPED"; \
	fi

test: $(VENV)/.installed-dev node_modules/axe-core/axe.min.js
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DEBUG=1 $(BIN)/aduan makemigrations --check --dry-run
	scripts/run-tests

# The inner loop (under 5 minutes): lint and the suite on SQLite, without the demo site's crawl
# and fuzz, the browser journeys and the clock edges. `make test` runs everything, as CI does.
check: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	scripts/run-tests --quick

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

# Back-office screens at 1366x768 and phone width, in headless Chromium (apt-get install chromium).
screenshots: $(VENV)/.installed-dev
	$(PIP) playwright
	$(BIN)/python scripts/screenshots.py

# The user guide's screenshots: shrunk copies of the browser journeys' screenshots
# (var/screenshots/journeys/, written by the journeys in `make test`) under the guide's static folder.
guide-images: $(VENV)/.installed-base
	DEBUG=1 $(BIN)/aduan guide-shots

# Re-pin every dependency (needs network access to PyPI).
lock: $(VENV)/.installed-dev
	$(PIP) uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 -o requirements/base.txt --custom-compile-command "make lock"
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements/dev.txt --custom-compile-command "make lock"

# Extract translatable strings and compile the catalogues (needs GNU gettext).
messages: $(VENV)/.installed-dev
	cd src/aduan && DEBUG=1 ../../$(BIN)/aduan makemessages -l id -l en --no-obsolete
	cd src/aduan && DEBUG=1 ../../$(BIN)/aduan compilemessages

clean:
	rm -rf $(VENV) build dist src/*.egg-info
