//! Convergence (issue #3, "Must show"; issue #11): five peers — chair, secretariat, two delegates and an observer — and an in-process relay on loopback make seeded random edits to all three documents (proposals, outcomes, applied proposals and stage changes among them) through partitions, heals and restarts of peers and relay; a change a stage refuses waits on its device; the chair ends the round in drafting and every copy ends identical with nothing pending.
//!
//! `CAUCUS_SEED=n cargo test convergence` replays one seed; `CAUCUS_SEEDS=n` runs seeds 1..=n (a longer soak).

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use caucus::Coded;
use caucus::host::{FixedClock, Host, SeededEntropy};
use caucus::model::notes::OutcomeKind;
use caucus::model::roster::{Group, Role, Stage};
use caucus::model::DocName;
use caucus::store::IdentityRecord;
use caucus::sync::client::{sync_once, SyncOptions};
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::sync::token::{self, Invitation};
use caucus::workshop::NewMember;
use caucus::{BracketInfo, BracketStatus, Caucus, NewParagraph, ParaKind, Workshop};
use chrono::TimeZone;
use yrs::updates::decoder::Decode;
use yrs::{Doc, Options, ReadTxn, StateVector, Transact, Update};

use crate::support::{new_workshop, tempdir};

/// Seeds of a plain `cargo test` (kept under ~20 s in a debug build on two busy cores).
const SEEDS: u64 = 16;
const STEPS: usize = 30;

/// Steps per seed: `STEPS`, or `CAUCUS_STEPS` (long runs reach the store's compaction).
fn steps() -> usize {
    std::env::var("CAUCUS_STEPS").map(|s| s.trim().parse().expect("CAUCUS_STEPS is a number")).unwrap_or(STEPS)
}

/// splitmix64: the operations' randomness (the devices' own comes from `SeededEntropy`).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A device host with the suite's fixed clock and its own randomness per (seed, device, incarnation).
fn host(seed: u64, device: u64, incarnation: u64) -> Host {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).single().expect("a valid date");
    let entropy = seed.wrapping_mul(1_000_003) ^ (device << 32) ^ (incarnation << 48);
    Host { clock: Box::new(FixedClock(now)), entropy: Box::new(SeededEntropy::new(entropy)) }
}

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// Tokens required (no `--open`): every connection gets its role's permissions at the relay.
fn relay_options() -> RelayOptions {
    RelayOptions { create_rooms: true, open: false, idle_unload: Duration::from_millis(200), ..RelayOptions::default() }
}

struct Peer {
    name: &'static str,
    role: Role,
    dir: tempfile::TempDir,
    device: u64,
    incarnation: u64,
    caucus: Caucus,
    w: Workshop,
    token: String,
    /// Steps left offline (partitioned: it skips syncs until healed).
    offline: usize,
}

impl Peer {
    fn writes_draft(&self) -> bool {
        self.role != Role::Observer
    }

    fn writes_roster(&self) -> bool {
        matches!(self.role, Role::Chair | Role::Secretariat)
    }

    /// Drops the device and reopens it from its data directory.
    /// Closes the device (its `Workshop` and `Caucus` dropped: the data directory is free, as
    /// when the app quits) and opens it again from its data directory.
    fn restart(self, seed: u64) -> Peer {
        let id = self.w.id().to_string();
        let Peer { name, role, dir, device, incarnation, caucus, w, token, offline } = self;
        drop(w);
        drop(caucus);
        let incarnation = incarnation + 1;
        let caucus = Caucus::open_with(dir.path(), host(seed, device, incarnation)).expect("reopen the device");
        let w = caucus.open_exact(&id).expect("the workshop is still there");
        Peer { name, role, dir, device, incarnation, caucus, w, token, offline }
    }

    /// Syncs with the relay; `false` when the relay refused a change the workshop's stage does
    /// not allow now (issue #11 §1: it stays on this device and is offered again at each sync).
    async fn sync(&self, url: &str, seed: u64, why: &str) -> bool {
        let options = SyncOptions { timeout: Duration::from_secs(20), token: Some(self.token.clone()), ..SyncOptions::default() };
        match sync_once(&self.w, url, &options).await {
            Ok(_) => true,
            Err(caucus::sync::SyncError::ClosedByPeer { reason, .. }) if reason.starts_with("rights.stage") => false,
            Err(e) => panic!("seed {seed}: {} ({:?}) failed to sync ({why}): {e} [{}]", self.name, self.role, e.code()),
        }
    }
}

struct Hub {
    dir: tempfile::TempDir,
    incarnation: u64,
    caucus: Caucus,
    relay: Relay,
    url: String,
}

impl Hub {
    async fn start(seed: u64) -> Hub {
        let dir = tempdir();
        let caucus = Caucus::open_with(dir.path(), host(seed, 99, 0)).expect("relay store");
        let relay = Relay::bind(caucus.clone(), loopback(), relay_options()).await.expect("relay");
        let url = relay.url();
        Hub { dir, incarnation: 0, caucus, relay, url }
    }

    /// Stops the relay and starts a new one on the same data directory (on a new port).
    async fn restart(self, seed: u64) -> Hub {
        let Hub { dir, incarnation, caucus, relay, .. } = self;
        relay.stop().await;
        drop(caucus);
        let incarnation = incarnation + 1;
        let caucus = Caucus::open_with(dir.path(), host(seed, 99, incarnation)).expect("reopen the relay store");
        let relay = Relay::bind(caucus.clone(), loopback(), relay_options()).await.expect("relay again");
        let url = relay.url();
        Hub { dir, incarnation, caucus, relay, url }
    }
}

/// What every copy must agree on.
#[derive(Debug, PartialEq)]
struct Observed {
    state_vectors: Vec<StateVector>,
    view: caucus::DraftView,
    threads: Vec<caucus::model::notes::Thread>,
    members: Vec<caucus::model::roster::Member>,
}

fn observe(w: &Workshop) -> Observed {
    Observed {
        state_vectors: DocName::ALL.iter().map(|&d| w.state_vector(d)).collect(),
        view: w.view().expect("view"),
        threads: w.threads(),
        members: w.members(),
    }
}

/// Nothing pending: the document's full state, decoded into a fresh doc, leaves yrs neither
/// structs waiting for missing dependencies nor deletions of unknown items (`encode_state`
/// carries whatever the live doc still holds pending).
fn assert_nothing_pending(w: &Workshop, who: &str, seed: u64) {
    for doc in DocName::ALL {
        let fresh = Doc::with_options(Options { skip_gc: true, ..Options::default() });
        let update = Update::decode_v1(&w.encode_state(doc)).expect("the state decodes");
        let mut txn = fresh.transact_mut();
        txn.apply_update(update).expect("the state applies");
        assert!(!txn.has_missing_updates(), "seed {seed}: {who}'s {doc} has missing updates");
        assert!(txn.store().pending_update().is_none(), "seed {seed}: {who}'s {doc} has pending structs");
        assert!(txn.store().pending_ds().is_none(), "seed {seed}: {who}'s {doc} has a pending delete set");
        assert_eq!(txn.state_vector(), w.state_vector(doc), "seed {seed}: {who}'s {doc} re-decodes to the same state");
    }
}

/// A word no other operation writes, so a comment can quote it unambiguously.
fn word(seed: u64, step: usize, n: usize) -> String {
    format!("w{seed}s{step}n{n}")
}

fn words_of(w: &Workshop, position: usize) -> Vec<String> {
    w.paragraphs().get(position).map(|p| p.para.text().split_whitespace().map(str::to_string).collect()).unwrap_or_default()
}

/// Edits the draft: add / set text / delete / move paragraphs, kinds and levels, brackets.
fn edit_draft(rng: &mut Rng, w: &Workshop, seed: u64, step: usize) -> Result<(), caucus::Error> {
    let n = w.paragraphs().len();
    let text = |rng: &mut Rng| {
        let count = 2 + rng.below(4);
        let mut words: Vec<String> = (0..count).map(|i| word(seed, step, i)).collect();
        words.insert(0, ["URGES", "NOTING", "DIRECTS", "RECALLING"][rng.below(4)].to_string());
        words.join(" ")
    };
    match rng.below(if n == 0 { 1 } else { 9 }) {
        0 | 8 => {
            let kind = [ParaKind::Preamble, ParaKind::Operative, ParaKind::Item, ParaKind::Text][rng.below(4)];
            let at = rng.below(n + 1);
            w.add_paragraph(Some(at), NewParagraph::new(kind, &text(rng)))?;
        }
        1 | 2 => {
            // Word-level edits: replace one word, append one, or drop one.
            let at = rng.below(n);
            let mut words = words_of(w, at);
            let fresh = word(seed, step, 9);
            match rng.below(3) {
                0 if !words.is_empty() => {
                    let i = rng.below(words.len());
                    words[i] = fresh;
                }
                1 if words.len() > 1 => {
                    words.remove(rng.below(words.len()));
                }
                _ => words.push(fresh),
            }
            w.set_text(at, &words.join(" "))?;
        }
        3 => {
            w.delete_paragraph(rng.below(n))?;
        }
        4 => {
            w.move_paragraph(rng.below(n), rng.below(n))?;
        }
        5 => {
            let at = rng.below(n);
            if rng.chance(50) {
                w.set_level(at, rng.below(3) as u8)?;
            } else {
                w.set_kind(at, [ParaKind::Preamble, ParaKind::Operative, ParaKind::Item][rng.below(3)])?;
            }
        }
        6 => {
            // Bracket one word of a paragraph (byte range of that word).
            let at = rng.below(n);
            let text = w.paragraphs()[at].para.text();
            let words: Vec<(usize, &str)> = text
                .split(' ')
                .scan(0, |pos, s| {
                    let start = *pos;
                    *pos += s.len() + 1;
                    Some((start, s))
                })
                .filter(|(_, s)| !s.is_empty())
                .collect();
            if !words.is_empty() {
                let (start, s) = words[rng.below(words.len())];
                // A delegate may hold a bracket for its own delegation only (issue #17): the
                // core refuses the others, and nothing of a refused edit is written.
                refused_by_rights_is_fine(w.bracket(at, start, s.len(), vec![["Kenya", "Brazil", "EU"][rng.below(3)].to_string()]).map(|_| ()))?;
            }
        }
        7 => {
            let ids: Vec<String> = w
                .paragraphs()
                .iter()
                .flat_map(|p| p.para.spans.iter().filter_map(|s| s.marks.bracket.clone()).collect::<Vec<_>>())
                .collect();
            if !ids.is_empty() {
                let status = [BracketStatus::Open, BracketStatus::AgreedAdRef, BracketStatus::Agreed, BracketStatus::Withdrawn][rng.below(4)];
                let info = BracketInfo { status, holders: vec!["Kenya".into()], ..Default::default() };
                refused_by_rights_is_fine(w.set_bracket(&ids[rng.below(ids.len())], &info))?;
            }
        }
        _ => unreachable!("one of nine"),
    }
    Ok(())
}

/// Comments: a new thread on a word of the draft (with a proposal for it, sometimes), a reply,
/// resolving / reopening, an outcome, or applying a proposal.
fn edit_notes(rng: &mut Rng, w: &Workshop, seed: u64, step: usize, tally: &mut Tally) -> Result<(), caucus::Error> {
    let threads = w.threads();
    match rng.below(if threads.is_empty() { 1 } else { 6 }) {
        0 => {
            let n = w.paragraphs().len();
            if n > 0 {
                let at = rng.below(n);
                let words: Vec<String> = words_of(w, at).into_iter().filter(|s| s.starts_with('w')).collect();
                if !words.is_empty() {
                    let quote = &words[rng.below(words.len())];
                    // A proposal for the word, sometimes.
                    let mut options = caucus::workshop::CommentOptions::default();
                    if rng.chance(40) {
                        let kind = caucus::model::notes::ProposalKind::Replace;
                        options.proposal = Some(caucus::model::notes::Proposal { kind, text: word(seed, step, 7) });
                        tally.proposals += 1;
                    }
                    w.add_comment_with(quote, &format!("On {quote} (step {step})"), None, Some(at), &options)?;
                }
            }
        }
        1 => {
            let t = &threads[rng.below(threads.len())];
            w.reply(&t.id, &format!("Reply {seed}/{step}"), None)?;
        }
        2 => {
            let t = &threads[rng.below(threads.len())];
            refused_by_rights_is_fine(w.set_resolved(&t.id, rng.chance(50)).map(|_| ()))?;
        }
        3 => {
            let t = &threads[rng.below(threads.len())];
            let outcome = [OutcomeKind::Accepted, OutcomeKind::AcceptedModified, OutcomeKind::Rejected, OutcomeKind::Noted][rng.below(4)];
            tally.outcomes += 1;
            refused_by_rights_is_fine(w.record_outcome(&t.id, outcome, &format!("Observed at step {step}")).map(|_| ()))?;
        }
        _ => {
            let proposed: Vec<&caucus::model::notes::Thread> = threads.iter().filter(|t| t.proposal.is_some()).collect();
            if !proposed.is_empty() {
                let t = proposed[rng.below(proposed.len())];
                tally.applied += 1;
                match w.apply_proposal(&t.id, rng.chance(50)) {
                    // The words were changed or deleted since: the chair declines, or cannot.
                    Err(e) if e.code() == "notes.proposal_stale" || e.code() == "notes.proposal_orphaned" => {}
                    other => refused_by_rights_is_fine(other.map(|_| ()))?,
                }
            }
        }
    }
    Ok(())
}

/// The chair or the Secretariat sets a stage (a comment round with a deadline, sometimes).
fn set_stage(rng: &mut Rng, w: &Workshop) -> Result<(), caucus::Error> {
    let stage = [Stage::Drafting, Stage::CommentRound, Stage::Revision, Stage::Closed][rng.below(4)];
    let deadline = (stage == Stage::CommentRound && rng.chance(50)).then_some("2026-11-26");
    w.set_stage(stage, deadline).map(|_| ())
}

/// The roster: add a member, or remove one added earlier (none of the five devices' members).
fn edit_roster(rng: &mut Rng, w: &Workshop, step: usize) -> Result<(), caucus::Error> {
    let extras: Vec<String> =
        w.members().into_iter().filter(|m| m.name.starts_with("Extra") && m.removed.is_none()).map(|m| m.id).collect();
    if extras.is_empty() || rng.chance(70) {
        let role = [Role::Delegate, Role::Observer][rng.below(2)];
        let group = [Group::Expert, Group::Ngo, Group::ProducerCountry][rng.below(3)];
        w.add_member(NewMember { name: format!("Extra {step}"), delegation: "Chile".into(), role, group })?;
    } else {
        w.remove_member(&extras[rng.below(extras.len())])?;
    }
    Ok(())
}

/// Sets up a device the way `caucus join` does: the workshop adopted, a device key, the token.
fn join(caucus: &Caucus, token_text: &str, now: i64) -> Workshop {
    let claims = token::decode(token_text, now).expect("a valid invitation");
    let w = caucus.open_or_adopt(&claims.workshop).expect("adopt");
    let key = caucus::identity::generate(caucus.host().entropy.as_ref());
    caucus
        .store()
        .put_identity(&IdentityRecord {
            workshop: claims.workshop.clone(),
            member: claims.member.clone(),
            public_key: key.verifying_key().as_bytes().to_vec(),
            secret_key: Some(key.to_bytes().to_vec()),
        })
        .wait()
        .expect("identity");
    caucus.store().put_setting(&token::setting_key(&claims.workshop), token_text).wait().expect("token");
    w
}

/// One seed: set-up, `steps()` random operations, then everyone syncs until quiescent and is compared.
async fn run(seed: u64) -> (Tally, BTreeSet<&'static str>) {
    let mut rng = Rng(seed);
    let mut hub = Hub::start(seed).await;

    // The chair's device creates the workshop and invites the other four.
    let chair_dir = tempdir();
    let chair = Caucus::open_with(chair_dir.path(), host(seed, 0, 0)).expect("chair device");
    let cw = new_workshop(&chair, "Wildlife cybercrime");
    cw.add_paragraph(None, NewParagraph::new(ParaKind::Operative, &format!("URGES Parties {}", word(seed, 0, 0)))).expect("edit");
    let now = chair.host().clock.now().timestamp();
    let key = token::chair_signing_key(&chair, &cw).expect("store").expect("the chair's key");
    let chair_token = token::device_token(&chair, &cw, now).expect("store").expect("a self-minted token");
    let mut peers = vec![Peer {
        name: "chair",
        role: Role::Chair,
        dir: chair_dir,
        device: 0,
        incarnation: 0,
        caucus: chair,
        w: cw.clone(),
        token: chair_token,
        offline: 0,
    }];
    let invited = [
        ("secretariat", Role::Secretariat, "Secretariat", Group::Expert),
        ("delegate Kenya", Role::Delegate, "Kenya", Group::ProducerCountry),
        ("delegate Brazil", Role::Delegate, "Brazil", Group::ProducerCountry),
        ("observer", Role::Observer, "TRAFFIC", Group::Ngo),
    ];
    let mut tokens = Vec::new();
    for (name, role, delegation, group) in invited {
        let m = cw.add_member(NewMember { name: name.into(), delegation: delegation.into(), role, group }).expect("member");
        let invitation = Invitation { member: m.id, role, expires: now + 7 * 24 * 3600, relay: None, fingerprint: None };
        tokens.push(token::issue(&key, &invitation));
    }
    assert!(peers[0].sync(&hub.url, seed, "creating the workshop on the relay").await);
    for (i, ((name, role, ..), token_text)) in invited.into_iter().zip(tokens).enumerate() {
        let device = i as u64 + 1;
        let dir = tempdir();
        let caucus = Caucus::open_with(dir.path(), host(seed, device, 0)).expect("device");
        let w = join(&caucus, &token_text, now);
        let peer = Peer { name, role, dir, device, incarnation: 0, caucus, w, token: token_text, offline: 0 };
        assert!(peer.sync(&hub.url, seed, "joining").await);
        assert_eq!(peer.w.members(), cw.members(), "seed {seed}: {name} got the roster when joining");
        peers.push(peer);
    }
    // From here on the chair's device is `peers[0]` alone (a restart closes it: one owner per
    // data directory).
    let workshop_id = cw.id().to_string();
    drop(cw);

    let mut refused = BTreeSet::new();
    let mut tally = Tally::default();
    for step in 0..steps() {
        let p = rng.below(peers.len());
        let roll = rng.below(100);
        let result = match roll {
            0..=34 if peers[p].writes_draft() => {
                tally.draft += 1;
                edit_draft(&mut rng, &peers[p].w, seed, step)
            }
            0..=54 => {
                tally.notes += 1;
                edit_notes(&mut rng, &peers[p].w, seed, step, &mut tally)
            }
            55..=58 => {
                tally.stages += 1;
                let managers: Vec<usize> = (0..peers.len()).filter(|&i| peers[i].writes_roster()).collect();
                let by = managers[rng.below(managers.len())];
                set_stage(&mut rng, &peers[by].w)
            }
            59..=62 => {
                tally.roster += 1;
                let writers: Vec<usize> = (0..peers.len()).filter(|&i| peers[i].writes_roster()).collect();
                let by = writers[rng.below(writers.len())];
                edit_roster(&mut rng, &peers[by].w, step)
            }
            63..=71 => {
                peers[p].offline = 1 + rng.below(6);
                tally.partitions += 1;
                Ok(())
            }
            72..=89 => {
                if peers[p].offline == 0 {
                    tally.syncs += 1;
                    if !peers[p].sync(&hub.url, seed, &format!("step {step}")).await {
                        tally.refused_syncs += 1;
                    }
                }
                Ok(())
            }
            90..=95 => {
                let peer = peers.remove(p);
                peers.insert(p, peer.restart(seed));
                tally.restarts += 1;
                Ok(())
            }
            _ => {
                hub = hub.restart(seed).await;
                tally.relay_restarts += 1;
                Ok(())
            }
        };
        // An operation that does not fit the document (a quote no longer unique, a bracket over
        // text that moved) is refused by the model and changes nothing; anything else is a bug.
        // A stage refuses what it does not allow now (`rights.stage`), on the member's device.
        if let Err(e) = result {
            assert!(e.code().starts_with("model.") || e.code() == "rights.stage", "seed {seed} step {step}: {} failed: {e} [{}]", peers[p].name, e.code());
            refused.insert(e.code());
        }
        // Partitions heal: a peer whose time offline is up syncs.
        for peer in &mut peers {
            if peer.offline > 0 {
                peer.offline -= 1;
                if peer.offline == 0 {
                    tally.heals += 1;
                    if !peer.sync(&hub.url, seed, &format!("healing at step {step}")).await {
                        tally.refused_syncs += 1;
                    }
                }
            }
        }
    }

    // Everyone back online: rounds of syncs (each a two-way exchange with the relay) until every
    // peer holds the same state vectors — two rounds must do: the first brings the relay
    // everything, the second brings everyone the relay's.
    for peer in &mut peers {
        peer.offline = 0;
    }
    // The chair ends in drafting, after every stage change the others made (each sync brings the
    // relay a device's roster even when a stage refuses its draft or notes).
    for peer in &peers {
        peer.sync(&hub.url, seed, "bringing the relay every stage change").await;
    }
    peers[0].sync(&hub.url, seed, "the chair takes every stage change").await;
    peers[0].w.set_stage(Stage::Drafting, None).expect("the chair ends in drafting");
    let states = |peers: &[Peer]| peers.iter().map(|p| observe(&p.w).state_vectors).collect::<Vec<_>>();
    let mut rounds = 0;
    while rounds < 2 || !states(&peers).windows(2).all(|s| s[0] == s[1]) {
        assert!(rounds < 4, "seed {seed}: the peers still differ after {rounds} rounds of syncs");
        for peer in &peers {
            assert!(peer.sync(&hub.url, seed, "the final rounds").await, "seed {seed}: {} refused in drafting", peer.name);
        }
        rounds += 1;
    }
    assert_eq!(rounds, 2, "seed {seed}: two rounds of syncs should have sufficed");

    let want = observe(&peers[0].w);
    tally.paragraphs += want.view.paragraphs.len();
    tally.threads += want.threads.len();
    tally.members += want.members.len();
    for peer in &peers {
        assert_eq!(observe(&peer.w), want, "seed {seed}: {} differs from the chair", peer.name);
        assert_nothing_pending(&peer.w, peer.name, seed);
    }
    let hosted = hub.caucus.open_exact(&workshop_id).expect("the relay hosts the workshop");
    assert_eq!(observe(&hosted), want, "seed {seed}: the relay differs from the chair");
    assert_nothing_pending(&hosted, "the relay", seed);
    drop(hosted);

    // And every disk has it: the relay's store and each device's, reopened.
    let Hub { dir: relay_dir, caucus: relay_caucus, relay, .. } = hub;
    relay.stop().await;
    drop(relay_caucus);
    // Each device closed first (one owner per data directory), its directory kept.
    let peer_dirs: Vec<(&str, tempfile::TempDir)> = peers.into_iter().map(|p| (p.name, p.dir)).collect();
    let dirs: Vec<(&str, &Path)> =
        std::iter::once(("the relay", relay_dir.path())).chain(peer_dirs.iter().map(|(name, dir)| (*name, dir.path()))).collect();
    for (who, dir) in dirs {
        let reopened = Caucus::open_with(dir, host(seed, 77, 77))
            .unwrap_or_else(|e| panic!("reopen {who}: {e}"))
            .open_exact(&workshop_id)
            .expect("workshop");
        assert_eq!(observe(&reopened), want, "seed {seed}: {who}'s store, reopened, differs");
    }
    (tally, refused)
}

/// What the seeds did, summed (printed, so a run shows it exercised every kind of operation).
#[derive(Debug, Default)]
struct Tally {
    draft: usize,
    notes: usize,
    roster: usize,
    partitions: usize,
    heals: usize,
    syncs: usize,
    restarts: usize,
    relay_restarts: usize,
    stages: usize,
    proposals: usize,
    outcomes: usize,
    applied: usize,
    /// Syncs the relay refused because the stage did not allow a change (it waited).
    refused_syncs: usize,
    /// At the end, summed over seeds.
    paragraphs: usize,
    threads: usize,
    members: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.draft += o.draft;
        self.notes += o.notes;
        self.roster += o.roster;
        self.partitions += o.partitions;
        self.heals += o.heals;
        self.syncs += o.syncs;
        self.restarts += o.restarts;
        self.relay_restarts += o.relay_restarts;
        self.stages += o.stages;
        self.proposals += o.proposals;
        self.outcomes += o.outcomes;
        self.applied += o.applied;
        self.refused_syncs += o.refused_syncs;
        self.paragraphs += o.paragraphs;
        self.threads += o.threads;
        self.members += o.members;
    }
}

fn seeds() -> Vec<u64> {
    if let Ok(s) = std::env::var("CAUCUS_SEED") {
        return vec![s.trim().parse().expect("CAUCUS_SEED is a number")];
    }
    let n = std::env::var("CAUCUS_SEEDS").map(|s| s.trim().parse().expect("CAUCUS_SEEDS is a number")).unwrap_or(SEEDS);
    (1..=n).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_peers_and_a_relay_converge_through_random_edits_partitions_and_restarts() {
    let started = Instant::now();
    let mut refused = BTreeSet::new();
    let mut tally = Tally::default();
    for seed in seeds() {
        match tokio::spawn(run(seed)).await {
            Ok((t, codes)) => {
                tally.add(t);
                refused.extend(codes);
            }
            Err(e) => panic!("seed {seed} failed (replay with CAUCUS_SEED={seed}): {e}"),
        }
    }
    eprintln!("convergence: {} seeds × {} steps in {:?}: {tally:?}; refused by the model: {refused:?}", seeds().len(), steps(), started.elapsed());
}

/// An edit the acting member's rights refuse (issue #17) changed nothing: it is a valid step.
fn refused_by_rights_is_fine(r: caucus::Result<()>) -> caucus::Result<()> {
    match r {
        Err(e) if e.code().starts_with("rights.") => Ok(()),
        other => other,
    }
}
