//! Unit tests of the aligner on small hand-written documents (`tests/data/align/`).

use std::ops::Range;
use std::path::Path;

use proptest::prelude::{prop, proptest};

use super::evidence::Document;
use super::{
    Bead, Model, Options, align, evidence_cost, gale_church, parse_beads, visible_segments,
    write_beads,
};

const NEWS_AR: &str = include_str!("../../tests/data/align/news.ar");
const NEWS_EN: &str = include_str!("../../tests/data/align/news.en");

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

fn listing(beads: &[Bead]) -> String {
    let mut out = Vec::new();
    write_beads(beads, &mut out).expect("writing to a Vec");
    String::from_utf8(out).expect("ASCII listing")
}

/// Beads cover `0..n` and `0..m` in order, each sentence exactly once.
fn assert_covers(beads: &[Bead], n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for b in beads {
        assert!(!(b.source.is_empty() && b.target.is_empty()), "empty bead");
        if !b.source.is_empty() {
            assert_eq!(b.source.start, i, "source gap or overlap in {beads:?}");
            i = b.source.end;
        }
        if !b.target.is_empty() {
            assert_eq!(b.target.start, j, "target gap or overlap in {beads:?}");
            j = b.target.end;
        }
        assert!((0.0..=1.0).contains(&b.confidence));
    }
    assert_eq!((i, j), (n, m));
}

/// The fixture document: 1:1 throughout.
fn news() -> (Vec<&'static str>, Vec<&'static str>) {
    (lines(NEWS_AR), lines(NEWS_EN))
}

fn run(ar: &[&str], en: &[&str]) -> String {
    let beads = align(ar, en, &Options::default());
    assert_covers(&beads, ar.len(), en.len());
    listing(&beads)
}

fn one_to_one(n: usize) -> String {
    (0..n).map(|k| format!("{k}:{k}\n")).collect()
}

#[test]
fn plain_document_is_one_to_one() {
    let (ar, en) = news();
    assert_eq!(ar.len(), en.len());
    assert_eq!(run(&ar, &en), one_to_one(ar.len()));
}

#[test]
fn confident_on_a_clean_document() {
    let (ar, en) = news();
    let beads = align(&ar, &en, &Options::default());
    let options = Options::default();
    assert!(beads.iter().all(|b| !b.needs_review(&options)), "{beads:?}");
}

/// Join target lines `k` and `k + 1` (or source lines with `source = true`).
fn merged(side: &[&str], k: usize, count: usize) -> Vec<String> {
    let mut out: Vec<String> = side[..k].iter().map(|s| (*s).to_owned()).collect();
    out.push(side[k..k + count].join(" "));
    out.extend(side[k + count..].iter().map(|s| (*s).to_owned()));
    out
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn one_to_two_bead() {
    let (ar, en) = news();
    let ar2 = merged(&ar, 3, 2);
    let out = run(&as_strs(&ar2), &en);
    assert!(out.contains("\n3:3,4\n"), "{out}");
}

#[test]
fn two_to_one_bead() {
    let (ar, en) = news();
    let en2 = merged(&en, 5, 2);
    let out = run(&ar, &as_strs(&en2));
    assert!(out.contains("\n5,6:5\n"), "{out}");
}

#[test]
fn one_to_three_bead() {
    let (ar, en) = news();
    let ar2 = merged(&ar, 1, 3);
    let out = run(&as_strs(&ar2), &en);
    assert!(out.contains("\n1:1,2,3\n"), "{out}");
}

#[test]
fn three_to_one_bead() {
    let (ar, en) = news();
    let en2 = merged(&en, 6, 3);
    let out = run(&ar, &as_strs(&en2));
    assert!(out.contains("\n6,7,8:6\n"), "{out}");
}

#[test]
fn untranslated_arabic_line_is_left_alone() {
    let (mut ar, en) = news();
    ar.insert(
        4,
        "وفي سياق منفصل، افتتحت البلدية حديقة عامة جديدة في وسط المدينة بعد أعمال ترميم استمرت عامين.",
    );
    let out = run(&ar, &en);
    assert!(out.contains("\n3:3\n4:\n5:4\n"), "{out}");
}

#[test]
fn english_line_without_source() {
    let (ar, mut en) = news();
    en.insert(
        2,
        "Separately, the city council opened a new public park downtown.",
    );
    let out = run(&ar, &en);
    assert!(out.contains("\n1:1\n:2\n2:3\n"), "{out}");
}

#[test]
fn boilerplate_is_a_null_bead() {
    let (mut ar, en) = news();
    ar.insert(7, "المصدر: وكالات");
    ar.insert(3, "اقرأ أيضاً");
    let out = run(&ar, &en);
    assert!(out.contains("\n3:\n"), "{out}");
    assert!(out.contains("\n8:\n"), "{out}");
}

#[test]
fn arabic_indic_digits_decide_a_pairing() {
    // Two short lines of the same length; only the numbers tell which English line is which.
    let ar = ["وصل ٤٥ لاعباً إلى المعسكر.", "وغادر ١٢ آخرون إلى بلدانهم."];
    let en = ["12 others went home.", "Another 45 players arrived."];
    let out = run(&ar, &en);
    // Swapped order cannot be 1:1 both; the numbers make the crossing pairs null beads
    // rather than a mismatched 1:1.
    assert!(!out.contains("0:0\n1:1\n"), "{out}");
    let same = run(
        &ar,
        &["45 players arrived at the camp.", "Another 12 went home."],
    );
    assert_eq!(same, "0:0\n1:1\n");
}

#[test]
fn headline_merged_with_first_sentence() {
    // The Arabic headline has no final mark, so joining it to the first sentence leaves no
    // visible sentence end: still a 1:2 bead.
    let (ar, en) = news();
    let ar2 = merged(&ar, 0, 2);
    let out = run(&as_strs(&ar2), &en);
    assert!(out.starts_with("0:0,1\n1:2\n"), "{out}");
}

#[test]
fn untranslated_line_from_another_story_is_left_alone() {
    // A sports line from another story inside a farming story.
    let (mut ar, en) = news();
    ar.insert(6, "وسجل الفريق هدفين في المباراة الأخيرة من الموسم.");
    let out = run(&ar, &en);
    assert!(out.contains("\n5:5\n6:\n7:6\n"), "{out}");
}

#[test]
fn short_middle_line_joins_the_line_it_translates() {
    // "The police closed the road" goes with whichever English line says so.
    let ar = [
        "وصلت الشرطة إلى المكان بسرعة.",
        "وأغلقت الشرطة الطريق.",
        "ونقل الجرحى إلى المستشفى.",
    ];
    let first = run(
        &ar,
        &[
            "Police arrived at the scene quickly and closed the road.",
            "The injured were taken to hospital.",
        ],
    );
    assert_eq!(first, "0,1:0\n2:1\n");
    let second = run(
        &ar,
        &[
            "Police arrived at the scene quickly.",
            "The road was closed and the injured were taken to hospital.",
        ],
    );
    assert_eq!(second, "0:0\n1,2:1\n");
}

#[test]
fn lexicon_concepts_support_translations() {
    // Same lengths, no numbers or names: only the lexicon (police, injured, hospital) tells
    // the right pairs from the crossed ones.
    let ar = ["وصلت الشرطة إلى المكان بسرعة.", "ونقل الجرحى إلى المستشفى."];
    let en = [
        "The injured were taken to hospital.",
        "Police arrived at the scene quickly.",
    ];
    let doc = Document::new(&ar, &en, &[]);
    let (s, t) = (&doc.source, &doc.target);
    let right = evidence_cost(&s[0..1], &t[1..2]) + evidence_cost(&s[1..2], &t[0..1]);
    let crossed = evidence_cost(&s[0..1], &t[0..1]) + evidence_cost(&s[1..2], &t[1..2]);
    assert!(right + 3.0 < crossed, "{right} vs {crossed}");
}

#[test]
fn words_absent_from_the_other_side_make_a_null_bead_cheaper() {
    let ar = [
        "وصلت الشرطة إلى المكان بسرعة.",
        "وسجل الفريق هدفين في المباراة الأخيرة من الموسم.",
    ];
    let en = ["Police arrived at the scene quickly."];
    let doc = Document::new(&ar, &en, &[]);
    let translated = Model::null_cost(&doc.source[0]);
    let foreign = Model::null_cost(&doc.source[1]);
    assert!(foreign + 1.0 < translated, "{foreign} vs {translated}");
}

#[test]
fn a_headline_joined_to_a_sentence_shows_no_sentence_end() {
    let (ar, en) = news();
    let doc = Document::new(&ar, &en, &[]);
    // English headline + first sentence: one visible sentence, like the merged Arabic line.
    assert_eq!(visible_segments(&doc.target[0..2]), 1);
    // Two ordinary sentences: two.
    assert_eq!(visible_segments(&doc.target[1..3]), 2);
    let ar2 = merged(&ar, 0, 2);
    let ar2 = as_strs(&ar2);
    let doc = Document::new(&ar2, &en, &[]);
    assert_eq!(visible_segments(&doc.source[0..1]), 1);
    // Both headlines: their pairing is supported; a headline with a sentence is not.
    let pair = evidence_cost(
        &Document::new(&ar, &en, &[]).source[0..1],
        &doc.target[0..1],
    );
    let odd = evidence_cost(
        &Document::new(&ar, &en, &[]).source[0..1],
        &doc.target[1..2],
    );
    assert!(pair < odd, "{pair} vs {odd}");
}

#[test]
fn empty_sides() {
    assert!(align(&[], &[], &Options::default()).is_empty());
    assert_eq!(run(&["سطر واحد."], &[]), "0:\n");
    assert_eq!(run(&[], &["One line.", "Two lines."]), ":0\n:1\n");
    assert!(gale_church(&[], &[]).is_empty());
}

#[test]
fn glossary_anchor_counts() {
    let options = Options {
        anchors: vec![("الأمم المتحدة".to_owned(), "United Nations".to_owned())],
        ..Options::default()
    };
    let (ar, en) = news();
    let beads = align(&ar, &en, &options);
    assert_covers(&beads, ar.len(), en.len());
    assert_eq!(listing(&beads), one_to_one(ar.len()));
}

#[test]
fn gale_church_covers_both_sides() {
    let (ar, en) = news();
    let beads = gale_church(&ar, &en);
    assert_covers(&beads, ar.len(), en.len());
}

#[test]
fn bead_listing_round_trips() {
    let beads = vec![
        Bead {
            source: 0..1,
            target: 0..1,
            confidence: 1.0,
        },
        Bead {
            source: 1..3,
            target: 1..2,
            confidence: 1.0,
        },
        Bead {
            source: 3..4,
            target: 2..2,
            confidence: 1.0,
        },
        Bead {
            source: 4..4,
            target: 2..3,
            confidence: 1.0,
        },
    ];
    let text = listing(&beads);
    assert_eq!(text, "0:0\n1,2:1\n3:\n:2\n");
    let back = parse_beads(&text, Path::new("x.align")).expect("valid listing");
    let ranges: Vec<(Range<usize>, Range<usize>)> =
        back.into_iter().map(|b| (b.source, b.target)).collect();
    assert_eq!(ranges[1], (1..3, 1..2));
    let err = parse_beads("0:0\n1;1\n", Path::new("x.align")).expect_err("no colon");
    assert!(err.to_string().starts_with("x.align:2:"), "{err}");
}

proptest! {
    #[test]
    fn beads_cover_both_sides_once_in_order(
        ar in prop::collection::vec("[ابتثجحخد ]{0,40}[.؟]?", 0..25),
        en in prop::collection::vec("[A-Za-z0-9 ]{0,40}[.?]?", 0..25),
    ) {
        let ar: Vec<&str> = ar.iter().map(String::as_str).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        assert_covers(&align(&ar, &en, &Options::default()), ar.len(), en.len());
        assert_covers(&gale_church(&ar, &en), ar.len(), en.len());
    }
}

/// The fixture with English lines 5 and 6 in one line, the first ending inside a quote
/// (`…"not enough." Will the aid arrive in time?`), and Arabic line `drop` left out.
fn one_english_line_holds_two(drop: usize) -> (Vec<&'static str>, Vec<String>) {
    let (mut ar, en) = news();
    ar.remove(drop);
    let mut en: Vec<String> = en.iter().map(|s| (*s).to_owned()).collect();
    en[5] =
        "But the farmers' union said the amount was \"not enough.\" Will the aid arrive in time?"
            .to_owned();
    en.remove(6);
    (ar, en)
}

#[test]
fn a_pair_with_a_sentence_more_on_one_side_is_flagged() {
    // Against the Arabic statement alone, and against the Arabic question alone.
    for drop in [6, 5] {
        let (ar, en) = one_english_line_holds_two(drop);
        let beads = align(&ar, &as_strs(&en), &Options::default());
        assert_covers(&beads, ar.len(), en.len());
        let bead = beads
            .iter()
            .find(|b| b.target == (5..6))
            .expect("a bead holds English line 5");
        assert_eq!(bead.source, 5..6, "{beads:?}");
        assert!(bead.needs_review(&Options::default()), "{bead:?}");
        assert!(bead.confidence < 0.5, "{bead:?}");
        // The other pairs stay confident.
        let others = beads.iter().filter(|b| b.target != (5..6));
        assert!(others.clone().all(|b| b.confidence > 0.9), "{beads:?}");
    }
}

#[test]
fn a_merge_that_shows_both_sentences_on_both_sides_stays_confident() {
    // Both Arabic sentences against the English line that holds both: a balanced 2:1 bead.
    let (ar, _) = news();
    let (_, en) = one_english_line_holds_two(0);
    let beads = align(&ar, &as_strs(&en), &Options::default());
    let bead = beads
        .iter()
        .find(|b| b.target == (5..6))
        .expect("a bead holds English line 5");
    assert_eq!(bead.source, 5..7, "{beads:?}");
    assert!(!bead.needs_review(&Options::default()), "{bead:?}");
}
