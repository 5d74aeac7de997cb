use super::*;
use crate::glossary::Term;
use crate::store::{Meta, SplitSegment};

const STUB: Engine<'static> = Engine {
    backend: "stub",
    model: None,
};
const TIME: &str = "2026-01-01T00:00:00Z";

/// A run document for the tests: a document and its revision, no contexts.
struct Run {
    doc: Document,
    revision: u32,
}

impl RunDocument for Run {
    fn document(&self) -> &Document {
        &self.doc
    }
    fn document_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
    fn revision(&self) -> u32 {
        self.revision
    }
    fn context(&self, range: Range<usize>) -> Option<String> {
        (range.start == 0).then(|| "the paragraph".to_owned())
    }
}

fn run(texts: &[&str]) -> Run {
    let split = SplitSegment::lines_for_tests(texts);
    let doc = Document::new(Meta::for_tests(), &split);
    Run {
        revision: doc.next_revision(),
        doc,
    }
}

fn glossary() -> Glossary {
    let mut g = Glossary::new();
    g.add(Term::new(vec!["حمص"], "Homs")).unwrap();
    g
}

fn machine(backend: &str) -> Origin {
    Origin {
        kind: OriginKind::Machine,
        backend: Some(backend.into()),
        model: None,
        time: TIME.into(),
    }
}

fn stamp() -> Stamp {
    Stamp {
        origin: machine("stub"),
        action: "translate stub".into(),
    }
}

#[test]
fn needs_machine_follows_the_one_overwrite_rule() {
    let mut r = run(&["أ."]);
    let seg = &mut r.doc.segments[0];
    assert!(needs_machine(seg, STUB));
    seg.set("A.".into(), State::Draft, Some(machine("deepl")), 1);
    assert!(needs_machine(seg, STUB), "another engine's draft is redone");
    seg.set("A!".into(), State::Draft, Some(machine("stub")), 1);
    assert!(!needs_machine(seg, STUB), "this engine's draft stays");
    let mut memory = machine("stub");
    memory.kind = OriginKind::Memory;
    seg.set("A?".into(), State::Draft, Some(memory), 1);
    assert!(!needs_machine(seg, STUB), "a memory draft stays");
    for state in [
        State::Translated,
        State::Reviewed,
        State::Approved,
        State::Rejected,
    ] {
        seg.set("B.".into(), state, Some(machine("deepl")), 1);
        assert!(!needs_machine(seg, STUB), "{state}");
    }
}

#[test]
fn identical_sentences_across_documents_are_sent_once() {
    let g = glossary();
    let m = Matcher::new(&g);
    let terms = Terms {
        glossary: &g,
        matcher: &m,
    };
    let mut docs = [run(&["بحمص.", "جملة."]), run(&[" بحمص. "])];
    let mut pool = Pool::new();
    let memory = Memory::default();
    let added: Vec<Added> = (0..docs.len())
        .map(|d| pool.add(d, &mut docs[d], &memory, STUB, terms, TIME))
        .collect();
    assert_eq!(
        added[0],
        Added {
            sent: 2,
            reused: 0,
            ..Added::default()
        }
    );
    assert_eq!(
        added[1],
        Added {
            sent: 0,
            reused: 0,
            ..Added::default()
        }
    );
    assert_eq!(pool.units.len(), 2);
    assert_eq!(pool.takers[0], vec![(0, 1), (1, 1)]);
    let unit = &pool.units[0];
    assert_eq!(unit.context.as_deref(), Some("the paragraph"));
    assert_eq!(unit.terms.len(), 1);
    assert_eq!(unit.terms[0].target, "Homs");
    assert_eq!(unit.term_spans[0].prefix, "in ");
}

#[test]
fn a_shared_sentence_weighs_half_in_each_document() {
    let g = glossary();
    let m = Matcher::new(&g);
    let terms = Terms {
        glossary: &g,
        matcher: &m,
    };
    let mut docs = [run(&["بحمص.", "جملة."]), run(&[" بحمص. "])];
    let mut pool = Pool::new();
    for (d, run) in docs.iter_mut().enumerate() {
        pool.add(d, run, &Memory::default(), STUB, terms, TIME);
    }
    let batch = [0, 1, 7].map(|id| Translation {
        id,
        text: "X.".into(),
    });
    let weights = usage_weights(&docs, &pool.takers, &batch);
    assert_eq!(weights, vec![(0, 2.5), (1, 2.5), (0, 5.0)]);
}

#[test]
fn what_the_memory_knows_is_filled_in_not_sent() {
    let g = glossary();
    let m = Matcher::new(&g);
    let terms = Terms {
        glossary: &g,
        matcher: &m,
    };
    let mut known = run(&["جملة."]);
    known.doc.segments[0].set("A sentence.".into(), State::Approved, None, 1);
    let memory = Memory::build([&known.doc]);
    let mut r = run(&["جملة.", "أخرى."]);
    let mut pool = Pool::new();
    let added = pool.add(0, &mut r, &memory, STUB, terms, TIME);
    assert_eq!(
        added,
        Added {
            sent: 1,
            reused: 1,
            ..Added::default()
        }
    );
    let seg = &r.doc.segments[0];
    assert_eq!(seg.target, "A sentence.");
    assert_eq!(seg.state, State::Draft);
    assert_eq!(seg.origin.as_ref().unwrap().kind, OriginKind::Memory);
    assert_eq!(r.doc.revisions[0].action, "translation memory");
    assert_eq!(pool.units[0].text, "أخرى.");
}

#[test]
fn a_batch_reaches_every_taker_a_machine_may_write() {
    let mut docs = vec![run(&["أ.", "ب."]), run(&["أ."])];
    let takers: Takers = vec![vec![(0, 1), (1, 1)], vec![(0, 2)]];
    // A person wrote document 1's segment meanwhile: it keeps its target.
    docs[1].doc.segments[0].set("Mine.".into(), State::Translated, None, 1);
    let batch = vec![
        Translation {
            id: 0,
            text: "A.".into(),
        },
        Translation {
            id: 1,
            text: "B.".into(),
        },
        Translation {
            id: 7,
            text: "Nobody's.".into(),
        },
    ];
    let records = apply_batch(&mut docs, &takers, batch, &stamp(), |_, _| true);
    assert_eq!(records.len(), 1);
    let (d, record) = &records[0];
    assert_eq!(*d, 0);
    assert_eq!(record.segments.len(), 2);
    assert_eq!(record.revisions, docs[0].doc.revisions);
    assert_eq!(docs[0].doc.revisions[0].changed, 2);
    assert_eq!(docs[0].doc.segments[1].target, "B.");
    assert_eq!(docs[0].doc.segments[1].origin, Some(machine("stub")));
    assert_eq!(docs[1].doc.segments[0].target, "Mine.");
    let refused = apply_batch(
        &mut docs,
        &takers,
        vec![Translation {
            id: 1,
            text: "B again.".into(),
        }],
        &stamp(),
        |_, _| false,
    );
    assert!(refused.is_empty());
}

#[test]
fn the_glossary_retry_takes_the_runs_drafts_that_break_the_glossary() {
    let g = glossary();
    let m = Matcher::new(&g);
    let terms = Terms {
        glossary: &g,
        matcher: &m,
    };
    let mut r = run(&["في حمص.", "في حمص هنا.", "جملة."]);
    let rev = r.revision;
    r.doc.segments[0].set("In Hims.".into(), State::Draft, Some(machine("stub")), rev);
    r.doc.segments[1].set(
        "In Homs here.".into(),
        State::Draft,
        Some(machine("stub")),
        rev,
    );
    r.doc.segments[2].set(
        "A sentence.".into(),
        State::Draft,
        Some(machine("stub")),
        rev,
    );
    r.doc.record_revision(rev, TIME, "translate stub", 3);
    let pool = Pool::glossary_retry(std::slice::from_ref(&r), &machine("stub"), terms);
    assert_eq!(pool.units.len(), 1);
    assert_eq!(pool.takers, vec![vec![(0, 1)]]);
    assert!(pool.units[0].terms[0].stressed);
    // Another engine's draft is not this run's.
    assert!(
        Pool::glossary_retry(std::slice::from_ref(&r), &machine("deepl"), terms)
            .units
            .is_empty()
    );
    let seg = &r.doc.segments[0];
    assert!(breaks_fewer_terms(terms, seg, "In Homs."));
    assert!(!breaks_fewer_terms(terms, seg, "In Hamas."));
}
