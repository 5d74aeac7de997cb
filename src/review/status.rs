//! Where a document stands, as `workbench status` and the browser editor show it: segments per
//! state, the number of review findings, glossary adherence, whether the source changed.

use std::path::Path;

use serde::Serialize;

use super::ReviewOptions;
use crate::glossary::{Adherence, Glossary, Matcher};
use crate::store::{self, Document, State};

/// Segments per state, in workflow order, plus `stale`: segments whose source changed under a
/// target a person had made (they keep their state too).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct StateCounts {
    pub new: usize,
    pub draft: usize,
    pub translated: usize,
    pub reviewed: usize,
    pub approved: usize,
    pub rejected: usize,
    pub stale: usize,
}

impl StateCounts {
    pub fn of(doc: &Document) -> StateCounts {
        let mut counts = StateCounts {
            stale: doc.segments.iter().filter(|s| s.stale).count(),
            ..StateCounts::default()
        };
        for (state, n) in doc.state_counts() {
            *counts.slot(state) += n;
        }
        counts
    }

    fn slot(&mut self, state: State) -> &mut usize {
        match state {
            State::New => &mut self.new,
            State::Draft => &mut self.draft,
            State::Translated => &mut self.translated,
            State::Reviewed => &mut self.reviewed,
            State::Approved => &mut self.approved,
            State::Rejected => &mut self.rejected,
        }
    }

    pub fn add(&mut self, other: &StateCounts) {
        self.new += other.new;
        self.draft += other.draft;
        self.translated += other.translated;
        self.reviewed += other.reviewed;
        self.approved += other.approved;
        self.rejected += other.rejected;
        self.stale += other.stale;
    }

    /// `(name, count)` in workflow order, `stale` last.
    pub fn named(&self) -> [(&'static str, usize); 7] {
        [
            ("new", self.new),
            ("draft", self.draft),
            ("translated", self.translated),
            ("reviewed", self.reviewed),
            ("approved", self.approved),
            ("rejected", self.rejected),
            ("stale", self.stale),
        ]
    }
}

/// Whether a document's source file is as it was translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    Current,
    Changed,
    Missing,
}

impl SourceStatus {
    /// The source file of `doc` (recorded relative to the project `root`) compared with the
    /// hash the document recorded.
    pub fn of(doc: &Document, root: &Path) -> SourceStatus {
        match store::hash_file(&root.join(&doc.meta.source_path)) {
            Ok(hash) if hash == doc.meta.source_hash => SourceStatus::Current,
            Ok(_) => SourceStatus::Changed,
            Err(_) => SourceStatus::Missing,
        }
    }
}

/// Glossary names found in the sources of segments that have a target, and how many of them
/// the target renders as the glossary says.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct GlossaryShare {
    pub names: usize,
    pub correct: usize,
    /// `correct / names`, absent when there are no names.
    pub share: Option<f64>,
}

impl From<Adherence> for GlossaryShare {
    fn from(a: Adherence) -> GlossaryShare {
        GlossaryShare {
            names: a.names,
            correct: a.correct,
            share: a.share(),
        }
    }
}

impl GlossaryShare {
    pub fn add(&mut self, other: GlossaryShare) {
        let mut sum = Adherence {
            names: self.names,
            correct: self.correct,
        };
        sum.add(Adherence {
            names: other.names,
            correct: other.correct,
        });
        *self = sum.into();
    }
}

/// The number of review findings in a document, of the checks the configuration has on.
pub fn count_findings(doc: &Document, glossary: &Glossary, options: &ReviewOptions) -> usize {
    super::review(doc, glossary, options)
        .rows
        .iter()
        .map(|r| r.findings.len())
        .sum()
}

/// For every segment with a target: each glossary name in its source, and whether the target
/// renders it as `glossary check` demands ([`Adherence`]).
pub fn glossary_share(doc: &Document, glossary: &Glossary, matcher: &Matcher) -> GlossaryShare {
    let mut out = Adherence::default();
    for seg in doc.segments.iter().filter(|s| !s.target.trim().is_empty()) {
        out.add(Adherence::of(
            glossary,
            &matcher.find(&seg.source),
            &seg.target,
        ));
    }
    out.into()
}
