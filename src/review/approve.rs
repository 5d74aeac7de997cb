//! The one approval rule: a segment may be approved when it has a non-empty target and review
//! finds nothing of severity warning or worse in it. `review --approve`, `edit --state
//! approved`, an import that marks a target final and the browser editor all go through
//! [`approval_refused`] (one segment) or [`approve_clean`] (a reviewed selection); a person may
//! insist (`--force`), and the command records that in the revision's action.

use super::{Finding, Report, Row, Severity};
use crate::store::{Document, Segment, State};

/// Why the approval rule refuses a segment.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The segment has no target (or only spaces).
    EmptyTarget,
    /// Review finds these problems (warnings or worse) in it.
    Findings(Vec<Finding>),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::EmptyTarget => f.write_str("it has no target"),
            Refusal::Findings(findings) => {
                // Each kind once, in order of first appearance, with its count when above one.
                let mut kinds: Vec<(&str, usize)> = Vec::new();
                for finding in findings {
                    let kind = finding.kind.as_str();
                    match kinds.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, n)) => *n += 1,
                        None => kinds.push((kind, 1)),
                    }
                }
                let kinds: Vec<String> = kinds
                    .into_iter()
                    .map(|(k, n)| {
                        if n == 1 {
                            k.to_owned()
                        } else {
                            format!("{k} ×{n}")
                        }
                    })
                    .collect();
                write!(
                    f,
                    "review finds {} {} in it ({})",
                    findings.len(),
                    if findings.len() == 1 {
                        "problem"
                    } else {
                        "problems"
                    },
                    kinds.join(", ")
                )
            }
        }
    }
}

/// The approval rule for one segment: `None` when `seg` may be approved, else why not.
/// `row` is the segment's row of a review of its document (the caller reviews the document
/// as it will be stored, so that checks across segments see the new text).
pub fn approval_refused(seg: &Segment, row: Option<&Row>) -> Option<Refusal> {
    if seg.target.trim().is_empty() {
        return Some(Refusal::EmptyTarget);
    }
    let findings: Vec<Finding> = row
        .map(|r| {
            r.findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    (!findings.is_empty()).then_some(Refusal::Findings(findings))
}

/// What [`approve_clean`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Approved {
    /// Segments approved now.
    pub approved: usize,
    /// Segments changed: those approved, and approvals dropped back because their text
    /// changed since.
    pub changed: usize,
    /// Rows of the report left as they are because of a finding (a warning or worse).
    pub skipped: usize,
}

impl Row {
    /// Whether the row may be approved as it is: no finding of severity warning or worse
    /// (the findings half of [`approval_refused`]).
    pub fn is_clean(&self) -> bool {
        self.worst().is_none_or(|w| w < Severity::Warning)
    }
}

/// Approve under `revision` every clean row of `report` (see [`Row::is_clean`]) whose
/// segment has a target and is neither `new` nor `rejected`. First, every approval whose
/// text changed since drops back to `translated` ([`Document::enforce_approvals`]): those
/// count as changes too. The caller records the revision when anything changed.
pub fn approve_clean(doc: &mut Document, report: &Report, revision: u32) -> Approved {
    let mut done = Approved {
        changed: doc.enforce_approvals(revision).len(),
        ..Approved::default()
    };
    for row in &report.rows {
        if !row.is_clean() {
            done.skipped += 1;
            continue;
        }
        let Some(seg) = doc.segment_mut(row.id) else {
            continue;
        };
        if approval_refused(seg, Some(row)).is_some()
            || matches!(seg.state, State::New | State::Rejected)
        {
            continue;
        }
        if seg.approve(None, revision) {
            done.approved += 1;
            done.changed += 1;
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_refuses_an_empty_target_and_findings_of_warning_or_worse() {
        use crate::glossary::{Glossary, Term};
        use crate::review::{ReviewOptions, review};
        use crate::store::{Meta, SplitSegment};
        let split = SplitSegment::lines_for_tests(&["في حمص.", "جملة.", "أخرى."]);
        let mut doc = Document::new(Meta::for_tests(), &split);
        doc.segments[0].set("In Hims.".into(), State::Translated, None, 1);
        doc.segments[1].set("A sentence.".into(), State::Draft, None, 1);
        let mut glossary = Glossary::new();
        glossary.add(Term::new(vec!["حمص"], "Homs")).unwrap();
        let report = review(&doc, &glossary, &ReviewOptions::default());
        let refused = approval_refused(&doc.segments[0], report.rows.first());
        assert!(
            matches!(&refused, Some(Refusal::Findings(f)) if f[0].kind.as_str() == "glossary"),
            "{refused:?}"
        );
        assert!(refused.unwrap().to_string().contains("glossary"));
        assert_eq!(approval_refused(&doc.segments[1], report.rows.get(1)), None);
        assert_eq!(
            approval_refused(&doc.segments[2], report.rows.get(2)),
            Some(Refusal::EmptyTarget)
        );
    }
    use crate::glossary::{Glossary, Term};
    use crate::review::{ReviewOptions, review};
    use crate::store::{Meta, SplitSegment};

    #[test]
    fn only_clean_segments_with_a_target_are_approved() {
        let texts = ["في حمص.", "جملة.", "أخرى.", "رابعة."];
        let split = SplitSegment::lines_for_tests(&texts);
        let mut doc = Document::new(Meta::for_tests(), &split);
        doc.segments[0].set("In Hims.".into(), State::Translated, None, 1);
        doc.segments[1].set("A sentence.".into(), State::Draft, None, 1);
        doc.segments[2].set("Another.".into(), State::Rejected, None, 1);
        doc.record_revision(1, "T", "test", 3);
        let mut glossary = Glossary::new();
        glossary.add(Term::new(vec!["حمص"], "Homs")).unwrap();
        let report = review(&doc, &glossary, &ReviewOptions::default());
        assert!(
            !report.rows[0].is_clean(),
            "the glossary finding is a warning"
        );
        let done = approve_clean(&mut doc, &report, 2);
        assert!(done.skipped >= 1, "{done:?}");
        assert_eq!(done.approved, 1);
        assert_eq!(done.changed, 1);
        let states: Vec<State> = doc.segments.iter().map(|s| s.state).collect();
        assert_eq!(
            states,
            [
                State::Translated,
                State::Approved,
                State::Rejected,
                State::New
            ]
        );
        // Approving again changes nothing.
        assert_eq!(approve_clean(&mut doc, &report, 3).changed, 0);
    }
}
