//! No one speaks for another (issue #17): the content rules inside `notes` and `roster`, enforced by a real relay on each member's connection, by bundle import, by the app's pipe and by the core's own operations — each forgery refused whole with its code, each honest version accepted.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use caucus::Coded;
use caucus::bundle::{self, Bundle, ImportOptions};
use caucus::model::roster::{Group, Role, Roster};
use caucus::model::DocName;
use caucus::store::IdentityRecord;
use caucus::sync::bridge::{pack, Bridge};
use caucus::policy::claims::Claimant;
use caucus::policy::Permissions;
use caucus::sync::presence::Presence;
use caucus::sync::protocol::{self, Message as YMsg};
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::sync::{close, token, ws};
use caucus::workshop::NewMember;
use caucus::{Caucus, Workshop};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use yrs::updates::decoder::Decode;
use yrs::{Any, Array, ArrayPrelim, In, Map, MapPrelim, MapRef, Transact, TransactionMut};

use crate::support::{device, new_workshop, tempdir};
use crate::sync::{raw, Ws};

/// The fixed clock of `support::host`: 2026-11-27T12:00:00Z.
pub(crate) const NOW: i64 = 1_795_780_800;

pub(crate) struct Fixture {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) caucus: Caucus,
    pub(crate) w: Workshop,
    pub(crate) key: ed25519_dalek::SigningKey,
    pub(crate) chair: String,
    pub(crate) sec: String,
    pub(crate) kenya: String,
    pub(crate) peru: String,
    pub(crate) ngo: String,
    /// A thread the chair wrote.
    pub(crate) chairs_thread: String,
    /// A thread Kenya wrote (from its own device, synced here).
    pub(crate) kenyas_thread: String,
}

pub(crate) fn fixture(seed: u64) -> Fixture {
    let dir = tempdir();
    let caucus = device(dir.path(), seed);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    w.add_paragraph(None, caucus::NewParagraph::new(caucus::ParaKind::Operative, "URGES Parties to act without delay;"))
        .expect("edit");
    let key = token::chair_signing_key(&caucus, &w).expect("store").expect("the chair's key");
    let add = |name: &str, delegation: &str, role| {
        w.add_member(NewMember { name: name.into(), delegation: delegation.into(), role, group: Group::Expert }).expect("member").id
    };
    let sec = add("Officer", "CITES Secretariat", Role::Secretariat);
    let kenya = add("Delegate of Kenya", "Kenya", Role::Delegate);
    let peru = add("Delegate of Peru", "Peru", Role::Delegate);
    let ngo = add("Analyst", "TRAFFIC", Role::Observer);
    let chairs_thread = w.add_comment("Parties", "As chair I propose to keep this.", None, None).expect("comment").id;
    // Kenya's thread, recorded by the chair (the honest way to put it here), so it has an author.
    let kenyas_thread = w.add_comment("act", "Kenya's view.", Some(&kenya), None).expect("recorded").id;
    let chair = w.me().expect("me");
    Fixture { _dir: dir, caucus, w, key, chair, sec, kenya, peru, ngo, chairs_thread, kenyas_thread }
}

/// Kenya's device: a copy of the workshop adopted from a full bundle, holding Kenya's identity.
pub(crate) fn kenyas_device(f: &Fixture, seed: u64) -> (tempfile::TempDir, Caucus, Workshop) {
    member_device(f, &f.kenya, seed)
}

/// `member`'s device: a copy of the workshop adopted from a full bundle, holding their identity.
pub(crate) fn member_device(f: &Fixture, member: &str, seed: u64) -> (tempfile::TempDir, Caucus, Workshop) {
    let dir = tempdir();
    let b = device(dir.path(), seed);
    let full = bundle::export(&f.w, None).expect("export");
    bundle::import_with(&b, &full.bytes, ImportOptions { adopt: true }).expect("adopt");
    b.store()
        .put_identity(&IdentityRecord { workshop: f.w.id().into(), member: member.into(), public_key: Vec::new(), secret_key: None })
        .wait()
        .expect("identity");
    let wb = b.open_exact(f.w.id()).expect("open");
    (dir, b, wb)
}

/// A bundle signed with `device`'s key for workshop `w`, carrying `update` for `doc` only.
pub(crate) fn signed_bundle(device: &Caucus, w: &Workshop, doc: DocName, update: Vec<u8>) -> Vec<u8> {
    let (sender, key) = bundle::device_key(device, w.id()).expect("device key");
    let empty = yrs::updates::encoder::Encode::encode_v1(&yrs::Update::new());
    let updates = DocName::ALL.map(|d| if d == doc { update.clone() } else { empty.clone() });
    let created = "2026-11-27T12:00:00Z".to_string();
    bundle::encode(&Bundle { version: bundle::VERSION, workshop: w.id().to_string(), sender, sender_key: key.verifying_key().to_bytes(), created, updates }, &key)
}

impl Fixture {
    pub(crate) fn token(&self, member: &str) -> String {
        let role = self.w.member(member).expect("member").role;
        token::issue(&self.key, &token::Invitation { member: member.into(), role, expires: NOW + 3600, relay: None, fingerprint: None })
    }
}

/// Root handles of a copy of one document (made before any transaction).
pub(crate) struct Roots {
    pub(crate) threads: MapRef,
    pub(crate) edits: MapRef,
    pub(crate) supports: MapRef,
    pub(crate) outcomes: MapRef,
    pub(crate) roster: Roster,
}

/// An edit of `doc` made on a copy of the workshop's state by Yjs client `client`: the update an
/// unmodified Yjs peer holding everything would send.
pub(crate) fn forge(w: &Workshop, doc: DocName, client: u64, f: impl FnOnce(&mut TransactionMut, &Roots)) -> Vec<u8> {
    let copy = yrs::Doc::with_client_id(client);
    let roots = Roots {
        threads: copy.get_or_insert_map("threads"),
        edits: copy.get_or_insert_map("edits"),
        supports: copy.get_or_insert_map("supports"),
        outcomes: copy.get_or_insert_map("outcomes"),
        roster: Roster::new(&copy),
    };
    copy.transact_mut().apply_update(yrs::Update::decode_v1(&w.encode_state(doc)).expect("decode")).expect("apply");
    let mut txn = copy.transact_mut();
    f(&mut txn, &roots);
    txn.encode_update_v1()
}

fn record(fields: &[(&str, &str)]) -> MapPrelim {
    fields.iter().map(|(k, v)| (k.to_string(), In::Any(Any::from(*v)))).collect()
}

pub(crate) fn thread(author: &str, body: &str, recorded_by: Option<&str>) -> MapPrelim {
    thread_with(author, body, recorded_by, Vec::new())
}

/// A thread in the shape of issue #17 (no type, proposal or delegation) plus `extra` fields.
fn thread_with(author: &str, body: &str, recorded_by: Option<&str>, extra: Vec<(&str, In)>) -> MapPrelim {
    let mut fields: Vec<(String, In)> = [("author", author), ("body", body), ("created", "2026-11-27T12:00:00Z"), ("quote", "act"), ("para", "")]
        .iter()
        .map(|(k, v)| (k.to_string(), In::Any(Any::from(*v))))
        .collect();
    fields.push(("resolved".into(), In::Any(Any::from(false))));
    fields.push(("replies".into(), In::Array(ArrayPrelim::default())));
    if let Some(r) = recorded_by {
        fields.push(("recordedBy".into(), In::Any(Any::from(r))));
    }
    fields.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
    fields.into_iter().collect()
}

pub(crate) fn thread_map(txn: &TransactionMut, roots: &Roots, id: &str) -> MapRef {
    match roots.threads.get(txn, id) {
        Some(yrs::Out::YMap(m)) => m,
        other => panic!("thread {id}: {other:?}"),
    }
}

pub(crate) fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().expect("addr")
}

/// The next data or close message (pings skipped).
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
    tokio::time::timeout(Duration::from_secs(10), read).await.expect("the relay answers in time")
}

pub(crate) async fn admitted(url: &str) -> Ws {
    let mut ws = raw(url).await;
    match next(&mut ws).await {
        Some(Message::Binary(b)) => assert!(matches!(protocol::decode_frame(&b).expect("decodes").as_slice(), [YMsg::SyncStep1(_)])),
        other => panic!("expected the relay's sync step 1, got {other:?}"),
    }
    ws
}

/// Sends `update` to `doc`'s room on a connection of `member` while the chair watches: `Ok` once
/// it was forwarded (and stored), else the close code and reason after checking that nothing was
/// stored or forwarded.
pub(crate) async fn send(relay: &Relay, f: &Fixture, doc: DocName, member: &str, update: Vec<u8>) -> Result<(), (u16, String)> {
    let url = |m: &str| ws::room_url_with_token(&relay.url(), f.w.id(), doc, Some(&f.token(m)));
    let mut watcher = admitted(&url(&f.chair)).await;
    let mut writer = admitted(&url(member)).await;
    let rows = f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0;
    let sv = f.w.state_vector(doc);
    writer.send(Message::Binary(protocol::encode_update(update).into())).await.expect("send");
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
        Ok(()) => assert!(f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0 > rows, "stored"),
        Err(_) => {
            assert_eq!(f.w.state_vector(doc), sv, "nothing applied");
            assert_eq!(f.caucus.store().room_stats(f.w.id(), doc).expect("stats").0, rows, "nothing stored");
        }
    }
    let _ = writer.close(None).await;
    let _ = watcher.close(None).await;
    outcome
}

pub(crate) fn refused(r: Result<(), (u16, String)>, code: &str, case: &str) {
    match r {
        Err((c, reason)) => {
            assert_eq!(c, close::FORBIDDEN, "{case}: {reason}");
            assert!(reason.starts_with(code), "{case}: expected {code}, got {reason}");
        }
        Ok(()) => panic!("{case}: accepted"),
    }
}

/// Every forgery of the issue against a real relay, each refused with its code and nothing of it
/// stored or forwarded; then the honest version of each, accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_refuses_every_forgery_inside_notes_and_roster_and_accepts_the_honest_versions() {
    let f = fixture(171);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let notes = DocName::Notes;
    let roster = DocName::Roster;
    let (chair, kenya, ngo, sec) = (f.chair.clone(), f.kenya.clone(), f.ngo.clone(), f.sec.clone());
    let ct = f.chairs_thread.clone();
    let kt = f.kenyas_thread.clone();

    // --- forgeries ---
    let as_chair = forge(&f.w, notes, 9001, |txn, r| {
        r.threads.insert(txn, "c-forged", thread(&chair, "As chair I accept deleting paragraph 1 entirely.", None));
    });
    refused(send(&relay, &f, notes, &ngo, as_chair).await, "rights.not_author", "an observer's thread as the chair");
    let recorded = forge(&f.w, notes, 9002, |txn, r| {
        r.threads.insert(txn, "c-rec", thread(&f.peru, "Peru agrees.", Some(&kenya)));
    });
    refused(send(&relay, &f, notes, &kenya, recorded).await, "rights.not_permitted", "a delegate recording for another");
    let edit_body = forge(&f.w, notes, 9003, |txn, r| {
        thread_map(txn, r, &ct).insert(txn, "body", "EDITED BY SOMEONE ELSE");
    });
    refused(send(&relay, &f, notes, &ngo, edit_body).await, "rights.record_changed", "rewriting the chair's body");
    let edit_record = forge(&f.w, notes, 9004, |txn, r| {
        r.edits.insert(txn, "e-x", record(&[("thread", &ct), ("kind", "edit"), ("body", "EDITED"), ("created", "2026")]));
    });
    refused(send(&relay, &f, notes, &ngo, edit_record).await, "rights.not_permitted", "an edit record of another's thread");
    let delete = forge(&f.w, notes, 9005, |txn, r| {
        r.threads.remove(txn, &ct);
    });
    refused(send(&relay, &f, notes, &kenya, delete).await, "rights.record_deleted", "deleting the chair's thread");
    let delete_record = forge(&f.w, notes, 9006, |txn, r| {
        r.edits.insert(txn, "e-d", record(&[("thread", &ct), ("kind", "delete"), ("created", "2026")]));
    });
    refused(send(&relay, &f, notes, &kenya, delete_record).await, "rights.not_permitted", "a deletion record of another's thread");
    let resolve = forge(&f.w, notes, 9007, |txn, r| {
        thread_map(txn, r, &ct).insert(txn, "resolved", true);
    });
    refused(send(&relay, &f, notes, &kenya, resolve).await, "rights.not_permitted", "a delegate resolving the chair's thread");
    let reply_as = forge(&f.w, notes, 9008, |txn, r| {
        let Some(yrs::Out::YArray(replies)) = thread_map(txn, r, &ct).get(txn, "replies") else { panic!("replies") };
        replies.push_back(txn, record(&[("id", "r-x"), ("author", &chair), ("body", "I withdraw."), ("created", "2026")]));
    });
    refused(send(&relay, &f, notes, &ngo, reply_as).await, "rights.not_author", "a reply as the chair");
    let long = "x".repeat(caucus::policy::MAX_BODY_CHARS + 1);
    let too_long = forge(&f.w, notes, 9009, |txn, r| {
        r.threads.insert(txn, "c-long", thread(&ngo, &long, None));
    });
    refused(send(&relay, &f, notes, &ngo, too_long).await, "rights.too_long", "a body past the limit");
    // Writing under a Yjs client the chair claims: "as" the chair.
    let chairs_client: u64 = f
        .w
        .client_claims()
        .into_iter()
        .find(|(_, m)| m.as_deref() == Some(chair.as_str()))
        .and_then(|(c, _)| c.parse().ok())
        .expect("the chair's device claims its clients");
    let foreign = forge(&f.w, notes, chairs_client, |txn, r| {
        r.threads.insert(txn, "c-mine", thread(&kenya, "Kenya's own words, under the chair's client.", None));
    });
    refused(send(&relay, &f, notes, &kenya, foreign).await, "rights.foreign_client", "a delegate under the chair's client");
    // The roster: the chair's key, self-promotion, a Secretariat member made by the Secretariat.
    let stranger = caucus::identity::generate(&caucus::host::SeededEntropy::new(4242));
    let key_swap = forge(&f.w, roster, 9010, |txn, r| {
        r.roster.workshop.insert(txn, "chairKey", caucus::host::hex(stranger.verifying_key().as_bytes()));
    });
    refused(send(&relay, &f, roster, &sec, key_swap).await, "rights.immutable", "replacing the chair's key");
    let promote = forge(&f.w, roster, 9011, |txn, r| {
        let Some(yrs::Out::YMap(me)) = r.roster.members.get(txn, &sec) else { panic!("sec") };
        me.insert(txn, "role", "chair");
    });
    refused(send(&relay, &f, roster, &sec, promote).await, "rights.not_permitted", "the Secretariat promoting itself");
    let remove_chair = forge(&f.w, roster, 9012, |txn, r| {
        r.roster.revocations.insert(txn, chair.as_str(), record(&[("at", "2026"), ("by", &sec)]));
    });
    refused(send(&relay, &f, roster, &sec, remove_chair).await, "rights.chair_protected", "revoking the chair");
    let new_sec = forge(&f.w, roster, 9013, |txn, r| {
        r.roster.members.insert(txn, "m-new", record(&[("name", "Ally"), ("role", "secretariat"), ("group", "secretariat")]));
    });
    refused(send(&relay, &f, roster, &sec, new_sec).await, "rights.not_permitted", "the Secretariat making a Secretariat member");
    assert_eq!(f.w.chair_key().as_deref(), Some(caucus::host::hex(f.key.verifying_key().as_bytes()).as_str()));
    assert_eq!(f.w.member(&sec).expect("sec").role, Role::Secretariat);
    let threads = f.w.threads();
    let chairs = threads.iter().find(|t| t.id == ct).expect("the chair's thread is there");
    assert_eq!((chairs.body.as_str(), chairs.resolved, chairs.replies.len()), ("As chair I propose to keep this.", false, 0));
    for forged in ["c-forged", "c-rec", "c-mine", "c-long"] {
        assert!(!threads.iter().any(|t| t.id == forged), "no forged thread {forged}");
    }

    // --- the honest versions ---
    let own = forge(&f.w, notes, 9101, |txn, r| {
        r.threads.insert(txn, "c-own", thread(&ngo, "Messaging services should be named too.", None));
    });
    send(&relay, &f, notes, &ngo, own).await.expect("an observer's own thread");
    let recorded = forge(&f.w, notes, 9102, |txn, r| {
        r.threads.insert(txn, "c-recorded", thread(&f.peru, "Peru's comment table, row 3.", Some(&sec)));
    });
    send(&relay, &f, notes, &sec, recorded).await.expect("recorded by the Secretariat");
    let own_edit = forge(&f.w, notes, 9103, |txn, r| {
        r.edits.insert(txn, "e-own", record(&[("thread", "c-own"), ("kind", "edit"), ("body", "Messaging apps too."), ("created", "2026-11-28")]));
    });
    send(&relay, &f, notes, &ngo, own_edit).await.expect("editing one's own body");
    let reply = forge(&f.w, notes, 9104, |txn, r| {
        let Some(yrs::Out::YArray(replies)) = thread_map(txn, r, &ct).get(txn, "replies") else { panic!("replies") };
        replies.push_back(txn, record(&[("id", "r-k"), ("author", &kenya), ("body", "Kenya agrees."), ("created", "2026")]));
    });
    send(&relay, &f, notes, &kenya, reply).await.expect("a reply as oneself");
    let resolve_own = forge(&f.w, notes, 9105, |txn, r| {
        thread_map(txn, r, "c-own").insert(txn, "resolved", true);
    });
    send(&relay, &f, notes, &ngo, resolve_own).await.expect("resolving one's own thread");
    let resolve_any = forge(&f.w, notes, 9106, |txn, r| {
        thread_map(txn, r, &kt).insert(txn, "resolved", true);
    });
    send(&relay, &f, notes, &sec, resolve_any).await.expect("the Secretariat resolves any thread");
    let delete_own = forge(&f.w, notes, 9107, |txn, r| {
        r.edits.insert(txn, "e-del", record(&[("thread", "c-own"), ("kind", "delete"), ("created", "2026-11-29")]));
    });
    send(&relay, &f, notes, &ngo, delete_own).await.expect("deleting one's own thread");
    let add_delegate = forge(&f.w, roster, 9108, |txn, r| {
        r.roster.members.insert(txn, "m-chile", record(&[("name", "Delegate of Chile"), ("delegation", "Chile"), ("role", "delegate"), ("group", "producer-country")]));
    });
    send(&relay, &f, roster, &sec, add_delegate).await.expect("the Secretariat adds a delegate");

    let threads = f.w.threads();
    assert!(!threads.iter().any(|t| t.id == "c-own"), "deleted by its writer");
    let rec = threads.iter().find(|t| t.id == "c-recorded").expect("recorded");
    assert_eq!((rec.author.as_str(), rec.recorded_by.as_deref()), (f.peru.as_str(), Some(sec.as_str())));
    let chairs = threads.iter().find(|t| t.id == ct).expect("chair's");
    assert_eq!(chairs.replies.iter().map(|r| r.author.as_str()).collect::<Vec<_>>(), [kenya.as_str()]);
    assert!(threads.iter().find(|t| t.id == kt).expect("kenya's").resolved);
    assert_eq!(f.w.member("m-chile").expect("added").role, Role::Delegate);
    relay.stop().await;
}

/// The same rules on the core's operations (what the CLI and the app call).
#[test]
fn the_core_operations_check_the_acting_members_rights() {
    let f = fixture(172);
    // A delegate's device: Kenya's identity on a copy of the workshop.
    let (_dir, _b, wb) = kenyas_device(&f, 173);
    let code = |e: caucus::Error| e.code().to_string();
    assert_eq!(code(wb.add_comment("Parties", "Peru says so.", Some(&f.peru), None).expect_err("as another")), "rights.not_permitted");
    assert_eq!(code(wb.set_resolved(&f.chairs_thread, true).expect_err("another's")), "rights.not_permitted");
    assert_eq!(code(wb.edit_comment(&f.chairs_thread, None, "EDITED").expect_err("another's")), "rights.not_permitted");
    assert_eq!(code(wb.delete_comment(&f.chairs_thread, None).expect_err("another's")), "rights.not_permitted");
    assert_eq!(
        code(wb.add_member(NewMember { name: "X".into(), delegation: "X".into(), role: Role::Delegate, group: Group::Expert }).expect_err("delegate")),
        "rights.not_permitted"
    );
    assert_eq!(code(wb.add_comment("Parties", &"x".repeat(20_001), None, None).expect_err("long")), "rights.too_long");
    let own = wb.add_comment("Parties", "Kenya's own.", None, None).expect("own comment");
    wb.edit_comment(&own.id, None, "Kenya's own, edited.").expect("own edit");
    assert_eq!(wb.thread(&own.id).expect("thread").body, "Kenya's own, edited.");
    wb.set_resolved(&own.id, true).expect("own resolve");
    wb.delete_comment(&own.id, None).expect("own delete");
    assert!(wb.thread(&own.id).is_err(), "deleted");
    // The Secretariat records for a delegation; the chair alone makes a Secretariat member.
    let t = f.w.add_comment("delay", "Peru's written comment.", Some(&f.peru), None).expect("recorded by the chair");
    assert_eq!(t.recorded_by.as_deref(), Some(f.chair.as_str()));
    assert_eq!(code(f.w.remove_member(&f.chair).expect_err("the chair")), "rights.chair_protected");
}

/// Bundles: a delegate's signed bundle carrying a forged thread or a resolution of another's is
/// refused whole; its honest comment is imported.
#[test]
fn a_bundle_carrying_a_forgery_is_refused_whole_and_an_honest_one_imported() {
    let f = fixture(174);
    let (_dir, b, wb) = kenyas_device(&f, 175);
    let crafted = |update: Vec<u8>| signed_bundle(&b, &wb, DocName::Notes, update);
    let before = f.w.encode_state(DocName::Notes);
    let forged = forge(&f.w, DocName::Notes, 9201, |txn, r| {
        r.threads.insert(txn, "c-forged", thread(&f.chair, "As chair I accept.", None));
    });
    let e = bundle::import(&f.caucus, &crafted(forged)).expect_err("forged");
    assert_eq!(e.code(), "rights.not_author", "{e}");
    let resolve = forge(&f.w, DocName::Notes, 9202, |txn, r| {
        thread_map(txn, r, &f.chairs_thread).insert(txn, "resolved", true);
    });
    assert_eq!(bundle::import(&f.caucus, &crafted(resolve)).expect_err("resolve").code(), "rights.not_permitted");
    assert_eq!(f.w.encode_state(DocName::Notes), before, "nothing imported");
    let honest = forge(&f.w, DocName::Notes, 9203, |txn, r| {
        r.threads.insert(txn, "c-kenya", thread(&f.kenya, "Kenya, by e-mail.", None));
    });
    bundle::import(&f.caucus, &crafted(honest)).expect("honest");
    assert_eq!(f.w.thread("c-kenya").expect("imported").author, f.kenya);
}

/// The app's pipe: the webview speaks for the device's member, so a delegate's webview cannot
/// write a thread as another or resolve another's thread; its own thread goes through.
#[test]
fn the_apps_pipe_checks_the_webview_as_the_devices_member() {
    let f = fixture(176);
    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(Role::Delegate), Presence::new())
        .speaking_for(Claimant::member(f.kenya.clone(), Role::Delegate));
    let inbox: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let sink_inbox = Arc::clone(&inbox);
    bridge.open(DocName::Notes, 9301, Arc::new(move |frame| sink_inbox.lock().expect("inbox").push(frame))).expect("open");
    let as_chair = forge(&f.w, DocName::Notes, 9301, |txn, r| {
        r.threads.insert(txn, "c-forged", thread(&f.chair, "As chair I accept.", None));
    });
    let e = bridge.receive(DocName::Notes, &pack([protocol::encode_update(as_chair).as_slice()])).expect_err("refused");
    assert_eq!((e.code(), e.close_code()), ("rights.not_author", close::FORBIDDEN));
    let resolve = forge(&f.w, DocName::Notes, 9302, |txn, r| {
        thread_map(txn, r, &f.chairs_thread).insert(txn, "resolved", true);
    });
    let e = bridge.receive(DocName::Notes, &pack([protocol::encode_update(resolve).as_slice()])).expect_err("refused");
    assert_eq!(e.code(), "rights.not_permitted");
    assert!(f.w.thread("c-forged").is_err() && !f.w.thread(&f.chairs_thread).expect("thread").resolved);
    let own = forge(&f.w, DocName::Notes, 9303, |txn, r| {
        r.threads.insert(txn, "c-own", thread(&f.kenya, "Kenya's own.", None));
    });
    bridge.receive(DocName::Notes, &pack([protocol::encode_update(own).as_slice()])).expect("own thread");
    assert_eq!(f.w.thread("c-own").expect("stored").author, f.kenya);
}

// --- the draft (issue #17's bracket and metadata rules, issue #16's structure) -----------------

/// An edit of the draft made on a copy of its state by Yjs client `client` (see [`forge`]).
pub(crate) fn forge_draft(w: &Workshop, client: u64, f: impl FnOnce(&mut TransactionMut, &caucus::model::draft::Draft)) -> Vec<u8> {
    let copy = yrs::Doc::with_client_id(client);
    let draft = caucus::model::draft::Draft::new(&copy);
    copy.transact_mut().apply_update(yrs::Update::decode_v1(&w.encode_state(DocName::Draft)).expect("decode")).expect("apply");
    let mut txn = copy.transact_mut();
    f(&mut txn, &draft);
    txn.encode_update_v1()
}

pub(crate) fn bracket_entry(txn: &TransactionMut, d: &caucus::model::draft::Draft, id: &str) -> MapRef {
    match d.brackets.get(txn, id) {
        Some(yrs::Out::YMap(m)) => m,
        other => panic!("bracket {id}: {other:?}"),
    }
}

pub(crate) fn holders(names: &[&str]) -> Any {
    Any::from(names.iter().map(|n| Any::from(*n)).collect::<Vec<_>>())
}

/// A para appended to the body with these attributes and one text child, formatted with `mark`.
pub(crate) fn para(txn: &mut TransactionMut, d: &caucus::model::draft::Draft, tag: &str, attrs: &[(&str, Any)], text: &str, mark: Option<(&str, Any)>) {
    use yrs::{Text, Xml, XmlFragment};
    let n = d.body.len(txn);
    let el = d.body.insert(txn, n, yrs::XmlElementPrelim::empty(tag));
    for (k, v) in attrs {
        el.insert_attribute(txn, *k, v.clone());
    }
    let t = el.insert(txn, 0, yrs::XmlTextPrelim::new(""));
    let mut formatting = yrs::types::Attrs::new();
    if let Some((k, v)) = mark {
        formatting.insert(std::sync::Arc::from(k), v);
    }
    t.insert_with_attributes(txn, 0, text, formatting);
}

pub(crate) fn good_attrs(id: &str) -> Vec<(&'static str, Any)> {
    vec![("id", Any::from(id)), ("kind", Any::from("operative")), ("level", Any::from(0))]
}

/// Each hostile draft write of issues #16 and #17, as an unmodified Yjs peer would send it.
struct DraftCase {
    what: &'static str,
    code: &'static str,
    update: Vec<u8>,
}

fn draft_forgeries(w: &Workshop, bracket: &str, client: u64) -> Vec<DraftCase> {
    let case = |what, code, update| DraftCase { what, code, update };
    vec![
        case("a delegate marking a bracket agreed", "rights.not_permitted", forge_draft(w, client, |txn, d| {
            bracket_entry(txn, d, bracket).insert(txn, "status", "agreed");
        })),
        case("a delegate adding another delegation as holder", "rights.not_permitted", forge_draft(w, client + 1, |txn, d| {
            bracket_entry(txn, d, bracket).insert(txn, "holders", holders(&["Peru", "Chile"]));
        })),
        case("a delegate removing another delegation as holder", "rights.not_permitted", forge_draft(w, client + 2, |txn, d| {
            bracket_entry(txn, d, bracket).insert(txn, "holders", holders(&[]));
        })),
        case("a delegate deleting a bracket's entry", "rights.not_permitted", forge_draft(w, client + 3, |txn, d| {
            d.brackets.remove(txn, bracket);
        })),
        case("a delegate retitling the draft", "rights.not_permitted", forge_draft(w, client + 4, |txn, d| {
            d.meta.insert(txn, "title", "Kenya's resolution");
        })),
        case("a delegate raising the schema version", "rights.not_permitted", forge_draft(w, client + 5, |txn, d| {
            d.meta.insert(txn, "schemaVersion", 2);
        })),
        case("a script element in the body", "draft.bad_structure", forge_draft(w, client + 6, |txn, d| {
            para(txn, d, "script", &[], "alert(1)", None);
        })),
        case("a para of kind evil", "draft.bad_structure", forge_draft(w, client + 7, |txn, d| {
            para(txn, d, "para", &[("id", Any::from("p-evil")), ("kind", Any::from("evil")), ("level", Any::from(0))], "Evil.", None);
        })),
        case("a para at level 99", "draft.bad_structure", forge_draft(w, client + 8, |txn, d| {
            para(txn, d, "para", &[("id", Any::from("p-99")), ("kind", Any::from("text")), ("level", Any::from(99))], "Deep.", None);
        })),
        case("an unknown para attribute", "draft.bad_structure", forge_draft(w, client + 9, |txn, d| {
            let mut attrs = good_attrs("p-onclick");
            attrs.push(("onclick", Any::from("steal()")));
            para(txn, d, "para", &attrs, "Click.", None);
        })),
        case("an unknown mark", "draft.bad_structure", forge_draft(w, client + 10, |txn, d| {
            para(txn, d, "para", &good_attrs("p-mark"), "Marked.", Some(("blink", Any::from(std::collections::HashMap::<String, Any>::new()))));
        })),
        case("a bracket mark without a string id", "draft.bad_structure", forge_draft(w, client + 11, |txn, d| {
            para(txn, d, "para", &good_attrs("p-b"), "Bracketed.", Some(("bracket", Any::from(7))));
        })),
        case("a para nested in a para", "draft.bad_structure", forge_draft(w, client + 12, |txn, d| {
            use yrs::{Xml, XmlFragment};
            let Some(yrs::XmlOut::Element(first)) = d.body.get(txn, 0) else { panic!("a first para") };
            let inner = first.insert(txn, 1, yrs::XmlElementPrelim::empty("para"));
            inner.insert_attribute(txn, "kind", "text");
        })),
        case("a kind changed to evil in place", "draft.bad_structure", forge_draft(w, client + 13, |txn, d| {
            use yrs::{Xml, XmlFragment};
            let Some(yrs::XmlOut::Element(first)) = d.body.get(txn, 0) else { panic!("a first para") };
            first.insert_attribute(txn, "kind", "evil");
        })),
        case("an unknown mark on existing text", "draft.bad_structure", forge_draft(w, client + 14, |txn, d| {
            use yrs::{Text, XmlFragment};
            let Some(yrs::XmlOut::Element(first)) = d.body.get(txn, 0) else { panic!("a first para") };
            let Some(yrs::XmlOut::Text(text)) = yrs::XmlFragment::get(&first, txn, 0) else { panic!("its text") };
            let mut f = yrs::types::Attrs::new();
            f.insert(std::sync::Arc::from("script"), Any::from("x"));
            text.format(txn, 0, 2, f);
        })),
    ]
}

/// The honest versions, as Kenya's (a delegate's) unmodified Yjs peer would send them.
fn draft_honest(w: &Workshop, bracket: &str, client: u64) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("Kenya typing into a paragraph", forge_draft(w, client, |txn, d| {
            use yrs::{Text, XmlFragment};
            let Some(yrs::XmlOut::Element(first)) = d.body.get(txn, 0) else { panic!("a first para") };
            let Some(yrs::XmlOut::Text(text)) = yrs::XmlFragment::get(&first, txn, 0) else { panic!("its text") };
            text.insert(txn, 0, "K");
        })),
        ("Kenya adding a paragraph with every mark", forge_draft(w, client + 1, |txn, d| {
            let mut attrs = good_attrs("p-kenya");
            attrs.push(("label", Any::from("1 bis")));
            let mut id = std::collections::HashMap::new();
            id.insert("id".to_string(), Any::from(bracket));
            para(txn, d, "para", &attrs, "NOTING the proposal.", Some(("bracket", Any::from(id))));
            para(txn, d, "para", &[("id", Any::from("p-k2")), ("kind", Any::from("item")), ("level", Any::from(2))], "a)", Some(("em", Any::from(std::collections::HashMap::<String, Any>::new()))));
        })),
        ("Kenya adding its own delegation as holder", forge_draft(w, client + 2, |txn, d| {
            bracket_entry(txn, d, bracket).insert(txn, "holders", holders(&["Peru", "Kenya"]));
        })),
        ("Kenya opening a new bracket it holds", forge_draft(w, client + 3, |txn, d| {
            let entry: MapPrelim = [("status", In::Any(Any::from("open"))), ("holders", In::Any(holders(&["Kenya"])))].into_iter().collect();
            d.brackets.insert(txn, "b-kenya", entry);
        })),
    ]
}

pub(crate) fn draft_fixture(seed: u64) -> (Fixture, String) {
    let f = fixture(seed);
    let last = f.w.paragraphs().len() - 1;
    let bracket = f.w.bracket(last, 0, 5, vec!["Peru".into()]).expect("a bracket Peru holds");
    (f, bracket)
}

/// A real relay refuses every hostile draft write (rights and structure) on a delegate's
/// connection with its code, storing and forwarding nothing; the honest versions go through, and
/// the Secretariat may settle a bracket and retitle the draft.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_refuses_hostile_draft_writes_and_accepts_the_honest_ones() {
    let (f, bracket) = draft_fixture(177);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let before = f.w.view().expect("view");
    for case in draft_forgeries(&f.w, &bracket, 9400) {
        refused(send(&relay, &f, DocName::Draft, &f.kenya, case.update).await, case.code, case.what);
    }
    let after = f.w.view().expect("view");
    assert_eq!(format!("{after:?}"), format!("{before:?}"), "the draft is as it was");
    for (what, update) in draft_honest(&f.w, &bracket, 9500) {
        send(&relay, &f, DocName::Draft, &f.kenya, update).await.unwrap_or_else(|e| panic!("{what}: refused {e:?}"));
    }
    let unlogged = forge_draft(&f.w, 9600, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "status", "agreed");
    });
    refused(send(&relay, &f, DocName::Draft, &f.sec, unlogged).await, "rights.unlogged", "a status set without its log entry");
    let agreed = forge_draft(&f.w, 9602, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "status", "agreed");
        d.append_log(txn, &caucus::LogEntry {
            id: "l-secagreed2".into(),
            by: f.sec.clone(),
            at: "2026-12-03T09:00:00Z".into(),
            action: caucus::LogAction::BracketStatus { bracket: bracket.clone(), status: caucus::BracketStatus::Agreed },
        });
    });
    send(&relay, &f, DocName::Draft, &f.sec, agreed).await.expect("the Secretariat settles a bracket, logged");
    let retitle = forge_draft(&f.w, 9601, |txn, d| {
        d.meta.insert(txn, "title", "Wildlife cybercrime (rev. 1)");
    });
    send(&relay, &f, DocName::Draft, &f.sec, retitle).await.expect("the Secretariat retitles the draft");
    let view = f.w.view().expect("view");
    assert_eq!(view.meta.title, "Wildlife cybercrime (rev. 1)");
    let b = view.brackets.get(&bracket).expect("the bracket");
    assert_eq!((b.status, b.holders.clone()), (caucus::BracketStatus::Agreed, vec!["Peru".to_string(), "Kenya".to_string()]));
    assert_eq!(f.w.draft_log().iter().map(|e| (e.id.as_str(), e.by.as_str())).collect::<Vec<_>>(), vec![("l-secagreed2", f.sec.as_str())]);
    assert!(f.w.paragraphs().iter().any(|p| p.para.id == "p-kenya"), "Kenya's paragraph is there");
    relay.stop().await;
}

/// A bundle carrying a hostile draft write is refused whole with the rule's code; the app's pipe
/// refuses the same writes from a delegate's webview; honest ones pass both.
#[test]
fn bundles_and_the_apps_pipe_refuse_hostile_draft_writes() {
    let (f, bracket) = draft_fixture(178);
    // Kenya's device, adopting the workshop.
    let (_dir, b, wb) = kenyas_device(&f, 179);
    let crafted = |update: Vec<u8>| signed_bundle(&b, &wb, DocName::Draft, update);
    let state = f.w.encode_state(DocName::Draft);
    for case in draft_forgeries(&f.w, &bracket, 9700) {
        let e = bundle::import(&f.caucus, &crafted(case.update)).expect_err(case.what);
        assert_eq!(e.code(), case.code, "{}: {e}", case.what);
    }
    assert_eq!(f.w.encode_state(DocName::Draft), state, "nothing imported");

    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(Role::Delegate), Presence::new())
        .speaking_for(Claimant::member(f.kenya.clone(), Role::Delegate));
    bridge.open(DocName::Draft, 9790, Arc::new(|_frame| {})).expect("open");
    for case in draft_forgeries(&f.w, &bracket, 9800) {
        let e = bridge.receive(DocName::Draft, &pack([protocol::encode_update(case.update).as_slice()])).expect_err(case.what);
        assert_eq!((e.code(), e.close_code()), (case.code, close::FORBIDDEN), "{}", case.what);
    }
    assert_eq!(f.w.encode_state(DocName::Draft), state, "nothing applied");
    let honest = draft_honest(&f.w, &bracket, 9900);
    let (first, rest) = honest.split_first().expect("cases");
    bundle::import(&f.caucus, &crafted(first.1.clone())).unwrap_or_else(|e| panic!("{}: {e}", first.0));
    for (what, update) in rest {
        bridge.receive(DocName::Draft, &pack([protocol::encode_update(update.clone()).as_slice()])).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
    assert!(f.w.paragraphs().iter().any(|p| p.para.id == "p-kenya"), "Kenya's paragraph is there");
}

/// A draft that declares a newer schema (written by a newer Caucus of the chair's) is stored and
/// forwarded with content this build cannot judge, and never rewritten by this build.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_schema_is_relayed_and_never_rewritten() {
    let (f, _bracket) = draft_fixture(180);
    assert_eq!(f.w.schema_version(), caucus::model::schema::SCHEMA_VERSION, "a new draft declares its schema version");
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let newer = forge_draft(&f.w, 9950, |txn, d| {
        d.meta.insert(txn, "schemaVersion", 2);
        para(txn, d, "figure", &[("src", Any::from("map.png"))], "A map of the range states.", None);
    });
    send(&relay, &f, DocName::Draft, &f.chair, newer).await.expect("the chair's newer app writes schema 2");
    assert_eq!(f.w.schema_version(), 2);
    let e = f.w.add_paragraph(None, caucus::NewParagraph::new(caucus::ParaKind::Text, "More.")).expect_err("refused");
    assert_eq!(e.code(), "draft.newer_schema", "{e}");
    // The app's webview is this build too: its writes to the draft are refused, its sync passes.
    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(Role::Chair), Presence::new())
        .speaking_for(Claimant::member(f.chair.clone(), Role::Chair));
    bridge.open(DocName::Draft, 9951, Arc::new(|_frame| {})).expect("open");
    let nothing_new = protocol::encode_step2(f.w.encode_diff(DocName::Draft, &f.w.state_vector(DocName::Draft)));
    bridge.receive(DocName::Draft, &pack([nothing_new.as_slice()])).expect("a sync step 2 with nothing new");
    let typing = forge_draft(&f.w, 9952, |txn, d| {
        d.meta.insert(txn, "title", "Retitled by an older app");
    });
    let e = bridge.receive(DocName::Draft, &pack([protocol::encode_update(typing).as_slice()])).expect_err("refused");
    assert_eq!((e.code(), e.close_code()), ("draft.newer_schema", close::FORBIDDEN));
    assert_eq!(f.w.meta().title, "Wildlife cybercrime");
    relay.stop().await;
}

/// Runs `script` of tests/node (unmodified npm Yjs clients) with `config` on its stdin; returns
/// the JSON lines it printed, once it exited successfully.
pub(crate) async fn node_clients(script: &str, config: &serde_json::Value) -> Vec<serde_json::Value> {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new("node")
        .arg(script)
        .current_dir(crate::sync::node_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn node");
    writeln!(child.stdin.take().expect("stdin"), "{config}").expect("config");
    let stdout = child.stdout.take().expect("stdout");
    let lines = tokio::task::spawn_blocking(move || {
        let lines: Vec<serde_json::Value> =
            BufReader::new(stdout).lines().map_while(Result::ok).filter_map(|l| serde_json::from_str(&l).ok()).collect();
        let status = child.wait().expect("node exits");
        let mut errors = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut errors);
        }
        (lines, status, errors)
    });
    let (lines, status, errors) = lines.await.expect("join");
    assert!(status.success(), "the Node clients of {script} failed after {lines:?}:\n{errors}");
    lines
}

/// Unmodified npm yjs + y-websocket clients (`tests/node/forgery.mjs`), each with a valid
/// invitation, against a real relay on loopback: every forgery of issues #16 and #17 closes the
/// writer's connection with 4403 and the rule's code, and nothing of it is stored; the honest
/// versions are forwarded; a delegate's caret claiming the chair's name is shown under its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_yjs_clients_are_refused_each_forgery_and_shown_under_their_own_names() {
    crate::sync::ensure_node_modules();
    let (f, bracket) = draft_fixture(181);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let config = serde_json::json!({
        "url": relay.url(),
        "workshop": f.w.id(),
        "tokens": { "chair": f.token(&f.chair), "sec": f.token(&f.sec), "kenya": f.token(&f.kenya), "ngo": f.token(&f.ngo) },
        "ids": { "chair": f.chair, "sec": f.sec, "kenya": f.kenya, "ngo": f.ngo, "chairsThread": f.chairs_thread, "kenyasThread": f.kenyas_thread, "bracket": bracket },
    });
    let chair_key = f.w.chair_key();
    let lines = node_clients("forgery.mjs", &config).await;
    let outcome = |case: &str| lines.iter().find(|l| l["case"] == case).unwrap_or_else(|| panic!("no outcome for {case}: {lines:?}")).clone();
    for (case, code) in [
        ("thread as the chair", "rights.not_author"),
        ("editing the chair's body", "rights.record_changed"),
        ("deleting the chair's thread", "rights.record_deleted"),
        ("a delegate resolving the chair's thread", "rights.not_permitted"),
        ("a delegate marking a bracket agreed", "rights.not_permitted"),
        ("a delegate adding another delegation as holder", "rights.not_permitted"),
        ("the Secretariat setting a status without its log entry", "rights.unlogged"),
        ("the Secretariat logging a status as the chair", "rights.not_author"),
        ("a delegate logging a status change", "rights.not_permitted"),
        ("the chair rewriting a log entry", "rights.log_changed"),
        ("the Secretariat deleting its log entry", "rights.log_changed"),
        ("the Secretariat replacing the chair's key", "rights.immutable"),
        ("the Secretariat promoting itself to chair", "rights.not_permitted"),
        ("a script element", "draft.bad_structure"),
        ("a para of kind evil", "draft.bad_structure"),
        ("a para at level 99", "draft.bad_structure"),
        ("an unknown mark", "draft.bad_structure"),
        ("a para in a para", "draft.bad_structure"),
    ] {
        let o = outcome(case);
        assert_eq!((o["outcome"].as_str(), o["code"].as_u64()), (Some("closed"), Some(u64::from(close::FORBIDDEN))), "{case}: {o}");
        assert!(o["reason"].as_str().unwrap_or_default().starts_with(code), "{case}: expected {code}: {o}");
    }
    for case in [
        "an observer's own thread",
        "Kenya resolving its own thread",
        "Kenya adding itself as holder",
        "Kenya adding a paragraph",
        "the Secretariat marking a bracket agreed",
        "the Secretariat adding a delegate",
    ] {
        assert_eq!(outcome(case)["outcome"], "forwarded", "{case}");
    }
    // Nothing of a forgery is stored; the honest changes are.
    let threads = f.w.threads();
    let chairs = threads.iter().find(|t| t.id == f.chairs_thread).expect("the chair's thread is there");
    assert_eq!((chairs.body.as_str(), chairs.resolved), ("As chair I propose to keep this.", false));
    assert!(threads.iter().all(|t| t.id != "c-forged") && threads.iter().any(|t| t.id == "c-own"));
    assert!(threads.iter().find(|t| t.id == f.kenyas_thread).expect("Kenya's").resolved);
    assert_eq!(f.w.chair_key(), chair_key);
    assert_eq!(f.w.member(&f.sec).expect("sec").role, Role::Secretariat);
    assert_eq!(f.w.member("m-chile").expect("added").role, Role::Delegate);
    let view = f.w.view().expect("view");
    let b = view.brackets.get(&bracket).expect("the bracket");
    assert_eq!((b.status, b.holders.clone()), (caucus::BracketStatus::Agreed, vec!["Peru".to_string(), "Kenya".to_string()]));
    // The draft's log holds the Secretariat's entry as written, and no forged one.
    let log = f.w.draft_log();
    assert_eq!(log.iter().map(|e| (e.id.as_str(), e.by.as_str())).collect::<Vec<_>>(), vec![("l-secagreed1", f.sec.as_str())], "{log:?}");
    assert!(matches!(&log[0].action, caucus::LogAction::BracketStatus { status: caucus::BracketStatus::Agreed, .. }));
    // The draft's log holds the Secretariat's entry as written, and no forged one.
    let log = f.w.draft_log();
    assert_eq!(log.iter().map(|e| (e.id.as_str(), e.by.as_str())).collect::<Vec<_>>(), vec![("l-secagreed1", f.sec.as_str())], "{log:?}");
    assert!(matches!(&log[0].action, caucus::LogAction::BracketStatus { status: caucus::BracketStatus::Agreed, .. }));
    let ids: Vec<&str> = view.paragraphs.iter().map(|p| p.para.id.as_str()).collect();
    assert!(ids.contains(&"p-kenya") && !ids.iter().any(|i| ["p-evil", "p-99", "p-blink"].contains(i)), "{ids:?}");
    // Carets and names.
    let awareness = lines.iter().find(|l| l["event"] == "awareness").expect("the awareness case");
    let kenya = f.w.member(&f.kenya).expect("kenya");
    assert_eq!(awareness["user"]["name"], kenya.full_name(), "{awareness}");
    assert_eq!(awareness["user"]["member"], f.kenya.as_str());
    assert_eq!(awareness["user"]["color"], "#ff0000", "the sender's colour is kept");
    relay.stop().await;
}

/// Partition: the chair's device (hosting the relay) and a replica adopted from it are offline
/// from each other; Kenya's forged and honest draft changes reach the first through the relay and
/// the second in Kenya's signed bundles. Both give the same verdicts, and once the replica takes
/// the chair's bundle they hold the same draft, without the forgery.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_offline_across_a_refused_and_an_accepted_change_reach_the_same_verdicts() {
    let (f, bracket) = draft_fixture(182);
    let full = bundle::export(&f.w, None).expect("export");
    let adopt = |seed: u64, member: Option<&str>| {
        let dir = tempdir();
        let c = device(dir.path(), seed);
        bundle::import_with(&c, &full.bytes, ImportOptions { adopt: true }).expect("adopt");
        if let Some(member) = member {
            c.store()
                .put_identity(&IdentityRecord { workshop: f.w.id().into(), member: member.into(), public_key: Vec::new(), secret_key: None })
                .wait()
                .expect("identity");
        }
        let w = c.open_exact(f.w.id()).expect("open");
        (dir, c, w)
    };
    let (_rdir, replica, wr) = adopt(183, None);
    let (_kdir, kenya_device, wk) = adopt(184, Some(&f.kenya));
    let signed = |update: Vec<u8>| signed_bundle(&kenya_device, &wk, DocName::Draft, update);
    let forged = forge_draft(&f.w, 9960, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "status", "agreed");
    });
    let honest = forge_draft(&f.w, 9961, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "holders", holders(&["Peru", "Kenya"]));
    });
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let at_relay = send(&relay, &f, DocName::Draft, &f.kenya, forged.clone()).await;
    let at_replica = bundle::import(&replica, &signed(forged)).map(|_| ());
    refused(at_relay, "rights.not_permitted", "the forgery at the relay");
    assert_eq!(at_replica.expect_err("the forgery at the replica").code(), "rights.not_permitted");
    send(&relay, &f, DocName::Draft, &f.kenya, honest.clone()).await.expect("the honest change at the relay");
    bundle::import(&replica, &signed(honest)).expect("the honest change at the replica");
    relay.stop().await;
    let info = |w: &Workshop| w.view().expect("view").brackets.get(&bracket).cloned().expect("bracket");
    assert_eq!(info(&f.w), info(&wr));
    assert_eq!(info(&wr).status, caucus::BracketStatus::Open);
    // They meet: the replica takes the chair's bundle of everything.
    bundle::import(&replica, &bundle::export(&f.w, None).expect("export").bytes).expect("the chair's bundle");
    assert_eq!(wr.state_vector(DocName::Draft), f.w.state_vector(DocName::Draft));
    assert_eq!(format!("{:?}", wr.view().expect("view")), format!("{:?}", f.w.view().expect("view")));
}

// --- structured comments (issue #11 §2): type, proposal, delegation, supporters, outcome ----------

/// A proposal as a peer writes it: a nested Y.Map.
fn proposal(kind: &str, text: &str) -> In {
    In::Map(record(&[("kind", kind), ("text", text)]))
}

fn support_record(thread: &str, delegation: &str, member: &str) -> MapPrelim {
    record(&[("thread", thread), ("delegation", delegation), ("member", member), ("kind", "support"), ("created", "2026-11-28T09:00:00Z")])
}

fn outcome_record(thread: &str, outcome: &str, by: &str) -> MapPrelim {
    record(&[("thread", thread), ("outcome", outcome), ("observation", "Merged with 3 b)."), ("by", by), ("created", "2026-11-28T10:00:00Z")])
}

/// A thread of Kenya's proposing new wording, recorded by the chair.
fn kenyas_proposal(f: &Fixture) -> String {
    use caucus::model::notes::{CommentType, Proposal, ProposalKind};
    let options = caucus::workshop::CommentOptions {
        kind: CommentType::Editorial,
        proposal: Some(Proposal { kind: ProposalKind::Replace, text: "without undue delay".into() }),
    };
    f.w.add_comment_with("delay", "Softer.", Some(&f.kenya), None, &options).expect("Kenya's proposal").id
}

/// Kenya's forgeries of the new records, each with the code it must be refused with
/// (`proposing`: a thread with a proposal).
fn structured_forgeries(f: &Fixture, proposing: &str, client: u64) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let (ct, kt, kenya, chair, peru) = (f.chairs_thread.as_str(), f.kenyas_thread.as_str(), f.kenya.as_str(), f.chair.as_str(), f.peru.as_str());
    let typed = |key: &str, value: In| thread_with(kenya, "Kenya's view.", None, vec![(key, value)]);
    type Edit<'a> = Box<dyn FnOnce(&mut TransactionMut, &Roots) + 'a>;
    let cases: Vec<(&'static str, &'static str, Edit)> = vec![
        ("a delegate recording an outcome", "rights.not_permitted", Box::new(|txn, r| { r.outcomes.insert(txn, "o-k", outcome_record(kt, "accepted", kenya)); })),
        ("an outcome written as the chair", "rights.not_author", Box::new(|txn, r| { r.outcomes.insert(txn, "o-c", outcome_record(ct, "rejected", chair)); })),
        ("a delegate supporting for another delegation", "rights.not_permitted", Box::new(|txn, r| { r.supports.insert(txn, "s-p", support_record(ct, "Peru", kenya)); })),
        ("a support written as Peru's delegate", "rights.not_author", Box::new(|txn, r| { r.supports.insert(txn, "s-p2", support_record(ct, "Peru", peru)); })),
        ("a thread speaking for another delegation", "rights.not_permitted", Box::new(|txn, r| { r.threads.insert(txn, "c-peru", typed("delegation", In::Any(Any::from("Peru")))); })),
        ("a thread of an unknown type", "rights.malformed", Box::new(|txn, r| { r.threads.insert(txn, "c-type", typed("type", In::Any(Any::from("urgent")))); })),
        ("a proposal of an unknown kind", "rights.malformed", Box::new(|txn, r| { r.threads.insert(txn, "c-kind", typed("proposal", proposal("rewrite-all", "x"))); })),
        (
            "a proposal added to the chair's thread afterwards",
            "rights.record_changed",
            Box::new(|txn, r| { thread_map(txn, r, ct).insert(txn, "proposal", record(&[("kind", "replace"), ("text", "nothing")])); }),
        ),
        (
            "rewriting a proposal's text",
            "rights.record_changed",
            Box::new(|txn, r| {
                let Some(yrs::Out::YMap(p)) = thread_map(txn, r, proposing).get(txn, "proposal") else { panic!("proposal") };
                p.insert(txn, "text", "with immediate effect");
            }),
        ),
        ("an outcome of another kind", "rights.malformed", Box::new(|txn, r| { r.outcomes.insert(txn, "o-x", outcome_record(kt, "vetoed", kenya)); })),
    ];
    cases.into_iter().zip(client..).map(|((what, code, edit), c)| (what, code, forge(&f.w, DocName::Notes, c, edit))).collect()
}

/// Every forgery of the new records (issue #11 §2) through a real relay, refused with its code
/// and nothing of it stored; the honest versions pass, and the threads read as they say. A
/// thread in the earlier shape reads as `general`, without proposal, for its author's
/// delegation; fields this build does not know are kept as written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_refuses_forged_supports_outcomes_and_delegations_and_keeps_unknown_fields() {
    let f = fixture(190);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let notes = DocName::Notes;
    let pt = kenyas_proposal(&f);
    for (what, code, update) in structured_forgeries(&f, &pt, 9970) {
        refused(send(&relay, &f, notes, &f.kenya, update).await, code, what);
    }
    let vetoed = forge(&f.w, notes, 9979, |txn, r| {
        r.outcomes.insert(txn, "o-v", outcome_record(&f.kenyas_thread, "vetoed", &f.sec));
    });
    refused(send(&relay, &f, notes, &f.sec, vetoed).await, "rights.malformed", "the Secretariat's outcome of another kind");
    let future = forge(&f.w, notes, 9980, |txn, r| {
        r.threads.insert(txn, "c-future", thread_with(&f.kenya, "From a newer Caucus.", None, vec![
            ("type", In::Any(Any::from("editorial"))),
            ("delegation", In::Any(Any::from("Kenya"))),
            ("proposal", In::Map(record(&[("kind", "insert-after"), ("text", "NEW PARAGRAPH."), ("x-lang", "fr")]))),
            ("x-priority", In::Any(Any::from("high"))),
        ]));
    });
    send(&relay, &f, notes, &f.kenya, future).await.expect("a newer peer's thread");
    let old_shape = forge(&f.w, notes, 9981, |txn, r| {
        r.threads.insert(txn, "c-old", thread(&f.kenya, "Written before issue #11.", None));
    });
    send(&relay, &f, notes, &f.kenya, old_shape).await.expect("an old-shape thread");
    let support = forge(&f.w, notes, 9982, |txn, r| {
        r.supports.insert(txn, "s-k", support_record(&f.chairs_thread, "Kenya", &f.kenya));
    });
    send(&relay, &f, notes, &f.kenya, support).await.expect("Kenya supports for Kenya");
    let recorded_support = forge(&f.w, notes, 9983, |txn, r| {
        let fields = [("thread", f.kenyas_thread.as_str()), ("delegation", "Peru"), ("member", &f.peru), ("kind", "support"), ("created", "2026-11-28T09:30:00Z"), ("recordedBy", &f.sec)];
        r.supports.insert(txn, "s-p", record(&fields));
    });
    send(&relay, &f, notes, &f.sec, recorded_support).await.expect("the Secretariat records Peru's support");
    let outcome = forge(&f.w, notes, 9984, |txn, r| {
        r.outcomes.insert(txn, "o-s", outcome_record(&f.kenyas_thread, "accepted-modified", &f.sec));
    });
    send(&relay, &f, notes, &f.sec, outcome).await.expect("the Secretariat records an outcome");
    relay.stop().await;

    let threads = f.w.threads();
    let p = threads.iter().find(|t| t.id == pt).and_then(|t| t.proposal.clone()).expect("Kenya's proposal");
    assert_eq!(p.text, "without undue delay", "as written");
    for forged in ["c-peru", "c-type", "c-kind"] {
        assert!(!threads.iter().any(|t| t.id == forged), "no forged thread {forged}");
    }
    let by_id = |id: &str| threads.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("{id}")).clone();
    let chairs = by_id(&f.chairs_thread);
    assert_eq!((chairs.proposal.clone(), chairs.outcome.clone(), chairs.supporters.clone()), (None, None, vec!["Kenya".to_string()]));
    let kenyas = by_id(&f.kenyas_thread);
    assert_eq!(kenyas.delegation, "Kenya");
    assert_eq!(kenyas.supporters, ["Peru"]);
    let o = kenyas.outcome.expect("an outcome");
    assert_eq!((o.outcome, o.by.as_str(), o.observation.as_str()), (caucus::model::notes::OutcomeKind::AcceptedModified, f.sec.as_str(), "Merged with 3 b)."));
    let old = by_id("c-old");
    assert_eq!((old.kind, old.proposal, old.delegation.as_str()), (caucus::model::notes::CommentType::General, None, "Kenya"));
    let future = by_id("c-future");
    assert_eq!(future.kind, caucus::model::notes::CommentType::Editorial);
    let p = future.proposal.expect("a proposal");
    assert_eq!((p.kind, p.text.as_str()), (caucus::model::notes::ProposalKind::InsertAfter, "NEW PARAGRAPH."));
    // Later writes of this build (a resolution, an outcome) leave the newer peer's fields as written.
    f.w.set_resolved("c-future", true).expect("resolve");
    f.w.record_outcome("c-future", caucus::model::notes::OutcomeKind::Noted, "").expect("outcome");
    let copy = yrs::Doc::new();
    let threads_map = copy.get_or_insert_map("threads");
    copy.transact_mut().apply_update(yrs::Update::decode_v1(&f.w.encode_state(notes)).expect("decode")).expect("apply");
    let txn = copy.transact();
    let Some(yrs::Out::YMap(t)) = threads_map.get(&txn, "c-future") else { panic!("c-future") };
    assert_eq!(t.get(&txn, "x-priority").map(|v| v.to_string(&txn)).as_deref(), Some("high"));
    let Some(yrs::Out::YMap(p)) = t.get(&txn, "proposal") else { panic!("proposal") };
    assert_eq!(p.get(&txn, "x-lang").map(|v| v.to_string(&txn)).as_deref(), Some("fr"));
}

/// The same forgeries in Kenya's signed bundle and through the app's pipe of Kenya's device:
/// refused whole, nothing imported.
#[test]
fn bundles_and_the_apps_pipe_refuse_forged_supports_outcomes_and_delegations() {
    let f = fixture(191);
    let (_dir, b, wb) = kenyas_device(&f, 192);
    let crafted = |update: Vec<u8>| signed_bundle(&b, &wb, DocName::Notes, update);
    let pt = kenyas_proposal(&f);
    let before = f.w.encode_state(DocName::Notes);
    for (what, code, update) in structured_forgeries(&f, &pt, 9985) {
        let e = bundle::import(&f.caucus, &crafted(update)).expect_err(what);
        assert_eq!(e.code(), code, "{what}: {e}");
    }
    assert_eq!(f.w.encode_state(DocName::Notes), before, "nothing imported");
    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(Role::Delegate), Presence::new())
        .speaking_for(Claimant::member(f.kenya.clone(), Role::Delegate));
    bridge.open(DocName::Notes, 9995, Arc::new(|_frame| {})).expect("open");
    for (what, code, update) in structured_forgeries(&f, &pt, 9996) {
        let e = bridge.receive(DocName::Notes, &pack([protocol::encode_update(update).as_slice()])).expect_err(what);
        assert_eq!((e.code(), e.close_code()), (code, close::FORBIDDEN), "{what}");
    }
    assert_eq!(f.w.encode_state(DocName::Notes), before, "nothing applied");
    let support = forge(&f.w, DocName::Notes, 9997, |txn, r| {
        r.supports.insert(txn, "s-k", support_record(&f.chairs_thread, "Kenya", &f.kenya));
    });
    bundle::import(&f.caucus, &crafted(support)).expect("Kenya's own support");
    assert_eq!(f.w.thread(&f.chairs_thread).expect("thread").supporters, ["Kenya"]);
}

/// The core's operations (what the CLI and the app call): a thread's type, proposal and
/// delegation; a delegate supports for their own delegation only and records no outcome; the
/// chair and the Secretariat record for members and record outcomes, the latest standing.
#[test]
fn the_core_operations_write_structured_comments_supports_and_outcomes() {
    use caucus::model::notes::{CommentType, OutcomeKind, Proposal, ProposalKind};
    let f = fixture(193);
    let (_dir, _b, wb) = kenyas_device(&f, 194);
    let code = |e: caucus::Error| e.code().to_string();
    let options = caucus::workshop::CommentOptions {
        kind: CommentType::Technical,
        proposal: Some(Proposal { kind: ProposalKind::Replace, text: "act within one day".into() }),
    };
    let t = wb.add_comment_with("act", "Faster.", None, None, &options).expect("Kenya's proposal");
    assert_eq!((t.kind, t.delegation.as_str(), t.proposal.clone()), (CommentType::Technical, "Kenya", options.proposal.clone()));
    assert_eq!(code(wb.support(&f.chairs_thread, Some(&f.peru), false).expect_err("for Peru")), "rights.not_permitted");
    assert_eq!(code(wb.record_outcome(&f.chairs_thread, OutcomeKind::Rejected, "No.").expect_err("an outcome")), "rights.not_permitted");
    assert_eq!(code(wb.support(&t.id, None, false).expect_err("its own")), "notes.own_delegation");
    let empty = caucus::workshop::CommentOptions { kind: CommentType::General, proposal: Some(Proposal { kind: ProposalKind::InsertAfter, text: " ".into() }) };
    assert_eq!(code(wb.add_comment_with("delay", "Add one.", None, None, &empty).expect_err("empty")), "input.empty");
    assert_eq!(wb.support(&f.chairs_thread, None, false).expect("Kenya supports").supporters, ["Kenya"]);
    assert_eq!(wb.support(&f.chairs_thread, None, false).expect("twice").supporters, ["Kenya"], "supporting twice changes nothing");
    assert!(wb.support(&f.chairs_thread, None, true).expect("withdrawn").supporters.is_empty());
    // The chair: a support recorded for Peru, outcomes — the latest stands.
    let kt = f.w.support(&f.kenyas_thread, Some(&f.peru), false).expect("recorded for Peru");
    assert_eq!(kt.supporters, ["Peru"]);
    f.w.record_outcome(&f.kenyas_thread, OutcomeKind::Noted, "").expect("noted");
    let kt = f.w.record_outcome(&f.kenyas_thread, OutcomeKind::Accepted, "As proposed.").expect("accepted");
    let o = kt.outcome.expect("outcome");
    assert_eq!((o.outcome, o.observation.as_str(), o.by.as_str()), (OutcomeKind::Accepted, "As proposed.", f.chair.as_str()));
    assert_eq!(kt.delegation, "Kenya", "recorded for Kenya, it speaks for Kenya");
    assert_eq!(code(f.w.record_outcome(&f.kenyas_thread, OutcomeKind::Noted, &"x".repeat(20_001)).expect_err("long")), "rights.too_long");
}
