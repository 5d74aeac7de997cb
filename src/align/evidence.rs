//! Per-sentence evidence for the aligner: length, numbers (Arabic-Indic digits mapped to Latin),
//! anchor tokens (Latin-script words inside the Arabic, glossary pairs, names compared by a
//! consonant skeleton across scripts), punctuation and news boilerplate.
//!
//! Everything here works on one sentence at a time; `Document` then interns the features of a
//! whole document into dense ids and keeps only anchors seen on both sides, so that the search
//! compares a handful of small integer lists per bead.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::lexicon::Lexicon;
use super::numbers::{ARABIC_NUMBER_WORDS, ENGLISH_NUMBER_WORDS, compound_number_words, numbers};
use super::skeleton::{arabic_skeleton, arabic_stems, latin_skeleton};
use crate::segment::lexicon::{SETS, in_list};
use crate::text::is_arabic_letter;
use crate::text::normalize::normalize;

/// Punctuation classes compared across sides (bit flags).
pub(crate) const PUNCT_QUESTION: u8 = 1;
pub(crate) const PUNCT_QUOTE: u8 = 2;
pub(crate) const PUNCT_COLON: u8 = 4;

/// Which side of the alignment a sentence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The Arabic source.
    Source,
    /// The English target.
    Target,
}

/// A raw feature before interning: a key string in its own namespace, and whether it is "hard"
/// (digits) or "soft" (a spelled-out number word) for numbers.
#[derive(Debug, Default)]
struct RawFeatures {
    numbers: Vec<String>,
    soft_numbers: Vec<String>,
    anchors: Vec<String>,
    lexicon: Vec<String>,
}

/// The evidence of one sentence after interning.
#[derive(Debug, Default, Clone)]
pub(crate) struct Sentence {
    /// Letters and digits in the sentence (whitespace, punctuation and marks excluded).
    pub(crate) len: f64,
    /// Numbers written with digits, as interned ids (deduplicated).
    pub(crate) numbers: Vec<u32>,
    /// Spelled-out numbers (`eight`, `ثمانية`), as interned ids in the same id space.
    pub(crate) soft_numbers: Vec<u32>,
    /// Anchor tokens seen on both sides of the document, with their weight.
    pub(crate) anchors: Vec<(u32, f64)>,
    /// Lexicon concepts seen on both sides of the document, with their weight, sorted by id.
    pub(crate) lexicon: Vec<(u32, f64)>,
    /// Bit `id % 64` set for every concept id in `lexicon`.
    pub(crate) lexicon_mask: u64,
    /// Punctuation classes present (see the `PUNCT_*` flags).
    pub(crate) punct: u8,
    /// A news boilerplate line (`المصدر: وكالات`, `Read more`).
    pub(crate) boilerplate: bool,
    /// Sentences in the line: 1 plus the sentence ends inside it (a line that merges two).
    pub(crate) segments: u32,
    /// The line does not end with a sentence-final mark (a headline, a caption): joined to the
    /// next line it leaves no visible sentence end inside the other side's merged line.
    pub(crate) open_end: bool,
    /// Lexicon concepts of the line found nowhere on the other side of the document (a sign of
    /// an untranslated line).
    pub(crate) orphans: f64,
}

/// Both sides of a document with interned evidence.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) source: Vec<Sentence>,
    pub(crate) target: Vec<Sentence>,
}

impl Document {
    /// Extract and intern the evidence of both sides; `anchors` are glossary pairs (Arabic form,
    /// English rendering).
    pub(crate) fn new(source: &[&str], target: &[&str], anchors: &[(String, String)]) -> Self {
        let glossary = Glossary::new(anchors);
        let raw_src: Vec<RawFeatures> = source
            .iter()
            .map(|s| raw_features(s, Side::Source, &glossary))
            .collect();
        let raw_tgt: Vec<RawFeatures> = target
            .iter()
            .map(|s| raw_features(s, Side::Target, &glossary))
            .collect();

        // Anchors only help when they occur on both sides; their weight falls with the number of
        // sentences that carry them (a name in every sentence says little about any one pair).
        let mut df_src: HashMap<&str, usize> = HashMap::new();
        let mut df_tgt: HashMap<&str, usize> = HashMap::new();
        for r in &raw_src {
            for a in r.anchors.iter().chain(&r.lexicon) {
                *df_src.entry(a.as_str()).or_default() += 1;
            }
        }
        for r in &raw_tgt {
            for a in r.anchors.iter().chain(&r.lexicon) {
                *df_tgt.entry(a.as_str()).or_default() += 1;
            }
        }
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut intern = |key: &str| -> u32 {
            let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
            *ids.entry(key.to_owned()).or_insert(next)
        };
        let mut build = |raws: &[RawFeatures], texts: &[&str], side: Side| -> Vec<Sentence> {
            raws.iter()
                .zip(texts)
                .map(|(r, text)| {
                    let mut numbers: Vec<u32> = r.numbers.iter().map(|n| intern(n)).collect();
                    numbers.sort_unstable();
                    numbers.dedup();
                    let mut soft_numbers: Vec<u32> =
                        r.soft_numbers.iter().map(|n| intern(n)).collect();
                    soft_numbers.sort_unstable();
                    soft_numbers.dedup();
                    let mut anchors: Vec<(u32, f64)> = Vec::new();
                    for a in &r.anchors {
                        let (Some(&ds), Some(&dt)) =
                            (df_src.get(a.as_str()), df_tgt.get(a.as_str()))
                        else {
                            continue;
                        };
                        let id = intern(a);
                        if anchors.iter().any(|&(x, _)| x == id) {
                            continue;
                        }
                        let base = anchor_weight(a);
                        anchors.push((id, base / ds.max(dt) as f64));
                    }
                    let mut lexicon: Vec<(u32, f64)> = Vec::new();
                    for a in &r.lexicon {
                        let (Some(&ds), Some(&dt)) =
                            (df_src.get(a.as_str()), df_tgt.get(a.as_str()))
                        else {
                            continue;
                        };
                        let id = intern(a);
                        if lexicon.iter().any(|&(x, _)| x == id) {
                            continue;
                        }
                        lexicon.push((id, 1.0 / (ds.max(dt) as f64).sqrt()));
                    }
                    lexicon.sort_unstable_by_key(|a| a.0);
                    let lexicon_mask = lexicon.iter().fold(0u64, |m, a| m | (1 << (a.0 % 64)));
                    let mut orphans: Vec<&str> = r
                        .lexicon
                        .iter()
                        .filter(|a| {
                            !df_src.contains_key(a.as_str()) || !df_tgt.contains_key(a.as_str())
                        })
                        .map(String::as_str)
                        .collect();
                    orphans.sort_unstable();
                    orphans.dedup();
                    Sentence {
                        len: letter_count(text),
                        orphans: orphans.len() as f64,
                        lexicon,
                        lexicon_mask,
                        numbers,
                        soft_numbers,
                        anchors,
                        punct: punctuation(text),
                        boilerplate: is_boilerplate(text, side),
                        segments: 1 + inner_sentence_ends(text, side),
                        open_end: !ends_sentence(text),
                    }
                })
                .collect()
        };
        let mut source = build(&raw_src, source, Side::Source);
        let mut target = build(&raw_tgt, target, Side::Target);
        for side in [&mut source, &mut target] {
            // Lines without a final mark only tell headlines from sentences when they are few.
            let open = side.iter().filter(|x| x.open_end).count();
            if open * 10 > side.len() * 3 {
                for x in side.iter_mut() {
                    x.open_end = false;
                }
            }
        }
        Self { source, target }
    }
}

/// Base weight of an anchor by its namespace: glossary pairs and Latin tokens are near-certain,
/// a skeleton is worth more the longer it is (short skeletons collide by chance).
fn anchor_weight(key: &str) -> f64 {
    if let Some(sk) = key.strip_prefix("sk:") {
        match sk.len() {
            0..=2 => 0.0,
            3 => 0.7,
            4 => 1.6,
            _ => 2.2,
        }
    } else {
        2.2
    }
}

/// Count of letters and digits: the length measure (spacing differs between the two scripts and
/// some sources drop spaces altogether).
pub(crate) fn letter_count(text: &str) -> f64 {
    text.chars().filter(|c| c.is_alphanumeric()).count() as f64
}

/// Glossary anchors: one automaton per side over the forms, each pattern mapped to its pair.
#[derive(Debug)]
struct Glossary {
    arabic: Option<(AhoCorasick, Vec<usize>)>,
    english: Option<(AhoCorasick, Vec<usize>)>,
}

impl Glossary {
    fn new(pairs: &[(String, String)]) -> Self {
        let build = |forms: Vec<(String, usize)>| -> Option<(AhoCorasick, Vec<usize>)> {
            let forms: Vec<(String, usize)> =
                forms.into_iter().filter(|(f, _)| !f.is_empty()).collect();
            if forms.is_empty() {
                return None;
            }
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(forms.iter().map(|(f, _)| f.as_str()))
                .ok()?;
            Some((ac, forms.into_iter().map(|(_, k)| k).collect()))
        };
        let arabic = build(
            pairs
                .iter()
                .enumerate()
                .map(|(k, (a, _))| (normalize(a.trim()), k))
                .collect(),
        );
        let english = build(
            pairs
                .iter()
                .enumerate()
                .map(|(k, (_, e))| (e.trim().to_lowercase(), k))
                .collect(),
        );
        Self { arabic, english }
    }

    fn hits(&self, normalised: &str, side: Side) -> Vec<usize> {
        let table = match side {
            Side::Source => &self.arabic,
            Side::Target => &self.english,
        };
        let Some((ac, keys)) = table else {
            return Vec::new();
        };
        ac.find_iter(normalised)
            .filter_map(|m| keys.get(m.pattern().as_usize()).copied())
            .collect()
    }
}

/// Common English words that start sentences capitalised and would only add noise as names.
const ENGLISH_STOP: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "there",
    "their",
    "they",
    "then",
    "when",
    "while",
    "what",
    "which",
    "where",
    "with",
    "without",
    "from",
    "after",
    "before",
    "since",
    "but",
    "and",
    "for",
    "however",
    "also",
    "although",
    "mr",
    "mrs",
    "ms",
    "dr",
    "in",
    "on",
    "at",
    "it",
    "its",
    "he",
    "she",
    "we",
    "you",
    "his",
    "her",
    "our",
    "some",
    "many",
    "most",
    "more",
    "other",
    "according",
    "during",
    "last",
    "now",
    "not",
    "one",
    "all",
    "both",
    "if",
    "as",
    "an",
    "a",
];

fn raw_features(text: &str, side: Side, glossary: &Glossary) -> RawFeatures {
    let lexicon = Lexicon::get();
    let mut f = RawFeatures {
        numbers: numbers(text),
        ..RawFeatures::default()
    };
    match side {
        Side::Source => {
            let norm = normalize(text);
            for k in glossary.hits(&norm, side) {
                f.anchors.push(format!("gl:{k}"));
            }
            for word in norm.split(|c: char| !c.is_alphanumeric()) {
                if word.is_empty() {
                    continue;
                }
                if word.chars().all(|c| c.is_ascii_alphabetic()) {
                    if word.len() >= 2 {
                        f.anchors.push(format!("lt:{}", word.to_lowercase()));
                    }
                    continue;
                }
                if !word.chars().all(is_arabic_letter) {
                    continue;
                }
                for id in lexicon.arabic_concepts(word) {
                    f.lexicon.push(format!("lx:{id}"));
                }
                for stem in arabic_stems(word) {
                    if let Some((_, v)) = ARABIC_NUMBER_WORDS.iter().find(|(w, _)| *w == stem) {
                        f.soft_numbers.push((*v).to_owned());
                    }
                    let sk = arabic_skeleton(stem);
                    if sk.len() >= 3 {
                        f.anchors.push(format!("sk:{sk}"));
                    }
                }
            }
        }
        Side::Target => {
            let lower = text.to_lowercase();
            for k in glossary.hits(&lower, side) {
                f.anchors.push(format!("gl:{k}"));
            }
            f.soft_numbers.extend(compound_number_words(&lower));
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                for id in lexicon.english_concepts(word) {
                    f.lexicon.push(format!("lx:{id}"));
                }
                let lw = word.to_lowercase();
                if let Some((_, v)) = ENGLISH_NUMBER_WORDS.iter().find(|(w, _)| *w == lw) {
                    f.soft_numbers.push((*v).to_owned());
                }
                if word.len() >= 2 {
                    f.anchors.push(format!("lt:{lw}"));
                }
                let capitalised = word.chars().next().is_some_and(char::is_uppercase);
                if capitalised && !ENGLISH_STOP.contains(&lw.as_str()) {
                    let sk = latin_skeleton(word);
                    if sk.len() >= 3 {
                        f.anchors.push(format!("sk:{sk}"));
                    }
                }
            }
        }
    }
    f
}

/// Abbreviations that end with a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "sens", "rep", "reps",
    "lt", "col", "sgt", "capt", "no", "v", "vs", "etc", "inc", "co", "corp", "ltd", "jan", "feb",
    "aug", "sept", "sep", "oct", "nov", "dec",
];

/// Sentence ends inside a line: `.`, `!`, `?` or `؟` (maybe followed by closing quotes) then
/// space and the start of another sentence (an upper-case letter, a quote or, in Arabic, any
/// letter). Initials and common abbreviations do not count, nor, in Arabic, a closing quote
/// followed by a word that carries the sentence on (`؟" تساءلت`, `قائلاً`).
pub(crate) fn inner_sentence_ends(text: &str, side: Side) -> u32 {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if !matches!(c, '.' | '!' | '?' | '؟') {
            k += 1;
            continue;
        }
        // The word before the mark.
        let word: String = chars[..k]
            .iter()
            .rev()
            .take_while(|x| x.is_alphanumeric() || **x == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let mut e = k + 1;
        while e < chars.len() && matches!(chars[e], '"' | '\'' | '”' | '’' | '»' | ')') {
            e += 1;
        }
        let quoted = e > k + 1;
        let spaced = e < chars.len() && chars[e].is_whitespace();
        while e < chars.len() && chars[e].is_whitespace() {
            e += 1;
        }
        let Some(&next) = chars.get(e) else {
            break;
        };
        let starts = match side {
            Side::Source => next.is_alphabetic() || matches!(next, '"' | '«' | '“'),
            Side::Target => next.is_uppercase() || matches!(next, '"' | '“' | '\''),
        };
        let lw = word.to_lowercase();
        let abbreviation = c == '.'
            && (ABBREVIATIONS.contains(&lw.as_str())
                || (word.chars().count() <= 2 && word.chars().all(|x| x.is_uppercase()))
                || word.contains('.')
                || word.chars().all(|x| x.is_ascii_digit())
                    && !word.is_empty()
                    && next.is_ascii_digit());
        let carried_on = side == Side::Source && quoted && {
            let next_word: String = chars[e..]
                .iter()
                .take_while(|x| x.is_alphabetic())
                .collect();
            in_list(&next_word, &SETS.continuations)
        };
        if spaced && starts && !abbreviation && !carried_on && !word.is_empty() {
            count += 1;
        }
        k = e;
    }
    count
}

/// Whether a line ends with a sentence-final mark (`.`, `!`, `?`, `؟`, `…`, `:`), possibly
/// followed by closing quotes or brackets.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .ends_with(['.', '!', '?', '؟', '…', ':'])
}

/// Punctuation classes present in a sentence.
pub(crate) fn punctuation(text: &str) -> u8 {
    let mut p = 0;
    for c in text.chars() {
        p |= match c {
            '?' | '؟' => PUNCT_QUESTION,
            '"' | '«' | '»' | '“' | '”' => PUNCT_QUOTE,
            ':' => PUNCT_COLON,
            _ => 0,
        };
    }
    p
}

/// Arabic boilerplate phrases (normalised spelling).
const ARABIC_BOILERPLATE: &[&str] = &[
    "المصدر",
    "وكالات",
    "اقرا ايضا",
    "اقرا المزيد",
    "شاهد ايضا",
    "للمزيد",
    "تابعونا",
    "تابعوا",
    "جميع الحقوق محفوظه",
    "حقوق النشر",
    "الصوره:",
    "مصدر الصوره",
    "اضغط هنا",
    "انقر هنا",
    "موقعنا",
    "اشترك",
    "اعلان",
    "شارك هذا المقال",
    "مواقع التواصل",
];

/// English boilerplate phrases (lower case).
const ENGLISH_BOILERPLATE: &[&str] = &[
    "source:",
    "read more",
    "read also",
    "see also",
    "related:",
    "follow us",
    "all rights reserved",
    "copyright",
    "click here",
    "subscribe",
    "advertisement",
    "for more details",
    "image caption",
    "this article has been",
    "translated from",
    "image copyright",
];

/// Whether a line is news boilerplate: short, and containing one of the known phrases.
pub(crate) fn is_boilerplate(text: &str, side: Side) -> bool {
    let words = text.split_whitespace().count();
    if words == 0 || words > 10 {
        return false;
    }
    match side {
        Side::Source => {
            let norm = normalize(text);
            ARABIC_BOILERPLATE.iter().any(|p| norm.contains(p))
        }
        Side::Target => {
            let lower = text.to_lowercase();
            ENGLISH_BOILERPLATE.iter().any(|p| lower.contains(p))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        PUNCT_QUESTION, Side, arabic_skeleton, ends_sentence, inner_sentence_ends, is_boilerplate,
        latin_skeleton, normalize, numbers, punctuation,
    };

    #[test]
    fn arabic_indic_digits_become_latin() {
        assert_eq!(numbers("قتل ٨ أشخاص عام ١٩٥٣"), vec!["8", "1953"]);
        assert_eq!(numbers("نسبة ٣٫٥٪ من ١٬٢٠٠"), vec!["3.5", "1200"]);
        assert_eq!(numbers("3.5% of 1,200 and 2.0"), vec!["3.5", "1200", "2"]);
        assert_eq!(numbers("۲۰۱۹"), vec!["2019"]);
    }

    #[test]
    fn skeletons_meet_across_scripts() {
        assert_eq!(
            latin_skeleton("Saipov"),
            arabic_skeleton(&normalize("سايبوف"))
        );
        assert_eq!(
            latin_skeleton("Manhattan"),
            arabic_skeleton(&normalize("مانهاتن"))
        );
        assert_eq!(latin_skeleton("Patton"), arabic_skeleton("باتون"));
    }

    #[test]
    fn boilerplate_is_recognised() {
        assert!(is_boilerplate("المصدر: وكالات", Side::Source));
        assert!(is_boilerplate("اقرأ أيضاً", Side::Source));
        assert!(is_boilerplate("Read more: the full story", Side::Target));
        assert!(!is_boilerplate(
            "وقال المصدر إن الحكومة ستعلن غداً عن خطة جديدة لمواجهة الأزمة الاقتصادية التي تمر بها البلاد",
            Side::Source
        ));
    }

    #[test]
    fn question_marks_in_both_scripts() {
        assert_eq!(punctuation("لماذا؟") & PUNCT_QUESTION, PUNCT_QUESTION);
        assert_eq!(punctuation("Why?") & PUNCT_QUESTION, PUNCT_QUESTION);
    }

    #[test]
    fn headlines_have_no_final_mark() {
        assert!(!ends_sentence(
            "Government announces new plan to support farmers"
        ));
        assert!(!ends_sentence("الحكومة تعلن خطة جديدة لدعم المزارعين"));
        assert!(ends_sentence("He left."));
        assert!(ends_sentence("\"We will not back down,\" he said.\""));
        assert!(ends_sentence("لماذا؟"));
        assert!(ends_sentence("قال: «لن نتراجع.»"));
    }

    #[test]
    fn sentence_ends_inside_a_line() {
        let en = |t| inner_sentence_ends(t, Side::Target);
        let ar = |t| inner_sentence_ends(t, Side::Source);
        assert_eq!(
            en("The amount was \"unbearable.\" Will the council act?"),
            1
        );
        assert_eq!(en("He asked Sens. John Kennedy and Lindsey Graham."), 0);
        assert_eq!(en("The Grace v. Sessions suit was filed in August."), 0);
        assert_eq!(en("\"Do they think I get a discount?\" she wondered."), 0);
        assert_eq!(ar("\"هل يعتقدون أنني أحصل على خصم؟\" تساءلت."), 0);
        assert_eq!(ar("قال: \"هل تريدون رؤية ذلك؟\" قائلاً إنه سيفعل."), 0);
        assert_eq!(
            ar("قالت النقابة إن المبلغ \"غير كافٍ.\" هل تصل المساعدات؟"),
            1
        );
    }
}
