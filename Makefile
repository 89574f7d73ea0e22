# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
.PHONY: run test setup ui test-rust test-ui test-e2e test-site lint bench bench-app bench-site bench-sources deb deb-smoke screenshots deny sbom fuzz

CARGO ?= cargo
# `make run` opens LIBRARY when given, else what the settings name, else the bundled sample
# library (then read-only for Sync, as for the CLI). The benchmark reads the bundled one.
run: setup ui
	$(CARGO) run -p kuni-desktop $(if $(LIBRARY),-- --library "$(LIBRARY)")

test: setup ui test-rust test-ui test-e2e test-site

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

# The static website in headless Chromium, opened from disk (tests/site/).
test-site:
	tests/site/run.sh

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
	target/release/kuni --library "$(or $(LIBRARY),$(CURDIR)/reports)" bench search
	python3 scripts/bench_pdf.py target/release/kuni
	python3 scripts/bench_docx.py target/release/kuni
	python3 scripts/bench_sign.py target/release/kuni

# A source check of 2,000 addresses on 50 loopback hosts, polite defaults and full speed
# (the polite run takes about 10 minutes: one request per host per second, 4 hosts at once).
bench-sources:
	$(CARGO) build --release --bin kuni
	target/release/kuni bench sources

# The website's search at 1,000 generated reports against Pagefind, in Chromium on loopback
# (tests/site/bench.mjs; the page and index are what `kuni site` writes, so a debug build will do).
bench-site: setup
	$(CARGO) build --bin kuni
	cd tests/site && node bench.mjs

# The desktop app in a real window (release build): start-up, memory, search latency.
bench-app: setup ui
	$(CARGO) build --release -p kuni-desktop
	KUNI_DESKTOP_BIN=$(CURDIR)/target/release/kuni-desktop tests/e2e/run.sh node tests/bench/app.mjs

# The Debian package (target/release/bundle/deb/), with the dictionary and the bundled reports.
deb: setup
	scripts/deb.sh

# The README's screenshots, taken from the real app under Xvfb.
screenshots: setup ui
	$(CARGO) build -p kuni-desktop
	tests/e2e/run.sh node scripts/screenshots.mjs

# After `make deb` and installing it (apt install ./target/release/bundle/deb/Kuni_*.deb):
# the installed app opens the packaged reports and searches them.
deb-smoke:
	KUNI_DESKTOP_BIN=/usr/bin/kuni-desktop KUNI_E2E_APP_CWD=/ tests/e2e/run.sh node scripts/deb-smoke.mjs
