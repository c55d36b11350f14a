//! LAN peers (issue #3 item 4) on a virtual LAN: two network namespaces joined by a veth pair, each a device with its own network stack. The chair's `caucus serve` advertises by mDNS in one, the member finds it with `caucus peers` in the other and syncs over it.
//!
//! Needs root (to make the namespaces) and `ip` (iproute2, installed by `scripts/setup.sh`).
//! Without them the test says so on stderr and checks nothing.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::support::tempdir;

/// Two network namespaces and the veth pair between them (addresses `NET.1` and `NET.2`),
/// deleted when dropped.
struct VirtualLan {
    a: String,
    b: String,
    net: String,
}

impl VirtualLan {
    fn new() -> Result<VirtualLan, String> {
        let uid = Command::new("id").arg("-u").output().map_err(|e| format!("id: {e}"))?;
        if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
            return Err("not root".into());
        }
        let tag = std::process::id() % 100_000;
        let (a, b) = (format!("caucus-lan-{tag}-a"), format!("caucus-lan-{tag}-b"));
        let (va, vb) = (format!("cxl{tag}a"), format!("cxl{tag}b"));
        let net = format!("10.{}.{}", 100 + tag % 100, tag / 100 % 250);
        let lan = VirtualLan { a: a.clone(), b: b.clone(), net: net.clone() };
        let steps: [&[&str]; 11] = [
            &["netns", "add", &a],
            &["netns", "add", &b],
            &["link", "add", &va, "type", "veth", "peer", "name", &vb],
            &["link", "set", &va, "netns", &a],
            &["link", "set", &vb, "netns", &b],
            &["-n", &a, "addr", "add", &format!("{net}.1/24"), "dev", &va],
            &["-n", &b, "addr", "add", &format!("{net}.2/24"), "dev", &vb],
            &["-n", &a, "link", "set", &va, "up"],
            &["-n", &b, "link", "set", &vb, "up"],
            &["-n", &a, "link", "set", "lo", "up"],
            &["-n", &b, "link", "set", "lo", "up"],
        ];
        for step in steps {
            let out = Command::new("ip").args(step).output().map_err(|e| format!("ip: {e}"))?;
            if !out.status.success() {
                return Err(format!("ip {}: {}", step.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
            }
        }
        Ok(lan)
    }

    /// `caucus --data-dir DIR ARGS` on the device of namespace `ns`.
    fn caucus(&self, ns: &str, dir: &Path, args: &[&str]) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", ns, env!("CARGO_BIN_EXE_caucus"), "--data-dir"]).arg(dir).args(args).env_remove("CAUCUS_LOG");
        c
    }
}

impl Drop for VirtualLan {
    fn drop(&mut self) {
        for ns in [&self.a, &self.b] {
            let _ = Command::new("ip").args(["netns", "del", ns]).output();
        }
    }
}

fn ok(out: Output, what: &str) -> String {
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A `caucus serve` process (`ip netns exec` execs it: the pid is the relay's), killed when dropped.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Relays on the LAN hosting `id`, as `caucus --json peers` lists them: (addresses, port, scheme).
fn peers(lan: &VirtualLan, dir: &Path, id: &str) -> Vec<(Vec<String>, u64, String)> {
    let out = ok(lan.caucus(&lan.b, dir, &["--json", "peers", id, "--timeout", "3"]).output().expect("run caucus peers"), "caucus peers");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|p| {
            let addresses = p["addresses"].as_array().expect("addresses").iter().map(|a| a.as_str().unwrap_or_default().to_string()).collect();
            (addresses, p["port"].as_u64().unwrap_or_default(), p["scheme"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
#[ignore = "needs root and iproute2: makes two network namespaces joined by a veth pair; scripts/test.sh runs it as root"]
fn a_member_finds_the_chairs_relay_on_the_lan_by_mdns_and_syncs_through_it() {
    let lan = VirtualLan::new().unwrap_or_else(|why| panic!("no virtual LAN can be made here ({why}): run as root with iproute2"));
    let (chair_dir, member_dir) = (tempdir(), tempdir());
    let (c, m) = (chair_dir.path(), member_dir.path());
    let chair = |args: &[&str]| ok(lan.caucus(&lan.a, c, args).output().expect("run caucus"), &format!("chair: caucus {args:?}"));
    let member = |args: &[&str]| ok(lan.caucus(&lan.b, m, args).output().expect("run caucus"), &format!("member: caucus {args:?}"));

    let id = chair(&["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    chair(&["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    let delegate = chair(&["member", "add", &id, "--name", "Ana", "--delegation", "Kenya", "--role", "delegate", "--group", "producer-country"])
        .trim()
        .to_string();

    // The chair's relay on every interface of its device, with its self-signed certificate.
    let mut child = lan.caucus(&lan.a, c, &["serve", "--tls-self-signed", "--listen", "0.0.0.0:4455"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn caucus serve");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    let _relay = Serve(child);
    let mut first = String::new();
    let _ = lines.read_line(&mut first);
    assert_eq!(first.trim(), "listening on wss://0.0.0.0:4455");
    let url = format!("wss://{}.1:4455", lan.net);

    // The member joins with an invitation naming the chair's LAN address (pinned certificate).
    let invitation = chair(&["invite", &id, "--member", &delegate, "--relay", &url]).trim().to_string();
    member(&["join", &invitation]);
    assert!(member(&["show", &id]).contains("URGES Parties to act;"));

    // Found by mDNS from the other device: the chair's LAN address, its port, TLS.
    let found = peers(&lan, m, &id);
    assert_eq!(found.len(), 1, "{found:?}");
    let (addresses, port, scheme) = &found[0];
    assert!(addresses.contains(&format!("{}.1", lan.net)), "{addresses:?}");
    assert_eq!((*port, scheme.as_str()), (4455, "wss"));
    // A workshop the relay does not host is not found (the record holds hashes of ids only).
    let other = member(&["new", "--title", "Another workshop"]).trim().to_string();
    assert_eq!(peers(&lan, m, &other), Vec::new());

    // The member's edit goes to the relay it found; the chair has it.
    member(&["para", "add", &id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
    member(&["sync", &id, "--to", &format!("wss://{}.1:{port}", lan.net)]);
    let mut shown = String::new();
    for _ in 0..50 {
        shown = chair(&["show", &id]);
        if shown.contains("INVITES Parties to report;") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(shown.contains("INVITES Parties to report;"), "{shown}");
}
