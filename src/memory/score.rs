//! The fuzzy score of two sentences and the word diff between them.
//!
//! Both sentences are compared as words of their normalised text (the glossary's Arabic
//! normalisation, [`crate::text::normalize`]): inline codes are dropped, the text is split on
//! whitespace and each word keeps only its letters and digits, so punctuation never counts.
//!
//! The score, from 0 to 100, is `100 × (1 − e / n)`, rounded down, where `n` is the length in
//! words of the longer sentence and `e` the mean of two distances between the word sequences:
//! the word-level edit distance `d` (insertions, deletions, substitutions) and the bag
//! distance `b` (the words of the longer bag that the other lacks). A changed, dropped or added
//! word costs 1 to both, so `e = 1`; a word moved elsewhere costs 2 to `d` (deleted here,
//! inserted there) but 0 to `b`, so `e = 1` as well: one change of any kind in a ten-word
//! sentence scores 90. Two unrelated sentences share few words and score near 0. A score of
//! 100 is kept for sentences whose normalised texts are equal (punctuation and spaces
//! included); word-equal sentences that differ in punctuation score 99.
//!
//! Because `d ≥ b`, `e ≥ b`, so `100 × (1 − b / n)` is an upper bound that the index computes
//! from shared word counts alone before any edit distance is run.

use crate::text::normalize::{Normalized, normalize};

/// The words of `text` as compared: normalised, codes dropped, letters and digits only.
pub fn words(text: &str) -> Vec<String> {
    let stripped = crate::codes::strip(text);
    words_of_normalized(&Normalized::new(&stripped).text)
}

/// The words of a normalised text without codes.
fn words_of_normalized(normalized: &str) -> Vec<String> {
    normalized
        .split(' ')
        .map(word_key)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The normalised-exact key and the words of `text` (see [`exact_key`] and [`words`]),
/// normalising once when the text has no inline codes.
pub fn key_and_words(text: &str) -> (String, Vec<String>) {
    if text.contains('<') {
        return (exact_key(text), words(text));
    }
    let normalized = Normalized::new(text).text;
    let words = words_of_normalized(&normalized);
    (normalized.trim().to_owned(), words)
}

/// The comparison key of one normalised word: its letters and digits.
fn word_key(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The normalised-exact key of a sentence: normalised, spaces around trimmed.
pub fn exact_key(text: &str) -> String {
    normalize(text)
}

/// The word-level edit distance of two sequences (two rows, `O(a × b)` time).
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(x != y);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The bag distance: the larger of the two counts of words one side has and the other lacks.
pub fn bag_distance(a: &[String], b: &[String]) -> usize {
    let shared = shared_words(a, b);
    a.len().max(b.len()) - shared
}

/// How many words two sequences share, as bags (a word twice on both sides counts twice).
fn shared_words(a: &[String], b: &[String]) -> usize {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut shared = 0;
    for w in a {
        if let Some(i) = rest.iter().position(|r| *r == w) {
            rest.swap_remove(i);
            shared += 1;
        }
    }
    shared
}

/// The score (see the module documentation) of two word sequences that are not normalised
/// equal: at most 99.
pub fn fuzzy(a: &[String], b: &[String]) -> u8 {
    let n = a.len().max(b.len());
    if n == 0 {
        return 99;
    }
    let d = edit_distance(a, b);
    let bag = bag_distance(a, b);
    score_of(d + bag, n)
}

/// `100 × (1 − (twice_e / 2) / n)` rounded down, at most 99.
pub(crate) fn score_of(twice_e: usize, n: usize) -> u8 {
    if n == 0 {
        return 99;
    }
    let kept = (2 * n).saturating_sub(twice_e);
    let score = (100 * kept) / (2 * n);
    u8::try_from(score.min(99)).unwrap_or(99)
}

/// The highest score two sentences of `a` and `b` words sharing `shared` words (as bags) can
/// have.
pub(crate) fn upper_bound(a: usize, b: usize, shared: usize) -> u8 {
    let n = a.max(b);
    let bag = n.saturating_sub(shared);
    score_of(2 * bag, n)
}

/// The score of `query` against a stored `source`: 100 when their normalised texts are
/// equal, else [`fuzzy`] on their words.
pub fn score(query: &str, source: &str) -> u8 {
    if exact_key(query) == exact_key(source) {
        return 100;
    }
    fuzzy(&words(query), &words(source))
}

/// One piece of a word diff from a stored source to the query.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum DiffPart {
    /// Words both have (the query's spelling).
    Equal(String),
    /// Words only the stored source has.
    Delete(String),
    /// Words only the query has.
    Insert(String),
}

/// The words of a text as shown (the original spelling, codes dropped) with their keys.
fn shown_words(text: &str) -> Vec<(String, String)> {
    let stripped = crate::codes::strip(text);
    stripped
        .split_whitespace()
        .map(|w| (w.to_owned(), word_key(&normalize(w))))
        .collect()
}

/// What differs between a stored `source` and the `query`, word by word (compared by their
/// normalised keys, shown in their own spelling); runs of one kind are joined by spaces.
pub fn diff(source: &str, query: &str) -> Vec<DiffPart> {
    let a = shown_words(source);
    let b = shown_words(query);
    let (n, m) = (a.len(), b.len());
    // Edit distances of every suffix pair, then walked from the start.
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[m] = n - i;
    }
    if let Some(last) = table.last_mut() {
        for (j, cell) in last.iter_mut().enumerate() {
            *cell = m - j;
        }
    }
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i].1 == b[j].1 {
                table[i + 1][j + 1]
            } else {
                1 + table[i + 1][j].min(table[i][j + 1])
            };
        }
    }
    let mut parts: Vec<DiffPart> = Vec::new();
    let mut push = |part: DiffPart| {
        let joined = match (parts.last_mut(), &part) {
            (Some(DiffPart::Equal(t)), DiffPart::Equal(w))
            | (Some(DiffPart::Delete(t)), DiffPart::Delete(w))
            | (Some(DiffPart::Insert(t)), DiffPart::Insert(w)) => {
                t.push(' ');
                t.push_str(w);
                true
            }
            _ => false,
        };
        if !joined {
            parts.push(part);
        }
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i].1 == b[j].1 {
            push(DiffPart::Equal(b[j].0.clone()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[i + 1][j] <= table[i][j + 1]) {
            push(DiffPart::Delete(a[i].0.clone()));
            i += 1;
        } else {
            push(DiffPart::Insert(b[j].0.clone()));
            j += 1;
        }
    }
    parts
}

/// A diff in one line: `[-deleted-]` and `{+inserted+}` around the changes.
pub fn diff_line(parts: &[DiffPart]) -> String {
    parts
        .iter()
        .map(|p| match p {
            DiffPart::Equal(t) => t.clone(),
            DiffPart::Delete(t) => format!("[-{t}-]"),
            DiffPart::Insert(t) => format!("{{+{t}+}}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        "قال وزير الخارجية إن المحادثات مع الوفد استمرت ثلاث ساعات في العاصمة يوم الأحد";

    #[test]
    fn orthographic_variants_score_100() {
        let variant =
            "قَالَ وزيـــر الخارجيه ان المحادثات مع الوفد استمرت ثلاث ساعات في العاصمه يوم الاحد";
        assert_eq!(score(variant, BASE), 100);
        assert_eq!(score("عاد 3 جنود.", "عاد ٣ جنود."), 100);
        assert_eq!(score(&format!("  {BASE} "), BASE), 100);
    }

    #[test]
    fn one_change_of_any_kind_keeps_a_high_score() {
        let changed_number =
            "قال وزير الخارجية إن المحادثات مع الوفد استمرت خمس ساعات في العاصمة يوم الأحد";
        let dropped = "قال وزير الخارجية المحادثات مع الوفد استمرت ثلاث ساعات في العاصمة يوم الأحد";
        let added =
            "قال وزير الخارجية إن المحادثات مع الوفد الروسي استمرت ثلاث ساعات في العاصمة يوم الأحد";
        let moved = "قال وزير الخارجية يوم الأحد إن المحادثات مع الوفد استمرت ثلاث ساعات في العاصمة";
        for (what, text) in [
            ("number", changed_number),
            ("dropped", dropped),
            ("added", added),
        ] {
            let s = score(text, BASE);
            assert!((90..100).contains(&s), "{what}: {s}");
        }
        // Two words moved together: two moves.
        let s = score(moved, BASE);
        assert!((85..100).contains(&s), "moved: {s}");
        assert_eq!(
            score("وصل 12 جنديا إلى الحدود أمس", "وصل 15 جنديا إلى الحدود أمس"),
            83
        );
    }

    #[test]
    fn the_key_and_words_are_those_of_exact_key_and_words() {
        for text in [BASE, "  عادَ   3 جنود. ", "<g1>عاد</g1> الجنود<x2/>.", ""] {
            assert_eq!(
                key_and_words(text),
                (exact_key(text), words(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn punctuation_alone_scores_99() {
        assert_eq!(score("عاد الجنود.", "عاد الجنود!"), 99);
    }

    #[test]
    fn unrelated_sentences_score_under_75() {
        let others = [
            "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج",
            "فاز الفريق الوطني على منافسه بثلاثة أهداف مقابل هدف واحد",
            "قال وزير الصحة إن المستشفيات استقبلت عشرات المصابين",
        ];
        for other in others {
            let s = score(other, BASE);
            assert!(s < 75, "{other}: {s}");
        }
    }

    #[test]
    fn the_diff_shows_what_changed_in_the_original_spelling() {
        let parts = diff("وصل 12 جنديًا إلى الحدود", "وصل 15 جنديا إلى الحدود أمس");
        assert_eq!(
            parts,
            vec![
                DiffPart::Equal("وصل".into()),
                DiffPart::Delete("12".into()),
                DiffPart::Insert("15".into()),
                DiffPart::Equal("جنديا إلى الحدود".into()),
                DiffPart::Insert("أمس".into()),
            ]
        );
        assert_eq!(
            diff_line(&parts),
            "وصل [-12-] {+15+} جنديا إلى الحدود {+أمس+}"
        );
    }

    #[test]
    fn the_upper_bound_is_never_below_the_score() {
        let pairs = [
            (
                BASE,
                "قال وزير الخارجية يوم الأحد إن المحادثات مع الوفد استمرت",
            ),
            ("أ ب ج د", "د ج ب أ"),
            ("أ أ ب", "أ ب ب ب"),
        ];
        for (a, b) in pairs {
            let (wa, wb) = (words(a), words(b));
            let shared = wa.len().max(wb.len()) - bag_distance(&wa, &wb);
            assert!(
                upper_bound(wa.len(), wb.len(), shared) >= fuzzy(&wa, &wb),
                "{a} / {b}"
            );
        }
    }
}
