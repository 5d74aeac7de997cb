//! The offline, deterministic backend: `--backend stub`.
//!
//! It renders every glossary term with its English rendering (proclitics in front of a term
//! become `and `, `in `, `to `…), translates a small list of Arabic function words, and
//! romanises everything else letter by letter, so that a reviewer sees the sentence's
//! structure. Same input, same output; no network, no clock.

use super::{Error, Limits, Translation, Translator, Unit};

/// The stub's model name, stored in each segment's origin.
pub const MODEL: &str = "stub-1";

#[derive(Debug, Clone, Copy, Default)]
pub struct Stub;

impl Translator for Stub {
    fn name(&self) -> &'static str {
        "stub"
    }

    fn model(&self) -> Option<String> {
        Some(MODEL.to_owned())
    }

    fn limits(&self) -> Limits {
        Limits {
            max_units: 64,
            max_bytes: 64 * 1024,
        }
    }

    async fn translate(&self, batch: &[Unit]) -> Result<Vec<Translation>, Error> {
        Ok(batch
            .iter()
            .map(|u| Translation {
                id: u.id,
                text: draft(u),
            })
            .collect())
    }
}

/// The stub's English draft of one unit.
pub fn draft(unit: &Unit) -> String {
    let mut spans: Vec<&super::TermSpan> = unit.term_spans.iter().collect();
    spans.sort_by_key(|s| s.range.start);
    let text = unit.text.as_str();
    let mut words: Vec<String> = Vec::new();
    let mut pos = 0;
    for span in spans {
        if span.range.start < pos || span.range.end > text.len() {
            continue;
        }
        if let Some(before) = text.get(pos..span.range.start) {
            let after_word = pos > 0 && !text[..pos].ends_with(char::is_whitespace);
            render_plain(before, after_word, &mut words);
        }
        let opening_mark = words.last().is_some_and(|w| w == "\"" || w == "(");
        let glue_left = opening_mark
            || (span.range.start > 0
                && !text[..span.range.start].ends_with(char::is_whitespace)
                && !words.is_empty());
        let rendered = format!("{}{}", span.prefix, span.rendering);
        if glue_left {
            if let Some(last) = words.last_mut() {
                last.push_str(&rendered);
            }
        } else {
            words.push(rendered);
        }
        pos = span.range.end;
    }
    if let Some(rest) = text.get(pos..) {
        let after_word = pos > 0 && !text[..pos].ends_with(char::is_whitespace);
        render_plain(rest, after_word, &mut words);
    }
    let mut out = String::new();
    for w in words {
        let w = w.trim();
        if w.is_empty() {
            continue;
        }
        let attach = w.starts_with([',', '.', ';', ':', '?', '!', ')', '%']);
        if !out.is_empty() && !attach {
            out.push(' ');
        }
        out.push_str(w);
    }
    capitalise_first(&out)
}

/// Render text without glossary terms into words. `after_word` says whether the text right
/// before `text` in the source is part of a word (then a leading quote closes it).
fn render_plain(text: &str, after_word: bool, words: &mut Vec<String>) {
    let mut current = String::new();
    let mut arabic = String::new();
    let mut prev_is_space = !after_word;
    let flush_arabic = |arabic: &mut String, current: &mut String| {
        if !arabic.is_empty() {
            current.push_str(&render_word(arabic));
            arabic.clear();
        }
    };
    for c in text.chars() {
        if is_arabic_letter(c) || is_diacritic(c) {
            arabic.push(c);
            prev_is_space = false;
            continue;
        }
        flush_arabic(&mut arabic, &mut current);
        if c.is_whitespace() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_is_space = true;
            continue;
        }
        let mapped = punctuation(c);
        let is_quote = matches!(c, '"' | '«' | '»' | '“' | '”');
        if is_quote && !prev_is_space {
            // A closing quote: attach to the word before it.
            let q = mapped.unwrap_or("\"");
            if current.is_empty() {
                match words.last_mut() {
                    Some(last) => last.push_str(q),
                    None => current.push_str(q),
                }
            } else {
                current.push_str(q);
            }
        } else {
            match mapped {
                Some(p) => current.push_str(p),
                None => current.push(c),
            }
        }
        prev_is_space = false;
    }
    flush_arabic(&mut arabic, &mut current);
    if !current.is_empty() {
        words.push(current);
    }
}

fn punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '،' => ",",
        '؛' => ";",
        '؟' => "?",
        '«' | '»' | '“' | '”' => "\"",
        '٪' => "%",
        '٫' => ".",
        '٬' => ",",
        '٠' => "0",
        '١' => "1",
        '٢' => "2",
        '٣' => "3",
        '٤' => "4",
        '٥' => "5",
        '٦' => "6",
        '٧' => "7",
        '٨' => "8",
        '٩' => "9",
        _ => return None,
    })
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
        || c == '\u{0640}'
}

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Common function words, by their undotted-alef form.
const WORDS: &[(&str, &str)] = &[
    ("في", "in"),
    ("فى", "in"),
    ("من", "from"),
    ("على", "on"),
    ("الى", "to"),
    ("إلى", "to"),
    ("عن", "about"),
    ("مع", "with"),
    ("أن", "that"),
    ("ان", "that"),
    ("إن", "that"),
    ("قال", "said"),
    ("قالت", "said"),
    ("التي", "which"),
    ("الذي", "who"),
    ("الذين", "who"),
    ("هذا", "this"),
    ("هذه", "this"),
    ("ذلك", "that"),
    ("بعد", "after"),
    ("قبل", "before"),
    ("خلال", "during"),
    ("بين", "between"),
    ("أكثر", "more"),
    ("كان", "was"),
    ("كانت", "was"),
    ("اليوم", "today"),
    ("الثلاثاء", "Tuesday"),
    ("الأربعاء", "Wednesday"),
    ("لا", "not"),
    ("لم", "did not"),
    ("لن", "will not"),
    ("قد", "had"),
    ("أيضا", "also"),
    ("كما", "as"),
    ("أو", "or"),
    ("ثم", "then"),
    ("حتى", "until"),
    ("لكن", "but"),
    ("بل", "rather"),
    ("هو", "he"),
    ("هي", "she"),
    ("هم", "they"),
    ("كل", "all"),
    ("أي", "any"),
    ("الرئيس", "President"),
    ("وزير", "minister"),
    ("الخارجية", "foreign"),
    ("قتيلا", "dead"),
    ("الحكومة", "the government"),
    ("النظام", "the regime"),
    ("الأزمة", "the crisis"),
    ("العنف", "the violence"),
    ("المعارضة", "the opposition"),
    ("مدينة", "city"),
    ("المدينة", "the city"),
    ("بلاده", "his country"),
    ("أعلن", "announced"),
    ("وأضاف", "and added"),
    ("أضاف", "added"),
];

fn lookup(word: &str) -> Option<&'static str> {
    WORDS.iter().find(|(a, _)| *a == word).map(|(_, e)| *e)
}

/// One Arabic word: a known function word, or a romanisation.
fn render_word(word: &str) -> String {
    let bare: String = word
        .chars()
        .filter(|c| !is_diacritic(*c) && *c != '\u{0640}')
        .collect();
    if let Some(e) = lookup(&bare) {
        return e.to_owned();
    }
    if let Some(rest) = bare.strip_prefix('و') {
        if let Some(e) = lookup(rest) {
            return format!("and {e}");
        }
    }
    romanise(&bare)
}

/// Letter-by-letter romanisation, with `al-` for the article.
pub fn romanise(word: &str) -> String {
    let (prefix, body) =
        if let Some(rest) = word.strip_prefix("ال").filter(|r| r.chars().count() > 1) {
            ("al-", rest)
        } else if let Some(rest) = word.strip_prefix("لل").filter(|r| r.chars().count() > 1) {
            ("lil-", rest)
        } else {
            ("", word)
        };
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::from(prefix);
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == chars.len();
        let next_is_alef = chars.get(i + 1).is_some_and(|n| *n == 'ا');
        let s = match c {
            'ا' | 'أ' | 'ى' => "a",
            'إ' => "i",
            'آ' => "aa",
            'ب' => "b",
            'ت' => "t",
            'ث' => "th",
            'ج' => "j",
            'ح' | 'ه' => "h",
            'خ' => "kh",
            'د' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' => "z",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'ض' => "d",
            'ط' => "t",
            'ظ' => "z",
            'ع' | 'ء' | 'ئ' | 'ؤ' => "'",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' => "k",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            'ة' => {
                if last {
                    "a"
                } else {
                    "t"
                }
            }
            'و' => {
                if first || next_is_alef {
                    "w"
                } else {
                    "u"
                }
            }
            'ي' => {
                if first || next_is_alef {
                    "y"
                } else {
                    "i"
                }
            }
            _ => "",
        };
        out.push_str(s);
    }
    out
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() => {
            let mut out = String::with_capacity(s.len());
            out.push(c.to_ascii_uppercase());
            out.push_str(chars.as_str());
            out
        }
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::TermSpan;
    use super::*;

    fn unit(text: &str, spans: Vec<TermSpan>) -> Unit {
        Unit {
            id: 1,
            text: text.into(),
            context: None,
            terms: vec![],
            term_spans: spans,
        }
    }

    #[test]
    fn renders_terms_with_proclitics() {
        let text = "قتيلان بدرعا";
        let start = text.find("بدرعا").unwrap();
        let u = unit(
            text,
            vec![TermSpan {
                range: start..text.len(),
                prefix: "in ".into(),
                rendering: "Daraa".into(),
            }],
        );
        assert_eq!(draft(&u), "Qtilan in Daraa");
    }

    #[test]
    fn romanises_and_maps_punctuation() {
        let u = unit("وقال نشطاء، اليوم ١٩٩٠؟", vec![]);
        assert_eq!(draft(&u), "And said nshta', today 1990?");
    }

    #[test]
    fn is_deterministic() {
        let u = unit("دمشق : لم تمنع زيارة", vec![]);
        assert_eq!(draft(&u), draft(&u));
    }
}
