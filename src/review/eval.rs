//! The held-out evaluation of the checks: hand-made cases in `tests/data/checks/` (a correct
//! translation, or a defect a reviewer would want raised), scored as precision and recall.
//!
//! A case is flagged when any of its segments has a warning or an error. Run with
//! `cargo test --lib review::eval -- --nocapture` to see the figures and every miss.
#![allow(
    clippy::print_stdout,
    reason = "the figures and misses are the test's report"
)]

use std::path::Path;

use super::{ReviewOptions, Severity, review};
use crate::glossary::Glossary;
use crate::store::{Document, Meta, SplitSegment, State};

const GLOSSARY: &str = include_str!("../../tests/data/checks/glossary.yaml");
const HELD_OUT: &str = include_str!("../../tests/data/checks/held-out.txt");
const DEVELOPMENT: &str = include_str!("../../tests/data/checks/development.txt");

/// One hand-made case: its id, the verdict (`ok` or a defect kind) and its segments.
struct Case {
    id: String,
    verdict: String,
    pairs: Vec<(String, String)>,
}

fn parse(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut source: Option<String> = None;
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("== ") {
            let mut words = head.split_whitespace();
            let id = words.next().expect("a case id").to_owned();
            let verdict = words.next().expect("a case verdict").to_owned();
            cases.push(Case {
                id,
                verdict,
                pairs: Vec::new(),
            });
        } else if let Some(ar) = line.strip_prefix("ar:") {
            source = Some(ar.trim().to_owned());
        } else if let Some(en) = line.strip_prefix("en:") {
            let case = cases.last_mut().expect("a pair inside a case");
            let ar = source.take().expect("an `ar:` line before each `en:` line");
            case.pairs.push((ar, en.trim().to_owned()));
        }
    }
    cases
}

/// The findings of warning or error severity in a case, described.
fn flags(case: &Case, glossary: &Glossary) -> Vec<String> {
    let split: Vec<SplitSegment> = case
        .pairs
        .iter()
        .map(|(s, _)| SplitSegment {
            range: 0..s.len(),
            text: s.clone(),
        })
        .collect();
    let mut doc = Document::new(Meta::for_tests(), &split);
    for (seg, (_, target)) in doc.segments.iter_mut().zip(&case.pairs) {
        seg.set(target.clone(), State::Translated, None, 1);
    }
    review(&doc, glossary, &ReviewOptions::default())
        .rows
        .iter()
        .flat_map(|r| {
            r.findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(move |f| format!("{} {}: {}", r.id, f.kind, f.message))
        })
        .collect()
}

/// Precision and recall over a set of cases; prints the misses.
fn score(name: &str, text: &str) -> (f64, f64) {
    let glossary = Glossary::parse(GLOSSARY, Path::new("glossary.yaml")).expect("the glossary");
    let cases = parse(text);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for case in &cases {
        let found = flags(case, &glossary);
        let defect = case.verdict != "ok";
        match (defect, found.is_empty()) {
            (true, false) => tp += 1,
            (true, true) => {
                fn_ += 1;
                println!("{name} {} {}: missed", case.id, case.verdict);
            }
            (false, false) => {
                fp += 1;
                println!("{name} {} ok: flagged {found:?}", case.id);
            }
            (false, true) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "{name}: {} cases ({} defects), precision {precision:.2}, recall {recall:.2}",
        cases.len(),
        tp + fn_
    );
    (precision, recall)
}

#[test]
fn the_cases_are_well_formed() {
    for text in [HELD_OUT, DEVELOPMENT] {
        let cases = parse(text);
        for case in &cases {
            assert!(!case.pairs.is_empty(), "{} has no segments", case.id);
        }
    }
    assert!(parse(HELD_OUT).len() + parse(DEVELOPMENT).len() >= 150);
}

#[test]
fn checks_score_on_the_development_set() {
    let (precision, recall) = score("development", DEVELOPMENT);
    assert!(
        precision >= 0.95 && recall >= 0.95,
        "{precision:.2} {recall:.2}"
    );
}

#[test]
fn checks_score_on_the_held_out_set() {
    let (precision, recall) = score("held-out", HELD_OUT);
    assert!(
        precision >= 0.95 && recall >= 0.95,
        "{precision:.2} {recall:.2}"
    );
}
