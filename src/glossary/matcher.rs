//! Finding glossary terms in Arabic text: one Aho-Corasick pass for all terms over the
//! normalised text (in its one-byte-per-character form, see [`super::normalize`]), then
//! proclitics, word boundaries and longest match.
//!
//! A word matches a term when, after normalisation (see [`super::normalize`]), it is one of the
//! term's forms, optionally preceded by proclitics: a conjunction `و`/`ف`, then a preposition
//! `ب`/`ك`/`ل`, then, for forms that begin with the article, nothing more (`والأسد`, `بالأسد`,
//! and `للأسد` where `ل` + `ال` contracts), or for common nouns and titles, the article
//! (`الرئيس`, `للرئيس`, `وبالرئيس`). Names never take an added article, because `ال` + name
//! is usually another word (`السورية` "the Syrian" is not `سورية` "Syria"). The term must end at
//! a word boundary and the proclitics must start at one. Where matches overlap, the one that
//! starts first wins, then the longest (`بشار الأسد` over `الأسد`).

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;

use super::normalize::{Compact, compact_pattern, is_compact_word_byte, normalize};
use super::{Glossary, TermKind};

/// A clitic attached before a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Proclitic {
    /// `و` "and".
    Wa,
    /// `ف` "and, so".
    Fa,
    /// `ب` "in, with, by".
    Bi,
    /// `ك` "like, as".
    Ka,
    /// `ل` "to, for".
    Li,
    /// The article `ال` (contracted to `ل` after `ل`).
    Al,
}

impl Proclitic {
    /// A plain English rendering: "and", "in", "like", "to", or "" for the article.
    pub fn english(self) -> &'static str {
        match self {
            Proclitic::Wa | Proclitic::Fa => "and",
            Proclitic::Bi => "in",
            Proclitic::Ka => "like",
            Proclitic::Li => "to",
            Proclitic::Al => "",
        }
    }

    /// The Arabic letters.
    pub fn arabic(self) -> &'static str {
        match self {
            Proclitic::Wa => "و",
            Proclitic::Fa => "ف",
            Proclitic::Bi => "ب",
            Proclitic::Ka => "ك",
            Proclitic::Li => "ل",
            Proclitic::Al => "ال",
        }
    }
}

/// One occurrence of a glossary term in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermMatch {
    /// The whole word(s) in the original text, proclitics and trailing diacritics included.
    pub range: Range<usize>,
    /// The term part only: `range` without the proclitics. After a contracted `لل` it starts at
    /// the second `ل` (the article's, whose alef is elided).
    pub term_range: Range<usize>,
    /// The proclitics before the term, in order.
    pub proclitics: Vec<Proclitic>,
    /// Index into [`Glossary::terms`].
    pub term: usize,
}

/// How one Aho-Corasick pattern relates to its term.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    term: usize,
    /// The form starts with the article `ال`.
    has_article: bool,
    /// The pattern is `لل` + form without `ال` (the preposition `ل` fused with the article).
    contracted: bool,
    /// The term accepts an added article (common nouns and titles).
    takes_article: bool,
}

/// The compact byte of a basic Arabic letter (as [`super::normalize::compact_byte`] gives it).
const fn letter(c: char) -> u8 {
    0x80 + (c as u32 - 0x0621) as u8
}

/// The compact bytes of the letters that make up proclitics.
const WAW: u8 = letter('و');
const FEH: u8 = letter('ف');
const BEH: u8 = letter('ب');
const KAF: u8 = letter('ك');
const LAM: u8 = letter('ل');
const ALEF: u8 = letter('ا');

/// All terms of a glossary compiled into one automaton.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// Per automaton pattern, every term reading it (normally one).
    patterns: Vec<Vec<Pattern>>,
    /// Per automaton pattern, the normalised text to compare with when its compact form is
    /// not exact (it holds a character without a compact byte of its own).
    verify: Vec<Option<String>>,
}

/// The longest proclitic run, `وبال`, is four letters.
const MAX_PREFIX_CHARS: usize = 4;

impl Matcher {
    /// Compile every form of every term.
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut verify: Vec<Option<String>> = Vec::new();
        let mut patterns: Vec<Vec<Pattern>> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut add = |key: String, pattern: Pattern| {
            let id = *by_key.entry(key.clone()).or_insert_with(|| {
                let (bytes, exact) = compact_pattern(&key);
                keys.push(bytes);
                verify.push((!exact).then_some(key));
                patterns.push(Vec::new());
                patterns.len() - 1
            });
            if let Some(list) = patterns.get_mut(id)
                && !list
                    .iter()
                    .any(|p| p.term == pattern.term && p.contracted == pattern.contracted)
            {
                list.push(pattern);
            }
        };
        for (term, entry) in glossary.terms().iter().enumerate() {
            let takes_article = TermKind::takes_article(entry.kind);
            for form in &entry.arabic {
                let key = normalize(form);
                if key.is_empty() {
                    continue;
                }
                let bare = key
                    .strip_prefix("ال")
                    .filter(|rest| rest.chars().count() >= 2);
                let pattern = Pattern {
                    term,
                    has_article: bare.is_some(),
                    contracted: false,
                    takes_article,
                };
                if let Some(rest) = bare {
                    add(
                        format!("لل{rest}"),
                        Pattern {
                            contracted: true,
                            ..pattern
                        },
                    );
                }
                add(key, pattern);
            }
        }
        let automaton = if keys.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&keys)
                .ok()
        };
        Matcher {
            automaton,
            patterns,
            verify,
        }
    }

    /// Every term occurrence in `arabic`, in text order, without overlaps.
    pub fn find(&self, arabic: &str) -> Vec<TermMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let compact = Compact::new(arabic);
        let text = compact.bytes.as_slice();
        let mut candidates: Vec<Candidate> = Vec::new();
        for hit in automaton.find_overlapping_iter(text) {
            let (start, end) = (hit.start(), hit.end());
            if text.get(end).is_some_and(|&b| is_compact_word_byte(b)) {
                continue;
            }
            let Some(word_start) = word_start(text, start) else {
                continue;
            };
            let Some(prefix) = text.get(word_start..start) else {
                continue;
            };
            let id = hit.pattern().as_usize();
            if let Some(Some(expected)) = self.verify.get(id) {
                let original = arabic.get(compact.to_original(start)..compact.to_original(end));
                if original.map(normalize).as_deref() != Some(expected.as_str()) {
                    continue;
                }
            }
            let Some(list) = self.patterns.get(id) else {
                continue;
            };
            for pattern in list {
                if let Some(proclitics) = parse_proclitics(prefix, pattern) {
                    let term_start = if pattern.contracted { start + 1 } else { start };
                    candidates.push(Candidate {
                        word_start,
                        term_start,
                        end,
                        proclitics,
                        term: pattern.term,
                    });
                }
            }
        }
        candidates.sort_by(|a, b| {
            a.word_start
                .cmp(&b.word_start)
                .then(b.end.cmp(&a.end))
                .then(a.term_start.cmp(&b.term_start))
                .then(a.proclitics.len().cmp(&b.proclitics.len()))
                .then(a.term.cmp(&b.term))
        });
        let mut matches = Vec::new();
        let mut covered = 0;
        for c in candidates {
            if c.word_start < covered {
                continue;
            }
            covered = c.end;
            let end = trim_invisible(
                arabic,
                compact.to_original(c.term_start),
                compact.to_original(c.end),
            );
            matches.push(TermMatch {
                range: compact.to_original(c.word_start)..end,
                term_range: compact.to_original(c.term_start)..end,
                proclitics: c.proclitics,
                term: c.term,
            });
        }
        matches
    }
}

struct Candidate {
    word_start: usize,
    term_start: usize,
    end: usize,
    proclitics: Vec<Proclitic>,
    term: usize,
}

/// Walk back from `start` over at most [`MAX_PREFIX_CHARS`] word characters to the start of
/// the word; `None` when the word begins further back (the hit is inside a longer word).
fn word_start(text: &[u8], start: usize) -> Option<usize> {
    let mut position = start;
    while position > 0
        && text
            .get(position - 1)
            .is_some_and(|&b| is_compact_word_byte(b))
    {
        if start - position == MAX_PREFIX_CHARS {
            return None;
        }
        position -= 1;
    }
    Some(position)
}

/// Read `prefix` (compact bytes) as a proclitic run allowed before `pattern`; `None` if it is
/// not one.
fn parse_proclitics(prefix: &[u8], pattern: &Pattern) -> Option<Vec<Proclitic>> {
    let mut out = Vec::new();
    let mut rest = prefix;
    let take = |rest: &mut &[u8], letters: &[u8]| -> bool {
        match rest.strip_prefix(letters) {
            Some(r) => {
                *rest = r;
                true
            }
            None => false,
        }
    };
    if take(&mut rest, &[WAW]) {
        out.push(Proclitic::Wa);
    } else if take(&mut rest, &[FEH]) {
        out.push(Proclitic::Fa);
    }
    if pattern.contracted {
        // The pattern itself is `لل…`: only a conjunction may precede it.
        out.push(Proclitic::Li);
        return rest.is_empty().then_some(out);
    }
    let article_here = pattern.takes_article && !pattern.has_article;
    if article_here && rest == [LAM, LAM] {
        out.push(Proclitic::Li);
        out.push(Proclitic::Al);
        return Some(out);
    }
    if take(&mut rest, &[BEH]) {
        out.push(Proclitic::Bi);
    } else if take(&mut rest, &[KAF]) {
        out.push(Proclitic::Ka);
    } else if !pattern.has_article && take(&mut rest, &[LAM]) {
        // Before a form with the article, `ل` contracts (handled by the `لل` pattern).
        out.push(Proclitic::Li);
    }
    if article_here && take(&mut rest, &[ALEF, LAM]) {
        out.push(Proclitic::Al);
    }
    rest.is_empty().then_some(out)
}

/// Pull `end` back over invisible format characters (bidi marks, joiners) that normalisation
/// skipped, so that a match never ends with one; diacritics stay part of the word.
fn trim_invisible(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let Some(c) = text.get(..end).and_then(|t| t.chars().next_back()) else {
            break;
        };
        let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
            || c.is_whitespace();
        if !invisible {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Matcher, Proclitic, TermMatch};
    use crate::glossary::{Glossary, Term, TermKind};

    fn glossary(terms: &[(&[&str], &str, Option<TermKind>)]) -> Glossary {
        let mut g = Glossary::new();
        for (arabic, english, kind) in terms {
            let mut term = Term::new(arabic.to_vec(), *english);
            term.kind = *kind;
            g.add(term).unwrap();
        }
        g
    }

    /// (surface text of the whole match, English rendering, proclitics)
    fn found(g: &Glossary, text: &str) -> Vec<(String, String, Vec<Proclitic>)> {
        Matcher::new(g)
            .find(text)
            .into_iter()
            .map(|m: TermMatch| {
                (
                    text[m.range.clone()].to_string(),
                    g.terms()[m.term].english.clone(),
                    m.proclitics,
                )
            })
            .collect()
    }

    fn basic() -> Glossary {
        glossary(&[
            (&["حمص", "حمس"], "Homs", Some(TermKind::Place)),
            (&["درعا"], "Daraa", Some(TermKind::Place)),
            (&["سوريا", "سورية"], "Syria", Some(TermKind::Place)),
            (&["الأسد"], "Assad", Some(TermKind::Person)),
            (&["بشار الأسد"], "Bashar al-Assad", Some(TermKind::Person)),
            (
                &["الجامعة العربية"],
                "Arab League",
                Some(TermKind::Organisation),
            ),
            (&["أردوغان"], "Erdogan", Some(TermKind::Person)),
            (&["رئيس"], "President", Some(TermKind::Title)),
            (&["رئيس الوزراء"], "Prime Minister", Some(TermKind::Title)),
            (
                &["الولايات المتحدة", "الولاياتالمتحدة"],
                "the United States",
                Some(TermKind::Place),
            ),
            (&["لافروف"], "Lavrov", Some(TermKind::Person)),
        ])
    }

    fn one(text: &str) -> (String, String, Vec<Proclitic>) {
        let all = found(&basic(), text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn matcher_plain_word() {
        assert_eq!(one("في حمص اليوم"), ("حمص".into(), "Homs".into(), vec![]));
    }

    #[test]
    fn matcher_each_single_proclitic() {
        use Proclitic::{Bi, Fa, Ka, Li, Wa};
        for (word, clitics) in [
            ("وحمص", vec![Wa]),
            ("فحمص", vec![Fa]),
            ("بحمص", vec![Bi]),
            ("كحمص", vec![Ka]),
            ("لحمص", vec![Li]),
            ("بدرعا", vec![Bi]),
        ] {
            let (surface, _, p) = one(&format!("قتلى {word}."));
            assert_eq!((surface.as_str(), p), (word, clitics));
        }
    }

    #[test]
    fn matcher_conjunction_then_preposition() {
        use Proclitic::{Bi, Fa, Li, Wa};
        assert_eq!(one("وبحمص").2, vec![Wa, Bi]);
        assert_eq!(one("فلحمص").2, vec![Fa, Li]);
    }

    #[test]
    fn matcher_article_terms_with_proclitics() {
        use Proclitic::{Bi, Fa, Ka, Li, Wa};
        for (word, clitics) in [
            ("الأسد", vec![]),
            ("والأسد", vec![Wa]),
            ("بالأسد", vec![Bi]),
            ("كالأسد", vec![Ka]),
            ("وبالأسد", vec![Wa, Bi]),
            ("للأسد", vec![Li]),
            ("وللأسد", vec![Wa, Li]),
            ("فللأسد", vec![Fa, Li]),
        ] {
            let (surface, english, p) = one(&format!("قال {word} أمس"));
            assert_eq!(
                (surface.as_str(), english.as_str(), p),
                (word, "Assad", clitics)
            );
        }
        let (surface, english, p) = one("دعما للجامعة العربية");
        assert_eq!(
            (surface.as_str(), english.as_str(), p),
            ("للجامعة العربية", "Arab League", vec![Li])
        );
    }

    #[test]
    fn matcher_contracted_term_range_starts_at_article_lam() {
        let g = basic();
        let text = "للأسد";
        let m = &Matcher::new(&g).find(text)[0];
        assert_eq!(&text[m.term_range.clone()], "لأسد");
        assert_eq!(m.range, 0..text.len());
    }

    #[test]
    fn matcher_added_article_only_for_titles_and_terms() {
        use Proclitic::{Al, Bi, Li, Wa};
        assert_eq!(one("قال الرئيس").2, vec![Al]);
        assert_eq!(one("قال للرئيس").2, vec![Li, Al]);
        assert_eq!(one("قال وللرئيس").2, vec![Wa, Li, Al]);
        assert_eq!(one("قال وبالرئيس").2, vec![Wa, Bi, Al]);
        assert_eq!(one("قال والرئيس").2, vec![Wa, Al]);
        // A name takes no added article: السورية is "the Syrian", not Syria.
        assert!(found(&basic(), "الأزمة السورية").is_empty());
        assert!(found(&basic(), "الحمص").is_empty());
    }

    #[test]
    fn matcher_term_range_excludes_proclitics() {
        let g = basic();
        let text = "وبحمص";
        let m = &Matcher::new(&g).find(text)[0];
        assert_eq!(&text[m.term_range.clone()], "حمص");
    }

    #[test]
    fn matcher_normalised_variants() {
        // Hamza on alef or not, diacritics, tatweel, teh marbuta.
        assert_eq!(one("قال اردوغان").0, "اردوغان");
        assert_eq!(one("قال إردوغان").0, "إردوغان");
        assert_eq!(one("في حِمْصَ").0, "حِمْصَ");
        assert_eq!(one("في حمــص").0, "حمــص");
        assert_eq!(one("في سوريه").1, "Syria");
    }

    #[test]
    fn matcher_longest_match_wins() {
        let all = found(&basic(), "الرئيس بشار الأسد و الأسد");
        let got: Vec<_> = all
            .iter()
            .map(|(s, e, _)| (s.as_str(), e.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("الرئيس", "President"),
                ("بشار الأسد", "Bashar al-Assad"),
                ("الأسد", "Assad")
            ]
        );
        assert_eq!(one("رئيس الوزراء التركي").1, "Prime Minister");
    }

    #[test]
    fn matcher_respects_word_boundaries() {
        // Inside a longer word, at the start or at the end.
        assert!(found(&basic(), "حمصي").is_empty());
        assert!(found(&basic(), "الحمصيون").is_empty());
        assert!(found(&basic(), "محمص").is_empty());
        assert!(found(&basic(), "سوريات").is_empty());
        // Five letters before the term cannot all be proclitics.
        assert!(found(&basic(), "سسسسسحمص").is_empty());
        // Punctuation and quotes are boundaries.
        assert_eq!(found(&basic(), "(حمص)،\"درعا\"").len(), 2);
    }

    #[test]
    fn matcher_fused_forms_listed_as_variants() {
        assert_eq!(one("حض الولاياتالمتحدة").1, "the United States");
        assert_eq!(one("ورأت الولايات المتحدة").1, "the United States");
        assert_eq!(one("ورأت الولايات   المتحدة").0, "الولايات   المتحدة");
    }

    #[test]
    fn matcher_misspelling_listed_as_variant() {
        assert_eq!(one("أجزاء حمس.").1, "Homs");
    }

    #[test]
    fn matcher_proclitic_bytes_agree_with_compact_encoding() {
        use super::{ALEF, BEH, FEH, KAF, LAM, WAW};
        use crate::glossary::normalize::compact_byte;
        let pairs = [
            (WAW, 'و'),
            (FEH, 'ف'),
            (BEH, 'ب'),
            (KAF, 'ك'),
            (LAM, 'ل'),
            (ALEF, 'ا'),
        ];
        for (byte, c) in pairs {
            assert_eq!(byte, compact_byte(c), "{c}");
        }
    }

    #[test]
    fn matcher_terms_with_other_characters_are_verified() {
        // é and ü have no compact byte of their own; both become the same "other letter".
        let g = glossary(&[
            (&["café"], "the cafe", Some(TermKind::Term)),
            (&["حمص"], "Homs", None),
        ]);
        assert_eq!(found(&g, "في café حمص").len(), 2);
        assert_eq!(found(&g, "في cafü حمص").len(), 1);
        assert_eq!(found(&g, "والcafé").len(), 1);
    }

    #[test]
    fn matcher_empty_glossary_finds_nothing() {
        assert!(Matcher::new(&Glossary::new()).find("حمص").is_empty());
    }

    #[test]
    fn matcher_seed_article_complete() {
        let glossary = Glossary::parse(
            include_str!("../../glossary.yaml"),
            Path::new("glossary.yaml"),
        )
        .unwrap();
        let text = include_str!("../../seeds/syria-homs-lavrov-2012.txt");
        let got: Vec<(usize, &str, &str)> = Matcher::new(&glossary)
            .find(text)
            .iter()
            .map(|m| {
                (
                    m.range.start,
                    &text[m.range.clone()],
                    glossary.terms()[m.term].english.as_str(),
                )
            })
            .collect();
        let expected = seed_expected();
        let got_pairs: Vec<(&str, &str)> = got.iter().map(|&(_, s, e)| (s, e)).collect();
        assert_eq!(got_pairs, expected, "offsets: {got:?}");
    }

    /// Every occurrence of a glossary name in the seed article, in text order: the whole word as
    /// written (proclitics included) and the term's English rendering. Written by reading the
    /// article, paragraph by paragraph.
    fn seed_expected() -> Vec<(&'static str, &'static str)> {
        vec![
            // P1: دمشق ... بوسط سوريا
            ("دمشق", "Damascus"),
            ("وزير الخارجية", "Foreign Minister"),
            ("سيرجي لافروف", "Sergei Lavrov"),
            ("دمشق", "Damascus"),
            ("حمص", "Homs"),
            ("الأسد", "Assad"),
            ("للرئيس", "President"),
            ("بشار الأسد", "Bashar al-Assad"),
            ("حمص", "Homs"),
            ("سوريا", "Syria"),
            // P2: حي الإنشاءات ... حى بابا عمرو
            ("الإنشاءات", "Inshaat"),
            ("بابا عمرو", "Baba Amr"),
            ("محمد الحسن", "Mohammed al-Hassan"),
            ("حمص", "Homs"),
            ("مسجد القباب", "al-Qubab mosque"),
            ("مستشفى الحكمة", "al-Hikma hospital"),
            ("إنشاءات", "Inshaat"),
            ("بابا عمرو", "Baba Amr"),
            ("كرم الزيتون", "Karm al-Zeitoun"),
            ("والبياضة", "Bayada"),
            ("حمس", "Homs"),
            ("بابا عمرو", "Baba Amr"),
            // P3: مباحثات روسية ... بعثة المراقبين العرب
            ("حمص", "Homs"),
            ("روسيا", "Russia"),
            ("الأسد", "Assad"),
            ("وزير الخارجية", "Foreign Minister"),
            ("سيرغي لافروف", "Sergei Lavrov"),
            ("الرئيس", "President"),
            ("بشار الأسد", "Bashar al-Assad"),
            ("دمشق", "Damascus"),
            ("الأسد", "Assad"),
            ("الرئيس", "President"),
            ("بشار الأسد", "Bashar al-Assad"),
            ("سورية", "Syria"),
            ("سانا", "SANA"),
            ("الأسد", "Assad"),
            ("الجامعة العربية", "Arab League"),
            ("بعثة المراقبين العرب", "Arab observer mission"),
            // P4: وأكد لافروف ... مصفاة نفط حمص
            ("لافروف", "Lavrov"),
            ("روسيا", "Russia"),
            ("الجامعة العربية", "Arab League"),
            ("لافروف", "Lavrov"),
            ("الرئيس", "President"),
            ("الأسد", "Assad"),
            ("الرئيس", "President"),
            ("لافروف", "Lavrov"),
            ("الأسد", "Assad"),
            ("بعثة المراقبين العرب", "Arab observer mission"),
            ("سوريا", "Syria"),
            ("بعثة المراقبين العرب", "Arab observer mission"),
            ("الوكالة العربية السورية للأنباء", "Syrian Arab News Agency"),
            ("حمص", "Homs"),
            ("حمص", "Homs"),
            // P5: لجان التنسيق المحلية ... حلب
            ("لجان التنسيق المحلية", "Local Coordination Committees"),
            ("سوريا", "Syria"),
            ("سورية", "Syria"),
            ("حمص", "Homs"),
            ("مضايا", "Madaya"),
            ("والزبداني", "Zabadani"),
            ("بريف دمشق", "Damascus countryside"),
            ("إدلب", "Idlib"),
            ("بدرعا", "Daraa"),
            ("حلب", "Aleppo"),
            // P6: البيت الأبيض
            ("البيت الأبيض", "the White House"),
            ("الأسد", "Assad"),
            // P7: وكالة الصحافة الفرنسية ... نظام الأسد
            ("وكالة الصحافة الفرنسية", "AFP"),
            ("الرئيس", "President"),
            ("أوباما", "Obama"),
            ("جاي كارني", "Jay Carney"),
            ("السناتور", "Senator"),
            ("جون ماكين", "John McCain"),
            ("الولاياتالمتحدة", "the United States"),
            ("الرئيس", "President"),
            ("بشار الأسد", "Bashar al-Assad"),
            ("الولاياتالمتحدة", "the United States"),
            ("روسيا", "Russia"),
            ("والصين", "China"),
            ("سورية", "Syria"),
            ("مجلس الأمن الدولي", "Security Council"),
            ("للرئيس", "President"),
            ("بشار الأسد", "Bashar al-Assad"),
            ("الأسد", "Assad"),
            // P8: الوزير التركي ... بشأن سورية
            (
                "الوزير التركي للشؤون الأوروبية",
                "Turkish Minister for EU Affairs",
            ),
            ("إيغيمن باغش", "Egemen Bagis"),
            ("سورية", "Syria"),
            ("باغش", "Bagis"),
            ("بروكسل", "Brussels"),
            ("رئيس", "President"),
            ("البرلمان الأوروبي", "European Parliament"),
            ("مارتن شولز", "Martin Schulz"),
            ("تركيا", "Turkey"),
            ("سورية", "Syria"),
            ("سورية", "Syria"),
            ("رويترز", "Reuters"),
            ("سورية", "Syria"),
            // P9: رئيس الوزراء التركي ... في سورية
            ("رئيس الوزراء", "Prime Minister"),
            ("رجب طيب اردوغان", "Recep Tayyip Erdogan"),
            ("مجلس الأمن الدولي", "Security Council"),
            ("أردوغان", "Erdogan"),
            ("أردوغان", "Erdogan"),
            ("البرلمان التركي", "Turkish parliament"),
            ("مجلس الأمن", "Security Council"),
            ("سورية", "Syria"),
            ("الأممالمتحدة", "the United Nations"),
            ("اردوغان", "Erdogan"),
            ("تركيا", "Turkey"),
            ("سورية", "Syria"),
            // P10: حصانة الأسد ... وعود الرئيس السوري
            ("الأسد", "Assad"),
            ("الولاياتالمتحدة", "the United States"),
            ("وزيرة الخارجية", "Secretary of State"),
            ("هيلاري كلينتون", "Hillary Clinton"),
            ("سورية", "Syria"),
            ("وزارة الخارجية", "the State Department"),
            ("الرئيس", "President"),
            // P11: سفير الولاياتالمتحدة ... بشار الأسد
            ("سفير", "ambassador"),
            ("الولاياتالمتحدة", "the United States"),
            ("الجزائر", "Algeria"),
            ("هنري إنشر", "Henry Ensher"),
            ("للرئيس", "President"),
            ("بشار الأسد", "Bashar al-Assad"),
            // P12: وقال إنشر ... السفير الأمريكي
            ("إنشر", "Ensher"),
            ("الخبر", "Al Khabar"),
            ("سورية", "Syria"),
            ("الرئيس", "President"),
            ("للرئيس", "President"),
            ("الرئيس", "President"),
            ("علي عبد الله صالح", "Ali Abdullah Saleh"),
            ("السفير", "ambassador"),
            // P13: دول الخليج ... الكويت
            ("دول الخليج", "Gulf states"),
            ("سورية", "Syria"),
            ("السفير", "ambassador"),
            ("دمشق", "Damascus"),
            ("الكويت", "Kuwait"),
        ]
    }
}
