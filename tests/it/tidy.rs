//! House rules checked on the tree: every Rust file says what it owns in its first line.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "node_modules" || name == "gen" {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_doc_line_saying_what_it_owns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "src-tauri/src", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 10, "found only {} files", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            !text.lines().next().is_some_and(|l| l.starts_with("//! ") && l.len() > 12)
        })
        .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a `//!` first line: {missing:?}");
}

/// The core's module paths, `store`, `store::lock`, `export::docx` …, from the files under `src/`
/// (`a/mod.rs` and `a.rs` are `a`, `a/b.rs` is `a::b`), down to `depth` segments.
fn core_modules(root: &Path, depth: usize) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut modules: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(root.join("src")).ok())
        .filter(|f| !f.starts_with("bin") && *f != Path::new("lib.rs"))
        .map(|f| {
            let mut parts: Vec<String> = f.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            parts.join("::")
        })
        .filter(|m| !m.is_empty() && m.split("::").count() <= depth)
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

#[test]
fn the_code_map_names_every_module_two_levels_deep_and_no_module_that_does_not_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists");
    let section = map.split("\n## Code map").nth(1).and_then(|s| s.split("\n## ").next()).expect("a `## Code map` section");

    // Every module of the core two levels deep, every file of the shell and every folder of the
    // webview's source is named in the code map.
    let mut wanted: Vec<String> = core_modules(root, 2);
    let mut shell = Vec::new();
    rust_files(&root.join("src-tauri/src"), &mut shell);
    wanted.extend(shell.iter().filter_map(|f| f.strip_prefix(root).ok()).map(|f| f.display().to_string()));
    for entry in std::fs::read_dir(root.join("ui/src")).expect("ui/src").flatten() {
        if entry.path().is_dir() {
            wanted.push(format!("ui/src/{}/", entry.file_name().to_string_lossy()));
        }
    }
    let unnamed: Vec<&String> = wanted.iter().filter(|m| !section.contains(&format!("`{m}`")) && !section.contains(&format!("`{m} "))).collect();
    assert!(unnamed.is_empty(), "ARCHITECTURE.md's code map does not name: {unnamed:?}");

    // Every entry of the map (a `### `name`` heading or a `- `name`` line) names something that
    // exists: a module of the core, or a file or folder of the shell or the webview.
    let every = core_modules(root, usize::MAX);
    let named: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("### `").or_else(|| l.strip_prefix("- `")))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect();
    assert!(named.len() > 40, "the code map names only {} modules", named.len());
    let ghosts: Vec<&String> = named
        .iter()
        .filter(|m| if m.starts_with("src-tauri/") || m.starts_with("ui/") { !root.join(m.as_str()).exists() } else { !every.contains(m) })
        .collect();
    assert!(ghosts.is_empty(), "the code map names modules that do not exist: {ghosts:?}");
}
