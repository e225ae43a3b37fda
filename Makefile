# Disrupt: the two commands a new machine needs are `make demo` and `make test`.
#
#   make demo     install what is missing, build (release), generate a regional
#                 data set into ./data/, create demo accounts and serve the portal
#                 (DEMO_SIZE, DEMO_SEED, DEMO_PORT; accounts in data/demo-accounts.txt)
#   make test     install, build with AddressSanitizer+UBSan, run every test (ctest)
#   make bench    build (release) and run the benchmarks under bench/
#   make fuzz     run the libFuzzer targets for longer than `make test` does
#   make build    release build only
#   make web      the portal's browser front end (web/dist) from web/ with npm
#   make screenshots  refresh docs/screenshots/ from a demonstration portal

JOBS        ?= $(shell nproc)
RELEASE_DIR ?= build/release
TEST_DIR    ?= build/test
BENCH_DIR   ?= build/bench
DATA_DIR    ?= data
DEMO_SEED   ?= 2024
DEMO_SIZE   ?= 20000
DEMO_PORT   ?= 8080
CMAKE_GEN   := -G Ninja

# ccache hits across clones: hash paths relative to the checkout.
export CCACHE_BASEDIR   := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps build build-test test demo bench fuzz clean format web screenshots

all: build

deps:
	@bash scripts/install-deps.sh

build: deps web
	cmake -S . -B $(RELEASE_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DDISRUPT_BUILD_TESTS=OFF
	cmake --build $(RELEASE_DIR) -j $(JOBS)

build-test: deps web
	cmake -S . -B $(TEST_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DDISRUPT_SANITIZE=ON
	cmake --build $(TEST_DIR) -j $(JOBS)

test: build-test
	@pg_uri="$${DISRUPT_TEST_POSTGRES:-}"; \
	if [ -z "$$pg_uri" ]; then \
	  trap 'bash $(CURDIR)/scripts/pg-test-cluster.sh stop $(CURDIR)/$(TEST_DIR)/pg-cluster.state' EXIT INT TERM; \
	  pg_uri=$$(bash scripts/pg-test-cluster.sh start $(CURDIR)/$(TEST_DIR)/pg-cluster.state) || { pg_uri=""; \
	    echo "make test: PostgreSQL did not start: its tests are skipped" >&2; \
	    if [ -n "$${DISRUPT_REQUIRE_POSTGRES:-}" ]; then exit 1; fi; }; \
	fi; \
	cd $(TEST_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  env $${pg_uri:+DISRUPT_TEST_POSTGRES="$$pg_uri"} ctest --output-on-failure -j $(JOBS) --timeout 600

demo: build
	@DEMO_PORT=$(DEMO_PORT) bash scripts/demo.sh $(RELEASE_DIR)/src/cli/disrupt $(DATA_DIR) $(DEMO_SIZE) $(DEMO_SEED)

bench: deps
	cmake -S . -B $(BENCH_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DDISRUPT_BUILD_TESTS=OFF -DDISRUPT_BUILD_BENCH=ON
	cmake --build $(BENCH_DIR) -j $(JOBS)
	@bash bench/run.sh $(BENCH_DIR)

# The browser front end: npm ci when the lockfile changes, vite build when a source does.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

screenshots: build
	@bash scripts/screenshots.sh $(RELEASE_DIR)/src/cli/disrupt

fuzz: deps
	@bash scripts/fuzz.sh

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc')

clean:
	rm -rf build
