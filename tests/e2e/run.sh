#!/usr/bin/env bash
# End-to-end tests of the real desktop app: tauri-driver + WebKitWebDriver drive the built
# binary in a real window, under Xvfb when there is no display. Run after
# `cargo build -p kuni-desktop` (make test-e2e does both). `run.sh CMD…` runs CMD in the same
# set-up instead of the tests (make bench-app).
set -euo pipefail
cd "$(dirname "$0")/../.."

# Everything runs with networking cut off: a new network namespace with only loopback (which
# tauri-driver needs). The app must work offline; offline.test.mjs checks the cut is real.
if [[ -z "${KUNI_E2E_OFFLINE:-}" ]]; then
  if unshare -n true 2>/dev/null; then
    export KUNI_E2E_OFFLINE=1
    exec unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
  fi
  echo "e2e: cannot create a network namespace here (unshare -n needs root or user namespaces); running with the network" >&2
  export KUNI_E2E_OFFLINE=0
fi

if [[ -z "${DISPLAY:-}" && -z "${KUNI_E2E_IN_XVFB:-}" ]]; then
  export KUNI_E2E_IN_XVFB=1
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "$@"
fi

export KUNI_DESKTOP_BIN="${KUNI_DESKTOP_BIN:-$PWD/target/debug/kuni-desktop}"
export KUNI_CLI_BIN="$PWD/target/debug/kuni"
[[ -x $KUNI_DESKTOP_BIN ]] || { echo "e2e: $KUNI_DESKTOP_BIN is missing: run cargo build -p kuni-desktop" >&2; exit 1; }
# Settings, recovery copies and exports of the tests stay in a folder of their own, never the
# user's (the app inherits this environment through tauri-driver and WebKitWebDriver).
# The tests' copies of libraries go to a temporary folder of this run, removed at the end.
KUNI_E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/kuni-e2e-run.XXXXXX")
export TMPDIR="$KUNI_E2E_TMP"
KUNI_CONFIG_DIR="$KUNI_E2E_TMP/config"
mkdir -p "$KUNI_CONFIG_DIR"
export KUNI_CONFIG_DIR
export KUNI_E2E_EXPORT_DIR="$KUNI_CONFIG_DIR/exports"
printf '{"export_dir": "%s"}\n' "$KUNI_E2E_EXPORT_DIR" >"$KUNI_CONFIG_DIR/settings.json"
# WebKitGTK's DMA-BUF renderer needs a GPU; Xvfb has none.
export WEBKIT_DISABLE_DMABUF_RENDERER=1

# A free port for tauri-driver and the next one for WebKitWebDriver.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export KUNI_WEBDRIVER_URL="http://127.0.0.1:$port"
driver=${TAURI_DRIVER:-$(command -v tauri-driver || echo "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver")}
# The app starts in the driver's folder: KUNI_E2E_APP_CWD lets a check start it elsewhere.
log="$PWD/target/e2e-driver.log"
(cd "${KUNI_E2E_APP_CWD:-.}" && exec "$driver" --port "$port" --native-port $((port + 1))) >"$log" 2>&1 &
driver_pid=$!
trap 'kill $driver_pid 2>/dev/null || true; rm -rf "$KUNI_E2E_TMP"' EXIT
for _ in $(seq 1 50); do
  (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.2
done

# With arguments, run them in this set-up instead (the app benchmark does).
if (($#)); then
  "$@"
else
  node --test --test-concurrency=1 ${KUNI_E2E_ONLY:-tests/e2e/}
fi
