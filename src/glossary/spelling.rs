//! Names spelled two ways in one document: the one detector behind review's `name-spelling`
//! and `glossary check`'s inconsistent names.
//!
//! Two spellings of a name are variants when they meet under one transliteration key
//! ([`name_key`]: `Mohammed` and `Muhammad`, `Hassan` and `Hasan`), are one letter apart in a
//! longer name (`Lavrov`, `Lavrof`), differ only in the article (`al-Ali`, `Al Ali`; a capital
//! at the start of a sentence aside), or render one Arabic word of their segments' sources
//! (`إنشر` as `Ensher` and `Inshar`: the Arabic link of [`super::check`]). Only names seen
//! mid-sentence count unless the Arabic links them; a word that only adds letters at the end
//! (`Syria`, `Syrian`), two spellings in one segment (two people), or two spellings the
//! glossary uses are not variants.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::text::names::{name_key, name_tokens};

/// Two spellings of one name in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameVariant {
    /// The rarer spelling (article included as written) and where it is: pair index and
    /// byte range in that pair's target.
    pub rare: String,
    pub rare_places: Vec<(usize, Range<usize>)>,
    /// The more common spelling, and where it is.
    pub common: String,
    pub common_places: Vec<(usize, Range<usize>)>,
    /// The Arabic word both render, when the sources show it.
    pub arabic: Option<String>,
}

/// Every pair of spellings of one name across the `(source, target)` pairs of a document;
/// `known` holds the words of the glossary's renderings (two of them are never variants).
pub fn name_variants(pairs: &[(&str, &str)], known: &HashSet<&str>) -> Vec<NameVariant> {
    #[derive(Default)]
    struct Form {
        count: usize,
        mid_sentence: bool,
        places: Vec<(usize, Range<usize>)>,
        segments: HashSet<usize>,
    }
    // Spelling (article as written, mid-sentence, and the name) -> where.
    let mut forms: HashMap<String, Form> = HashMap::new();
    let mut bases: HashMap<String, String> = HashMap::new();
    for (i, (_, target)) in pairs.iter().enumerate() {
        for t in name_tokens(target) {
            let base = &target[t.base.clone()];
            if t.article.is_none() && base.chars().count() < 4 {
                continue;
            }
            let spelling = match &t.article {
                // At the start of a sentence the article's capital is the sentence's.
                Some(a) if !t.mid_sentence => format!("{}{base}", a.to_lowercase()),
                Some(a) => format!("{a}{base}"),
                None => base.to_owned(),
            };
            bases.insert(spelling.clone(), base.to_owned());
            let form = forms.entry(spelling).or_default();
            form.count += 1;
            form.mid_sentence |= t.mid_sentence;
            form.places.push((i, t.range.clone()));
            form.segments.insert(i);
        }
    }
    let mut names: Vec<&String> = forms
        .iter()
        .filter(|(_, f)| f.mid_sentence)
        .map(|(w, _)| w)
        .collect();
    names.sort_unstable();
    let same_article = |a: &str, b: &str| {
        let article = |w: &str| w.len() - bases.get(w).map_or(0, String::len);
        let (x, y) = (&a[..article(a)], &b[..article(b)]);
        x.is_empty()
            || y.is_empty()
            || x.eq_ignore_ascii_case(y)
                && (x == y
                    || x.chars().next().is_some_and(char::is_lowercase)
                        == y.chars().next().is_some_and(char::is_lowercase))
    };
    let key_of = |w: &str| name_key(bases.get(w).map_or(w, String::as_str));
    let one_edit = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if a.len().min(b.len()) < 6 || a.len().abs_diff(b.len()) > 1 {
            return false;
        }
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        prefix + suffix + 1 >= a.len().max(b.len())
    };
    let mut variants: Vec<(String, String)> = Vec::new();
    for (x, wa) in names.iter().enumerate() {
        for wb in &names[x + 1..] {
            let (ba, bb) = (&bases[*wa], &bases[*wb]);
            let (la, lb) = (ba.to_lowercase(), bb.to_lowercase());
            let variant = if la == lb {
                // The same name: only the article differs.
                !same_article(wa, wb)
            } else {
                let related = la.starts_with(&lb)
                    || lb.starts_with(&la)
                    || (known.contains(ba.as_str()) && known.contains(bb.as_str()));
                !related && (key_of(wa) == key_of(wb) || one_edit(&la, &lb))
            };
            if !variant {
                continue;
            }
            variants.push(((*wa).clone(), (*wb).clone()));
        }
    }
    // Spellings the sources link to one Arabic word.
    let mut arabic_of: HashMap<(String, String), String> = HashMap::new();
    let lower_form = |base: &str| -> Option<String> {
        // The most used spelling whose name (without article) is `base`.
        forms
            .iter()
            .filter(|(w, _)| bases.get(*w).is_some_and(|b| b.eq_ignore_ascii_case(base)))
            .max_by(|a, b| a.1.count.cmp(&b.1.count).then(b.0.cmp(a.0)))
            .map(|(w, _)| w.clone())
    };
    for group in super::check::linked_names(pairs) {
        for (x, a) in group.renderings.iter().enumerate() {
            for b in &group.renderings[x + 1..] {
                let (Some(wa), Some(wb)) = (lower_form(&a.english), lower_form(&b.english)) else {
                    continue;
                };
                let (la, lb) = (a.english.to_lowercase(), b.english.to_lowercase());
                let both_known =
                    known.contains(a.english.as_str()) && known.contains(b.english.as_str());
                if la.starts_with(&lb) || lb.starts_with(&la) || both_known {
                    continue;
                }
                let key = if wa < wb { (wa, wb) } else { (wb, wa) };
                arabic_of.entry(key).or_insert_with(|| group.arabic.clone());
            }
        }
    }
    for pair in arabic_of.keys() {
        if !variants
            .iter()
            .any(|(a, b)| (a, b) == (&pair.0, &pair.1) || (b, a) == (&pair.0, &pair.1))
        {
            variants.push(pair.clone());
        }
    }
    let mut out = Vec::new();
    for (wa, wb) in variants {
        let (fa, fb) = (&forms[&wa], &forms[&wb]);
        if fa.segments.intersection(&fb.segments).next().is_some() {
            continue;
        }
        let (rare, common, rare_word, common_word) =
            if fa.count < fb.count || (fa.count == fb.count && fa.places[0].0 > fb.places[0].0) {
                (fa, fb, wa.clone(), wb.clone())
            } else {
                (fb, fa, wb.clone(), wa.clone())
            };
        let key = if wa < wb { (wa, wb) } else { (wb, wa) };
        out.push(NameVariant {
            rare: rare_word,
            rare_places: rare.places.clone(),
            common: common_word,
            common_places: common.places.clone(),
            arabic: arabic_of.get(&key).cloned(),
        });
    }
    let first = |v: &NameVariant| v.rare_places.first().map(|(i, r)| (*i, r.start));
    out.sort_by(|a, b| first(a).cmp(&first(b)).then(a.rare.cmp(&b.rare)));
    out
}
