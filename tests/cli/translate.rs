//! `workbench translate` with the stub backend on the seed article.

use std::path::Path;

use crate::harness::{Project, SEED_NAME, expect};

fn store_rel() -> String {
    format!("translations/{SEED_NAME}.yaml")
}

#[test]
fn translate_stub_writes_the_store() {
    let p = Project::with_seed();
    let out = p.run(&[
        "translate",
        &format!("seeds/{SEED_NAME}.txt"),
        "--backend",
        "stub",
    ]);
    assert!(
        out.starts_with("exit_code: 0\n----- stdout -----\n----- stderr -----\n"),
        "{out}"
    );
    let store = p.read(&store_rel());
    assert!(store.contains("state: draft"));
    assert!(store.contains("backend: stub"));
}

#[test]
fn translate_rerun_is_byte_identical() {
    let p = Project::with_seed();
    let args = ["translate", &format!("seeds/{SEED_NAME}.txt")];
    p.cmd(&args).assert().success();
    let first = p.read(&store_rel());
    let out = p.run(&args);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "{SEED_NAME}: 42 segments, 0 translated (0 sent to stub); unchanged `{}`\n",
                store_rel()
            )
        )
    );
    assert_eq!(p.read(&store_rel()), first);
}

#[test]
fn translate_keeps_human_edits() {
    let p = Project::with_seed();
    let args = ["translate", &format!("seeds/{SEED_NAME}.txt")];
    p.cmd(&args).assert().success();
    p.cmd(&[
        "edit",
        &store_rel(),
        "3",
        "--target",
        "Activists said tanks entered.",
        "--state",
        "reviewed",
    ])
    .assert()
    .success();
    let load = || {
        workbench::store::Document::parse(&p.read(&store_rel()), Path::new("doc.yaml"))
            .expect("the store document")
    };
    let edited = load().segment(3).cloned().expect("segment 3");
    p.cmd(&args).assert().success();
    let after = load();
    let seg = after.segment(3).expect("segment 3");
    // The person's edit keeps its target, its state and its origin: the run never touched it.
    assert_eq!(seg.target, "Activists said tanks entered.");
    assert_eq!(seg.state, workbench::store::State::Reviewed);
    let origin = seg.origin.as_ref().expect("an origin");
    assert_eq!(origin.kind, workbench::store::OriginKind::Human);
    assert_eq!(seg, &edited);
}

#[test]
fn committed_translation_is_current() {
    // The committed stub translation of the seed must be what the command produces now.
    let p = Project::with_seed();
    p.cmd(&["translate", &format!("seeds/{SEED_NAME}.txt")])
        .assert()
        .success();
    let committed = include_str!("../../translations/syria-homs-lavrov-2012.yaml");
    assert_eq!(
        p.read(&store_rel()),
        committed,
        "translations/ is stale: run `SOURCE_DATE_EPOCH=1767225600 cargo run -- translate seeds/{SEED_NAME}.txt` and commit it"
    );
}

#[test]
fn translate_the_same_file_named_twice_is_one_document() {
    let p = Project::with_seed();
    p.write("seeds/b.txt", "جملة أولى.\n");
    let seed = format!("seeds/{SEED_NAME}.txt");
    let out = p.run(&["translate", &seed, "seeds/b.txt", &seed]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "{SEED_NAME}: 42 segments, 42 translated (42 sent to stub); wrote `{}`\n\
                 b: 1 segment, 1 translated (1 sent to stub); wrote `translations/b.yaml`\n\
                 stub: 43 segments in 1 request (0 retries, 0 split batches), 6752 characters sent\n",
                store_rel()
            )
        )
    );
}
