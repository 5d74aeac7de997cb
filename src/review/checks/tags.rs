//! The `tags` check: the inline codes of a target against its source's (`crate::codes`).
//!
//! Codes lost, invented, repeated or crossed break the document that is built from the
//! target: an error. A code moved out of the pair that held it, and codes that a run put back
//! around the whole sentence because the engine lost their places (`codes::reattached`), still
//! build a valid document but likely a wrong one: a warning.

use std::ops::Range;

use super::finding;
use crate::codes::{self, Problem, Token};
use crate::review::{Evidence, Finding, Kind, Severity, Side};

/// The byte ranges of the markers of `text` that belong to one of the codes `numbers`.
fn markers_of(text: &str, numbers: &[u32]) -> Vec<Range<usize>> {
    codes::tokens(text)
        .into_iter()
        .filter(|(_, t)| t.code().is_some_and(|n| numbers.contains(&n)))
        .map(|(r, _)| r)
        .collect()
}

/// A problem in words: `missing code 1`, `codes 3, 4 moved out of their pairs`.
fn describe(problem: &Problem) -> String {
    match problem {
        Problem::Reordered(n) => {
            let list: Vec<String> = n.iter().map(u32::to_string).collect();
            if n.len() == 1 {
                format!("code {} moved out of its pair", list.join(", "))
            } else {
                format!("codes {} moved out of their pairs", list.join(", "))
            }
        }
        other => other.to_string(),
    }
}

/// `tags`: what is wrong with the target's inline codes, as one finding naming the codes,
/// with their markers as evidence (in the source for a missing code, in the target for the
/// others). An empty target is left to `untranslated`.
pub(crate) fn tags(source: &str, target: &str) -> Option<Finding> {
    if target.trim().is_empty() || (!source.contains('<') && !target.contains('<')) {
        return None;
    }
    // Re-attached codes may also read as moved out of their pairs: the re-attachment says
    // more.
    if codes::reattached(source, target) {
        let numbers: Vec<u32> = codes::tokens(target)
            .iter()
            .filter_map(|(_, t)| match t {
                Token::Close(_) => None,
                other => other.code(),
            })
            .collect();
        let evidence = markers_of(target, &numbers)
            .into_iter()
            .map(|r| Evidence::new(Side::Target, target, r))
            .collect();
        let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
        return Some(finding(
            Kind::Tags,
            Severity::Warning,
            format!(
                "the inline codes ({}) were put back around the whole sentence after the engine \
                 lost their places: move them to the words they mark",
                list.join(", ")
            ),
            evidence,
        ));
    }
    let problems = codes::check(source, target);
    if problems.is_empty() {
        return None;
    }
    let severity = if problems.iter().all(|p| matches!(p, Problem::Reordered(_))) {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut evidence = Vec::new();
    for problem in &problems {
        let (side, text, numbers) = match problem {
            Problem::Missing(n) => (Side::Source, source, n),
            Problem::Extra(n)
            | Problem::Duplicated(n)
            | Problem::MisNested(n)
            | Problem::Reordered(n) => (Side::Target, target, n),
        };
        for r in markers_of(text, numbers) {
            let e = Evidence::new(side, text, r);
            if !evidence.contains(&e) {
                evidence.push(e);
            }
        }
    }
    evidence.sort_by_key(|e: &Evidence| (e.side == Side::Target, e.start));
    let message = problems.iter().map(describe).collect::<Vec<_>>().join("; ");
    Some(finding(
        Kind::Tags,
        severity,
        format!("inline codes: {message}"),
        evidence,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "قال <g1>لافروف</g1> في <g2>حمص <x3/></g2>";

    #[test]
    fn faithful_and_codeless_targets_are_clean() {
        assert!(tags(SOURCE, "In <g2>Homs <x3/></g2>, <g1>Lavrov</g1> said").is_none());
        assert!(tags("قال", "said").is_none());
        assert!(tags(SOURCE, "").is_none());
        // A source whose codes wrap it all keeps them around the whole sentence.
        assert!(tags("<g1>قال</g1>", "<g1>said</g1>").is_none());
    }

    #[test]
    fn lost_and_invented_codes_are_errors() {
        let f = tags(SOURCE, "Lavrov said in <g2>Homs <x3/></g2><x4/>").unwrap();
        assert_eq!(f.kind, Kind::Tags);
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.message, "inline codes: missing code 1; extra code 4");
        let shown: Vec<(Side, &str)> = f
            .evidence
            .iter()
            .map(|e| (e.side, e.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (Side::Source, "<g1>"),
                (Side::Source, "</g1>"),
                (Side::Target, "<x4/>")
            ]
        );
    }

    #[test]
    fn repeated_and_crossed_codes_are_errors() {
        let f = tags(SOURCE, "<g1>Lavrov</g1> said in <g2>Homs <x3/><x3/></g2>").unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.message, "inline codes: duplicated code 3");
        assert_eq!(f.evidence.len(), 2);
        let f = tags(SOURCE, "<g1>Lavrov <g2>said</g1> in Homs <x3/></g2>").unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.message, "inline codes: mis-nested codes 1, 2");
        let f = tags("قال لافروف", "Lavrov <g1>said").unwrap();
        assert_eq!(f.message, "inline codes: extra code 1; mis-nested code 1");
    }

    #[test]
    fn moved_and_reattached_codes_are_warnings() {
        let f = tags(SOURCE, "<g1>Lavrov</g1> said in <g2>Homs</g2> <x3/>").unwrap();
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.message, "inline codes: code 3 moved out of its pair");
        assert_eq!(f.evidence[0].text, "<x3/>");
        let reattached = codes::reattach(SOURCE, "Lavrov said in Homs");
        let f = tags(SOURCE, &reattached).unwrap();
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("(3, 1, 2)"), "{}", f.message);
        // Every marker of the sentence is shown.
        assert_eq!(f.evidence.len(), 5);
    }
}
