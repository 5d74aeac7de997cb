//! Work a person signed off stays trustworthy: approvals bound to their text, imports that
//! cannot undo newer work, machine drafts that follow the glossary.

use crate::harness::{Project, expect};

const DOC: &str = "translations/a.yaml";
const SEED: &str = "قال الوزير إن ٢٠٠ شخص قتلوا. وأضاف أن الوضع صعب.\n";

/// A project with `seeds/a.txt` (two sentences) drafted by the stub (revision 1).
fn drafted() -> Project {
    let p = Project::empty();
    p.write("workbench.yaml", "");
    p.write("seeds/a.txt", SEED);
    p.cmd(&["translate", "seeds/a.txt", "--backend", "stub"])
        .assert()
        .success();
    p
}

/// A person's approved target (segment 1), then a changed number in its source.
fn approved_then_changed() -> Project {
    let p = drafted();
    p.cmd(&[
        "edit",
        DOC,
        "1",
        "--target",
        "The minister said 200 people were killed.",
        "--state",
        "approved",
    ])
    .assert()
    .success();
    p.write("seeds/a.txt", SEED.replace('٢', "٣"));
    p
}

#[test]
fn a_changed_source_withdraws_the_approval_and_translate_says_so() {
    let p = approved_then_changed();
    let out = p.run(&["translate", "seeds/a.txt", "--backend", "stub"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "a: 2 segments, 0 translated (0 sent to stub); wrote `translations/a.yaml`\n\
             warning: a: the source changed under a person's target in 1 segment (id 1): marked stale, any approval or review of it withdrawn; check with `workbench review translations/a.yaml`\n"
        )
    );
    let store = p.read(DOC);
    let first = &store[store.find("- id: 1").unwrap()..store.find("- id: 2").unwrap()];
    assert!(first.contains("  state: translated\n"), "{first}");
    assert!(first.contains("  stale: true\n"), "{first}");
    assert!(!first.contains("approval:"), "{first}");
}

#[test]
fn a_stale_target_is_left_out_of_signed_off_exports() {
    let p = approved_then_changed();
    p.cmd(&["translate", "seeds/a.txt", "--backend", "stub"])
        .assert()
        .success();
    for (format, min) in [
        ("xliff2", "reviewed"),
        ("xliff12", "approved"),
        ("tmx", "approved"),
        ("tsv", "reviewed"),
        ("csv", "approved"),
    ] {
        let out = p.run(&[
            "export",
            DOC,
            "--format",
            format,
            "--min-state",
            min,
            "-o",
            "-",
        ]);
        assert!(!out.contains("200 people"), "{format}: {out}");
    }
    // A document stored before this rule (approved, stale) is filtered the same way.
    let store = p
        .read(DOC)
        .replacen("  state: translated\n", "  state: approved\n", 1);
    p.write(DOC, store);
    let out = p.run(&[
        "export",
        DOC,
        "--format",
        "tmx",
        "--min-state",
        "approved",
        "-o",
        "-",
    ]);
    assert!(!out.contains("200 people"), "{out}");
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
}
