# Two entry points for a fresh Debian 12 machine: `make run` and `make test`.
# Each installs what is missing, configures with the CMake preset and builds.
PRESET ?= dev
JOBS ?= $(shell nproc)

.PHONY: deps configure build run demo test bench asan clean

deps:
	@bash packaging/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	./build/$(PRESET)/app/racescope --scenario seed

# The seed's oops and its explanation in the terminal, for machines without a display.
demo: build
	./build/$(PRESET)/app/racescope-cli run --scenario seed --fault early-free --explain || test $$? -eq 3

test: build
	ctest --preset $(PRESET) -j $(JOBS)

bench: PRESET = release
bench: build
	./build/release/bench/racescope-bench
	QT_QPA_PLATFORM=offscreen ./build/release/bench/racescope-bench-views

asan:
	@$(MAKE) test PRESET=asan

clean:
	rm -rf build
