//! Placeholders for engines without a glossary (LibreTranslate, Google v2): each glossary
//! term of a segment is replaced by a numbered placeholder (`[T1]`) before sending, and the
//! placeholders in the answer are replaced by the terms' renderings. Inline codes stay in the
//! text beside the placeholders.

use std::sync::LazyLock;

use regex::Regex;

use super::{TermSpan, Unit};
use crate::codes::{self, Token};

/// A unit's text with its glossary terms replaced by placeholders, and what each
/// placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub text: String,
    /// The English for placeholder `[T{i+1}]`.
    pub renderings: Vec<String>,
}

/// Replace the glossary terms of `unit` by `[T1]`, `[T2]`… An inline code inside a term's
/// match is kept beside its placeholder: the codes before the term's first letter in front of
/// it, the others after it.
pub fn protect(unit: &Unit) -> Protected {
    let mut spans: Vec<&TermSpan> = unit.term_spans.iter().collect();
    spans.sort_by_key(|s| s.range.start);
    let mut text = String::with_capacity(unit.text.len());
    let mut renderings = Vec::new();
    let mut pos = 0;
    for span in spans {
        let (Some(before), Some(term)) = (
            unit.text.get(pos..span.range.start),
            unit.text.get(span.range.clone()),
        ) else {
            continue;
        };
        text.push_str(before);
        renderings.push(format!("{}{}", span.prefix, span.rendering));
        let placeholder = format!("[T{}]", renderings.len());
        let mut placed = false;
        for (_, token) in codes::tokens(term) {
            match token {
                Token::Text(_) if !placed => {
                    text.push_str(&placeholder);
                    placed = true;
                }
                Token::Text(_) => {}
                Token::Open(n) => text.push_str(&codes::open(n)),
                Token::Close(n) => text.push_str(&codes::close(n)),
                Token::Standalone(n) => text.push_str(&codes::standalone(n)),
            }
        }
        if !placed {
            text.push_str(&placeholder);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::tests::unit;

    fn with_span(text: &str, range: std::ops::Range<usize>) -> Unit {
        let mut u = unit(1, text);
        u.term_spans = vec![TermSpan {
            range,
            prefix: String::new(),
            rendering: "Sergei Lavrov".into(),
        }];
        u
    }

    #[test]
    fn codes_stay_beside_the_placeholders() {
        let text = "قال <g1>لافروف</g1>";
        let start = text.find("لافروف").unwrap();
        let p = protect(&with_span(text, start..start + "لافروف".len()));
        assert_eq!(p.text, "قال <g1>[T1]</g1>");
        let text = "قال <g1>سيرغي</g1> لافروف<x2/>";
        let start = text.find("<g1>").unwrap();
        let end = text.find("<x2/>").unwrap();
        let p = protect(&with_span(text, start..end));
        assert_eq!(p.text, "قال <g1>[T1]</g1><x2/>");
        assert_eq!(
            restore(&p.text, &p.renderings),
            "قال <g1>Sergei Lavrov</g1><x2/>"
        );
    }
}
