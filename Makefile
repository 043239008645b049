# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make run   - creates .venv, installs unknot, opens the app
#   make test  - creates .venv, installs the test extras, checks lint and types, runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format bench sounds screenshot clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "unknot needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# constraints.txt pins the exact versions the snapshot tests were made with; pyproject.toml keeps
# the compatible ranges that people who install unknot get.
$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/unknot

test: $(VENV)/.installed-test
	$(BIN)/ruff check tui tests benchmarks scripts
	$(BIN)/mypy  # settings in pyproject.toml: strict on tui/core and tui/audio
	$(BIN)/python -m pytest -n auto --maxprocesses=4 --dist worksteal

lint: $(VENV)/.installed-test
	$(BIN)/ruff check tui tests benchmarks scripts
	$(BIN)/ruff format --check tui tests benchmarks scripts

format: $(VENV)/.installed-test
	$(BIN)/ruff format tui tests benchmarks scripts

$(VENV)/.installed-bench: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run_all.py

sounds: $(VENV)/.installed-test
	$(BIN)/python scripts/make_sounds.py

screenshot: $(VENV)/.installed-test
	$(BIN)/python scripts/screenshot.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
