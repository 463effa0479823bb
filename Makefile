# Trait d'union — developer entry point. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLE := $(VENV)/.installe
MANAGE := $(BIN)/python manage.py
ADRESSE ?= 127.0.0.1:8000

.PHONY: install run test lint format demo

$(INSTALLE): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	@touch $(INSTALLE)

install: $(INSTALLE)

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
test: install
	@scripts/verifier_paquets.sh pdf
	$(BIN)/pytest

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

