# Trait d'union — developer entry point. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLE := $(VENV)/.installe
MANAGE := $(BIN)/python manage.py
ADRESSE ?= 127.0.0.1:8000

.PHONY: install run test lint format demo bench captures

$(INSTALLE): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	@touch $(INSTALLE)

install: $(INSTALLE)

# axe-core for the accessibility checks of the browser tests (npm, versions locked).
node_modules/.installe: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch node_modules/.installe

## make run: installs, starts the database, migrates, loads the demo when empty, serves.
run: install
	@scripts/verifier_paquets.sh pdf
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) demo --si-vide
	@echo "Trait d'union : http://$(ADRESSE)/"
	DEBUG=1 DOUBLE_AUTHENTIFICATION_OBLIGATOIRE=0 $(MANAGE) runserver $(ADRESSE)

demo: install
	DEBUG=1 $(MANAGE) demo

## make test: the whole suite on PostgreSQL (DATABASE_URL, else the embedded server).
## Browser journeys need chromium and npm; without them (outside CI) the rest runs and
## one line says what was left out.
test: install
	@scripts/verifier_paquets.sh pdf
	@if scripts/verifier_paquets.sh navigateur; then \
	  $(MAKE) --no-print-directory node_modules/.installe && $(BIN)/pytest; \
	elif [ -n "$$CI" ]; then exit 1; \
	else \
	  echo "Parcours dans le navigateur NON lancés : il manque chromium ou npm (voir ci-dessus)."; \
	  $(BIN)/pytest -m "not e2e"; \
	fi

## make captures: screenshots of the main screens into docs/captures/ (needs chromium).
captures: install node_modules/.installe
	@scripts/verifier_paquets.sh navigateur
	CAPTURES=1 $(BIN)/pytest -q -m e2e tests/e2e/test_captures.py

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make bench: performance benchmark, not part of make test (docs/performance.md).
## DATABASE_URL, else trait_union_bench(_small) on 127.0.0.1:5432, generated when empty.
SCALE ?= national
bench: install
	@scripts/verifier_paquets.sh pdf
	$(BIN)/python -m tests.perf.bench --scale $(SCALE)
