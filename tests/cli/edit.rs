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
