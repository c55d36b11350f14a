#!/usr/bin/env bash
# Builds the Linux installers of Caucus — a .deb and an .rpm — with the Tauri CLI pinned in the
# root package-lock.json (`npm run tauri`): the desktop app (/usr/bin/caucus-app), the `caucus`
# command line (/usr/bin/caucus), the icon, a desktop entry that handles `caucus:` invitation
# links (MimeType=x-scheme-handler/caucus), and their metadata (name, version from Cargo.toml,
# licence, maintainer, description, the WebKitGTK 4.1 dependency). Prints where they are.
#   scripts/package.sh            release build (what is shipped)
#   scripts/package.sh --debug    debug build, much quicker: for checking the packaging itself
# AppImage is not built: its bundler downloads its tools at build time, which these machines cannot.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
profile=release
tauri_flags=()
case "${1:-}" in
  "") ;;
  --debug) profile=debug; tauri_flags+=(--debug) ;;
  *) echo "usage: scripts/package.sh [--debug]" >&2; exit 2 ;;
esac

"$ROOT/scripts/setup.sh"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cd "$ROOT"
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

# The command line first: the packages carry it beside the app.
cargo_flags=(--locked -p caucus --bin caucus)
[ "$profile" = release ] && cargo_flags+=(--release)
cargo build "${cargo_flags[@]}"
cli="$TARGET_DIR/$profile/caucus"
[ -x "$cli" ] || { echo "package: $cli was not built" >&2; exit 1; }

# What only packaging needs, merged into tauri.conf.json for this build: the command line's path
# (it depends on CARGO_TARGET_DIR, so it cannot be written in the config) and the licence files
# (Debian's copyright file, RPM's licence directory), by absolute path.
overlay=$(mktemp --suffix=.json)
trap 'rm -f "$overlay"' EXIT
cat >"$overlay" <<JSON
{
  "bundle": {
    "linux": {
      "deb": { "files": { "/usr/bin/caucus": "$cli", "/usr/share/doc/caucus/copyright": "$ROOT/deploy/debian-copyright" } },
      "rpm": { "files": { "/usr/bin/caucus": "$cli", "/usr/share/licenses/caucus/LICENSE-MIT": "$ROOT/LICENSE-MIT", "/usr/share/licenses/caucus/LICENSE-APACHE": "$ROOT/LICENSE-APACHE" } }
    }
  }
}
JSON

npm run --silent tauri -- build "${tauri_flags[@]}" --ci --bundles deb,rpm --config "$overlay"

bundle="$TARGET_DIR/$profile/bundle"
deb=$(ls -t "$bundle"/deb/*.deb | head -n1)
rpm=$(ls -t "$bundle"/rpm/*.rpm | head -n1)
echo "package: $deb"
echo "package: $rpm"
