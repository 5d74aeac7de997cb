//! Concordance: every place a word or phrase occurs in the memory's sources or targets, with
//! the pair it occurs in.
//!
//! On the Arabic side, plain text is matched as the glossary matches names ([`Matcher`]):
//! normalised (diacritics, tatweel, hamza and alef forms…) and with proclitics (`و ف ب ك ل
//! ال`) allowed in front; a regular expression runs on the normalised text and its match is
//! mapped back to the original. On the English side both are matched case-insensitively on
//! the text as it is.

use std::ops::Range;

use regex::Regex;
use serde::Serialize;

use super::{Entry, Memory};
use crate::glossary::{Glossary, Matcher, Term, TermKind};
use crate::text::normalize::{Normalized, normalize};

/// Errors of a search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("invalid regular expression: {0}")]
    Regex(#[from] regex::Error),
    #[error("nothing to search for: the text is empty once normalised")]
    Empty,
}

/// Which side of a pair a hit is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Source,
    Target,
}

/// One occurrence: the pair and the byte range of the match in its side's text.
#[derive(Debug, Clone)]
pub struct Hit<'m> {
    pub entry: &'m Entry,
    pub side: Side,
    pub range: Range<usize>,
}

/// What a search looks for, compiled once.
pub struct Query {
    arabic: Option<Arabic>,
    english: Option<Regex>,
}

enum Arabic {
    Matcher(Matcher),
    Regex(Regex),
}

impl Query {
    /// A query for `text` (a regular expression when `regex`) on the source side, the target
    /// side, or both.
    pub fn new(text: &str, regex: bool, source: bool, target: bool) -> Result<Query, SearchError> {
        if normalize(text).is_empty() {
            return Err(SearchError::Empty);
        }
        let arabic = if !source {
            None
        } else if regex {
            Some(Arabic::Regex(Regex::new(&normalize_pattern(text))?))
        } else {
            // As a common noun, so that the article may come in front too.
            let term = Term {
                kind: Some(TermKind::Term),
                ..Term::new(vec![text.trim()], text.trim())
            };
            let glossary = Glossary::from_terms(vec![term]).map_err(|_| SearchError::Empty)?;
            Some(Arabic::Matcher(Matcher::new(&glossary)))
        };
        let english = if !target {
            None
        } else if regex {
            Some(Regex::new(&format!("(?i){text}"))?)
        } else {
            Some(Regex::new(&format!("(?i){}", regex::escape(text.trim())))?)
        };
        Ok(Query { arabic, english })
    }

    /// The matches in an Arabic `text`.
    fn in_source(&self, text: &str) -> Vec<Range<usize>> {
        match &self.arabic {
            None => Vec::new(),
            Some(Arabic::Matcher(m)) => m.find(text).into_iter().map(|m| m.range).collect(),
            Some(Arabic::Regex(r)) => {
                let n = Normalized::new(text);
                r.find_iter(&n.text)
                    .filter(|m| !m.is_empty())
                    .map(|m| n.to_original(m.start())..n.to_original(m.end()))
                    .collect()
            }
        }
    }

    fn in_target(&self, text: &str) -> Vec<Range<usize>> {
        match &self.english {
            None => Vec::new(),
            Some(r) => r
                .find_iter(text)
                .filter(|m| !m.is_empty())
                .map(|m| m.range())
                .collect(),
        }
    }
}

/// A regular expression's letters normalised as the text is (its syntax is ASCII, which
/// normalisation leaves alone but for case, so only letters outside ASCII are changed).
fn normalize_pattern(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                Normalized::new(&c.to_string()).text
            }
        })
        .collect()
}

/// Every hit of `query` in `memory`, in the memory's order (sources before targets within a
/// pair), at most `limit`; also how many there are in all.
pub fn search<'m>(memory: &'m Memory, query: &Query, limit: usize) -> (Vec<Hit<'m>>, usize) {
    let mut hits = Vec::new();
    let mut total = 0;
    for entry in memory.entries() {
        let found = query
            .in_source(&entry.source)
            .into_iter()
            .map(|r| (Side::Source, r))
            .chain(
                query
                    .in_target(&entry.target)
                    .into_iter()
                    .map(|r| (Side::Target, r)),
            );
        for (side, range) in found {
            total += 1;
            if hits.len() < limit {
                hits.push(Hit { entry, side, range });
            }
        }
    }
    (hits, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::State;

    fn memory() -> Memory {
        let entry = |id: &str, source: &str, target: &str| Entry {
            source: source.into(),
            target: target.into(),
            document: "news".into(),
            id: id.into(),
            state: State::Translated,
            origin: None,
        };
        Memory::from_entries(vec![
            entry(
                "1",
                "دخلت الدبابات حمص صباح اليوم.",
                "Tanks entered Homs this morning.",
            ),
            entry("2", "وقتل 12 شخصا بحمص.", "In Homs, 12 people were killed."),
            entry(
                "3",
                "وصل الوفد إلى الحمصي.",
                "The delegation reached al-Homsi.",
            ),
            entry(
                "4",
                "قال وزير الخارجيّة إن المحادثات انتهت.",
                "The Foreign Minister said the talks ended.",
            ),
        ])
    }

    fn found(q: &Query) -> Vec<(String, Side, String)> {
        let m = memory();
        let (hits, _) = search(&m, q, 10);
        hits.iter()
            .map(|h| {
                let text = match h.side {
                    Side::Source => &h.entry.source,
                    Side::Target => &h.entry.target,
                };
                (h.entry.id.clone(), h.side, text[h.range.clone()].to_owned())
            })
            .collect()
    }

    #[test]
    fn arabic_is_found_with_its_proclitics_and_not_inside_other_words() {
        let q = Query::new("حمص", false, true, false).expect("query");
        assert_eq!(
            found(&q),
            [
                ("1".to_owned(), Side::Source, "حمص".to_owned()),
                ("2".to_owned(), Side::Source, "بحمص".to_owned()),
            ]
        );
        let q = Query::new("الخارجية", false, true, false).expect("query");
        assert_eq!(
            found(&q),
            [("4".to_owned(), Side::Source, "الخارجيّة".to_owned())]
        );
        let q = Query::new("دبابات", false, true, false).expect("query");
        assert_eq!(
            found(&q),
            [("1".to_owned(), Side::Source, "الدبابات".to_owned())]
        );
    }

    #[test]
    fn english_ignores_case_and_regexes_run_on_the_normalised_arabic() {
        let q = Query::new("foreign minister", false, false, true).expect("query");
        assert_eq!(
            found(&q),
            [("4".to_owned(), Side::Target, "Foreign Minister".to_owned())]
        );
        let q = Query::new("ال(دبابات|وفد)", true, true, false).expect("query");
        assert_eq!(
            found(&q),
            [
                ("1".to_owned(), Side::Source, "الدبابات".to_owned()),
                ("3".to_owned(), Side::Source, "الوفد".to_owned()),
            ]
        );
        assert!(Query::new("(", true, true, true).is_err());
    }
}
