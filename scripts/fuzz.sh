#!/usr/bin/env bash
# Runs each fuzz target of fuzz/ for SECONDS (default 300), one after the other.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: front_matter pdf docx search_query
#
# Needs what `make setup` does NOT install, because CI never fuzzes:
#   - a nightly Rust toolchain:  rustup toolchain install nightly
#     (libFuzzer's sanitizer flags are nightly-only; the project itself builds on stable)
#   - cargo-fuzz:                cargo install cargo-fuzz --locked   (crates.io)
#   - clang is NOT needed (libfuzzer-sys builds libFuzzer with the C++ compiler of
#     build-essential).
# The first build takes long (every dependency is compiled with AddressSanitizer; about
# 30 minutes on two busy cores).
#
# New inputs go to fuzz/corpus/TARGET (not committed); the seeds (fuzz/seeds/TARGET), the
# bundled reports and the hostile fixtures start it off. A crash is written to
# fuzz/artifacts/TARGET/: copy it to fuzz/regressions/TARGET/, fix the bug, and the stable
# test `fuzz_replay` (cargo test --test testsuite fuzz_replay) keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(front_matter pdf docx search_query)

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "fuzz: needs a nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: needs cargo-fuzz: cargo install cargo-fuzz --locked" >&2
  exit 2
fi

export KUNI_TODAY=2026-11-22
# Morphological search needs the IPADIC dictionary that `make setup` builds; the search
# target runs with bigrams alone if it is missing.
cd fuzz
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  extra=()
  case $t in
    front_matter) extra=(../reports ../tests/fixtures/hostile ../tests/fixtures/valid ../tests/fixtures/broken) ;;
    pdf) extra=() ;;
    docx) extra=() ;;
    search_query) extra=() ;;
    *) echo "fuzz: unknown target $t" >&2; exit 2 ;;
  esac
  echo "fuzz: $t for ${seconds}s"
  start=$(date +%s)
  # -timeout: an input taking more than 20 s is reported as a hang, like a crash.
  set +e +o pipefail
  nice -n 10 cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" "${extra[@]}" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
    -print_final_stats=1 2>&1 | tee "/tmp/kuni-fuzz-$t.log" |
    grep -E '^(#[0-9]+ *(INITED|DONE)|stat::|==[0-9]+==|SUMMARY|Done)'
  status=${PIPESTATUS[0]}
  set -e -o pipefail
  echo "fuzz: $t finished in $(( $(date +%s) - start ))s with status $status (full log: /tmp/kuni-fuzz-$t.log)"
  ((status == 0)) || exit "$status"
done
