//! The quality checks: one function per check, each returning findings with their evidence.
//!
//! Segment checks take the texts they look at; document checks take every (source, target)
//! pair and return `(index, finding)` pairs. None of them knows about options except the
//! thresholds it is given: [`super::review`] decides which run.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::display::{is_arabic_letter, is_bidi_control, is_zero_width, spelled};
use super::{Evidence, Finding, Kind, ReviewOptions, Severity, Side, TermMark};
use crate::glossary::{self, Glossary, Matcher};
use crate::store::Segment;

fn finding(kind: Kind, severity: Severity, message: String, evidence: Vec<Evidence>) -> Finding {
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

/// A number in a text: its byte range and its value written with Latin digits, no thousands
/// separators, `.` for the decimal point, no leading or trailing zeros that do not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Number {
    pub range: Range<usize>,
    pub value: String,
}

fn digit_value(c: char) -> Option<char> {
    let d = match c {
        '0'..='9' => u32::from(c) - u32::from('0'),
        '\u{0660}'..='\u{0669}' => u32::from(c) - 0x0660,
        '\u{06F0}'..='\u{06F9}' => u32::from(c) - 0x06F0,
        _ => return None,
    };
    char::from_digit(d, 10)
}

/// Every number of a text. Arabic-Indic (`١٩٩٠`), Eastern Arabic-Indic and Latin digits are
/// the same; `٫` and `.` between digits are the decimal point; `٬` and `,` followed by exactly
/// three digits separate thousands.
pub(crate) fn numbers_in(text: &str) -> Vec<Number> {
    if !text.chars().any(|c| digit_value(c).is_some()) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut value = String::new();
        let mut decimal = false;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if let Some(d) = digit_value(c) {
                value.push(d);
                j += 1;
                continue;
            }
            let digits_after = chars[j + 1..]
                .iter()
                .take_while(|(_, c)| digit_value(*c).is_some())
                .count();
            let thousands = matches!(c, ',' | '\u{066C}')
                && !decimal
                && digits_after == 3
                && chars.get(j + 4).is_none_or(|(_, c)| !c.is_alphanumeric());
            if thousands {
                j += 1;
                continue;
            }
            if matches!(c, '.' | '\u{066B}') && !decimal && digits_after > 0 {
                decimal = true;
                value.push('.');
                j += 1;
                continue;
            }
            break;
        }
        let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
        out.push(Number {
            range: start..end,
            value: normalize_number(&value),
        });
        i = j;
    }
    out
}

fn normalize_number(value: &str) -> String {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    }
}

/// English words for the numbers a translator may spell out.
fn english_number_word(value: &str) -> Option<&'static [&'static str]> {
    Some(match value {
        "0" => &["zero", "no"],
        "1" => &["one", "a", "an", "single"],
        "2" => &["two", "both", "pair"],
        "3" => &["three"],
        "4" => &["four"],
        "5" => &["five"],
        "6" => &["six"],
        "7" => &["seven"],
        "8" => &["eight"],
        "9" => &["nine"],
        "10" => &["ten"],
        "11" => &["eleven"],
        "12" => &["twelve", "dozen"],
        "20" => &["twenty"],
        "100" => &["hundred"],
        "1000" => &["thousand"],
        "1000000" => &["million"],
        _ => return None,
    })
}

/// Arabic number words (after stripping one proclitic و ف ب ل) and their values.
fn arabic_number_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "واحد" | "واحدة" => "1",
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" => "2",
        "ثلاث" | "ثلاثة" => "3",
        "أربع" | "أربعة" | "اربع" | "اربعة" => "4",
        "خمس" | "خمسة" => "5",
        "ست" | "ستة" => "6",
        "سبع" | "سبعة" => "7",
        "ثمان" | "ثماني" | "ثمانية" => "8",
        "تسع" | "تسعة" => "9",
        "عشر" | "عشرة" => "10",
        "مئة" | "مائة" => "100",
        "ألف" | "الف" => "1000",
        "مليون" => "1000000",
        _ => return None,
    })
}

fn words_lower(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn arabic_number_words(text: &str) -> Vec<&'static str> {
    text.split(|c: char| !is_arabic_letter(c))
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            arabic_number_word(w).or_else(|| {
                let rest = w.strip_prefix(['و', 'ف', 'ب', 'ل'])?;
                arabic_number_word(rest)
            })
        })
        .collect()
}

/// `numbers`: the numbers of the source and the target differ. A number the target spells
/// out in words (`two`), or one the source spelled in words (`ستة` → `6`), is not a finding.
pub(crate) fn numbers(source: &str, target: &str) -> Option<Finding> {
    if target.trim().is_empty() {
        return None;
    }
    let src = numbers_in(source);
    let tgt = numbers_in(target);
    if src.is_empty() && tgt.is_empty() {
        return None;
    }
    let mut unmatched_target: Vec<Option<&Number>> = tgt.iter().map(Some).collect();
    let mut missing: Vec<&Number> = Vec::new();
    for n in &src {
        match unmatched_target
            .iter_mut()
            .find(|t| t.is_some_and(|t| t.value == n.value))
        {
            Some(slot) => *slot = None,
            None => missing.push(n),
        }
    }
    if !missing.is_empty() {
        let target_words = words_lower(target);
        missing.retain(|n| {
            !english_number_word(&n.value)
                .is_some_and(|words| words.iter().any(|w| target_words.contains(*w)))
        });
    }
    let unmatched: Vec<&Number> = unmatched_target.into_iter().flatten().collect();
    let mut source_words = if unmatched.is_empty() {
        Vec::new()
    } else {
        arabic_number_words(source)
    };
    let mut extra: Vec<&Number> = Vec::new();
    for t in unmatched {
        match source_words.iter().position(|v| *v == t.value) {
            Some(i) => {
                source_words.swap_remove(i);
            }
            None => extra.push(t),
        }
    }
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let list = |ns: &[&Number]| {
        ns.iter()
            .map(|n| n.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!(
            "{} of the source missing from the target",
            list(&missing)
        ));
    }
    if !extra.is_empty() {
        parts.push(format!("{} in the target only", list(&extra)));
    }
    let evidence = missing
        .iter()
        .map(|n| Evidence::new(Side::Source, source, n.range.clone()))
        .chain(
            extra
                .iter()
                .map(|n| Evidence::new(Side::Target, target, n.range.clone())),
        )
        .collect();
    Some(finding(
        Kind::Numbers,
        Severity::Error,
        format!("numbers differ: {}", parts.join("; ")),
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

/// A hash of [`normalized`] text, computed without building it.
fn normalized_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for word in text.split_whitespace() {
        for c in word.chars().filter(|c| *c != '\u{0640}') {
            c.hash(&mut h);
        }
        ' '.hash(&mut h);
    }
    h.finish()
}

/// Whitespace collapsed and tatweel dropped: the key under which two sources are "the same".
fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| *c != '\u{0640}'));
    }
    out
}

/// `inconsistent`: the same source sentence translated differently in two places. Every
/// segment of such a group is flagged, naming the others.
pub(crate) fn inconsistent(pairs: &[(&str, &str)], ids: &[u64]) -> Vec<(usize, Finding)> {
    // Group by a hash first (no string built per segment), then by the text itself within
    // the rare groups of two or more, so that a hash collision cannot join two sentences.
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::with_capacity(pairs.len());
    for (i, (source, target)) in pairs.iter().enumerate() {
        if target.trim().is_empty() || source.trim().is_empty() {
            continue;
        }
        by_hash.entry(normalized_hash(source)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for members in by_hash.into_values().filter(|m| m.len() > 1) {
        let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
        for i in members {
            by_text.entry(normalized(pairs[i].0)).or_default().push(i);
        }
        groups.extend(by_text.into_values());
    }
    let mut out = Vec::new();
    for members in &groups {
        if members.len() < 2 {
            continue;
        }
        let targets: Vec<String> = members.iter().map(|&i| normalized(pairs[i].1)).collect();
        if targets.iter().all(|t| *t == targets[0]) {
            continue;
        }
        for (k, &i) in members.iter().enumerate() {
            let others: Vec<String> = members
                .iter()
                .zip(&targets)
                .filter(|(_, t)| **t != targets[k])
                .map(|(&j, _)| ids.get(j).map_or_else(String::new, u64::to_string))
                .collect();
            out.push((
                i,
                finding(
                    Kind::Inconsistent,
                    Severity::Warning,
                    format!(
                        "the same source is translated differently in segment{} {}",
                        if others.len() == 1 { "" } else { "s" },
                        others.join(", ")
                    ),
                    Vec::new(),
                ),
            ));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

fn median(values: &mut [f64]) -> f64 {
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    *m
}

/// `length-ratio`: a target far longer or shorter than the document's usual. The log of
/// target/source length (in characters) is compared with the document's median through a
/// robust z-score (median absolute deviation), so a few bad segments do not move the bar.
pub(crate) fn length_ratio(
    pairs: &[(&str, &str)],
    options: &ReviewOptions,
) -> Vec<(usize, Finding)> {
    let mut logs: Vec<(usize, f64)> = Vec::new();
    for (i, (source, target)) in pairs.iter().enumerate() {
        let s = source.chars().count();
        let t = target.trim().chars().count();
        if t == 0 || s < options.length_ratio_min_chars.max(1) {
            continue;
        }
        logs.push((i, (t as f64 / s as f64).ln()));
    }
    if logs.len() < options.length_ratio_min_segments.max(3) {
        return Vec::new();
    }
    let mut values: Vec<f64> = logs.iter().map(|(_, v)| *v).collect();
    let med = median(&mut values);
    let mut deviations: Vec<f64> = values.iter().map(|v| (v - med).abs()).collect();
    // A floor keeps a very regular document from flagging ordinary variation.
    let mad = median(&mut deviations).max(0.05);
    let usual = med.exp();
    logs.into_iter()
        .filter_map(|(i, v)| {
            let z = 0.6745 * (v - med) / mad;
            (z.abs() > options.length_ratio_limit).then(|| {
                let ratio = v.exp();
                let how = if z > 0.0 { "longer" } else { "shorter" };
                (
                    i,
                    finding(
                        Kind::LengthRatio,
                        Severity::Warning,
                        format!(
                            "the target is {ratio:.2}× the source's length, the document's usual is {usual:.2}×: much {how} (robust z {z:.1})"
                        ),
                        Vec::new(),
                    ),
                )
            })
        })
        .collect()
}

/// Capitalised words of a text with their byte ranges, and whether each stands mid-sentence.
fn capitalised_words(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut word_start: Option<usize> = None;
    let flush =
        |start: usize, end: usize, sentence_start: bool, out: &mut Vec<(Range<usize>, bool)>| {
            let word = &text[start..end];
            if word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && word.chars().count() >= 4
            {
                out.push((start..end, !sentence_start));
            }
        };
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            if word_start.is_none() {
                word_start = Some(i);
            }
            continue;
        }
        if let Some(s) = word_start.take() {
            flush(s, i, sentence_start, &mut out);
            sentence_start = false;
        }
        if matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '«') {
            sentence_start = true;
        }
    }
    if let Some(s) = word_start {
        flush(s, text.len(), sentence_start, &mut out);
    }
    out
}

/// `name-spelling`: a name that the target spells one way here and one letter differently
/// elsewhere in the document (`Lavrov` and `Lavrof`). Names are capitalised words seen at
/// least once mid-sentence; a word that only adds letters at the end (`Syria`, `Syrian`) or
/// that the glossary uses is not a misspelling. The rarer spelling is flagged.
pub(crate) fn name_spelling(
    pairs: &[(&str, &str)],
    ids: &[u64],
    known: &HashSet<&str>,
) -> Vec<(usize, Finding)> {
    struct Form {
        count: usize,
        mid_sentence: bool,
        places: Vec<(usize, Range<usize>)>,
    }
    let mut forms: HashMap<&str, Form> = HashMap::new();
    for (i, (_, target)) in pairs.iter().enumerate() {
        for (range, mid) in capitalised_words(target) {
            let word = &target[range.clone()];
            let form = forms.entry(word).or_insert(Form {
                count: 0,
                mid_sentence: false,
                places: Vec::new(),
            });
            form.count += 1;
            form.mid_sentence |= mid;
            form.places.push((i, range));
        }
    }
    // Words one edit apart share a key among their single-deletion variants.
    let names: Vec<&str> = {
        let mut v: Vec<&str> = forms
            .iter()
            .filter(|(_, f)| f.mid_sentence)
            .map(|(w, _)| *w)
            .collect();
        v.sort_unstable();
        v
    };
    let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
    for (n, word) in names.iter().enumerate() {
        let lower = word.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let mut variants: HashSet<String> = HashSet::new();
        variants.insert(lower.clone());
        for skip in 0..chars.len() {
            variants.insert(
                chars
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != skip)
                    .map(|(_, c)| c)
                    .collect(),
            );
        }
        for v in variants {
            keys.entry(v).or_default().push(n);
        }
    }
    let mut pairs_seen: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    for group in keys.values() {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                let (a, b) = (a.min(b), a.max(b));
                if !pairs_seen.insert((a, b)) {
                    continue;
                }
                let (wa, wb) = (names[a], names[b]);
                let (la, lb) = (wa.to_lowercase(), wb.to_lowercase());
                if la == lb
                    || la.starts_with(&lb)
                    || lb.starts_with(&la)
                    || (known.contains(wa) && known.contains(wb))
                {
                    continue;
                }
                let (fa, fb) = (&forms[wa], &forms[wb]);
                let (rare, common, rare_word, common_word) =
                    if fa.count < fb.count || (fa.count == fb.count && known.contains(wa)) {
                        (fa, fb, wa, wb)
                    } else {
                        (fb, fa, wb, wa)
                    };
                let mut where_common: Vec<String> = Vec::new();
                for (i, _) in &common.places {
                    let id = ids.get(*i).map_or_else(String::new, u64::to_string);
                    if !where_common.contains(&id) {
                        where_common.push(id);
                    }
                    if where_common.len() == 5 {
                        break;
                    }
                }
                let mut by_segment: HashMap<usize, Vec<Evidence>> = HashMap::new();
                for (i, range) in &rare.places {
                    by_segment.entry(*i).or_default().push(Evidence::new(
                        Side::Target,
                        pairs[*i].1,
                        range.clone(),
                    ));
                }
                for (i, evidence) in by_segment {
                    out.push((
                        i,
                        finding(
                            Kind::NameSpelling,
                            Severity::Warning,
                            format!(
                                "`{rare_word}` here, `{common_word}` in segment {} ({} time{})",
                                where_common.join(", "),
                                common.count,
                                if common.count == 1 { "" } else { "s" }
                            ),
                            evidence,
                        ),
                    ));
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.message.cmp(&b.1.message)));
    out
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
    fn numbers_compare_across_digit_systems() {
        // The case other tools get wrong: Arabic-Indic and Latin digits are the same number.
        assert!(numbers("عام ١٩٩٠", "year 1990").is_none());
        assert!(numbers("نسبة ١٢٫٥٪", "12.5 percent").is_none());
        assert!(numbers("١٠٠٬٠٠٠ شخص", "100,000 people").is_none());
        assert!(numbers("50 قتيلا", "fifty dead 50").is_none());
        assert!(numbers("20 طفلا", "twenty children").is_none());
        assert!(numbers("أربع سيدات", "4 women").is_none());
        let f = numbers(
            "سقوط 50 قتيلا بينهم 20 طفلا",
            "50 dead among them 25 children",
        )
        .unwrap();
        assert_eq!(f.kind, Kind::Numbers);
        assert_eq!(f.evidence.len(), 2);
        assert_eq!(f.evidence[0].text, "20");
        assert_eq!(f.evidence[0].side, Side::Source);
        assert_eq!(f.evidence[1].text, "25");
        assert!(numbers("عام ١٩٩٠", "year 1991").is_some());
    }

    #[test]
    fn numbers_are_normalized() {
        let v: Vec<String> = numbers_in("1,000 and 3.50 and ٠٧ and 2012. and 1,2")
            .into_iter()
            .map(|n| n.value)
            .collect();
        assert_eq!(v, ["1000", "3.5", "7", "2012", "1", "2"]);
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

    #[test]
    fn inconsistent_fires_on_different_targets() {
        let pairs = [
            ("مساعدات إنسانية", "Humanitarian aid"),
            ("x", "y"),
            ("مساعدات  إنسانية", "Aid"),
        ];
        let found = inconsistent(&pairs, &[1, 2, 3]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, 0);
        assert!(found[0].1.message.ends_with("segment 3"));
        let pairs = [("مساعدات إنسانية", "Aid"), ("مساعدات إنسانية", "Aid")];
        assert!(inconsistent(&pairs, &[1, 2]).is_empty());
    }

    #[test]
    fn length_ratio_fires_on_outliers() {
        let source = "وقال نشطاء إن قوات مدرعة توغلت في المدينة";
        let normal = "Activists said armoured forces entered the city";
        let mut pairs = vec![(source, normal); 10];
        assert!(length_ratio(&pairs, &ReviewOptions::default()).is_empty());
        pairs.push((source, "No."));
        let found = length_ratio(&pairs, &ReviewOptions::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 10);
        assert!(found[0].1.message.contains("shorter"));
    }

    #[test]
    fn name_spelling_fires_on_one_letter_variants() {
        let pairs = [
            ("", "Minister Lavrov said."),
            ("", "Then Lavrov left."),
            ("", "Later Lavrof came back."),
            ("", "The Syrian army in Syria."),
        ];
        let found = name_spelling(&pairs, &[1, 2, 3, 4], &HashSet::new());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert_eq!(found[0].1.evidence[0].text, "Lavrof");
        let known: HashSet<&str> = ["Lavrov", "Lavrof"].into_iter().collect();
        assert!(name_spelling(&pairs, &[1, 2, 3, 4], &known).is_empty());
    }
}
