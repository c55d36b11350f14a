#!/usr/bin/env bash
# End-to-end test of the desktop app: builds target/debug/caucus-app and drives it through
# tauri-driver + WebKitWebDriver under its own Xvfb display (tests/e2e/). The screenshot and the
# driver's log land in target/e2e-screenshots/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
cd "$ROOT"
# The app, and the `caucus` command line that prepares the data directories of the tests.
cargo build -p caucus-app -p caucus --bin caucus-app --bin caucus
node --test --test-reporter=spec tests/e2e/
