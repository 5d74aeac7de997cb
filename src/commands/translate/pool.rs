//! The shared pool of one run: every segment that needs the engine, over all documents,
//! each distinct sentence once (what the memory knows is filled in instead), and the way
//! back: a finished batch applied to every segment that takes it.

use std::collections::HashMap;
use std::sync::Arc;

use super::documents::{DocRun, note_revision};
use super::memory::{Memory, same_engine};
use super::writer::Writer;
use crate::commands::Context;
use crate::glossary::{Glossary, Matcher, Proclitic};
use crate::store::{Origin, OriginKind, Record, Segment, State};
use crate::translate::{TermHint, TermSpan, Translation, Translator, Unit};

/// Who takes each unit's translation: (document index, segment id), by unit id.
pub(super) type Takers = Vec<Vec<(usize, u64)>>;

/// The shared pool: global unit id → every (document, segment) that takes its translation.
pub(super) struct Pool {
    pub(super) units: Vec<Unit>,
    pub(super) takers: Takers,
}

/// What the run's drafts are stored with: their origin, and the action named in the
/// document's revision.
pub(super) struct Stamp {
    pub(super) origin: Origin,
    pub(super) action: String,
}

/// Fill what the memory knows, and gather the rest, each distinct sentence once.
pub(super) fn build_pool<T: Translator>(
    docs: &mut [DocRun],
    memory: &Memory,
    engine: &Arc<T>,
    glossary: &Glossary,
    matcher: &Matcher,
    ctx: &Context,
) -> Pool {
    let model = engine.model();
    let mut pool = Pool {
        units: Vec::new(),
        takers: Vec::new(),
    };
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for (d, run) in docs.iter_mut().enumerate() {
        let wanted: Vec<(u64, std::ops::Range<usize>)> = run
            .doc
            .segments
            .iter()
            .filter(|s| needs_machine(s, engine.name(), model.as_deref()))
            .map(|s| (s.id, s.byte_range()))
            .collect();
        let mut reused = 0;
        for (id, range) in wanted {
            let context = run.context(range);
            let Some(seg) = run.doc.segment_mut(id) else {
                continue;
            };
            if let Some((target, from)) = memory.get(&seg.source) {
                let origin = Origin {
                    kind: OriginKind::Memory,
                    backend: from.as_ref().and_then(|o| o.backend.clone()),
                    model: from.as_ref().and_then(|o| o.model.clone()),
                    time: ctx.now.clone(),
                };
                if seg.set(target.clone(), State::Draft, Some(origin), run.revision) {
                    reused += 1;
                }
                continue;
            }
            let key = seg.source.trim().to_owned();
            match by_text.get(&key) {
                Some(&g) => pool.takers[g].push((d, id)),
                None => {
                    let global = pool.units.len();
                    let unit = unit_for(global as u64, &seg.source, context, glossary, matcher);
                    pool.units.push(unit);
                    pool.takers.push(vec![(d, id)]);
                    by_text.insert(key, global);
                    run.summary.sent += 1;
                }
            }
        }
        if reused > 0 {
            note_revision(
                &mut run.doc,
                run.revision,
                &ctx.now,
                "translation memory",
                reused,
            );
            run.summary.memory = reused;
            run.summary.translated += reused;
        }
    }
    pool
}

/// A segment goes to the machine when it has no target yet, or holds a machine draft made by
/// a different engine or model. Drafts reused from the translation memory stay.
fn needs_machine(seg: &Segment, backend: &str, model: Option<&str>) -> bool {
    match seg.state {
        State::New => true,
        State::Draft => seg
            .origin
            .as_ref()
            .is_none_or(|o| o.kind == OriginKind::Machine && !same_engine(o, backend, model)),
        _ => false,
    }
}

/// The unit for one segment: its text, its paragraph and the glossary terms found in it.
pub(super) fn unit_for(
    id: u64,
    text: &str,
    context: Option<String>,
    glossary: &Glossary,
    matcher: &Matcher,
) -> Unit {
    let mut terms: Vec<TermHint> = Vec::new();
    let mut spans = Vec::new();
    for m in matcher.find(text) {
        let Some(term) = glossary.terms().get(m.term) else {
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
        if !terms.contains(&hint) {
            terms.push(hint);
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
        terms,
        term_spans: spans,
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

/// Apply a finished batch to every segment that takes it (and that `accept` lets through)
/// and hand what changed in each document to the writer.
pub(super) fn store_translations(
    docs: &mut [DocRun],
    takers: &[Vec<(usize, u64)>],
    batch: Vec<Translation>,
    stamp: &Stamp,
    writer: &Writer,
    accept: impl Fn(&Segment, &str) -> bool,
) -> Result<(), String> {
    writer.check()?;
    // Per document, the ids of the segments the batch changed.
    let mut touched: Vec<(usize, Vec<u64>)> = Vec::new();
    for t in batch {
        let Some(list) = usize::try_from(t.id).ok().and_then(|i| takers.get(i)) else {
            continue;
        };
        for &(d, id) in list {
            let Some(run) = docs.get_mut(d) else { continue };
            let revision = run.revision;
            let Some(seg) = run.doc.segment_mut(id) else {
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
                run.summary.translated += 1;
                note_revision(&mut run.doc, revision, &stamp.origin.time, &stamp.action, 1);
                match touched.iter_mut().find(|t| t.0 == d) {
                    Some(t) => t.1.push(id),
                    None => touched.push((d, vec![id])),
                }
            }
        }
    }
    for (d, ids) in touched {
        let Some(run) = docs.get(d) else { continue };
        let record = Record {
            revisions: run.doc.revisions.clone(),
            segments: ids
                .iter()
                .filter_map(|&id| run.doc.segment(id).cloned())
                .collect(),
        };
        writer.record(d, record)?;
    }
    Ok(())
}
