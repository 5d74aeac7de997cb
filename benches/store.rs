//! Benchmark: the store's hand-written YAML against serde_yaml on a 2,000-segment document
//! (every segment translated, then edited once: a target and a history entry each). Run with
//! `cargo bench --bench store`; prints a table of best-of-7 times and the ratio.
//!
//! The hand-written reader and writer (`store::yaml`) exist only for speed; this is the figure
//! that decides whether they stay (see ARCHITECTURE.md, "The path off serde_yaml").

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "common/news.rs"]
mod news;

use news::{ARABIC, ENGLISH};
use workbench::store::{Document, Meta, SplitSegment, State};

const SEGMENTS: usize = 2_000;

fn sentence(words: &[&str], seed: usize, len: usize) -> String {
    let mut out: Vec<&str> = (0..len)
        .map(|i| words[(seed * 31 + i * 7 + i * i) % words.len()])
        .collect();
    if let Some(last) = out.last_mut() {
        *last = if seed % 5 == 0 { "حمص" } else { last };
    }
    let mut text = out.join(" ");
    text.push('.');
    text
}

fn document() -> Document {
    let sources: Vec<String> = (0..SEGMENTS)
        .map(|i| sentence(ARABIC, i, 12 + i % 15))
        .collect();
    let mut split = Vec::with_capacity(SEGMENTS);
    let mut offset = 0;
    for text in &sources {
        split.push(SplitSegment {
            range: offset..offset + text.len(),
            text: text.clone(),
        });
        offset += text.len() + 1;
    }
    let meta = Meta::for_source(
        "bench",
        "seeds/bench.txt".into(),
        "sha256:0000000000000000000000000000000000000000000000000000000000000000".into(),
        ["ar", "en"],
    );
    let mut doc = Document::new(meta, &split);
    for (i, s) in doc.segments.iter_mut().enumerate() {
        s.set(sentence(ENGLISH, i, 14 + i % 13), State::Draft, None, 1);
    }
    doc.record_revision(1, "2026-01-01T00:00:00Z", "translate stub", SEGMENTS);
    for (i, s) in doc.segments.iter_mut().enumerate() {
        s.set(
            sentence(ENGLISH, i + 1, 14 + i % 11),
            State::Translated,
            None,
            2,
        );
    }
    doc.record_revision(2, "2026-01-02T00:00:00Z", "edit", SEGMENTS);
    doc
}

/// The best of seven runs.
fn time<T>(f: impl Fn() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..7 {
        let start = Instant::now();
        let out = black_box(f());
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("seven runs"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

#[allow(clippy::print_stdout, reason = "a benchmark prints its table")]
fn main() {
    let doc = document();
    let text = doc.to_yaml().expect("the document writes");
    let body = text
        .split_once('\n')
        .map_or(text.as_str(), |(_, rest)| rest)
        .to_owned();
    let path = Path::new("bench.yaml");

    let (write_fast, fast_text) = time(|| doc.to_yaml().expect("writes"));
    let (write_serde, serde_text) = time(|| serde_yaml::to_string(&doc).expect("writes"));
    assert!(
        fast_text.ends_with(&serde_text),
        "the hand-written writer gives serde_yaml's bytes"
    );
    let (read_fast, a) = time(|| Document::parse(&text, path).expect("reads"));
    let (read_serde, b) = time(|| serde_yaml::from_str::<Document>(&body).expect("reads"));
    assert_eq!(a, b, "both readers give the same document");

    println!(
        "document: {SEGMENTS} segments, {} KiB of YAML",
        text.len() / 1024
    );
    println!();
    println!("| operation | hand-written | serde_yaml | saved | ratio |");
    println!("|-----------|--------------|------------|-------|-------|");
    for (what, fast, slow) in [
        ("save (write)", write_fast, write_serde),
        ("load (read)", read_fast, read_serde),
    ] {
        println!(
            "| {what} | {} | {} | {} | {:.1}× faster |",
            ms(fast),
            ms(slow),
            ms(slow.saturating_sub(fast)),
            slow.as_secs_f64() / fast.as_secs_f64().max(1e-9)
        );
    }
}
