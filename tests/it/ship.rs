//! What a delegate is shipped (issue #12): one version, set once in the workspace's Cargo.toml and shown by `caucus --version` (and, through Tauri, by the app's About: tests/e2e/about.test.mjs).

use std::path::Path;
use std::process::Command;

/// The repository's root (this crate's manifest directory is the workspace root).
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

/// `version = "…"` of the `[workspace.package]` table of the workspace's Cargo.toml.
fn workspace_version() -> String {
    let manifest = read("Cargo.toml");
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[workspace.package]";
        } else if in_table {
            if let Some(value) = line.strip_prefix("version").map(str::trim_start).and_then(|v| v.strip_prefix('=')) {
                return value.trim().trim_matches('"').to_string();
            }
        }
    }
    panic!("Cargo.toml has no [workspace.package] version");
}

#[test]
fn the_version_is_set_once_in_the_workspace_and_printed_by_caucus_version() {
    let version = workspace_version();
    // Both crates inherit it, and the Tauri config sets none (Tauri then takes the shell crate's).
    for manifest in ["Cargo.toml", "src-tauri/Cargo.toml"] {
        assert!(read(manifest).lines().any(|l| l.trim() == "version.workspace = true"), "{manifest} does not inherit the version");
    }
    let config: serde_json::Value = serde_json::from_str(&read("src-tauri/tauri.conf.json")).expect("tauri.conf.json is JSON");
    assert!(config.get("version").is_none(), "tauri.conf.json sets a version of its own: {:?}", config.get("version"));

    let out = Command::new(env!("CARGO_BIN_EXE_caucus")).arg("--version").output().expect("run caucus --version");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), format!("caucus {version}"));
}
