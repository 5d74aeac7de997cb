//! `workbench diff`: revisions of one document, two documents, JSON, HTML, exit codes.

use crate::harness::{Project, SEED_NAME, expect};

fn doc() -> String {
    format!("translations/{SEED_NAME}.yaml")
}

/// The seed translated by the stub (revision 1), then two segments post-edited (2 and 3).
fn edited_project() -> Project {
    let p = Project::with_stub_translation();
    p.cmd(&[
        "edit",
        &doc(),
        "2",
        "--target",
        "Activists said armoured forces loyal to President Bashar al-Assad entered the city of \
         Homs in central Syria today, firing rockets and mortars to subdue opposing districts.",
    ])
    .assert()
    .success();
    p.cmd(&["edit", &doc(), "7", "--state", "reviewed"])
        .assert()
        .success();
    p
}

#[test]
fn diff_last_two_revisions() {
    let p = edited_project();
    let out = p.run(&["diff", &doc()]);
    insta::assert_snapshot!("diff_last_two", out);
}

#[test]
fn diff_machine_draft_to_now() {
    let p = edited_project();
    let out = p.run(&["diff", &doc(), "--from", "1", "--to", "3"]);
    insta::assert_snapshot!("diff_draft_to_now", out);
}

#[test]
fn diff_json() {
    let p = edited_project();
    let out = p.run(&[
        "diff",
        &doc(),
        "--from",
        "1",
        "--to",
        "2",
        "--format",
        "json",
    ]);
    insta::assert_snapshot!("diff_json", out);
}

#[test]
fn diff_identical_exits_0() {
    let p = edited_project();
    let out = p.run(&["diff", &doc(), "--from", "2", "--to", "2"]);
    // The word count depends on the stub's drafts; the rest is fixed.
    let (head, tail) = out.split_once(" shifted of ").unwrap_or(("", ""));
    assert_eq!(
        head,
        "exit_code: 0\n----- stdout -----\n\
         revision 2 → revision 2: 0 of 42 segments changed, 42 untouched (100.0% of the old targets)\n\
         words: 0 inserted, 0 deleted, 0 substituted, 0"
    );
    assert!(
        tail.ends_with("; edit rate 0.000; chrF 100.0\n----- stderr -----\n"),
        "{out}"
    );
}

#[test]
fn diff_unknown_revision_exits_2() {
    let p = edited_project();
    let out = p.run(&["diff", &doc(), "--to", "9"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: {}: no revision 9 (the document has revisions 1 to 3, and 0 for before the first)\n",
                doc()
            )
        )
    );
}

#[test]
fn diff_two_documents() {
    let p = edited_project();
    p.write("other.yaml", p.read(&doc()));
    p.cmd(&[
        "edit",
        "other.yaml",
        "5",
        "--target",
        "They also came near Baba Amr; shelling is heard on Karm al-Zeitoun and Bayada.\"",
    ])
    .assert()
    .success();
    let out = p.run(&["diff", &doc(), "other.yaml", "--html", "changes.html"]);
    insta::assert_snapshot!("diff_two_documents", out);
    let html = p.read("changes.html");
    assert!(html.contains("<del>"), "{html}");
    assert!(html.contains("<ins>"), "{html}");
    assert!(html.contains("class=\"bar\""));
    assert!(!html.contains("<script"));
}

#[test]
fn diff_two_documents_refuses_revisions() {
    let p = edited_project();
    p.write("other.yaml", p.read(&doc()));
    let out = p.run(&["diff", &doc(), "other.yaml", "--from", "1"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: `--from` and `--to` compare revisions of one document; give one document, or drop them\n"
        )
    );
}
