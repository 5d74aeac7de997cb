//! Review: the bilingual text as rows with quality findings, computed as data, then rendered.
//!
//! [`review`] runs every enabled check of [`ReviewOptions`] over a document and returns a
//! [`Report`]: one [`Row`] per segment with its [`Finding`]s (kind, severity, message and the
//! byte ranges of the evidence). [`Report::select`] applies the reviewer's filters; the
//! renderers (`render_human`, `render_html`) and serde (`--format json`) present it. The checks
//! themselves live in `checks.rs`, one function each.

mod approve;
mod checks;
#[cfg(test)]
mod eval;
pub mod form;
mod html;
mod render;
pub mod status;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::config::Checks;
use crate::display;
use crate::glossary::{Glossary, Matcher};
use crate::store::{Document, Segment, State};

pub use approve::{
    Approved, Edit, EditRefused, Edited, Refusal, apply_edit, approval_refused, approve_clean,
};
pub use html::{render_html, write_html_text};
pub use render::{RenderOptions, render_human};

/// Errors of the review module.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid segment selection `{text}`: {reason}")]
    BadSelection { text: String, reason: &'static str },
    #[error("the edited text, line {line}: {message}")]
    Form { line: usize, message: String },
    #[error("the edited text names segment {id}, which was not among those being edited")]
    UnknownSegment { id: u64 },
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about: one kind per quality check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The target is empty, or still mostly Arabic.
    Untranslated,
    /// The target is the source, unchanged.
    SameAsSource,
    /// A number of the source is missing from the target, or the target has one more.
    Numbers,
    /// A glossary term is rendered otherwise than the glossary says.
    Glossary,
    /// A name is spelled one way here and one letter differently elsewhere.
    NameSpelling,
    /// The same source sentence is translated differently elsewhere.
    Inconsistent,
    /// The target's length is far from the document's usual target/source ratio.
    LengthRatio,
    /// Brackets or double quotes that the target opens or closes unlike the source.
    Unbalanced,
    /// Invisible bidi controls or zero-width characters.
    Invisible,
    /// The Arabic elongation mark (tatweel, U+0640).
    Kashida,
    /// Double spaces and stray whitespace in the target.
    Whitespace,
    /// The aligner was not sure of this pair.
    LowConfidence,
    /// The source changed under the target, or the approved text changed after approval.
    Stale,
    /// The target's inline codes differ from the source's, or were re-attached around the
    /// whole sentence.
    Tags,
    /// Arabic letters, digits or punctuation left in the English target (a `do_not_translate`
    /// glossary term excepted).
    ArabicScript,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Untranslated,
        Kind::SameAsSource,
        Kind::Numbers,
        Kind::Glossary,
        Kind::NameSpelling,
        Kind::Inconsistent,
        Kind::LengthRatio,
        Kind::Unbalanced,
        Kind::Invisible,
        Kind::Kashida,
        Kind::Whitespace,
        Kind::LowConfidence,
        Kind::Stale,
        Kind::Tags,
        Kind::ArabicScript,
    ];

    /// The kebab-case name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Untranslated => "untranslated",
            Kind::SameAsSource => "same-as-source",
            Kind::Numbers => "numbers",
            Kind::Glossary => "glossary",
            Kind::NameSpelling => "name-spelling",
            Kind::Inconsistent => "inconsistent",
            Kind::LengthRatio => "length-ratio",
            Kind::Unbalanced => "unbalanced",
            Kind::Invisible => "invisible",
            Kind::Kashida => "kashida",
            Kind::Whitespace => "whitespace",
            Kind::LowConfidence => "low-confidence",
            Kind::Stale => "stale",
            Kind::Tags => "tags",
            Kind::ArabicScript => "arabic-script",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which text a piece of evidence points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Source,
    Target,
}

/// The text a finding is about: a byte range of the source or the target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub side: Side,
    pub start: usize,
    pub end: usize,
    /// The text of the range, with invisible characters spelled out (`<U+202E>`).
    pub text: String,
}

impl Evidence {
    fn new(side: Side, text: &str, range: std::ops::Range<usize>) -> Evidence {
        let piece = text.get(range.clone()).unwrap_or_default();
        Evidence {
            side,
            start: range.start,
            end: range.end,
            text: display::visible(piece).into_owned(),
        }
    }
}

/// One problem found in a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// A glossary term found in the source, for marking it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermMark {
    pub start: usize,
    pub end: usize,
    /// The rendering the glossary asks for.
    pub english: String,
}

/// One segment as the reviewer sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: u64,
    pub state: State,
    /// `machine (stub stub-1)`, `human`…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    pub source: String,
    pub target: String,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<TermMark>,
    /// The best translation-memory match of the source in other documents and memories
    /// (filled by the caller, which holds the memory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryHint>,
}

/// A translation-memory match shown with a segment: its score, where it comes from, its
/// pair, and the word diff from its source to the segment's (`[-deleted-]`, `{+inserted+}`).
#[derive(Debug, Clone, Serialize)]
pub struct MemoryHint {
    pub score: u8,
    pub document: String,
    pub id: String,
    pub source: String,
    pub target: String,
    pub diff: String,
}

/// Give each row of `report` the best match of its source in `memory` (scoring 50 or more)
/// from anywhere but `document` itself: what `review` and the browser editor show.
pub fn attach_memory(report: &mut Report, memory: &crate::memory::Memory, document: &str) {
    if memory.is_empty() {
        return;
    }
    for row in &mut report.rows {
        let best = memory
            .lookup_where(&row.source, 50, 1, |e| e.document != document)
            .into_iter()
            .next();
        row.memory = best.map(|m| MemoryHint {
            score: m.score,
            document: m.entry.document.clone(),
            id: m.entry.id.clone(),
            source: m.entry.source.clone(),
            target: m.entry.target.clone(),
            diff: crate::memory::score::diff_line(&m.diff),
        });
    }
}

impl Row {
    /// The most serious finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Counts for the top of a report: over the rows shown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Segments in the document.
    pub segments: usize,
    /// Segments in this report (after filters).
    pub shown: usize,
    /// Shown segments per state (every state listed).
    pub states: BTreeMap<State, usize>,
    /// Findings per kind (only kinds that occur).
    pub findings: BTreeMap<Kind, usize>,
    /// Findings per severity (every severity listed).
    pub severities: BTreeMap<Severity, usize>,
}

/// The review of a document.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub document: String,
    /// The languages of the source and target (BCP 47), for direction and `lang`.
    pub source_lang: String,
    pub target_lang: String,
    pub summary: Summary,
    pub rows: Vec<Row>,
}

impl Report {
    /// Keep only the rows the selection asks for, and recount the summary.
    pub fn select(mut self, selection: &Selection) -> Report {
        self.rows.retain(|r| selection.matches(r));
        self.summary = summarize(self.summary.segments, &self.rows);
        self
    }

    /// The most serious finding of the shown rows.
    pub fn worst(&self) -> Option<Severity> {
        self.rows.iter().filter_map(Row::worst).max()
    }
}

fn summarize(segments: usize, rows: &[Row]) -> Summary {
    let mut summary = Summary {
        segments,
        shown: rows.len(),
        states: State::ALL.iter().map(|s| (*s, 0)).collect(),
        findings: BTreeMap::new(),
        severities: Severity::ALL.iter().map(|s| (*s, 0)).collect(),
    };
    for row in rows {
        *summary.states.entry(row.state).or_default() += 1;
        for f in &row.findings {
            *summary.findings.entry(f.kind).or_default() += 1;
            *summary.severities.entry(f.severity).or_default() += 1;
        }
    }
    summary
}

/// The reviewer's filters: all of them must hold for a row to be shown.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these states (empty: all).
    pub states: Vec<State>,
    /// Only rows with findings.
    pub flagged: bool,
    /// Only these ids.
    pub ids: Option<RangeInclusive<u64>>,
}

impl Selection {
    pub fn matches(&self, row: &Row) -> bool {
        (self.states.is_empty() || self.states.contains(&row.state))
            && (!self.flagged || !row.findings.is_empty())
            && self.ids.as_ref().is_none_or(|r| r.contains(&row.id))
    }
}

/// Parse `7` or `3..9` (inclusive) into a range of segment ids.
pub fn parse_segment_range(text: &str) -> Result<RangeInclusive<u64>, Error> {
    let bad = |reason| Error::BadSelection {
        text: text.to_owned(),
        reason,
    };
    let number = |s: &str| {
        s.trim()
            .parse::<u64>()
            .map_err(|_| bad("expected a segment id like `7` or a range like `3..9`"))
    };
    match text.split_once("..") {
        Some((a, b)) => {
            let b = b.strip_prefix('=').unwrap_or(b);
            let (a, b) = (number(a)?, number(b)?);
            if a > b {
                return Err(bad("the range ends before it starts"));
            }
            Ok(a..=b)
        }
        None => {
            let n = number(text)?;
            Ok(n..=n)
        }
    }
}

/// Which checks run, and their thresholds. Every check is on by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewOptions {
    /// One switch per check: the `review.checks` section of `workbench.yaml`.
    pub checks: Checks,
    /// `low-confidence` fires below this alignment confidence.
    pub min_confidence: f64,
    /// `length-ratio` fires when the robust z-score of a segment's log length ratio (against
    /// an Arabic→English prior, joined by the document's median and MAD) is above this.
    pub length_ratio_limit: f64,
    /// Segments with a shorter source (in characters) are not judged by length.
    pub length_ratio_min_chars: usize,
    /// The document needs this many judged segments before its own median and MAD join the
    /// prior.
    pub length_ratio_min_segments: usize,
}

impl Default for ReviewOptions {
    fn default() -> ReviewOptions {
        ReviewOptions {
            checks: Checks::default(),
            min_confidence: 0.5,
            length_ratio_limit: 3.5,
            length_ratio_min_chars: 20,
            length_ratio_min_segments: 8,
        }
    }
}

impl ReviewOptions {
    /// Whether the check of this kind runs.
    pub fn enabled(&self, kind: Kind) -> bool {
        // `Checks` is a copy type: fifteen booleans.
        let mut checks = self.checks;
        *switch(&mut checks, kind)
    }

    /// Turn the check of this kind on or off.
    pub fn set(&mut self, kind: Kind, on: bool) {
        *switch(&mut self.checks, kind) = on;
    }
}

/// The switch of the check of this kind.
fn switch(checks: &mut Checks, kind: Kind) -> &mut bool {
    match kind {
        Kind::Untranslated => &mut checks.untranslated,
        Kind::SameAsSource => &mut checks.same_as_source,
        Kind::Numbers => &mut checks.numbers,
        Kind::Glossary => &mut checks.glossary,
        Kind::NameSpelling => &mut checks.name_spelling,
        Kind::Inconsistent => &mut checks.inconsistent,
        Kind::LengthRatio => &mut checks.length_ratio,
        Kind::Unbalanced => &mut checks.unbalanced,
        Kind::Invisible => &mut checks.invisible,
        Kind::Kashida => &mut checks.kashida,
        Kind::Whitespace => &mut checks.whitespace,
        Kind::LowConfidence => &mut checks.low_confidence,
        Kind::Stale => &mut checks.stale,
        Kind::Tags => &mut checks.tags,
        Kind::ArabicScript => &mut checks.arabic_script,
    }
}

/// The checks that look at one segment alone, and the glossary terms marked in it.
fn segment_checks(
    seg: &crate::store::Segment,
    glossary: &Glossary,
    matcher: Option<&Matcher>,
    options: &ReviewOptions,
) -> (Vec<Finding>, Vec<TermMark>) {
    let mut out = Vec::new();
    let mut marks = Vec::new();
    let on = |k| options.enabled(k);
    let (source, target) = (seg.source.as_str(), seg.target.as_str());
    if on(Kind::Stale) {
        out.extend(checks::stale(seg));
    }
    if on(Kind::Untranslated) {
        out.extend(checks::untranslated(source, target));
    }
    if on(Kind::SameAsSource) {
        out.extend(checks::same_as_source(source, target));
    }
    if on(Kind::Numbers) {
        out.extend(checks::numbers(source, target));
    }
    if let Some(matcher) = matcher {
        let (found, terms) = checks::glossary(glossary, matcher, source, target);
        if on(Kind::Glossary) {
            out.extend(found);
        }
        marks = terms;
    }
    if on(Kind::Unbalanced) {
        out.extend(checks::unbalanced(source, target));
    }
    if on(Kind::Invisible) {
        out.extend(checks::invisible(source, target));
    }
    if on(Kind::Kashida) {
        out.extend(checks::kashida(source, target));
    }
    if on(Kind::Whitespace) {
        out.extend(checks::whitespace(target));
    }
    if on(Kind::LowConfidence) {
        out.extend(checks::low_confidence(
            seg.confidence,
            options.min_confidence,
        ));
    }
    if on(Kind::Tags) {
        out.extend(checks::tags(source, target));
    }
    if on(Kind::ArabicScript) {
        out.extend(checks::arabic_script(source, target, glossary, matcher));
    }
    (out, marks)
}

/// Review every segment of a document with the given glossary and options.
pub fn review(doc: &Document, glossary: &Glossary, options: &ReviewOptions) -> Report {
    let segments = &doc.segments;
    let matcher = (!glossary.terms().is_empty()).then(|| Matcher::new(glossary));
    // The per-segment checks are independent: run them on every core, in order-keeping chunks.
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8);
    let chunk = segments.len().div_ceil(threads).max(1024);
    let per_segment: Vec<(Vec<Finding>, Vec<TermMark>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = segments
            .chunks(chunk)
            .map(|part| {
                let matcher = matcher.as_ref();
                scope.spawn(move || {
                    part.iter()
                        .map(|seg| segment_checks(seg, glossary, matcher, options))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let (mut findings, terms): (Vec<Vec<Finding>>, Vec<Vec<TermMark>>) =
        per_segment.into_iter().unzip();
    let pairs: Vec<(&str, &str)> = segments
        .iter()
        .map(|s| (s.source.as_str(), s.target.as_str()))
        .collect();
    let mut document_level = Vec::new();
    if options.checks.inconsistent {
        document_level.extend(checks::inconsistent(&pairs, &ids(segments)));
    }
    if options.checks.length_ratio {
        document_level.extend(checks::length_ratio(&pairs, options));
    }
    if options.checks.name_spelling {
        let known = glossary.rendering_words();
        document_level.extend(checks::name_spelling(&pairs, &ids(segments), &known));
    }
    for (i, f) in document_level {
        if let Some(list) = findings.get_mut(i) {
            list.push(f);
        }
    }

    let rows: Vec<Row> = segments
        .iter()
        .zip(findings)
        .zip(terms)
        .map(|((s, mut findings), terms)| {
            findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.kind.cmp(&b.kind)));
            Row {
                id: s.id,
                state: s.state,
                origin: origin_label(s),
                confidence: s.confidence,
                source: s.source.clone(),
                target: s.target.clone(),
                findings,
                terms,
                memory: None,
            }
        })
        .collect();
    Report {
        document: doc.meta.name.clone(),
        source_lang: doc.meta.source_lang.clone(),
        target_lang: doc.meta.target_lang.clone(),
        summary: summarize(segments.len(), &rows),
        rows,
    }
}

fn ids(segments: &[Segment]) -> Vec<u64> {
    segments.iter().map(|s| s.id).collect()
}

/// `machine (stub stub-1)`, `human`, `alignment`…
fn origin_label(s: &Segment) -> Option<String> {
    s.origin.as_ref().map(describe_origin)
}

/// An origin as the reviewer reads it: `machine (stub stub-1)`, `human`, `alignment`…
pub fn describe_origin(o: &crate::store::Origin) -> String {
    let kind = o.kind.as_str();
    let detail: Vec<&str> = [o.backend.as_deref(), o.model.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} ({})", detail.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_ranges_parse() {
        assert_eq!(parse_segment_range("7").unwrap(), 7..=7);
        assert_eq!(parse_segment_range("3..9").unwrap(), 3..=9);
        assert_eq!(parse_segment_range("3..=9").unwrap(), 3..=9);
        assert!(parse_segment_range("9..3").is_err());
        assert!(parse_segment_range("x").is_err());
    }

    #[test]
    fn every_kind_has_a_switch_and_a_name() {
        let mut o = ReviewOptions::default();
        for k in Kind::ALL {
            assert!(o.enabled(k));
            o.set(k, false);
            assert!(!o.enabled(k));
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
    }
}
