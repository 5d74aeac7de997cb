//! Machine translation: the backend interface, batching and the run loop.
//!
//! A backend receives a batch of [`Unit`]s (segment id, source text, context and the glossary
//! terms found in it) and returns one [`Translation`] per id. The run loop packs units into
//! batches within the backend's [`Limits`] and hands every finished batch to a sink at once, so
//! that the caller can store it before the next one arrives. This is the only async code of the
//! crate; it never prints and never reads the environment (settings come in as values).

pub mod stub;

use std::future::Future;

/// A glossary term found in a unit, with the rendering the target must use.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermHint {
    /// The Arabic text as it appears in the source.
    pub source: String,
    /// The required English rendering.
    pub target: String,
}

/// One segment to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The segment id; the translation must come back with the same id.
    pub id: u64,
    pub text: String,
    /// The surrounding paragraph, for engines that use context.
    pub context: Option<String>,
    pub terms: Vec<TermHint>,
    /// For the stub and placeholder protection: the byte ranges of glossary matches in `text`,
    /// with their proclitics rendered in English (`and `, `in `…) and the rendering.
    pub term_spans: Vec<TermSpan>,
}

/// Where a glossary term stands in a unit's text, and how it must be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermSpan {
    pub range: std::ops::Range<usize>,
    /// English for the proclitics in front of the term (`and in `), may be empty.
    pub prefix: String,
    pub rendering: String,
}

/// A backend's answer for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub id: u64,
    pub text: String,
}

/// How many units and bytes one request may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_units: usize,
    pub max_bytes: usize,
}

/// Errors of the translation run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{backend}: the answer has {got} translations for {expected} segments")]
    Count {
        backend: &'static str,
        expected: usize,
        got: usize,
    },
    #[error("{backend}: the answer is missing segment {id}")]
    MissingId { backend: &'static str, id: u64 },
    #[error("could not store a finished batch: {0}")]
    Sink(String),
}

/// A machine-translation engine.
pub trait Translator {
    /// The backend's name as stored in a segment's origin (`stub`, `openai`…).
    fn name(&self) -> &'static str;
    /// The model or engine version, when there is one.
    fn model(&self) -> Option<String>;
    fn limits(&self) -> Limits;
    /// Translate one batch: exactly one translation per unit id.
    fn translate(&self, batch: &[Unit]) -> impl Future<Output = Result<Vec<Translation>, Error>>;
}

/// Pack units into batches within `limits`, in order.
pub fn plan_batches(units: Vec<Unit>, limits: Limits) -> Vec<Vec<Unit>> {
    let mut batches = Vec::new();
    let mut current: Vec<Unit> = Vec::new();
    let mut bytes = 0;
    for unit in units {
        let size = unit.text.len();
        if !current.is_empty()
            && (current.len() >= limits.max_units || bytes + size > limits.max_bytes)
        {
            batches.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.push(unit);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// Check that a batch's answer holds exactly one translation per unit, and order it like
/// the units.
pub fn match_ids(
    backend: &'static str,
    batch: &[Unit],
    mut answer: Vec<Translation>,
) -> Result<Vec<Translation>, Error> {
    if answer.len() != batch.len() {
        return Err(Error::Count {
            backend,
            expected: batch.len(),
            got: answer.len(),
        });
    }
    let mut out = Vec::with_capacity(batch.len());
    for unit in batch {
        let pos = answer
            .iter()
            .position(|t| t.id == unit.id)
            .ok_or(Error::MissingId {
                backend,
                id: unit.id,
            })?;
        out.push(answer.swap_remove(pos));
    }
    Ok(out)
}

/// Translate every unit, batch by batch, calling `sink` with each finished batch.
pub async fn run<T: Translator>(
    engine: &T,
    units: Vec<Unit>,
    mut sink: impl FnMut(Vec<Translation>) -> Result<(), String>,
) -> Result<(), Error> {
    for batch in plan_batches(units, engine.limits()) {
        let answer = engine.translate(&batch).await?;
        let ordered = match_ids(engine.name(), &batch, answer)?;
        sink(ordered).map_err(Error::Sink)?;
    }
    Ok(())
}
