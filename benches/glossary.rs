//! Glossary matching benchmark: a generated 10,000-term glossary over about 10 MB of Arabic text,
//! both built deterministically from the seed article and the project glossary. Reports the
//! build time of the matcher, the match time and throughput, and, on the same text, a naive
//! baseline that scans the text once per term form.
//!
//! Run with `cargo bench --bench glossary`. Options after `--`: `--terms N`, `--megabytes N`,
//! `--baseline-terms N` (how many terms the naive scan times; its figure is extrapolated to all
//! terms unless N equals the term count).
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use workbench::glossary::{Glossary, Matcher, Term, TermKind};
use workbench::text::normalize::{Normalized, is_word_char, normalize};

const SEED: &str = include_str!("../seeds/syria-homs-lavrov-2012.txt");
const GLOSSARY: &str = include_str!("../glossary.yaml");

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

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Options {
    terms: usize,
    megabytes: usize,
    baseline_terms: usize,
}

fn options() -> Options {
    let mut options = Options {
        terms: 10_000,
        megabytes: 10,
        baseline_terms: 200,
    };
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<usize>().ok())
    };
    if let Some(n) = value("--terms") {
        options.terms = n;
    }
    if let Some(n) = value("--megabytes") {
        options.megabytes = n;
    }
    if let Some(n) = value("--baseline-terms") {
        options.baseline_terms = n;
    }
    options
}

/// Arabic words of the seed article (letters only, at least two).
fn seed_words() -> Vec<String> {
    let mut seen = HashSet::new();
    SEED.split(|c: char| !is_word_char(c))
        .filter(|w| {
            w.chars().count() >= 2 && w.chars().all(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        })
        .filter(|w| seen.insert(w.to_string()))
        .map(str::to_string)
        .collect()
}

/// The project glossary plus generated terms up to `count`: names made of two or three article
/// words, or of two fragments of article words fused into one new word.
fn generate_glossary(words: &[String], count: usize, rng: &mut Rng) -> Glossary {
    let mut glossary = Glossary::parse(GLOSSARY, Path::new("glossary.yaml"))
        .expect("the project glossary is valid");
    let mut taken: HashSet<String> = glossary
        .terms()
        .iter()
        .flat_map(|t| t.arabic.iter().map(|f| normalize(f)))
        .collect();
    let kinds = [
        TermKind::Person,
        TermKind::Place,
        TermKind::Organisation,
        TermKind::Title,
        TermKind::Term,
    ];
    while glossary.terms().len() < count {
        let form = match rng.below(3) {
            0 => {
                let a: Vec<char> = rng.pick(words).chars().collect();
                let b: Vec<char> = rng.pick(words).chars().collect();
                let left: String = a[..a.len().div_ceil(2)].iter().collect();
                let right: String = b[b.len() / 2..].iter().collect();
                format!("{left}{right}")
            }
            1 => format!("{} {}", rng.pick(words), rng.pick(words)),
            _ => format!(
                "{} {} {}",
                rng.pick(words),
                rng.pick(words),
                rng.pick(words)
            ),
        };
        let key = normalize(&form);
        if key.chars().count() < 4 || !taken.insert(key) {
            continue;
        }
        let n = glossary.terms().len();
        let mut term = Term::new(vec![form], format!("Term {n}"));
        term.kind = Some(*rng.pick(&kinds));
        glossary.add(term).expect("generated forms are distinct");
    }
    glossary
}

/// About `bytes` of text: article words in random order, sentences with punctuation, and every
/// tenth word or so a glossary form with random proclitics.
fn generate_text(words: &[String], glossary: &Glossary, bytes: usize, rng: &mut Rng) -> String {
    let proclitics = ["", "", "", "و", "ب", "ل", "ف", "وب", "ك"];
    let mut text = String::with_capacity(bytes + 1024);
    let mut in_sentence = 0;
    while text.len() < bytes {
        if rng.below(10) == 0 {
            let term = rng.pick(glossary.terms());
            let form = rng.pick(&term.arabic);
            let proclitic: &&str = rng.pick(&proclitics);
            text.push_str(proclitic);
            text.push_str(form);
        } else {
            let word: &String = rng.pick(words);
            text.push_str(word);
        }
        in_sentence += 1;
        if in_sentence > 8 && rng.below(8) == 0 {
            text.push_str(if rng.below(5) == 0 { ".\n" } else { "، " });
            in_sentence = 0;
        } else {
            text.push(' ');
        }
    }
    text
}

/// The naive baseline: for each form of each term, find every occurrence in the normalised text
/// and keep those at word boundaries (no proclitics, no longest-match selection).
fn naive_scan(text: &str, forms: &[String]) -> usize {
    let mut found = 0;
    for form in forms {
        for (start, _) in text.match_indices(form.as_str()) {
            let end = start + form.len();
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char) {
                found += 1;
            }
        }
    }
    found
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let options = options();
    let mut rng = Rng(0x5EED_2012_0000_0001);
    let words = seed_words();
    let glossary = generate_glossary(&words, options.terms, &mut rng);
    let text = generate_text(&words, &glossary, options.megabytes * 1_000_000, &mut rng);
    let megabytes = text.len() as f64 / 1_000_000.0;
    let forms: usize = glossary.terms().iter().map(|t| t.arabic.len()).sum();
    println!(
        "glossary bench: {} terms ({forms} forms), {megabytes:.1} MB of Arabic text",
        glossary.terms().len()
    );

    let yaml = glossary.to_yaml();
    let start = Instant::now();
    let reloaded =
        Glossary::parse(&yaml, Path::new("generated.yaml")).expect("generated YAML is valid");
    let load = start.elapsed();
    assert_eq!(reloaded.terms().len(), glossary.terms().len());
    println!(
        "glossary YAML load:   {:>10.1} ms  ({:.1} MB of YAML, validated)",
        load.as_secs_f64() * 1e3,
        yaml.len() as f64 / 1_000_000.0
    );

    let build = median(
        (0..3)
            .map(|_| {
                let start = Instant::now();
                let matcher = Matcher::new(&glossary);
                let elapsed = start.elapsed();
                std::hint::black_box(matcher);
                elapsed
            })
            .collect(),
    );
    let matcher = Matcher::new(&glossary);
    let mut count = 0;
    let find = median(
        (0..3)
            .map(|_| {
                let start = Instant::now();
                let matches = matcher.find(&text);
                let elapsed = start.elapsed();
                count = matches.len();
                elapsed
            })
            .collect(),
    );
    let start = Instant::now();
    let normalized = Normalized::new(&text);
    let normalize_time = start.elapsed();
    println!(
        "matcher build:        {:>10.1} ms",
        build.as_secs_f64() * 1e3
    );
    println!(
        "matcher find:         {:>10.1} ms  ({:.1} MB/s, {count} matches; normalisation alone {:.1} ms)",
        find.as_secs_f64() * 1e3,
        megabytes / find.as_secs_f64(),
        normalize_time.as_secs_f64() * 1e3
    );

    let sample = options.baseline_terms.min(glossary.terms().len());
    let sample_forms: Vec<String> = glossary
        .terms()
        .iter()
        .take(sample)
        .flat_map(|t| t.arabic.iter().map(|f| normalize(f)))
        .collect();
    let start = Instant::now();
    let naive_found = naive_scan(&normalized.text, &sample_forms);
    let naive = start.elapsed();
    let scale = glossary.terms().len() as f64 / sample.max(1) as f64;
    let naive_all = naive.as_secs_f64() * scale;
    println!(
        "naive per-term scan:  {:>10.1} ms for {sample} terms ({naive_found} hits); {:.1} s for all {} terms{}",
        naive.as_secs_f64() * 1e3,
        naive_all,
        glossary.terms().len(),
        if sample == glossary.terms().len() {
            ""
        } else {
            " (extrapolated)"
        }
    );
    println!(
        "speed-up of the matcher over the naive scan: {:.0}x",
        naive_all / (find.as_secs_f64() + build.as_secs_f64())
    );
}
