//! The browser editor's server: `GET` of a 10,000-segment document against the time loading
//! and reviewing the same file takes (the work that `GET` wraps), measured in the same run; and
//! `PATCH` latency, p50 and p95, with 20 clients saving at once against one client alone.
//!
//!     cargo bench --bench serve               # 10,000 segments, 20 clients × 10 saves
//!     cargo bench --bench serve -- --quick    # 2,000 segments, 20 clients × 3 saves
//!
//! The first `GET` reads and reviews the file; later ones find both in memory while the file
//! is unchanged. Saves that arrive together are written together, each as its own revision.

#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use workbench::glossary::Glossary;
use workbench::review::{self, ReviewOptions};
use workbench::serve::{Server, Settings};
use workbench::store::{Document, Layout, Meta, SplitSegment, State};

const SEED: &str = include_str!("../seeds/syria-homs-lavrov-2012.txt");
const GLOSSARY: &str = include_str!("../glossary.yaml");
const CLIENTS: usize = 20;

/// A document of `n` segments: the seed's sentences over and over, each with a draft.
fn document(n: usize) -> Document {
    let sentences: Vec<&str> = SEED
        .split(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.chars().count() > 10)
        .collect();
    let meta = Meta {
        name: "bench".into(),
        source_path: "bench.txt".into(),
        source_lang: "ar".into(),
        target_lang: "en".into(),
        source_hash: String::new(),
        target_path: None,
        format: None,
        paragraphs: None,
    };
    let mut split = Vec::with_capacity(n);
    let mut offset = 0;
    for i in 0..n {
        let text = format!("{}.", sentences[i % sentences.len()]);
        split.push(SplitSegment {
            range: offset..offset + text.len(),
            text: text.clone(),
        });
        offset += text.len() + 1;
    }
    let mut doc = Document::new(meta, &split);
    for (i, s) in doc.segments.iter_mut().enumerate() {
        s.set(
            format!("Sentence {i} in Homs, a draft to review."),
            State::Draft,
            None,
            1,
        );
    }
    doc.record_revision(1, "2026-01-01T00:00:00Z", "translate stub", n);
    doc
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn percentile(xs: &mut [Duration], p: f64) -> Duration {
    xs.sort();
    let i = ((xs.len() as f64 - 1.0) * p).round() as usize;
    xs[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// One client's saves of segment `id`, one after another; the latency of each.
async fn saves(
    client: reqwest::Client,
    url: String,
    token: String,
    id: u64,
    count: usize,
) -> Vec<Duration> {
    let mut revision = 1u64;
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let body = serde_json::json!({"target": format!("Edit {k} of segment {id}."), "revision": revision});
        let start = Instant::now();
        let response = client
            .patch(format!("{url}/segments/{id}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .expect("PATCH");
        assert_eq!(response.status(), 200, "save of segment {id}");
        let saved: serde_json::Value = response.json().await.expect("JSON");
        out.push(start.elapsed());
        revision = saved["revision"].as_u64().expect("a revision");
    }
    out
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (segments, rounds) = if quick { (2_000, 3) } else { (10_000, 10) };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs_err::create_dir_all(root.join("translations")).expect("mkdir");
    fs_err::write(root.join("glossary.yaml"), GLOSSARY).expect("glossary");
    let path = root.join("translations/bench.yaml");
    document(segments).save(&path).expect("save the document");
    let size = fs_err::metadata(&path).expect("stat").len();

    // The baseline: loading and reviewing the file, the work a GET wraps.
    let glossary = Glossary::load(&root.join("glossary.yaml")).expect("glossary");
    let options = ReviewOptions::default();
    let baseline = median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let doc = Document::load(&path).expect("load");
                std::hint::black_box(review::review(&doc, &glossary, &options));
                start.elapsed()
            })
            .collect(),
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let settings = Settings {
            layout: Layout::new(root),
            review: options.clone(),
            clock: Arc::new(|| "2026-01-01T00:00:00Z".to_owned()),
            events: None,
        };
        let server = Server::bind("127.0.0.1:0".parse().expect("address"), settings)
            .await
            .expect("bind");
        let base = format!("http://{}", server.address());
        let token = server.token().to_owned();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::new();
        let url = format!("{base}/api/documents/bench");

        let mut gets = Vec::new();
        let mut bytes = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let body = client
                .get(&url)
                .bearer_auth(&token)
                .send()
                .await
                .expect("GET")
                .bytes()
                .await
                .expect("body");
            gets.push(start.elapsed());
            bytes = body.len();
        }
        let cold = gets[0];
        let get = median(gets);
        let mut firsts = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let body = client
                .get(format!("{url}?limit=200"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("GET")
                .bytes()
                .await
                .expect("body");
            std::hint::black_box(body);
            firsts.push(start.elapsed());
        }
        let first = median(firsts);

        // One client alone, then 20 at once on different segments.
        let mut alone = saves(client.clone(), url.clone(), token.clone(), 1, rounds).await;
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|c| {
                tokio::spawn(saves(
                    client.clone(),
                    url.clone(),
                    token.clone(),
                    100 + c as u64,
                    rounds,
                ))
            })
            .collect();
        let start = Instant::now();
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.expect("a client"));
        }
        let wall = start.elapsed();
        let doc = Document::load(&path).expect("load");
        let lost = (0..CLIENTS)
            .filter(|c| {
                doc.segment(100 + *c as u64)
                    .is_none_or(|s| s.target != format!("Edit {} of segment {}.", rounds - 1, 100 + c))
            })
            .count();
        let _ = stop.send(());
        let _ = serving.await;

        let alone_p50 = percentile(&mut alone, 0.5);
        let p50 = percentile(&mut all, 0.5);
        let p95 = percentile(&mut all, 0.95);
        println!(
            "document: {segments} segments, {:.1} MB on disk; {CLIENTS} clients × {rounds} saves",
            size as f64 / 1e6
        );
        println!();
        println!("| measure | time | baseline | ratio |");
        println!("|---|---|---|---|");
        println!(
            "| GET the document ({:.1} MB of JSON), median of 5 | {} | load + review: {} | {:.2}× |",
            bytes as f64 / 1e6,
            ms(get),
            ms(baseline),
            get.as_secs_f64() / baseline.as_secs_f64()
        );
        println!(
            "| GET the document, the first time (read and reviewed) | {} | load + review: {} | {:.2}× |",
            ms(cold),
            ms(baseline),
            cold.as_secs_f64() / baseline.as_secs_f64()
        );
        println!(
            "| GET the first screen (`?limit=200`), median of 5 | {} | load + review: {} | {:.2}× |",
            ms(first),
            ms(baseline),
            first.as_secs_f64() / baseline.as_secs_f64()
        );
        println!(
            "| PATCH, {CLIENTS} clients at once: p50 | {} | one client alone, p50: {} | {:.1}× |",
            ms(p50),
            ms(alone_p50),
            p50.as_secs_f64() / alone_p50.as_secs_f64()
        );
        println!(
            "| PATCH, {CLIENTS} clients at once: p95 | {} | | {:.1}× |",
            ms(p95),
            p95.as_secs_f64() / alone_p50.as_secs_f64()
        );
        println!(
            "| {} saves in all | {} wall | {:.0} saves/s | {lost} lost |",
            all.len(),
            ms(wall),
            all.len() as f64 / wall.as_secs_f64()
        );
    });
}
