//! Review: the bilingual text as rows with quality findings, computed as data, then rendered.

use std::io::Write;

use serde::Serialize;

use crate::store::{Document, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: &'static str,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: u64,
    pub state: State,
    pub origin: Option<String>,
    pub source: String,
    pub target: String,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub document: String,
    pub rows: Vec<Row>,
}

/// Review every segment of a document.
pub fn review(doc: &Document) -> Report {
    let rows = doc
        .segments
        .iter()
        .map(|s| {
            let mut findings = Vec::new();
            if s.target.trim().is_empty() {
                findings.push(Finding {
                    kind: "untranslated",
                    severity: Severity::Error,
                    message: "the target is empty".into(),
                });
            } else if s.target.trim() == s.source.trim() {
                findings.push(Finding {
                    kind: "same-as-source",
                    severity: Severity::Warning,
                    message: "the target is the source".into(),
                });
            }
            Row {
                id: s.id,
                state: s.state,
                origin: s.origin.as_ref().map(|o| {
                    o.backend
                        .clone()
                        .unwrap_or_else(|| format!("{:?}", o.kind).to_lowercase())
                }),
                source: s.source.clone(),
                target: s.target.clone(),
                findings,
            }
        })
        .collect();
    Report {
        document: doc.meta.name.clone(),
        rows,
    }
}

/// Side by side: number and state, then the Arabic and the English, wrapped to `width`.
pub fn render_human(report: &Report, width: usize, out: &mut impl Write) -> std::io::Result<()> {
    let col = (width.saturating_sub(14) / 2).max(20);
    for row in &report.rows {
        let left = wrap(&row.source, col);
        let right = wrap(&row.target, col);
        let lines = left.len().max(right.len()).max(1);
        for i in 0..lines {
            let head = if i == 0 {
                format!("{:>4} {:<10}", row.id, row.state.as_str())
            } else {
                " ".repeat(15)
            };
            let l = left.get(i).map_or("", String::as_str);
            let r = right.get(i).map_or("", String::as_str);
            let pad = col.saturating_sub(unicode_width::UnicodeWidthStr::width(l));
            writeln!(out, "{head} \u{2068}{l}\u{2069}{} | {r}", " ".repeat(pad))?;
        }
        for f in &row.findings {
            writeln!(out, "{:15} {:?} {}: {}", "", f.severity, f.kind, f.message)?;
        }
    }
    Ok(())
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let w = unicode_width::UnicodeWidthStr::width(line.as_str());
        if !line.is_empty() && w + 1 + unicode_width::UnicodeWidthStr::width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
