# Two commands on a fresh machine: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench check eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/python -m bot run

test: lint
	$(BIN)/python -m pytest -q

# ruff (lint and format) and mypy with the project's configuration in pyproject.toml; any finding fails.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python -m bench

check: $(VENV)/.installed
	$(BIN)/python -m bot check

eval: $(VENV)/.installed
	$(BIN)/python -m bot eval ../shared/devset/questions.yaml

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
