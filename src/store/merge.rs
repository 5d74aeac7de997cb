//! Bringing a document up to date with a re-split source, keeping ids and targets.
//!
//! Old and new segments are paired by their source text (a patience diff over the sentence
//! lists). Unchanged sentences keep their id, target and history. A sentence replaced by
//! another in the same place keeps its id: a machine draft goes to history and the segment is
//! re-drafted; a person's target is kept and marked `stale`, and a sign-off (`reviewed`,
//! `approved`) no longer holds: it drops to `translated`. Sentences that disappeared are
//! retired with their history; new sentences get fresh ids.

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::{Document, Segment, State, Version};

/// A sentence from the splitter: its byte range in the source file and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitSegment {
    pub range: Range<usize>,
    pub text: String,
}

#[cfg(test)]
impl SplitSegment {
    /// Sentences laid one a line (each range followed by a line break), for unit tests of
    /// the modules that make documents.
    pub(crate) fn lines_for_tests(texts: &[&str]) -> Vec<SplitSegment> {
        let mut pos = 0;
        texts
            .iter()
            .map(|t| {
                let range = pos..pos + t.len();
                pos += t.len() + 1;
                SplitSegment {
                    range,
                    text: (*t).to_owned(),
                }
            })
            .collect()
    }
}

/// What [`Document::resplit`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub kept: usize,
    pub moved: usize,
    pub changed: usize,
    pub added: usize,
    pub retired: usize,
    /// The segments whose source changed under a person's target (now `stale`), by id.
    pub stale: Vec<u64>,
}

impl MergeReport {
    pub fn changes(&self) -> usize {
        self.moved + self.changed + self.added + self.retired
    }
}

impl Document {
    /// Re-split: pair the new sentences with the current segments; see the module docs.
    pub fn resplit(&mut self, split: &[SplitSegment], revision: u32) -> MergeReport {
        let old: Vec<Segment> = std::mem::take(&mut self.segments);
        let old_src: Vec<&str> = old.iter().map(|s| s.source.as_str()).collect();
        let new_src: Vec<&str> = split.iter().map(|s| s.text.as_str()).collect();
        let ops = capture_diff_slices(Algorithm::Patience, &old_src, &new_src);
        let mut next_id = old
            .iter()
            .chain(&self.retired)
            .map(|s| s.id)
            .max()
            .unwrap_or(0)
            + 1;
        let mut report = MergeReport::default();
        let mut out = Vec::with_capacity(split.len());
        let mut old_slots: Vec<Option<Segment>> = old.into_iter().map(Some).collect();
        let mut take = |i: usize| old_slots.get_mut(i).and_then(Option::take);
        let fresh = |s: &SplitSegment, next_id: &mut u64| {
            let seg = Segment::new(*next_id, s.range.clone(), s.text.clone());
            *next_id += 1;
            seg
        };
        for op in ops {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        if let Some(mut seg) = take(old_index + k) {
                            let s = &split[new_index + k];
                            let range = [s.range.start, s.range.end];
                            if seg.range == range {
                                report.kept += 1;
                            } else {
                                seg.range = range;
                                report.moved += 1;
                            }
                            out.push(seg);
                        }
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => {
                    for k in 0..old_len {
                        if let Some(seg) = take(old_index + k) {
                            self.retired.push(seg);
                            report.retired += 1;
                        }
                    }
                }
                DiffOp::Insert {
                    new_index, new_len, ..
                } => {
                    for s in &split[new_index..new_index + new_len] {
                        out.push(fresh(s, &mut next_id));
                        report.added += 1;
                    }
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let paired = old_len.min(new_len);
                    for k in 0..paired {
                        let s = &split[new_index + k];
                        match take(old_index + k) {
                            Some(mut seg) => {
                                if replace_source(&mut seg, s, revision) {
                                    report.stale.push(seg.id);
                                }
                                out.push(seg);
                                report.changed += 1;
                            }
                            None => {
                                out.push(fresh(s, &mut next_id));
                                report.added += 1;
                            }
                        }
                    }
                    for k in paired..old_len {
                        if let Some(seg) = take(old_index + k) {
                            self.retired.push(seg);
                            report.retired += 1;
                        }
                    }
                    for s in &split[new_index + paired..new_index + new_len] {
                        out.push(fresh(s, &mut next_id));
                        report.added += 1;
                    }
                }
            }
        }
        self.segments = out;
        report
    }
}

/// The source of `seg` changed to `s`: keep the old version in history. Returns whether a
/// person's target is now stale.
fn replace_source(seg: &mut Segment, s: &SplitSegment, revision: u32) -> bool {
    let old_source = std::mem::replace(&mut seg.source, s.text.clone());
    seg.range = [s.range.start, s.range.end];
    if seg.target.is_empty() && seg.state == State::New {
        return false;
    }
    seg.history.push(Version {
        revision: seg.revision,
        target: seg.target.clone(),
        state: seg.state,
        origin: seg.origin.clone(),
        source: Some(old_source),
    });
    if seg.state.machine_may_overwrite() {
        seg.target.clear();
        seg.state = State::New;
        seg.origin = None;
        seg.stale = false;
    } else {
        // A sign-off approved the old source, not this one.
        if matches!(seg.state, State::Reviewed | State::Approved) {
            seg.state = State::Translated;
            seg.approval = None;
        }
        seg.stale = true;
    }
    seg.revision = revision;
    seg.stale
}
