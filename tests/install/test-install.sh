#!/usr/bin/env bash
# Installs the .deb that scripts/package.sh built on this machine (as root), checks it, drives the
# installed app, and removes it again:
#   - `caucus` and `caucus-app` are on the PATH, from the package; `caucus --version` is Cargo's;
#   - the desktop entry passes desktop-file-validate and handles caucus: links;
#   - the installed app, under Xvfb through tauri-driver, takes typing in the sample workshop and the
#     installed `caucus` reads it back (tests/install/installed.test.mjs);
#   - `apt-get remove` leaves nothing of the package but the user's data directory (kept: an
#     uninstall never deletes a workshop).
# scripts/test.sh runs it as root on a debug build (`scripts/package.sh --debug` first); for the
# release packages: `scripts/package.sh && tests/install/test-install.sh`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
profile=release
[ "${1:-}" = --debug ] && profile=debug
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
[ "$(id -u)" -eq 0 ] || { echo "test-install: run as root (it installs a package)" >&2; exit 1; }
deb=$(ls -t "$TARGET_DIR/$profile/bundle/deb/"*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || { echo "test-install: no .deb in $TARGET_DIR/$profile/bundle/deb: run scripts/package.sh first" >&2; exit 1; }
fail() { echo "test-install: FAILED: $*" >&2; exit 1; }

package=$(dpkg-deb -f "$deb" Package)
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml")
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the .deb's version is not Cargo.toml's $version"
dpkg-deb -f "$deb" Depends | grep -q 'libwebkit2gtk-4.1-0' || fail "the .deb does not depend on libwebkit2gtk-4.1-0"
for field in Maintainer Description; do [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "the .deb has no $field"; done

if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
  fail "$package is installed already: remove it first"
fi
before=$(mktemp) && after=$(mktemp)
trap 'rm -f "$before" "$after"; dpkg-query -W "$package" >/dev/null 2>&1 && apt-get remove -y -qq "$package" >/dev/null || true' EXIT
find /usr /etc /opt -xdev 2>/dev/null | sort >"$before"

echo "==> apt-get install $deb" >&2
apt-get install -y -qq "$deb" </dev/null >/dev/null

[ "$(command -v caucus)" = /usr/bin/caucus ] || fail "caucus is not /usr/bin/caucus: $(command -v caucus)"
[ "$(command -v caucus-app)" = /usr/bin/caucus-app ] || fail "caucus-app is not on the PATH"
dpkg -S /usr/bin/caucus /usr/bin/caucus-app >/dev/null || fail "the commands are not the package's"
[ "$(caucus --version)" = "caucus $version" ] || fail "caucus --version: $(caucus --version)"
desktop=$(dpkg -L "$package" | grep '^/usr/share/applications/.*\.desktop$' | head -n1)
[ -n "$desktop" ] || fail "no desktop entry"
desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
grep -q '^MimeType=.*x-scheme-handler/caucus' "$desktop" || fail "the desktop entry does not handle caucus: links"
dpkg -L "$package" | grep -q '^/usr/share/icons/' || fail "no icon"
grep -q '^License: MIT or Apache-2.0' /usr/share/doc/caucus/copyright || fail "no copyright file naming the licence"

echo "==> the installed app, under Xvfb through tauri-driver" >&2
data_home=$(mktemp -d)
(cd "$ROOT" && CAUCUS_APP=/usr/bin/caucus-app CAUCUS_CLI=/usr/bin/caucus XDG_DATA_HOME="$data_home" \
  node --test --test-reporter=spec tests/install/installed.test.mjs)

# A user's data directory, to be kept by the removal.
user_data=$(mktemp -d)
CAUCUS_DATA_DIR="$user_data" caucus demo >/dev/null
echo "==> apt-get remove $package" >&2
apt-get remove -y -qq "$package" </dev/null >/dev/null
find /usr /etc /opt -xdev 2>/dev/null | sort >"$after"
left=$(comm -13 "$before" "$after")
[ -z "$left" ] || fail "left behind after removal: $left"
[ ! -e /usr/bin/caucus ] && [ ! -e /usr/bin/caucus-app ] || fail "a command is left"
CAUCUS_DATA_DIR="$user_data" "$TARGET_DIR/$profile/caucus" list | grep -q . || fail "the user's workshops are gone"
rm -rf "$data_home" "$user_data"
echo "test-install: ok ($deb installed, driven, removed; the user's data kept)" >&2
