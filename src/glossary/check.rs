//! Checks after translation: each glossary term matched in a source segment must have its
//! rendering in the target and no forbidden rendering; and, beyond the glossary, the same Arabic
//! name must not be rendered two ways across a document.
//!
//! Pure functions over strings and matches; they never read files or print.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use regex::{Regex, RegexBuilder};
use serde::Serialize;

use super::Glossary;
use super::matcher::{Matcher, TermMatch};
use super::normalize::{is_word_char, normalize};
use crate::text::is_arabic_mark as is_mark;

/// What is wrong with a target segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ViolationKind {
    /// The term is in the source but its rendering is not in the target.
    MissingRendering { expected: String },
    /// A rendering the glossary forbids for the term is in the target.
    ForbiddenRendering {
        found: String,
        /// Byte range of the forbidden rendering in the target.
        target_range: Range<usize>,
        expected: String,
    },
}

/// One glossary violation in a target segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Index into [`Glossary::terms`].
    pub term: usize,
    /// Where the term is in the source (its first occurrence).
    pub source_range: Range<usize>,
    #[serde(flatten)]
    pub kind: ViolationKind,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ViolationKind::MissingRendering { expected } => {
                write!(
                    f,
                    "the glossary rendering `{expected}` is missing from the target"
                )
            }
            ViolationKind::ForbiddenRendering {
                found, expected, ..
            } => write!(
                f,
                "the target uses `{found}`, which the glossary forbids; use `{expected}`"
            ),
        }
    }
}

/// Check one target segment against the terms matched in its source segment.
///
/// The rendering is searched case-insensitively, as whole words, with any run of whitespace
/// between its words, so inflections that keep the word intact are accepted: a possessive
/// (`Assad's`, `Assad’s`, `Homs'`), a plural (`Alawites`), a name inside a longer one (`al-Assad`), a capital at the
/// start of a sentence. A leading `the` in the rendering is optional (`the United States`
/// accepts `United States`). Each term is reported once per segment.
pub fn check(glossary: &Glossary, matches: &[TermMatch], target: &str) -> Vec<Violation> {
    let mut seen: Vec<usize> = Vec::new();
    let mut violations = Vec::new();
    for m in matches {
        if seen.contains(&m.term) {
            continue;
        }
        seen.push(m.term);
        let Some(term) = glossary.terms().get(m.term) else {
            continue;
        };
        let expected = term.rendering().to_string();
        if find_phrase(target, &expected, true).is_empty() {
            violations.push(Violation {
                term: m.term,
                source_range: m.range.clone(),
                kind: ViolationKind::MissingRendering {
                    expected: expected.clone(),
                },
            });
        }
        for forbidden in &term.forbidden {
            for range in find_phrase(target, forbidden, false) {
                // A forbidden form inside the required one (e.g. `Assad` inside `al-Assad`)
                // is not a violation.
                if find_phrase(target, &expected, true)
                    .iter()
                    .any(|r| r.start <= range.start && range.end <= r.end)
                {
                    continue;
                }
                violations.push(Violation {
                    term: m.term,
                    source_range: m.range.clone(),
                    kind: ViolationKind::ForbiddenRendering {
                        found: target.get(range.clone()).unwrap_or_default().to_string(),
                        target_range: range,
                        expected: expected.clone(),
                    },
                });
            }
        }
    }
    violations
}

/// How far a target follows the glossary: the glossary names found in its source, and how
/// many of them it renders as the glossary says (by [`check`]: as whole words, and without
/// a forbidden rendering).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Adherence {
    /// Term matches in the source (a name found twice counts twice).
    pub names: usize,
    /// Those whose term [`check`] finds no violation of.
    pub correct: usize,
}

impl Adherence {
    /// The names of one source segment (`matches`, from [`Matcher::find`]) and how many of
    /// them `target` renders as the glossary says.
    pub fn of(glossary: &Glossary, matches: &[TermMatch], target: &str) -> Adherence {
        let broken: Vec<usize> = check(glossary, matches, target)
            .into_iter()
            .map(|v| v.term)
            .collect();
        Adherence {
            names: matches.len(),
            correct: matches.iter().filter(|m| !broken.contains(&m.term)).count(),
        }
    }

    /// Both counts added.
    pub fn add(&mut self, other: Adherence) {
        self.names += other.names;
        self.correct += other.correct;
    }

    /// `correct / names`, `None` when there are no names.
    pub fn share(&self) -> Option<f64> {
        (self.names > 0).then(|| self.correct as f64 / self.names as f64)
    }
}

/// Byte ranges of `phrase` in `text` as whole words, case-insensitive, flexible whitespace.
fn find_phrase(text: &str, phrase: &str, optional_the: bool) -> Vec<Range<usize>> {
    thread_local! {
        /// Compiled phrase patterns: a document checks the same few hundred renderings in
        /// every segment, and compiling a pattern costs far more than running it.
        static PATTERNS: std::cell::RefCell<std::collections::HashMap<(String, bool), Option<Regex>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let Some(regex) = PATTERNS.with(|cache| {
        cache
            .borrow_mut()
            .entry((phrase.to_owned(), optional_the))
            .or_insert_with(|| phrase_regex(phrase, optional_the))
            .clone()
    }) else {
        return Vec::new();
    };
    regex
        .find_iter(text)
        .map(|m| m.range())
        .filter(|r| {
            let before = text.get(..r.start).and_then(|s| s.chars().last());
            let after = text.get(r.end..).and_then(|s| s.chars().next());
            !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
        })
        .collect()
}

fn phrase_regex(phrase: &str, optional_the: bool) -> Option<Regex> {
    let mut words: Vec<&str> = phrase.split_whitespace().collect();
    let mut prefix = "";
    if optional_the
        && words.len() > 1
        && words.first().is_some_and(|w| w.eq_ignore_ascii_case("the"))
    {
        words.remove(0);
        prefix = r"(?:the\s+)?";
    }
    if words.is_empty() {
        return None;
    }
    let body: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    // The required rendering may take a plural ending (`Alawite` in `Alawites`).
    let plural = if optional_the { "(?:e?s)?" } else { "" };
    RegexBuilder::new(&format!("{prefix}{}{plural}", body.join(r"\s+")))
        .case_insensitive(true)
        .build()
        .ok()
}

/// One Arabic name rendered more than one way in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inconsistency {
    /// The Arabic name as first written (without proclitics).
    pub arabic: String,
    /// Each English spelling and the indices of the pairs that use it.
    pub renderings: Vec<Rendering>,
}

/// One English spelling of a name and where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendering {
    pub english: String,
    /// Indices into the `pairs` given to [`inconsistent_names`].
    pub pairs: Vec<usize>,
}

/// Names spelled two ways across a document's `(source, target)` pairs, by the one detector
/// review uses too ([`super::name_variants`]): the more common spelling first.
pub fn inconsistent_names(pairs: &[(&str, &str)]) -> Vec<Inconsistency> {
    from_variants(super::name_variants(pairs, &HashSet::new()))
}

/// [`inconsistent_names`] leaving out names whose spellings are both the glossary's (the
/// glossary check covers those).
pub fn inconsistent_names_outside(
    glossary: &Glossary,
    pairs: &[(&str, &str)],
) -> Vec<Inconsistency> {
    let known = glossary.rendering_words();
    // A name the glossary holds is the glossary check's: its violations name the spelling.
    let matcher = super::Matcher::new(glossary);
    let in_glossary = |spelling: &str| {
        spelling
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty() && !["al", "Al", "el", "El"].contains(w))
            .all(|w| known.contains(w))
    };
    let variants = super::name_variants(pairs, &known)
        .into_iter()
        .filter(|v| {
            v.arabic
                .as_deref()
                .is_none_or(|a| matcher.find(a).is_empty())
                && !in_glossary(&v.rare)
                && !in_glossary(&v.common)
        })
        .collect();
    from_variants(variants)
}

fn from_variants(variants: Vec<super::NameVariant>) -> Vec<Inconsistency> {
    let pairs_of = |places: &[(usize, Range<usize>)]| {
        let mut pairs: Vec<usize> = places.iter().map(|(i, _)| *i).collect();
        pairs.dedup();
        pairs
    };
    variants
        .into_iter()
        .map(|v| Inconsistency {
            arabic: v.arabic.unwrap_or_default(),
            renderings: vec![
                Rendering {
                    english: v.common,
                    pairs: pairs_of(&v.common_places),
                },
                Rendering {
                    english: v.rare,
                    pairs: pairs_of(&v.rare_places),
                },
            ],
        })
        .collect()
}

/// Groups of English spellings that render one Arabic word across the pairs: in each pair, an
/// Arabic word (without proclitics or article) is linked to a capitalised English word when
/// both reduce to the same consonant skeleton of at least two consonants (`إنشر` and `Ensher`
/// both give `NSR`). Possessives and an `al-` prefix do not make another spelling.
pub(crate) fn linked_names(pairs: &[(&str, &str)]) -> Vec<Inconsistency> {
    inconsistent_names_with(pairs, |_| false)
}

/// English spelling key (lowercase) -> (first spelling as written, pair indices).
type Spellings = BTreeMap<String, (String, Vec<usize>)>;

fn inconsistent_names_with(
    pairs: &[(&str, &str)],
    in_glossary: impl Fn(&str) -> bool,
) -> Vec<Inconsistency> {
    // Normalised Arabic stem -> (first surface, english key -> (first spelling, pairs)).
    let mut names: BTreeMap<String, (String, Spellings)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (index, (source, target)) in pairs.iter().enumerate() {
        let english: Vec<(String, String)> = english_names(target)
            .into_iter()
            .filter_map(|w| {
                let skeleton = english_skeleton(&w);
                (skeleton.len() >= 2).then_some((w, skeleton))
            })
            .collect();
        for word in source
            .split(|c: char| !is_word_char(c) && !is_mark(c))
            .filter(|w| !w.is_empty())
        {
            if in_glossary(word) {
                continue;
            }
            for stem in arabic_stems(word) {
                let skeleton = arabic_skeleton(&stem);
                if skeleton.len() < 2 {
                    continue;
                }
                let linked: Vec<&String> = english
                    .iter()
                    .filter(|(_, s)| *s == skeleton)
                    .map(|(w, _)| w)
                    .collect();
                if linked.is_empty() {
                    continue;
                }
                let key = normalize(&stem);
                let entry = names.entry(key.clone()).or_insert_with(|| {
                    order.push(key.clone());
                    (stem.clone(), BTreeMap::new())
                });
                for w in linked {
                    let spelling = entry
                        .1
                        .entry(w.to_lowercase())
                        .or_insert_with(|| (w.clone(), Vec::new()));
                    if !spelling.1.contains(&index) {
                        spelling.1.push(index);
                    }
                }
                break;
            }
        }
    }
    order
        .into_iter()
        .filter_map(|key| {
            let (arabic, spellings) = names.remove(&key)?;
            (spellings.len() > 1).then(|| Inconsistency {
                arabic,
                renderings: spellings
                    .into_values()
                    .map(|(english, pairs)| Rendering { english, pairs })
                    .collect(),
            })
        })
        .collect()
}

/// Capitalised English words, without a possessive and without an `al-`/`el-` prefix.
fn english_names(target: &str) -> Vec<String> {
    target
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .filter_map(|w| {
            let w = w.trim_matches(|c| c == '-' || c == '\'' || c == '’');
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            let w = ["al-", "Al-", "el-", "El-", "as-", "ad-", "ash-", "az-"]
                .iter()
                .find_map(|p| w.strip_prefix(p))
                .unwrap_or(w);
            w.chars()
                .next()
                .is_some_and(char::is_uppercase)
                .then(|| w.to_string())
        })
        .collect()
}

/// The word, then the word without each possible proclitic run and article.
fn arabic_stems(word: &str) -> Vec<String> {
    let mut stems = vec![word.to_string()];
    let letters: Vec<char> = word.chars().collect();
    for cut in 1..=4.min(letters.len().saturating_sub(2)) {
        let prefix: String = letters[..cut].iter().collect();
        let ok = matches!(
            prefix.as_str(),
            "و" | "ف"
                | "ب"
                | "ك"
                | "ل"
                | "ال"
                | "وال"
                | "بال"
                | "فال"
                | "كال"
                | "لل"
                | "ول"
                | "وب"
                | "فب"
                | "فل"
                | "ولل"
                | "فلل"
                | "وبال"
                | "فبال"
        );
        if ok {
            stems.push(letters[cut..].iter().collect());
        }
    }
    stems
}

/// Consonant classes shared by the Arabic and English skeletons.
fn arabic_skeleton(word: &str) -> String {
    let mut out = String::new();
    for c in normalize(word).chars() {
        let class = match c {
            'ب' | 'پ' => 'B',
            'ت' | 'ط' | 'ث' => 'T',
            'د' | 'ض' | 'ذ' => 'D',
            'ج' | 'غ' | 'گ' => 'G',
            'ح' | 'ه' | 'خ' => 'H',
            'ر' => 'R',
            'ز' | 'س' | 'ش' | 'ص' | 'ظ' | 'چ' => 'S',
            'ف' | 'ڤ' => 'F',
            'ق' | 'ك' => 'K',
            'ل' => 'L',
            'م' => 'M',
            'ن' => 'N',
            _ => continue,
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

fn english_skeleton(word: &str) -> String {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = lower.get(i) {
        let next = lower.get(i + 1).copied();
        let (class, width) = match (c, next) {
            ('s' | 'c', Some('h')) => (Some('S'), 2),
            ('k', Some('h')) => (Some('H'), 2),
            ('t', Some('h')) => (Some('T'), 2),
            ('d', Some('h')) => (Some('D'), 2),
            ('g', Some('h')) => (Some('G'), 2),
            ('p', Some('h')) => (Some('F'), 2),
            ('c', Some('k')) => (Some('K'), 2),
            ('c', Some('e' | 'i' | 'y')) => (Some('S'), 1),
            ('b' | 'p', _) => (Some('B'), 1),
            ('t', _) => (Some('T'), 1),
            ('d', _) => (Some('D'), 1),
            ('j' | 'g', _) => (Some('G'), 1),
            ('h', _) => (Some('H'), 1),
            ('r', _) => (Some('R'), 1),
            ('s' | 'z', _) => (Some('S'), 1),
            ('f' | 'v', _) => (Some('F'), 1),
            ('k' | 'q' | 'c', _) => (Some('K'), 1),
            ('x', _) => (Some('K'), 1),
            ('l', _) => (Some('L'), 1),
            ('m', _) => (Some('M'), 1),
            ('n', _) => (Some('N'), 1),
            _ => (None, 1),
        };
        if let Some(class) = class
            && !out.ends_with(class)
        {
            out.push(class);
        }
        i += width;
    }
    out
}

/// What `glossary check` reports for one file: the terms found in each segment's source,
/// the targets' violations and the names spelled two ways (documents only).
/// One matched term in one segment, and what the target does with it.
#[derive(Debug, Serialize)]
pub struct FoundTerm {
    pub segment: u64,
    /// The Arabic as written, clitics included.
    pub surface: String,
    pub start: usize,
    pub end: usize,
    pub english: String,
}

#[derive(Debug, Serialize)]
pub struct SegmentViolation {
    pub segment: u64,
    pub english: String,
    pub message: String,
    #[serde(flatten)]
    pub violation: Violation,
}

#[derive(Debug, Serialize)]
pub struct FileReport {
    /// The file as shown to the user (the caller sets it).
    pub file: String,
    pub matches: Vec<FoundTerm>,
    pub violations: Vec<SegmentViolation>,
    pub inconsistent_names: Vec<Inconsistency>,
}

/// The report of `segments` (`(id, source, target)`; an empty target is not checked);
/// names spelled two ways are looked for in a translation document only (`is_document`).
pub fn report(
    glossary: &Glossary,
    matcher: &Matcher,
    segments: &[(u64, String, String)],
    is_document: bool,
) -> FileReport {
    let mut report = FileReport {
        file: String::new(),
        matches: Vec::new(),
        violations: Vec::new(),
        inconsistent_names: Vec::new(),
    };
    for (id, source, target) in segments {
        let found = matcher.find(source);
        for m in &found {
            let english = glossary
                .terms()
                .get(m.term)
                .map(|t| t.rendering().to_owned())
                .unwrap_or_default();
            report.matches.push(FoundTerm {
                segment: *id,
                surface: source.get(m.range.clone()).unwrap_or_default().to_owned(),
                start: m.range.start,
                end: m.range.end,
                english,
            });
        }
        if target.trim().is_empty() {
            continue;
        }
        for v in check(glossary, &found, target) {
            let english = glossary
                .terms()
                .get(v.term)
                .map(|t| t.rendering().to_owned())
                .unwrap_or_default();
            report.violations.push(SegmentViolation {
                segment: *id,
                english,
                message: v.to_string(),
                violation: v,
            });
        }
    }
    if is_document {
        let pairs: Vec<(&str, &str)> = segments
            .iter()
            .filter(|(_, _, t)| !t.trim().is_empty())
            .map(|(_, s, t)| (s.as_str(), t.as_str()))
            .collect();
        report.inconsistent_names = inconsistent_names_outside(glossary, &pairs);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::{
        Adherence, ViolationKind, arabic_skeleton, check, english_skeleton, inconsistent_names,
        inconsistent_names_outside,
    };
    use crate::glossary::{Glossary, Matcher, Term};

    fn glossary() -> Glossary {
        let mut g = Glossary::new();
        let mut assad = Term::new(vec!["الأسد"], "Assad");
        assad.forbidden = vec!["Asad".into(), "al-Asad".into()];
        g.add(assad).unwrap();
        g.add(Term::new(vec!["الولايات المتحدة"], "the United States"))
            .unwrap();
        let mut homs = Term::new(vec!["حمص"], "Homs");
        homs.forbidden = vec!["Hims".into()];
        g.add(homs).unwrap();
        g
    }

    fn run(source: &str, target: &str) -> Vec<ViolationKind> {
        let g = glossary();
        let matches = Matcher::new(&g).find(source);
        check(&g, &matches, target)
            .into_iter()
            .map(|v| v.kind)
            .collect()
    }

    #[test]
    fn adherence_counts_names_rendered_as_whole_words() {
        let g = glossary();
        let m = Matcher::new(&g);
        let of = |source: &str, target: &str| Adherence::of(&g, &m.find(source), target);
        // "Homsville" holds "Homs" but does not render it: the check's rule, not a substring.
        assert_eq!(
            of("في حمص", "in Homsville"),
            Adherence {
                names: 1,
                correct: 0
            }
        );
        assert_eq!(
            of("في حمص", "in Homs"),
            Adherence {
                names: 1,
                correct: 1
            }
        );
        // A forbidden rendering beside the right one breaks the term.
        assert_eq!(
            of("في حمص", "Homs (Hims)"),
            Adherence {
                names: 1,
                correct: 0
            }
        );
        let mut total = of("قال الأسد في حمص", "Assad said in Hims");
        assert_eq!(
            total,
            Adherence {
                names: 2,
                correct: 1
            }
        );
        total.add(of("في حمص", "in Homs"));
        assert_eq!(total.share(), Some(2.0 / 3.0));
        assert_eq!(Adherence::default().share(), None);
    }

    #[test]
    fn check_rendering_present_is_clean() {
        assert!(run("قال الأسد", "Assad said").is_empty());
        assert!(run("جيش الأسد", "Assad's army").is_empty());
        assert!(run("جيش الأسد", "Assad’s army").is_empty());
        assert!(run("جيش الأسد", "the army of Bashar al-Assad").is_empty());
        assert!(run("في حمص", "in HOMS").is_empty());
        assert!(run("في حمص", "Homs' refinery").is_empty());
    }

    #[test]
    fn check_accepts_a_plural_but_not_a_longer_word() {
        let mut g = Glossary::new();
        g.add(Term::new(vec!["علوي"], "Alawite")).unwrap();
        let m = Matcher::new(&g);
        assert!(check(&g, &m.find("علوي"), "Alawites fled").is_empty());
        assert!(check(&g, &m.find("علوي"), "an Alawite village").is_empty());
        assert_eq!(check(&g, &m.find("علوي"), "Alawitesque").len(), 1);
    }

    #[test]
    fn check_optional_leading_the() {
        assert!(run("الولايات المتحدة", "The United States said").is_empty());
        assert!(run("الولايات المتحدة", "United States officials").is_empty());
        assert!(run("الولايات المتحدة", "the United\nStates").is_empty());
    }

    #[test]
    fn check_missing_rendering() {
        assert_eq!(
            run("قال الأسد", "The president said"),
            vec![ViolationKind::MissingRendering {
                expected: "Assad".into()
            }]
        );
        // Part of a longer word does not count.
        assert_eq!(run("في حمص", "Homsville").len(), 1);
    }

    #[test]
    fn check_missing_reported_once_per_term() {
        assert_eq!(run("الأسد والأسد", "He said").len(), 1);
    }

    #[test]
    fn check_forbidden_rendering() {
        let got = run("قال الأسد", "Asad said, Assad agreed");
        assert_eq!(
            got,
            vec![ViolationKind::ForbiddenRendering {
                found: "Asad".into(),
                target_range: 0..4,
                expected: "Assad".into()
            }]
        );
        let got = run("في حمص", "in Hims");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(matches!(got[0], ViolationKind::MissingRendering { .. }));
        assert!(matches!(got[1], ViolationKind::ForbiddenRendering { .. }));
    }

    #[test]
    fn check_forbidden_only_for_matched_terms() {
        assert!(run("قال الأسد", "Assad visited Hims").is_empty());
    }

    #[test]
    fn check_skeletons() {
        assert_eq!(arabic_skeleton("إنشر"), "NSR");
        assert_eq!(english_skeleton("Ensher"), "NSR");
        assert_eq!(english_skeleton("Inshar"), "NSR");
        assert_eq!(arabic_skeleton("لافروف"), english_skeleton("Lavrov"));
        assert_eq!(arabic_skeleton("باغش"), english_skeleton("Bagis"));
    }

    #[test]
    fn inconsistent_names_flags_two_spellings() {
        let pairs = [
            ("قال هنري إنشر إن", "Henry Ensher said"),
            ("وقال إنشر،في مقابلة", "Inshar said in an interview"),
            ("وأضاف إنشر", "Ensher added"),
        ];
        let found = inconsistent_names(&pairs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].arabic, "إنشر");
        let spellings: Vec<_> = found[0]
            .renderings
            .iter()
            .map(|r| (r.english.as_str(), r.pairs.clone()))
            .collect();
        assert_eq!(spellings, vec![("Ensher", vec![0, 2]), ("Inshar", vec![1])]);
    }

    #[test]
    fn inconsistent_names_ignores_possessive_and_article() {
        let pairs = [
            ("قال الحسن", "al-Hassan said"),
            ("هاتف الحسن", "Hassan's phone"),
        ];
        assert!(inconsistent_names(&pairs).is_empty());
    }

    #[test]
    fn inconsistent_names_consistent_document_is_clean() {
        let pairs = [("قال باغش", "Bagis said"), ("وصرح باغش", "Bagis stated")];
        assert!(inconsistent_names(&pairs).is_empty());
    }

    #[test]
    fn a_file_report_finds_terms_violations_and_names() {
        let mut g = Glossary::new();
        g.add(Term::new(vec!["حمص"], "Homs")).unwrap();
        let matcher = Matcher::new(&g);
        let segments = vec![
            (
                1,
                "في حمص قال إنشر".to_owned(),
                "In Hims, Ensher said".to_owned(),
            ),
            (2, "وقال إنشر".to_owned(), "Then Inshar said".to_owned()),
            (3, "حمص".to_owned(), String::new()),
        ];
        let r = super::report(&g, &matcher, &segments, true);
        assert_eq!(r.matches.len(), 2, "{r:?}");
        assert_eq!(
            r.violations.len(),
            1,
            "an empty target is not checked: {r:?}"
        );
        assert_eq!(r.violations[0].segment, 1);
        assert_eq!(r.inconsistent_names.len(), 1, "{r:?}");
        let r = super::report(&g, &matcher, &segments, false);
        assert!(r.inconsistent_names.is_empty(), "names only in documents");
    }

    /// The one detector: `glossary check` finds what review's `name-spelling` finds.
    #[test]
    fn inconsistent_names_meet_under_the_transliteration_key_and_the_article() {
        let pairs = [
            ("قال محمد العلي", "Mohammed al-Ali said on Monday"),
            ("وأضاف محمد", "He said that Mohammed had left"),
            ("وقال محمد العلي", "Later Muhammad Al Ali said"),
        ];
        let found = inconsistent_names(&pairs);
        let spellings: Vec<(&str, &str)> = found
            .iter()
            .map(|i| {
                (
                    i.renderings[0].english.as_str(),
                    i.renderings[1].english.as_str(),
                )
            })
            .collect();
        assert!(spellings.contains(&("Mohammed", "Muhammad")), "{found:?}");
        assert!(spellings.contains(&("al-Ali", "Al Ali")), "{found:?}");
    }

    #[test]
    fn inconsistent_names_outside_skips_glossary_terms() {
        let mut g = Glossary::new();
        g.add(Term::new(vec!["إنشر"], "Ensher")).unwrap();
        let pairs = [("قال إنشر", "Ensher said"), ("وقال إنشر", "Inshar said")];
        assert_eq!(inconsistent_names(&pairs).len(), 1);
        assert!(inconsistent_names_outside(&g, &pairs).is_empty());
    }

    #[test]
    fn check_seed_rendered_like_the_stub_is_clean() {
        let g = Glossary::parse(
            include_str!("../../glossary.yaml"),
            std::path::Path::new("glossary.yaml"),
        )
        .unwrap();
        let source = include_str!("../../seeds/syria-homs-lavrov-2012.txt");
        let matches = Matcher::new(&g).find(source);
        // Each match becomes its proclitics in English plus the rendering; the rest is dropped.
        let target: Vec<String> = matches
            .iter()
            .map(|m| {
                let mut words: Vec<&str> = m.proclitics.iter().map(|p| p.english()).collect();
                words.push(g.terms()[m.term].rendering());
                words.retain(|w| !w.is_empty());
                words.join(" ")
            })
            .collect();
        let target = target.join(", ");
        assert!(check(&g, &matches, &target).is_empty());
        // Dropping one rendering is caught.
        let without_daraa = target.replace("Daraa", "Deraa");
        let got = check(&g, &matches, &without_daraa);
        assert_eq!(got.len(), 1);
        assert_eq!(g.terms()[got[0].term].english, "Daraa");
        assert_eq!(&source[got[0].source_range.clone()], "بدرعا");
    }
}
