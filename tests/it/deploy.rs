//! The deployment files an IT office runs the relay with (issue #13 §1): the systemd unit passes `systemd-analyze verify` with no warning (where systemd is installed), both it and the container file run a command line this `caucus` accepts, as a dedicated non-root user, with the data directory kept, and the unit carries the hardening it promises.

use std::path::Path;
use std::process::Command;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Whether this `caucus` accepts `args` as written (every flag known, every value parsed): `--help`
/// after them exits 0 only when everything before it parsed.
fn accepted(args: &[String]) -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_caucus")).args(args).arg("--help").output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn value<'a>(unit: &'a str, key: &str) -> Option<&'a str> {
    unit.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
}

#[test]
fn the_systemd_unit_is_valid_hardened_and_runs_a_command_line_caucus_accepts() {
    let unit = read("deploy/caucus-relay.service");
    let exec = value(&unit, "ExecStart").expect("ExecStart");
    let mut words = exec.split_whitespace().map(str::to_string);
    assert_eq!(words.next().as_deref(), Some("/usr/bin/caucus"), "where the package installs it");
    let args: Vec<String> = words.collect();
    accepted(&args).unwrap_or_else(|e| panic!("caucus refuses the unit's command line {args:?}: {e}"));
    assert!(args.windows(2).any(|w| w[0] == "--data-dir" && w[1] == "/var/lib/caucus"), "the state directory holds the data: {args:?}");
    for (key, wanted) in [
        ("DynamicUser", "yes"),
        ("StateDirectory", "caucus"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("KillSignal", "SIGTERM"),
    ] {
        assert_eq!(value(&unit, key), Some(wanted), "{key}");
    }

    // `systemd-analyze verify` where systemd is installed (Debian's `systemd` package): the unit
    // with ExecStart pointing at this build, so it checks the rest, and no warning either.
    let Ok(which) = Command::new("sh").args(["-c", "command -v systemd-analyze"]).output() else { return };
    if !which.status.success() {
        eprintln!("systemd-analyze is not installed here: the unit's syntax is not verified by systemd");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("caucus-relay.service");
    std::fs::write(&copy, unit.replace("/usr/bin/caucus", env!("CARGO_BIN_EXE_caucus"))).expect("write the unit");
    let out = Command::new("systemd-analyze").arg("verify").arg(&copy).output().expect("run systemd-analyze");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "systemd-analyze verify failed: {stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("caucus-relay.service")).collect();
    assert!(warnings.is_empty(), "systemd warns about the unit: {warnings:?}");
}

#[test]
fn the_container_file_builds_in_one_stage_and_runs_caucus_as_a_non_root_user_with_a_data_volume() {
    let file = read("deploy/Containerfile");
    let from: Vec<&str> = file.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(from.len(), 2, "a build stage and a run stage: {from:?}");
    assert!(from[0].contains(" AS build") && file.contains("COPY --from=build"));
    let user = file.lines().find_map(|l| l.strip_prefix("USER ")).expect("USER");
    assert!(user != "root" && user != "0", "runs as {user}");
    assert!(file.contains("VOLUME [\"/var/lib/caucus\"]"));
    let json = |key: &str| -> Vec<String> {
        let line = file.lines().find_map(|l| l.strip_prefix(key)).unwrap_or_else(|| panic!("{key}"));
        serde_json::from_str(line.trim()).unwrap_or_else(|e| panic!("{key} is not a JSON array: {e}"))
    };
    let mut command = json("ENTRYPOINT ");
    assert_eq!(command.remove(0), "/usr/bin/caucus");
    command.extend(json("CMD "));
    accepted(&command).unwrap_or_else(|e| panic!("caucus refuses the image's command line {command:?}: {e}"));
}
