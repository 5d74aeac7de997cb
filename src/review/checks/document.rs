//! The document checks: the same source translated two ways, lengths far from the
//! document's usual, and names spelled two ways. Each looks at every (source, target) pair.

use std::collections::{HashMap, HashSet};

use super::finding;
use crate::glossary::name_variants;
use crate::review::{Evidence, Finding, Kind, ReviewOptions, Severity, Side};

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
///
/// Narrower than the Arabic normaliser (`text::normalize`) on purpose: two sources that differ
/// in diacritics, alef forms or digits are different sentences for this check, which looks for
/// one sentence translated two ways.
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

/// What an Arabic→English target usually measures against its source, in characters: the log
/// of the ratio (English runs about 1.2× the Arabic, measured on the seed article's reviewed
/// translation and the aligner's news sample) and its spread as a median absolute deviation.
const PRIOR_LOG_RATIO: f64 = 0.18;
const PRIOR_MAD: f64 = 0.135;
/// How many segments the prior weighs as, against the document's own median.
const PRIOR_WEIGHT: f64 = 8.0;

/// `length-ratio`: a target far longer or shorter than a translation of its source usually is,
/// most often a truncated one. The log of target/source length (in characters) is compared
/// through a robust z-score with what is usual: a prior for Arabic→English, moved towards the
/// document's own median and median absolute deviation as the document has more segments to
/// judge by (a few bad segments do not move the bar), so that even a one-segment document
/// has its truncation caught.
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
    if logs.is_empty() {
        return Vec::new();
    }
    let mut values: Vec<f64> = logs.iter().map(|(_, v)| *v).collect();
    let (center, mad) = if logs.len() >= options.length_ratio_min_segments.max(3) {
        let med = median(&mut values);
        let mut deviations: Vec<f64> = values.iter().map(|v| (v - med).abs()).collect();
        // A floor keeps a very regular document from flagging ordinary variation.
        let mad = median(&mut deviations).max(0.05);
        let n = logs.len() as f64;
        (
            (PRIOR_WEIGHT * PRIOR_LOG_RATIO + n * med) / (PRIOR_WEIGHT + n),
            (PRIOR_WEIGHT * PRIOR_MAD + n * mad) / (PRIOR_WEIGHT + n),
        )
    } else {
        (PRIOR_LOG_RATIO, PRIOR_MAD)
    };
    let usual = center.exp();
    logs.into_iter()
        .filter_map(|(i, v)| {
            let z = 0.6745 * (v - center) / mad;
            (z.abs() > options.length_ratio_limit).then(|| {
                let ratio = v.exp();
                let how = if z > 0.0 {
                    "much longer"
                } else {
                    "much shorter: truncated?"
                };
                (
                    i,
                    finding(
                        Kind::LengthRatio,
                        Severity::Warning,
                        format!(
                            "the target is {ratio:.2}× the source's length where about {usual:.2}× is usual: {how} (robust z {z:.1})"
                        ),
                        Vec::new(),
                    ),
                )
            })
        })
        .collect()
}

/// `name-spelling`: a name the target spells one way here and another way elsewhere in the
/// document (the one detector, [`crate::glossary::name_variants`], which `glossary check`
/// uses too). The rarer spelling is flagged.
pub(crate) fn name_spelling(
    pairs: &[(&str, &str)],
    ids: &[u64],
    known: &HashSet<&str>,
) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    for variant in name_variants(pairs, known) {
        let mut where_common: Vec<String> = Vec::new();
        for (i, _) in &variant.common_places {
            let id = ids.get(*i).map_or_else(String::new, u64::to_string);
            if !where_common.contains(&id) {
                where_common.push(id);
            }
            if where_common.len() == 5 {
                break;
            }
        }
        let count = variant.common_places.len();
        let mut by_segment: HashMap<usize, Vec<Evidence>> = HashMap::new();
        for (i, range) in &variant.rare_places {
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
                        "`{}` here, `{}` in segment {} ({count} time{})",
                        variant.rare,
                        variant.common,
                        where_common.join(", "),
                        if count == 1 { "" } else { "s" }
                    ),
                    evidence,
                ),
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.message.cmp(&b.1.message)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn length_ratio_catches_truncation_in_a_one_segment_document() {
        let source = "وأضاف المتحدث باسم الخارجية أن بلاده ستواصل العمل مع الشركاء الدوليين من أجل التوصل إلى حل سياسي للأزمة.";
        let cut = [(source, "The ministry spokesman added.")];
        let found = length_ratio(&cut, &ReviewOptions::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.message.contains("truncated"));
        let whole = [(
            source,
            "The foreign ministry spokesman added that his country would keep working with its international partners towards a political solution to the crisis.",
        )];
        assert!(length_ratio(&whole, &ReviewOptions::default()).is_empty());
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

    #[test]
    fn name_spelling_fires_on_transliteration_variants() {
        for (a, b) in [
            ("Mohammed", "Muhammad"),
            ("Ahmed", "Ahmad"),
            ("Hassan", "Hasan"),
            ("Mohammed al-Ali", "Mohammed Al Ali"),
        ] {
            let first = format!("The minister {a} said.");
            let second = format!("Later the minister {b} left.");
            let pairs = [("", first.as_str()), ("", second.as_str())];
            let found = name_spelling(&pairs, &[1, 2], &HashSet::new());
            assert_eq!(found.len(), 1, "{a} / {b}: {found:?}");
        }
        // One spelling, an article capitalised at the start of a sentence, two names in one
        // segment: nothing to report.
        for (a, b) in [
            ("Mohammed al-Ali said.", "Al-Ali added that."),
            ("Iran and Iraq met.", "Then Iran left."),
            ("Hassan and Hussein met.", "Then Hassan left."),
        ] {
            let pairs = [("", a), ("", b)];
            assert!(
                name_spelling(&pairs, &[1, 2], &HashSet::new()).is_empty(),
                "{a} / {b}"
            );
        }
    }
}
