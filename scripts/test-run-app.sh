#!/usr/bin/env bash
# Checks the README's run command as a newcomer on a headless machine meets it: `scripts/run-app.sh`
# with no DISPLAY and no WAYLAND_DISPLAY starts the app under xvfb-run by itself, says so, and the
# app opens its window ("ready" in its log) holding the data directory (its lock names the app,
# a process this script started). Then stops what it started — its own process group, by id.
# Run by scripts/test.sh; it builds the app through run-app.sh (cargo run) if needed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
log="$work/run-app.log"
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "test-run-app: FAILED: $*" >&2
  echo "--- run-app.sh's output:" >&2
  cat "$log" >&2 || true
  exit 1
}

# Its own session and process group (setsid), so that stopping it reaches xvfb-run, Xvfb, cargo
# and the app — and nothing this script did not start.
env -u DISPLAY -u WAYLAND_DISPLAY CAUCUS_DATA_DIR="$work/data" RUST_LOG=info \
  setsid "$ROOT/scripts/run-app.sh" >"$log" 2>&1 </dev/null &
pid=$!

# Waits for the app's "ready" line or for run-app.sh to end (a failure); no time limit of its
# own: a first run builds the app, which takes minutes on a loaded machine.
until grep -q 'caucus_app.* ready ' "$log" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || fail "run-app.sh ended before the app was ready"
  sleep 0.5
done

grep -q '^run-app: no display: running the app under xvfb-run -a' "$log" || fail "it did not say it runs the app under xvfb-run"
grep -q '^run-app: the app runs headless on the virtual display :[0-9]' "$log" || fail "it did not say which virtual display"
grep -q '^run-app:   a screenshot of it' "$log" || fail "it did not say how to look at the window"

# The data directory's lock names the app, held by a process of the group this script started.
lockfile="$work/data/caucus.lock"
[ -f "$lockfile" ] || fail "no lock in the data directory"
grep -qx 'program=the Caucus app' "$lockfile" || fail "the lock names another program: $(cat "$lockfile")"
holder=$(sed -n 's/^pid=//p' "$lockfile")
[ -n "$holder" ] || fail "the lock names no process"
[ "$(ps -o pgid= -p "$holder" | tr -d ' ')" = "$pid" ] || fail "the lock holder $holder is not a process this test started"
[ "$(ps -o comm= -p "$holder")" = caucus-app ] || fail "the lock holder $holder is $(ps -o comm= -p "$holder")"
# Its display is the one xvfb-run made.
display=$(sed -n 's/^run-app: the app runs headless on the virtual display \(:[0-9]*\).*/\1/p' "$log")
tr '\0' '\n' <"/proc/$holder/environ" | grep -qx "DISPLAY=$display" || fail "the app does not run on $display"

# The screenshot command it printed works (ImageMagick's import, when installed).
if command -v import >/dev/null; then
  shot=$(sed -n 's/^run-app:   a screenshot of it, from another terminal: //p' "$log")
  (cd "$work" && env $shot) || fail "its screenshot command failed: $shot"
  [ -s "$work/caucus.png" ] || fail "its screenshot command wrote no image"
fi

kill -TERM -- "-$pid"
wait "$pid" 2>/dev/null || true
# Until every process of the group is gone (Xvfb, the app).
while pgrep -g "$pid" >/dev/null; do sleep 0.2; done
pid=
echo "test-run-app: ok (the app started headless on $display by itself)" >&2
