# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
.PHONY: run test setup ui test-rust test-ui test-e2e lint bench deny sbom fuzz

CARGO ?= cargo
LIBRARY ?= $(CURDIR)/reports

run: setup ui
	$(CARGO) run -p kuni-desktop -- --library "$(LIBRARY)"

test: setup ui test-rust test-ui test-e2e

setup:
	@scripts/setup.sh

ui:
	cd ui && npm run build

# The UI bundle scan (tests/testsuite/offline.rs) must not skip here: `ui` was built first.
test-rust:
	KUNI_REQUIRE_UI_BUNDLE=1 $(CARGO) test
	$(CARGO) test -p kuni-desktop

test-ui:
	cd ui && npm run check && npm test

test-e2e:
	$(CARGO) build -p kuni-desktop
	tests/e2e/run.sh

lint: deny
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Licences, banned crates and sources of the Rust dependencies (deny.toml); offline, so no
# advisories here (docs/security.md says how to check those where a network is available).
deny:
	$(CARGO) deny --offline --workspace check licenses bans sources

# A CycloneDX SBOM of every Rust and npm package, checked for completeness.
sbom:
	python3 scripts/sbom.py kuni-sbom.json
	python3 scripts/sbom.py --check kuni-sbom.json

# Fuzzing needs nightly and cargo-fuzz (see scripts/fuzz.sh); not part of test or CI.
FUZZ_SECONDS ?= 300
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

bench: setup
	$(CARGO) build --release --bin kuni
	target/release/kuni --library "$(LIBRARY)" bench search
	python3 scripts/bench_pdf.py target/release/kuni
