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

/// A person's change to one segment: a new target, a new state, or both (`edit`, the
/// browser editor).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edit {
    pub target: Option<String>,
    pub state: Option<State>,
    /// Approve even when review finds a problem (never an empty target).
    pub force: bool,
}

/// What [`apply_edit`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// The segment already had that target and state: nothing changed, no revision.
    Unchanged,
    /// The segment took the edit as `revision`, which the document recorded.
    Changed {
        state: State,
        revision: u32,
        /// Approved despite review's findings (`--force`): the revision's action says so.
        forced: bool,
    },
}

/// Why [`apply_edit`] changed nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum EditRefused {
    /// The document has no segment with this id.
    NoSegment(u64),
    /// The approval rule refuses the segment (and `force` was not given, or the target is
    /// empty).
    Refused(Refusal),
}

/// Apply a person's `edit` to segment `id` of `doc` as its next revision, under `action`
/// (`edit`, `serve edit`; `--force` is added when an approval was forced), at `time`.
///
/// A new target without a state makes the segment `translated`; a changed target is the
/// person's (origin human). Approving follows the one approval rule ([`approval_refused`]),
/// judged on the document as it will be stored: `glossary` and `options` review it with the
/// new text. Nothing changes when the edit is refused. The caller saves the document.
pub fn apply_edit(
    doc: &mut Document,
    id: u64,
    edit: Edit,
    review_with: (&crate::glossary::Glossary, &super::ReviewOptions),
    action: &str,
    time: &str,
) -> Result<Edited, EditRefused> {
    let revision = doc.next_revision();
    let seg = doc.segment(id).ok_or(EditRefused::NoSegment(id))?;
    let new_target = edit.target.unwrap_or_else(|| seg.target.clone());
    let target_changed = new_target != seg.target;
    let new_state = match edit.state {
        Some(s) => s,
        None if target_changed => State::Translated,
        None => seg.state,
    };
    let origin = if target_changed {
        Some(crate::store::Origin {
            kind: crate::store::OriginKind::Human,
            backend: None,
            model: None,
            time: time.to_owned(),
        })
    } else {
        seg.origin.clone()
    };
    let mut forced = false;
    if new_state == State::Approved {
        // The rule judges the document as it will be stored: review it with the new text.
        let mut preview = doc.clone();
        if let Some(seg) = preview.segment_mut(id) {
            seg.set(new_target.clone(), State::Translated, None, revision);
        }
        let (glossary, options) = review_with;
        let report = super::review(&preview, glossary, options);
        let row = report.rows.iter().find(|r| r.id == id);
        let refusal = preview
            .segment(id)
            .and_then(|seg| approval_refused(seg, row));
        match refusal {
            Some(Refusal::EmptyTarget) => {
                return Err(EditRefused::Refused(Refusal::EmptyTarget));
            }
            Some(refusal) if !edit.force => return Err(EditRefused::Refused(refusal)),
            Some(_) => forced = true,
            None => {}
        }
    }
    let seg = doc.segment_mut(id).ok_or(EditRefused::NoSegment(id))?;
    let changed = if new_state == State::Approved {
        seg.approve_text(new_target, origin, revision)
    } else {
        seg.set(new_target, new_state, origin, revision)
    };
    if !changed {
        return Ok(Edited::Unchanged);
    }
    let action = if forced {
        format!("{action} --force")
    } else {
        action.to_owned()
    };
    doc.record_revision(revision, time, &action, 1);
    Ok(Edited::Changed {
        state: new_state,
        revision,
        forced,
    })
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
    fn an_edit_follows_the_approval_rule_and_records_its_revision() {
        let split = SplitSegment::lines_for_tests(&["في حمص.", "جملة."]);
        let mut doc = Document::new(Meta::for_tests(), &split);
        let mut glossary = Glossary::new();
        glossary.add(Term::new(vec!["حمص"], "Homs")).unwrap();
        let options = ReviewOptions::default();
        let approve = |target: &str, force| Edit {
            target: Some(target.to_owned()),
            state: Some(State::Approved),
            force,
        };
        let refused = apply_edit(
            &mut doc,
            1,
            approve("In Hims.", false),
            (&glossary, &options),
            "edit",
            "T",
        );
        assert!(
            matches!(refused, Err(EditRefused::Refused(Refusal::Findings(_)))),
            "{refused:?}"
        );
        assert_eq!(doc.last_revision(), 0, "nothing recorded");
        let empty = apply_edit(
            &mut doc,
            2,
            approve("", true),
            (&glossary, &options),
            "edit",
            "T",
        );
        assert_eq!(empty, Err(EditRefused::Refused(Refusal::EmptyTarget)));
        let done = apply_edit(
            &mut doc,
            1,
            approve("In Homs.", false),
            (&glossary, &options),
            "serve edit",
            "T",
        );
        assert_eq!(
            done,
            Ok(Edited::Changed {
                state: State::Approved,
                revision: 1,
                forced: false
            })
        );
        assert_eq!(
            doc.segments[0].origin.as_ref().map(|o| o.kind),
            Some(crate::store::OriginKind::Human)
        );
        let forced = apply_edit(
            &mut doc,
            1,
            approve("In Hims.", true),
            (&glossary, &options),
            "serve edit",
            "T",
        );
        assert_eq!(
            forced,
            Ok(Edited::Changed {
                state: State::Approved,
                revision: 2,
                forced: true
            })
        );
        assert_eq!(doc.revisions[1].action, "serve edit --force");
        let plain = Edit {
            target: Some("A sentence.".into()),
            ..Edit::default()
        };
        assert_eq!(
            apply_edit(
                &mut doc,
                2,
                plain.clone(),
                (&glossary, &options),
                "edit",
                "T"
            ),
            Ok(Edited::Changed {
                state: State::Translated,
                revision: 3,
                forced: false
            })
        );
        assert_eq!(
            apply_edit(&mut doc, 2, plain, (&glossary, &options), "edit", "T"),
            Ok(Edited::Unchanged)
        );
        assert_eq!(
            apply_edit(
                &mut doc,
                9,
                Edit::default(),
                (&glossary, &options),
                "edit",
                "T"
            ),
            Err(EditRefused::NoSegment(9))
        );
    }

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
