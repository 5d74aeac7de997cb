//! The inverted index behind fuzzy lookup: every word of every stored source with the
//! sources that hold it (and how often), so that a query meets only the sources that share
//! enough of its words.
//!
//! A lookup counts, per candidate, the words it shares with the query (as bags). From that
//! count alone [`score::upper_bound`] bounds the candidate's score, so candidates that cannot
//! reach the minimum are dropped before any edit distance is computed, and the rest are
//! scored best bound first until no remaining bound can beat the results kept. Candidates are
//! only ever introduced by the query's rarest words: a source that shares at least `s` of the
//! query's `q` words must share one of any `q − s + 1` of them (the prefix filter of
//! set-similarity joins), so the common words (articles, prepositions) only add to the
//! counts of sources already found.

use std::collections::HashMap;

use super::score;

/// A word's number in the index.
type WordId = u32;

/// The index of the stored sources' words.
#[derive(Debug, Default, Clone)]
pub(crate) struct Index {
    vocabulary: HashMap<String, WordId>,
    /// Per word, the sources holding it (ascending) and how many times.
    postings: Vec<Vec<(u32, u16)>>,
    /// Per source, its words.
    words: Vec<Vec<WordId>>,
}

/// A candidate found by [`Index::search`]: the source's number and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) source: usize,
    pub(crate) score: u8,
}

impl Index {
    /// Add the next source, given as its words (see [`score::words`]).
    pub(crate) fn push(&mut self, words: &[String]) {
        let number = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        let mut ids: Vec<WordId> = Vec::with_capacity(words.len());
        for w in words {
            let id = match self.vocabulary.get(w.as_str()) {
                Some(&id) => id,
                None => {
                    let id = WordId::try_from(self.postings.len()).unwrap_or(WordId::MAX);
                    self.vocabulary.insert(w.clone(), id);
                    self.postings.push(Vec::new());
                    id
                }
            };
            ids.push(id);
        }
        let mut counted: Vec<WordId> = ids.clone();
        counted.sort_unstable();
        let mut i = 0;
        while i < counted.len() {
            let id = counted[i];
            let run = counted[i..].iter().take_while(|&&x| x == id).count();
            if let Some(list) = self.postings.get_mut(id as usize) {
                list.push((number, u16::try_from(run).unwrap_or(u16::MAX)));
            }
            i += run;
        }
        self.words.push(ids);
    }

    /// How many distinct words the index knows.
    pub(crate) fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// The sources scoring at least `min` against `query` (its words), best first, at least
    /// `limit` of them when there are (more on ties with the last), without the sources
    /// `skip` refuses. Sources sharing no word with the query are never found.
    pub(crate) fn search(
        &self,
        query: &[String],
        min: u8,
        limit: usize,
        skip: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        let q = query.len();
        if q == 0 || limit == 0 || self.words.is_empty() {
            return Vec::new();
        }
        // The query's words as ids; a word the index lacks gets an id no source has.
        let mut fresh = WordId::MAX;
        let ids: Vec<WordId> = query
            .iter()
            .map(|w| {
                self.vocabulary.get(w).copied().unwrap_or_else(|| {
                    fresh -= 1;
                    fresh
                })
            })
            .collect();
        let mut distinct: Vec<(WordId, u16)> = Vec::new();
        for &id in &ids {
            match distinct.iter_mut().find(|(d, _)| *d == id) {
                Some((_, n)) => *n += 1,
                None => distinct.push((id, 1)),
            }
        }
        let postings = |id: WordId| -> &[(u32, u16)] {
            self.postings.get(id as usize).map_or(&[], Vec::as_slice)
        };
        distinct.sort_by_key(|&(id, _)| postings(id).len());
        // At least `needed` shared words for a score of `min` (never fewer than one).
        let needed = (q * usize::from(min)).div_ceil(100).max(1);
        let probe_words = q - needed.min(q) + 1;
        let mut shared = vec![0u16; self.words.len()];
        let mut found: Vec<u32> = Vec::new();
        let mut covered = 0;
        for &(id, count) in &distinct {
            let list = postings(id);
            if covered < probe_words {
                for &(s, n) in list {
                    if let Some(slot) = shared.get_mut(s as usize) {
                        if *slot == 0 {
                            found.push(s);
                        }
                        *slot += n.min(count);
                    }
                }
                covered += usize::from(count);
            } else if list.len() <= found.len() * 8 {
                for &(s, n) in list {
                    if let Some(slot) = shared.get_mut(s as usize).filter(|v| **v > 0) {
                        *slot += n.min(count);
                    }
                }
            } else {
                for &s in &found {
                    if let Ok(i) = list.binary_search_by_key(&s, |&(x, _)| x)
                        && let (Some(slot), Some(&(_, n))) =
                            (shared.get_mut(s as usize), list.get(i))
                    {
                        *slot += n.min(count);
                    }
                }
            }
        }
        let mut bounded: Vec<(u8, u32)> = found
            .into_iter()
            .filter_map(|s| {
                let len = self.words.get(s as usize)?.len();
                let common = usize::from(*shared.get(s as usize)?);
                let bound = score::upper_bound(q, len, common);
                (bound >= min && !skip(s as usize)).then_some((bound, s))
            })
            .collect();
        bounded.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut hits: Vec<Hit> = Vec::new();
        for (bound, s) in bounded {
            if hits.len() >= limit {
                let worst = hits.iter().map(|h| h.score).min().unwrap_or(0);
                if bound < worst {
                    break;
                }
            }
            let Some(words) = self.words.get(s as usize) else {
                continue;
            };
            let n = q.max(words.len());
            let common = usize::from(shared.get(s as usize).copied().unwrap_or(0));
            let distance = score::edit_distance(&ids, words);
            let value = score::score_of(distance + n - common, n);
            if value >= min {
                hits.push(Hit {
                    source: s as usize,
                    score: value,
                });
            }
        }
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.source.cmp(&b.source)));
        if let Some(last) = hits.get(limit.saturating_sub(1)).map(|h| h.score) {
            hits.retain(|h| h.score >= last);
        }
        hits
    }

    /// Every source's score against `query`, computed one by one with no index: the
    /// baseline the index is measured against. Same results as [`Index::search`].
    pub(crate) fn brute_force(&self, query: &[String], min: u8, limit: usize) -> Vec<Hit> {
        let mut fresh = WordId::MAX;
        let ids: Vec<WordId> = query
            .iter()
            .map(|w| {
                self.vocabulary.get(w).copied().unwrap_or_else(|| {
                    fresh -= 1;
                    fresh
                })
            })
            .collect();
        let mut hits: Vec<Hit> = Vec::new();
        for (s, words) in self.words.iter().enumerate() {
            let n = ids.len().max(words.len());
            if n == 0 {
                continue;
            }
            let distance = score::edit_distance(&ids, words);
            let mut sorted_a = ids.clone();
            let mut sorted_b = words.clone();
            sorted_a.sort_unstable();
            sorted_b.sort_unstable();
            let common = sorted_common(&sorted_a, &sorted_b);
            if common == 0 {
                continue;
            }
            let value = score::score_of(distance + n - common, n);
            if value >= min {
                hits.push(Hit {
                    source: s,
                    score: value,
                });
            }
        }
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.source.cmp(&b.source)));
        if let Some(last) = hits.get(limit.saturating_sub(1)).map(|h| h.score) {
            hits.retain(|h| h.score >= last);
        }
        hits
    }
}

/// How many items two sorted sequences share, as bags.
fn sorted_common(a: &[WordId], b: &[WordId]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    n
}
