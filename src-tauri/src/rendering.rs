//! How the webview draws on machines without a GPU (Linux): WebKitGTK's non-composited path instead of compositing with software OpenGL.
//!
//! Without a GPU render node, WebKitGTK composites every frame with a software OpenGL
//! implementation (llvmpipe), which costs several times the CPU of its non-composited software
//! path: measured with two app instances under Xvfb on 2 vCPUs, typing 60 keys took the typing
//! window's web process 7 s of CPU and the receiving one 4 s, against 4 s and 1 s with
//! compositing off (BENCHMARKS.md, "Desktop app"). Virtual machines, remote desktops and
//! machines without GPU drivers are common among delegations' laptops and ministry desktops.
//! A person (or a test) who sets `WEBKIT_DISABLE_COMPOSITING_MODE` themselves decides.

/// Turns WebKit's compositing off when no GPU render node exists and nobody chose otherwise;
/// returns whether it did. Call before any thread starts (it sets an environment variable).
pub fn prefer_software_path() -> bool {
    #[cfg(target_os = "linux")]
    {
        const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        if std::env::var_os(VAR).is_none() && !has_render_node(std::path::Path::new("/dev/dri")) {
            std::env::set_var(VAR, "1");
            return true;
        }
    }
    false
}

/// Whether `dri` (normally `/dev/dri`) holds a GPU render node (`renderD128`, …).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_is_found_only_where_there_is_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(!has_render_node(&dir.path().join("missing")));
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), b"").expect("card");
        assert!(!has_render_node(dir.path()), "a card node alone is no render node");
        std::fs::write(dir.path().join("renderD128"), b"").expect("render node");
        assert!(has_render_node(dir.path()));
    }
}
