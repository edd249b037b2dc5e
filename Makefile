# Two commands do all the set-up on a fresh machine with Python 3.11 and make:
#   make run    - install into .venv and start the app on the bundled demo data (prints its URL)
#   make test   - install into .venv and run the whole test suite (lint included)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The app opens on the bundled demo (datasets/spins/demo_cashback.csv against
# datasets/games/cashback_wheel.toml); `make run PORT=8502` picks another port.
run: $(STAMP)
	@echo "fairness app on the bundled demo data: open http://localhost:$(PORT)  (Ctrl+C stops it)"
	$(BIN)/fairness app --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
