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

/// The stub's draft of segment 1, as an export writes it.
const DRAFT_1: &str = "Said al-wzir that 200 shkhs qtlwa.";

#[test]
fn an_import_approval_follows_the_approval_rule() {
    let p = drafted();
    p.cmd(&["export", DOC, "--format", "xliff2", "-o", "a.xlf"])
        .assert()
        .success();
    // The translator marks both final; segment 1's number is wrong (an error finding).
    let edited = p
        .read("a.xlf")
        .replace(DRAFT_1, "The minister said 300 people were killed.")
        .replace(
            "And added that al-wd' s'b.",
            "He added that the situation was hard.",
        )
        .replace(
            "state=\"initial\" subState=\"workbench:mt-stub\"",
            "state=\"final\"",
        );
    p.write("a.xlf", &edited);
    let out = p.run(&["import", "a.xlf"]);
    assert_eq!(
        out,
        expect(
            1,
            "",
            "warning: a.xlf:7:5: unit 1 not approved: review finds 1 problem in it (numbers); stored as `translated` (approve it anyway with `--force`)\n\
             imported XLIFF 2.1 from `a.xlf`: 2 segments changed (revision 2 of `translations/a.yaml`), 0 unchanged, 0 not applied\n"
        )
    );
    let store = p.read(DOC);
    let first = &store[store.find("- id: 1").unwrap()..store.find("- id: 2").unwrap()];
    assert!(first.contains("  state: translated\n"), "{first}");
    let second = &store[store.find("- id: 2").unwrap()..];
    assert!(second.contains("  state: approved\n"), "{second}");
    assert!(second.contains("approval:"), "bound to its text: {second}");

    // Insisting approves it, and the revision says so.
    let out = p.run(&["import", "a.xlf", "--force"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "imported XLIFF 2.1 from `a.xlf`: 1 segment changed (revision 3 of `translations/a.yaml`), 1 unchanged, 0 not applied\n"
        )
    );
    let store = p.read(DOC);
    assert!(store.contains("action: import xliff2 --force"), "{store}");
}

/// A tool that ignores states (OmegaT 3.6) changes a target and leaves `final` as it was:
/// a new translation, not an approval.
#[test]
fn a_changed_target_under_an_unchanged_final_state_is_not_an_approval() {
    let p = drafted();
    p.cmd(&[
        "edit",
        DOC,
        "2",
        "--target",
        "He added that the situation was hard.",
        "--state",
        "approved",
    ])
    .assert()
    .success();
    p.cmd(&["export", DOC, "--format", "xliff12", "-o", "a.xlf"])
        .assert()
        .success();
    let edited = p.read("a.xlf").replace(
        "He added that the situation was hard.",
        "He added that the situation was difficult.",
    );
    p.write("a.xlf", &edited);
    let out = p.run(&["import", "a.xlf", "--dry-run"]);
    assert_eq!(
        out,
        expect(
            0,
            "2\tapproved -> translated\t\"He added that the situation was hard.\" -> \"He added that the situation was difficult.\"\n",
            "dry run: 1 segment would change in `translations/a.yaml`, 1 unchanged, 0 not applied; nothing written\n"
        )
    );
}

/// An export taken away, the same segment edited in the store, the old file imported: a
/// conflict, not an ordinary change; `--theirs` applies the file's side.
#[test]
fn an_old_export_cannot_silently_undo_newer_work() {
    for (format, file) in [
        ("xliff2", "a.xlf"),
        ("xliff12", "a12.xlf"),
        ("tmx", "a.tmx"),
        ("tsv", "a.tsv"),
        ("csv", "a.csv"),
    ] {
        let p = drafted();
        p.cmd(&[
            "export",
            DOC,
            "--format",
            format,
            "--min-state",
            "draft",
            "-o",
            file,
        ])
        .assert()
        .success();
        let exported = p.read(file);
        assert!(
            exported.contains("workbench:revision")
                || exported.contains("x-workbench-revision\">1<")
                || exported.contains("# workbench export: document a, revision 1"),
            "{format}: the export records its revision: {exported}"
        );
        p.cmd(&[
            "edit",
            DOC,
            "1",
            "--target",
            "Newer: 200 people were killed.",
        ])
        .assert()
        .success();
        p.write(
            file,
            exported.replace(DRAFT_1, "Older: the minister said 200 died."),
        );
        let mut args = vec!["import", file];
        if matches!(format, "tsv" | "csv") {
            args.extend(["--into", DOC]);
        }
        let before = p.read(DOC);
        let out = p.run(&args);
        let line = match format {
            "xliff2" => "7:5",
            "xliff12" => "9:7",
            "tmx" => "8:5",
            "tsv" => "3:1",
            _ => "3:1",
        };
        assert_eq!(
            out,
            expect(
                1,
                "",
                &format!(
                    "warning: {file}:{line}: unit 1 not applied: a conflict: changed in the file and, since revision 1 (which the file was exported from), in the store; the store's target kept (`--theirs` applies the file's)\n  \
                     store (translated): \"Newer: 200 people were killed.\"\n  \
                     file (translated):  \"Older: the minister said 200 died.\"\n\
                     nothing to change in `translations/a.yaml` (1 unchanged, 1 not applied); nothing written\n"
                )
            ),
            "{format}"
        );
        assert_eq!(p.read(DOC), before, "{format}: nothing written");
        args.push("--theirs");
        let out = p.run(&args);
        assert!(out.starts_with("exit_code: 0\n"), "{format}: {out}");
        let store = p.read(DOC);
        assert!(
            store.contains("target: 'Older: the minister said 200 died.'"),
            "{format}: {store}"
        );
        assert!(
            store.contains(&format!("action: import {format} --theirs")),
            "{format}: {store}"
        );
    }
}

/// Without the revision mark (a table made by hand from an old export), a target equal to
/// one the segment had before is old, not new.
#[test]
fn a_file_without_the_mark_that_brings_back_an_old_target_is_a_conflict() {
    let p = drafted();
    p.cmd(&["export", DOC, "--format", "tsv", "-o", "a.tsv"])
        .assert()
        .success();
    let table = p.read("a.tsv");
    p.write("a.tsv", &table[table.find('\n').unwrap() + 1..]);
    p.cmd(&[
        "edit",
        DOC,
        "1",
        "--target",
        "The minister said 200 people were killed.",
    ])
    .assert()
    .success();
    let out = p.run(&["import", "a.tsv", "--into", DOC]);
    assert_eq!(
        out,
        expect(
            1,
            "",
            &format!(
                "warning: a.tsv:2:1: unit 1 not applied: a conflict: the file brings back the target of revision 1, replaced since: the file is older than the store; the store's target kept (`--theirs` applies the file's)\n  \
                 store (translated): \"The minister said 200 people were killed.\"\n  \
                 file (draft):  \"{DRAFT_1}\"\n\
                 nothing to change in `translations/a.yaml` (1 unchanged, 1 not applied); nothing written\n"
            )
        )
    );
}

/// After `glossary add`, the machine drafts that break the new term are drafted again (a
/// person's target never); a second run sends nothing.
#[test]
fn a_glossary_change_reaches_the_machine_drafts_that_break_it() {
    let p = Project::empty();
    p.write("workbench.yaml", "");
    p.write(
        "seeds/a.txt",
        "زار الوزير حمص أمس. وزار الرئيس حمص اليوم. وأضاف أن الوضع صعب.\n",
    );
    p.cmd(&["translate", "seeds/a.txt", "--backend", "stub"])
        .assert()
        .success();
    p.cmd(&[
        "edit",
        DOC,
        "2",
        "--target",
        "The president visited Hims today.",
    ])
    .assert()
    .success();
    p.cmd(&["glossary", "add", "--arabic", "حمص", "--english", "Homs"])
        .assert()
        .success();
    let out = p.run(&["translate", "seeds/a.txt", "--backend", "stub"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "a: 3 segments, 1 translated (1 sent to stub); wrote `translations/a.yaml`\n\
             a: 1 machine draft that breaks the changed glossary drafted again (id 1)\n\
             stub: 1 segment in 1 request (0 retries, 0 split batches), 19 characters sent\n"
        )
    );
    let store = p.read(DOC);
    assert!(store.contains("target: Zar al-wzir Homs ams."), "{store}");
    assert!(
        store.contains("target: The president visited Hims today."),
        "a person's target stays: {store}"
    );
    let out = p.run(&["translate", "seeds/a.txt", "--backend", "stub"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "a: 3 segments, 0 translated (0 sent to stub); unchanged `translations/a.yaml`\n"
        )
    );
}

#[test]
fn status_outside_a_project_says_so() {
    let p = Project::empty();
    assert_eq!(
        p.run(&["status"]),
        expect(
            2,
            "",
            "error: no project found here or in any folder above (none has `workbench.yaml` or `glossary.yaml`): `workbench init` creates one\n"
        )
    );
}

#[test]
fn glossary_files_tbx3_by_extension_csv_with_a_bom_and_counts_in_words() {
    let p = Project::empty();
    p.write("workbench.yaml", "");
    let out = p.run(&["glossary", "add", "--arabic", "حمص", "--english", "Homs"]);
    assert_eq!(
        out,
        expect(0, "", "added `Homs` to `glossary.yaml` (1 term)\n")
    );
    p.cmd(&["glossary", "export", "--format", "csv", "-o", "g.csv"])
        .assert()
        .success();
    assert!(p.read("g.csv").starts_with('\u{feff}'), "a BOM");
    p.cmd(&["glossary", "export", "--format", "tbx3", "-o", "g.tbx3"])
        .assert()
        .success();
    let out = p.run(&["glossary", "import", "g.tbx3"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "added 0 terms to `glossary.yaml` (1 were there already)\n"
        )
    );
}

/// A memory export holds a person's work by default; machine drafts only when asked.
#[test]
fn a_tmx_export_leaves_machine_drafts_out_by_default() {
    let p = drafted();
    p.cmd(&[
        "edit",
        DOC,
        "2",
        "--target",
        "He added that the situation was hard.",
    ])
    .assert()
    .success();
    let out = p.run(&["export", DOC, "--format", "tmx", "-o", "a.tmx"]);
    assert_eq!(
        out,
        expect(0, "", "wrote 1 unit of `a` as TMX 1.4b to `a.tmx`\n")
    );
    assert!(!p.read("a.tmx").contains(DRAFT_1));
    let out = p.run(&[
        "export",
        DOC,
        "--format",
        "tmx",
        "--min-state",
        "draft",
        "-o",
        "a.tmx",
    ]);
    assert_eq!(
        out,
        expect(0, "", "wrote 2 units of `a` as TMX 1.4b to `a.tmx`\n")
    );
}

/// A source where a translation belongs, a segment or revision that does not exist, and
/// revisions in the wrong order are errors that say what to do.
#[test]
fn wrong_documents_segments_and_revisions_are_explained() {
    let p = drafted();
    assert_eq!(
        p.run(&["review", "seeds/a.txt"]),
        expect(
            2,
            "",
            "error: seeds/a.txt: this is a source text, not a translation document; its translation is `translations/a.yaml`\n"
        )
    );
    assert_eq!(
        p.run(&["review", DOC, "--segment", "50"]),
        expect(
            2,
            "",
            "error: translations/a.yaml: no segment in `--segment 50` (its segment ids run from 1 to 2)\n"
        )
    );
    p.cmd(&[
        "edit",
        DOC,
        "1",
        "--target",
        "The minister said 200 people were killed.",
    ])
    .assert()
    .success();
    assert_eq!(
        p.run(&["diff", DOC, "--from", "2", "--to", "1"]),
        expect(
            2,
            "",
            "error: translations/a.yaml: `--from 2` comes after `--to 1`: give the older revision first (`--from 1 --to 2`)\n"
        )
    );
    assert_eq!(
        p.run(&["diff", DOC, "--from", "0", "--to", "9"]),
        expect(
            2,
            "",
            "error: translations/a.yaml: no revision 9 (the document has revisions 1 to 2, and 0 for before the first)\n"
        )
    );
}

/// The edit form keeps a target line a person starts with `#` (a hashtag).
#[test]
fn the_edit_form_keeps_a_target_starting_with_a_hash() {
    let p = drafted();
    p.write(
        "editor.sh",
        "#!/bin/sh\nsed -i -e 's/^And added .*/#UNSC: the situation is hard./' \"$1\"\n",
    );
    let path = p.join("editor.sh");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs_err::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let output = p
        .cmd(&["review", DOC, "--segment", "2", "--edit"])
        .env("EDITOR", &path)
        .output()
        .unwrap();
    assert_eq!(
        p.render(&output),
        expect(
            0,
            "",
            "1 segment changed (revision 2 of `translations/a.yaml`)\n"
        )
    );
    let store = p.read(DOC);
    assert!(
        store.contains("target: '#UNSC: the situation is hard.'"),
        "{store}"
    );
}

/// `align` stores project-relative paths whatever was typed, and takes a document name.
#[test]
fn align_stores_project_paths_and_takes_a_name() {
    let p = Project::empty();
    p.write("workbench.yaml", "");
    p.write("seeds/a.txt", "قال الوزير.\n");
    p.write("a.en.txt", "The minister said.\n");
    let target = p.join("a.en.txt").display().to_string();
    let out = p.run(&["align", "./seeds/a.txt", &target, "--name", "minister"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "aligned 1 source and 1 target sentences into 1 pair (0 below confidence 0.5); wrote `translations/minister.yaml`\n"
        )
    );
    let store = p.read("translations/minister.yaml");
    assert!(store.contains("  source_path: seeds/a.txt\n"), "{store}");
    assert!(store.contains("  target_path: a.en.txt\n"), "{store}");
}

/// The English splitter ends a sentence at a closing quote before a question that opens with
/// an auxiliary (`Will`, `Can`, `May`…), as it does before `It` or `They`.
#[test]
fn english_splits_before_a_question_after_a_closing_quote() {
    let p = Project::empty();
    p.write(
        "en.txt",
        "The situation is \"unbearable.\" Will the council act? It met.\n",
    );
    assert_eq!(
        p.run(&["split", "en.txt", "--lang", "en"]),
        expect(
            0,
            "The situation is \"unbearable.\"\nWill the council act?\nIt met.\n",
            ""
        )
    );
}
