#!/usr/bin/env bash
# End-to-end tests of the desktop app (tests/e2e/): builds the UI (scripts/setup.sh), the app and
# the `caucus` command line (which prepares data directories and runs the `caucus serve` relay),
# then drives real app instances — each with its own data directory, tauri-driver and `xvfb-run -a`
# display — through WebDriver. Screenshots land in target/screenshots/, process logs in
# target/e2e/logs/, the timed numbers in target/e2e/metrics.json (printed at the end).
# Arguments: test files to run instead of all of tests/e2e/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# The app embeds ui/dist (built by setup.sh when its sources changed), and the command line.
cargo build -p caucus-app -p caucus --bin caucus-app --bin caucus

TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
METRICS="$TARGET_DIR/e2e/metrics.json"
rm -f "$METRICS"
status=0
# One test file at a time: each starts several app instances, and the timed numbers want the machine.
node --test --test-concurrency=1 --test-reporter=spec "${@:-tests/e2e/}" || status=$?
if [ -f "$METRICS" ]; then
  echo "==> measured in this run ($METRICS)"
  cat "$METRICS"
fi
exit "$status"
