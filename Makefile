# wirestream — the two commands a newcomer needs: `make run` and `make test`.
# Everything else (venv, Python deps, spaCy model, Kafka jars) is installed on demand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JARS   := .state/.jars-ready
# The official AsyncAPI parser (npm), which tests/unit/test_asyncapi.py runs with Node.
ASYNCAPI_DEPS := tools/asyncapi/node_modules/.package-lock.json
PYTEST_ARGS ?=
# rustup installs cargo here; the dedup hot path (native/) is built with it.
export PATH := $(HOME)/.cargo/bin:$(PATH)
NATIVE_SRC := native/Cargo.toml native/pyproject.toml native/wirestream_native.pyi $(wildcard native/src/*.rs native/src/*/*.rs)


.PHONY: run test test-slow unit integration install jars asyncapi-deps system-deps lint format schemas bench eval clean help

help:
	@echo "make run    — local Kafka broker + worker + seed replay + live output (Ctrl-C stops)"
	@echo "make test   — unit and integration tests (starts its own broker)"
	@echo "make lint | bench | eval | schemas | clean"

$(STAMP): pyproject.toml $(NATIVE_SRC)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 required"'
	@command -v cargo >/dev/null || { echo "Rust's cargo is required to build native/ (https://rustup.rs)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q ./native
	@touch $(STAMP)

install: $(STAMP)

# The Apache Kafka jars, fetched from Maven Central once and cached under .state/.
$(JARS): $(STAMP) deploy/kafka/pom.xml
	@command -v java >/dev/null || { echo "Java >= 17 is required (apt-get install openjdk-17-jre-headless)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)"; exit 1; }
	$(BIN)/python -c 'from stream.local.broker import LocalBroker; from stream.settings import get_settings as s; print(LocalBroker.from_settings(s()).ensure_jars())'
	@touch $(JARS)

jars: $(JARS)

# Debian packages the tests use: Node and npm (the AsyncAPI parser), Chromium (the
# dashboard's browser test, driven by Playwright), promtool (monitoring config). Installed
# with apt-get when missing and we are root; otherwise the command to run is printed.
SYSTEM_DEPS := .state/.system-deps-ready
$(SYSTEM_DEPS):
	@missing=""; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v promtool >/dev/null || missing="$$missing prometheus"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "missing system packages: apt-get install$$missing" >&2; exit 1; fi; \
	fi
	@mkdir -p .state && touch $(SYSTEM_DEPS)

system-deps: $(SYSTEM_DEPS)

$(ASYNCAPI_DEPS): tools/asyncapi/package.json tools/asyncapi/package-lock.json $(SYSTEM_DEPS)
	cd tools/asyncapi && npm ci --no-audit --no-fund

asyncapi-deps: $(ASYNCAPI_DEPS)

run: $(STAMP) $(JARS)
	$(BIN)/wirestream up

# pytest exit code 5 ("no tests collected") is a failure here, never a pass.
PYTEST = rc=0; $(BIN)/python -m pytest tests $(PYTEST_ARGS) $(1) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

# The single-worker kill loop and the start-up loss regression are part of `make test`
# (the kill loop's intermittent loss was found and fixed, issue 12). The
# three-worker cluster short form is back in `make test` too: its one loss in eight runs
# after that fix was found and fixed (docs/reliability.md); 26 of 26 runs since.
# `make test-slow` runs the fault short forms, to loop them.
FAULT_TESTS = -m integration -k "kill_loop or cluster_faults_lose_nothing or uncommitted_partitions"
test: $(STAMP) $(JARS) $(ASYNCAPI_DEPS) $(SYSTEM_DEPS)
	cd native && cargo test --release -q
	@$(call PYTEST,-m "not slow")

test-slow: $(STAMP) $(JARS) $(SYSTEM_DEPS)
	@$(call PYTEST,$(FAULT_TESTS))

unit: $(STAMP) $(ASYNCAPI_DEPS)
	@$(call PYTEST,-m "not integration")

integration: $(STAMP) $(JARS) $(SYSTEM_DEPS)
	@$(call PYTEST,-m integration)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd native && cargo fmt --check && cargo clippy --release --all-targets -q -- -D warnings

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	cd native && cargo fmt

schemas: $(STAMP)
	$(BIN)/wirestream schemas

bench: $(STAMP)
	$(BIN)/python bench/bench_dedup.py
	$(BIN)/python bench/bench_clusters.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_rules.py
	$(BIN)/python bench/bench_pathological.py
	$(BIN)/python bench/bench_process.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_e2e.py

# Real-news sets first (read from ../shared/eval at run time), our own sets second.
eval: $(STAMP)
	$(BIN)/python -m eval.cluster.run
	$(BIN)/python eval/extract/polnear.py --split heldout
	$(BIN)/python eval/extract/pronouns.py --split heldout
	$(BIN)/python -m eval.cluster.names_parity
	$(BIN)/python eval/normalize/run.py
	$(BIN)/python -m eval.dedup.run
	$(BIN)/python eval/extract/run.py

clean:
	-$(BIN)/wirestream broker stop
	rm -rf .state/kafka .state/faust .state/logs
