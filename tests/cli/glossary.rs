//! `workbench glossary`: check, list, add, import, export.

use crate::harness::{Project, SEED_NAME, expect};

#[test]
fn glossary_check_finds_every_seed_name_in_the_stub_translation() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    let out = p.run(&["glossary", "check", &doc]);
    assert_eq!(
        out,
        expect(
            0,
            &format!("{doc}: 133 glossary names found, 0 violations, 0 names spelt two ways\n"),
            ""
        )
    );
}

#[test]
fn glossary_check_reports_a_violation_with_exit_1() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    p.cmd(&["edit", &doc, "1", "--target", "Damascus: the visit of Russian Foreign Minister Sergei Lavrov did not stop the killing; 50 were killed in Homs by the army of Asad."])
        .assert()
        .success();
    let out = p.run(&["glossary", "check", &doc]);
    assert_eq!(
        out,
        expect(
            1,
            &format!(
                "{doc}: 133 glossary names found, 2 violations, 0 names spelt two ways\n  \
                 segment 1: the glossary rendering `Assad` is missing from the target\n  \
                 segment 1: the target uses `Asad`, which the glossary forbids; use `Assad`\n"
            ),
            ""
        )
    );
}

#[test]
fn glossary_add_list_and_reject_a_duplicate() {
    let p = Project::empty();
    let out = p.run(&[
        "glossary",
        "add",
        "--arabic",
        "حمص",
        "--arabic",
        "حمس",
        "--english",
        "Homs",
        "--kind",
        "place",
    ]);
    assert_eq!(
        out,
        expect(0, "", "added `Homs` to `glossary.yaml` (1 term)\n")
    );
    let out = p.run(&["glossary", "list"]);
    assert_eq!(
        out,
        expect(
            0,
            "Homs (place): \u{2068}حمص\u{2069}, \u{2068}حمس\u{2069}\n",
            ""
        )
    );
    let output = p
        .cmd(&["glossary", "add", "--arabic", "حمص", "--english", "Hims"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot add to `glossary.yaml`"),
        "{stderr}"
    );
}

#[test]
fn glossary_export_import_round_trip_through_tbx() {
    let p = Project::with_seed();
    let out = p.run(&["glossary", "export", "--format", "tbx", "-o", "g.tbx"]);
    assert!(
        out.starts_with("exit_code: 0\n----- stdout -----\n----- stderr -----\nwrote "),
        "{out}"
    );
    let q = Project::empty();
    q.write("g.tbx", p.read("g.tbx"));
    let out = q.run(&["glossary", "import", "g.tbx"]);
    assert!(
        out.starts_with("exit_code: 0\n----- stdout -----\n----- stderr -----\nadded "),
        "{out}"
    );
    let again = q.run(&["glossary", "import", "g.tbx"]);
    assert!(
        again.ends_with("added 0 terms to `glossary.yaml` (62 were there already)\n"),
        "{again}"
    ); // The glossary that comes back is the one that went out: every term, with its forms,
    // rendering, kind, note, forbidden renderings and do-not-translate flag, in order.
    let parse = |project: &Project| {
        workbench::glossary::Glossary::parse(
            &project.read("glossary.yaml"),
            std::path::Path::new("glossary.yaml"),
        )
        .expect("a valid glossary")
    };
    let (original, back) = (parse(&p), parse(&q));
    assert_eq!(back.terms().len(), 62);
    assert_eq!(back.terms(), original.terms());
}

#[test]
fn glossary_malformed_file_names_line_and_column() {
    let p = Project::empty();
    p.write(
        "glossary.yaml",
        "terms:\n  - arabic: [حمص]\n    english: Homs\n    colour: red\n",
    );
    let output = p.cmd(&["glossary", "list"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("glossary.yaml:4:5:"), "{stderr}");
}
