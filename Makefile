# Tapedeck: the two commands are `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
TOOLS_DIR ?= $(HOME)/.cache/tapedeck/tools
export TOOLS_DIR
export PATH := $(TOOLS_DIR)/bin:$(TOOLS_DIR)/npm/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
# wasm-bindgen-test-runner gives chromedriver 5 s to start and a test binary 20 s: on a
# loaded 2-core CI machine right after a build, chromedriver has needed more.
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT ?= 60
export WASM_BINDGEN_TEST_TIMEOUT ?= 120
WASM := --target wasm32-unknown-unknown

.PHONY: run test setup setup-test build lint test-core test-wasm test-e2e bench bench-huge screenshots clean fuzz

## make run: install what is missing, build, and serve the player on http://127.0.0.1:8080
run: setup
	trunk serve --offline --release

## make test: install what is missing (also Chromium), then lint and every test
test: setup-test lint test-core test-wasm test-e2e

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

## release build into dist/
build: setup
	trunk build --offline --release

lint:
	cargo fmt --all -- --check
	cargo clippy --offline --workspace --all-targets -- -D warnings
	cargo clippy --offline -p tapedeck $(WASM) --all-targets -- -D warnings

## the pure core, natively (fast), and every input the fuzzers crashed on
test-core:
	cargo test --offline -p tapedeck-core -p tapedeck-fuzz --release

## components and renderer in headless Chromium (wasm-bindgen-test)
test-wasm:
	cargo test --offline -p tapedeck $(WASM)

## the built app driven in headless Chromium (Playwright with the system Chromium)
test-e2e: build
	scripts/size-check.sh
	cd tests/e2e && npx playwright test --grep-invert "responsive, shown, nothing forbidden loads"
	# The adversarial suite times long tasks: one browser at a time, so tests do not slow each other.
	cd tests/e2e && npx playwright test adversary.spec.mjs --workers 1

## Tapedeck beside rrweb's Replayer (../shared/bench), same run: first frame, seeks, fidelity, playback; core figures
bench: build setup-test
	scripts/bench.sh

## PNGs of the player at every tested size, both themes, into screenshots/ (for looking at them)
screenshots: build setup-test
	mkdir -p screenshots
	cd tests/e2e && SCREENSHOTS_DIR=$(CURDIR)/screenshots npx playwright test layout.spec.mjs -g "every control"

clean:
	cargo clean
	rm -rf dist

## fuzz the core's loader and engine (cargo-fuzz, nightly): FUZZ_SECONDS per target (default 300)
FUZZ_SECONDS ?= 300
fuzz:
	@rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for t in load apply; do \
	  mkdir -p corpus/$$t && \
	  cargo +nightly fuzz run -O $$t corpus/$$t seeds/$$t regressions/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 -rss_limit_mb=4096 || exit 1; \
	done
	@echo "Crashes are in fuzz/artifacts/<target>/: copy each to fuzz/regressions/<target>/ once fixed."

## a generated session of HOURS hours (500,000 events an hour; HOURS=4: two million) in Tapedeck and in rrweb's harness
HOURS ?= 1
HUGE = target/huge/huge-$(HOURS)h
bench-huge: build setup-test
	@[ -d "$(HOME)/.cache/tapedeck/anchor/node_modules/rrweb" ] || RECORDINGS=buggy-checkout scripts/bench.sh
	node scripts/make-huge-session.mjs --out $(HUGE).json --events $$(( $(HOURS) * 500000 )) --minutes $$(( $(HOURS) * 60 ))
	node bench/huge-bench.mjs --anchor $(HOME)/.cache/tapedeck/anchor --file $(HUGE).json
	node bench/scrub-bench.mjs --anchor $(HOME)/.cache/tapedeck/anchor --file $(HUGE).json --early
	cp $(HUGE).json $(HUGE).meta.json $(HOME)/.cache/tapedeck/anchor/recordings/
	cd $(HOME)/.cache/tapedeck/anchor && node anchor-bench.mjs --reps 1 --seeks 40 --configs default --no-shots \
	  --out $(CURDIR)/target/bench/huge-$(HOURS)h-rrweb.json huge-$(HOURS)h \
	  || echo "rrweb's harness could not play huge-$(HOURS)h (its error is above)"
