//! The `numbers` check: the quantities of a source and its target, compared as values whatever
//! way they are written. Digits of either set (Arabic-Indic, Eastern Arabic-Indic, Latin) and
//! separators (`٫` `٬` `.` `,`); scales after digits (`١٫٢ مليون` = `1.2 million` =
//! `1,200,000`, `$2bn`); times (`10.30` = `10:30`); number words of both languages (`خمسة
//! وعشرون`, `twenty-five`, `a dozen`, `half a million`, the hour ordinals `السابعة`).
//!
//! Digits are firm: a number in digits on one side must have its value on the other. Words are
//! softer (`one` and `a` are often no quantity at all; `عشرات`, `dozens`, `thousands` are no
//! number): a word that finds no partner is a finding only when the other side also has a word
//! number of 3 or more left over (`ثلاثة` translated `four`).

use std::ops::Range;

use super::finding;
use crate::codes;
use crate::review::{Evidence, Finding, Kind, Severity, Side};
use crate::text::is_arabic_letter;

/// A value a number may stand for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Amount(f64),
    /// Hours and minutes.
    Time(u32, u32),
}

impl Value {
    fn same(self, other: Value) -> bool {
        match (self, other) {
            (Value::Amount(a), Value::Amount(b)) => {
                (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
            }
            (Value::Time(h, m), Value::Time(i, n)) => h == i && m == n,
            _ => false,
        }
    }

    fn show(self) -> String {
        match self {
            Value::Time(h, m) => format!("{h}:{m:02}"),
            Value::Amount(a) if a.fract() == 0.0 && a.abs() < 1e15 => format!("{a:.0}"),
            Value::Amount(a) => {
                let s = format!("{a:.6}");
                s.trim_end_matches('0').trim_end_matches('.').to_owned()
            }
        }
    }
}

/// A number in a text: its byte range, the values it may stand for (the first is shown), and
/// whether it was written in digits.
#[derive(Debug, Clone, PartialEq)]
struct Number {
    range: Range<usize>,
    values: Vec<Value>,
    digits: bool,
}

impl Number {
    fn matches(&self, other: &Number) -> bool {
        self.values
            .iter()
            .any(|a| other.values.iter().any(|b| a.same(*b)))
    }

    fn first(&self) -> Value {
        self.values.first().copied().unwrap_or(Value::Amount(0.0))
    }
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(u32::from(c) - u32::from('0')),
        '\u{0660}'..='\u{0669}' => Some(u32::from(c) - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(u32::from(c) - 0x06F0),
        _ => None,
    }
}

/// The scale a word written after digits gives them (`مليون`, `million`, `bn`).
fn scale_word(word: &str) -> Option<f64> {
    let word = word.to_lowercase();
    Some(match word.as_str() {
        "ألف" | "الف" | "آلاف" | "الاف" | "thousand" | "k" => 1e3,
        "مليون" | "ملايين" | "million" | "mn" | "mln" | "m" => 1e6,
        "مليار" | "مليارات" | "بليون" | "billion" | "bn" | "b" => 1e9,
        "تريليون" | "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

/// The numbers a text writes with digits, with a scale word after them taken in.
fn digit_numbers(text: &str) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map_or(text.len(), |(b, _)| *b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut int = String::new();
        let mut frac: Option<String> = None;
        let mut time: Option<(String, String)> = None;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if let Some(d) = digit_value(c) {
                let d = char::from_digit(d, 10).unwrap_or('0');
                match &mut frac {
                    Some(f) => f.push(d),
                    None => int.push(d),
                }
                j += 1;
                continue;
            }
            let after = chars[j + 1..]
                .iter()
                .take_while(|(_, c)| digit_value(*c).is_some())
                .count();
            if matches!(c, ',' | '\u{066C}')
                && frac.is_none()
                && after == 3
                && chars.get(j + 4).is_none_or(|(_, c)| {
                    !c.is_alphanumeric() || scale_word(&c.to_string()).is_some()
                })
            {
                j += 1;
                continue;
            }
            if matches!(c, '.' | '\u{066B}') && frac.is_none() && after > 0 {
                frac = Some(String::new());
                j += 1;
                continue;
            }
            if c == ':' && frac.is_none() && after == 2 && int.len() <= 2 {
                let minutes: String = chars[j + 1..j + 3]
                    .iter()
                    .filter_map(|(_, c)| digit_value(*c).and_then(|d| char::from_digit(d, 10)))
                    .collect();
                time = Some((int.clone(), minutes));
                j += 3;
            }
            break;
        }
        let mut end = at(j);
        let mut values = Vec::new();
        if let Some((h, m)) = time {
            let (h, m) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
            values.push(Value::Time(h, m));
        } else {
            let written = match &frac {
                Some(f) => format!("{int}.{f}"),
                None => int.clone(),
            };
            let amount: f64 = written.parse().unwrap_or(0.0);
            // A scale word after the digits, attached (`$2bn`) or after one space.
            let mut k = j;
            if chars.get(k).is_some_and(|(_, c)| *c == ' ') {
                k += 1;
            }
            let word_end = chars[k.min(chars.len())..]
                .iter()
                .take_while(|(_, c)| c.is_alphabetic())
                .count()
                + k;
            let word = text.get(at(k)..at(word_end)).unwrap_or_default();
            let scale = scale_word(word).filter(|_| !word.is_empty());
            match scale {
                Some(scale) => {
                    values.push(Value::Amount(amount * scale));
                    // `5m` may be metres, `7k` a distance.
                    if matches!(word, "m" | "k" | "b") {
                        values.push(Value::Amount(amount));
                    }
                    end = at(word_end);
                }
                _ => values.push(Value::Amount(amount)),
            }
            // `10.30` may be half past ten.
            if scale.is_none()
                && let Some(f) = &frac
                && f.len() == 2
                && let (Ok(h), Ok(m)) = (int.parse::<u32>(), f.parse::<u32>())
                && h <= 24
                && m < 60
            {
                values.push(Value::Time(h, m));
            }
            // An hour written alone (`at 7 p.m.`) is the same time.
            if scale.is_none()
                && frac.is_none()
                && let Ok(h) = int.parse::<u32>()
                && h <= 24
            {
                values.push(Value::Time(h, 0));
            }
        }
        out.push(Number {
            range: start..end,
            values,
            digits: true,
        });
        i = j.max(i + 1);
        while i < chars.len() && chars[i].0 < end {
            i += 1;
        }
    }
    out
}

/// Words of a text (letters only) with their byte ranges.
fn words(text: &str, letter: impl Fn(char) -> bool) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if letter(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s..i, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

/// What a number multiplies: `hundred` alone is one hundred.
fn or_one(current: f64) -> f64 {
    if current == 0.0 { 1.0 } else { current }
}

/// Whether two words are next to each other with only spaces or a hyphen between them.
fn adjacent(text: &str, before: &Range<usize>, after: &Range<usize>) -> bool {
    text.get(before.end..after.start)
        .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '-'))
}

/// One English number word: a unit or ten (added), `hundred` and `dozen` (multiplying what
/// came before), a scale (closing a group), or a connector.
#[derive(Clone, Copy)]
enum Word {
    Add(f64),
    Times(f64),
    Scale(f64),
    And,
    A,
    Half,
}

fn english_word(word: &str) -> Option<Word> {
    let w = word.to_lowercase();
    let units = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = units.iter().position(|u| *u == w) {
        return Some(Word::Add(n as f64));
    }
    if let Some(n) = tens.iter().position(|u| *u == w) {
        return Some(Word::Add(20.0 + 10.0 * n as f64));
    }
    Some(match w.as_str() {
        "hundred" => Word::Times(100.0),
        "dozen" => Word::Times(12.0),
        "thousand" => Word::Scale(1e3),
        "million" => Word::Scale(1e6),
        "billion" => Word::Scale(1e9),
        "trillion" => Word::Scale(1e12),
        "and" => Word::And,
        "a" | "an" => Word::A,
        "half" => Word::Half,
        _ => return None,
    })
}

/// The numbers an English text spells out: `twenty-five`, `a hundred and fifty`, `a dozen`,
/// `half a million`, `one and a half million`, `three thousand`.
fn english_numbers(text: &str) -> Vec<Number> {
    let list = words(text, |c| c.is_ascii_alphabetic());
    let mut out = Vec::new();
    let mut k = 0;
    while k < list.len() {
        let (mut total, mut current, mut seen) = (0.0_f64, 0.0_f64, false);
        let start = list[k].0.start;
        let mut end = start;
        let mut j = k;
        while j < list.len() {
            if j > k && !adjacent(text, &list[j - 1].0, &list[j].0) {
                break;
            }
            let next = list
                .get(j + 1)
                .filter(|(r, _)| adjacent(text, &list[j].0, r))
                .and_then(|(_, w)| english_word(w));
            let Some(word) = english_word(list[j].1) else {
                break;
            };
            match word {
                Word::Add(v) => current += v,
                Word::Times(v) => current = or_one(current) * v,
                Word::Scale(v) => {
                    total += or_one(current) * v;
                    current = 0.0;
                }
                Word::A => match next {
                    Some(Word::Times(_) | Word::Scale(_)) => current += 1.0,
                    _ => break,
                },
                Word::Half => match next {
                    Some(Word::A | Word::Scale(_) | Word::Times(_)) => {
                        current += 0.5;
                        if matches!(next, Some(Word::A)) {
                            j += 1;
                        }
                    }
                    _ if seen => current += 0.5,
                    _ => break,
                },
                Word::And => {
                    if !seen || !matches!(next, Some(Word::Add(_) | Word::A | Word::Half)) {
                        break;
                    }
                    // `and a half`
                    if matches!(next, Some(Word::A)) {
                        j += 1;
                    }
                }
            }
            if !matches!(word, Word::And) {
                seen = true;
            }
            end = list[j].0.end;
            j += 1;
        }
        let value = total + current;
        if seen && end > start {
            out.push(Number {
                range: start..end,
                values: vec![Value::Amount(value), Value::Time(value as u32, 0)],
                digits: false,
            });
            k = j.max(k + 1);
        } else {
            k += 1;
        }
    }
    out
}

/// One Arabic number word, after its proclitic and article are taken off.
fn arabic_word(word: &str) -> Option<Word> {
    Some(match word {
        "واحد" | "واحدة" | "أحد" | "إحدى" => Word::Add(1.0),
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" | "اثنا" | "اثنتا" => {
            Word::Add(2.0)
        }
        "ثلاث" | "ثلاثة" => Word::Add(3.0),
        "أربع" | "أربعة" | "اربع" | "اربعة" => Word::Add(4.0),
        "خمس" | "خمسة" => Word::Add(5.0),
        "ست" | "ستة" => Word::Add(6.0),
        "سبع" | "سبعة" => Word::Add(7.0),
        "ثمان" | "ثماني" | "ثمانية" => Word::Add(8.0),
        "تسع" | "تسعة" => Word::Add(9.0),
        "عشر" | "عشرة" => Word::Add(10.0),
        "عشرون" | "عشرين" => Word::Add(20.0),
        "ثلاثون" | "ثلاثين" => Word::Add(30.0),
        "أربعون" | "أربعين" | "اربعون" | "اربعين" => Word::Add(40.0),
        "خمسون" | "خمسين" => Word::Add(50.0),
        "ستون" | "ستين" => Word::Add(60.0),
        "سبعون" | "سبعين" => Word::Add(70.0),
        "ثمانون" | "ثمانين" => Word::Add(80.0),
        "تسعون" | "تسعين" => Word::Add(90.0),
        "مئة" | "مائة" => Word::Times(100.0),
        "مئتان" | "مئتين" | "مئتي" | "مائتان" | "مائتين" | "مائتي" => {
            Word::Add(200.0)
        }
        "ثلاثمئة" | "ثلاثمائة" => Word::Add(300.0),
        "أربعمئة" | "أربعمائة" => Word::Add(400.0),
        "خمسمئة" | "خمسمائة" => Word::Add(500.0),
        "ستمئة" | "ستمائة" => Word::Add(600.0),
        "سبعمئة" | "سبعمائة" => Word::Add(700.0),
        "ثمانمئة" | "ثمانمائة" | "ثمانيمئة" => Word::Add(800.0),
        "تسعمئة" | "تسعمائة" => Word::Add(900.0),
        "ألف" | "الف" => Word::Scale(1e3),
        "ألفا" | "ألفان" | "ألفين" | "ألفي" => Word::Add(2000.0),
        "مليون" => Word::Scale(1e6),
        "مليونا" | "مليونان" | "مليونين" | "مليوني" => Word::Add(2e6),
        "مليار" | "بليون" => Word::Scale(1e9),
        "نصف" => Word::Half,
        _ => return None,
    })
}

/// Plural scales: a number only after a unit (`ثلاثة آلاف`); alone they are vague.
fn arabic_plural_scale(word: &str) -> Option<f64> {
    Some(match word {
        "آلاف" | "الاف" => 1e3,
        "ملايين" => 1e6,
        "مليارات" => 1e9,
        _ => return None,
    })
}

/// The hour ordinals (`السابعة مساء` is 7 p.m.): numbers only for the time of day.
fn arabic_hour(word: &str) -> Option<u32> {
    Some(match word {
        "الأولى" | "الاولى" => 1,
        "الثانية" => 2,
        "الثالثة" => 3,
        "الرابعة" => 4,
        "الخامسة" => 5,
        "السادسة" => 6,
        "السابعة" => 7,
        "الثامنة" => 8,
        "التاسعة" => 9,
        "العاشرة" => 10,
        _ => return None,
    })
}

/// The word without one proclitic (و ف ب ل ك) and the article, as far as a number word is
/// found.
fn arabic_stem(word: &str) -> (&str, bool) {
    let conjoined = word.starts_with('و') && word.chars().count() > 3;
    let mut candidates = vec![word];
    if let Some(rest) = word.strip_prefix(['و', 'ف', 'ب', 'ل', 'ك']) {
        candidates.push(rest);
        if let Some(r) = rest.strip_prefix("ال") {
            candidates.push(r);
        }
    }
    if let Some(r) = word.strip_prefix("ال") {
        candidates.push(r);
    }
    for c in &candidates {
        if arabic_word(c).is_some() || arabic_plural_scale(c).is_some() {
            return (c, conjoined && *c != word);
        }
    }
    (word, false)
}

/// The numbers an Arabic text spells out: `ثلاثة`, `خمسة وعشرون`, `ثلاثة آلاف`, `نصف مليون`,
/// and the hour ordinals.
fn arabic_numbers(text: &str) -> Vec<Number> {
    let list = words(text, is_arabic_letter);
    let mut out = Vec::new();
    let mut k = 0;
    while k < list.len() {
        if let Some(h) = arabic_hour(list[k].1).or_else(|| {
            let w = list[k].1;
            w.strip_prefix(['و', 'ف', 'ب', 'ل', 'ك'])
                .and_then(|r| arabic_hour(&format!("ال{}", r.strip_prefix("ل").unwrap_or(r))))
        }) {
            out.push(Number {
                range: list[k].0.clone(),
                values: vec![Value::Time(h, 0), Value::Amount(f64::from(h))],
                digits: false,
            });
            k += 1;
            continue;
        }
        let (mut total, mut current, mut seen) = (0.0_f64, 0.0_f64, false);
        let start = list[k].0.start;
        let mut end = start;
        let mut j = k;
        while j < list.len() {
            if j > k && !adjacent(text, &list[j - 1].0, &list[j].0) {
                break;
            }
            let (stem, conjoined) = arabic_stem(list[j].1);
            if seen && j > k && !conjoined {
                // Without `و` only a scale or `عشر` continues a number (`ثلاثة آلاف`,
                // `ثلاثة عشر`).
                let continues = matches!(arabic_word(stem), Some(Word::Scale(_) | Word::Times(_)))
                    || arabic_plural_scale(stem).is_some()
                    || matches!(stem, "عشر" | "عشرة");
                if !continues {
                    break;
                }
            }
            if let Some(scale) = arabic_plural_scale(stem) {
                if current == 0.0 {
                    break;
                }
                total += current * scale;
                current = 0.0;
            } else {
                match arabic_word(stem) {
                    Some(Word::Add(v)) => current += v,
                    Some(Word::Times(v)) => current = or_one(current) * v,
                    Some(Word::Scale(v)) => {
                        total += or_one(current) * v;
                        current = 0.0;
                    }
                    Some(Word::Half) => {
                        let next = list.get(j + 1).map(|(_, w)| arabic_stem(w).0);
                        if !next.is_some_and(|n| matches!(arabic_word(n), Some(Word::Scale(_)))) {
                            break;
                        }
                        current += 0.5;
                    }
                    _ => break,
                }
            }
            seen = true;
            end = list[j].0.end;
            j += 1;
        }
        if seen {
            let value = total + current;
            out.push(Number {
                range: start..end,
                values: vec![Value::Amount(value)],
                digits: false,
            });
            k = j.max(k + 1);
        } else {
            k += 1;
        }
    }
    out
}

/// Every number of a text, digits and words, in order; the numbers of inline codes
/// (`<g1>`, `<x2/>`) are not the text's.
fn numbers_of(text: &str, arabic: bool) -> Vec<Number> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut out = digit_numbers(text);
    let spelled = if arabic {
        arabic_numbers(text)
    } else {
        english_numbers(text)
    };
    // A digit number that took in its scale word (`١٫٢ مليون`) owns it.
    let spelled: Vec<Number> = spelled
        .into_iter()
        .filter(|w| {
            !out.iter()
                .any(|d| d.range.start < w.range.end && w.range.start < d.range.end)
        })
        .collect();
    out.extend(spelled);
    let markers = codes::marker_ranges(text);
    if !markers.is_empty() {
        out.retain(|n| {
            !markers
                .iter()
                .any(|m| m.start < n.range.end && n.range.start < m.end)
        });
    }
    out.sort_by_key(|n| n.range.start);
    out
}

/// Pair source and target numbers of the same value, as many as can be (augmenting paths):
/// for each source number, the index of its target partner.
fn pair_up(src: &[Number], tgt: &[Number]) -> Vec<Option<usize>> {
    fn augment(
        s: usize,
        src: &[Number],
        tgt: &[Number],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        // Digits before words, so that a digit finds a digit when it can.
        let mut order: Vec<usize> = (0..tgt.len()).collect();
        order.sort_by_key(|&t| !tgt[t].digits);
        for t in order {
            if seen[t] || !src[s].matches(&tgt[t]) {
                continue;
            }
            seen[t] = true;
            if owner[t].is_none_or(|o| augment(o, src, tgt, seen, owner)) {
                owner[t] = Some(s);
                return true;
            }
        }
        false
    }
    let mut owner: Vec<Option<usize>> = vec![None; tgt.len()];
    let mut order: Vec<usize> = (0..src.len()).collect();
    order.sort_by_key(|&s| !src[s].digits);
    for s in order {
        let mut seen = vec![false; tgt.len()];
        augment(s, src, tgt, &mut seen, &mut owner);
    }
    let mut partner = vec![None; src.len()];
    for (t, o) in owner.iter().enumerate() {
        if let Some(s) = o {
            partner[*s] = Some(t);
        }
    }
    partner
}

/// `numbers`: a quantity of the source missing from the target, or one the target adds.
pub(crate) fn numbers(source: &str, target: &str) -> Option<Finding> {
    if target.trim().is_empty() {
        return None;
    }
    let src = numbers_of(source, true);
    let tgt = numbers_of(target, false);
    if src.is_empty() && tgt.is_empty() {
        return None;
    }
    let partner = pair_up(&src, &tgt);
    let mut taken = vec![false; tgt.len()];
    for t in partner.iter().flatten() {
        taken[*t] = true;
    }
    let lone_src: Vec<&Number> = src
        .iter()
        .zip(&partner)
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| n)
        .collect();
    let lone_tgt: Vec<&Number> = tgt
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(n, _)| n)
        .collect();
    let big_word = |n: &&&Number| !n.digits && matches!(n.first(), Value::Amount(a) if a >= 3.0);
    let word_clash = lone_src.iter().any(|n| big_word(&n)) && lone_tgt.iter().any(|n| big_word(&n));
    let missing: Vec<&Number> = lone_src
        .iter()
        .filter(|n| n.digits || (word_clash && big_word(n)))
        .copied()
        .collect();
    let extra: Vec<&Number> = lone_tgt
        .iter()
        .filter(|n| n.digits || (word_clash && big_word(n)))
        .copied()
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let list = |ns: &[&Number]| {
        ns.iter()
            .map(|n| n.first().show())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, arabic: bool) -> Vec<String> {
        numbers_of(text, arabic)
            .into_iter()
            .map(|n| n.first().show())
            .collect()
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
    fn the_numbers_of_codes_do_not_count() {
        assert!(numbers("قال <g1>50</g1> شخصا<x2/>", "<x2/><g1>50</g1> people said").is_none());
        assert!(numbers("قال <g1>لافروف</g1>", "Lavrov said").is_none());
        let f = numbers("<g1>50</g1> قتيلا", "<g1>60</g1> dead").unwrap();
        assert_eq!(f.evidence[0].text, "50");
    }

    #[test]
    fn numbers_are_normalized() {
        assert_eq!(
            shown("1,000 and 3.50 and ٠٧ and 2012. and 1,2", false),
            ["1000", "3.5", "7", "2012", "1", "2"]
        );
    }

    #[test]
    fn english_number_words_are_read() {
        assert_eq!(shown("Twenty-five people", false), ["25"]);
        assert_eq!(shown("a hundred and fifty", false), ["150"]);
        assert_eq!(shown("a dozen, two dozen", false), ["12", "24"]);
        assert_eq!(shown("half a million", false), ["500000"]);
        assert_eq!(shown("one and a half million", false), ["1500000"]);
        assert_eq!(shown("three thousand and dozens of", false), ["3000"]);
        assert!(shown("dozens of thousands", false).is_empty());
        assert!(shown("a man and a woman", false).is_empty());
    }

    #[test]
    fn scales_follow_digits() {
        assert_eq!(shown("١٫٢ مليون دولار", true), ["1200000"]);
        assert_eq!(shown("٢ مليار دولار و٣ آلاف", true), ["2000000000", "3000"]);
        assert_eq!(
            shown("$2bn, $500m, 1.2 million", false),
            ["2000000000", "500000000", "1200000"]
        );
    }

    #[test]
    fn arabic_number_words_are_read() {
        assert_eq!(shown("قتل خمسة وعشرون شخصا", true), ["25"]);
        assert_eq!(shown("ثلاثة آلاف لاجئ", true), ["3000"]);
        assert_eq!(shown("نحو نصف مليون شخص", true), ["500000"]);
        assert_eq!(shown("خمسة جنود وأصيب سبعة", true), ["5", "7"]);
        assert!(shown("عشرات الآلاف ومئات", true).is_empty());
        assert_eq!(shown("في الساعة السابعة", true), ["7:00"]);
    }

    #[test]
    fn house_styles_agree() {
        for (ar, en) in [
            ("أعلنت خطة بقيمة ١٫٢ مليون دولار.", "a $1.2 million plan"),
            ("أعلنت خطة بقيمة ١٫٢ مليون دولار.", "a plan worth $1,200,000"),
            ("خصص ٢ مليار دولار", "set aside $2 billion"),
            ("قتل 25 شخصا", "Twenty-five people were killed"),
            ("اعتقلت 12 شخصا", "arrested a dozen people"),
            ("بنسبة ١٢٫٥ في المئة", "12.5 per cent"),
            ("بنسبة 8%", "eight percent"),
            ("في الساعة 10.30 صباحا", "at 10:30 a.m."),
            ("فر نصف مليون شخص", "half a million people fled"),
            ("وصل ٣ آلاف لاجئ", "3,000 refugees arrived"),
            ("من السابعة مساء حتى السادسة صباحا", "from 7 p.m. to 6 a.m."),
            ("وصل ثلاثة وزراء", "Three ministers arrived"),
            ("أصيب عشرات", "Dozens were wounded"),
        ] {
            assert!(
                numbers(ar, en).is_none(),
                "{ar} / {en}: {:?}",
                numbers(ar, en)
            );
        }
    }

    #[test]
    fn real_mismatches_stay_errors() {
        for (ar, en) in [
            ("أعلنت خطة بقيمة ١٫٢ مليون دولار.", "a $12 million plan"),
            ("خصص ٢ مليار دولار", "set aside $2 million"),
            ("قتل 25 شخصا", "Twenty people were killed"),
            ("في الساعة 10.30 صباحا", "at 11:30 a.m."),
            ("وصل ثلاثة وزراء", "Four ministers arrived"),
            ("فر نصف مليون شخص", "five million people fled"),
        ] {
            let f = numbers(ar, en);
            assert!(
                f.as_ref().is_some_and(|f| f.severity == Severity::Error),
                "{ar} / {en}"
            );
        }
    }
}
