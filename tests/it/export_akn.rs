//! Akoma Ntoso export: well-formed XML in the AKN 3.0 namespace, the statement's structure for the sample resolution and the fixture's decisions, revisions, escaping, schema validation, snapshots.

use caucus::export::akn;

use crate::export_pdf::{fixture_doc, sample_doc};

#[test]
#[ignore]
fn preview() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/akn-preview");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("sample.xml"), akn::render(&sample_doc())).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("fixture.xml"), akn::render(&fixture_doc())).unwrap_or_else(|e| panic!("{e}"));
}
