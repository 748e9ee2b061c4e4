# tsunagu: the commands a newcomer needs. `make demo` and `make test` work on a fresh Debian 12.
SHELL := /bin/bash
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
NODE_STAMP := node_modules/.package-lock.json

.PHONY: all deps build build-asan web demo test test-unit test-emulator test-integration \
        test-web test-e2e test-sanitize format format-check fuzz bench bench-cluster clean

all: build

# Debian packages (idempotent) and the npm packages pinned in package-lock.json.
deps:
	@scripts/install-deps
	@$(MAKE) --no-print-directory $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/build.ninja web
	cmake --build $(BUILD_DIR) -j $(JOBS)

web: $(NODE_STAMP)
	npm run --silent build:web

$(ASAN_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTSUNAGU_SANITIZE=ON

build-asan: deps $(ASAN_DIR)/build.ninja
	cmake --build $(ASAN_DIR) -j $(JOBS)

# Starts the LINE emulator and tsunagu with demo staff on SQLite under ./var, then prints URLs.
demo: build
	@scripts/demo

# The whole suite: layers, unit, Store contract (SQLite and PostgreSQL), the emulator against
# LINE's OpenAPI files, the real binary against the emulator (one node on SQLite, two on
# PostgreSQL), and the console in Chromium. PostgreSQL servers are throwaway ones started by
# scripts/with-postgres.
test: build
	@$(MAKE) --no-print-directory test-unit test-web test-emulator test-integration test-e2e

test-unit:
	cd $(BUILD_DIR) && ctest --output-on-failure

# The console: type check and its unit tests.
test-web: $(NODE_STAMP)
	npm run --silent test:web

test-emulator: $(NODE_STAMP)
	npm run --silent test:emulator

# With a throwaway PostgreSQL server for the multi-node tests (scripts/with-postgres).
test-integration: $(NODE_STAMP)
	TSUNAGU_BIN=$${TSUNAGU_BIN:-$(BUILD_DIR)/tsunagu} scripts/with-postgres npm run --silent test:integration

test-e2e: $(NODE_STAMP)
	TSUNAGU_BIN=$${TSUNAGU_BIN:-$(BUILD_DIR)/tsunagu} npm run --silent test:e2e

# Unit, contract and integration tests again under AddressSanitizer and UBSan.
test-sanitize: build-asan
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure
	TSUNAGU_BIN=$(ASAN_DIR)/tsunagu $(MAKE) --no-print-directory test-integration

FORMAT_FILES = $(shell git ls-files '*.h' '*.cc' 2>/dev/null)

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run -Werror $(FORMAT_FILES)

# Coverage-guided fuzzing of every target in tests/fuzz (see docs/fuzzing.md).
FUZZ_SECONDS ?= 60
fuzz: deps
	@tests/fuzz/run $(FUZZ_SECONDS)

# Benchmarks (docs/performance.md), built RelWithDebInfo in $(BENCH_DIR): the microbenchmarks,
# then the end-to-end webhook benchmark (about 6 minutes). Its knobs pass through, e.g.
# `make bench DURATION=30 SERVER_THREADS=2 SCENARIOS=ingest` (see bench/webhook/run);
# MICRO_ARGS goes to micro_bench (e.g. --benchmark_filter=Parse).
BENCH_DIR ?= build-bench
MICRO_ARGS ?=

bench:
	@scripts/install-deps
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTSUNAGU_BENCH=ON \
	  -DTSUNAGU_TESTS=OFF
	cmake --build $(BENCH_DIR) -j $(JOBS) --target tsunagu micro_bench tsunagu_txstats
	$(BENCH_DIR)/micro_bench $(MICRO_ARGS)
	BUILD_DIR=$(BENCH_DIR) bench/webhook/run

# Several nodes on PostgreSQL next to SQLite (docs/performance.md, "Several nodes on PostgreSQL"):
# about 8 minutes on a quiet machine; knobs pass through, e.g. `make bench-cluster SETUPS=pg2`.
bench-cluster:
	@scripts/install-deps
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTSUNAGU_BENCH=ON \
	  -DTSUNAGU_TESTS=OFF
	cmake --build $(BENCH_DIR) -j $(JOBS) --target tsunagu
	BUILD_DIR=$(BENCH_DIR) bench/cluster/run

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz web/dist
