//! Translation memory: every target already stored in `translations/` (and in the memories
//! imported from TMX files) indexed by its source sentence, looked up exactly, normalised
//! exactly and fuzzily.
//!
//! - **exact**: the same sentence, spaces around it ignored;
//! - **normalised exact** (score 100 as well): the same sentence once both are normalised as
//!   the glossary does (diacritics, tatweel, hamza and alef forms, `ى/ي`, `ة/ه`, both digit
//!   sets; see [`crate::text::normalize`]);
//! - **fuzzy**: a word-level score from 0 to 99 on the normalised words (module [`score`]),
//!   found through an inverted index (module `index`) so that a lookup among 100,000 entries
//!   scores only the few sources that share enough words with the query.
//!
//! Which targets a translation run may reuse ([`Memory::reuse`]): among the exact and
//! normalised-exact entries, a person's win over a machine's: approved, then reviewed, then
//! translated, then a draft made by the very engine (and model) the run uses; drafts by other
//! engines, stale segments, rejected and empty targets are never reused. Between equal ranks
//! an exact match wins over a normalised one, then the entry given first.
//!
//! The index is built from entries (see [`entries_of`] and [`entries_of_import`]); the module
//! `cache` keeps them on disk beside the store so that only changed documents are read again.

pub mod analysis;
mod cache;
mod index;
pub mod score;
pub mod search;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::formats::Import;
use crate::store::{Document, Origin, OriginKind, Segment, State};
pub use cache::{
    CacheError, Loaded, MEMORY_DIR, Source, SourceKind, load, load_with, memory_path, memory_paths,
};
pub use score::DiffPart;

/// The engine a run uses: the backend's name and its model, if it reports one. Its own
/// drafts may be reused; another engine's may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engine<'a> {
    pub backend: &'a str,
    pub model: Option<&'a str>,
}

/// One stored pair: a source sentence, its target and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub source: String,
    pub target: String,
    /// The document's name, or `memory/NAME` for an imported memory.
    pub document: String,
    /// The segment's id, or the TMX unit's `tuid` (its position from 1 when it has none).
    pub id: String,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

impl Entry {
    /// Its rank among targets of one sentence (lower wins): approved, reviewed, translated,
    /// then drafts.
    fn rank(&self) -> u8 {
        match self.state {
            State::Approved => 0,
            State::Reviewed => 1,
            State::Translated => 2,
            _ => 3,
        }
    }

    /// Its rank when a run of `engine` may reuse it, else `None`.
    fn rank_for(&self, engine: Engine<'_>) -> Option<u8> {
        match self.state {
            State::Draft
                if !self.origin.as_ref().is_some_and(|o| {
                    o.kind == OriginKind::Machine && o.made_by(engine.backend, engine.model)
                }) =>
            {
                None
            }
            State::New | State::Rejected => None,
            _ => Some(self.rank()),
        }
    }

    /// Who made the target, as shown: `human`, `machine:stub`, `import:tmx`…
    pub fn origin_text(&self) -> Option<String> {
        self.origin.as_ref().map(|o| match &o.backend {
            Some(b) => format!("{}:{b}", o.kind.as_str()),
            None => o.kind.as_str().to_owned(),
        })
    }
}

/// Whether a segment's target belongs in the memory: not stale, not empty, not new or
/// rejected.
fn indexable(s: &Segment) -> bool {
    !s.stale
        && !s.target.trim().is_empty()
        && !s.source.trim().is_empty()
        && !matches!(s.state, State::New | State::Rejected)
}

/// The memory entries of a document's segments.
pub fn entries_of(doc: &Document) -> Vec<Entry> {
    doc.segments
        .iter()
        .filter(|s| indexable(s))
        .map(|s| Entry {
            source: s.source.clone(),
            target: s.target.clone(),
            document: doc.meta.name.clone(),
            id: s.id.to_string(),
            state: s.state,
            origin: s.origin.clone(),
        })
        .collect()
}

/// The memory entries of an imported TMX stored as memory `name`: every unit with a source
/// and a target, of origin `import` (`tmx`) made at `time`.
pub fn entries_of_import(import: &Import, name: &str, time: &str) -> Vec<Entry> {
    import
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| !u.target.trim().is_empty() && !u.source.trim().is_empty())
        .filter(|(_, u)| !matches!(u.state, State::New | State::Rejected))
        .map(|(i, u)| Entry {
            source: u.source.clone(),
            target: u.target.clone(),
            document: format!("memory/{name}"),
            id: if u.id.is_empty() {
                (i + 1).to_string()
            } else {
                u.id.clone()
            },
            state: u.state,
            origin: Some(Origin {
                kind: OriginKind::Import,
                backend: Some(import.format.as_str().to_owned()),
                model: None,
                time: time.to_owned(),
            }),
        })
        .collect()
}

/// One match of a lookup: the entry, its score, and what differs from the query.
#[derive(Debug, Clone)]
pub struct Match<'m> {
    pub score: u8,
    pub entry: &'m Entry,
    /// From the entry's source to the query, word by word.
    pub diff: Vec<DiffPart>,
}

/// The index of stored entries.
#[derive(Debug, Default)]
pub struct Memory {
    entries: Vec<Entry>,
    /// Entries by normalised-exact key.
    exact: HashMap<String, Vec<u32>>,
    index: index::Index,
}

impl Memory {
    /// The index of `entries`; between equal ranks and scores, the first given wins.
    pub fn from_entries(entries: Vec<Entry>) -> Memory {
        let mut exact: HashMap<String, Vec<u32>> = HashMap::new();
        let mut index = index::Index::default();
        for (i, e) in entries.iter().enumerate() {
            let number = u32::try_from(i).unwrap_or(u32::MAX);
            let (key, words) = score::key_and_words(&e.source);
            exact.entry(key).or_default().push(number);
            index.push(&words);
        }
        Memory {
            entries,
            exact,
            index,
        }
    }

    /// The index of every segment of `docs` (see [`entries_of`]), in order.
    pub fn build<'d>(docs: impl IntoIterator<Item = &'d Document>) -> Memory {
        Memory::from_entries(docs.into_iter().flat_map(entries_of).collect())
    }

    /// The target a run of `engine` reuses for `source`: an exact or normalised-exact entry
    /// by the rules of the module documentation.
    pub fn reuse(&self, source: &str, engine: Engine<'_>) -> Option<&Entry> {
        let trimmed = source.trim();
        let list = self.exact.get(&score::exact_key(source))?;
        list.iter()
            .filter_map(|&i| self.entries.get(i as usize))
            .filter_map(|e| Some((e.rank_for(engine)?, e.source.trim() != trimmed, e)))
            .min_by_key(|&(rank, normalised, _)| (rank, normalised))
            .map(|(_, _, e)| e)
    }

    /// The best entries for `query` scoring at least `min`, at most `limit`, best first
    /// (between equal scores, the better rank, then the entry given first); one entry per
    /// distinct pair of normalised source and target.
    pub fn lookup(&self, query: &str, min: u8, limit: usize) -> Vec<Match<'_>> {
        self.lookup_where(query, min, limit, |_| true)
    }

    /// [`Memory::lookup`] among the entries `keep` accepts.
    pub fn lookup_where(
        &self,
        query: &str,
        min: u8,
        limit: usize,
        keep: impl Fn(&Entry) -> bool,
    ) -> Vec<Match<'_>> {
        let found = self.find(query, min, limit, &keep);
        found
            .into_iter()
            .filter_map(|(score, i)| {
                let entry = self.entries.get(i)?;
                Some(Match {
                    score,
                    entry,
                    diff: score::diff(&entry.source, query),
                })
            })
            .collect()
    }

    /// The best score of `query` (at least `min`), without diffs: what an analysis needs.
    pub fn best_score(&self, query: &str, min: u8) -> Option<u8> {
        self.find(query, min, 1, &|_| true)
            .first()
            .map(|&(score, _)| score)
    }

    /// `(score, entry number)` of the best entries, as [`Memory::lookup`] orders them.
    fn find(
        &self,
        query: &str,
        min: u8,
        limit: usize,
        keep: &dyn Fn(&Entry) -> bool,
    ) -> Vec<(u8, usize)> {
        if limit == 0 {
            return Vec::new();
        }
        let kept = |i: usize| self.entries.get(i).is_some_and(keep);
        let exact: Vec<usize> = self
            .exact
            .get(&score::exact_key(query))
            .map(|l| l.iter().map(|&i| i as usize).filter(|&i| kept(i)).collect())
            .unwrap_or_default();
        let mut found: Vec<(u8, usize)> = exact.iter().map(|&i| (100, i)).collect();
        // Enough fuzzy hits to fill `limit` after duplicates are dropped.
        let want = limit.saturating_mul(3).saturating_add(exact.len());
        let words = score::words(query);
        if exact.len() < want {
            for hit in self.index.search(&words, min, want, |i| {
                exact.binary_search(&i).is_ok() || !kept(i)
            }) {
                found.push((hit.score, hit.source));
            }
        }
        let rank = |i: usize| self.entries.get(i).map_or(u8::MAX, Entry::rank);
        found.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(rank(a.1).cmp(&rank(b.1)))
                .then(a.1.cmp(&b.1))
        });
        let mut seen: Vec<(String, &str)> = Vec::new();
        found.retain(|&(_, i)| {
            let Some(e) = self.entries.get(i) else {
                return false;
            };
            let key = (score::exact_key(&e.source), e.target.trim());
            if seen.contains(&key) {
                return false;
            }
            seen.push(key);
            true
        });
        found.truncate(limit);
        found
    }

    /// Every entry, in the order given.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// How many entries the memory holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the memory holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many distinct normalised words the index knows.
    pub fn vocabulary_len(&self) -> usize {
        self.index.vocabulary_len()
    }

    /// The fuzzy lookup without the index: every entry scored one by one (the benchmark's
    /// baseline). `(score, entry)` best first, as the index would find them.
    pub fn brute_force(&self, query: &str, min: u8, limit: usize) -> Vec<(u8, &Entry)> {
        self.index
            .brute_force(&score::words(query), min, limit)
            .into_iter()
            .filter_map(|h| Some((h.score, self.entries.get(h.source)?)))
            .collect()
    }

    /// The fuzzy hits of `query` through the index, as `(score, entry)` (no exact matches,
    /// no duplicates dropped): what the benchmark compares with [`Memory::brute_force`].
    pub fn fuzzy_hits(&self, query: &str, min: u8, limit: usize) -> Vec<(u8, &Entry)> {
        self.index
            .search(&score::words(query), min, limit, |_| false)
            .into_iter()
            .filter_map(|h| Some((h.score, self.entries.get(h.source)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Meta, SplitSegment};

    const STUB: Engine<'static> = Engine {
        backend: "stub",
        model: None,
    };

    fn origin(kind: OriginKind, backend: Option<&str>) -> Origin {
        Origin {
            kind,
            backend: backend.map(str::to_owned),
            model: None,
            time: "2026-01-01T00:00:00Z".into(),
        }
    }

    /// A document of one segment with `source`, holding `target` in `state`.
    fn doc(source: &str, target: &str, state: State, from: Origin) -> Document {
        let split = [SplitSegment {
            range: 0..source.len(),
            text: source.into(),
        }];
        let mut d = Document::new(Meta::for_tests(), &split);
        d.segments[0].set(target.into(), state, Some(from), 1);
        d.record_revision(1, "2026-01-01T00:00:00Z", "test", 1);
        d
    }

    #[test]
    fn a_persons_target_wins_over_a_machine_draft() {
        let draft = doc(
            "جملة.",
            "Machine.",
            State::Draft,
            origin(OriginKind::Machine, Some("stub")),
        );
        let person = doc(
            "جملة.",
            "Person.",
            State::Translated,
            origin(OriginKind::Human, None),
        );
        let memory = Memory::build([&draft, &person]);
        assert_eq!(memory.len(), 2);
        assert_eq!(memory.reuse("  جملة. ", STUB).unwrap().target, "Person.");
        assert!(memory.reuse("جملة أخرى.", STUB).is_none());
    }

    #[test]
    fn only_this_engines_drafts_are_reused() {
        let other = doc(
            "جملة.",
            "Other.",
            State::Draft,
            origin(OriginKind::Machine, Some("deepl")),
        );
        assert!(Memory::build([&other]).reuse("جملة.", STUB).is_none());
        let ours = doc(
            "جملة.",
            "Ours.",
            State::Draft,
            origin(OriginKind::Machine, Some("stub")),
        );
        let memory = Memory::build([&other, &ours]);
        assert_eq!(memory.reuse("جملة.", STUB).unwrap().target, "Ours.");
        assert_eq!(
            memory.reuse("جملة.", STUB).unwrap().origin,
            Some(origin(OriginKind::Machine, Some("stub")))
        );
    }

    #[test]
    fn stale_empty_and_rejected_targets_are_never_reused() {
        let mut stale = doc("أ.", "A.", State::Approved, origin(OriginKind::Human, None));
        stale.segments[0].stale = true;
        let empty = doc(
            "ب.",
            " ",
            State::Translated,
            origin(OriginKind::Human, None),
        );
        let rejected = doc("ج.", "C.", State::Rejected, origin(OriginKind::Human, None));
        assert!(Memory::build([&stale, &empty, &rejected]).is_empty());
    }

    #[test]
    fn between_equal_ranks_the_first_document_wins() {
        let a = doc(
            "جملة.",
            "First.",
            State::Reviewed,
            origin(OriginKind::Human, None),
        );
        let b = doc(
            "جملة.",
            "Second.",
            State::Reviewed,
            origin(OriginKind::Human, None),
        );
        assert_eq!(
            Memory::build([&a, &b]).reuse("جملة.", STUB).unwrap().target,
            "First."
        );
    }
}

#[cfg(test)]
mod ranking {
    use super::*;
    use crate::store::{Meta, SplitSegment};

    /// A document of several translated segments.
    fn doc(name: &str, pairs: &[(&str, &str)]) -> Document {
        let mut text = String::new();
        let mut split = Vec::new();
        for (source, _) in pairs {
            let start = text.len();
            text.push_str(source);
            split.push(SplitSegment {
                range: start..text.len(),
                text: (*source).into(),
            });
            text.push(' ');
        }
        let mut meta = Meta::for_tests();
        meta.name = name.into();
        let mut d = Document::new(meta, &split);
        for (seg, (_, target)) in d.segments.iter_mut().zip(pairs) {
            seg.set((*target).into(), State::Translated, None, 1);
        }
        d
    }

    fn memory() -> Memory {
        Memory::build([&doc(
            "news",
            &[
                (
                    "وصل 12 جنديا إلى الحدود الشمالية صباح أمس",
                    "12 soldiers reached the northern border yesterday morning.",
                ),
                (
                    "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك",
                    "Oil prices rose on world markets after the OPEC decision.",
                ),
                (
                    "قال وزير الخارجية إن المحادثات استمرت ثلاث ساعات في العاصمة",
                    "The foreign minister said the talks lasted three hours in the capital.",
                ),
                ("وصل 12 جنديا إلى الحدود", "12 soldiers reached the border."),
            ],
        )])
    }

    #[test]
    fn lookups_rank_the_closest_sentence_first() {
        let m = memory();
        let found = m.lookup("وصل 15 جنديا إلى الحدود الشمالية صباح أمس", 50, 5);
        assert_eq!(found[0].entry.id, "1");
        assert_eq!(found[0].score, 87);
        assert!(found.iter().all(|f| f.entry.id != "2"));
        assert_eq!(
            score::diff_line(&found[0].diff),
            "وصل [-12-] {+15+} جنديا إلى الحدود الشمالية صباح أمس"
        );
        let moved = m.lookup(
            "قال وزير الخارجية إن المحادثات في العاصمة استمرت ثلاث ساعات",
            75,
            5,
        );
        assert_eq!(moved[0].entry.id, "3");
        assert!(moved[0].score >= 75, "{}", moved[0].score);
        let exact = m.lookup("وَصَلَ ١٢ جنديًا إلى الحدود", 50, 1);
        assert_eq!((exact[0].score, exact[0].entry.id.as_str()), (100, "4"));
        assert!(m.lookup("فاز الفريق الوطني على منافسه", 50, 5).is_empty());
    }

    #[test]
    fn a_normalised_match_is_reused_but_an_exact_one_wins() {
        let m = Memory::build([
            &doc("a", &[("عاد الجنود إلى ثكناتهم.", "Normalised.")]),
            &doc("b", &[("عاد الجُنود إلى ثكناتهم.", "Exact.")]),
        ]);
        let engine = Engine {
            backend: "stub",
            model: None,
        };
        assert_eq!(
            m.reuse("عاد الجُنود إلى ثكناتهم.", engine)
                .map(|e| e.target.as_str()),
            Some("Exact.")
        );
        assert_eq!(
            m.reuse("عاد الجنود الى ثكناتهم.", engine)
                .map(|e| e.target.as_str()),
            Some("Normalised.")
        );
    }

    #[test]
    fn the_index_finds_what_brute_force_finds() {
        let m = memory();
        for q in [
            "وصل 15 جنديا إلى الحدود الشمالية",
            "قال وزير الخارجية إن المحادثات",
            "ارتفعت أسعار الذهب في الأسواق",
        ] {
            let fast: Vec<(u8, &str)> = m
                .fuzzy_hits(q, 30, 3)
                .iter()
                .map(|(s, e)| (*s, e.id.as_str()))
                .collect();
            let slow: Vec<(u8, &str)> = m
                .brute_force(q, 30, 3)
                .iter()
                .map(|(s, e)| (*s, e.id.as_str()))
                .collect();
            assert_eq!(fast, slow, "{q}");
        }
    }
}
