//! Sentence alignment of an Arabic source with an existing English translation.
//!
//! `align` finds beads (1:1, 1:2, 2:1, 1:3, 3:1, 1:0, 0:1) by a banded dynamic programme over
//! one cost per bead, in nats, that adds: a prior per bead shape; a length term whose ratio and
//! spread are calibrated on the document itself (a first pass, then re-estimation from its 1:1
//! beads); numbers (Arabic-Indic digits made Latin) matched or left on one side; anchors
//! (glossary pairs, Latin tokens inside the Arabic, names by transliteration skeleton);
//! concepts of a small built-in Arabic-English lexicon (`lexicon`) found on both sides or on
//! one only; punctuation and the sentence ends a bead shows on each side (a headline, with no
//! final mark, joined to the next line shows none); and news boilerplate. An untranslated line
//! costs a flat prior (boilerplate much less, and less again for each lexicon concept of the
//! line that the other side of the document never mentions), with no length ratio to meet, so
//! leaving it alone beats gluing it to a neighbour whose translation it does not fit. Each bead
//! gets its posterior probability as confidence. `gale_church` is the length-only baseline on
//! the same search.

mod evidence;
mod gale_church;
mod lexicon;
mod numbers;
mod search;
mod skeleton;
mod store;

use crate::text::Location;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

use evidence::{Document, PUNCT_COLON, PUNCT_QUESTION, PUNCT_QUOTE, Sentence};
use search::{BeadCost, Move, search};

pub use gale_church::gale_church;
pub use store::{line_segments, to_document};

/// Errors of the align module.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bead listing line that does not read as `src:tgt`.
    #[error("{at}: {message}")]
    BeadSyntax {
        /// Where: the file, line and column.
        at: Location,
        message: String,
    },
}

/// One alignment bead: source (Arabic) and target (English) sentence index ranges. One side is
/// empty for an untranslated line (1:0) or a target line without source (0:1).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub source: Range<usize>,
    pub target: Range<usize>,
    /// Posterior probability of this bead under the aligner's model, lowered when its two sides
    /// show different numbers of sentences, in `0..=1`.
    pub confidence: f64,
}

impl Bead {
    /// Whether the caller should flag this bead for review.
    pub fn needs_review(&self, options: &Options) -> bool {
        self.confidence < options.flag_below
    }
}

/// Settings of the aligner.
#[derive(Debug, Clone)]
pub struct Options {
    /// Glossary pairs (Arabic form, English rendering) used as anchors.
    pub anchors: Vec<(String, String)>,
    /// Beads with a confidence below this are to be flagged for review.
    pub flag_below: f64,
    /// Allow 2:2 beads.
    pub two_to_two: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            anchors: Vec::new(),
            flag_below: 0.5,
            two_to_two: false,
        }
    }
}

const MOVES: [Move; 7] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1)];
const MOVES_2_2: [Move; 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (1, 3),
    (3, 1),
    (2, 2),
];

/// The model's fixed parameters (nats). Bead priors are negative log probabilities of the
/// bead shapes in news translation; the evidence weights are log likelihood ratios.
mod params {
    pub(super) const PRIOR_1_1: f64 = 0.15;
    pub(super) const PRIOR_MERGE: f64 = 3.4;
    pub(super) const PRIOR_MERGE_3: f64 = 5.2;
    pub(super) const PRIOR_2_2: f64 = 5.5;
    pub(super) const PRIOR_NULL: f64 = 3.5;
    /// Null-bead cost of a boilerplate line (instead of `PRIOR_NULL`).
    pub(super) const NULL_BOILERPLATE: f64 = 0.5;
    /// Penalty for a boilerplate line inside a paired bead.
    pub(super) const BOILERPLATE_PAIRED: f64 = 6.0;
    /// Smoothing of the length ratio, in letters.
    pub(super) const LEN_SMOOTH: f64 = 10.0;
    /// Prior spread of the log length ratio and its weight in pseudo-beads.
    pub(super) const SIGMA_PRIOR: f64 = 0.17;
    pub(super) const SIGMA_PSEUDO: f64 = 10.0;
    /// Share of 1:1 beads whose length ratio follows a four times wider spread.
    pub(super) const LENGTH_OUTLIERS: f64 = 0.03;
    pub(super) const NUMBER_MATCH: f64 = 1.5;
    pub(super) const NUMBER_ONE_SIDED: f64 = 2.0;
    pub(super) const QUESTION: f64 = 1.0;
    pub(super) const QUOTE: f64 = 0.6;
    pub(super) const COLON: f64 = 0.6;
    /// Per sentence end that one side of a bead has more than the other.
    pub(super) const SEGMENTS: f64 = 1.0;
    /// Both sides of a bead end without a sentence-final mark (headlines) / only one does.
    pub(super) const OPEN_END_MATCH: f64 = 0.7;
    pub(super) const OPEN_END_MISMATCH: f64 = 0.5;
    /// Null-cost discount per lexicon concept of a line found nowhere on the other side of the
    /// document, up to `ORPHAN_CAP` concepts.
    pub(super) const ORPHAN: f64 = 0.35;
    pub(super) const ORPHAN_CAP: f64 = 4.0;
    /// Lexicon concept found on both sides of a bead / on one side only.
    pub(super) const LEX_MATCH: f64 = 1.5;
    pub(super) const LEX_MISS: f64 = 0.2;
    /// Confidence factor per sentence end that one side of a paired bead shows more than the
    /// other (`…unbearable." Will the council act?` against one Arabic sentence): the share of
    /// such pairs whose two sides still say the same thing. The search may rightly pick the bead
    /// (nothing fits better), but a segment that holds a sentence more on one side is for a
    /// person to look at.
    pub(super) const UNBALANCED: f64 = 0.3;
}

/// Length calibration of one document.
#[derive(Debug, Clone, Copy)]
struct Calibration {
    /// Expected target letters per source letter.
    ratio: f64,
    /// Spread of the log length ratio of a 1:1 bead.
    sigma: f64,
}

struct Model<'a> {
    doc: &'a Document,
    src_prefix: Vec<f64>,
    tgt_prefix: Vec<f64>,
    cal: Calibration,
}

fn prefix_sums(s: &[Sentence]) -> Vec<f64> {
    let mut out = Vec::with_capacity(s.len() + 1);
    let mut acc = 0.0;
    out.push(acc);
    for x in s {
        acc += x.len;
        out.push(acc);
    }
    out
}

/// `-ln` of a normal density.
fn neg_log_normal(x: f64, mean: f64, sd: f64) -> f64 {
    let z = (x - mean) / sd;
    0.5 * z * z + (sd * (2.0 * std::f64::consts::PI).sqrt()).ln()
}

/// `-ln` of the length-ratio density: a normal of spread `sigma` with a small share of a
/// four times wider one, for free translations whose length strays.
fn length_cost(d: f64, sigma: f64) -> f64 {
    let eps = params::LENGTH_OUTLIERS;
    let p = (1.0 - eps) * (-neg_log_normal(d, 0.0, sigma)).exp()
        + eps * (-neg_log_normal(d, 0.0, 4.0 * sigma)).exp();
    -(p.max(1e-300)).ln()
}

impl Model<'_> {
    /// The explicit cost of an untranslated line: a flat prior, with no length ratio to meet,
    /// much lower for boilerplate.
    fn null_cost(s: &Sentence) -> f64 {
        if s.boilerplate {
            return params::NULL_BOILERPLATE;
        }
        params::PRIOR_NULL - params::ORPHAN * s.orphans.min(params::ORPHAN_CAP)
    }

    fn paired_cost(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
        let (di, dj) = (src.len(), tgt.len());
        let prior = match (di, dj) {
            (1, 1) => params::PRIOR_1_1,
            (1, 2) | (2, 1) => params::PRIOR_MERGE,
            (1, 3) | (3, 1) => params::PRIOR_MERGE_3,
            (2, 2) => params::PRIOR_2_2,
            _ => return f64::INFINITY,
        };
        let la = self.src_prefix[src.end] - self.src_prefix[src.start];
        let le = self.tgt_prefix[tgt.end] - self.tgt_prefix[tgt.start];
        let d = ((le + params::LEN_SMOOTH) / (self.cal.ratio * la + params::LEN_SMOOTH)).ln();
        let length = length_cost(d, self.cal.sigma);
        let (Some(s), Some(t)) = (self.doc.source.get(src), self.doc.target.get(tgt)) else {
            return f64::INFINITY;
        };
        prior + length + evidence_cost(s, t)
    }
}

/// Whether any sentence of `side` has `id` among its numbers (hard) or spelled-out numbers.
fn has_number(side: &[Sentence], id: u32) -> (bool, bool) {
    let hard = side.iter().any(|x| x.numbers.contains(&id));
    let soft = side.iter().any(|x| x.soft_numbers.contains(&id));
    (hard, soft)
}

/// Numbers, anchors, punctuation and boilerplate of a paired bead, in nats (negative = support).
fn evidence_cost(src: &[Sentence], tgt: &[Sentence]) -> f64 {
    let mut cost = 0.0;
    for (k, x) in src.iter().enumerate() {
        for &id in &x.numbers {
            if src[..k].iter().any(|y| y.numbers.contains(&id)) {
                continue;
            }
            cost += match has_number(tgt, id) {
                (true, _) => -params::NUMBER_MATCH,
                (false, true) => -params::NUMBER_MATCH / 2.0,
                (false, false) => params::NUMBER_ONE_SIDED,
            };
        }
    }
    for (k, x) in tgt.iter().enumerate() {
        for &id in &x.numbers {
            if tgt[..k].iter().any(|y| y.numbers.contains(&id)) {
                continue;
            }
            cost += match has_number(src, id) {
                (true, _) => 0.0, // counted from the source side
                (false, true) => -params::NUMBER_MATCH / 2.0,
                (false, false) => params::NUMBER_ONE_SIDED,
            };
        }
    }
    for (k, x) in src.iter().enumerate() {
        for &(id, w) in &x.anchors {
            if src[..k].iter().any(|y| y.anchors.iter().any(|a| a.0 == id)) {
                continue;
            }
            if tgt.iter().any(|y| y.anchors.iter().any(|a| a.0 == id)) {
                cost -= w;
            }
        }
    }
    cost += lexicon_cost(src, tgt);
    let sp = src.iter().fold(0u8, |acc, x| acc | x.punct);
    let tp = tgt.iter().fold(0u8, |acc, x| acc | x.punct);
    for (flag, w) in [
        (PUNCT_QUESTION, params::QUESTION),
        (PUNCT_QUOTE, params::QUOTE),
        (PUNCT_COLON, params::COLON),
    ] {
        match (sp & flag != 0, tp & flag != 0) {
            (true, true) => cost -= w,
            (true, false) | (false, true) => cost += w,
            (false, false) => {}
        }
    }
    let (ss, ts) = (visible_segments(src), visible_segments(tgt));
    let open = |side: &[Sentence]| side.last().is_some_and(|x| x.open_end);
    match (open(src), open(tgt)) {
        (true, true) => cost -= params::OPEN_END_MATCH,
        (true, false) | (false, true) => cost += params::OPEN_END_MISMATCH,
        (false, false) => {}
    }
    cost += params::SEGMENTS * f64::from(ss.abs_diff(ts));
    if src.iter().chain(tgt).any(|x| x.boilerplate) {
        cost += params::BOILERPLATE_PAIRED;
    }
    cost
}

/// Sentences one side of a bead shows once its lines are joined: each line's own sentences,
/// less one for every line but the last that has no sentence-final mark (a headline joined to
/// the next line leaves no sentence end to see).
fn visible_segments(side: &[Sentence]) -> u32 {
    let total: u32 = side.iter().map(|x| x.segments).sum();
    let open = side
        .split_last()
        .map_or(0, |(_, rest)| rest.iter().filter(|x| x.open_end).count());
    total.saturating_sub(u32::try_from(open).unwrap_or(0))
}

/// Lexicon concepts of a paired bead: each concept of either side found on the other is
/// support, one missing is (weaker) evidence against. Concept lists are sorted by id.
fn lexicon_cost(src: &[Sentence], tgt: &[Sentence]) -> f64 {
    if let ([x], [y]) = (src, tgt) {
        return lexicon_cost_1_1(&x.lexicon, &y.lexicon);
    }
    // A bit per concept id modulo 64 rules most misses out before any search.
    let mask = |side: &[Sentence]| side.iter().fold(0u64, |m, x| m | x.lexicon_mask);
    let found = |side: &[Sentence], side_mask: u64, id: u32| {
        side_mask & (1 << (id % 64)) != 0
            && side
                .iter()
                .any(|y| y.lexicon.binary_search_by_key(&id, |a| a.0).is_ok())
    };
    let (src_mask, tgt_mask) = (mask(src), mask(tgt));
    let mut cost = 0.0;
    for (k, x) in src.iter().enumerate() {
        let before = &src[..k];
        let before_mask = mask(before);
        for &(id, w) in &x.lexicon {
            if found(before, before_mask, id) {
                continue;
            }
            if found(tgt, tgt_mask, id) {
                cost -= w * params::LEX_MATCH;
            } else {
                cost += w * params::LEX_MISS;
            }
        }
    }
    for (k, x) in tgt.iter().enumerate() {
        let before = &tgt[..k];
        let before_mask = mask(before);
        for &(id, w) in &x.lexicon {
            if found(before, before_mask, id) || found(src, src_mask, id) {
                continue;
            }
            cost += w * params::LEX_MISS;
        }
    }
    cost
}

/// `lexicon_cost` of a 1:1 bead by one walk over both sorted lists.
fn lexicon_cost_1_1(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j) = (0, 0);
    let mut cost = 0.0;
    while let (Some(&(x, w)), Some(&(y, v))) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Equal => {
                cost -= w * params::LEX_MATCH;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                cost += w * params::LEX_MISS;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                cost += v * params::LEX_MISS;
                j += 1;
            }
        }
    }
    let rest = |s: &[(u32, f64)]| s.iter().map(|p| p.1).sum::<f64>();
    cost + params::LEX_MISS * (rest(a.get(i..).unwrap_or(&[])) + rest(b.get(j..).unwrap_or(&[])))
}

impl BeadCost for Model<'_> {
    fn cost(&self, i: usize, j: usize, di: usize, dj: usize) -> f64 {
        match (di, dj) {
            (1, 0) => self
                .doc
                .source
                .get(i - 1)
                .map_or(f64::INFINITY, Self::null_cost),
            (0, 1) => self
                .doc
                .target
                .get(j - 1)
                .map_or(f64::INFINITY, Self::null_cost),
            _ => self.paired_cost(i - di..i, j - dj..j),
        }
    }
}

/// Re-estimate the length ratio and spread from the 1:1 beads of a first alignment, shrinking
/// the spread towards the prior (short documents have few beads).
fn recalibrate(doc: &Document, path: &[search::PathBead], first: Calibration) -> Calibration {
    let logs: Vec<f64> = path
        .iter()
        .filter(|b| b.source.len() == 1 && b.target.len() == 1)
        .filter_map(|b| {
            let la = doc.source.get(b.source.start)?.len;
            let le = doc.target.get(b.target.start)?.len;
            (la > 0.0 && le > 0.0).then(|| (le / la).ln())
        })
        .collect();
    if logs.len() < 3 {
        return first;
    }
    let mut sorted = logs.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let ratio = median.exp();
    let sq: f64 = path
        .iter()
        .filter(|b| b.source.len() == 1 && b.target.len() == 1)
        .filter_map(|b| {
            let la = doc.source.get(b.source.start)?.len;
            let le = doc.target.get(b.target.start)?.len;
            let d = ((le + params::LEN_SMOOTH) / (ratio * la + params::LEN_SMOOTH)).ln();
            Some(d * d)
        })
        .sum();
    let n = logs.len() as f64;
    let var =
        (params::SIGMA_PSEUDO * params::SIGMA_PRIOR.powi(2) + sq) / (params::SIGMA_PSEUDO + n);
    Calibration {
        ratio,
        sigma: var.sqrt().clamp(0.08, 0.5),
    }
}

/// Align source (Arabic) sentences with target (English) sentences. The beads come in order
/// and cover every sentence of both sides exactly once.
pub fn align(source: &[&str], target: &[&str], options: &Options) -> Vec<Bead> {
    let doc = Document::new(source, target, &options.anchors);
    let src_prefix = prefix_sums(&doc.source);
    let tgt_prefix = prefix_sums(&doc.target);
    let (ts, tt) = (
        src_prefix.last().copied().unwrap_or(0.0),
        tgt_prefix.last().copied().unwrap_or(0.0),
    );
    let first = Calibration {
        ratio: if ts > 0.0 && tt > 0.0 { tt / ts } else { 1.0 },
        sigma: params::SIGMA_PRIOR,
    };
    let moves: &[Move] = if options.two_to_two {
        &MOVES_2_2
    } else {
        &MOVES
    };
    let mut model = Model {
        doc: &doc,
        src_prefix,
        tgt_prefix,
        cal: first,
    };
    let (n, m) = (source.len(), target.len());
    if n > 0 && m > 0 {
        let path = search(n, m, moves, &model, false);
        model.cal = recalibrate(&doc, &path, first);
    }
    search(n, m, moves, &model, true)
        .into_iter()
        .map(|b| {
            let balance = balance(&doc, &b.source, &b.target);
            Bead {
                source: b.source,
                target: b.target,
                confidence: b.posterior * balance,
            }
        })
        .collect()
}

/// How far a 1:1 bead's content looks balanced, in `0..=1`: 1 when both lines show as many
/// sentences, `UNBALANCED` per sentence end one line shows more (an English line that holds a
/// question after a statement against one Arabic sentence). Other beads keep 1: a merge's shape
/// already says one side holds more lines, its prior prices that, and the one line of a correct
/// merge often hides a sentence end (Arabic joins sentences with `، و`).
fn balance(doc: &Document, src: &Range<usize>, tgt: &Range<usize>) -> f64 {
    if src.len() != 1 || tgt.len() != 1 {
        return 1.0;
    }
    let (Some(s), Some(t)) = (doc.source.get(src.clone()), doc.target.get(tgt.clone())) else {
        return 1.0;
    };
    let diff = visible_segments(s).abs_diff(visible_segments(t));
    params::UNBALANCED.powi(i32::try_from(diff).unwrap_or(i32::MAX))
}

/// Write beads one per line as `0:0`, `1,2:1`, `4:`, `:5` (0-based indices).
pub fn write_beads(beads: &[Bead], out: &mut impl Write) -> std::io::Result<()> {
    for bead in beads {
        let side = |r: &Range<usize>| {
            r.clone()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        writeln!(out, "{}:{}", side(&bead.source), side(&bead.target))?;
    }
    Ok(())
}

/// Read a bead listing as written by `write_beads` (confidence is set to 1.0). `path` names
/// the listing in errors. Each side must be consecutive indices.
pub fn parse_beads(text: &str, path: &Path) -> Result<Vec<Bead>, Error> {
    let mut beads = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let err = |column: usize, message: &str| Error::BeadSyntax {
            at: Location {
                path: path.to_path_buf(),
                line: k + 1,
                column,
            },
            message: message.to_owned(),
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((a, b)) = trimmed.split_once(':') else {
            return Err(err(1, "expected `source:target`"));
        };
        let side = |s: &str, column: usize| -> Result<Range<usize>, Error> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(0..0);
            }
            let idx: Vec<usize> = s
                .split(',')
                .map(|x| x.trim().parse::<usize>())
                .collect::<Result<_, _>>()
                .map_err(|_| err(column, "expected comma-separated line numbers"))?;
            let first = idx.first().copied().unwrap_or(0);
            if idx.iter().enumerate().any(|(o, &x)| x != first + o) {
                return Err(err(column, "line numbers of a bead must be consecutive"));
            }
            Ok(first..first + idx.len())
        };
        let source = side(a, 1)?;
        let target = side(b, a.chars().count() + 2)?;
        beads.push(Bead {
            source,
            target,
            confidence: 1.0,
        });
    }
    Ok(beads)
}

#[cfg(test)]
mod tests;
