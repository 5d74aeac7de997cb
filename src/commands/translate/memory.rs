//! Translation memory: a target already stored anywhere in `translations/` for an identical
//! source sentence, reused instead of asking the engine again.

use std::collections::HashMap;

use super::documents::DocRun;
use crate::commands::Context;
use crate::store::{Document, Origin, OriginKind, Segment, State};

/// Targets that can be reused for an identical source sentence.
pub(super) struct Memory {
    entries: HashMap<String, (String, Option<Origin>)>,
}

impl Memory {
    /// Every document in `translations/` (the run's own in their current form): a person's
    /// targets first (approved, reviewed, translated), then drafts by this very engine.
    pub(super) fn build(
        ctx: &Context,
        docs: &[DocRun],
        backend: &str,
        model: Option<&str>,
    ) -> anyhow::Result<Memory> {
        let mut others = Vec::new();
        for path in ctx.layout.document_paths()? {
            if docs.iter().any(|d| d.store_path == path) {
                continue;
            }
            match Document::load(&path) {
                Ok(doc) => others.push(doc),
                Err(e) => ctx.printer.warn(format_args!(
                    "translation memory skips `{}`: {e}",
                    ctx.show(&path)
                )),
            }
        }
        let rank = |s: &Segment| -> Option<u8> {
            if s.stale || s.target.trim().is_empty() {
                return None;
            }
            match s.state {
                State::Approved => Some(0),
                State::Reviewed => Some(1),
                State::Translated => Some(2),
                State::Draft
                    if s.origin.as_ref().is_some_and(|o| {
                        o.kind == OriginKind::Machine && same_engine(o, backend, model)
                    }) =>
                {
                    Some(3)
                }
                _ => None,
            }
        };
        let mut best: HashMap<String, (u8, String, Option<Origin>)> = HashMap::new();
        let all = docs.iter().map(|d| &d.doc).chain(others.iter());
        for doc in all {
            for s in &doc.segments {
                let Some(r) = rank(s) else { continue };
                let key = s.source.trim().to_owned();
                if best.get(&key).is_none_or(|(old, _, _)| r < *old) {
                    best.insert(key, (r, s.target.clone(), s.origin.clone()));
                }
            }
        }
        Ok(Memory {
            entries: best.into_iter().map(|(k, (_, t, o))| (k, (t, o))).collect(),
        })
    }

    /// The target stored for `source` (spaces around it ignored) and its origin.
    pub(super) fn get(&self, source: &str) -> Option<&(String, Option<Origin>)> {
        self.entries.get(source.trim())
    }
}

/// Whether `origin` names this backend and model.
pub(super) fn same_engine(origin: &Origin, backend: &str, model: Option<&str>) -> bool {
    origin.backend.as_deref() == Some(backend) && origin.model.as_deref() == model
}
