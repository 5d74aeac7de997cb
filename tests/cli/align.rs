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
