#!/usr/bin/env bash
# Runs every test of Caucus on this machine, installing what is missing first (scripts/setup.sh):
# the core's unit and integration tests, the desktop shell's tests, the webview's Node tests, and the end-to-end test of the
# real app under Xvfb through tauri-driver, and (as root) the .deb installed, driven and removed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
"$ROOT/scripts/setup.sh"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "==> cargo test --workspace" >&2
cargo test --workspace --locked

# Tests that need root (a size-limited tmpfs for the full-disk tests, network namespaces for the
# LAN test) are ignored in a plain `cargo test`; run them here when we are root.
if [ "$(id -u)" -eq 0 ]; then
  echo "==> root-only tests (full disk, virtual LAN)" >&2
  cargo test --locked --test it -- --ignored diskfull:: lan:: admin::
else
  echo "==> root-only tests skipped: not root (full disk: diskfull:: and admin::, virtual LAN: lan::)" >&2
fi

echo "==> first run on a headless machine (scripts/run-app.sh without a display)" >&2
"$ROOT/scripts/test-run-app.sh"

echo "==> webview tests (ui: schema ↔ Yjs layout, numbering, anchors)" >&2
(cd "$ROOT/ui" && npm test)

echo "==> end-to-end tests (tests/e2e)" >&2
"$ROOT/scripts/test-e2e.sh"

# The installer: a .deb built from the debug profile (the release build would add ~15 minutes;
# scripts/package.sh without --debug makes the shipped one the same way), installed with apt-get,
# the installed app driven under Xvfb, a caucus: link opened with xdg-open, then removed. Last,
# because `tauri build` rebuilds the app with Tauri's custom-protocol feature.
if [ "$(id -u)" -eq 0 ]; then
  echo "==> install test (scripts/package.sh --debug, tests/install/test-install.sh --debug)" >&2
  "$ROOT/scripts/package.sh" --debug
  "$ROOT/tests/install/test-install.sh" --debug
else
  echo "==> install test skipped: not root (it installs a package)" >&2
fi
