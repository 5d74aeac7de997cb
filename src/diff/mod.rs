//! Comparing targets: two revisions of one document, or two documents of the same source.
//!
//! Wraps `similar` behind our own types: a word-level diff of each changed target, refined to
//! characters inside changed Arabic words, with post-editing metrics per segment and for the
//! document ([`metrics`]). Renderers for the terminal and HTML live in `render.rs`.

pub mod metrics;
mod render;

use std::collections::HashSet;

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::display::has_arabic;
use crate::store::{Document, State};

pub use metrics::{ChrfStats, Metrics};
pub use render::{render_html, render_human};

/// One piece of a character-level diff inside a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Piece {
    Same { text: String },
    Deleted { text: String },
    Inserted { text: String },
}

/// One piece of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Change {
    Same {
        text: String,
    },
    Deleted {
        text: String,
    },
    Inserted {
        text: String,
    },
    /// A word replaced by another: for Arabic, with the characters that changed.
    Replaced {
        old: String,
        new: String,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        chars: Vec<Piece>,
    },
}

/// A changed segment (or group of segments, when two documents are split differently).
#[derive(Debug, Clone, Serialize)]
pub struct SegmentDiff {
    /// The segment id (on the new side; the old side's when the segment was removed).
    pub id: u64,
    /// When segments were paired by aligning their sources: the ids on each side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paired: Option<Paired>,
    pub source: String,
    pub old: String,
    pub new: String,
    pub old_state: State,
    pub new_state: State,
    /// The word diff of the target (empty when only the state changed).
    pub changes: Vec<Change>,
    /// The post-editing metrics (absent when only the state changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
}

/// The ids of a group of segments paired across two documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paired {
    pub old: Vec<u64>,
    pub new: Vec<u64>,
}

/// Document-level figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Segment pairs with a target on at least one side.
    pub compared: usize,
    /// Pairs whose target changed.
    pub changed: usize,
    /// Pairs whose state (only) changed.
    pub state_only: usize,
    /// Pairs with a target on both sides that is the same: left untouched.
    pub untouched: usize,
    /// untouched / pairs with an old target: how much of a draft survived as it was.
    pub untouched_share: f64,
    pub inserted: usize,
    pub deleted: usize,
    pub substituted: usize,
    pub shifted: usize,
    /// Words of the new targets.
    pub words_new: usize,
    /// All edits per word of the new targets.
    pub edit_rate: f64,
    /// chrF over the whole document (statistics summed, then scored).
    pub chrf: f64,
}

/// The comparison of two sides.
#[derive(Debug, Clone, Serialize)]
pub struct DiffResult {
    pub from: String,
    pub to: String,
    pub summary: Summary,
    /// Only the pairs that changed.
    pub segments: Vec<SegmentDiff>,
}

impl DiffResult {
    /// Whether nothing changed (neither a target nor a state).
    pub fn is_identical(&self) -> bool {
        self.segments.is_empty()
    }
}

/// One pair to compare.
struct Pair<'a> {
    id: u64,
    paired: Option<Paired>,
    source: std::borrow::Cow<'a, str>,
    old: std::borrow::Cow<'a, str>,
    new: std::borrow::Cow<'a, str>,
    old_state: State,
    new_state: State,
}

fn compare_pairs<'a>(
    from: String,
    to: String,
    pairs: impl Iterator<Item = Pair<'a>>,
) -> DiffResult {
    let mut summary = Summary::default();
    let mut chrf = ChrfStats::default();
    let mut with_old = 0;
    let mut segments = Vec::new();
    for p in pairs {
        let (old, new) = (p.old.as_ref(), p.new.as_ref());
        if old.trim().is_empty() && new.trim().is_empty() && p.old_state == p.new_state {
            continue;
        }
        summary.compared += 1;
        summary.words_new += new.split_whitespace().count();
        if !old.trim().is_empty() {
            with_old += 1;
        }
        if old == new {
            chrf.add(&ChrfStats::identical(new));
            if !old.trim().is_empty() {
                summary.untouched += 1;
            }
            if p.old_state != p.new_state {
                summary.state_only += 1;
                segments.push(SegmentDiff {
                    id: p.id,
                    paired: p.paired,
                    source: p.source.into_owned(),
                    old: old.to_owned(),
                    new: new.to_owned(),
                    old_state: p.old_state,
                    new_state: p.new_state,
                    changes: Vec::new(),
                    metrics: None,
                });
            }
            continue;
        }
        let stats = ChrfStats::compare(old, new);
        chrf.add(&stats);
        let (changes, mut m) = word_diff(old, new);
        m.chrf = stats.score();
        summary.changed += 1;
        summary.inserted += m.inserted;
        summary.deleted += m.deleted;
        summary.substituted += m.substituted;
        summary.shifted += m.shifted;
        segments.push(SegmentDiff {
            id: p.id,
            paired: p.paired,
            source: p.source.into_owned(),
            old: old.to_owned(),
            new: new.to_owned(),
            old_state: p.old_state,
            new_state: p.new_state,
            changes,
            metrics: Some(m),
        });
    }
    let edits = summary.inserted + summary.deleted + summary.substituted + summary.shifted;
    summary.edit_rate = metrics::edit_rate(edits, summary.words_new);
    summary.untouched_share = if with_old == 0 {
        0.0
    } else {
        summary.untouched as f64 / with_old as f64
    };
    summary.chrf = chrf.score();
    DiffResult {
        from,
        to,
        summary,
        segments,
    }
}

/// Compare the targets of one document at two revisions.
pub fn compare_revisions(doc: &Document, from: u32, to: u32) -> DiffResult {
    // Retired segments (their sentence left the source) still show what happened to them.
    let pairs = doc.segments.iter().chain(&doc.retired).map(|s| Pair {
        id: s.id,
        paired: None,
        source: s.source.as_str().into(),
        old: s.target_at(from).into(),
        new: s.target_at(to).into(),
        old_state: s.state_at(from),
        new_state: s.state_at(to),
    });
    compare_pairs(format!("revision {from}"), format!("revision {to}"), pairs)
}

/// Compare two documents of the same source: segment by segment when both have the same
/// segments (same ids, same sources), otherwise by aligning their source sentences, so that
/// a sentence split in two on one side is compared with the one sentence of the other.
pub fn compare_documents(a: &Document, b: &Document, a_name: &str, b_name: &str) -> DiffResult {
    let same_split = a.segments.len() == b.segments.len()
        && a.segments
            .iter()
            .zip(&b.segments)
            .all(|(x, y)| x.id == y.id && normalized(&x.source) == normalized(&y.source));
    if same_split {
        let pairs = a.segments.iter().zip(&b.segments).map(|(x, y)| Pair {
            id: y.id,
            paired: None,
            source: y.source.as_str().into(),
            old: x.target.as_str().into(),
            new: y.target.as_str().into(),
            old_state: x.state,
            new_state: y.state,
        });
        return compare_pairs(a_name.to_owned(), b_name.to_owned(), pairs);
    }
    let sa: Vec<String> = a.segments.iter().map(|s| normalized(&s.source)).collect();
    let sb: Vec<String> = b.segments.iter().map(|s| normalized(&s.source)).collect();
    let mut pairs = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &sa, &sb) {
        let (old, new) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            for (x, y) in a.segments[old].iter().zip(&b.segments[new]) {
                pairs.push(Pair {
                    id: y.id,
                    paired: (x.id != y.id).then(|| Paired {
                        old: vec![x.id],
                        new: vec![y.id],
                    }),
                    source: y.source.as_str().into(),
                    old: x.target.as_str().into(),
                    new: y.target.as_str().into(),
                    old_state: x.state,
                    new_state: y.state,
                });
            }
            continue;
        }
        let xs = &a.segments[old];
        let ys = &b.segments[new];
        let join = |parts: Vec<&str>| {
            parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let min_state = |states: Vec<State>| states.into_iter().min().unwrap_or(State::New);
        pairs.push(Pair {
            id: ys.first().or(xs.first()).map_or(0, |s| s.id),
            paired: Some(Paired {
                old: xs.iter().map(|s| s.id).collect(),
                new: ys.iter().map(|s| s.id).collect(),
            }),
            source: if ys.is_empty() {
                join(xs.iter().map(|s| s.source.as_str()).collect()).into()
            } else {
                join(ys.iter().map(|s| s.source.as_str()).collect()).into()
            },
            old: join(xs.iter().map(|s| s.target.as_str()).collect()).into(),
            new: join(ys.iter().map(|s| s.target.as_str()).collect()).into(),
            old_state: min_state(xs.iter().map(|s| s.state).collect()),
            new_state: min_state(ys.iter().map(|s| s.state).collect()),
        });
    }
    compare_pairs(a_name.to_owned(), b_name.to_owned(), pairs.into_iter())
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A word-level diff of two texts and its edit counts (chrF left at 0 for the caller).
pub fn word_diff(old: &str, new: &str) -> (Vec<Change>, Metrics) {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut out: Vec<Change> = Vec::new();
    let mut m = Metrics {
        words_old: a.len(),
        words_new: b.len(),
        ..Metrics::default()
    };
    let mut deleted_runs: Vec<&[&str]> = Vec::new();
    let mut inserted_runs: Vec<&[&str]> = Vec::new();
    let join = |words: &[&str]| words.join(" ");
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (old_r, new_r) = (op.old_range(), op.new_range());
        let (olds, news) = (&a[old_r], &b[new_r]);
        match op {
            DiffOp::Equal { .. } => out.push(Change::Same { text: join(olds) }),
            DiffOp::Delete { .. } => {
                m.deleted += olds.len();
                deleted_runs.push(olds);
                out.push(Change::Deleted { text: join(olds) });
            }
            DiffOp::Insert { .. } => {
                m.inserted += news.len();
                inserted_runs.push(news);
                out.push(Change::Inserted { text: join(news) });
            }
            DiffOp::Replace { .. } => {
                let k = olds.len().min(news.len());
                m.substituted += k;
                m.deleted += olds.len() - k;
                m.inserted += news.len() - k;
                let arabic = olds.iter().chain(news).any(|w| has_arabic(w));
                if arabic && olds.len() == news.len() {
                    for (o, n) in olds.iter().zip(news) {
                        out.push(Change::Replaced {
                            old: (*o).to_owned(),
                            new: (*n).to_owned(),
                            chars: char_diff(o, n),
                        });
                    }
                } else {
                    out.push(Change::Deleted { text: join(olds) });
                    out.push(Change::Inserted { text: join(news) });
                }
            }
        }
    }
    // A run deleted in one place and inserted unchanged in another moved as a block: one
    // shift instead of its deletions and insertions (TER's shift, found greedily).
    let mut used: HashSet<usize> = HashSet::new();
    for d in &deleted_runs {
        if let Some((k, ins)) = inserted_runs
            .iter()
            .enumerate()
            .find(|(k, ins)| !used.contains(k) && *ins == d)
        {
            used.insert(k);
            m.deleted -= d.len();
            m.inserted -= ins.len();
            m.shifted += 1;
        }
    }
    m.edits = m.inserted + m.deleted + m.substituted + m.shifted;
    m.edit_rate = metrics::edit_rate(m.edits, m.words_new);
    (out, m)
}

/// A character-level diff of two words.
fn char_diff(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let text = |cs: &[char]| cs.iter().collect::<String>();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (olds, news) = (&a[op.old_range()], &b[op.new_range()]);
        match op {
            DiffOp::Equal { .. } => out.push(Piece::Same { text: text(olds) }),
            DiffOp::Delete { .. } => out.push(Piece::Deleted { text: text(olds) }),
            DiffOp::Insert { .. } => out.push(Piece::Inserted { text: text(news) }),
            DiffOp::Replace { .. } => {
                out.push(Piece::Deleted { text: text(olds) });
                out.push(Piece::Inserted { text: text(news) });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_counts_edits() {
        let (changes, m) = word_diff(
            "the tanks enter city Homs",
            "the tanks entered the city of Homs",
        );
        assert_eq!(m.words_new, 7);
        assert_eq!(m.substituted, 1);
        assert_eq!(m.inserted, 2);
        assert_eq!(m.deleted, 0);
        assert_eq!(m.edits, 3);
        assert!((m.edit_rate - 3.0 / 7.0).abs() < 1e-9);
        assert_eq!(
            changes[0],
            Change::Same {
                text: "the tanks".into()
            }
        );
    }

    fn document(pairs: &[(&str, &str)]) -> Document {
        use crate::store::{Meta, SplitSegment};
        let meta = Meta::for_tests();
        let split: Vec<SplitSegment> = pairs
            .iter()
            .map(|(s, _)| SplitSegment {
                range: 0..s.len(),
                text: (*s).to_owned(),
            })
            .collect();
        let mut d = Document::new(meta, &split);
        for (seg, (_, t)) in d.segments.iter_mut().zip(pairs) {
            seg.set((*t).to_owned(), State::Draft, None, 1);
        }
        d.record_revision(1, "t", "test", pairs.len());
        d
    }

    #[test]
    fn documents_split_differently_are_aligned_by_source() {
        let a = document(&[("أ.", "A."), ("ب. ج.", "B. C."), ("د.", "D.")]);
        let b = document(&[("أ.", "A."), ("ب.", "B."), ("ج.", "Cee."), ("د.", "D.")]);
        let r = compare_documents(&a, &b, "a", "b");
        assert_eq!(r.segments.len(), 1);
        let s = &r.segments[0];
        assert_eq!(
            s.paired,
            Some(Paired {
                old: vec![2],
                new: vec![2, 3]
            })
        );
        assert_eq!((s.old.as_str(), s.new.as_str()), ("B. C.", "B. Cee."));
        assert_eq!(s.source, "ب. ج.");
        assert_eq!(r.summary.untouched, 2);
    }

    #[test]
    fn same_segments_pair_by_id() {
        let a = document(&[("أ.", "A."), ("ب.", "B.")]);
        let b = document(&[("أ.", "A."), ("ب.", "Bee.")]);
        let r = compare_documents(&a, &b, "a", "b");
        assert_eq!(r.segments.len(), 1);
        assert_eq!(r.segments[0].id, 2);
        assert!(r.segments[0].paired.is_none());
        assert!(compare_documents(&a, &a, "a", "a").is_identical());
    }

    #[test]
    fn moved_block_is_one_shift() {
        let (_, m) = word_diff(
            "today the tanks entered Homs",
            "the tanks entered Homs today",
        );
        assert_eq!((m.shifted, m.inserted, m.deleted), (1, 0, 0));
        assert_eq!(m.edits, 1);
    }

    #[test]
    fn arabic_words_get_character_diffs() {
        let (changes, _) = word_diff("قصف جيش الاسد", "قصف جيش الأسد");
        assert_eq!(
            changes[1],
            Change::Replaced {
                old: "الاسد".into(),
                new: "الأسد".into(),
                chars: vec![
                    Piece::Same {
                        text: "ال".into()
                    },
                    Piece::Deleted { text: "ا".into() },
                    Piece::Inserted { text: "أ".into() },
                    Piece::Same {
                        text: "سد".into()
                    },
                ],
            }
        );
    }
}
