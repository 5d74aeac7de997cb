//! Any journal lines after a valid header, beside a small document: loading gives a document or
//! an error, never a panic; a document that loads saves (removing the journal) and loads back
//! as the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workbench::store::{Document, hash_source, journal_path};

/// A three-segment document, one segment translated, as this build writes it.
const BASE: &str = "# workbench translation document (schema version 1)
version: 1
meta:
  name: j
  source_path: seeds/j.txt
  source_lang: ar
  target_lang: en
  source_hash: sha256:00
revisions:
- number: 1
  time: 2026-01-01T00:00:00Z
  action: translate stub
  changed: 1
segments:
- id: 1
  range:
  - 0
  - 10
  source: جملة أولى.
  target: A first sentence.
  state: draft
  revision: 1
- id: 2
  range:
  - 11
  - 20
  source: جملة ثانية.
  target: ''
  state: new
  revision: 0
- id: 3
  range:
  - 21
  - 30
  source: جملة ثالثة.
  target: ''
  state: new
  revision: 0
";

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc_path = dir.path().join("j.yaml");
    std::fs::write(&doc_path, BASE).expect("write the document");
    let mut journal = format!(
        "{{\"journal\":1,\"base\":\"{}\"}}\n",
        hash_source(BASE.as_bytes())
    )
    .into_bytes();
    journal.extend_from_slice(data);
    std::fs::write(journal_path(&doc_path), &journal).expect("write the journal");
    if let Ok(doc) = Document::load(&doc_path) {
        doc.save(&doc_path).expect("save");
        assert!(!journal_path(&doc_path).exists(), "the save left the journal");
        let again = Document::load(&doc_path).expect("load what was saved");
        assert_eq!(again, doc);
    }
});
