# The two commands of README.md, and a few more.
#   make run    install dependencies, build, start the server on :3000
#   make test   install dependencies, build, run every test
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: deps build run test bench format clean

deps:
	bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -G Ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/webrtc-examples --port 3000

test: build
	cd $(BUILD) && ctest --output-on-failure -j 2

bench: build
	bash bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h' '*.js')

clean:
	rm -rf $(BUILD)
