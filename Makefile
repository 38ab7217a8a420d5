# Two commands: `make run` (set up, migrate, seed, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format bench install install-dev translations i18n-extract i18n-update db clean vendor

# The virtualenv is rebuilt whenever a requirements file changes (stamp files).
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compiled catalogues are build output (not committed): always made from the .po sources.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d campaign/translations -f --statistics

db: install translations
	$(BIN)/flask db upgrade

# The mail sender runs in the background beside the server and stops with it.
run: db
	$(BIN)/flask seed-demo
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl+C stops); mail goes through the outbox sender"
	@$(BIN)/flask mail send --loop --interval 5 & sender=$$!; \
	trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# In parallel, a pytest-xdist worker per core (`make test PYTEST_WORKERS=0` runs serially);
# tests/conftest.py gives each worker its own databases. loadgroup keeps the browser tests on one.
PYTEST_WORKERS ?= auto
test: install-dev translations
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev translations
	$(BIN)/python -m bench

i18n-extract: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext -o campaign/translations/messages.pot --no-location --sort-output .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i campaign/translations/messages.pot -d campaign/translations --ignore-obsolete

clean:
	rm -rf $(VENV) instance .pytest_cache

# Front-end code from npm, copied into static/ and committed (no CDN, nothing built at run time).
# jsQR decodes the slip's QR on the intake page where the browser has no BarcodeDetector.
JSQR_VERSION := 1.4.0
JSQR_SHA256 := $(shell cat static/vendor/jsqr/SHA256SUM 2>/dev/null | cut -d' ' -f1)
vendor:
	set -e; build=$$(mktemp -d); \
	  (cd $$build && npm pack --silent jsqr@$(JSQR_VERSION) >/dev/null \
	    && echo "$(JSQR_SHA256)  jsqr-$(JSQR_VERSION).tgz" | sha256sum -c - \
	    && tar -xzf jsqr-$(JSQR_VERSION).tgz); \
	  mkdir -p static/vendor/jsqr; \
	  cp $$build/package/dist/jsQR.js $$build/package/LICENSE static/vendor/jsqr/; \
	  rm -rf $$build
