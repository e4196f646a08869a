# Two entry points for a fresh Debian 12 machine: `make run` and `make test`.
# Each installs what is missing, configures with the CMake preset and builds.
PRESET ?= dev
JOBS ?= $(shell nproc)

.PHONY: deps configure build run test bench asan clean

deps:
	@bash packaging/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	./build/$(PRESET)/app/racescope-cli run --scenario seed --fault early-free --explain

test: build
	ctest --preset $(PRESET) -j $(JOBS)

bench: PRESET = release
bench: build
	./build/release/bench/racescope-bench

asan:
	@$(MAKE) test PRESET=asan

clean:
	rm -rf build
