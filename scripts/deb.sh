#!/usr/bin/env bash
# Builds the Debian package with the Tauri CLI (npm package @tauri-apps/cli, fetched by npx at
# a fixed version; it is not in ui/package.json because npm records its per-platform binaries
# only for the machine that installed it, which breaks `npm ci` elsewhere): the app, the `kuni` command line,
# the bundled reports and the IPADIC dictionary (built here from Debian's mecab-ipadic), so an
# installed Kuni searches Japanese with morphology from the first start. The BIZ UD fonts come
# from Debian as dependencies. Output: target/release/bundle/deb/*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --bin kuni
stage=target/deb-stage
rm -rf "$stage"
mkdir -p "$stage"
target/release/kuni dictionary build --out "$stage/ipadic"
cp -r reports "$stage/reports"
# The software bill of materials ships with the package.
python3 scripts/sbom.py "$stage/kuni-sbom.json"

# Paths in this override are relative to src-tauri/, where the Tauri CLI runs.
cat >"$stage/tauri.deb.json" <<JSON
{
  "bundle": {
    "linux": {
      "deb": {
        "depends": ["fonts-morisawa-bizud-gothic", "fonts-morisawa-bizud-mincho", "fonts-noto-cjk", "icc-profiles-free"],
        "files": {
          "/usr/bin/kuni": "../target/release/kuni",
          "/usr/share/kuni/ipadic": "../$stage/ipadic",
          "/usr/share/kuni/reports": "../$stage/reports",
          "/usr/share/doc/kuni/kuni-sbom.json": "../$stage/kuni-sbom.json"
        }
      }
    }
  }
}
JSON
(cd ui && npm run build)
cd src-tauri
npx --yes @tauri-apps/cli@2.12.5 build --bundles deb --config "../$stage/tauri.deb.json"
ls -l ../target/release/bundle/deb/
