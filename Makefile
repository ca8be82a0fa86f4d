# LIGHTVIBES: `make run` starts the service, `make test` runs every check. Both set up .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
STATE_DIR ?= .lightvibes
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: install run test lint typecheck pytest openapi env-example lock bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "LIGHTVIBES needs Python 3.11 or newer: set PYTHON=python3.X")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(BIN)/python -m pip install $(PIP_FLAGS) -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p $(STATE_DIR)
	@test -f $(STATE_DIR)/recipient.pub || $(BIN)/lightvibes keygen --kem x25519 --out $(STATE_DIR)
	$(BIN)/lightvibes serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests bench LIGHTVIBES
	$(BIN)/ruff format --check src tests bench LIGHTVIBES

typecheck: install
	$(BIN)/mypy --strict src/

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

openapi: install
	$(BIN)/lightvibes openapi --out openapi.yaml

env-example: install
	$(BIN)/lightvibes config example > .env.example

# Re-pin every dependency to what resolves today (review the diff before committing).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install $(PIP_FLAGS) -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt
	rm -rf .lock-venv

bench: install
	bash bench/run.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
