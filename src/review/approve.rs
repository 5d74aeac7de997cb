//! The approval rule of `review --approve`: a reviewed selection's clean segments signed off.

use super::{Report, Row, Severity};
use crate::store::{Document, State};

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
    /// Whether the row may be approved as it is: no finding of severity warning or worse.
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
        if seg.target.trim().is_empty() || matches!(seg.state, State::New | State::Rejected) {
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
