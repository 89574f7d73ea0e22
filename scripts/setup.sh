#!/usr/bin/env bash
# Installs what Kuni needs on a Debian/Ubuntu machine, skipping whatever is already there:
# system packages (apt-get, through sudo when not root), the UI's npm packages (npm ci),
# tauri-driver for the end-to-end tests and cargo-deny for the dependency policy. Everything comes from Debian, npm or crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build libraries for the Tauri shell, the display and WebDriver for end-to-end tests,
# fonts for the UI and PDFs (BIZ UD; Noto and DejaVu for Thai and other scripts; Noto CJK for
# the simplified Chinese characters BIZ UD lacks),
# poppler/qpdf to check PDFs, the sRGB profile of the PDFs' PDF/A output intent
# (icc-profiles-free), python3-venv for the PDF/UA checker, openssl and NSS's certutil for
# the signing tests, the IPADIC sources for search, ripgrep for the benchmark, Chromium for
# the website test (driven by playwright-core; no browser download),
# LibreOffice (headless Writer) to open the .docx exports in the tests, pandoc for the .docx
# benchmark, python3-pip for python-docx, git for
# libraries kept in Git (`kuni sync`) and its tests.
PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libxdo-dev libssl-dev
  xvfb xauth webkit2gtk-driver imagemagick
  fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho fonts-noto-core fonts-noto-cjk fonts-dejavu-core
  poppler-utils qpdf icc-profiles-free python3-venv
  openssl libnss3-tools
  mecab-ipadic ripgrep
  chromium git
  libreoffice-writer-nogui pandoc python3-pip
  nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node from another source (nvm, NodeSource) is fine: only ask apt for it when there is none.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# python-docx reads the .docx exports in the tests (tests/docx/read_docx.py), pinned.
if ! python3 -c 'import docx, sys; sys.exit(docx.__version__ != "1.2.0")' 2>/dev/null; then
  echo "setup: installing python-docx (pip)"
  python3 -m pip install --quiet --user python-docx==1.2.0 \
    || python3 -m pip install --quiet --user --break-system-packages python-docx==1.2.0
fi

# npm packages, exactly as locked; only when the lock file changed since the last install.
if [[ ! -f ui/node_modules/.package-lock.json ]] || ! cmp -s ui/package-lock.json ui/node_modules/.kuni-lock; then
  echo "setup: installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.kuni-lock)
fi

# playwright-core for the website test, exactly as locked (it drives Debian's Chromium).
if [[ ! -f tests/site/node_modules/.package-lock.json ]] || ! cmp -s tests/site/package-lock.json tests/site/node_modules/.kuni-lock; then
  echo "setup: installing the website test's packages (npm ci)"
  (cd tests/site && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.kuni-lock)
fi

# Every crate of Cargo.lock, for every platform, into the local registry: `cargo deny --offline`
# and the SBOM's `cargo metadata --offline` read all of them, while a build for this machine
# only downloads its own. From crates.io only; a no-op when the cache already holds them.
if ! cargo metadata --locked --offline --format-version 1 >/dev/null 2>&1; then
  echo "setup: fetching the locked crates for every platform (cargo fetch)"
  cargo fetch --locked --quiet
fi

# pyHanko checks the PAdES signatures in the signing tests (an independent verifier).
if ! command -v pyhanko >/dev/null; then
  echo "setup: installing pyhanko-cli (pip)"
  pyhanko=("pyhanko-cli==0.6.0" "pyHanko==0.38.0")
  # Debian's own Python refuses user installs into it (PEP 668); pyenv's and others accept.
  python3 -m pip install --quiet --disable-pip-version-check "${pyhanko[@]}" 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${pyhanko[@]}"
  if command -v pyenv >/dev/null; then pyenv rehash; fi
fi

# tauri-driver bridges WebDriver to the app's webview for the end-to-end tests.
if ! command -v tauri-driver >/dev/null && [[ ! -x ${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver ]]; then
  echo "setup: installing tauri-driver (cargo install)"
  cargo install tauri-driver --locked --quiet
fi
# cargo-deny checks the dependencies' licences and sources (make deny, .ci/run).
if ! cargo deny --version >/dev/null 2>&1; then
  echo "setup: installing cargo-deny (cargo install)"
  cargo install cargo-deny --locked --quiet
fi
# The PDF/UA-1 checker the PDF tests run (PyPI pdfua, pikepdf-based), pinned, in a virtual
# environment of its own in the user's data folder (tests/testsuite/pdf_ua.rs finds it there).
pyenv=${XDG_DATA_HOME:-$HOME/.local/share}/kuni/pyenv
if [[ ! -x $pyenv/bin/pdfua ]] || [[ $("$pyenv/bin/pdfua" --version 2>/dev/null) != *0.1.3* ]]; then
  echo "setup: installing the PDF/UA checker (pip install pdfua==0.1.3 into $pyenv)"
  python3 -m venv "$pyenv"
  "$pyenv/bin/pip" install --quiet --disable-pip-version-check pdfua==0.1.3
fi
# The IPADIC dictionary for Japanese search, built from mecab-ipadic's sources by kuni itself.
dict_dir=${KUNI_DICT_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/kuni/ipadic}
if [[ ! -f $dict_dir/matrix.mtx ]]; then
  echo "setup: building the IPADIC dictionary into $dict_dir"
  cargo run --quiet --bin kuni -- dictionary build --out "$dict_dir"
fi
echo "setup: done"
