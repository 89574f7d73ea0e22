#!/usr/bin/env bash
# The website test: builds the kuni CLI, then runs the Playwright tests, which make a site
# from a copy of the bundled reports and open it from disk in headless Chromium. Like the
# app's end-to-end tests, they run with networking cut off (a network namespace with only
# loopback) where the machine allows it; site.test.mjs checks the cut is real.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --bin kuni
export KUNI_CLI_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/kuni"
cd tests/site
if [[ -z "${KUNI_SITE_OFFLINE:-}" ]] && unshare -n true 2>/dev/null; then
  export KUNI_SITE_OFFLINE=1
  exec unshare -n bash -c 'ip link set lo up && exec node --test --test-concurrency=1 .'
fi
echo "site test: cannot create a network namespace here (unshare -n needs root or user namespaces); running with the network" >&2
export KUNI_SITE_OFFLINE=0
node --test --test-concurrency=1 .
