//! The webview's bridge (issue #4): a Yjs peer speaking y-protocols frames over the IPC pipe — synced, saved before it is told, fed everyone else's edits, refused by role, and its presence carried through a relay to another device's webview.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use caucus::Coded;
use caucus::model::draft::Draft;
use caucus::model::roster::Role;
use caucus::model::DocName;
use caucus::sync::bridge::{pack, Bridge, Sink};
use caucus::sync::client::{Link, LinkOptions, LinkState};
use caucus::sync::presence::Presence;
use caucus::sync::protocol::{self, AwarenessEntry, Message};
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::sync::Permissions;
use caucus::{Caucus, NewParagraph, ParaKind};
use yrs::updates::decoder::Decode;
use yrs::{Doc, Options, ReadTxn, StateVector, Transact, Update};

use crate::support::{device, new_workshop, outline, tempdir};

/// A webview's copy of one document, speaking the sync protocol through the bridge's batches.
struct Webview {
    doc: Doc,
    name: DocName,
    inbox: Arc<Mutex<Vec<Vec<u8>>>>,
    /// Awareness entries received.
    presence: Arc<Mutex<Vec<AwarenessEntry>>>,
}

impl Webview {
    fn new(name: DocName, client_id: u64) -> Webview {
        let doc = Doc::with_options(Options { client_id: yrs::ClientID::new(client_id), skip_gc: true, ..Options::default() });
        Webview { doc, name, inbox: Arc::default(), presence: Arc::default() }
    }

    fn sink(&self) -> Sink {
        let inbox = Arc::clone(&self.inbox);
        // The sink gets one frame per call (the app's shell packs it for the IPC channel).
        Arc::new(move |frame: Vec<u8>| inbox.lock().expect("inbox").push(frame))
    }

    fn open(&self, bridge: &Bridge) {
        bridge.open(self.name, self.doc.client_id().get(), self.sink()).expect("open the pipe");
        let step1 = protocol::encode_step1(&self.doc.transact().state_vector());
        bridge.receive(self.name, &pack([step1.as_slice()])).expect("our step 1");
        self.pump(bridge);
    }

    /// Handles every frame received, answering through the bridge, until nothing is left.
    fn pump(&self, bridge: &Bridge) -> usize {
        let mut handled = 0;
        loop {
            let frames: Vec<Vec<u8>> = std::mem::take(&mut *self.inbox.lock().expect("inbox"));
            if frames.is_empty() {
                return handled;
            }
            let mut replies = Vec::new();
            for frame in frames {
                handled += 1;
                for m in protocol::decode_frame(&frame).expect("a well-formed frame from the core") {
                    match m {
                        Message::SyncStep1(sv) => {
                            replies.push(protocol::encode_step2(self.doc.transact().encode_state_as_update_v1(&sv)))
                        }
                        Message::SyncStep2(u) | Message::Update(u) => {
                            self.doc.transact_mut().apply_update(Update::decode_v1(&u).expect("update")).expect("apply");
                        }
                        Message::Awareness(entries) => self.presence.lock().expect("presence").extend(entries),
                        _ => {}
                    }
                }
            }
            if !replies.is_empty() {
                bridge.receive(self.name, &pack(replies.iter().map(Vec::as_slice))).expect("replies accepted");
            }
        }
    }

    /// Makes an edit in the webview's copy and returns it as an update frame.
    fn edit(&self, f: impl FnOnce(&mut yrs::TransactionMut, &Draft)) -> Vec<u8> {
        let draft = Draft::new(&self.doc);
        let before = self.doc.transact().state_vector();
        {
            let mut txn = self.doc.transact_mut();
            f(&mut txn, &draft);
        }
        protocol::encode_update(self.doc.transact().encode_state_as_update_v1(&before))
    }

    fn texts(&self) -> Vec<String> {
        let draft = Draft::new(&self.doc);
        let txn = self.doc.transact();
        draft.paragraphs(&txn).iter().map(|p| p.text()).collect()
    }

    fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }
}

#[test]
fn the_webview_syncs_its_edits_are_saved_before_the_call_returns_and_it_sees_everyone_elses() {
    let dir = tempdir();
    let id;
    {
        let caucus = device(dir.path(), 401);
        let w = new_workshop(&caucus, "Wildlife cybercrime");
        id = w.id().to_string();
        w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "URGES Parties to act;")).expect("edit");
        let bridge = Bridge::new(w.clone(), Permissions::FULL, Presence::new());
        let view = Webview::new(DocName::Draft, 4242);
        view.open(&bridge);
        assert_eq!(view.texts(), texts(&w));
        assert_eq!(view.texts()[1], "URGES Parties to act;");
        assert_eq!(view.state_vector(), w.state_vector(DocName::Draft), "the webview holds the core's draft");

        // The webview types: once `receive` returns, the core holds it (and attributes it).
        let update = view.edit(|txn, draft| draft.set_text(txn, 1, "URGES all Parties to act;").expect("edit"));
        bridge.receive(DocName::Draft, &pack([update.as_slice()])).expect("saved");
        assert_eq!(outline(&w)[1], "1. URGES all Parties to act;");
        assert!(w.delegations_by_client().contains_key(&4242), "the webview's client id is attributed");
        assert_eq!(view.pump(&bridge), 0, "its own edit is not echoed back");

        // An edit made by anyone else reaches the webview after its commit.
        w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "DIRECTS the Secretariat;")).expect("edit");
        assert!(view.pump(&bridge) > 0);
        assert_eq!(view.texts().last().map(String::as_str), Some("DIRECTS the Secretariat;"));
        assert_eq!(view.state_vector(), w.state_vector(DocName::Draft));
    }
    // Reported saved means on disk.
    let reopened = Caucus::open(dir.path()).expect("reopen").open_exact(&id).expect("open");
    assert_eq!(outline(&reopened)[1], "1. URGES all Parties to act;");
}

#[test]
fn an_observers_webview_may_comment_but_its_draft_edits_are_refused_whole() {
    let dir = tempdir();
    let caucus = device(dir.path(), 402);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    let bridge = Bridge::new(w.clone(), Permissions::for_role(Role::Observer), Presence::new());
    let view = Webview::new(DocName::Draft, 77);
    view.open(&bridge);
    let before = w.state_vector(DocName::Draft);
    let title = texts(&w)[0].clone();

    let update = view.edit(|txn, draft| draft.set_text(txn, 0, "An observer's title").expect("edit"));
    let err = bridge.receive(DocName::Draft, &pack([update.as_slice()])).expect_err("refused");
    assert_eq!(err.code(), "sync.forbidden");
    assert_eq!(w.state_vector(DocName::Draft), before, "nothing of it was stored");
    assert_eq!(texts(&w)[0], title);
    assert!(!w.delegations_by_client().contains_key(&77), "a reader's client id is not claimed");

    // The notes document is theirs to write.
    let notes = Webview::new(DocName::Notes, 78);
    notes.open(&bridge);
    let before = notes.doc.transact().state_vector();
    {
        let map = notes.doc.get_or_insert_map("annotations");
        let mut txn = notes.doc.transact_mut();
        yrs::Map::insert(&map, &mut txn, "x", "an annotation");
    }
    let update = protocol::encode_update(notes.doc.transact().encode_state_as_update_v1(&before));
    bridge.receive(DocName::Notes, &pack([update.as_slice()])).expect("notes are writable");
    assert_eq!(w.state_vector(DocName::Notes), notes.state_vector());
}

#[test]
fn a_webview_that_answers_the_step_1_before_the_pipe_is_reported_open_is_heard() {
    let dir = tempdir();
    let caucus = device(dir.path(), 404);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    let bridge = Arc::new(Bridge::new(w.clone(), Permissions::FULL, Presence::new()));
    // The webview holds an edit the core lacks (as after a save that failed) and answers the
    // core's step 1 with it at once, from inside the call that sends that step 1.
    let view = Webview::new(DocName::Draft, 11);
    view.doc.transact_mut().apply_update(Update::decode_v1(&w.encode_state(DocName::Draft)).expect("state")).expect("apply");
    let unsaved = view.edit(|txn, draft| draft.set_text(txn, 0, "Kept by the webview").expect("edit"));
    assert!(!unsaved.is_empty());
    let answered: Arc<Mutex<Vec<Result<(), String>>>> = Arc::default();
    let (doc, to, log) = (view.doc.clone(), Arc::downgrade(&bridge), Arc::clone(&answered));
    let sink: Sink = Arc::new(move |frame: Vec<u8>| {
        let Some(bridge) = to.upgrade() else { return };
        for m in protocol::decode_frame(&frame).expect("a frame") {
            if let Message::SyncStep1(sv) = m {
                let answer = protocol::encode_step2(doc.transact().encode_state_as_update_v1(&sv));
                let heard = bridge.receive(DocName::Draft, &pack([answer.as_slice()])).map_err(|e| e.code().to_string());
                log.lock().expect("log").push(heard);
            }
        }
    });
    bridge.open(DocName::Draft, 11, sink).expect("open the pipe");
    assert_eq!(*answered.lock().expect("log"), vec![Ok(())], "the answer reached an open pipe");
    assert_eq!(texts(&w)[0], "Kept by the webview");
}

#[test]
fn a_malformed_batch_is_refused_and_nothing_is_stored() {
    let dir = tempdir();
    let caucus = device(dir.path(), 403);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    let bridge = Bridge::new(w.clone(), Permissions::FULL, Presence::new());
    let view = Webview::new(DocName::Draft, 9);
    assert!(bridge.receive(DocName::Draft, &pack([b"\x00\x02".as_slice()])).is_err(), "no pipe open yet");
    view.open(&bridge);
    let before = w.state_vector(DocName::Draft);
    let update = view.edit(|txn, draft| draft.set_text(txn, 0, "Changed").expect("edit"));
    let truncated = pack([update.as_slice()]);
    assert!(bridge.receive(DocName::Draft, &truncated[..truncated.len() - 3]).is_err());
    assert!(bridge.receive(DocName::Draft, &pack([&update[..update.len() / 2]])).is_err());
    assert_eq!(w.state_vector(DocName::Draft), before);
}

fn texts(w: &caucus::Workshop) -> Vec<String> {
    w.paragraphs().iter().map(|p| p.para.text()).collect()
}

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_webviews_see_each_others_text_and_carets_through_a_relay() {
    let (da, db, dr) = (tempdir(), tempdir(), tempdir());
    let (a, b, r) = (device(da.path(), 411), device(db.path(), 412), device(dr.path(), 413));
    let relay = Relay::bind(
        r.clone(),
        loopback(),
        RelayOptions { create_rooms: true, open: true, idle_unload: Duration::from_millis(200), ..RelayOptions::default() },
    )
    .await
    .expect("relay");
    let wa = new_workshop(&a, "Wildlife cybercrime");
    let wb = b.open_or_adopt(wa.id()).expect("adopt");
    let (pa, pb) = (Presence::new(), Presence::new());
    let options = |p: &Arc<Presence>| LinkOptions {
        min_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(400),
        ack_delay: Duration::from_millis(20),
        presence: Some(Arc::clone(p)),
        ..LinkOptions::default()
    };
    let la = Link::start(wa.clone(), &relay.url(), options(&pa)).expect("link a");
    let lb = Link::start(wb.clone(), &relay.url(), options(&pb)).expect("link b");
    let synced = |s: &caucus::sync::client::LinkStatus| s.state == LinkState::Synced;
    la.wait_until(Duration::from_secs(10), synced).await.expect("a synced");
    lb.wait_until(Duration::from_secs(10), synced).await.expect("b synced");

    let ba = Bridge::new(wa.clone(), Permissions::FULL, Arc::clone(&pa));
    let bb = Bridge::new(wb.clone(), Permissions::FULL, Arc::clone(&pb));
    let (va, vb) = (Webview::new(DocName::Draft, 1001), Webview::new(DocName::Draft, 1002));
    tokio::task::block_in_place(|| {
        va.open(&ba);
        vb.open(&bb);
    });

    // A's webview types; B's webview gets it through A's core, the relay and B's core.
    let update = va.edit(|txn, draft| draft.set_text(txn, 0, "Wildlife cybercrime: draft resolution").expect("edit"));
    tokio::task::block_in_place(|| ba.receive(DocName::Draft, &pack([update.as_slice()]))).expect("saved");
    wait_for("B's webview to show A's words", || {
        tokio::task::block_in_place(|| vb.pump(&bb));
        vb.texts().first().map(String::as_str) == Some("Wildlife cybercrime: draft resolution")
    })
    .await;

    // A's caret (awareness) reaches B's webview, and is withdrawn when A's link goes.
    let caret = protocol::encode_awareness(&[AwarenessEntry {
        client: 1001,
        clock: 1,
        json: Arc::from(r##"{"user":{"name":"Chair (Dunmere)","color":"#2f6f4f"}}"##),
    }]);
    tokio::task::block_in_place(|| ba.receive(DocName::Draft, &pack([caret.as_slice()]))).expect("awareness");
    wait_for("A's caret in B's webview", || {
        tokio::task::block_in_place(|| vb.pump(&bb));
        vb.presence.lock().expect("presence").iter().any(|e| e.client == 1001 && e.json.contains("Dunmere"))
    })
    .await;
    la.stop().await;
    wait_for("A's caret withdrawn", || {
        tokio::task::block_in_place(|| vb.pump(&bb));
        vb.presence.lock().expect("presence").iter().any(|e| e.client == 1001 && e.is_removal())
    })
    .await;
    lb.stop().await;
    relay.stop().await;
}

#[test]
fn a_comment_on_the_webviews_selection_anchors_to_those_words_and_follows_edits() {
    use caucus::model::notes::Anchor;
    use yrs::updates::encoder::Encode;
    use yrs::{Assoc, IndexedSequence};

    let dir = tempdir();
    let caucus = device(dir.path(), 404);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "URGES Parties to adopt legislation;")).expect("edit");
    let bridge = Bridge::new(w.clone(), Permissions::FULL, Presence::new());
    let view = Webview::new(DocName::Draft, 505);
    view.open(&bridge);

    // The webview encodes its selection ("adopt legislation") as relative positions.
    let (start, end) = {
        let draft = Draft::new(&view.doc);
        let txn = view.doc.transact();
        let el = draft.elements(&txn)[1].clone();
        let text = Draft::text_of(&txn, &el).expect("text");
        let s = text.sticky_index(&txn, 17, Assoc::After).expect("start");
        let e = text.sticky_index(&txn, 34, Assoc::Before).expect("end");
        (s.encode_v1(), e.encode_v1())
    };
    let thread = w.add_comment_at(&start, &end, "Which legislation?").expect("comment");
    assert_eq!(thread.quote, "adopt legislation");
    match &thread.anchor {
        Anchor::Attached { text, position, .. } => assert_eq!((text.as_str(), *position), ("adopt legislation", 1)),
        other => panic!("not attached: {other:?}"),
    }
    // Someone inserts words before the selection: the anchor stays on the same words.
    w.set_text(1, "URGES all Parties to swiftly adopt legislation;").expect("edit");
    match w.thread(&thread.id).expect("thread").anchor {
        Anchor::Attached { text, .. } => assert_eq!(text, "adopt legislation"),
        other => panic!("not attached: {other:?}"),
    }
    // An anchor that does not resolve to words of one paragraph is refused.
    let err = w.add_comment_at(&end, &start, "Backwards").expect_err("empty range");
    assert_eq!(err.code(), "notes.bad_anchor");
    let err = w.add_comment_at(b"garbage", &end, "Garbage").expect_err("undecodable");
    assert_eq!(err.code(), "notes.bad_anchor");
}
