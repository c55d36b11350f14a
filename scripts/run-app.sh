#!/usr/bin/env bash
# Sets up the machine if needed, then builds and starts the Caucus desktop app, which opens the
# built-in sample workshop. Extra arguments go to the app. CAUCUS_DATA_DIR picks the data directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-app: no display; on a headless machine use: xvfb-run -a scripts/run-app.sh" >&2
fi
cd "$ROOT"
exec cargo run -p caucus-app -- "$@"
