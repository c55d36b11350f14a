//! The draft's French and Spanish versions (issue #15 §2–§4): alignment with the original, the outdated marking, the translator's rights at every endpoint, and the exports in each language read back by pdftotext.

use std::process::Command;

use caucus::cites::Lang;
use caucus::model::roster::{Group, Role};
use caucus::model::version::{Alignment, Translation, Version};
use caucus::policy::claims::Claimant;
use caucus::workshop::NewMember;
use caucus::{BracketStatus, Coded, DocName, NewParagraph, ParaKind};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact};

use crate::support::{device, new_workshop, tempdir};

/// Each operative paragraph's text and status (the workshop's title paragraph left aside).
fn statuses(w: &caucus::Workshop, lang: Lang) -> Vec<(String, Alignment)> {
    w.version_status(lang).expect("status").paragraphs.into_iter().filter(|p| p.kind == "operative").map(|p| (p.original, p.status)).collect()
}

#[test]
fn the_sample_has_a_french_version_with_one_outdated_and_one_missing_paragraph() {
    let dir = tempdir();
    let w = device(dir.path(), 151).open_sample().expect("sample");
    let fr = w.version_status(Lang::Fr).expect("the sample has a French version");
    assert_eq!((fr.outdated, fr.missing), (1, 1), "{:?}", fr.paragraphs.iter().map(|p| p.status).collect::<Vec<_>>());
    assert_eq!(fr.current, fr.paragraphs.len() - 2);
    let outdated = fr.paragraphs.iter().find(|p| p.status == Alignment::Outdated).expect("outdated");
    assert!(outdated.original.starts_with("ENCOURAGES Parties to carry out campaigns"), "{}", outdated.original);
    let inserted: String = outdated.changes.iter().filter(|c| c.kind == "inserted").map(|c| c.text.as_str()).collect();
    assert_eq!(inserted.trim(), "carry out campaigns to reduce demand for, and", "the word diff shows what the proposal changed");
    let missing = fr.paragraphs.iter().find(|p| p.status == Alignment::Missing).expect("missing");
    assert_eq!(missing.number.as_deref(), Some("ii)"));
    assert_eq!(w.version_status(Lang::Es).expect_err("no Spanish version").code(), "lang.not_added");
}

/// The three operative paragraphs both alignment tests start from (after the title paragraph).
const ORIGINAL: [&str; 3] = ["URGES Parties to act;", "INVITES companies to help and to report;", "DIRECTS the Secretariat to report;"];

/// Their French translations, at positions 1 to 3 (0-based: after the workshop's title paragraph).
const FRENCH: [(usize, &str); 3] = [(1, "PRIE INSTAMMENT les Parties d'agir;"), (2, "INVITE les entreprises à aider et à signaler;"), (3, "CHARGE le Secrétariat de faire rapport;")];

/// What the chair does to the original meanwhile: paragraph 3 moves up, paragraph 2 is split in
/// two, paragraph 1 is deleted.
fn move_split_and_delete(w: &caucus::Workshop) {
    w.move_paragraph(3, 1).expect("move");
    let split = w.paragraphs().iter().position(|p| p.para.text().starts_with("INVITES")).expect("invites");
    w.set_text(split, "INVITES companies to help;").expect("first half");
    w.add_paragraph(Some(split + 1), NewParagraph::new(ParaKind::Operative, "INVITES companies to report;")).expect("second half");
    let urges = w.paragraphs().iter().position(|p| p.para.text().starts_with("URGES")).expect("urges");
    w.delete_paragraph(urges).expect("delete");
}

#[test]
fn a_translation_follows_its_paragraph_when_the_original_moves_splits_or_loses_it() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 152), "Wildlife cybercrime");
    for text in ORIGINAL {
        w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, text)).expect("add");
    }
    w.add_language(Lang::Fr).expect("add French");
    for (n, text) in FRENCH {
        assert_eq!(w.translate(Lang::Fr, n, text).expect("translate").status, Alignment::Current);
    }
    // While the translator's work stands, the original changes.
    move_split_and_delete(&w);

    let got = statuses(&w, Lang::Fr);
    let expect = |text: &str, status| (text.to_string(), status);
    assert_eq!(
        got,
        vec![
            expect("DIRECTS the Secretariat to report;", Alignment::Current),
            expect("INVITES companies to help;", Alignment::Outdated),
            expect("INVITES companies to report;", Alignment::Missing),
        ],
        "a moved paragraph keeps its translation; a split leaves the first half outdated and the second missing"
    );
    let status = w.version_status(Lang::Fr).expect("status");
    assert_eq!(status.orphans.len(), 1, "the deleted paragraph's translation is kept and listed");
    assert!(status.orphans[0].text.starts_with("PRIE INSTAMMENT"));
    let md = String::from_utf8(w.export(&caucus::export::ExportOptions { lang: Some(Lang::Fr), ..caucus::export::ExportOptions::new(caucus::export::Format::Md) }).expect("export")).expect("utf-8");
    assert!(!md.contains("PRIE INSTAMMENT"), "an orphan is never exported:\n{md}");
    assert!(md.contains("(traduction à mettre à jour)") && md.contains("(traduction manquante)"), "{md}");
    assert!(!md.contains("INVITES companies"), "never the English in place of a translation:\n{md}");
}

/// The same, across two devices: the translator works offline on their copy while the chair
/// moves, splits and deletes paragraphs of the original; their changes meet through signed bundles
/// (a translator's bundle carries the versions and the notes, nothing else) and both devices read
/// the same alignment.
/// The chair's device (`a`, workshop `wa`) with ORIGINAL, its French version and a translator, and
/// the translator's device (`b`, `wb`), which adopted the workshop from the chair's bundle.
struct ChairAndTranslator {
    a: caucus::Caucus,
    wa: caucus::Workshop,
    b: caucus::Caucus,
    wb: caucus::Workshop,
    translator: String,
}

fn chair_and_translator(da: &std::path::Path, db: &std::path::Path, seeds: (u64, u64)) -> ChairAndTranslator {
    use caucus::bundle::{self, ImportOptions};
    use caucus::store::IdentityRecord;
    let a = device(da, seeds.0);
    let wa = new_workshop(&a, "Wildlife cybercrime");
    for text in ORIGINAL {
        wa.add_paragraph(None, NewParagraph::new(ParaKind::Operative, text)).expect("add");
    }
    wa.add_language(Lang::Fr).expect("add French");
    let translator = wa.add_member(NewMember { name: "Tra".into(), delegation: "CITES Secretariat".into(), role: Role::Translator, group: Group::Secretariat }).expect("translator").id;
    let full = bundle::export(&wa, None).expect("export");
    let b = device(db, seeds.1);
    bundle::import_with(&b, &full.bytes, ImportOptions { adopt: true }).expect("the translator's device adopts the workshop");
    b.store()
        .put_identity(&IdentityRecord { workshop: wa.id().to_string(), member: translator.clone(), public_key: Vec::new(), secret_key: None })
        .wait()
        .expect("identity");
    let wb = b.open_exact(wa.id()).expect("open");
    ChairAndTranslator { a, wa, b, wb, translator }
}

#[test]
fn concurrent_moves_splits_and_deletions_in_the_original_meet_an_offline_translation_on_both_devices() {
    use caucus::bundle;
    let (da, db) = (tempdir(), tempdir());
    let ChairAndTranslator { a, wa, b, wb, translator } = chair_and_translator(da.path(), db.path(), (156, 157));

    // Offline, on the translator's device.
    for (n, text) in FRENCH {
        wb.translate(Lang::Fr, n, text).expect("translate");
    }
    assert_eq!(wb.set_text(1, "URGES Parties to act now;").expect_err("the translator may not edit the original").code(), "rights.not_permitted");
    // Meanwhile, on the chair's device.
    move_split_and_delete(&wa);

    let from_translator = bundle::export(&wb, None).expect("the translator's bundle");
    let report = bundle::import(&a, &from_translator.bytes).expect("the chair takes the translations");
    assert!(report.changed.iter().any(|d| d == "version-fr"), "{:?}", report.changed);
    bundle::import(&b, &bundle::export(&wa, None).expect("the chair's bundle").bytes).expect("the translator takes the original's changes");

    let expected = vec![
        ("DIRECTS the Secretariat to report;".to_string(), Alignment::Current),
        ("INVITES companies to help;".to_string(), Alignment::Outdated),
        ("INVITES companies to report;".to_string(), Alignment::Missing),
    ];
    assert_eq!(statuses(&wa, Lang::Fr), expected, "on the chair's device");
    assert_eq!(statuses(&wb, Lang::Fr), expected, "on the translator's device");
    for w in [&wa, &wb] {
        let orphans = w.version_status(Lang::Fr).expect("status").orphans;
        assert_eq!(orphans.len(), 1, "the deleted paragraph's translation is kept on both");
        assert_eq!(orphans[0].by, translator, "and is the translator's");
    }
}

/// Two members add the French version while apart: each device takes the other's addition, in
/// either order, and both keep the same record (Yjs picks one), so no peer refuses what another
/// took.
#[test]
fn the_same_version_added_on_two_devices_while_apart_converges() {
    use caucus::bundle::{self, ImportOptions};
    use caucus::store::IdentityRecord;
    let (da, db) = (tempdir(), tempdir());
    let a = device(da.path(), 158);
    let wa = new_workshop(&a, "Wildlife cybercrime");
    let translator = wa.add_member(NewMember { name: "Tra".into(), delegation: "CITES Secretariat".into(), role: Role::Translator, group: Group::Secretariat }).expect("translator").id;
    let b = device(db.path(), 159);
    bundle::import_with(&b, &bundle::export(&wa, None).expect("export").bytes, ImportOptions { adopt: true }).expect("adopt");
    b.store()
        .put_identity(&IdentityRecord { workshop: wa.id().to_string(), member: translator.clone(), public_key: Vec::new(), secret_key: None })
        .wait()
        .expect("identity");
    let wb = b.open_exact(wa.id()).expect("open");
    wa.add_language(Lang::Fr).expect("the chair adds French");
    wb.add_language(Lang::Fr).expect("the translator adds French too");
    let from_a = bundle::export(&wa, None).expect("the chair's bundle");
    let from_b = bundle::export(&wb, None).expect("the translator's bundle");
    bundle::import(&a, &from_b.bytes).expect("the chair takes the translator's addition");
    bundle::import(&b, &from_a.bytes).expect("the translator takes the chair's");
    let (la, lb) = (wa.languages(), wb.languages());
    assert_eq!(la.len(), 1);
    assert_eq!(la[0].1, lb[0].1, "both devices keep the same record of the addition");
}

#[test]
fn a_bracket_status_change_in_the_original_marks_the_translation_outdated_and_brackets_stay_tied() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 153), "Wildlife cybercrime");
    w.import("1. URGES Parties to adopt [mandatory] measures;\n".as_bytes()).expect("import");
    let n = w.paragraphs().iter().position(|p| p.para.text().contains("mandatory")).expect("bracketed");
    w.add_language(Lang::Es).expect("add Spanish");
    assert_eq!(
        w.translate(Lang::Es, n, "INSTA a las Partes a adoptar medidas obligatorias;").expect_err("the bracket is left out").code(),
        "lang.brackets_mismatch"
    );
    assert_eq!(w.translate(Lang::Es, n, "INSTA a las Partes a adoptar [medidas [obligatorias]];").expect_err("nested").code(), "lang.unbalanced_brackets");
    assert_eq!(w.translate(Lang::Es, n, "INSTA a las Partes a adoptar medidas [obligatorias];").expect("translate").status, Alignment::Current);
    let (id, info) = w.view().expect("view").brackets.into_iter().next().expect("a bracket");
    w.set_bracket(&id, &caucus::BracketInfo { status: BracketStatus::Agreed, ..info }).expect("agree");
    let status = w.version_status(Lang::Es).expect("status");
    let p = &status.paragraphs[n];
    assert_eq!((p.status, p.brackets_changed, p.changes.len()), (Alignment::Outdated, true, 0), "{p:?}");
    // The version's bracket is the original's: agreed in English is agreed in Spanish.
    let view = w.version_view(Lang::Es).expect("view");
    let span = view.paragraphs[n].para.spans.iter().find(|s| s.text == "obligatorias").expect("the bracketed words");
    assert_eq!(span.marks.bracket.as_deref(), Some(id.as_str()));
    assert_eq!(view.brackets.get(&id).map(|b| b.status), Some(BracketStatus::Agreed));
}

#[test]
fn a_file_aligned_by_numbering_imports_and_reports_what_it_could_not_align() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 154), "Wildlife cybercrime");
    w.import("RECALLING Decision 17.C;\n\nTHE CONFERENCE OF THE PARTIES TO THE CONVENTION\n\n1. URGES Parties to:\n\n   a) act;\n\n   b) report;\n\n2. DIRECTS the Secretariat to help.\n".as_bytes()).expect("import");
    w.add_language(Lang::Fr).expect("add");
    let file = "PP1 RAPPELANT la décision 17.C;\n\n1. PRIE INSTAMMENT les Parties :\n\na) d'agir;\n\n7. n'existe pas;\n\n2. CHARGE le Secrétariat\nd'aider.\n";
    let report = w.import_version(Lang::Fr, file).expect("import");
    assert_eq!(report.translated, 4, "{report:?}");
    assert_eq!(report.unaligned.len(), 1, "{report:?}");
    assert_eq!(report.unaligned[0].line, 7);
    let b = w.paragraphs().iter().position(|p| p.para.text() == "report;").expect("b)") + 1;
    assert_eq!(report.untranslated, vec![b], "b) is reported untranslated");
    let fr = w.version_status(Lang::Fr).expect("status");
    let last = fr.paragraphs.last().and_then(|p| p.translation.clone()).expect("2. translated");
    assert_eq!(last.text, "CHARGE le Secrétariat d'aider.", "a block's lines are one paragraph, its number left out");
    let again = w.import_version(Lang::Fr, file).expect("again");
    assert_eq!((again.translated, again.unchanged), (0, 4), "importing the same file changes nothing");
}

/// A member's copy of a version document with one translation written by `by` under a fresh
/// client: the update an unmodified Yjs client would send.
fn translation_update(w: &caucus::Workshop, doc: DocName, client: u64, paragraph: &str, by: &str) -> Vec<u8> {
    let copy = yrs::Doc::with_client_id(client);
    let state = yrs::Update::decode_v1(&w.encode_state(doc)).expect("decode");
    copy.transact_mut().apply_update(state).expect("apply");
    let version = Version::new(&copy);
    let before = copy.transact().state_vector();
    let t = Translation { paragraph: paragraph.into(), text: "texte".into(), by: by.into(), at: "2026-12-03T10:00:00Z".into(), ..Translation::default() };
    version.set(&mut copy.transact_mut(), &t);
    let update = copy.transact().encode_state_as_update_v1(&before);
    update
}

#[test]
fn a_translator_writes_the_versions_only_and_as_themselves() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 155), "Wildlife cybercrime");
    let p = w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "URGES Parties to act;")).expect("add");
    w.add_language(Lang::Fr).expect("add");
    let member = |name: &str, role| w.add_member(NewMember { name: name.into(), delegation: "X".into(), role, group: Group::Expert }).expect("member").id;
    let translator = member("Tra", Role::Translator);
    let delegate = member("Del", Role::Delegate);
    let as_translator = Claimant::member(translator.clone(), Role::Translator);
    let check = |doc, update: &[u8], claimant: &Claimant| caucus::policy::check(&w, doc, &[update], claimant).map_err(|e| e.code());

    assert_eq!(check(DocName::VersionFr, &translation_update(&w, DocName::VersionFr, 901, &p.id, &translator), &as_translator), Ok(()));
    assert_eq!(
        check(DocName::VersionFr, &translation_update(&w, DocName::VersionFr, 902, &p.id, &delegate), &as_translator),
        Err("rights.not_author"),
        "no one writes as another"
    );
    assert_eq!(
        check(DocName::VersionFr, &translation_update(&w, DocName::VersionFr, 903, &p.id, &delegate), &Claimant::member(delegate.clone(), Role::Delegate)),
        Err("rights.not_permitted"),
        "a delegate's write to a version is refused"
    );
    // The version's header lines are the translator's to set; its language is the document's, and
    // who added it is its writer.
    let meta_update = |client: u64, key: &str, value: &str| {
        let copy = yrs::Doc::with_client_id(client);
        copy.transact_mut().apply_update(yrs::Update::decode_v1(&w.encode_state(DocName::VersionFr)).expect("decode")).expect("apply");
        let before = copy.transact().state_vector();
        let version = Version::new(&copy);
        yrs::Map::insert(&version.meta, &mut copy.transact_mut(), key, value);
        let update = copy.transact().encode_state_as_update_v1(&before);
        update
    };
    assert_eq!(check(DocName::VersionFr, &meta_update(906, "meeting", "Dix-huitième session"), &as_translator), Ok(()));
    assert_eq!(check(DocName::VersionFr, &meta_update(907, "addedBy", &delegate), &as_translator), Err("rights.not_author"));
    assert_eq!(check(DocName::VersionFr, &meta_update(909, "lang", "es"), &as_translator), Err("rights.malformed"));
    assert_eq!(check(DocName::VersionFr, &meta_update(908, "colour", "red"), &as_translator), Err("rights.malformed"));
    // The translator's write to the original is refused whole by every endpoint's access rule
    // (a relay's connection, a bundle, the app's pipe: `auth::the_role_document_message_matrix…`).
    let permissions = caucus::policy::Permissions::for_role(Role::Translator);
    assert_eq!(
        (permissions.access(DocName::Draft), permissions.access(DocName::VersionEs)),
        (caucus::policy::Access::Read, caucus::policy::Access::Write)
    );
}

fn caucus_run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caucus")).args(args).env("CAUCUS_DATA_DIR", dir).output().expect("run caucus")
}

fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = caucus_run(dir, args);
    assert!(out.status.success(), "caucus {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_translator_translates_offline_and_the_chair_receives_it_through_a_real_relay() {
    let (chair_dir, translator_dir) = (tempdir(), tempdir());
    let (c, t) = (chair_dir.path(), translator_dir.path());
    let id = ok(c, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    ok(c, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    ok(c, &["lang", "add", &id, "fr"]);
    let translator = ok(c, &["member", "add", &id, "--name", "Tra", "--delegation", "CITES Secretariat", "--role", "translator", "--group", "secretariat"]).trim().to_string();
    let port = crate::auth::free_port();
    let relay = format!("ws://127.0.0.1:{port}");
    let token = ok(c, &["invite", &id, "--member", &translator, "--expires", "3", "--relay", &relay]).trim().to_string();
    let serve = crate::auth::serve_with(c, port, &[]);
    ok(t, &["join", &token]);
    // The translator may not touch the original, on their own device first.
    let refused = caucus_run(t, &["--json", "para", "set", &id, "2", "--text", "URGES Parties to act now;"]);
    assert!(!refused.status.success());
    assert_eq!(crate::auth::json_error_code(&refused), "rights.not_permitted");
    // Begun from a translation that is not the one stored (here there is none yet): refused.
    let stale = caucus_run(t, &["--json", "lang", "set", &id, "2", "--lang", "fr", "--text", "PRIE les Parties d'agir;", "--replaces", "PRIE les Parties;"]);
    assert!(!stale.status.success());
    assert_eq!(crate::auth::json_error_code(&stale), "lang.changed_since");
    ok(t, &["lang", "set", &id, "2", "--lang", "fr", "--text", "PRIE INSTAMMENT les Parties d'agir;", "--replaces", ""]);
    ok(t, &["sync", &id, "--to", &relay]);
    // The relay serves the chair's data directory: what it acknowledged is on the chair's disk.
    drop(serve);
    let status = ok(c, &["--json", "lang", "status", &id, "--lang", "fr"]);
    let v: serde_json::Value = serde_json::from_str(&status).expect("json");
    let para = &v[0]["paragraphs"][1];
    assert_eq!(para["status"], "current", "{status}");
    assert_eq!(para["translation"]["text"], "PRIE INSTAMMENT les Parties d'agir;");
    assert_eq!(para["translation"]["by"], translator.as_str(), "written as the translator");
    // The original changes: the chair sees the translation outdated.
    ok(c, &["para", "set", &id, "2", "--text", "URGES Parties to act swiftly;"]);
    let status = ok(c, &["lang", "status", &id, "--lang", "fr"]);
    assert!(status.contains("outdated") && status.contains("{+act swiftly;+}"), "{status}");
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempdir();
    let file = dir.path().join("x.pdf");
    std::fs::write(&file, pdf).expect("write");
    let out = Command::new("pdftotext").arg("-layout").arg(&file).arg("-").output().expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_french_and_spanish_exports_carry_cites_fixed_lines_and_mark_what_is_not_translated() {
    let fr = pdftotext(&crate::export_pdf::cli_export_of_the_sample("pdf", &["--lang", "fr"]));
    for line in [
        "Langue originale : anglais",
        "CONVENTION SUR LE COMMERCE INTERNATIONAL DES ESPÈCES",
        "DE FAUNE ET DE FLORE SAUVAGES MENACÉES D'EXTINCTION",
        "LA CONFÉRENCE DES PARTIES À LA CONVENTION",
        "(traduction manquante)",
        "(traduction à mettre à jour)",
        "PRIE INSTAMMENT les Parties :",
        "[y compris au moyen d'obligations de signalement obligatoires]",
        "Dix-huitième session de la Conférence des Parties",
        "CoP18 Doc. 79.1 Annexe",
    ] {
        assert!(fr.contains(line), "the French PDF lacks {line:?}:\n{fr}");
    }
    assert!(!fr.contains("ENCOURAGES") && !fr.contains("collection, preservation"), "no English in place of a translation:\n{fr}");
    let numbers: Vec<&str> = ["1.", "a)", "b)", "i)", "ii)", "c)", "d)", "2.", "6."].into_iter().filter(|n| !fr.contains(n)).collect();
    assert!(numbers.is_empty(), "the original's numbering: {numbers:?} missing");

    // Spanish: nothing translated yet, every paragraph marked, the fixed lines in Spanish.
    let dir = tempdir();
    let d = dir.path();
    let demo = ok(d, &["demo"]);
    let ws = demo.lines().next().and_then(|l| l.strip_prefix("Sample workshop ")).map(str::trim).expect("id").to_string();
    ok(d, &["lang", "add", &ws, "es"]);
    ok(d, &["lang", "set", &ws, "1", "--lang", "es", "--text", "PROYECTO DE RESOLUCIÓN SOBRE LA LUCHA CONTRA LA CIBERDELINCUENCIA RELACIONADA CON LA VIDA SILVESTRE"]);
    let file = d.join("es.pdf");
    ok(d, &["export", &ws, "--format", "pdf", "--lang", "es", "-o", &file.to_string_lossy()]);
    let es = pdftotext(&std::fs::read(&file).expect("read"));
    for line in [
        "Idioma original: inglés",
        "CONVENCIÓN SOBRE EL COMERCIO INTERNACIONAL DE ESPECIES",
        "AMENAZADAS DE FAUNA Y FLORA SILVESTRES",
        "LA CONFERENCIA DE LAS PARTES EN LA CONVENCIÓN",
        "PROYECTO DE RESOLUCIÓN SOBRE LA LUCHA",
        "(traducción pendiente)",
    ] {
        assert!(es.contains(line), "the Spanish PDF lacks {line:?}:\n{es}");
    }
    // Akoma Ntoso: the version's language in its FRBR expression.
    let akn = String::from_utf8(crate::export_pdf::cli_export_of_the_sample("akn", &["--lang", "fr"])).expect("utf-8");
    assert!(akn.contains("<FRBRlanguage language=\"fra\"/>"), "{}", &akn[..akn.len().min(3000)]);
    let html = String::from_utf8(crate::export_pdf::cli_export_of_the_sample("html", &["--lang", "fr"])).expect("utf-8");
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Langue originale : anglais"));
    let refused = caucus_run(d, &["--json", "export", &ws, "--format", "md", "--lang", "fr", "--since", "Draft sent for comments"]);
    assert!(!refused.status.success(), "revision marks are the original's");
}

/// Two who revise the same paragraph's translation: the one who saves second, having begun from
/// the earlier text, is told it changed (by whom) and nothing of theirs is written; saving again
/// from the text as it is now replaces it. A first translation is checked the same way ("" for none).
#[test]
fn a_revision_begun_from_an_older_translation_is_refused_and_nothing_is_overwritten_unseen() {
    use caucus::bundle;
    let (da, db) = (tempdir(), tempdir());
    let ChairAndTranslator { a, wa, b, wb, translator } = chair_and_translator(da.path(), db.path(), (161, 162));
    let para = wa.paragraphs()[1].para.id.clone();
    let first = "PRIE INSTAMMENT les Parties d'agir;";
    wa.revise_paragraph(Lang::Fr, &para, first, "").expect("a first translation where there was none");
    bundle::import(&b, &bundle::export(&wa, None).expect("the chair's bundle").bytes).expect("the translator takes it");

    // Both begin from the first translation; the translator saves first, the chair's save arrives.
    let theirs = "PRIE INSTAMMENT toutes les Parties d'agir;";
    wb.revise_paragraph(Lang::Fr, &para, theirs, first).expect("the translator's revision");
    bundle::import(&a, &bundle::export(&wb, None).expect("the translator's bundle").bytes).expect("the chair takes it");
    let mine = "PRIE les Parties d'agir sans délai;";
    let err = wa.revise_paragraph(Lang::Fr, &para, mine, first).expect_err("begun from the older text");
    assert_eq!(err.code(), "lang.changed_since");
    assert!(err.to_string().contains(&translator), "says who changed it: {err}");
    let now = |w: &caucus::Workshop| w.version_status(Lang::Fr).expect("status").paragraphs.into_iter().find(|p| p.paragraph == para).and_then(|p| p.translation).map(|t| t.text);
    assert_eq!(now(&wa).as_deref(), Some(theirs), "nothing of the refused revision was written");
    // Read, and saved again from the text as it is now: it replaces theirs.
    wa.revise_paragraph(Lang::Fr, &para, mine, theirs).expect("saved over what was read");
    assert_eq!(now(&wa).as_deref(), Some(mine));
    // A first translation begun where there was none, after one was saved meanwhile: refused too.
    let other = wa.paragraphs()[2].para.id.clone();
    wb.translate_paragraph(Lang::Fr, &other, "INVITE les entreprises à aider et à signaler;").expect("the translator's");
    bundle::import(&a, &bundle::export(&wb, None).expect("bundle").bytes).expect("the chair takes it");
    assert_eq!(wa.revise_paragraph(Lang::Fr, &other, "INVITE les sociétés à aider;", "").expect_err("one exists now").code(), "lang.changed_since");
}
