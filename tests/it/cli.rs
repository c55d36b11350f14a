//! The `caucus` command line as a user runs it: real processes, a temporary data directory.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{tempdir, FIXTURE_PATH};

pub(crate) fn caucus(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caucus"))
        .args(args)
        .env("CAUCUS_DATA_DIR", dir)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run caucus")
}

/// Runs a command that must succeed and returns its standard output.
pub(crate) fn ok(dir: &Path, args: &[&str]) -> String {
    let out = caucus(dir, args);
    assert!(out.status.success(), "caucus {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs a command that must fail and returns its one-line error.
pub(crate) fn fails(dir: &Path, args: &[&str]) -> String {
    let out = caucus(dir, args);
    assert!(!out.status.success(), "caucus {args:?} should have failed");
    let err = String::from_utf8(out.stderr).expect("utf-8 errors");
    assert_eq!(err.trim_end().lines().count(), 1, "one clear line, got: {err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    err
}

#[test]
fn a_workshop_is_created_edited_shown_and_exported_from_the_command_line() {
    let dir = tempdir();
    let d = dir.path();
    let id = ok(d, &["new", "--title", "Wildlife cybercrime", "--symbol", "SC70 Doc. 30"]).trim().to_string();
    assert_eq!(id.len(), 24);
    let ws = &id[..6];
    ok(d, &["para", "add", ws, "--kind", "preamble", "--text", "RECALLING Decision 17.D;"]);
    ok(d, &["para", "add", ws, "--kind", "operative", "--text", "URGES Parties to:"]);
    ok(d, &["para", "add", ws, "--kind", "item", "--text", "act;"]);
    ok(d, &["para", "add", ws, "--kind", "operative", "--at", "2", "--text", "NOTES the report;"]);
    ok(d, &["para", "set", ws, "2", "--kind", "preamble", "--text", "NOTING the report;"]);
    ok(d, &["para", "add", ws, "--kind", "text", "--text", "to be deleted"]);
    ok(d, &["para", "delete", ws, "6"]);
    let show = ok(d, &["show", ws]);
    let lines: Vec<&str> = show.lines().skip(2).map(str::trim_end).collect();
    assert_eq!(
        lines,
        [
            "  1  title      WILDLIFE CYBERCRIME",
            "  2  preamble   NOTING the report;",
            "  3  preamble   RECALLING Decision 17.D;",
            "  4  operative  1. URGES Parties to:",
            "  5  item          a) act;",
        ]
    );
    let md = ok(d, &["export", ws, "--format", "md"]);
    assert!(md.contains("1. URGES Parties to:") && md.contains("SC70 Doc. 30"), "{md}");
    let out = d.join("draft.html");
    ok(d, &["export", ws, "--format", "html", "-o", out.to_str().expect("path")]);
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("URGES Parties to:") && html.contains("<html"));
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let dir = tempdir();
    let other = tempdir();
    let d = dir.path().to_str().expect("path");
    let id = ok(other.path(), &["--data-dir", d, "new", "--title", "Placement"]).trim().to_string();
    let before = ok(other.path(), &["--json", "--data-dir", d, "list"]);
    let after = ok(other.path(), &["list", "--data-dir", d, "--json"]);
    assert_eq!(before, after);
    let list: serde_json::Value = serde_json::from_str(&after).expect("json");
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(ok(other.path(), &["list"]).trim(), "", "the other directory has no workshop");
}

/// A new workshop with one operative paragraph, "URGES Parties to adopt legislation;": its id.
fn workshop_urging_legislation(d: &Path, title: &str) -> String {
    let ws = ok(d, &["new", "--title", title]).trim().to_string();
    ok(d, &["para", "add", &ws, "--kind", "operative", "--text", "URGES Parties to adopt legislation;"]);
    ws
}

#[test]
fn member_add_prints_the_member_id_and_comments_anchor_to_quoted_words() {
    let dir = tempdir();
    let d = dir.path();
    let ws = workshop_urging_legislation(d, "Members");
    let member = ok(
        d,
        &["member", "add", &ws, "--name", "Analyst", "--delegation", "An NGO", "--role", "observer", "--group", "ngo"],
    )
    .trim()
    .to_string();
    assert!(member.starts_with("m-"), "{member}");
    let list = ok(d, &["member", "list", &ws]);
    assert!(list.contains(&member) && list.contains("observer"));
    let thread = ok(d, &["comment", "add", &ws, "--quote", "adopt legislation", "--body", "Which?", "--as", &member])
        .trim()
        .to_string();
    ok(d, &["comment", "resolve", &ws, &thread]);
    let comments: serde_json::Value = serde_json::from_str(&ok(d, &["--json", "comment", "list", &ws])).expect("json");
    assert_eq!(comments[0]["author"], member.as_str());
    assert_eq!(comments[0]["resolved"], true);
    assert_eq!(comments[0]["anchor"]["state"], "attached");
    assert_eq!(comments[0]["anchor"]["text"], "adopt legislation");
    ok(d, &["member", "remove", &ws, &member]);
    assert!(ok(d, &["member", "list", &ws]).contains("removed"));
}

#[test]
fn the_fixture_imports_from_the_command_line_as_draft_decisions() {
    let dir = tempdir();
    let d = dir.path();
    let ws = ok(d, &["new", "--title", "CoP17", "--kind", "decisions"]).trim().to_string();
    ok(d, &["import", &ws, FIXTURE_PATH]);
    let show = ok(d, &["show", &ws]);
    for label in ["17.A All Parties should:", "17.E The Standing Committee"] {
        assert!(show.contains(label), "{label} missing from:\n{show}");
    }
    assert_eq!(show.matches("  heading  ").count(), 3, "{show}");
}

#[test]
fn errors_exit_non_zero_with_one_clear_line() {
    let dir = tempdir();
    let d = dir.path();
    let ws = ok(d, &["new", "--title", "Errors"]).trim().to_string();
    ok(d, &["new", "--title", "Second"]);
    assert!(fails(d, &["show", "zzzz"]).contains("no workshop matches"));
    assert!(fails(d, &["para", "set", &ws, "9", "--text", "x"]).contains("no paragraph 9"));
    assert!(fails(d, &["para", "delete", &ws, "0"]).contains("start at 1"));
    assert!(fails(d, &["comment", "add", &ws, "--quote", "absent", "--body", "b"]).contains("not found"));
    let empty = d.join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    assert!(fails(d, &["import", &ws, empty.to_str().expect("path")]).contains("empty"));
    let binary = d.join("binary.bin");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1]).expect("write");
    fails(d, &["import", &ws, binary.to_str().expect("path")]);
    fails(d, &["import", &ws, d.join("missing.txt").to_str().expect("path")]);
    let json = fails(d, &["--json", "show", "zzzz"]);
    let err: serde_json::Value = serde_json::from_str(&json).expect("a JSON error");
    assert_eq!(err["error"]["code"], "workshop.not_found");
    // An invalid argument is clap's usage error: exit code 2.
    let out = caucus(d, &["para", "add", &ws, "--kind", "nonsense", "--text", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn demo_opens_the_same_sample_every_time() {
    let dir = tempdir();
    let d = dir.path();
    let first = ok(d, &["demo"]);
    let second = ok(d, &["demo"]);
    assert_eq!(first, second);
    assert!(first.contains("1. URGES"), "{first}");
    assert_eq!(ok(d, &["list"]).lines().count(), 1);
}

/// Issue #11 §2 on the command line: a comment with a type and a proposal, recorded for a
/// delegation; another delegation's support; the chair's outcome; `comment list` shows them
/// (text and `--json`); refusals are one line with their code.
#[test]
fn comment_types_proposals_supports_and_outcomes_from_the_command_line() {
    let dir = tempdir();
    let d = dir.path();
    let ws = workshop_urging_legislation(d, "Round");
    let member = |name: &str, delegation: &str| {
        ok(d, &["member", "add", &ws, "--name", name, "--delegation", delegation, "--role", "delegate", "--group", "producer-country"])
            .trim()
            .to_string()
    };
    let (kenya, peru) = (member("Delegate of Kenya", "Kenya"), member("Delegate of Peru", "Peru"));
    let add = ["comment", "add", &ws, "--quote", "adopt legislation", "--body", "Stronger.", "--as", &kenya, "--type", "technical"];
    let thread = ok(d, &[&add[..], &["--propose", "enact and enforce legislation", "--proposal-kind", "paragraph"]].concat()).trim().to_string();
    assert!(ok(d, &["comment", "support", &ws, &thread, "--as", &peru]).contains("supported by Peru"));
    let listed = ok(d, &["comment", "outcome", &ws, &thread, "accepted-modified", "--observation", "Merged with 2."]);
    assert!(listed.contains("outcome accepted-modified") && listed.contains("Merged with 2."), "{listed}");
    let text = ok(d, &["comment", "list", &ws]);
    assert!(text.contains("technical, for Kenya") && text.contains("proposes (paragraph): enact and enforce legislation"), "{text}");
    let comments: serde_json::Value = serde_json::from_str(&ok(d, &["--json", "comment", "list", &ws])).expect("json");
    let c = &comments[0];
    assert_eq!((c["type"].as_str(), c["delegation"].as_str()), (Some("technical"), Some("Kenya")));
    assert_eq!((c["proposal"]["kind"].as_str(), c["proposal"]["text"].as_str()), (Some("paragraph"), Some("enact and enforce legislation")));
    assert_eq!(c["supporters"], serde_json::json!(["Peru"]));
    assert_eq!((c["outcome"]["outcome"].as_str(), c["outcome"]["observation"].as_str()), (Some("accepted-modified"), Some("Merged with 2.")));
    // A plain comment reads as general, without proposal, for its author's delegation.
    let plain = ok(d, &["comment", "add", &ws, "--quote", "URGES", "--body", "Fine.", "--as", &peru]).trim().to_string();
    let comments: serde_json::Value = serde_json::from_str(&ok(d, &["--json", "comment", "list", &ws])).expect("json");
    let p = comments.as_array().expect("list").iter().find(|c| c["id"] == plain.as_str()).expect("the plain comment").clone();
    assert_eq!((p["type"].as_str(), p["proposal"].is_null(), p["delegation"].as_str()), (Some("general"), true, Some("Peru")));
    // Refusals: one line, with the code.
    assert!(fails(d, &["comment", "support", &ws, &thread, "--as", &kenya]).starts_with("error[notes.own_delegation]"));
    let empty = fails(d, &["comment", "add", &ws, "--quote", "Parties", "--body", "b", "--propose", " ", "--proposal-kind", "insert-after"]);
    assert!(empty.starts_with("error[input.empty]"), "{empty}");
    assert_eq!(caucus(d, &["comment", "outcome", &ws, &thread, "vetoed"]).status.code(), Some(2));
}
