//! The quality checks: one function per check, each returning findings with their evidence.
//!
//! Segment checks (here, in `numbers.rs` and in `tags.rs`) take the texts they look at; document checks
//! (`document.rs`) take every (source, target) pair and return `(index, finding)` pairs. None of
//! them knows about options except the thresholds it is given: [`super::review`] decides
//! which run.

mod document;
mod numbers;
mod tags;

use std::ops::Range;

use super::{Evidence, Finding, Kind, Severity, Side, TermMark};
use crate::display::{is_arabic_letter, is_bidi_control, is_zero_width, spelled};
use crate::glossary::{self, Glossary, Matcher};
use crate::store::Segment;

pub(crate) use document::{inconsistent, length_ratio, name_spelling};
pub(crate) use numbers::numbers;
pub(crate) use tags::tags;

pub(super) fn finding(
    kind: Kind,
    severity: Severity,
    message: String,
    evidence: Vec<Evidence>,
) -> Finding {
    Finding {
        kind,
        severity,
        message,
        evidence,
    }
}

/// `untranslated`: no target, or a target that is still mostly Arabic.
pub(crate) fn untranslated(source: &str, target: &str) -> Option<Finding> {
    if target.trim().is_empty() {
        return Some(finding(
            Kind::Untranslated,
            Severity::Error,
            "no target yet".into(),
            Vec::new(),
        ));
    }
    let letters = target.chars().filter(|c| c.is_alphabetic()).count();
    let arabic = target.chars().filter(|c| is_arabic_letter(*c)).count();
    if letters > 0 && arabic * 2 > letters && target.trim() != source.trim() {
        return Some(finding(
            Kind::Untranslated,
            Severity::Warning,
            format!("the target is mostly Arabic ({arabic} of {letters} letters)"),
            Vec::new(),
        ));
    }
    None
}

/// `same-as-source`: the target is the source, unchanged (a source without letters, such as
/// a bare number, may stay as it is).
pub(crate) fn same_as_source(source: &str, target: &str) -> Option<Finding> {
    let (s, t) = (source.trim(), target.trim());
    (!t.is_empty() && s == t && s.chars().any(char::is_alphabetic)).then(|| {
        finding(
            Kind::SameAsSource,
            Severity::Warning,
            "the target is the source, untranslated".into(),
            Vec::new(),
        )
    })
}

/// Whether a character is Arabic script an English target has no use for: a letter, a mark,
/// an Arabic-Indic digit (both sets) or Arabic punctuation (`،` `؛` `؟` `٪` `٫` `٬`).
fn is_arabic_script(c: char) -> bool {
    crate::text::is_arabic_letter(c)
        || crate::text::is_arabic_mark(c)
        || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
        || matches!(
            c,
            '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066C}' | '\u{06D4}'
        )
}

/// `arabic-script`: Arabic letters, digits or punctuation left in the English target, one
/// piece of evidence per run (words of Arabic with spaces between them are one run). The
/// forms of a `do_not_translate` glossary term are the target's to keep. A target that is
/// mostly Arabic is the `untranslated` check's.
pub(crate) fn arabic_script(
    source: &str,
    target: &str,
    glossary: &Glossary,
    matcher: Option<&Matcher>,
) -> Option<Finding> {
    if !target.chars().any(is_arabic_script) || target.trim() == source.trim() {
        return None;
    }
    let letters = target.chars().filter(|c| c.is_alphabetic()).count();
    let arabic = target.chars().filter(|c| is_arabic_letter(*c)).count();
    if arabic * 2 > letters {
        return None;
    }
    let kept: Vec<Range<usize>> = matcher
        .map(|m| m.find(target))
        .unwrap_or_default()
        .into_iter()
        .filter(|m| {
            glossary
                .terms()
                .get(m.term)
                .is_some_and(|t| t.do_not_translate)
        })
        .map(|m| m.range)
        .collect();
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, c) in target.char_indices() {
        if !is_arabic_script(c) || kept.iter().any(|r| r.contains(&i)) {
            continue;
        }
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some(last) if target[last.end..i].chars().all(char::is_whitespace) => last.end = end,
            _ => runs.push(i..end),
        }
    }
    if runs.is_empty() {
        return None;
    }
    let shown: Vec<String> = runs
        .iter()
        .map(|r| format!("`{}`", &target[r.clone()]))
        .collect();
    let evidence = runs
        .iter()
        .map(|r| Evidence::new(Side::Target, target, r.clone()))
        .collect();
    Some(finding(
        Kind::ArabicScript,
        Severity::Warning,
        format!("Arabic script left in the target: {}", shown.join(", ")),
        evidence,
    ))
}

/// `glossary`: every violation the glossary module reports for the terms in the source, with
/// the term's place in the source as evidence. Also returns the terms found, for marking.
pub(crate) fn glossary(
    glossary: &Glossary,
    matcher: &Matcher,
    source: &str,
    target: &str,
) -> (Vec<Finding>, Vec<TermMark>) {
    let matches = matcher.find(source);
    let mut findings = Vec::new();
    let mut marks = Vec::new();
    for m in &matches {
        if let Some(term) = glossary.terms().get(m.term) {
            marks.push(TermMark {
                start: m.range.start,
                end: m.range.end,
                english: term.english.clone(),
            });
        }
        if target.trim().is_empty() {
            continue;
        }
        for v in glossary::check(glossary, std::slice::from_ref(m), target) {
            let (message, target_range) = describe_violation(&v);
            let mut evidence = vec![Evidence::new(Side::Source, source, m.range.clone())];
            if let Some(r) = target_range {
                evidence.push(Evidence::new(Side::Target, target, r));
            }
            // The same violation of a term that occurs twice is one finding.
            match findings
                .iter_mut()
                .find(|f: &&mut Finding| f.message == message)
            {
                Some(f) => f.evidence.extend(evidence),
                None => findings.push(finding(Kind::Glossary, Severity::Error, message, evidence)),
            }
        }
    }
    (findings, marks)
}

/// A violation's message and, when it names one, its byte range in the target. Read through
/// its serialised form so that only the glossary module's documented contract (a `Serialize`
/// violation with a `message`, or with the `expected`/`found`/`target_range` fields of a
/// missing or forbidden rendering) is relied on.
fn describe_violation(v: &impl serde::Serialize) -> (String, Option<Range<usize>>) {
    let value = serde_json::to_value(v).unwrap_or_default();
    let text = |key: &str| value.get(key).and_then(|x| x.as_str()).map(str::to_owned);
    let target_range = value.get("target_range").and_then(|r| {
        let start = usize::try_from(r.get("start")?.as_u64()?).ok()?;
        let end = usize::try_from(r.get("end")?.as_u64()?).ok()?;
        Some(start..end)
    });
    let message = text("message").unwrap_or_else(|| match (text("found"), text("expected")) {
        (Some(found), Some(expected)) => {
            format!("forbidden rendering `{found}`: the glossary says `{expected}`")
        }
        (None, Some(expected)) => format!("missing `{expected}`"),
        _ => format!("glossary violation: {value}"),
    });
    (message, target_range)
}

/// Which pair a bracket character belongs to, and whether it opens it.
fn bracket(c: char) -> Option<(char, bool)> {
    Some(match c {
        '(' => ('(', true),
        ')' => ('(', false),
        '[' => ('[', true),
        ']' => ('[', false),
        '{' => ('{', true),
        '}' => ('{', false),
        '«' | '“' => ('"', true),
        '»' | '”' => ('"', false),
        _ => return None,
    })
}

/// The brackets and double quotes a text leaves open or closes without opening: the pair's
/// opening character, whether it is an opener, and its byte range.
fn unmatched(text: &str) -> Vec<(char, bool, Range<usize>)> {
    let mut stack: Vec<(char, Range<usize>)> = Vec::new();
    let mut stray = Vec::new();
    let mut straight: Option<Range<usize>> = None;
    for (i, c) in text.char_indices() {
        let range = i..i + c.len_utf8();
        if c == '"' {
            straight = match straight {
                Some(_) => None,
                None => Some(range),
            };
            continue;
        }
        let Some((pair, opens)) = bracket(c) else {
            continue;
        };
        if opens {
            stack.push((pair, range));
        } else if let Some(pos) = stack.iter().rposition(|(p, _)| *p == pair) {
            stack.truncate(pos);
        } else {
            stray.push((pair, false, range));
        }
    }
    let mut out: Vec<(char, bool, Range<usize>)> =
        stack.into_iter().map(|(p, r)| (p, true, r)).collect();
    out.extend(stray);
    if let Some(r) = straight {
        out.push(('"', true, r));
    }
    out.sort_by_key(|(_, _, r)| r.start);
    out
}

fn signature(list: &[(char, bool, Range<usize>)]) -> Vec<(char, bool)> {
    let mut sig: Vec<(char, bool)> = list.iter().map(|(p, o, _)| (*p, *o)).collect();
    sig.sort_unstable();
    sig
}

/// `unbalanced`: the target leaves brackets or double quotes open (or closes ones it never
/// opened) unlike its source. A quote that the source opens in one sentence and closes in
/// the next is fine as long as the target does the same.
pub(crate) fn unbalanced(source: &str, target: &str) -> Option<Finding> {
    if target.trim().is_empty() {
        return None;
    }
    let s = unmatched(source);
    let t = unmatched(target);
    if signature(&s) == signature(&t) {
        return None;
    }
    let describe = |list: &[(char, bool, Range<usize>)], text: &str| {
        list.iter()
            .map(|(_, opens, r)| {
                let ch = text.get(r.clone()).unwrap_or_default();
                if *opens {
                    format!("`{ch}` left open")
                } else {
                    format!("`{ch}` never opened")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let message = match (s.is_empty(), t.is_empty()) {
        (true, false) => format!("unbalanced in the target: {}", describe(&t, target)),
        (false, true) => format!(
            "the source has {} but the target is balanced",
            describe(&s, source)
        ),
        _ => format!(
            "the source has {}; the target has {}",
            describe(&s, source),
            describe(&t, target)
        ),
    };
    let evidence = if t.is_empty() {
        s.iter()
            .map(|(_, _, r)| Evidence::new(Side::Source, source, r.clone()))
            .collect()
    } else {
        t.iter()
            .map(|(_, _, r)| Evidence::new(Side::Target, target, r.clone()))
            .collect()
    };
    Some(finding(
        Kind::Unbalanced,
        Severity::Warning,
        message,
        evidence,
    ))
}

/// `invisible`: bidi controls (marks, embeddings, overrides, isolates) and zero-width
/// characters in the source or target. Overrides reorder what a reader sees: an error.
pub(crate) fn invisible(source: &str, target: &str) -> Option<Finding> {
    let mut evidence = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut severity = Severity::Warning;
    for (side, text) in [(Side::Source, source), (Side::Target, target)] {
        for (i, c) in text.char_indices() {
            if is_bidi_control(c) || is_zero_width(c) {
                if matches!(c, '\u{202D}' | '\u{202E}') {
                    severity = Severity::Error;
                }
                let name = spelled(c);
                if !names.contains(&name) {
                    names.push(name);
                }
                evidence.push(Evidence::new(side, text, i..i + c.len_utf8()));
            }
        }
    }
    if evidence.is_empty() {
        return None;
    }
    let sides = match (
        evidence.iter().any(|e| e.side == Side::Source),
        evidence.iter().any(|e| e.side == Side::Target),
    ) {
        (true, true) => "source and target",
        (true, false) => "source",
        _ => "target",
    };
    Some(finding(
        Kind::Invisible,
        severity,
        format!(
            "{} invisible control character{} in the {sides}: {}",
            evidence.len(),
            if evidence.len() == 1 { "" } else { "s" },
            names.join(" ")
        ),
        evidence,
    ))
}

/// `kashida`: the elongation mark (ـ, U+0640). In the source it hides words from search and
/// the glossary (info); in the English target it has no business at all (warning).
pub(crate) fn kashida(source: &str, target: &str) -> Option<Finding> {
    let find = |side, text: &str| -> Vec<Evidence> {
        text.char_indices()
            .filter(|(_, c)| *c == '\u{0640}')
            .map(|(i, _)| Evidence::new(side, text, i..i + 2))
            .collect()
    };
    let in_target = find(Side::Target, target);
    let in_source = find(Side::Source, source);
    if in_target.is_empty() && in_source.is_empty() {
        return None;
    }
    let (severity, message) = if in_target.is_empty() {
        (
            Severity::Info,
            format!(
                "kashida (ـ) in the source, {} time(s): searches and the glossary may miss the word",
                in_source.len()
            ),
        )
    } else {
        (
            Severity::Warning,
            format!("kashida (ـ) in the target, {} time(s)", in_target.len()),
        )
    };
    let mut evidence = in_source;
    evidence.extend(in_target);
    Some(finding(Kind::Kashida, severity, message, evidence))
}

/// `whitespace`: double spaces, leading or trailing whitespace, tabs and line breaks, and
/// spaces before closing punctuation or after an opening bracket, in the target.
pub(crate) fn whitespace(target: &str) -> Option<Finding> {
    let mut evidence = Vec::new();
    let mut what: Vec<&str> = Vec::new();
    let note = |what: &mut Vec<&str>, label| {
        if !what.contains(&label) {
            what.push(label);
        }
    };
    let trimmed_start = target.len() - target.trim_start().len();
    if trimmed_start > 0 && !target.trim().is_empty() {
        note(&mut what, "leading whitespace");
        evidence.push(Evidence::new(Side::Target, target, 0..trimmed_start));
    }
    let body_end = target.trim_end().len();
    if body_end < target.len() && !target.trim().is_empty() {
        note(&mut what, "trailing whitespace");
        evidence.push(Evidence::new(Side::Target, target, body_end..target.len()));
    }
    let body = target.get(trimmed_start..body_end).unwrap_or_default();
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let at = trimmed_start + i;
        if c.is_whitespace() {
            let run = chars[k..]
                .iter()
                .take_while(|(_, c)| c.is_whitespace())
                .count();
            let end = chars.get(k + run).map_or(body.len(), |(b, _)| *b) + trimmed_start;
            let next = chars.get(k + run).map(|(_, c)| *c);
            let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|(_, c)| *c);
            if chars[k..k + run]
                .iter()
                .any(|(_, c)| matches!(c, '\t' | '\n' | '\r'))
            {
                note(&mut what, "a tab or line break");
                evidence.push(Evidence::new(Side::Target, target, at..end));
            } else if run > 1 {
                note(&mut what, "double space");
                evidence.push(Evidence::new(Side::Target, target, at..end));
            } else if next
                .is_some_and(|n| matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']'))
            {
                note(&mut what, "space before punctuation");
                evidence.push(Evidence::new(Side::Target, target, at..end));
            } else if prev.is_some_and(|p| matches!(p, '(' | '[')) {
                note(&mut what, "space after an opening bracket");
                evidence.push(Evidence::new(Side::Target, target, at..end));
            }
            k += run;
            continue;
        }
        k += 1;
    }
    if evidence.is_empty() {
        return None;
    }
    Some(finding(
        Kind::Whitespace,
        Severity::Info,
        what.join(", "),
        evidence,
    ))
}

/// `low-confidence`: the aligner paired this source and target with little confidence.
pub(crate) fn low_confidence(confidence: Option<f64>, min: f64) -> Option<Finding> {
    let c = confidence?;
    (c < min).then(|| {
        finding(
            Kind::LowConfidence,
            Severity::Warning,
            format!(
                "alignment confidence {c:.2} is below {min:.2}: check that these belong together"
            ),
            Vec::new(),
        )
    })
}

/// `stale`: the source changed after the target was written, or an approved segment's
/// text changed after its approval.
pub(crate) fn stale(seg: &Segment) -> Option<Finding> {
    if seg.stale {
        return Some(finding(
            Kind::Stale,
            Severity::Warning,
            "the source changed after this target was written".into(),
            Vec::new(),
        ));
    }
    if !seg.approval_holds() {
        return Some(finding(
            Kind::Stale,
            Severity::Warning,
            "the text changed after it was approved: the approval no longer holds".into(),
            Vec::new(),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Approval, State};

    fn seg(source: &str, target: &str) -> Segment {
        Segment {
            id: 1,
            range: [0, source.len()],
            source: source.into(),
            target: target.into(),
            state: State::Translated,
            origin: None,
            revision: 1,
            confidence: None,
            stale: false,
            approval: None,
            history: Vec::new(),
        }
    }

    #[test]
    fn untranslated_fires_on_empty_and_arabic_targets() {
        assert!(untranslated("قال", "").is_some());
        assert!(untranslated("قال", "   ").is_some());
        assert!(untranslated("قال إنه", "قال إنه said").is_some());
        assert!(untranslated("قال", "He said").is_none());
    }

    #[test]
    fn same_as_source_fires_only_on_letters() {
        assert!(same_as_source("حمص", " حمص ").is_some());
        assert!(same_as_source("2012", "2012").is_none());
        assert!(same_as_source("حمص", "Homs").is_none());
    }

    #[test]
    fn glossary_violations_fire() {
        let g = Glossary::parse(
            "terms:\n  - arabic: [لافروف]\n    english: Lavrov\n",
            std::path::Path::new("g.yaml"),
        )
        .unwrap();
        let m = Matcher::new(&g);
        let (found, marks) = glossary(&g, &m, "قال لافروف", "said Lafrov");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].evidence[0].text, "لافروف");
        assert_eq!(marks.len(), 1);
        let (found, _) = glossary(&g, &m, "قال لافروف", "Lavrov said");
        assert!(found.is_empty());
    }

    #[test]
    fn violations_are_described_from_their_fields() {
        #[derive(serde::Serialize)]
        struct Forbidden {
            term: usize,
            kind: &'static str,
            found: &'static str,
            expected: &'static str,
            target_range: Range<usize>,
        }
        let (m, r) = describe_violation(&Forbidden {
            term: 0,
            kind: "forbidden_rendering",
            found: "Lafrov",
            expected: "Lavrov",
            target_range: 5..11,
        });
        assert_eq!(
            m,
            "forbidden rendering `Lafrov`: the glossary says `Lavrov`"
        );
        assert_eq!(r, Some(5..11));
        #[derive(serde::Serialize)]
        struct Missing {
            expected: &'static str,
        }
        assert_eq!(
            describe_violation(&Missing { expected: "Homs" }).0,
            "missing `Homs`"
        );
    }

    #[test]
    fn unbalanced_compares_with_the_source() {
        assert!(unbalanced("قال (في بيان)", "said (in a statement").is_some());
        assert!(unbalanced("قال \"نعم", "said \"yes").is_none());
        assert!(unbalanced("قال «نعم»", "said \"yes\"").is_none());
        assert!(unbalanced("قال «نعم»", "said \"yes").is_some());
        assert!(unbalanced("قال", "said)").is_some());
    }

    #[test]
    fn invisible_controls_fire() {
        let f = invisible("قال", "said \u{202E}evil").unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.evidence[0].text, "<U+202E>");
        assert_eq!(
            invisible("\u{200F}قال", "said").unwrap().severity,
            Severity::Warning
        );
        assert!(invisible("قال", "said").is_none());
    }

    #[test]
    fn arabic_script_fires_outside_do_not_translate_terms() {
        let g = Glossary::parse(
            "terms:\n  - arabic: [ارحل]\n    english: ''\n    do_not_translate: true\n",
            std::path::Path::new("g.yaml"),
        )
        .unwrap();
        let m = Matcher::new(&g);
        let f = arabic_script("في حمص", "in حمص today", &g, Some(&m)).unwrap();
        assert_eq!(f.kind, Kind::ArabicScript);
        assert_eq!(f.evidence[0].text, "حمص");
        let f = arabic_script("سقط ٤٠", "٤٠ killed، he said", &g, Some(&m)).unwrap();
        assert_eq!(f.evidence.len(), 2, "{f:?}");
        assert!(
            arabic_script("هتفوا ارحل", "They chanted \"ارحل\" (leave)", &g, Some(&m)).is_none()
        );
        assert!(arabic_script("قال", "He said", &g, None).is_none());
        // Mostly Arabic is `untranslated`'s.
        assert!(arabic_script("قال إنه", "He قال إنه", &g, None).is_none());
    }

    #[test]
    fn kashida_fires() {
        assert_eq!(kashida("قـال", "said").unwrap().severity, Severity::Info);
        assert_eq!(kashida("قال", "saـid").unwrap().severity, Severity::Warning);
        assert!(kashida("قال", "said").is_none());
    }

    #[test]
    fn whitespace_fires() {
        let f = whitespace("He  said ,then").unwrap();
        assert_eq!(f.message, "double space, space before punctuation");
        assert_eq!(f.evidence.len(), 2);
        assert!(whitespace(" He said").is_some());
        assert!(whitespace("He\tsaid").is_some());
        assert!(whitespace("He said (in full), yes.").is_none());
        assert!(whitespace("").is_none());
    }

    #[test]
    fn low_confidence_fires_below_the_threshold() {
        assert!(low_confidence(Some(0.3), 0.5).is_some());
        assert!(low_confidence(Some(0.7), 0.5).is_none());
        assert!(low_confidence(None, 0.5).is_none());
    }

    #[test]
    fn stale_fires_on_stale_and_broken_approvals() {
        let mut s = seg("قال", "said");
        assert!(stale(&s).is_none());
        s.stale = true;
        assert!(stale(&s).is_some());
        let mut s = seg("قال", "said");
        s.state = State::Approved;
        s.approval = Some(Approval::of("قال", "said"));
        assert!(stale(&s).is_none());
        s.target = "told".into();
        assert!(stale(&s).is_some());
    }
}
