//! The `numbers` check: the numbers of a source and its target, compared as values whatever
//! their digits (Arabic-Indic, Eastern Arabic-Indic, Latin) and separators (`٫` `٬` `.` `,`).

use std::collections::HashSet;
use std::ops::Range;

use super::finding;
use crate::codes;
use crate::display::is_arabic_letter;
use crate::review::{Evidence, Finding, Kind, Severity, Side};

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
    // The numbers of inline codes (`<g1>`, `<x2/>`) are not the text's.
    let markers = codes::marker_ranges(text);
    if !markers.is_empty() {
        out.retain(|n| {
            !markers
                .iter()
                .any(|m| m.start < n.range.end && n.range.start < m.end)
        });
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let v: Vec<String> = numbers_in("1,000 and 3.50 and ٠٧ and 2012. and 1,2")
            .into_iter()
            .map(|n| n.value)
            .collect();
        assert_eq!(v, ["1000", "3.5", "7", "2012", "1", "2"]);
    }
}
