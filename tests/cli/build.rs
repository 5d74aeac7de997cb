//! `workbench build` and documents read by paragraph: the translated document written in its
//! source's format, the source side given back byte for byte.

use crate::harness::{Project, SEED, SEED_NAME, expect};

/// The seed re-wrapped at `width` columns, with a blank line between paragraphs.
fn hard_wrapped(width: usize) -> String {
    let mut out = String::new();
    for para in SEED.lines().filter(|l| !l.trim().is_empty()) {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

fn stdout_of(p: &Project, args: &[&str]) -> String {
    let out = p.cmd(args).output().expect("run workbench");
    assert_eq!(out.status.code(), Some(0), "{}", p.render(&out));
    assert!(out.stderr.is_empty(), "{}", p.render(&out));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Sentences with their inner whitespace folded (a wrapped line break reads as a space).
fn folded(listing: &str) -> Vec<String> {
    listing
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn hard_wrapped_text_splits_like_the_unwrapped_article() {
    let p = Project::with_seed();
    p.write("wrapped.txt", hard_wrapped(70));
    let original = stdout_of(&p, &["split", &format!("seeds/{SEED_NAME}.txt")]);
    let wrapped = stdout_of(&p, &["split", "wrapped.txt"]);
    assert_eq!(folded(&wrapped), folded(&original));
    assert_eq!(original.lines().count(), 42);
    // Read one line a paragraph, the wrapped copy is cut at every line break.
    let by_line = stdout_of(&p, &["split", "wrapped.txt", "--paragraphs", "line"]);
    assert!(by_line.lines().count() > 100, "{by_line}");
}

#[test]
fn a_wrapped_text_builds_back_byte_for_byte_and_wrapped_in_english() {
    let p = Project::with_seed();
    let text = hard_wrapped(70);
    p.write("seeds/wire.txt", &text);
    p.cmd(&["translate", "seeds/wire.txt", "--backend", "stub"])
        .assert()
        .success();
    let store = p.read("translations/wire.yaml");
    assert!(store.contains("  paragraphs: blank\n"), "{store}");
    let same = p
        .cmd(&[
            "build",
            "translations/wire.yaml",
            "--from",
            "source",
            "-o",
            "-",
        ])
        .output()
        .expect("run");
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stderr.is_empty());
    assert_eq!(same.stdout, text.as_bytes());
    let built = stdout_of(&p, &["build", "translations/wire.yaml", "-o", "-"]);
    let paragraphs = text.split("\n\n").filter(|s| !s.trim().is_empty()).count();
    assert_eq!(
        built.split("\n\n").filter(|s| !s.trim().is_empty()).count(),
        paragraphs
    );
    // The English is wrapped at the width of the source's paragraphs.
    assert!(built.lines().all(|l| l.chars().count() <= 70), "{built}");
    assert!(
        !built
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "{built}"
    );
}

#[test]
fn the_seed_builds_in_english_and_back_to_its_source() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    let out = p.run(&["build", &doc]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!("wrote `translations/{SEED_NAME}.en.txt` (text translation, 42 segments)\n")
        )
    );
    let built = p.read(&format!("translations/{SEED_NAME}.en.txt"));
    assert_eq!(built.lines().count(), SEED.lines().count());
    assert!(built.starts_with("Damascus:"), "{built}");
    assert!(built.contains("Lavrov"));
    let same = p
        .cmd(&["build", &doc, "--from", "source", "-o", "-"])
        .output()
        .expect("run");
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(same.stdout, SEED.as_bytes());
}

#[test]
fn a_segment_without_a_target_stops_the_build_unless_told() {
    let p = Project::with_stub_translation();
    let doc = format!("translations/{SEED_NAME}.yaml");
    p.cmd(&["edit", &doc, "3", "--target", "", "--state", "new"])
        .assert()
        .success();
    let out = p.run(&["build", &doc, "-o", "out.txt"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: 1 segment without a target: 3\nhint: translate them, or build with `--fallback source`\n"
        )
    );
    assert!(!p.join("out.txt").exists());
    let out = p.run(&["build", &doc, "-o", "out.txt", "--fallback", "source"]);
    assert_eq!(
        out,
        expect(0, "", "wrote `out.txt` (text translation, 42 segments)\n")
    );
    // A publishing gate: nothing is approved yet.
    let out = p.run(&["build", &doc, "-o", "out.txt", "--min-state", "approved"]);
    assert!(out.starts_with("exit_code: 2\n"), "{out}");
    assert!(
        out.contains("error: 42 segments without a target: 1, 2, 3,"),
        "{out}"
    );
}

#[test]
fn a_changed_source_must_be_translated_again_before_building() {
    let p = Project::with_stub_translation();
    p.write(
        &format!("seeds/{SEED_NAME}.txt"),
        format!("{SEED}سطر جديد.\n"),
    );
    let out = p.run(&[
        "build",
        &format!("translations/{SEED_NAME}.yaml"),
        "-o",
        "-",
    ]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: translations/{SEED_NAME}.yaml: `seeds/{SEED_NAME}.txt` changed since the document was last split; run `workbench translate seeds/{SEED_NAME}.txt` to bring it up to date first\n"
            )
        )
    );
}

#[test]
fn translate_names_the_review_and_build_commands_for_a_person() {
    let p = Project::with_seed();
    let out = p.run(&[
        "--verbose",
        "translate",
        &format!("seeds/{SEED_NAME}.txt"),
        "--backend",
        "stub",
    ]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    assert!(
        out.ends_with(&format!(
            "hint: `workbench review translations/{SEED_NAME}.yaml` to check it, `workbench build translations/{SEED_NAME}.yaml` to write the English document\n"
        )),
        "{out}"
    );
    // Not in a pipe or a script (stderr is no terminal here).
    let quiet = p.run(&[
        "translate",
        &format!("seeds/{SEED_NAME}.txt"),
        "--backend",
        "stub",
    ]);
    assert!(!quiet.contains("hint:"), "{quiet}");
}
