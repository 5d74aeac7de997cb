//! Post-editing metrics: word edits (TER-style, with block shifts) and character n-gram
//! F-score (chrF). The machine draft is the hypothesis, the edited target the reference.

use serde::Serialize;

/// The highest character n-gram order of chrF.
pub const CHRF_ORDER: usize = 6;
/// chrF weighs recall this many times as much as precision.
const CHRF_BETA: f64 = 2.0;

/// Word edits between an old and a new target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Words of the old target (the hypothesis).
    pub words_old: usize,
    /// Words of the new target (the reference).
    pub words_new: usize,
    pub inserted: usize,
    pub deleted: usize,
    pub substituted: usize,
    /// Runs of words that moved as a block (each counts as one edit).
    pub shifted: usize,
    /// inserted + deleted + substituted + shifted.
    pub edits: usize,
    /// Edits per word of the new target (TER-style; 1.0 when the new target is empty but the
    /// old one was not).
    pub edit_rate: f64,
    /// Character n-gram F-score (chrF, β = 2, orders 1 to 6, whitespace ignored), 0 to 100.
    pub chrf: f64,
}

/// chrF counts: for each order, matching n-grams, n-grams of the hypothesis, of the reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChrfStats {
    pub orders: [(u64, u64, u64); CHRF_ORDER],
}

impl ChrfStats {
    pub fn add(&mut self, other: &ChrfStats) {
        for (a, b) in self.orders.iter_mut().zip(other.orders) {
            a.0 += b.0;
            a.1 += b.1;
            a.2 += b.2;
        }
    }

    /// The counts of a text compared with itself: every n-gram matches.
    pub fn identical(text: &str) -> ChrfStats {
        let len = text.chars().filter(|c| !c.is_whitespace()).count() as u64;
        let mut stats = ChrfStats::default();
        for (n, o) in stats.orders.iter_mut().enumerate() {
            let count = len.saturating_sub(n as u64);
            *o = (count, count, count);
        }
        stats
    }

    /// The counts of a hypothesis against a reference.
    ///
    /// N-grams that lie wholly inside the common prefix or the common suffix of the two texts
    /// are the same on both sides and match each other; only the n-grams touching the middle
    /// are counted by sorting (a multiset's shared part adds the same to both counts, so the
    /// intersection splits exactly).
    pub fn compare(hypothesis: &str, reference: &str) -> ChrfStats {
        let hyp: Vec<char> = hypothesis.chars().filter(|c| !c.is_whitespace()).collect();
        let reference: Vec<char> = reference.chars().filter(|c| !c.is_whitespace()).collect();
        let prefix = hyp
            .iter()
            .zip(&reference)
            .take_while(|(a, b)| a == b)
            .count();
        let room = hyp.len().min(reference.len()) - prefix;
        let suffix = hyp
            .iter()
            .rev()
            .zip(reference.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        let mut stats = ChrfStats::default();
        let mut a: Vec<u128> = Vec::with_capacity(hyp.len());
        let mut b: Vec<u128> = Vec::with_capacity(reference.len());
        for n in 1..=CHRF_ORDER {
            let (pre, suf) = (
                (prefix + 1).saturating_sub(n),
                (suffix + 1).saturating_sub(n),
            );
            let shared = pre + suf;
            // The chars of the n-grams that touch the middle: after the `pre` prefix n-grams'
            // starts, before the last `suf` n-grams' ends.
            let middle_h = hyp
                .get(pre..hyp.len().saturating_sub(suf))
                .unwrap_or_default();
            let middle_r = reference
                .get(pre..reference.len().saturating_sub(suf))
                .unwrap_or_default();
            grams(middle_h, n, &mut a);
            grams(middle_r, n, &mut b);
            let matches = common(&mut a, &mut b) + shared as u64;
            let total = |len: usize| len.saturating_sub(n - 1) as u64;
            stats.orders[n - 1] = (matches, total(hyp.len()), total(reference.len()));
        }
        stats
    }

    /// The score, 0 to 100: the F-score of each order that both sides have, averaged.
    /// Two empty texts score 100.
    pub fn score(&self) -> f64 {
        let beta2 = CHRF_BETA * CHRF_BETA;
        let mut total = 0.0;
        let mut orders = 0;
        for &(m, h, r) in &self.orders {
            if h == 0 || r == 0 {
                continue;
            }
            orders += 1;
            let p = m as f64 / h as f64;
            let rec = m as f64 / r as f64;
            let denom = beta2 * p + rec;
            if denom > 0.0 {
                total += (1.0 + beta2) * p * rec / denom;
            }
        }
        if orders == 0 {
            // One side has no character at all: a perfect score only when both are empty.
            let (_, h, r) = self.orders[0];
            return if h == 0 && r == 0 { 100.0 } else { 0.0 };
        }
        100.0 * total / f64::from(orders)
    }
}

/// The n-grams of a character sequence, each packed into a u128 (21 bits a character).
fn grams(chars: &[char], n: usize, out: &mut Vec<u128>) {
    out.clear();
    if chars.len() < n {
        return;
    }
    for w in chars.windows(n) {
        let mut v: u128 = 0;
        for c in w {
            v = (v << 21) | u128::from(u32::from(*c));
        }
        out.push(v);
    }
}

/// The size of the multiset intersection of two lists (sorted in place).
fn common(a: &mut [u128], b: &mut [u128]) -> u64 {
    a.sort_unstable();
    b.sort_unstable();
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Edits per reference word, with the convention that an empty reference costs 1.0 when
/// anything had to be deleted and 0.0 otherwise.
pub fn edit_rate(edits: usize, reference_words: usize) -> f64 {
    if reference_words == 0 {
        return if edits == 0 { 0.0 } else { 1.0 };
    }
    edits as f64 / reference_words as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrf_of_identical_texts_is_100() {
        let s = ChrfStats::compare("the tanks entered", "the tanks entered");
        assert_eq!(s, ChrfStats::identical("the tanks entered"));
        assert!((s.score() - 100.0).abs() < 1e-9);
        assert!((ChrfStats::compare("", "").score() - 100.0).abs() < 1e-9);
        assert_eq!(ChrfStats::compare("abc", "").score(), 0.0);
    }

    #[test]
    fn trimming_the_common_ends_changes_nothing() {
        // The same counts as a plain multiset intersection of all n-grams.
        let plain = |h: &str, r: &str| {
            let h: Vec<char> = h.chars().filter(|c| !c.is_whitespace()).collect();
            let r: Vec<char> = r.chars().filter(|c| !c.is_whitespace()).collect();
            let mut s = ChrfStats::default();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for n in 1..=CHRF_ORDER {
                grams(&h, n, &mut a);
                grams(&r, n, &mut b);
                s.orders[n - 1] = (common(&mut a, &mut b), a.len() as u64, b.len() as u64);
            }
            s
        };
        for (h, r) in [
            (
                "the tanks entered Homs today",
                "the tanks entered Hims today",
            ),
            ("abcabc", "abc"),
            ("abc", "abcabc"),
            ("aaaa", "aaaaaa"),
            ("x", "y"),
            ("", "abc"),
            ("same", "same"),
            ("ab ab ab", "ab"),
            ("today the tanks entered", "the tanks entered today"),
        ] {
            assert_eq!(ChrfStats::compare(h, r), plain(h, r), "{h} / {r}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trimming_matches_the_plain_count(h in "[ab c]{0,14}", r in "[ab c]{0,14}") {
            let (hs, rs) = (h.as_str(), r.as_str());
            let plain = {
                let hc: Vec<char> = hs.chars().filter(|c| !c.is_whitespace()).collect();
                let rc: Vec<char> = rs.chars().filter(|c| !c.is_whitespace()).collect();
                let mut s = ChrfStats::default();
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for n in 1..=CHRF_ORDER {
                    grams(&hc, n, &mut a);
                    grams(&rc, n, &mut b);
                    s.orders[n - 1] = (common(&mut a, &mut b), a.len() as u64, b.len() as u64);
                }
                s
            };
            proptest::prop_assert_eq!(ChrfStats::compare(hs, rs), plain);
        }
    }

    #[test]
    fn chrf_falls_with_edits() {
        let near = ChrfStats::compare("the tanks entered Homs", "the tanks entered Hims").score();
        let far = ChrfStats::compare("xyz", "the tanks entered Hims").score();
        assert!(near > 70.0 && near < 100.0, "{near}");
        assert!(far < 5.0, "{far}");
    }

    #[test]
    fn edit_rate_conventions() {
        assert_eq!(edit_rate(0, 0), 0.0);
        assert_eq!(edit_rate(3, 0), 1.0);
        assert_eq!(edit_rate(1, 4), 0.25);
    }
}
