//! The analysis that translators quote from: the segments, source words and characters of a
//! batch of documents per match band against the memory, and a weighted word count.
//!
//! Each segment falls in one band: `repetitions` when its normalised source was already seen
//! earlier in the batch (in this document or an earlier one), else by its best score in the
//! memory: `100` (exact or normalised exact), `95-99`, `85-94`, `75-84`, `50-74`, or `new`
//! (nothing scoring 50). Words are the whitespace-separated pieces holding a letter or digit
//! (inline codes dropped); characters are the characters that are not whitespace. The
//! weighted word count is the sum over bands of words × the band's weight.

use std::collections::HashSet;

use serde::Serialize;

use super::{Memory, score};
use crate::config::Weights;

/// Segments, words and characters of one band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub segments: usize,
    pub words: usize,
    pub characters: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.segments += other.segments;
        self.words += other.words;
        self.characters += other.characters;
    }
}

/// The counts of every band, with the JSON keys translators know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Bands {
    pub repetitions: Counts,
    #[serde(rename = "100")]
    pub exact: Counts,
    #[serde(rename = "95-99")]
    pub fuzzy_95: Counts,
    #[serde(rename = "85-94")]
    pub fuzzy_85: Counts,
    #[serde(rename = "75-84")]
    pub fuzzy_75: Counts,
    #[serde(rename = "50-74")]
    pub fuzzy_50: Counts,
    pub new: Counts,
}

impl Bands {
    /// The bands in order, with their names.
    pub fn named(&self) -> [(&'static str, Counts); 7] {
        [
            ("repetitions", self.repetitions),
            ("100", self.exact),
            ("95-99", self.fuzzy_95),
            ("85-94", self.fuzzy_85),
            ("75-84", self.fuzzy_75),
            ("50-74", self.fuzzy_50),
            ("new", self.new),
        ]
    }

    /// All bands together.
    pub fn all(&self) -> Counts {
        let mut total = Counts::default();
        for (_, c) in self.named() {
            total.add(c);
        }
        total
    }

    fn add(&mut self, other: &Bands) {
        self.repetitions.add(other.repetitions);
        self.exact.add(other.exact);
        self.fuzzy_95.add(other.fuzzy_95);
        self.fuzzy_85.add(other.fuzzy_85);
        self.fuzzy_75.add(other.fuzzy_75);
        self.fuzzy_50.add(other.fuzzy_50);
        self.new.add(other.new);
    }

    fn band_mut(&mut self, repeated: bool, best: Option<u8>) -> &mut Counts {
        if repeated {
            return &mut self.repetitions;
        }
        match best {
            Some(100) => &mut self.exact,
            Some(95..=99) => &mut self.fuzzy_95,
            Some(85..=94) => &mut self.fuzzy_85,
            Some(75..=84) => &mut self.fuzzy_75,
            Some(50..=74) => &mut self.fuzzy_50,
            _ => &mut self.new,
        }
    }

    /// Words × each band's weight, summed.
    pub fn weighted(&self, w: &Weights) -> f64 {
        let words = |c: Counts| c.words as f64;
        words(self.repetitions) * w.repetitions
            + words(self.exact) * w.exact
            + words(self.fuzzy_95) * w.fuzzy_95
            + words(self.fuzzy_85) * w.fuzzy_85
            + words(self.fuzzy_75) * w.fuzzy_75
            + words(self.fuzzy_50) * w.fuzzy_50
            + words(self.new) * w.new
    }
}

/// One document's analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentAnalysis {
    pub document: String,
    pub bands: Bands,
    pub weighted_words: f64,
}

/// The analysis of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub documents: Vec<DocumentAnalysis>,
    pub total: Bands,
    pub weighted_words: f64,
}

/// The counts of one source sentence (see the module documentation).
pub fn counts_of(source: &str) -> Counts {
    let text = crate::codes::strip(source);
    Counts {
        segments: 1,
        words: text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count(),
        characters: text.chars().filter(|c| !c.is_whitespace()).count(),
    }
}

/// Analyse `documents` (each a name and its source sentences, in order) against `memory`.
pub fn analyze(
    memory: &Memory,
    documents: &[(String, Vec<String>)],
    weights: &Weights,
) -> Analysis {
    let mut seen: HashSet<String> = HashSet::new();
    let mut total = Bands::default();
    let mut out = Vec::with_capacity(documents.len());
    for (name, sources) in documents {
        let mut bands = Bands::default();
        for source in sources {
            if source.trim().is_empty() {
                continue;
            }
            let repeated = !seen.insert(score::exact_key(source));
            let best = if repeated {
                None
            } else {
                memory.best_score(source, 50)
            };
            bands.band_mut(repeated, best).add(counts_of(source));
        }
        total.add(&bands);
        out.push(DocumentAnalysis {
            document: name.clone(),
            weighted_words: bands.weighted(weights),
            bands,
        });
    }
    Analysis {
        documents: out,
        weighted_words: total.weighted(weights),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Entry;
    use crate::store::State;

    fn entry(source: &str) -> Entry {
        Entry {
            source: source.into(),
            target: "T.".into(),
            document: "old".into(),
            id: "1".into(),
            state: State::Translated,
            origin: None,
        }
    }

    #[test]
    fn a_constructed_batch_falls_in_every_band() {
        let memory = Memory::from_entries(vec![
            entry("أ ب ج د ه و ز ح ط ي ك ل م ن س ع ف ص ق ر"),
            entry("ش ت ث خ ذ ض ظ غ"),
            entry("قال الوزير إن المحادثات استمرت ثلاث ساعات"),
        ]);
        let doc = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let documents = vec![
            (
                "one".to_owned(),
                doc(&[
                    // 100: normalised exact.
                    "قَالَ الوزير إن المحادثات استمرت ثلاث ساعات",
                    // 95-99: one word of twenty changed.
                    "أ ب ج د ه و ز ح ط ي ك ل م ن س ع ف ص ق 7",
                    // 85-94: one of eight changed (87).
                    "ش ت ث خ ذ ض ظ 9",
                    // 75-84: two of eight changed (75).
                    "ش ت ث خ ذ ض 1 2",
                    // 50-74: two of seven changed.
                    "قال الوزير إن المحادثات انتهت بعد ساعات",
                    // new.
                    "فاز الفريق الوطني",
                ]),
            ),
            (
                "two".to_owned(),
                doc(&["فاز الفريق الوطني", "فاز الفريقُ الوطني"]),
            ),
        ];
        let a = analyze(&memory, &documents, &Weights::default());
        let one = &a.documents[0].bands;
        assert_eq!(one.exact.segments, 1);
        assert_eq!(one.fuzzy_95.segments, 1);
        assert_eq!(one.fuzzy_85.segments, 1, "{one:?}");
        assert_eq!(one.fuzzy_75.segments, 1, "{one:?}");
        assert_eq!(one.fuzzy_50.segments, 1, "{one:?}");
        assert_eq!(
            one.new,
            Counts {
                segments: 1,
                words: 3,
                characters: 15
            }
        );
        let two = &a.documents[1].bands;
        assert_eq!(
            two.repetitions.segments, 2,
            "repeated across documents, normalised"
        );
        assert_eq!(a.total.all().segments, 8);
        assert_eq!(a.total.repetitions.words, 6);
        let expected = one.exact.words as f64 * 0.25
            + one.fuzzy_95.words as f64 * 0.5
            + one.fuzzy_85.words as f64 * 0.6
            + one.fuzzy_75.words as f64 * 0.7
            + one.fuzzy_50.words as f64
            + 3.0
            + 6.0 * 0.25;
        assert!(
            (a.weighted_words - expected).abs() < 1e-9,
            "{}",
            a.weighted_words
        );
    }
}
