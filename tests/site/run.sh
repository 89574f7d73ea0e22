#!/usr/bin/env bash
# The website test: builds the kuni CLI, then runs the Playwright tests, which make a site
# from a copy of the bundled reports and open it from disk in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --bin kuni
export KUNI_CLI_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/kuni"
cd tests/site
node --test --test-concurrency=1 .
