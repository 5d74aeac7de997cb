//! Transliterated names in English text: where they are, and one key under which the
//! spellings of one Arabic name meet (`Mohammed`, `Muhammad`, `Mohamed`; `Hassan`, `Hasan`;
//! `Hussein`, `Husain`; `Ahmed`, `Ahmad`), with the article written before them (`al-Ali`,
//! `Al-Ali`, `Al Ali`) kept apart so that its style can be compared.

use std::ops::Range;

/// A capitalised word of an English text, with the Arabic article written before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameToken {
    /// The whole name, article included.
    pub range: Range<usize>,
    /// The name without its article.
    pub base: Range<usize>,
    /// The article as written (`al-`, `Al-`, `Al `, `el-`), if any.
    pub article: Option<String>,
    /// Whether the name stands after the first word of its sentence (its capital is its own).
    pub mid_sentence: bool,
}

const ARTICLES: [&str; 4] = ["al", "el", "ad", "as"];

/// The capitalised words of a text (at least three letters), each with an article written
/// before it (`al-Ali`, `Al Ali`).
pub fn name_tokens(text: &str) -> Vec<NameToken> {
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphabetic() || ((c == '\'' || c == '’') && start.is_some());
        if inside {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            words.push(s..i);
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    let sentence_start = |at: usize| {
        let before = text[..at].trim_end_matches([' ', '"', '“', '«', '(', '\'', '‘']);
        before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '\n'])
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let w = words[k].clone();
        let word = &text[w.clone()];
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word)
            .trim_end_matches(['\'', '’']);
        let gap = words
            .get(k + 1)
            .map(|n| &text[w.end..n.start])
            .unwrap_or_default();
        let is_article = ARTICLES.contains(&word.to_lowercase().as_str())
            && (gap == "-" || gap == " ")
            && words
                .get(k + 1)
                .is_some_and(|n| text[n.clone()].starts_with(char::is_uppercase));
        if is_article {
            let next = words[k + 1].clone();
            out.push(NameToken {
                range: w.start..next.end,
                base: next.clone(),
                article: Some(format!("{word}{gap}")),
                mid_sentence: !sentence_start(w.start),
            });
            k += 2;
            continue;
        }
        if word.starts_with(char::is_uppercase) && word.chars().count() >= 3 {
            let base = w.start..w.start + word.len();
            out.push(NameToken {
                range: base.clone(),
                base,
                article: None,
                mid_sentence: !sentence_start(w.start),
            });
        }
        k += 1;
    }
    out
}

/// The key under which transliterations of one name meet: lowercase, a possessive dropped,
/// `q` as `k`, `ph` as `f`, a final `h` after a vowel dropped, doubled letters single, and
/// the vowels in classes: the first vowel of the name keeps its sound (`a`/`e` as `a`,
/// `o`/`u`/`ou`/`oo` as `u`, `i`/`ee` as `i`, `ai`/`ei`/`ay`/`ey` as `ai`), every later one is
/// `a` (transliterations disagree most there). `Mohammed`, `Muhammad` and `Mohamed` give
/// `muhamad`; `Khaled` and `Khalid` give `khalad`; `Hassan` (`hasan`) and `Hussein` (`husan`)
/// stay apart, as do `Ahmed` (`ahmad`) and `Hamad`.
pub fn name_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(&lower);
    let chars: Vec<char> = lower.chars().filter(|c| c.is_alphabetic()).collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let mut out = String::with_capacity(chars.len());
    let mut first_vowel = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if vowel(c) || (c == 'y' && i > 0 && (i + 1 == chars.len() || !next.is_some_and(vowel))) {
            let run = chars[i..]
                .iter()
                .take_while(|c| vowel(**c) || **c == 'y')
                .count()
                .max(1);
            // A `y` that starts a syllable (`Yusuf`, `Sayyid`'s second) is a consonant.
            let run = chars[i..i + run]
                .iter()
                .position(|c| *c == 'y' && i > 0)
                .map_or(run, |p| if p == 0 { 1 } else { p });
            let group: String = chars[i..i + run].iter().collect();
            let class = if first_vowel {
                match group.as_str() {
                    "a" | "e" | "aa" => "a",
                    "i" | "ee" | "ie" | "y" => "i",
                    g if g.starts_with('o') || g.starts_with('u') => "u",
                    _ => "ai",
                }
            } else {
                "a"
            };
            first_vowel = false;
            if !out.ends_with(class) {
                out.push_str(class);
            }
            i += run;
            continue;
        }
        let piece: String = match (c, next) {
            ('p', Some('h')) => {
                i += 1;
                "f".into()
            }
            ('q', _) => "k".into(),
            ('h', None) if i > 0 && vowel(chars[i - 1]) => String::new(),
            _ => c.to_string(),
        };
        if !piece.is_empty() && !out.ends_with(piece.as_str()) {
            out.push_str(&piece);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_share_a_key() {
        for group in [
            &["Mohammed", "Muhammad", "Mohamed", "Mohammad"][..],
            &["Hassan", "Hasan"],
            &["Hussein", "Husain", "Hussain"],
            &["Ahmed", "Ahmad"],
            &["Omar", "Umar"],
            &["Mahmoud", "Mahmud"],
            &["Khaled", "Khalid"],
            &["Fatima", "Fatimah"],
            &["Qassem", "Kassem"],
        ] {
            let keys: Vec<String> = group.iter().map(|n| name_key(n)).collect();
            assert!(keys.iter().all(|k| *k == keys[0]), "{group:?}: {keys:?}");
        }
        for (a, b) in [("Hassan", "Hussein"), ("Ahmed", "Hamad"), ("Iran", "Iraq")] {
            assert_ne!(name_key(a), name_key(b), "{a} {b}");
        }
    }

    #[test]
    fn names_keep_their_article() {
        let text = "Mohammed al-Ali met Al Ali. Al-Ali left; the Minister's car";
        let tokens = name_tokens(text);
        let got: Vec<(&str, Option<&str>, bool)> = tokens
            .iter()
            .map(|t| (&text[t.base.clone()], t.article.as_deref(), t.mid_sentence))
            .collect();
        assert_eq!(
            got,
            [
                ("Mohammed", None, false),
                ("Ali", Some("al-"), true),
                ("Ali", Some("Al "), true),
                ("Ali", Some("Al-"), false),
                ("Minister", None, true),
            ]
        );
    }
}
