//! Translation-memory benchmark: 100,000 synthetic entries (sentences of 8 to 30 words drawn
//! with a Zipf-like law from the seed article's words and generated ones, numbers among them).
//! Reports the index's build time; the fuzzy lookup of edited copies of stored sentences (one
//! number changed, one word dropped, added or moved) through the index against brute force
//! (the word-level edit distance to every entry, as RapidFuzz or translate-toolkit scan) in
//! the same run, checking that both find the same best score and entry; the analysis of a
//! 2,000-segment document (best score of every segment); and the peak memory of the process.
//!
//! Run with `cargo bench --bench memory`. Options after `--`: `--entries N`, `--queries N`
//! (looked up both ways), `--segments N` (of the analysed document).
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::time::{Duration, Instant};

use workbench::memory::{Entry, Memory};
use workbench::store::State;

const SEED: &str = include_str!("../seeds/syria-homs-lavrov-2012.txt");

/// A small deterministic generator (xorshift64*), so every run measures the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// An index from 0 to `n`, small ones far likelier (roughly Zipf).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

fn value(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(default)
}

/// The vocabulary: the seed's words, then generated Arabic words.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in SEED.split_whitespace() {
        let w: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        if !w.is_empty() && !words.contains(&w) {
            words.push(w);
        }
    }
    let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
    while words.len() < 30_000 {
        let len = 3 + rng.below(6);
        let w: String = (0..len)
            .map(|_| letters[rng.below(letters.len())])
            .collect();
        words.push(w);
    }
    words
}

fn sentence(rng: &mut Rng, vocab: &[String]) -> Vec<String> {
    let len = 8 + rng.below(23);
    (0..len)
        .map(|_| {
            if rng.below(12) == 0 {
                (1 + rng.below(2000)).to_string()
            } else {
                vocab[rng.zipf(vocab.len())].clone()
            }
        })
        .collect()
}

/// A copy of `words` with one edit: a number changed, a word dropped, added or moved.
fn edited(rng: &mut Rng, words: &[String], vocab: &[String]) -> Vec<String> {
    let mut w = words.to_vec();
    let i = rng.below(w.len());
    match rng.below(4) {
        0 => w[i] = (3000 + rng.below(1000)).to_string(),
        1 => {
            w.remove(i);
        }
        2 => w.insert(i, vocab[rng.zipf(vocab.len())].clone()),
        _ => {
            let x = w.remove(i);
            let j = rng.below(w.len() + 1);
            w.insert(j, x);
        }
    }
    w
}

fn peak_rss_kb() -> Option<u64> {
    #[allow(
        clippy::disallowed_methods,
        reason = "a benchmark reads its own status"
    )]
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let n = value("--entries", 100_000);
    let queries = value("--queries", 20);
    let segments = value("--segments", 2_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let vocab = vocabulary(&mut rng);
    let sentences: Vec<Vec<String>> = (0..n).map(|_| sentence(&mut rng, &vocab)).collect();
    let entries: Vec<Entry> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| Entry {
            source: s.join(" "),
            target: format!("Target {i}."),
            document: "synthetic".into(),
            id: (i + 1).to_string(),
            state: State::Translated,
            origin: None,
        })
        .collect();
    let rss_before = peak_rss_kb();
    let start = Instant::now();
    let memory = Memory::from_entries(entries);
    let build = start.elapsed();
    println!(
        "index: {n} entries, {} distinct words, built in {:.2} s",
        memory.vocabulary_len(),
        build.as_secs_f64()
    );

    let picked: Vec<String> = (0..queries)
        .map(|_| {
            let s = &sentences[rng.below(n)];
            edited(&mut rng, s, &vocab).join(" ")
        })
        .collect();
    let mut indexed = Duration::ZERO;
    let mut brute = Duration::ZERO;
    let mut same = 0;
    for q in &picked {
        let t = Instant::now();
        let fast = memory.fuzzy_hits(q, 50, 1);
        indexed += t.elapsed();
        let t = Instant::now();
        let slow = memory.brute_force(q, 50, 1);
        brute += t.elapsed();
        let best = |hits: &[(u8, &Entry)]| hits.first().map(|(s, e)| (*s, e.id.clone()));
        if best(&fast) == best(&slow) {
            same += 1;
        } else {
            println!(
                "DIFFERENT best match for {q:?}: {:?} vs {:?}",
                best(&fast),
                best(&slow)
            );
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / queries.max(1) as f64;
    println!(
        "lookup: {queries} edited sentences, index {:.3} ms per lookup, brute force {:.1} ms \
         per lookup, ratio {:.4} (at most 0.1 required), same best match {same}/{queries}",
        per(indexed),
        per(brute),
        indexed.as_secs_f64() / brute.as_secs_f64().max(f64::MIN_POSITIVE)
    );

    // A document of `segments` sentences: edited stored sentences, stored ones and new ones.
    let doc: Vec<String> = (0..segments)
        .map(|i| match i % 3 {
            0 => {
                let k = rng.below(n);
                edited(&mut rng, &sentences[k], &vocab).join(" ")
            }
            1 => sentences[rng.below(n)].join(" "),
            _ => sentence(&mut rng, &vocab).join(" "),
        })
        .collect();
    let t = Instant::now();
    let mut bands = [0usize; 3];
    for s in &doc {
        match memory.best_score(s, 50) {
            Some(100) => bands[0] += 1,
            Some(_) => bands[1] += 1,
            None => bands[2] += 1,
        }
    }
    let analysis = t.elapsed();
    println!(
        "analysis: {segments} segments against {n} entries in {:.3} s (under 2 s required): \
         {} at 100, {} fuzzy, {} under 50",
        analysis.as_secs_f64(),
        bands[0],
        bands[1],
        bands[2]
    );
    if let (Some(before), Some(peak)) = (rss_before, peak_rss_kb()) {
        println!(
            "memory: peak RSS {:.0} MB ({:.0} MB before the index was built)",
            peak as f64 / 1024.0,
            before as f64 / 1024.0
        );
    }
}
