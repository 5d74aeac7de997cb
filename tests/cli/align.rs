//! `workbench align`: bead listings and stored pairs.

use crate::harness::{Project, expect};

#[test]
fn align_presplit_beads_counts_file_lines_and_writes_nothing() {
    let p = Project::empty();
    p.write(
        "a.ar",
        "قال الرئيس إن 50 شخصا قتلوا.\n\nوأضاف أن القصف استمر.\nالمصدر: وكالات\n",
    );
    p.write(
        "a.en",
        "The president said 50 people were killed.\nHe added that the shelling went on.\n",
    );
    let out = p.run(&["align", "--presplit", "--format", "beads", "a.ar", "a.en"]);
    assert_eq!(out, expect(0, "0:0\n1:\n2:1\n3:\n", ""));
    assert!(!p.join("translations").exists());
}

#[test]
fn align_stores_pairs_with_confidence() {
    let p = Project::empty();
    p.write(
        "seeds/short.txt",
        "قال الرئيس إن 50 شخصا قتلوا. وأضاف أن القصف استمر.\n",
    );
    p.write(
        "short.en",
        "The president said 50 people were killed. He added that the shelling went on.\n",
    );
    let out = p.run(&["align", "seeds/short.txt", "short.en"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "aligned 2 source and 2 target sentences into 2 pairs (0 below confidence 0.5); wrote `translations/short.yaml`\n"
        )
    );
    let store = p.read("translations/short.yaml");
    assert!(store.contains("kind: alignment"), "{store}");
    assert!(store.contains("confidence: "), "{store}");
    assert!(store.contains("state: translated"), "{store}");
}

#[test]
fn align_gale_church_baseline_is_available() {
    let p = Project::empty();
    p.write("a.ar", "جملة أولى.\nجملة ثانية.\n");
    p.write("a.en", "First sentence.\nSecond sentence.\n");
    let out = p.run(&[
        "align",
        "--method",
        "gale-church",
        "--presplit",
        "--format",
        "beads",
        "a.ar",
        "a.en",
    ]);
    assert_eq!(out, expect(0, "0:0\n1:1\n", ""));
}

/// A project with a short source and its translation, and a `notes/` folder.
fn short_project() -> Project {
    let p = Project::empty();
    p.write("workbench.yaml", "version: 1\n");
    p.write(
        "seeds/short.txt",
        "قال الرئيس إن 50 شخصا قتلوا. وأضاف أن القصف استمر.\n",
    );
    p.write(
        "short.en",
        "The president said 50 people were killed. He added that the shelling went on.\n",
    );
    fs_err::create_dir_all(p.join("notes")).unwrap();
    p
}

#[test]
fn align_stores_the_source_as_a_project_path_that_translate_accepts() {
    let p = short_project();
    p.cmd(&["align", "./seeds/short.txt", "./short.en"])
        .assert()
        .success();
    let store = p.read("translations/short.yaml");
    assert!(
        store.contains("  source_path: seeds/short.txt\n"),
        "{store}"
    );
    assert!(store.contains("  target_path: short.en\n"), "{store}");
    // The same file, typed another way, is the same document.
    let out = p.run(&["translate", "./seeds/short.txt"]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    let out = p.run(&["translate", "seeds/short.txt"]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
}

#[test]
fn align_from_a_subfolder_leaves_a_source_that_status_finds() {
    let p = short_project();
    let output = p
        .cmd(&["align", "../seeds/short.txt", "../short.en"])
        .current_dir(p.join("notes"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", p.render(&output));
    let store = p.read("translations/short.yaml");
    assert!(
        store.contains("  source_path: seeds/short.txt\n"),
        "{store}"
    );
    for dir in [".", "notes"] {
        let output = p
            .cmd(&["status", "--format", "json"])
            .current_dir(p.join(dir))
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["documents"][0]["source"], "current", "from {dir}");
    }
}

#[test]
fn align_records_the_configured_languages() {
    let p = short_project();
    p.write(
        "workbench.yaml",
        "languages:\n  source: ar-SY\n  target: en-GB\n",
    );
    p.cmd(&["align", "seeds/short.txt", "short.en"])
        .assert()
        .success();
    let store = p.read("translations/short.yaml");
    assert!(
        store.contains("  source_lang: ar-SY\n  target_lang: en-GB\n"),
        "{store}"
    );
    p.write("workbench.yaml", "languages:\n  target: fr\n");
    let out = p.run(&["align", "seeds/short.txt", "short.en"]);
    assert!(
        out.contains("workbench.yaml:2:11: `languages.target`: `fr` is not supported"),
        "{out}"
    );
}

/// An English line that holds two sentences (`…"not enough." Will the aid arrive in time?`)
/// against one Arabic sentence is a pair for a person to check, not a confident one.
#[test]
fn align_flags_a_pair_with_a_sentence_more_on_one_side() {
    let p = Project::empty();
    let mut ar: Vec<&str> = include_str!("../data/align/news.ar").lines().collect();
    ar.remove(6);
    let mut en: Vec<&str> = include_str!("../data/align/news.en").lines().collect();
    en[5] =
        "But the farmers' union said the amount was \"not enough.\" Will the aid arrive in time?";
    en.remove(6);
    p.write("a.ar", &(ar.join("\n") + "\n"));
    p.write("a.en", &(en.join("\n") + "\n"));
    let out = p.run(&["align", "--presplit", "a.ar", "a.en"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "aligned 11 source and 11 target sentences into 11 pairs (1 below confidence 0.5); wrote `translations/a.yaml`\n"
        )
    );
}
