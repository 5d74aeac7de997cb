//! Word-level comparison of targets: wraps `similar` behind our own types.

use std::io::Write;

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::store::Document;

/// One piece of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Change {
    Same(String),
    Deleted(String),
    Inserted(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentDiff {
    pub id: u64,
    pub source: String,
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffResult {
    pub from: String,
    pub to: String,
    pub segments: Vec<SegmentDiff>,
}

/// Compare the targets of one document at two revisions.
pub fn compare_revisions(doc: &Document, from: u32, to: u32) -> DiffResult {
    let segments = doc
        .segments
        .iter()
        .filter_map(|s| {
            let old = s.target_at(from);
            let new = s.target_at(to);
            (old != new).then(|| SegmentDiff {
                id: s.id,
                source: s.source.clone(),
                old: old.to_owned(),
                new: new.to_owned(),
                changes: word_diff(old, new),
            })
        })
        .collect();
    DiffResult {
        from: format!("revision {from}"),
        to: format!("revision {to}"),
        segments,
    }
}

/// Compare two documents segment by segment (paired by id).
pub fn compare_documents(a: &Document, b: &Document) -> DiffResult {
    let segments = a
        .segments
        .iter()
        .filter_map(|s| {
            let other = b.segment(s.id)?;
            (s.target != other.target).then(|| SegmentDiff {
                id: s.id,
                source: s.source.clone(),
                old: s.target.clone(),
                new: other.target.clone(),
                changes: word_diff(&s.target, &other.target),
            })
        })
        .collect();
    DiffResult {
        from: a.meta.name.clone(),
        to: b.meta.name.clone(),
        segments,
    }
}

/// A word-level diff of two texts.
pub fn word_diff(old: &str, new: &str) -> Vec<Change> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut out: Vec<Change> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                out.push(Change::Same(a[old_index..old_index + len].join(" ")));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.push(Change::Deleted(a[old_index..old_index + old_len].join(" "))),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.push(Change::Inserted(b[new_index..new_index + new_len].join(" "))),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                out.push(Change::Deleted(a[old_index..old_index + old_len].join(" ")));
                out.push(Change::Inserted(b[new_index..new_index + new_len].join(" ")));
            }
        }
    }
    out
}

/// `[-old-]{+new+}` (or colour on a terminal) per changed segment.
pub fn render_human(result: &DiffResult, color: bool, out: &mut impl Write) -> std::io::Result<()> {
    for s in &result.segments {
        writeln!(out, "segment {}: {}", s.id, s.source)?;
        let mut line = String::new();
        for c in &s.changes {
            if !line.is_empty() {
                line.push(' ');
            }
            match (c, color) {
                (Change::Same(t), _) => line.push_str(t),
                (Change::Deleted(t), false) => line.push_str(&format!("[-{t}-]")),
                (Change::Inserted(t), false) => line.push_str(&format!("{{+{t}+}}")),
                (Change::Deleted(t), true) => line.push_str(&format!("\u{1b}[31;9m{t}\u{1b}[0m")),
                (Change::Inserted(t), true) => line.push_str(&format!("\u{1b}[32;4m{t}\u{1b}[0m")),
            }
        }
        writeln!(out, "  {line}")?;
    }
    Ok(())
}
