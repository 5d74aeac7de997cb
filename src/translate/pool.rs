//! The shared pool of a run over many documents: every segment that needs the engine, each
//! distinct sentence once (what the translation memory knows is filled in instead), with the
//! glossary terms found in it; and the way back: a finished batch applied to every segment
//! that takes it. Also the pool of the glossary retry: the run's drafts that break the
//! glossary, sent once more.
//!
//! The pool changes documents in memory only; storing what changed is the caller's (it gets
//! a [`Record`] per document).

use std::collections::HashMap;
use std::ops::Range;

use super::{Example, TermHint, TermSpan, Translation, Unit};
use crate::glossary::{self, Glossary, Matcher, Proclitic};
use crate::memory::{Engine, Memory};
use crate::store::{Document, Origin, OriginKind, Record, Segment, State};

/// Who takes each unit's translation: (document index, segment id), by unit id.
pub type Takers = Vec<Vec<(usize, u64)>>;

/// A document of a run, as the pool reads and changes it.
pub trait RunDocument {
    fn document(&self) -> &Document;
    fn document_mut(&mut self) -> &mut Document;
    /// The revision the run's changes are recorded under.
    fn revision(&self) -> u32;
    /// The paragraph around the segment at `range`, when it holds more than the segment.
    fn context(&self, range: Range<usize>) -> Option<String>;
    /// Whether the glossary changed since the document was last stored: its machine drafts
    /// that break the glossary are then drafted again (see [`breaks_glossary`]).
    fn glossary_changed(&self) -> bool {
        false
    }
}

/// What the run's drafts are stored with: their origin, and the action named in the
/// document's revision.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub origin: Origin,
    pub action: String,
}

/// The units to send, each with the segments that take its translation.
#[derive(Debug, Default)]
pub struct Pool {
    pub units: Vec<Unit>,
    pub takers: Takers,
    /// The unit of each distinct source sentence (trimmed).
    by_text: HashMap<String, usize>,
    /// Fuzzy memory matches given to each new unit as examples: at least this score, at most
    /// this many (none by default).
    examples: (u8, usize),
}

/// What [`Pool::add`] did with one document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Added {
    /// Units added to the pool for it (sentences already in the pool not counted).
    pub sent: usize,
    /// Segments filled from the translation memory.
    pub reused: usize,
    /// Machine drafts sent again because they break a glossary that changed since.
    pub redrafted: Vec<u64>,
}

/// The glossary and its matcher: what the units' term hints come from.
#[derive(Clone, Copy)]
pub struct Terms<'a> {
    pub glossary: &'a Glossary,
    pub matcher: &'a Matcher,
}

impl Pool {
    pub fn new() -> Pool {
        Pool::default()
    }

    /// A pool whose new units carry, as examples, the memory's best fuzzy matches of their
    /// sentence: at most `max`, each scoring at least `min`.
    pub fn with_examples(min: u8, max: usize) -> Pool {
        Pool {
            examples: (min, max),
            ..Pool::default()
        }
    }

    /// Add the segments of document `d` that need `engine` (see [`needs_machine`]): each
    /// whose sentence the memory knows takes the memory's target at once (a draft of origin
    /// `memory`, made at `time`, noted in the document's revision); the others join the
    /// pool, a sentence already in it taking that unit's translation.
    pub fn add<D: RunDocument>(
        &mut self,
        d: usize,
        run: &mut D,
        memory: &Memory,
        engine: Engine<'_>,
        terms: Terms<'_>,
        time: &str,
    ) -> Added {
        let mut added = Added::default();
        let revision = run.revision();
        let glossary_changed = run.glossary_changed();
        let wanted: Vec<(u64, Range<usize>)> = run
            .document()
            .segments
            .iter()
            .filter(|s| {
                if needs_machine(s, engine) {
                    return true;
                }
                let again = glossary_changed && breaks_glossary(s, terms);
                if again {
                    added.redrafted.push(s.id);
                }
                again
            })
            .map(|s| (s.id, s.byte_range()))
            .collect();
        for (id, range) in wanted {
            let context = run.context(range);
            let Some(seg) = run.document_mut().segment_mut(id) else {
                continue;
            };
            // A draft sent again for the glossary is not filled from the memory: that holds
            // the same draft.
            let redraft = added.redrafted.contains(&id);
            if let Some(entry) = memory.reuse(&seg.source, engine).filter(|_| !redraft) {
                let from = entry.origin.as_ref();
                let origin = Origin {
                    kind: OriginKind::Memory,
                    backend: from.and_then(|o| o.backend.clone()),
                    model: from.and_then(|o| o.model.clone()),
                    time: time.to_owned(),
                };
                if seg.set(entry.target.clone(), State::Draft, Some(origin), revision) {
                    added.reused += 1;
                }
                continue;
            }
            let key = seg.source.trim().to_owned();
            match self.by_text.get(&key) {
                Some(&g) => self.takers[g].push((d, id)),
                None => {
                    let global = self.units.len();
                    let mut unit = unit_for(global as u64, &seg.source, context, terms);
                    let (min, max) = self.examples;
                    if max > 0 {
                        unit.examples = memory
                            .lookup(&seg.source, min, max)
                            .into_iter()
                            .map(|m| Example {
                                score: m.score,
                                source: m.entry.source.clone(),
                                target: m.entry.target.clone(),
                            })
                            .collect();
                    }
                    self.units.push(unit);
                    self.takers.push(vec![(d, id)]);
                    self.by_text.insert(key, global);
                    added.sent += 1;
                }
            }
        }
        if added.reused > 0 {
            run.document_mut()
                .note_revision(revision, time, "translation memory", added.reused);
        }
        added
    }

    /// The glossary retry's pool: each segment of `docs` that this run drafted (`origin`,
    /// under the document's revision) and whose draft breaks the glossary, once, with the
    /// terms it broke stressed.
    pub fn glossary_retry<D: RunDocument>(docs: &[D], origin: &Origin, terms: Terms<'_>) -> Pool {
        let mut pool = Pool::new();
        for (d, run) in docs.iter().enumerate() {
            for seg in &run.document().segments {
                let ours = seg.state == State::Draft
                    && seg.origin.as_ref() == Some(origin)
                    && seg.revision == run.revision();
                if !ours {
                    continue;
                }
                let matches = terms.matcher.find(&seg.source);
                let broken = glossary::check(terms.glossary, &matches, &seg.target);
                if broken.is_empty() {
                    continue;
                }
                let context = run.context(seg.byte_range());
                let id = pool.units.len() as u64;
                let mut unit = unit_for(id, &seg.source, context, terms);
                for hint in &mut unit.terms {
                    hint.stressed = broken.iter().any(|v| {
                        terms
                            .glossary
                            .terms()
                            .get(v.term)
                            .is_some_and(|t| t.rendering() == hint.target)
                    });
                }
                pool.units.push(unit);
                pool.takers.push(vec![(d, seg.id)]);
            }
        }
        pool
    }
}

/// Whether a glossary retry's `new` draft is kept over the segment's: only when it breaks
/// fewer glossary terms.
pub fn breaks_fewer_terms(terms: Terms<'_>, seg: &Segment, new: &str) -> bool {
    let violations = |target: &str| {
        glossary::check(terms.glossary, &terms.matcher.find(&seg.source), target).len()
    };
    violations(new) < violations(&seg.target)
}

/// A segment goes to the machine when a machine may write it at all
/// ([`State::machine_may_overwrite`]) and it has no target yet, or holds a machine draft made
/// by another engine or model. Drafts reused from the translation memory, imported or
/// aligned, stay.
pub fn needs_machine(seg: &Segment, engine: Engine<'_>) -> bool {
    if !seg.state.machine_may_overwrite() {
        return false;
    }
    seg.state == State::New
        || seg.origin.as_ref().is_none_or(|o| {
            o.kind == OriginKind::Machine && !o.made_by(engine.backend, engine.model)
        })
}

/// Whether `seg` holds a machine draft (never a person's work) that breaks the glossary: a
/// term of its source without the rendering, or a forbidden one.
pub fn breaks_glossary(seg: &Segment, terms: Terms<'_>) -> bool {
    seg.state == State::Draft
        && seg
            .origin
            .as_ref()
            .is_some_and(|o| o.kind == OriginKind::Machine)
        && !glossary::check(
            terms.glossary,
            &terms.matcher.find(&seg.source),
            &seg.target,
        )
        .is_empty()
}

/// The unit for one segment: its text, its paragraph and the glossary terms found in it.
pub fn unit_for(id: u64, text: &str, context: Option<String>, terms: Terms<'_>) -> Unit {
    let mut hints: Vec<TermHint> = Vec::new();
    let mut spans = Vec::new();
    for m in terms.matcher.find(text) {
        let Some(term) = terms.glossary.terms().get(m.term) else {
            continue;
        };
        let surface = text
            .get(m.term_range.clone())
            .unwrap_or_default()
            .to_owned();
        let hint = TermHint {
            stressed: false,
            source: surface,
            target: term.english.clone(),
        };
        if !hints.contains(&hint) {
            hints.push(hint);
        }
        spans.push(TermSpan {
            range: m.range.clone(),
            prefix: proclitics_in_english(&m.proclitics),
            rendering: term.english.clone(),
        });
    }
    Unit {
        id,
        text: text.to_owned(),
        context,
        terms: hints,
        term_spans: spans,
        examples: Vec::new(),
    }
}

/// `وب` + term → `and in `.
fn proclitics_in_english(clitics: &[Proclitic]) -> String {
    let mut out = String::new();
    for c in clitics {
        let word = match c {
            Proclitic::Wa => "and ",
            Proclitic::Fa => "so ",
            Proclitic::Bi => "in ",
            Proclitic::Ka => "like ",
            Proclitic::Li => "to ",
            Proclitic::Al => "",
        };
        out.push_str(word);
    }
    out
}

/// The characters of source text each document takes from a finished batch, as (document
/// index, characters) pairs: a unit's characters go to the documents of its segments, shared
/// equally when several segments take it. What a run was billed is split between its
/// documents in these proportions ([`super::usage::shares`]).
pub fn usage_weights<D: RunDocument>(
    docs: &[D],
    takers: &[Vec<(usize, u64)>],
    batch: &[Translation],
) -> Vec<(usize, f64)> {
    let mut weights = Vec::new();
    for t in batch {
        let Some(list) = usize::try_from(t.id).ok().and_then(|i| takers.get(i)) else {
            continue;
        };
        let Some(chars) = list.iter().find_map(|&(d, id)| {
            let seg = docs.get(d)?.document().segment(id)?;
            Some(seg.source.trim().chars().count())
        }) else {
            continue;
        };
        let each = chars as f64 / list.len() as f64;
        weights.extend(list.iter().map(|&(d, _)| (d, each)));
    }
    weights
}

/// Apply a finished batch to every segment that takes it, that a machine may overwrite and
/// that `accept` lets through: a draft stamped with `stamp`, noted in the document's
/// revision. Returns, per document changed, the record of what changed (one segment each).
pub fn apply_batch<D: RunDocument>(
    docs: &mut [D],
    takers: &[Vec<(usize, u64)>],
    batch: Vec<Translation>,
    stamp: &Stamp,
    accept: impl Fn(&Segment, &str) -> bool,
) -> Vec<(usize, Record)> {
    // Per document, the ids of the segments the batch changed.
    let mut touched: Vec<(usize, Vec<u64>)> = Vec::new();
    for t in batch {
        let Some(list) = usize::try_from(t.id).ok().and_then(|i| takers.get(i)) else {
            continue;
        };
        for &(d, id) in list {
            let Some(run) = docs.get_mut(d) else { continue };
            let revision = run.revision();
            let doc = run.document_mut();
            let Some(seg) = doc.segment_mut(id) else {
                continue;
            };
            if !seg.state.machine_may_overwrite() || !accept(seg, &t.text) {
                continue;
            }
            if seg.set(
                t.text.clone(),
                State::Draft,
                Some(stamp.origin.clone()),
                revision,
            ) {
                doc.note_revision(revision, &stamp.origin.time, &stamp.action, 1);
                match touched.iter_mut().find(|t| t.0 == d) {
                    Some(t) => t.1.push(id),
                    None => touched.push((d, vec![id])),
                }
            }
        }
    }
    touched
        .into_iter()
        .filter_map(|(d, ids)| {
            let doc = docs.get(d)?.document();
            let record = Record {
                revisions: doc.revisions.clone(),
                segments: ids
                    .iter()
                    .filter_map(|&id| doc.segment(id).cloned())
                    .collect(),
            };
            Some((d, record))
        })
        .collect()
}

#[cfg(test)]
mod tests;
