//! Placeholders for engines without a glossary (LibreTranslate, Google v2): each glossary
//! term of a segment is replaced by a numbered placeholder (`[T1]`) before sending, and the
//! placeholders in the answer are replaced by the terms' renderings.

use std::sync::LazyLock;

use regex::Regex;

use super::{TermSpan, Unit};

/// A unit's text with its glossary terms replaced by placeholders, and what each
/// placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub text: String,
    /// The English for placeholder `[T{i+1}]`.
    pub renderings: Vec<String>,
}

/// Replace the glossary terms of `unit` by `[T1]`, `[T2]`…
pub fn protect(unit: &Unit) -> Protected {
    let mut spans: Vec<&TermSpan> = unit.term_spans.iter().collect();
    spans.sort_by_key(|s| s.range.start);
    let mut text = String::with_capacity(unit.text.len());
    let mut renderings = Vec::new();
    let mut pos = 0;
    for span in spans {
        let (Some(before), Some(_)) = (
            unit.text.get(pos..span.range.start),
            unit.text.get(span.range.clone()),
        ) else {
            continue;
        };
        text.push_str(before);
        renderings.push(format!("{}{}", span.prefix, span.rendering));
        text.push_str(&format!("[T{}]", renderings.len()));
        pos = span.range.end;
    }
    text.push_str(unit.text.get(pos..).unwrap_or_default());
    Protected { text, renderings }
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"\[\s*[Tt]\s*(\d+)\s*\]").expect("a valid placeholder pattern")
});

/// Put the renderings back where the engine left the placeholders.
pub fn restore(text: &str, renderings: &[String]) -> String {
    PLACEHOLDER
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let whole = caps.get(0).map_or("", |m| m.as_str()).to_owned();
            caps.get(1)
                .and_then(|n| n.as_str().parse::<usize>().ok())
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| renderings.get(i))
                .cloned()
                .unwrap_or(whole)
        })
        .into_owned()
}
