# The two commands of the README: `make run` and `make test`. Both set up what is missing first.
.PHONY: run test setup ui test-rust test-ui test-e2e test-site lint bench bench-app deb deb-smoke screenshots

CARGO ?= cargo
LIBRARY ?= $(CURDIR)/reports

run: setup ui
	$(CARGO) run -p kuni-desktop -- --library "$(LIBRARY)"

test: setup ui test-rust test-ui test-e2e test-site

setup:
	@scripts/setup.sh

ui:
	cd ui && npm run build

test-rust:
	$(CARGO) test
	$(CARGO) test -p kuni-desktop

test-ui:
	cd ui && npm run check && npm test

test-e2e:
	$(CARGO) build -p kuni-desktop
	tests/e2e/run.sh

# The static website in headless Chromium, opened from disk (tests/site/).
test-site:
	tests/site/run.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

bench: setup
	$(CARGO) build --release --bin kuni
	target/release/kuni --library "$(LIBRARY)" bench search
	python3 scripts/bench_pdf.py target/release/kuni

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
