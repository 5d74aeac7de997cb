//! `--glossary-retry`: a second pass over the drafts this run made that break the glossary.
//! A new draft is kept only when it breaks fewer terms than the first.

use super::documents::DocRun;
use super::passes::Passes;
use super::pool::{Stamp, Takers, store_translations, unit_for};
use super::progress::Reporter;
use super::writer::Writer;
use crate::glossary::{self, Glossary, Matcher};
use crate::store::State;
use crate::translate::{self, Outcome, Stats, Translator};

/// Send once more the segments of this run whose draft breaks the glossary; keep a new
/// draft only when it breaks fewer terms. On an error, the pass's takers name the place.
pub(super) fn glossary_retry<T: Translator + Send + Sync + 'static>(
    passes: &Passes<T>,
    docs: &mut [DocRun],
    glossary: &Glossary,
    matcher: &Matcher,
    stamp: &Stamp,
    writer: &Writer,
    reporter: &mut Reporter,
) -> Result<Outcome, (translate::Error, Takers)> {
    let mut units = Vec::new();
    let mut takers = Vec::new();
    for (d, run) in docs.iter().enumerate() {
        for seg in &run.doc.segments {
            let ours = seg.state == State::Draft
                && seg.origin.as_ref() == Some(&stamp.origin)
                && seg.revision == run.revision;
            if !ours {
                continue;
            }
            let matches = matcher.find(&seg.source);
            let broken = glossary::check(glossary, &matches, &seg.target);
            if broken.is_empty() {
                continue;
            }
            let context = run.context(seg.byte_range());
            let mut unit = unit_for(units.len() as u64, &seg.source, context, glossary, matcher);
            // Stress the terms the first draft broke.
            for hint in &mut unit.terms {
                hint.stressed = broken.iter().any(|v| {
                    glossary
                        .terms()
                        .get(v.term)
                        .is_some_and(|t| t.rendering() == hint.target)
                });
            }
            units.push(unit);
            takers.push(vec![(d, seg.id)]);
        }
    }
    if units.is_empty() {
        return Ok(Outcome {
            stats: Stats::default(),
            interrupted: false,
        });
    }
    reporter.restart(units.len() as u64, "glossary retry");
    let violations =
        |source: &str, target: &str| glossary::check(glossary, &matcher.find(source), target).len();
    let result = passes.run(units, reporter, |batch| {
        store_translations(docs, &takers, batch, stamp, writer, |seg, new| {
            violations(&seg.source, new) < violations(&seg.source, &seg.target)
        })
    });
    result.map_err(|e| (e, takers))
}
