use std::path::Path;

use super::*;
use crate::fs::{remove_stale_temps, write_atomic};

fn meta() -> Meta {
    Meta {
        name: "doc".into(),
        source_path: "seeds/doc.txt".into(),
        source_lang: "ar".into(),
        target_lang: "en".into(),
        source_hash: hash_source(b"x"),
        target_path: None,
        format: None,
        paragraphs: None,
    }
}

fn split(texts: &[&str]) -> Vec<SplitSegment> {
    SplitSegment::lines_for_tests(texts)
}

#[test]
fn round_trip_is_stable() {
    let mut doc = Document::new(meta(), &split(&["أ", "ب"]));
    doc.segments[0].set("A".into(), State::Draft, None, 1);
    doc.record_revision(1, "2026-01-01T00:00:00Z", "translate stub", 1);
    let yaml = doc.to_yaml().unwrap();
    let back = Document::parse(&yaml, Path::new("t.yaml")).unwrap();
    assert_eq!(back, doc);
    assert_eq!(back.to_yaml().unwrap(), yaml);
}

#[test]
fn set_keeps_history_and_target_at() {
    let mut doc = Document::new(meta(), &split(&["أ"]));
    let s = &mut doc.segments[0];
    assert!(s.set("one".into(), State::Draft, None, 1));
    assert!(s.set("two".into(), State::Translated, None, 2));
    assert!(!s.set("two".into(), State::Translated, None, 3));
    assert_eq!(s.target_at(0), "");
    assert_eq!(s.target_at(1), "one");
    assert_eq!(s.target_at(2), "two");
    assert_eq!(s.state_at(1), State::Draft);
    assert_eq!(s.history.len(), 1);
}

#[test]
fn resplit_keeps_ids_and_protects_human_targets() {
    let mut doc = Document::new(meta(), &split(&["a", "b", "c"]));
    doc.segments[0].set("A".into(), State::Draft, None, 1);
    doc.segments[1].set("B".into(), State::Reviewed, None, 1);
    doc.segments[2].set("C".into(), State::Draft, None, 1);
    let report = doc.resplit(&split(&["a", "b2", "c", "d"]), 2);
    assert_eq!(report.added, 1);
    assert_eq!(report.changed, 1);
    let ids: Vec<u64> = doc.segments.iter().map(|s| s.id).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    let b = &doc.segments[1];
    assert_eq!(b.target, "B");
    assert!(b.stale);
    assert_eq!(b.history[0].source.as_deref(), Some("b"));
    // a machine draft under a changed source is cleared for re-drafting, kept in history
    let mut doc2 = Document::new(meta(), &split(&["a"]));
    doc2.segments[0].set("A".into(), State::Draft, None, 1);
    doc2.resplit(&split(&["a2"]), 2);
    assert_eq!(doc2.segments[0].state, State::New);
    assert_eq!(doc2.segments[0].history[0].target, "A");
}

#[test]
fn resplit_retires_removed_sentences() {
    let mut doc = Document::new(meta(), &split(&["a", "b"]));
    doc.segments[1].set("B".into(), State::Approved, None, 1);
    let report = doc.resplit(&split(&["a"]), 2);
    assert_eq!(report.retired, 1);
    assert_eq!(doc.retired[0].target, "B");
    // ids are never reused
    doc.resplit(&split(&["a", "z"]), 3);
    assert_eq!(doc.segments[1].id, 3);
}

#[test]
fn parse_errors_have_locations() {
    let err = Document::parse("version: 1\nmeta: [\n", Path::new("x.yaml")).unwrap_err();
    assert!(err.to_string().starts_with("x.yaml:"), "{err}");
    let err = Document::parse("version: 9\n", Path::new("x.yaml")).unwrap_err();
    assert!(matches!(err, Error::FutureVersion { found: 9, .. }));
}

#[test]
fn names_are_validated() {
    assert!(validate_name("../etc").is_err());
    assert!(validate_name("a/b").is_err());
    assert!(validate_name("").is_err());
    assert!(validate_name(".hidden").is_err());
    assert!(validate_name("seed-2012").is_ok());
}

#[test]
fn a_document_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    // A sparse file: its size is over the limit without writing the bytes.
    let file = fs_err::File::create(&path).unwrap();
    file.set_len(MAX_DOCUMENT_BYTES + 1).unwrap();
    let err = Document::load(&path).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: the file is 67108865 bytes, larger than the limit of 67108864 bytes (64 MiB)",
            path.display()
        )
    );
}

/// A saved two-segment document in a temp folder, and its path.
fn saved() -> (tempfile::TempDir, std::path::PathBuf, Document) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.yaml");
    let doc = Document::new(meta(), &split(&["أ", "ب"]));
    doc.save(&path).unwrap();
    (dir, path, doc)
}

/// What translating segment `id` as `target` in revision 1 changes, as a record.
fn translated(doc: &mut Document, id: u64, target: &str) -> Record {
    doc.segment_mut(id)
        .unwrap()
        .set(target.into(), State::Draft, None, 1);
    if doc.revisions.is_empty() {
        doc.record_revision(1, "2026-01-01T00:00:00Z", "translate stub", 1);
    } else {
        doc.revisions[0].changed += 1;
    }
    Record {
        revisions: doc.revisions.clone(),
        segments: vec![doc.segment(id).unwrap().clone()],
    }
}

#[test]
fn a_journal_is_replayed_on_load_and_removed_by_a_save() {
    let (_dir, path, mut doc) = saved();
    let mut journal = Journal::begin(&path, hash_source(&fs_err::read(&path).unwrap())).unwrap();
    let first = translated(&mut doc, 1, "A");
    journal.append(&[first]).unwrap();
    let second = translated(&mut doc, 2, "B");
    // Replaying is idempotent: a record stored twice changes nothing more.
    journal.append(&[second.clone(), second]).unwrap();
    let loaded = Document::load(&path).unwrap();
    assert_eq!(loaded, doc);
    assert!(journal_path(&path).exists());
    assert!(loaded.save(&path).unwrap());
    assert!(!journal_path(&path).exists());
    assert_eq!(Document::load(&path).unwrap(), doc);
}

#[test]
fn a_cut_short_last_line_is_ignored() {
    let (_dir, path, mut doc) = saved();
    let before = doc.clone();
    let mut journal = Journal::begin(&path, hash_source(&fs_err::read(&path).unwrap())).unwrap();
    journal.append(&[translated(&mut doc, 1, "A")]).unwrap();
    let after_first = doc.clone();
    journal.append(&[translated(&mut doc, 2, "B")]).unwrap();
    let full = fs_err::read(journal_path(&path)).unwrap();
    // Cut inside the last record, and just before its newline.
    for cut in [full.len() - 20, full.len() - 1] {
        fs_err::write(journal_path(&path), &full[..cut]).unwrap();
        assert_eq!(Document::load(&path).unwrap(), after_first);
    }
    // Cut inside the header: nothing to replay.
    fs_err::write(journal_path(&path), &full[..10]).unwrap();
    assert_eq!(Document::load(&path).unwrap(), before);
}

#[test]
fn a_journal_over_another_version_of_the_file_is_ignored() {
    let (_dir, path, mut doc) = saved();
    let before = doc.clone();
    let mut journal = Journal::begin(&path, hash_source(&fs_err::read(&path).unwrap())).unwrap();
    journal.append(&[translated(&mut doc, 1, "A")]).unwrap();
    // The file is rewritten behind the journal's back (by hand, or by a rewrite that a crash
    // kept from removing the journal).
    let mut other = before.clone();
    other.meta.target_lang = "en-GB".into();
    write_atomic(&path, other.to_yaml().unwrap().as_bytes()).unwrap();
    assert_eq!(Document::load(&path).unwrap(), other);
}

#[test]
fn a_broken_journal_is_an_error_naming_its_line() {
    let (_dir, path, mut doc) = saved();
    let mut journal = Journal::begin(&path, hash_source(&fs_err::read(&path).unwrap())).unwrap();
    journal.append(&[translated(&mut doc, 1, "A")]).unwrap();
    let journal_file = journal_path(&path);
    let good = fs_err::read_to_string(&journal_file).unwrap();
    let shown = journal_file.display();

    fs_err::write(&journal_file, format!("{good}{{\"revisions\": 7}}\n")).unwrap();
    let err = Document::load(&path).unwrap_err().to_string();
    assert!(err.starts_with(&format!("{shown}:3:")), "{err}");
    assert!(err.contains("invalid type"), "{err}");

    let mut ghost = translated(&mut doc, 2, "B");
    ghost.segments[0].id = 9;
    let line = serde_json::to_string(&ghost).unwrap();
    fs_err::write(&journal_file, format!("{good}{line}\n")).unwrap();
    let err = Document::load(&path).unwrap_err().to_string();
    assert_eq!(
        err,
        format!("{shown}:3:1: the record names segment 9, which the document does not have")
    );

    let header = good
        .lines()
        .next()
        .unwrap()
        .replace("\"journal\":1", "\"journal\":2");
    fs_err::write(&journal_file, format!("{header}\n")).unwrap();
    let err = Document::load(&path).unwrap_err().to_string();
    assert!(err.contains("journal version 2 is newer"), "{err}");
}

#[test]
fn a_file_hashed_in_pieces_hashes_as_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    fs_err::write(&path, &bytes).unwrap();
    assert_eq!(hash_file(&path).unwrap(), hash_source(&bytes));
}

#[test]
fn stale_temps_of_a_file_are_removed_and_no_others() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.yaml");
    let names = [
        ".a.yaml.AbC123.tmp",
        ".a.yaml.x.yaml.AbC123.tmp",
        ".b.yaml.AbC123.tmp",
        ".a.yaml.lock.AbC123.tmp",
        ".a.yaml.AbC12.tmp",
    ];
    for n in names {
        fs_err::write(dir.path().join(n), "x").unwrap();
    }
    // A real temp file of `a.yaml` has the name the sweep looks for.
    write_atomic(&doc, b"doc").unwrap();
    remove_stale_temps(&doc);
    let mut left: Vec<String> = fs_err::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            ".a.yaml.AbC12.tmp",
            ".a.yaml.lock.AbC123.tmp",
            ".a.yaml.x.yaml.AbC123.tmp",
            ".b.yaml.AbC123.tmp",
            "a.yaml"
        ]
    );
}
