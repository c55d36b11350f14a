//! The device store: reopening, compaction, damaged rows, migrations and integrity checks.

use caucus::Coded;
use caucus::store::{StoreError, DATABASE_FILE};
use caucus::workshop::COMPACT_AFTER_ROWS;
use caucus::{Caucus, DocName, Error, NewParagraph, ParaKind};

use crate::support::{device, new_workshop, outline, tempdir};

#[test]
fn closing_and_reopening_gives_byte_identical_documents() {
    let dir = tempdir();
    let (id, before) = {
        let caucus = device(dir.path(), 21);
        let w = caucus.open_sample().expect("sample");
        let states: Vec<Vec<u8>> = DocName::ALL.iter().map(|d| w.encode_state(*d)).collect();
        (w.id().to_string(), states)
    };
    let caucus = device(dir.path(), 22);
    let w = caucus.open_workshop(&id).expect("reopen");
    for (doc, before) in DocName::ALL.iter().zip(before) {
        let after = w.encode_state(*doc);
        // Compared as a digest: a failing diff of kilobytes of bytes helps nobody.
        assert!(before == after, "{doc} differs after reopening: {} bytes before, {} after", before.len(), after.len());
    }
}

#[test]
fn a_long_log_is_compacted_into_a_snapshot_and_nothing_is_lost() {
    let dir = tempdir();
    let (id, expected) = {
        let caucus = device(dir.path(), 23);
        let w = new_workshop(&caucus, "Compaction");
        w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "URGES")).expect("add");
        for i in 0..(COMPACT_AFTER_ROWS + 100) {
            w.set_text(1, &format!("URGES Parties {i}")).expect("edit");
        }
        let (rows, _) = caucus.store().room_stats(w.id(), DocName::Draft).expect("stats");
        assert!(rows <= COMPACT_AFTER_ROWS, "{rows} rows after compaction");
        (w.id().to_string(), outline(&w))
    };
    let caucus = device(dir.path(), 24);
    let w = caucus.open_workshop(&id).expect("reopen");
    assert_eq!(outline(&w), expected);
    assert_eq!(expected[1], format!("1. URGES Parties {}", COMPACT_AFTER_ROWS + 99));
}

fn raw(dir: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(DATABASE_FILE)).expect("open the database directly")
}

#[test]
fn a_damaged_row_is_reported_with_its_workshop_and_document() {
    let dir = tempdir();
    let id = {
        let caucus = device(dir.path(), 25);
        caucus.open_sample().expect("sample").id().to_string()
    };
    let seq: i64 = raw(dir.path())
        .query_row("SELECT max(u.seq) FROM updates u JOIN rooms r ON r.id = u.room WHERE r.doc = 'notes'", [], |r| {
            r.get(0)
        })
        .expect("a notes row");
    raw(dir.path())
        .execute("UPDATE updates SET data = substr(data, 1, length(data) - 1) WHERE seq = ?1", [seq])
        .expect("damage it");
    let caucus = device(dir.path(), 26);
    let err = caucus.open_workshop(&id).err().expect("refused");
    match &err {
        Error::Store(StoreError::DamagedRow { workshop, doc, seq: s, .. }) => {
            assert_eq!(workshop, &id);
            assert_eq!(doc, "notes");
            assert_eq!(*s, seq);
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(err.to_string().contains(&id) && err.to_string().contains("notes"), "{err}");
    assert_eq!(err.code(), "store.damaged_row");
}

#[test]
fn a_row_with_a_valid_checksum_but_undecodable_bytes_is_reported_not_skipped() {
    let dir = tempdir();
    let id = {
        let caucus = device(dir.path(), 27);
        new_workshop(&caucus, "Garbage").id().to_string()
    };
    // Forge a row whose checksum matches garbage: only a bug or a hand edit could do this.
    let garbage = vec![0xffu8; 16];
    {
        let caucus = device(dir.path(), 28);
        let w = caucus.open_workshop(&id).expect("open");
        let _ = w;
        caucus.store().append(&id, DocName::Draft, garbage).wait().expect("append");
    }
    let caucus = device(dir.path(), 29);
    let err = caucus.open_workshop(&id).err().expect("refused");
    assert_eq!(err.code(), "store.damaged_document", "{err}");
    assert!(err.to_string().contains("draft"));
}

#[test]
fn a_database_from_a_newer_version_is_refused_with_a_clear_error() {
    let dir = tempdir();
    drop(device(dir.path(), 30));
    raw(dir.path()).pragma_update(None, "user_version", 999).expect("bump");
    let err = Caucus::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "store.too_new");
    assert!(err.to_string().contains("newer Caucus"));
}

#[test]
fn a_file_that_is_not_a_database_gives_an_error_not_a_panic() {
    let dir = tempdir();
    std::fs::write(dir.path().join(DATABASE_FILE), vec![0x5au8; 8192]).expect("write garbage");
    let err = Caucus::open(dir.path()).err().expect("refused");
    assert!(err.code().starts_with("store."), "{}", err.code());
}

#[test]
fn the_integrity_check_passes_on_a_fresh_store() {
    let dir = tempdir();
    let caucus = device(dir.path(), 31);
    caucus.open_sample().expect("sample");
    caucus.store().integrity_check().expect("quick_check ok");
}

#[test]
fn compaction_gives_freed_pages_back_to_the_file_system() {
    let dir = tempdir();
    let caucus = device(dir.path(), 32);
    let w = new_workshop(&caucus, "Vacuum");
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "URGES")).expect("add");
    let long = "x".repeat(2000);
    // Exactly up to a compaction: the log of large rewrites is replaced by one snapshot.
    let (rows, _) = caucus.store().room_stats(w.id(), DocName::Draft).expect("stats");
    for i in 0..(COMPACT_AFTER_ROWS + 1 - rows) {
        w.set_text(1, &format!("URGES {i} {}", if i % 2 == 0 { long.as_str() } else { "" })).expect("edit");
    }
    drop(w);
    drop(caucus); // the writer finishes the queued compaction
    let db = raw(dir.path());
    let auto_vacuum: i64 = db.query_row("PRAGMA auto_vacuum", [], |r| r.get(0)).expect("pragma");
    assert_eq!(auto_vacuum, 2, "new databases reclaim pages incrementally");
    let free: i64 = db.query_row("PRAGMA freelist_count", [], |r| r.get(0)).expect("pragma");
    let pages: i64 = db.query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pragma");
    assert!(free * 10 < pages, "{free} of {pages} pages are free after compaction");
}

#[test]
fn a_database_from_before_integer_room_ids_migrates_with_every_row() {
    // A device store as version 2 of the schema wrote it, filled with the sample's documents.
    let source = tempdir();
    let (id, identity, states) = {
        let caucus = device(source.path(), 33);
        let w = caucus.open_sample().expect("sample");
        let identity = caucus.store().identity(w.id()).expect("read").expect("identity");
        let states: Vec<Vec<u8>> = DocName::ALL.iter().map(|d| w.encode_state(*d)).collect();
        (w.id().to_string(), identity, states)
    };
    let old = tempdir();
    {
        let db = raw(old.path());
        db.execute_batch(include_str!("../../src/store/migrations/0001_initial.sql")).expect("v1");
        db.execute_batch(include_str!("../../src/store/migrations/0002_milestones.sql")).expect("v2");
        db.pragma_update(None, "user_version", 2).expect("version");
        db.execute("INSERT INTO workshops (id, title, created) VALUES (?1, 'Sample', '2026-11-27T12:00:00Z')", [&id])
            .expect("workshop");
        db.execute(
            "INSERT INTO identities (workshop_id, member_id, public_key, secret_key) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, identity.member, identity.public_key, identity.secret_key],
        )
        .expect("identity");
        for (doc, state) in DocName::ALL.iter().zip(&states) {
            let digest = <sha2::Sha256 as sha2::Digest>::digest(state);
            let sum = i64::from_le_bytes(digest[..8].try_into().expect("8 bytes"));
            db.execute(
                "INSERT INTO updates (workshop_id, doc, snapshot, data, checksum) VALUES (?1, ?2, 1, ?3, ?4)",
                rusqlite::params![id, doc.as_str(), state, sum],
            )
            .expect("row");
        }
    }
    let caucus = device(old.path(), 34);
    let w = caucus.open_workshop(&id).expect("the migrated store opens the workshop");
    for (doc, state) in DocName::ALL.iter().zip(&states) {
        assert!(&w.encode_state(*doc) == state, "{doc} changed in the migration");
    }
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "NOTES the migration;")).expect("and saves");
    drop(w);
    drop(caucus);
    let version: i64 = raw(old.path()).query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!(version, 3);
}
