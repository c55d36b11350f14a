#!/usr/bin/env bash
# Sets up the machine if needed, then builds and starts the Caucus desktop app, which opens the
# built-in sample workshop. Extra arguments go to the app. CAUCUS_DATA_DIR picks the data directory.
# On a machine without a display (no DISPLAY, no WAYLAND_DISPLAY) it runs the app under
# `xvfb-run -a` by itself — set-up installs Xvfb — and says so, with how to look at the window.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Set when this script runs itself again under xvfb-run: set-up is done already.
if [ -z "${CAUCUS_RUN_APP_UNDER_XVFB:-}" ]; then
  "$ROOT/scripts/setup.sh"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    command -v xvfb-run >/dev/null || { echo "run-app: no display and no xvfb-run (scripts/setup.sh installs it)" >&2; exit 1; }
    echo "run-app: no display: running the app under xvfb-run -a (a virtual screen of 1280x1024)" >&2
    CAUCUS_RUN_APP_UNDER_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
  fi
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cd "$ROOT"
if [ -n "${CAUCUS_RUN_APP_UNDER_XVFB:-}" ]; then
  shot="DISPLAY=$DISPLAY XAUTHORITY=$XAUTHORITY import -window root caucus.png"
  command -v import >/dev/null || shot="apt-get install imagemagick, then: $shot"
  cat >&2 <<MSG
run-app: the app runs headless on the virtual display $DISPLAY: no window shows on this machine.
run-app:   a screenshot of it, from another terminal: $shot
run-app:   its log is this terminal: "ready", with the data directory, once the window is open
run-app:   Ctrl+C stops it (and the virtual display). To see the window, run this on a desktop.
MSG
fi
exec cargo run -p caucus-app -- "$@"
