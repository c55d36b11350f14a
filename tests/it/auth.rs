//! Identity and roles (issue #3 item 5): invitation tokens, the role × document × message-type matrix against a real relay, refusal before any document byte, and `caucus invite` + `caucus join` across two devices.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Stdio};
use std::time::Duration;

use caucus::Coded;
use caucus::model::roster::{Group, Role, Roster};
use caucus::model::DocName;
use caucus::sync::protocol::{self, Message as YMsg};
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::sync::token::{self, Claims, Invitation};
use caucus::sync::{close, ws, AuthError};
use caucus::workshop::NewMember;
use caucus::{Caucus, Workshop};
use ed25519_dalek::{Signer, SigningKey};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use yrs::{Map, ReadTxn, Transact};

use crate::support::{device, news, new_workshop, tempdir};
use crate::sync::{caucus_cmd, caucus_ok, raw, Ws};

/// The fixed clock of `support::host`: 2026-11-27T12:00:00Z.
const NOW: i64 = 1_795_780_800;

struct Fixture {
    _dir: tempfile::TempDir,
    caucus: Caucus,
    w: Workshop,
    key: SigningKey,
    /// Member id per role (the chair is the creator).
    members: Vec<(Role, String)>,
    revoked: String,
}

fn fixture(seed: u64) -> Fixture {
    let dir = tempdir();
    let caucus = device(dir.path(), seed);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    let key = token::chair_signing_key(&caucus, &w).expect("store").expect("the creator holds the chair's key");
    let mut members = vec![(Role::Chair, w.me().expect("me"))];
    for (role, name) in [(Role::Secretariat, "Sec"), (Role::Delegate, "Del"), (Role::Observer, "Obs"), (Role::Translator, "Tra")] {
        let m = w
            .add_member(NewMember { name: name.into(), delegation: "X".into(), role, group: Group::Expert })
            .expect("add member");
        members.push((role, m.id));
    }
    let gone = w
        .add_member(NewMember { name: "Gone".into(), delegation: "Y".into(), role: Role::Delegate, group: Group::Ngo })
        .expect("add member");
    w.remove_member(&gone.id).expect("revoke");
    Fixture { _dir: dir, caucus, w, key, members, revoked: gone.id }
}

impl Fixture {
    fn token(&self, role: Role) -> String {
        let member = self.members.iter().find(|(r, _)| *r == role).map(|(_, m)| m.clone()).expect("a member");
        self.token_for(&member, role, NOW + 3600)
    }

    fn token_for(&self, member: &str, role: Role, expires: i64) -> String {
        token::issue(&self.key, &Invitation { member: member.into(), role, expires, relay: None, fingerprint: None })
    }
}

fn code(r: Result<Claims, AuthError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// A token signed by `key` over hand-made claims.
fn signed(key: &SigningKey, claims: &Claims) -> String {
    let payload = serde_json::to_vec(claims).expect("json");
    let sig = key.sign(&[token::SIGNING_CONTEXT, payload.as_slice()].concat());
    format!("{}{}.{}", token::PREFIX, token::b64_encode(&payload), token::b64_encode(&sig.to_bytes()))
}

#[test]
fn a_token_round_trips_and_every_bad_one_is_refused_with_its_code() {
    let f = fixture(31);
    let delegate = f.members[2].1.clone();
    let text = token::issue(
        &f.key,
        &Invitation {
            member: delegate.clone(),
            role: Role::Delegate,
            expires: NOW + 60,
            relay: Some("ws://127.0.0.1:4455".into()),
            fingerprint: Some("ab".repeat(32)),
        },
    );
    assert!(text.starts_with("caucus1.") && !text.contains(['=', '+', '/']));
    let claims = token::verify(&text, NOW, &f.w).expect("a good token verifies");
    assert_eq!((claims.workshop.as_str(), claims.member.as_str(), claims.role), (f.w.id(), delegate.as_str(), Role::Delegate));
    assert_eq!(claims.relay.as_deref(), Some("ws://127.0.0.1:4455"));
    assert_eq!(claims.fingerprint, Some("ab".repeat(32)));

    // Forged signature: another token's signature on this payload.
    let other = f.token(Role::Observer);
    let (payload, _) = text.rsplit_once('.').expect("two parts");
    let (_, sig) = other.rsplit_once('.').expect("two parts");
    assert_eq!(code(token::verify(&format!("{payload}.{sig}"), NOW, &f.w)), "auth.bad_signature");
    // A payload altered after signing.
    let mut altered = claims.clone();
    altered.role = Role::Chair;
    let forged = signed(&f.key, &claims).rsplit_once('.').map(|(_, s)| s.to_string()).expect("sig");
    let altered_payload = token::b64_encode(&serde_json::to_vec(&altered).expect("json"));
    assert_eq!(code(token::verify(&format!("caucus1.{altered_payload}.{forged}"), NOW, &f.w)), "auth.bad_signature");

    // Another workshop's key: claiming this workshop, or its own, is refused either way.
    let stranger = caucus::identity::generate(&caucus::host::SeededEntropy::new(999));
    let mut claimed = claims.clone();
    claimed.chair_key = caucus::host::hex(stranger.verifying_key().as_bytes());
    assert_eq!(code(token::verify(&signed(&stranger, &claimed), NOW, &f.w)), "auth.wrong_workshop");
    let own = token::issue(&stranger, &Invitation { member: delegate.clone(), role: Role::Chair, expires: NOW + 60, relay: None, fingerprint: None });
    assert_eq!(code(token::decode(&own, NOW)), "ok", "valid for its own workshop");
    assert_eq!(code(token::verify(&own, NOW, &f.w)), "auth.wrong_workshop");

    // Expiry is checked against the time passed in.
    assert_eq!(code(token::verify(&text, NOW + 59, &f.w)), "ok");
    assert_eq!(code(token::verify(&text, NOW + 60, &f.w)), "auth.expired");

    // The roster: revoked, unknown, a role the roster does not give.
    assert_eq!(code(token::verify(&f.token_for(&f.revoked, Role::Delegate, NOW + 60), NOW, &f.w)), "auth.revoked");
    assert_eq!(code(token::verify(&f.token_for("m-nobody", Role::Delegate, NOW + 60), NOW, &f.w)), "auth.unknown_member");
    assert_eq!(code(token::verify(&f.token_for(&delegate, Role::Chair, NOW + 60), NOW, &f.w)), "auth.wrong_role");
    // Revoking after issuing takes effect at the next verification.
    f.w.remove_member(&delegate).expect("revoke");
    assert_eq!(code(token::verify(&text, NOW, &f.w)), "auth.revoked");

    for junk in ["", "garbage", "caucus1.", "caucus1.abc", "caucus1.!!!.xx", "caucus1.e30.AAAA", "caucus2.e30.e30", &"a".repeat(5000)] {
        assert_eq!(code(token::decode(junk, NOW)), "auth.malformed", "{junk:.40}");
    }
    // Codes map to close codes in 4400–4499.
    for e in [AuthError::Missing, AuthError::BadSignature, AuthError::Expired(0), AuthError::Revoked("m".into())] {
        assert!((4400..4500).contains(&e.close_code()), "{e}");
    }
}

// --- against a real relay ---------------------------------------------------------------------------

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().expect("addr")
}

async fn relay_on(f: &Fixture) -> Relay {
    let options = RelayOptions { idle_unload: Duration::from_millis(200), ..RelayOptions::default() };
    assert!(!options.open && !options.create_rooms, "members only by default");
    Relay::bind(f.caucus.clone(), loopback(), options).await.expect("bind")
}

fn url(relay: &Relay, w: &Workshop, doc: DocName, token: Option<&str>) -> String {
    ws::room_url_with_token(&relay.url(), w.id(), doc, token)
}

/// The next data or close message (pings skipped), within 5 s.
async fn next(ws: &mut Ws) -> Option<Message> {
    let read = async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(m)) => return Some(m),
                _ => return None,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read).await.expect("the relay answers in time")
}

fn close_code(m: &Option<Message>) -> Option<u16> {
    match m {
        Some(Message::Close(Some(f))) => Some(u16::from(f.code)),
        _ => None,
    }
}

/// Connects and reads the relay's opening sync step 1 (the connection was admitted).
async fn admitted(url: &str) -> Ws {
    let mut ws = raw(url).await;
    match next(&mut ws).await {
        Some(Message::Binary(b)) => {
            assert!(matches!(protocol::decode_frame(&b).expect("decodes").as_slice(), [YMsg::SyncStep1(_)]));
        }
        other => panic!("expected the relay's sync step 1, got {other:?}"),
    }
    ws
}


/// DESIGN §2, written out independently of the code under test.
fn may_write(role: Role, doc: DocName) -> bool {
    matches!(
        (role, doc),
        (Role::Chair | Role::Secretariat, _)
            | (Role::Delegate, DocName::Draft | DocName::Notes)
            | (Role::Observer, DocName::Notes)
            | (Role::Translator, DocName::Notes | DocName::VersionFr | DocName::VersionEs)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_role_document_message_matrix_is_enforced_by_a_real_relay() {
    let f = fixture(41);
    let relay = relay_on(&f).await;
    let chair = f.token(Role::Chair);
    let mut client = 10_000u64;
    let mut checked = 0;
    for &(role, _) in &f.members {
        let tok = f.token(role);
        for doc in DocName::ALL {
            for step2 in [true, false] {
                client += 1;
                let case = format!("{role} × {doc} × {}", if step2 { "sync step 2" } else { "update" });
                let mut watcher = admitted(&url(&relay, &f.w, doc, Some(&chair))).await;
                let mut writer = admitted(&url(&relay, &f.w, doc, Some(&tok))).await;
                let rows = f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0;
                let sv = f.w.state_vector(doc);
                let update = news(client);
                let frame = if step2 { protocol::encode_step2(update) } else { protocol::encode_update(update) };
                writer.send(Message::Binary(frame.into())).await.expect("send");
                if may_write(role, doc) {
                    // Forwarded to the other connection, after it was stored.
                    let forwarded = loop {
                        match next(&mut watcher).await {
                            Some(Message::Binary(b)) => match protocol::decode_frame(&b).expect("decodes").as_slice() {
                                [YMsg::Update(_)] => break true,
                                _ => continue,
                            },
                            other => panic!("{case}: the watcher got {other:?}"),
                        }
                    };
                    assert!(forwarded, "{case}");
                    assert_ne!(f.w.state_vector(doc), sv, "{case}: stored");
                    assert!(f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0 > rows, "{case}: a row was written");
                    assert!(f.w.state_vector(doc).get(&yrs::block::ClientID::new(client)) > 0, "{case}");
                } else {
                    let m = next(&mut writer).await;
                    assert_eq!(close_code(&m), Some(close::FORBIDDEN), "{case}: {m:?}");
                    if let Some(Message::Close(Some(frame))) = &m {
                        assert!(frame.reason.starts_with("sync.forbidden"), "{case}: {}", frame.reason);
                    }
                    assert_eq!(f.w.state_vector(doc), sv, "{case}: nothing applied");
                    assert_eq!(f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0, rows, "{case}: nothing stored");
                    let quiet = tokio::time::timeout(Duration::from_millis(150), watcher.next()).await;
                    assert!(
                        !matches!(quiet, Ok(Some(Ok(Message::Binary(_))))),
                        "{case}: nothing was forwarded: {quiet:?}"
                    );
                }
                let _ = writer.close(None).await;
                let _ = watcher.close(None).await;
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 50, "5 roles × 5 documents × 2 messages");
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_forged_expired_or_revoked_token_gets_a_single_document_byte() {
    let f = fixture(51);
    let relay = relay_on(&f).await;
    let other = fixture(52);
    let good = f.token(Role::Observer);
    let (payload, _) = good.rsplit_once('.').expect("parts");
    let (_, foreign_sig) = other.token(Role::Observer).rsplit_once('.').map(|(p, s)| (p.to_string(), s.to_string())).expect("parts");
    let cases: Vec<(&str, Option<String>, u16, &str)> = vec![
        ("no token", None, close::UNAUTHORIZED, "auth.missing"),
        ("garbage", Some("caucus1.nonsense".into()), close::UNAUTHORIZED, "auth.malformed"),
        ("forged signature", Some(format!("{payload}.{foreign_sig}")), close::UNAUTHORIZED, "auth.bad_signature"),
        ("another workshop's token", Some(other.token(Role::Chair)), close::UNAUTHORIZED, "auth.wrong_workshop"),
        ("expired", Some(f.token_for(&f.members[3].1, Role::Observer, NOW - 1)), close::UNAUTHORIZED, "auth.expired"),
        ("revoked", Some(f.token_for(&f.revoked, Role::Delegate, NOW + 60)), close::FORBIDDEN, "auth.revoked"),
        ("unknown member", Some(f.token_for("m-nobody", Role::Observer, NOW + 60)), close::FORBIDDEN, "auth.unknown_member"),
    ];
    for (case, tok, want, reason) in cases {
        for doc in DocName::ALL {
            let mut ws = raw(&url(&relay, &f.w, doc, tok.as_deref())).await;
            let first = next(&mut ws).await;
            assert_eq!(close_code(&first), Some(want), "{case} {doc}: the first frame is the close: {first:?}");
            if let Some(Message::Close(Some(frame))) = &first {
                assert!(frame.reason.starts_with(reason), "{case}: {}", frame.reason);
            }
        }
    }
    // A good token is admitted (its first frame is the relay's step 1).
    let _ = admitted(&url(&relay, &f.w, DocName::Draft, Some(&good))).await;
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_frame_before_authentication_is_impossible_and_after_it_fine() {
    // The token is checked before anything is read; the pre-auth cap is small.
    const { assert!(ws::PRE_AUTH_FRAME <= 64 * 1024 && ws::PRE_AUTH_FRAME < protocol::MAX_MESSAGE) };
    let f = fixture(61);
    let relay = relay_on(&f).await;
    // An authenticated chair may send a frame far above the pre-auth cap.
    let mut chair = admitted(&url(&relay, &f.w, DocName::Notes, Some(&f.token(Role::Chair)))).await;
    let mut watcher = admitted(&url(&relay, &f.w, DocName::Notes, Some(&f.token(Role::Secretariat)))).await;
    let doc = yrs::Doc::with_client_id(77);
    let map = doc.get_or_insert_map("probe");
    {
        let mut txn = doc.transact_mut();
        map.insert(&mut txn, "big", "x".repeat(200 * 1024));
    }
    let big = { doc.transact().encode_state_as_update_v1(&yrs::StateVector::default()) };
    assert!(big.len() > ws::PRE_AUTH_FRAME);
    chair.send(Message::Binary(protocol::encode_update(big).into())).await.expect("send");
    let notes = f.w.clone();
    for _ in 0..250 {
        if notes.state_vector(DocName::Notes).get(&yrs::block::ClientID::new(77)) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(notes.state_vector(DocName::Notes).get(&yrs::block::ClientID::new(77)) > 0, "the large update was stored");
    // Forwarded whole (the relay sends it as a fragmented message; the client reassembles it).
    loop {
        match next(&mut watcher).await {
            Some(Message::Binary(b)) => match protocol::decode_frame(&b).expect("decodes").as_slice() {
                [YMsg::Update(u)] if u.len() > 200 * 1024 => break,
                _ => continue,
            },
            other => panic!("the watcher got {other:?}"),
        }
    }
    relay.stop().await;
}

// --- `caucus invite` + `caucus join` through a `caucus serve` process ---------------------------------

pub(crate) struct Serve(pub(crate) Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(dir: &std::path::Path, port: u16) -> Serve {
    serve_with(dir, port, &[])
}

pub(crate) fn serve_with(dir: &std::path::Path, port: u16, extra: &[&str]) -> Serve {
    for _ in 0..40 {
        let mut child = caucus_cmd(dir)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn caucus serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        if line.starts_with("listening on ") {
            return Serve(child);
        }
        let _ = child.kill();
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("caucus serve did not start");
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

pub(crate) fn json_error_code(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    let v: serde_json::Value = serde_json::from_str(err.trim()).unwrap_or_default();
    v["error"]["code"].as_str().unwrap_or_default().to_string()
}

#[test]
fn caucus_invite_and_join_set_a_workshop_up_on_another_device_through_caucus_serve() {
    let (chair_dir, member_dir) = (tempdir(), tempdir());
    let (c, m) = (chair_dir.path(), member_dir.path());
    let (id, delegate) = crate::support::cli_workshop_with_delegate(c);
    let port = free_port();
    let relay_url = format!("ws://127.0.0.1:{port}");
    let token = caucus_ok(c, &["invite", &id, "--member", &delegate, "--expires", "3", "--relay", &relay_url]).trim().to_string();
    assert!(token.starts_with("caucus1."));

    // Only the chair's device can sign; the member's device cannot invite.
    let _relay = serve(c, port);
    let joined = caucus_ok(m, &["join", &token]);
    assert!(joined.contains(&id) && joined.contains("delegate"), "{joined}");
    let shown = caucus_ok(m, &["show", &id]);
    assert!(shown.contains("WILDLIFE CYBERCRIME") && shown.contains("URGES Parties to act;"), "{shown}");
    let out = caucus_cmd(m).args(["--json", "invite", &id, "--member", &delegate]).output().expect("run");
    assert!(!out.status.success());
    assert_eq!(json_error_code(&out), "auth.not_chair");

    // The delegate edits the draft and syncs back with the stored token; the chair sees it.
    caucus_ok(m, &["para", "add", &id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
    caucus_ok(m, &["sync", &id, "--to", &relay_url]);
    // The relay process holds the live document; a fresh device syncing with the chair's own
    // (self-minted) token sees the delegate's paragraph.
    let third = tempdir();
    let second_token = caucus_ok(c, &["invite", &id, "--member", &delegate, "--relay", &relay_url]).trim().to_string();
    caucus_ok(third.path(), &["join", &second_token]);
    assert!(caucus_ok(third.path(), &["show", &id]).contains("INVITES Parties to report;"));

    // A malformed token is refused in one line with its code, and records nothing.
    let fresh = tempdir();
    let out = caucus_cmd(fresh.path()).args(["--json", "join", "caucus1.nope"]).output().expect("run");
    assert!(!out.status.success());
    assert_eq!(json_error_code(&out), "auth.malformed");
    assert!(caucus_ok(fresh.path(), &["list"]).trim().is_empty());
}

// --- attribution claims (DESIGN §4) and revocation of open connections --------------------------

/// A fresh client `client`'s `notes` update writing `clients[key] = member` (a new key).
fn claim(client: u64, key: u64, member: &str) -> Vec<u8> {
    let doc = yrs::Doc::with_client_id(client);
    let map = doc.get_or_insert_map("clients");
    {
        let mut txn = doc.transact_mut();
        map.insert(&mut txn, key.to_string(), member);
    }
    let update = doc.transact().encode_state_as_update_v1(&yrs::StateVector::default());
    update
}

/// An edit of `doc` made on a copy of the workshop's current state by a fresh client: the update
/// a peer holding everything would send (its entries have origins, so yrs infers their parent).
/// `f` gets the copy's `notes` Map `clients` and its roster (root handles are made before any
/// transaction: making one inside a transaction deadlocks yrs).
fn edit_on_copy(w: &Workshop, doc: DocName, client: u64, f: impl FnOnce(&mut yrs::TransactionMut, &yrs::MapRef, &Roster)) -> Vec<u8> {
    use yrs::updates::decoder::Decode;
    let copy = yrs::Doc::with_client_id(client);
    let (clients, roster) = (copy.get_or_insert_map("clients"), Roster::new(&copy));
    copy.transact_mut().apply_update(yrs::Update::decode_v1(&w.encode_state(doc)).expect("decode")).expect("apply");
    let mut txn = copy.transact_mut();
    f(&mut txn, &clients, &roster);
    txn.encode_update_v1()
}

/// Sends `update` (as an update, or a sync step 2) on a fresh connection with `tok` to the notes
/// room while the chair watches; `Ok` if it was stored and forwarded, else the close code and
/// reason, after checking that nothing was stored or forwarded.
async fn send_notes(relay: &Relay, f: &Fixture, tok: &str, update: Vec<u8>, step2: bool) -> Result<(), (u16, String)> {
    let doc = DocName::Notes;
    let mut watcher = admitted(&url(relay, &f.w, doc, Some(&f.token(Role::Chair)))).await;
    let mut writer = admitted(&url(relay, &f.w, doc, Some(tok))).await;
    let rows = f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0;
    let sv = f.w.state_vector(doc);
    let frame = if step2 { protocol::encode_step2(update) } else { protocol::encode_update(update) };
    writer.send(Message::Binary(frame.into())).await.expect("send");
    // The writer either gets closed or stays open; the watcher tells which.
    let outcome = tokio::select! {
        m = next(&mut writer) => match m {
            Some(Message::Close(Some(frame))) => Err((u16::from(frame.code), frame.reason.to_string())),
            other => panic!("the writer got {other:?}"),
        },
        forwarded = async {
            loop {
                match next(&mut watcher).await {
                    Some(Message::Binary(b)) if matches!(protocol::decode_frame(&b).expect("decodes").as_slice(), [YMsg::Update(_)]) => break,
                    Some(Message::Binary(_)) => continue,
                    other => panic!("the watcher got {other:?}"),
                }
            }
        } => Ok(forwarded),
    };
    match &outcome {
        Ok(()) => {
            assert_ne!(f.w.state_vector(doc), sv, "applied");
            assert!(f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0 > rows, "stored");
        }
        Err(_) => {
            assert_eq!(f.w.state_vector(doc), sv, "nothing applied");
            assert_eq!(f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0, rows, "nothing stored");
            let quiet = tokio::time::timeout(Duration::from_millis(150), watcher.next()).await;
            assert!(!matches!(quiet, Ok(Some(Ok(Message::Binary(_))))), "nothing was forwarded: {quiet:?}");
        }
    }
    let _ = writer.close(None).await;
    let _ = watcher.close(None).await;
    outcome
}

fn refused_claim(r: Result<(), (u16, String)>, case: &str) {
    match r {
        Err((code, reason)) => {
            assert_eq!(code, close::FORBIDDEN, "{case}: {reason}");
            assert!(reason.starts_with("sync.forbidden") && reason.contains("notes"), "{case}: {reason}");
        }
        Ok(()) => panic!("{case}: accepted"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_refuses_client_claims_for_another_member_and_any_reattribution() {
    let f = fixture(71);
    // The chair's device edits the draft: its client id is claimed for the chair in `notes`.
    f.w.add_paragraph(None, caucus::NewParagraph::new(caucus::ParaKind::Operative, "URGES Parties to act;")).expect("edit");
    let claimed = f.w.delegations_by_client();
    let (&chair_client, _) = claimed.iter().next().expect("the chair's device claimed its client id");
    let relay = relay_on(&f).await;
    let (chair, sec, del, obs) = (f.members[0].1.clone(), f.members[1].1.clone(), f.members[2].1.clone(), f.members[3].1.clone());
    let del_tok = f.token(Role::Delegate);

    // A delegate claiming a client for the chair: refused whole, as an update and as a step 2.
    refused_claim(send_notes(&relay, &f, &del_tok, claim(501, 601, &chair), false).await, "delegate claims for the chair");
    refused_claim(send_notes(&relay, &f, &del_tok, claim(502, 602, &sec), true).await, "delegate claims for the secretariat, in a step 2");
    // An observer may write notes, but not claims for others either.
    refused_claim(send_notes(&relay, &f, &f.token(Role::Observer), claim(503, 603, &del), false).await, "observer claims for a delegate");

    // Taking over the chair's claimed client id: refused, as an overwrite made on an up-to-date
    // copy (origin set, parent implied) and as a concurrent entry that would win.
    let overwrite = edit_on_copy(&f.w, DocName::Notes, 504, |txn, clients, _| {
        clients.insert(txn, chair_client.to_string(), del.as_str());
    });
    refused_claim(send_notes(&relay, &f, &del_tok, overwrite, false).await, "delegate re-attributes the chair's client");
    refused_claim(send_notes(&relay, &f, &del_tok, claim(1 << 50, chair_client, &del), false).await, "concurrent re-attribution");
    // Even the chair may not re-attribute, nor remove another's claim.
    let removal = edit_on_copy(&f.w, DocName::Notes, 505, |txn, clients, _| {
        clients.remove(txn, &chair_client.to_string());
    });
    refused_claim(send_notes(&relay, &f, &del_tok, removal, false).await, "delegate removes the chair's claim");
    refused_claim(send_notes(&relay, &f, &f.token(Role::Chair), claim(1 << 50, chair_client, &del), false).await, "chair re-attributes");

    // Own claims are accepted, and the chair (who manages the roster) may carry others'.
    assert_eq!(send_notes(&relay, &f, &del_tok, claim(506, 606, &del), false).await, Ok(()), "a delegate's own claim");
    assert_eq!(send_notes(&relay, &f, &f.token(Role::Observer), claim(507, 607, &obs), true).await, Ok(()), "an observer's own claim");
    assert_eq!(send_notes(&relay, &f, &f.token(Role::Chair), claim(508, 608, &sec), false).await, Ok(()), "the chair relays a claim");
    let now = f.w.delegations_by_client();
    assert!(now.contains_key(&606) && now.contains_key(&607) && now.contains_key(&608), "{now:?}");
    assert!(!now.contains_key(&601) && !now.contains_key(&602) && !now.contains_key(&603));
    assert_eq!(now.get(&chair_client), claimed.get(&chair_client), "the chair's claim is unchanged");
    // Re-sending an accepted claim changes nothing and is no refusal.
    assert_eq!(send_notes(&relay, &f, &del_tok, claim(1 << 51, 606, &del), false).await, Ok(()), "the same claim again");
    relay.stop().await;
}

#[test]
fn a_bundle_whose_notes_claim_another_member_is_refused_whole() {
    let f = fixture(72);
    let del = f.members[2].1.clone();
    let chair = f.members[0].1.clone();
    // A delegate's device key (not bound to members by the roster: any key signs for a non-chair).
    let key = caucus::identity::generate(&caucus::host::SeededEntropy::new(7201));
    let crafted = |notes: Vec<u8>| {
        let b = caucus::bundle::Bundle {
            version: caucus::bundle::VERSION,
            workshop: f.w.id().to_string(),
            sender: del.clone(),
            sender_key: key.verifying_key().to_bytes(),
            created: "2026-11-27T12:00:00Z".into(),
            updates: [news(7301), notes, Vec::from([0u8, 0]), Vec::from([0u8, 0]), Vec::from([0u8, 0])],
        };
        caucus::bundle::encode(&b, &key)
    };
    let states = |w: &Workshop| DocName::ALL.map(|d| w.state_vector(d));
    let before = states(&f.w);
    let e = caucus::bundle::import(&f.caucus, &crafted(claim(7302, 7402, &chair))).expect_err("a claim for the chair");
    assert_eq!(e.code(), "bundle.forbidden_claim", "{e}");
    assert!(e.to_string().contains(&chair), "{e}");
    assert_eq!(states(&f.w), before, "nothing of it was applied, its draft edit included");

    let report = caucus::bundle::import(&f.caucus, &crafted(claim(7303, 7403, &del))).expect("its own claim");
    assert_eq!(report.changed, ["draft", "notes"]);
    assert!(f.w.delegations_by_client().contains_key(&7403));
    // Re-attributing it to the chair afterwards: refused.
    let e = caucus::bundle::import(&f.caucus, &crafted(claim(1 << 50, 7403, &chair))).expect_err("re-attribution");
    assert_eq!(e.code(), "bundle.forbidden_claim", "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_a_member_closes_its_open_connections_and_it_cannot_reconnect() {
    let f = fixture(81);
    let relay = relay_on(&f).await;
    let (chair, del, obs) = (f.members[0].1.clone(), f.members[2].1.clone(), f.members[3].1.clone());
    let del_tok = f.token(Role::Delegate);
    let mut del_draft = admitted(&url(&relay, &f.w, DocName::Draft, Some(&del_tok))).await;
    let mut del_notes = admitted(&url(&relay, &f.w, DocName::Notes, Some(&del_tok))).await;
    let mut obs_notes = admitted(&url(&relay, &f.w, DocName::Notes, Some(&f.token(Role::Observer)))).await;
    let mut sec_draft = admitted(&url(&relay, &f.w, DocName::Draft, Some(&f.token(Role::Secretariat)))).await;
    let mut chair_roster = admitted(&url(&relay, &f.w, DocName::Roster, Some(&f.token(Role::Chair)))).await;

    async fn closed(ws: &mut Ws, case: &str) -> (u16, String) {
        loop {
            match next(ws).await {
                Some(Message::Binary(_)) => continue,
                Some(Message::Close(Some(frame))) => return (u16::from(frame.code), frame.reason.to_string()),
                other => panic!("{case}: expected a close, got {other:?}"),
            }
        }
    }

    // The chair revokes the delegate through the relay (an update of the roster room).
    let revoke = edit_on_copy(&f.w, DocName::Roster, 8101, |txn, _, roster| {
        roster.remove(txn, &del, &chair, "2026-11-27T12:00:00Z").expect("remove");
    });
    chair_roster.send(Message::Binary(protocol::encode_update(revoke).into())).await.expect("send");
    for (ws, room) in [(&mut del_draft, "draft"), (&mut del_notes, "notes")] {
        let (code, reason) = closed(ws, room).await;
        assert_eq!(code, close::FORBIDDEN, "{room}: {reason}");
        assert!(reason.starts_with("auth.revoked") && reason.contains(&del), "{room}: {reason}");
    }
    assert!(f.w.is_revoked(&del));
    // The others stay connected and served: the secretariat still writes the draft.
    sec_draft.send(Message::Binary(protocol::encode_update(news(8102)).into())).await.expect("send");
    for _ in 0..250 {
        if f.w.state_vector(DocName::Draft).get(&yrs::block::ClientID::new(8102)) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(f.w.state_vector(DocName::Draft).get(&yrs::block::ClientID::new(8102)) > 0, "the secretariat is still served");
    // The revoked token cannot reconnect to any room.
    for doc in DocName::ALL {
        let mut ws = raw(&url(&relay, &f.w, doc, Some(&del_tok))).await;
        let first = next(&mut ws).await;
        assert_eq!(close_code(&first), Some(close::FORBIDDEN), "{doc}: {first:?}");
    }

    // A revocation made on the relay's own device (the app hosting LAN peers) closes too.
    f.w.remove_member(&obs).expect("revoke the observer");
    let (code, reason) = closed(&mut obs_notes, "observer").await;
    assert_eq!(code, close::FORBIDDEN, "{reason}");
    assert!(reason.starts_with("auth.revoked"), "{reason}");
    let _ = chair_roster.close(None).await;
    relay.stop().await;
}

// --- hostile input against a `caucus serve` process -------------------------------------------------

/// A v1 update whose one value nests `depth` arrays (yrs's decoder would recurse `depth` times).
fn nested(depth: usize) -> Vec<u8> {
    let mut u = vec![1, 1, 1, 0, 8, 1, 1, b'm', 1];
    u.extend(std::iter::repeat([117u8, 1]).take(depth).flatten());
    u.extend([126, 0]);
    u
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caucus_serve_process_keeps_serving_everyone_while_one_client_sends_garbage() {
    let dir = tempdir();
    let port = free_port();
    let mut relay = serve_with(dir.path(), port, &["--open", "--create-rooms"]);
    let id = "abcdefghijklmnopqrstuvwx";
    let room = format!("ws://127.0.0.1:{port}/{id}/draft");
    // Both joined the room (their first frame is the relay's step 1) before anything is sent.
    let mut writer = admitted(&room).await;
    let mut reader = admitted(&room).await;

    // One client keeps sending garbage on fresh connections, each closed with a 4400-range (or
    // 1003/1009) code, while the writer's updates keep reaching the reader.
    let garbage_room = room.clone();
    let garbage = tokio::spawn(async move {
        let cases: Vec<Message> = vec![
            Message::Binary(vec![0xde, 0xad, 0xbe, 0xef].into()),
            Message::Binary(protocol::encode_update(nested(10_000)).into()),
            Message::Binary(vec![0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1].into()),
            Message::Binary(Vec::new().into()),
            Message::Text("hello".into()),
            Message::Binary(protocol::encode_update(vec![1, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 1, 0]).into()),
        ];
        let mut codes = Vec::new();
        for round in 0..5 {
            for m in &cases {
                let mut ws = raw(&garbage_room).await;
                let _ = ws.send(m.clone()).await;
                let code = loop {
                    let m = tokio::time::timeout(Duration::from_secs(5), ws.next()).await.unwrap_or_else(|_| panic!("garbage round {round}: no close within 5 s for {m:.30?}"));
                    let m = match m {
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                        Some(Ok(m)) => Some(m),
                        _ => None,
                    };
                    match m {
                        Some(Message::Close(Some(f))) => break u16::from(f.code),
                        Some(Message::Close(None)) | None => break 0,
                        Some(_) => continue,
                    }
                };
                codes.push((round, code));
            }
        }
        codes
    });
    for i in 0..40u64 {
        writer.send(Message::Binary(protocol::encode_update(news(90_000 + i)).into())).await.expect("the writer is still connected");
        let forwarded = loop {
            match next(&mut reader).await {
                Some(Message::Binary(b)) => match protocol::decode_frame(&b).expect("decodes").as_slice() {
                    [YMsg::Update(_)] => break true,
                    _ => continue,
                },
                other => panic!("update {i}: the reader got {other:?}"),
            }
        };
        assert!(forwarded);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let codes = garbage.await.expect("the garbage client ran");
    assert_eq!(codes.len(), 30);
    for (round, code) in codes {
        assert!((4400..4500).contains(&code) || code == close::UNSUPPORTED || code == close::TOO_BIG, "round {round}: close code {code}");
    }
    assert!(relay.0.try_wait().expect("status").is_none(), "the process is still running");
    // And it still admits new connections.
    let _ = admitted(&room).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_built_on_one_not_here_yet_is_skipped_then_refused_once_it_is() {
    let f = fixture(73);
    let relay = relay_on(&f).await;
    let del = f.members[2].1.clone();
    let chair = f.members[0].1.clone();
    // The delegate's own claim (u1, by client 7700), then, on top of it, its re-attribution to
    // the chair by another client (u2, by 7701: its item's origin is u1's, from which yrs infers
    // its parent and key).
    let doc = yrs::Doc::with_client_id(7700);
    let clients = doc.get_or_insert_map("clients");
    let u1 = {
        let mut txn = doc.transact_mut();
        clients.insert(&mut txn, "777", del.as_str());
        txn.encode_update_v1()
    };
    let other = yrs::Doc::with_client_id(7701);
    let other_clients = other.get_or_insert_map("clients");
    use yrs::updates::decoder::Decode;
    other.transact_mut().apply_update(yrs::Update::decode_v1(&u1).expect("u1")).expect("apply u1");
    let u2 = {
        let mut txn = other.transact_mut();
        other_clients.insert(&mut txn, "777", chair.as_str());
        txn.encode_update_v1()
    };
    let mut writer = admitted(&url(&relay, &f.w, DocName::Notes, Some(&f.token(Role::Delegate)))).await;
    // u2 first: it builds on an item not here yet, so it is skipped (nothing held pending, nothing
    // stored) and the connection goes on. (The relay's opening step 1 is unanswered, so it does
    // not ask again: that answer will carry what is missing.)
    let rows_before = f.w.caucus().store().room_stats(f.w.id(), DocName::Notes).expect("stats").0;
    writer.send(Message::Binary(protocol::encode_update(u2.clone()).into())).await.expect("send");
    let quiet = tokio::time::timeout(Duration::from_millis(300), next(&mut writer)).await;
    assert!(quiet.is_err(), "u2 is skipped, not refused: {quiet:?}");
    // u1, the delegate's own claim, is taken.
    writer.send(Message::Binary(protocol::encode_update(u1).into())).await.expect("send");
    let rows = || f.w.caucus().store().room_stats(f.w.id(), DocName::Notes).expect("stats").0;
    for _ in 0..250 {
        if rows() > rows_before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(rows(), rows_before + 1, "u1 is stored, and nothing of u2");
    assert!(f.w.delegations_by_client().contains_key(&777), "u1 is taken");
    // Now u2 is in order, and it re-attributes the delegate's client to the chair: refused whole.
    writer.send(Message::Binary(protocol::encode_update(u2).into())).await.expect("send");
    let m = next(&mut writer).await;
    assert_eq!(close_code(&m), Some(close::FORBIDDEN), "{m:?}");
    assert_eq!(f.w.delegations_by_client().get(&777).map(String::as_str), Some("X"), "still the delegate's");
    relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_load_on_the_first_join_and_unload_when_idle() {
    let f = fixture(91);
    let relay = relay_on(&f).await; // idle_unload: 200 ms
    let chair = f.token(Role::Chair);
    assert_eq!(relay.rooms(), 0, "nothing loaded before a join");
    let mut draft = admitted(&url(&relay, &f.w, DocName::Draft, Some(&chair))).await;
    let mut notes = admitted(&url(&relay, &f.w, DocName::Notes, Some(&chair))).await;
    assert_eq!(relay.rooms(), 2);
    // A room with a connection stays loaded past the idle time.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(relay.rooms(), 2);
    async fn until(relay: &Relay, rooms: usize) {
        for _ in 0..200 {
            if relay.rooms() == rooms {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("{} rooms loaded, expected {rooms}", relay.rooms());
    }
    let _ = draft.close(None).await;
    until(&relay, 1).await;
    let _ = notes.close(None).await;
    until(&relay, 0).await;
    // The next join loads the room again, and it serves: a write is stored and answered.
    let mut again = admitted(&url(&relay, &f.w, DocName::Draft, Some(&chair))).await;
    assert_eq!(relay.rooms(), 1);
    again.send(Message::Binary(protocol::encode_update(news(9101)).into())).await.expect("send");
    for _ in 0..250 {
        if f.w.state_vector(DocName::Draft).get(&yrs::block::ClientID::new(9101)) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(f.w.state_vector(DocName::Draft).get(&yrs::block::ClientID::new(9101)) > 0, "stored after the reload");
    relay.stop().await;
}

/// A draft room from which nothing arrived for a while lets go of the draft's shadow (the copy of
/// the draft untrusted updates are checked on, as large as the draft); the next write is checked
/// on a rebuilt one: a forged one is still refused whole, an honest one still passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiet_draft_room_lets_go_of_the_drafts_shadow_and_the_next_write_is_checked_all_the_same() {
    use yrs::XmlFragment;
    let f = fixture(48);
    // This draft is small: its shadow goes after `small_shadow_idle`, long before `shadow_idle`.
    let options = RelayOptions { shadow_idle: Duration::from_secs(3600), small_shadow_idle: Duration::from_millis(300), ..RelayOptions::default() };
    let relay = Relay::bind(f.caucus.clone(), loopback(), options).await.expect("bind");
    let delegate = f.token(Role::Delegate);
    let holds = |client: u64| f.w.state_vector(DocName::Draft).get(&yrs::block::ClientID::new(client)) > 0;

    // An honest write is checked on the shadow, which the workshop holds until the room is quiet.
    let mut writer = admitted(&url(&relay, &f.w, DocName::Draft, Some(&delegate))).await;
    writer.send(Message::Binary(protocol::encode_update(news(60_001)).into())).await.expect("send");
    eventually("the honest write is stored", || holds(60_001)).await;
    eventually("the quiet room lets go of the shadow", || !f.w.draft_shadow_held()).await;

    // A forged write (an element no draft holds) is refused whole all the same.
    let sv = f.w.state_vector(DocName::Draft);
    let forged = crate::rights::forge_draft(&f.w, 60_002, |txn, d| {
        d.body.insert(txn, 0, yrs::XmlElementPrelim::empty("script"));
    });
    writer.send(Message::Binary(protocol::encode_update(forged).into())).await.expect("send");
    let m = next(&mut writer).await;
    let code = close_code(&m).expect("closed");
    assert!((4400..4500).contains(&code), "refused: {m:?}");
    assert_eq!(f.w.state_vector(DocName::Draft), sv, "nothing of it applied");

    // And an honest one passes again, on a rebuilt shadow, which is let go again once quiet.
    let mut writer = admitted(&url(&relay, &f.w, DocName::Draft, Some(&delegate))).await;
    writer.send(Message::Binary(protocol::encode_update(news(60_003)).into())).await.expect("send");
    eventually("the next honest write is stored", || holds(60_003)).await;
    eventually("let go again", || !f.w.draft_shadow_held()).await;
    let _ = writer.close(None).await;
    relay.stop().await;
}

/// A large draft's shadow (built from at least `small_draft` bytes) costs more to rebuild than to
/// keep through a pause: its room keeps it past `small_shadow_idle`, until `shadow_idle`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_drafts_shadow_outlives_a_pause_and_goes_once_the_room_is_quiet_for_long() {
    let f = fixture(49);
    // Every draft counts as large here.
    let options = RelayOptions {
        shadow_idle: Duration::from_secs(5),
        small_draft: 1,
        small_shadow_idle: Duration::from_millis(50),
        ..RelayOptions::default()
    };
    let relay = Relay::bind(f.caucus.clone(), loopback(), options).await.expect("bind");
    let delegate = f.token(Role::Delegate);
    let mut writer = admitted(&url(&relay, &f.w, DocName::Draft, Some(&delegate))).await;
    writer.send(Message::Binary(protocol::encode_update(news(61_001)).into())).await.expect("send");
    eventually("the write is stored", || f.w.state_vector(DocName::Draft).get(&yrs::block::ClientID::new(61_001)) > 0).await;
    // Well past the small drafts' pause, and well before `shadow_idle` has passed since the write
    // (the write was stored after its frame arrived, when the clock started).
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(f.w.draft_shadow_held(), "a large draft's shadow outlives a short pause");
    eventually("the quiet room lets go of it", || !f.w.draft_shadow_held()).await;
    let _ = writer.close(None).await;
    relay.stop().await;
}

/// Waits (without holding a runtime thread) until `done`, at most 10 s.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(10), "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
