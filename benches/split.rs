//! Sentence-splitting throughput: workbench's built-in Arabic rules against ICU4X
//! (`icu_segmenter`, UAX #29 sentence breaks) on the same ~50 MB of Arabic news text,
//! built from the project's seed article and hard cases. Run with `cargo bench --bench split`
//! (pass `-- --mb N` to change the size).

use std::io::Write;
use std::time::{Duration, Instant};

use icu_segmenter::SentenceSegmenter;
use icu_segmenter::options::SentenceBreakInvariantOptions;
use workbench::segment::{Language, Segmenter};

const SEED: &str = include_str!("../seeds/syria-homs-lavrov-2012.txt");
const CASES: &str = include_str!("../tests/data/split-cases.tsv");

/// How many times each splitter runs; the best time counts.
const RUNS: usize = 7;

/// The seed article (and, when `hard`, the Arabic inputs of the hard cases, which are
/// dense with punctuation), repeated to `target` bytes.
fn corpus(target: usize, hard: bool) -> String {
    let mut base = String::from(SEED);
    for line in CASES.lines().filter(|_| hard) {
        if line.starts_with('#') || line.starts_with("input\t") {
            continue;
        }
        let Some(input) = line.split('\t').next() else {
            continue;
        };
        if input
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        {
            base.push_str(&input.replace("\\n", "\n").replace("\\t", "\t"));
            base.push('\n');
        }
    }
    let mut text = String::with_capacity(target + base.len());
    while text.len() < target {
        text.push_str(&base);
    }
    text
}

/// Runs `a` and `b` alternately `runs` times (so both see the same machine load) and
/// returns the best wall time of each and what their last runs returned.
fn best_of_pair(
    runs: usize,
    mut a: impl FnMut() -> usize,
    mut b: impl FnMut() -> usize,
) -> ((Duration, usize), (Duration, usize)) {
    let (mut best_a, mut best_b) = (Duration::MAX, Duration::MAX);
    let (mut out_a, mut out_b) = (0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        out_a = std::hint::black_box(a());
        best_a = best_a.min(t.elapsed());
        let t = Instant::now();
        out_b = std::hint::black_box(b());
        best_b = best_b.min(t.elapsed());
    }
    ((best_a, out_a), (best_b, out_b))
}

fn main() -> std::io::Result<()> {
    let mb: usize = std::env::args()
        .skip_while(|a| a != "--mb")
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let seg = Segmenter::builtin(Language::Arabic);
    let icu = SentenceSegmenter::new(SentenceBreakInvariantOptions::default());
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "split bench: ~{mb} MB of Arabic per corpus, best of {RUNS} alternating runs"
    )?;
    writeln!(
        out,
        "| corpus | splitter | segments | chars | seconds | chars/s | ratio |"
    )?;
    writeln!(out, "|---|---|---:|---:|---:|---:|---:|")?;
    for (corpus_name, hard) in [("news + hard cases", true), ("news article", false)] {
        let text = corpus(mb * 1_000_000, hard);
        let chars = text.chars().count();
        // ICU reports position 0 and every break: the segments are one fewer.
        let ((ours, ours_n), (theirs, icu_n)) = best_of_pair(
            RUNS,
            || seg.split(&text).len(),
            || icu.segment_str(&text).count().saturating_sub(1),
        );
        let rate = |d: Duration| chars as f64 / d.as_secs_f64();
        let ratio = theirs.as_secs_f64() / ours.as_secs_f64();
        for (name, d, n, r) in [
            (
                "workbench (built-in Arabic)",
                ours,
                ours_n,
                format!("{ratio:.2}x"),
            ),
            (
                "icu_segmenter (UAX #29)",
                theirs,
                icu_n,
                "1.00x".to_string(),
            ),
        ] {
            writeln!(
                out,
                "| {corpus_name} | {name} | {n} | {chars} | {:.3} | {:.0} | {r} |",
                d.as_secs_f64(),
                rate(d)
            )?;
        }
    }
    Ok(())
}
