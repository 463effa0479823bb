# Trait d'union — developer entry point. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLE := $(VENV)/.installe
MANAGE := $(BIN)/python manage.py
ADRESSE ?= 127.0.0.1:8000
# exec: a SIGTERM sent to make reaches runserver itself, not a shell that would leave it running.
SERVIR = exec env DEBUG=1 DOUBLE_AUTHENTIFICATION_OBLIGATOIRE=0 $(MANAGE) runserver $(ADRESSE)
# Debian packages: installed when run as root, named with the command to run otherwise.
PAQUETS := scripts/paquets_debian.sh

.PHONY: install run serveur test lint format demo bench captures

$(INSTALLE): pyproject.toml
	@PYTHON=$(PYTHON) scripts/installer_python.sh $(VENV)

install: $(INSTALLE)

# axe-core for the accessibility checks of the browser tests (npm, versions locked).
node_modules/.installe: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch node_modules/.installe

## make run: installs, starts the database, migrates, loads the demo when empty, serves.
run: install
	@$(PAQUETS) pdf
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) demo --si-vide
	@echo "Trait d'union : http://$(ADRESSE)/"
	$(SERVIR)

## make serveur: the last step of make run alone (the stop tests run it).
serveur:
	$(SERVIR)

demo: install
	DEBUG=1 $(MANAGE) demo

## make test: the whole suite on PostgreSQL (DATABASE_URL, else the embedded server).
## Browser journeys need chromium and npm; without them (outside CI) the rest runs and
## one line says what was left out.
test: install
	@$(PAQUETS) pdf tests navigateur || $(PAQUETS) --muet pdf tests
	@if $(PAQUETS) --muet navigateur; then \
	  $(MAKE) --no-print-directory node_modules/.installe && $(BIN)/pytest; \
	elif [ -n "$$CI" ]; then exit 1; \
	else \
	  echo "Parcours dans le navigateur NON lancés : il manque chromium ou npm (voir ci-dessus)."; \
	  $(BIN)/pytest -m "not e2e"; \
	fi

## make captures: screenshots of the main screens into docs/captures/ (needs chromium).
captures: install
	@$(PAQUETS) pdf navigateur
	@$(MAKE) --no-print-directory node_modules/.installe
	CAPTURES=1 $(BIN)/pytest -q -m e2e tests/e2e/test_captures.py

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make bench: performance benchmark, not part of make test (docs/performance.md).
## DATABASE_URL, else trait_union_bench(_small) on 127.0.0.1:5432, generated when empty.
SCALE ?= national
bench: install
	@$(PAQUETS) pdf
	$(BIN)/python -m tests.perf.bench --scale $(SCALE)
