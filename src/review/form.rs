//! The plain-text form `review --edit` opens in the reviewer's editor, its parser, and the
//! application of what changed as one new revision.
//!
//! ```text
//! @@ 7 draft
//! #| <the source, as a comment>
//! <the target, editable>
//! ```
//! The form's own comment lines start with `#|`, so that a target line starting with `#`
//! (`#UNSC`, a hashtag) is kept. A target line that would start with `#|`, `@@` or `\` is
//! written with a leading `\`. A form of an older version, whose comments start with a bare
//! `#` (it has no `#|` line), is read as it was written: its `#` lines are comments.

use std::collections::HashSet;

use super::Error;
use crate::codes;
use crate::display::visible;
use crate::store::{Document, Origin, OriginKind, State};

const HEADER: &str = "\
#| Edit the targets and states below, then save and close the editor.
#| Lines starting with `#|` are ignored (a target may start with `#`). Keep every `@@ ID STATE`
#| line; you may change its state (new, draft, translated, reviewed, approved, rejected). A
#| changed target whose state you do not change becomes `translated`. Leave the file as it is
#| to change nothing.
";

/// How the form's own comment lines start.
const COMMENT: &str = "#|";

/// One segment as the form gives it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormEntry {
    pub id: u64,
    pub state: State,
    pub target: String,
}

/// Added to the header when a segment of the form has inline codes.
const CODES_HEADER: &str = "\
#| Inline codes stand for markup (a link, bold, a line break): `<g1>` and `</g1>` around words,
#| `<x2/>` alone. Keep each code of the source exactly once in the target, pairs around the
#| words they mark; `workbench review` reports lost or broken codes (check `tags`).
";

/// The form for these segments of the document (in document order). Inline codes are
/// shown in their text form (`<g1>…</g1>`, `<x2/>`), as stored, so that they can be kept.
pub fn write_form(doc: &Document, ids: &[u64]) -> String {
    let wanted: HashSet<u64> = ids.iter().copied().collect();
    let mut out = String::from(HEADER);
    let selected = || doc.segments.iter().filter(|s| wanted.contains(&s.id));
    if selected().any(|s| codes::has_codes(&s.source) || codes::has_codes(&s.target)) {
        out.push_str(CODES_HEADER);
    }
    for seg in selected() {
        out.push_str(&format!("\n@@ {} {}\n", seg.id, seg.state));
        for line in seg.source.lines() {
            out.push_str(&format!("{COMMENT} {}\n", visible(line)));
        }
        for line in seg.target.split('\n') {
            if line.starts_with(COMMENT) || line.starts_with('\\') || line.starts_with("@@") {
                out.push('\\');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Parse a form. Errors name the line.
pub fn parse_form(text: &str) -> Result<Vec<FormEntry>, Error> {
    let mut entries: Vec<FormEntry> = Vec::new();
    let mut body: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    // A form of an older version marked its comments with a bare `#`.
    let comment = if text.lines().any(|l| l.starts_with(COMMENT)) {
        COMMENT
    } else {
        "#"
    };
    let finish = |entries: &mut Vec<FormEntry>, body: &mut Vec<&str>| {
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        let start = body.iter().take_while(|l| l.trim().is_empty()).count();
        if let Some(e) = entries.last_mut() {
            e.target = body[start..].join("\n");
        }
        body.clear();
    };
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let error = |message: String| Error::Form {
            line: line_no,
            message,
        };
        if let Some(rest) = line.strip_prefix("@@") {
            finish(&mut entries, &mut body);
            let mut parts = rest.split_whitespace();
            let id: u64 = parts
                .next()
                .and_then(|p| p.parse().ok())
                .ok_or_else(|| error("expected `@@ ID STATE`".into()))?;
            let state_word = parts
                .next()
                .ok_or_else(|| error(format!("segment {id}: the state is missing")))?;
            let state = State::parse(state_word).ok_or_else(|| {
                error(format!(
                    "unknown state `{state_word}` (expected new, draft, translated, reviewed, approved or rejected)"
                ))
            })?;
            if let Some(extra) = parts.next() {
                return Err(error(format!("unexpected `{extra}` after the state")));
            }
            if !seen.insert(id) {
                return Err(error(format!("segment {id} appears twice")));
            }
            entries.push(FormEntry {
                id,
                state,
                target: String::new(),
            });
            continue;
        }
        if line.starts_with(comment) {
            continue;
        }
        if entries.is_empty() {
            if line.trim().is_empty() {
                continue;
            }
            return Err(error("text before the first `@@ ID STATE` line".into()));
        }
        body.push(line.strip_prefix('\\').unwrap_or(line));
    }
    finish(&mut entries, &mut body);
    Ok(entries)
}

/// Apply the entries of an edited form that differ from the original form, as revision
/// `revision` made by a person at `now`. Returns the ids of the segments that changed.
/// Unknown ids are an error; nothing is changed then.
pub fn apply_form(
    doc: &mut Document,
    original: &[FormEntry],
    edited: &[FormEntry],
    revision: u32,
    now: &str,
) -> Result<Vec<u64>, Error> {
    for e in edited {
        if !original.iter().any(|o| o.id == e.id) {
            return Err(Error::UnknownSegment { id: e.id });
        }
    }
    let mut changed = Vec::new();
    for e in edited {
        let Some(before) = original.iter().find(|o| o.id == e.id) else {
            continue;
        };
        if before == e {
            continue;
        }
        let Some(seg) = doc.segment_mut(e.id) else {
            return Err(Error::UnknownSegment { id: e.id });
        };
        let target_changed = e.target != before.target;
        let state = if e.state != before.state {
            e.state
        } else if target_changed {
            State::Translated
        } else {
            seg.state
        };
        let origin = if target_changed {
            Some(Origin {
                kind: OriginKind::Human,
                backend: None,
                model: None,
                time: now.to_owned(),
            })
        } else {
            seg.origin.clone()
        };
        let target = if target_changed {
            e.target.clone()
        } else {
            seg.target.clone()
        };
        let mut did = seg.set(target, state, origin, revision);
        if state == State::Approved {
            did |= seg.approve(None, revision);
        }
        if did {
            changed.push(e.id);
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Meta, SplitSegment};

    fn doc() -> Document {
        let meta = Meta::for_tests();
        let split = [
            SplitSegment {
                range: 0..3,
                text: "قال".into(),
            },
            SplitSegment {
                range: 4..8,
                text: "ذهب".into(),
            },
        ];
        let mut d = Document::new(meta, &split);
        for s in &mut d.segments {
            s.set("# hash".into(), State::Draft, None, 1);
        }
        d.record_revision(1, "t", "test", 2);
        d
    }

    #[test]
    fn form_round_trips() {
        let d = doc();
        let form = write_form(&d, &[1, 2]);
        assert!(form.contains("\n@@ 1 draft\n#| قال\n# hash\n"), "{form}");
        let entries = parse_form(&form).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].target, "# hash");
        // A target line a person starts with `#` is kept.
        let edited = form.replace("# hash\n\n@@ 2", "#UNSC: the council met.\n\n@@ 2");
        assert_eq!(
            parse_form(&edited).unwrap()[0].target,
            "#UNSC: the council met."
        );
        // An older form's bare `#` lines are its comments.
        let old = "# header\n\n@@ 1 draft\n# قال\n\\# hash\n";
        assert_eq!(parse_form(old).unwrap()[0].target, "# hash");
    }

    #[test]
    fn codes_are_shown_as_they_are_with_a_note() {
        let mut d = doc();
        assert!(!write_form(&d, &[1]).contains("Inline codes"));
        d.segments[0].source = "قال <g1>لافروف</g1>".into();
        d.segments[0].target = "<g1>Lavrov</g1> said".into();
        let form = write_form(&d, &[1]);
        assert!(form.contains("#| Inline codes stand for markup"), "{form}");
        assert!(
            form.contains("\n#| قال <g1>لافروف</g1>\n<g1>Lavrov</g1> said\n"),
            "{form}"
        );
        assert_eq!(parse_form(&form).unwrap()[0].target, "<g1>Lavrov</g1> said");
    }

    #[test]
    fn applies_only_what_changed() {
        let mut d = doc();
        let form = write_form(&d, &[1, 2]);
        let original = parse_form(&form).unwrap();
        let edited = form
            .replacen("\n# hash", "\nHe said.", 1)
            .replace("@@ 2 draft", "@@ 2 approved");
        let edited = parse_form(&edited).unwrap();
        let changed = apply_form(&mut d, &original, &edited, 2, "now").unwrap();
        assert_eq!(changed, [1, 2]);
        assert_eq!(d.segments[0].target, "He said.");
        assert_eq!(d.segments[0].state, State::Translated);
        assert_eq!(d.segments[1].state, State::Approved);
        assert!(d.segments[1].approval.is_some());
    }

    #[test]
    fn approval_is_bound_to_the_text() {
        let mut d = doc();
        assert!(d.segments[0].approve(None, 2));
        assert!(
            !d.segments[0].approve(None, 2),
            "approving twice changes nothing"
        );
        assert!(d.enforce_approvals(3).is_empty());
        // The source changes under the approval (as a re-split does).
        d.segments[0].source = "قال لي".into();
        assert!(!d.segments[0].approval_holds());
        assert_eq!(d.enforce_approvals(3), [1]);
        assert_eq!(d.segments[0].state, State::Translated);
        assert!(d.segments[0].stale);
        assert!(d.segments[0].approval.is_none());
        // A changed target drops it too, without marking it stale.
        d.segments[1].approve(None, 2);
        d.segments[1].target = "Went.".into();
        assert_eq!(d.enforce_approvals(4), [2]);
        assert!(!d.segments[1].stale);
    }

    #[test]
    fn bad_forms_name_the_line() {
        let e = parse_form("x\n").unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
        let e = parse_form("@@ 1 done\n").unwrap_err().to_string();
        assert!(e.contains("unknown state `done`"), "{e}");
        let e = parse_form("@@ 1 draft\n@@ 1 draft\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
    }
}
