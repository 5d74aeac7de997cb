//! `workbench edit`.

use crate::harness::{Project, SEED_NAME, expect};

#[test]
fn edit_records_a_revision() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    let out = p.run(&[
        "edit",
        &doc,
        "1",
        "--target",
        "Damascus: the visit did not stop the killing.",
    ]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!("segment 1 is now `translated` (revision 2 of `{doc}`)\n")
        )
    );
    let store = p.read(&doc);
    assert!(store.contains("action: edit"));
    assert!(store.contains("kind: human"));
}

#[test]
fn edit_unknown_segment_is_an_error() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    let out = p.run(&["edit", &doc, "999", "--state", "approved"]);
    assert_eq!(
        out,
        expect(2, "", &format!("error: {doc}: no segment with id 999\n"))
    );
}

/// One approval rule: `edit --state approved` refuses a segment review finds a problem in,
/// unless the person insists with `--force`, which the revision records.
#[test]
fn edit_approval_follows_the_approval_rule() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    let before = p.read(&doc);
    let target = "Activists said armoured forces loyal to President Assad entered.";
    let out = p.run(&["edit", &doc, "2", "--target", target, "--state", "approved"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: segment 2 of `{doc}` cannot be approved: review finds 4 problems in it \
                 (glossary ×3, length-ratio); nothing written\nhint: fix it, or approve anyway with \
                 `--force`\n"
            )
        )
    );
    assert_eq!(p.read(&doc), before, "nothing written");

    let out = p.run(&[
        "edit", &doc, "2", "--target", target, "--state", "approved", "--force",
    ]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "segment 2 is now `approved`, approved despite review's findings (revision 2 \
                 of `{doc}`)\n"
            )
        )
    );
    let store = p.read(&doc);
    assert!(store.contains("action: edit --force"), "{store}");
    assert!(
        store.contains("approval:"),
        "the approval is bound to its text"
    );
}

#[test]
fn edit_approves_a_clean_segment_bound_to_its_text_and_never_an_empty_one() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    let out = p.run(&["edit", &doc, "7", "--state", "approved"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!("segment 7 is now `approved` (revision 2 of `{doc}`)\n")
        )
    );
    let store = p.read(&doc);
    assert!(store.contains("approval:"), "{store}");
    assert!(store.contains("action: edit\n"), "{store}");

    let out = p.run(&[
        "edit", &doc, "8", "--target", " ", "--state", "approved", "--force",
    ]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: segment 8 of `{doc}` cannot be approved: it has no target; nothing \
                 written\n"
            )
        )
    );
}
