# restjwt — the two commands: `make run` and `make test`. Everything else is a step of those.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DEB_BUILD  ?= build-deb
JOBS       ?= $(shell nproc)
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
FUZZ_SECONDS ?= 5

# `make run` and `make build` need only the packages of `scripts/bootstrap run`: a build folder
# they configure first holds the library, the server and the command, without the tests,
# benchmarks and examples (which need GoogleTest and Google Benchmark). `make test` and
# `make bench` configure the same folder with everything.
PRODUCT_ONLY := -DRESTJWT_BUILD_TESTS=OFF -DRESTJWT_BUILD_BENCH=OFF -DRESTJWT_BUILD_EXAMPLES=OFF
EVERYTHING   := -DRESTJWT_BUILD_TESTS=ON -DRESTJWT_BUILD_BENCH=ON -DRESTJWT_BUILD_EXAMPLES=ON

.PHONY: all bootstrap-run bootstrap-deb bootstrap-test bootstrap-bench configure configure-all \
	build build-all run deb test test-asan fuzz-build fuzz fuzz-smoke bench bench-keys bench-costs bench-soak bench-peers \
	lint clean

all: build

# scripts/bootstrap run|deb|test|bench: the Debian packages for that purpose (idempotent).
bootstrap-run bootstrap-deb bootstrap-test bootstrap-bench:
	@scripts/bootstrap $(patsubst bootstrap-%,%,$@)

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) $(PRODUCT_ONLY)

# The product (and whatever else the folder was configured with before).
configure: bootstrap-run $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Tests, benchmarks and examples too.
configure-all: bootstrap-test
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) $(EVERYTHING)

build-all: configure-all
	cmake --build $(BUILD) -j $(JOBS)

# Installs, builds, creates var/ (database, secret) and serves on 127.0.0.1:8000.
run: configure
	cmake --build $(BUILD) -j $(JOBS) --target restjwt
	scripts/run-server

# restjwt_<version>_<arch>.deb in the checkout (scripts/build-deb): the product alone, built in
# its own folder, with the systemd unit and the default configuration of deploy/debian/.
deb: bootstrap-deb
	JOBS=$(JOBS) scripts/build-deb $(DEB_BUILD) .

# Every test: the release build's whole suite (with the package tests, which package and install
# the command this build made), then the unit and integration tests again under ASan + UBSan,
# then a few seconds of each fuzzer.
test: build-all
	cd $(BUILD) && DEB_BUILD=$(abspath $(BUILD)) REUSE_BUILD=1 \
	  ctest --output-on-failure -j 2 --timeout 600
	$(MAKE) test-asan
	$(MAKE) fuzz-smoke

test-asan: bootstrap-test
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRESTJWT_SANITIZE=ON \
	  -DRESTJWT_BUILD_BENCH=OFF -DRESTJWT_BUILD_EXAMPLES=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j 2 -L 'unit|integration' --timeout 900

$(FUZZ_BUILD)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DRESTJWT_FUZZ=ON -DRESTJWT_BUILD_BENCH=OFF -DRESTJWT_BUILD_EXAMPLES=OFF

fuzz-build: bootstrap-test $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers

# Short runs for `make test`; `make fuzz FUZZ_SECONDS=600` for long ones.
fuzz-smoke: fuzz-build
	scripts/run-fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz: fuzz-build
	scripts/run-fuzzers $(FUZZ_BUILD) $(if $(filter 5,$(FUZZ_SECONDS)),300,$(FUZZ_SECONDS))

# One bootstrap per chain (never two apt-get runs at once under `make -j`): the sub-make's
# `scripts/bootstrap test` finds everything installed.
bench: bootstrap-bench
	$(MAKE) build-all
	scripts/bench

# The key ring's load figures: the token check with and without the ring, and the JWKS served.
bench-keys: bootstrap-bench
	$(MAKE) build-all
	scripts/bench-keys

# What the access log and the metrics cost a request (server CPU per request, A/B alternating).
bench-costs: bootstrap-bench
	$(MAKE) build-all
	scripts/bench-ab access-log --rounds 5
	scripts/bench-ab metrics --rounds 5

# RSS under 10 minutes of mixed load (verify + logins): flat means no leak, no growth.
bench-soak: bootstrap-bench
	$(MAKE) build-all
	/usr/bin/python3 bench/footprint.py soak --restjwt $(BUILD)/restjwt --seconds 600

bench-peers: bootstrap-bench
	bench/peers/django/run

lint: bootstrap-test
	$(MAKE) configure
	scripts/lint $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(DEB_BUILD) restjwt_*.deb
