//! Translation memory: a target already stored in `translations/` for an identical source
//! sentence, reused instead of asking an engine again.
//!
//! The index is built from documents (the caller loads them) and looked up by source text.
//! Matching is exact, spaces around the sentence ignored. Among the targets stored for one
//! sentence, a person's win over a machine's: approved, then reviewed, then translated, then
//! a draft made by the very engine (and model) the run uses; drafts by other engines, stale
//! segments and empty targets are never reused.

use std::collections::HashMap;

use crate::store::{Document, Origin, OriginKind, Segment, State};

/// The engine a run uses: the backend's name and its model, if it reports one. Its own
/// drafts may be reused; another engine's may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engine<'a> {
    pub backend: &'a str,
    pub model: Option<&'a str>,
}

/// What the memory holds for a sentence: the target and who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub target: String,
    pub origin: Option<Origin>,
}

/// The index of reusable targets by source sentence.
#[derive(Debug, Default)]
pub struct Memory {
    entries: HashMap<String, Entry>,
}

impl Memory {
    /// The index of every segment of `docs` that may be reused by a run of `engine` (see the
    /// module documentation). Between two targets of the same rank, the first document given
    /// wins.
    pub fn build<'d>(docs: impl IntoIterator<Item = &'d Document>, engine: Engine<'_>) -> Memory {
        let mut best: HashMap<String, (u8, Entry)> = HashMap::new();
        for doc in docs {
            for s in &doc.segments {
                let Some(r) = rank(s, engine) else { continue };
                let key = s.source.trim();
                if best.get(key).is_none_or(|(old, _)| r < *old) {
                    let entry = Entry {
                        target: s.target.clone(),
                        origin: s.origin.clone(),
                    };
                    best.insert(key.to_owned(), (r, entry));
                }
            }
        }
        Memory {
            entries: best.into_iter().map(|(k, (_, e))| (k, e)).collect(),
        }
    }

    /// The target stored for `source` (spaces around it ignored) and its origin.
    pub fn lookup(&self, source: &str) -> Option<&Entry> {
        self.entries.get(source.trim())
    }

    /// How many distinct sentences the memory knows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the memory knows no sentence.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A segment's rank as a memory entry (lower wins), or `None` when it may not be reused.
fn rank(s: &Segment, engine: Engine<'_>) -> Option<u8> {
    if s.stale || s.target.trim().is_empty() {
        return None;
    }
    match s.state {
        State::Approved => Some(0),
        State::Reviewed => Some(1),
        State::Translated => Some(2),
        State::Draft
            if s.origin.as_ref().is_some_and(|o| {
                o.kind == OriginKind::Machine && o.made_by(engine.backend, engine.model)
            }) =>
        {
            Some(3)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Meta, SplitSegment};

    const STUB: Engine<'static> = Engine {
        backend: "stub",
        model: None,
    };

    fn origin(kind: OriginKind, backend: Option<&str>) -> Origin {
        Origin {
            kind,
            backend: backend.map(str::to_owned),
            model: None,
            time: "2026-01-01T00:00:00Z".into(),
        }
    }

    /// A document of one segment with `source`, holding `target` in `state`.
    fn doc(source: &str, target: &str, state: State, from: Origin) -> Document {
        let split = [SplitSegment {
            range: 0..source.len(),
            text: source.into(),
        }];
        let mut d = Document::new(Meta::for_tests(), &split);
        d.segments[0].set(target.into(), state, Some(from), 1);
        d.record_revision(1, "2026-01-01T00:00:00Z", "test", 1);
        d
    }

    #[test]
    fn a_persons_target_wins_over_a_machine_draft() {
        let draft = doc(
            "جملة.",
            "Machine.",
            State::Draft,
            origin(OriginKind::Machine, Some("stub")),
        );
        let person = doc(
            "جملة.",
            "Person.",
            State::Translated,
            origin(OriginKind::Human, None),
        );
        let memory = Memory::build([&draft, &person], STUB);
        assert_eq!(memory.len(), 1);
        assert_eq!(memory.lookup("  جملة. ").unwrap().target, "Person.");
        assert!(memory.lookup("جملة أخرى.").is_none());
    }

    #[test]
    fn only_this_engines_drafts_are_reused() {
        let other = doc(
            "جملة.",
            "Other.",
            State::Draft,
            origin(OriginKind::Machine, Some("deepl")),
        );
        assert!(Memory::build([&other], STUB).is_empty());
        let ours = doc(
            "جملة.",
            "Ours.",
            State::Draft,
            origin(OriginKind::Machine, Some("stub")),
        );
        let memory = Memory::build([&other, &ours], STUB);
        assert_eq!(memory.lookup("جملة.").unwrap().target, "Ours.");
        assert_eq!(
            memory.lookup("جملة.").unwrap().origin,
            Some(origin(OriginKind::Machine, Some("stub")))
        );
    }

    #[test]
    fn stale_empty_and_rejected_targets_are_never_reused() {
        let mut stale = doc("أ.", "A.", State::Approved, origin(OriginKind::Human, None));
        stale.segments[0].stale = true;
        let empty = doc(
            "ب.",
            " ",
            State::Translated,
            origin(OriginKind::Human, None),
        );
        let rejected = doc("ج.", "C.", State::Rejected, origin(OriginKind::Human, None));
        assert!(Memory::build([&stale, &empty, &rejected], STUB).is_empty());
    }

    #[test]
    fn between_equal_ranks_the_first_document_wins() {
        let a = doc(
            "جملة.",
            "First.",
            State::Reviewed,
            origin(OriginKind::Human, None),
        );
        let b = doc(
            "جملة.",
            "Second.",
            State::Reviewed,
            origin(OriginKind::Human, None),
        );
        assert_eq!(
            Memory::build([&a, &b], STUB)
                .lookup("جملة.")
                .unwrap()
                .target,
            "First."
        );
    }
}
