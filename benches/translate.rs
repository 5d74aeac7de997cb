//! Throughput of the translation run against a fake engine on loopback.
//!
//! The fake server (a child process, so that its CPU time is not counted as the client's)
//! answers every request after a fixed latency L and serves at most C requests at once. The
//! client translates N segments in batches of B with C requests in flight, through the real
//! HTTP backends and run loop, and optionally stores every finished batch the way
//! `workbench translate` does (atomic save of the touched document). The table compares the
//! wall time with the bound ceil(N / (B·C)) · L and gives the client's CPU time (user +
//! system, from /proc/self/stat, the same counters getrusage reads) as a share of the wall.
//!
//! Run: `cargo bench --bench translate` (the goal row: N = 2000, L = 50 ms, C = 8, B = 20,
//! within 1.15× of the bound, CPU under 5 %).

#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use workbench::store::{Document, Meta, Origin, OriginKind, SplitSegment, State};
use workbench::translate::http::{Endpoint, HttpSettings};
use workbench::translate::retry::RetryPolicy;
use workbench::translate::{RunOptions, Translation, Translator, Unit, Variant, libre, openai};

#[derive(Clone, Copy)]
struct Case {
    backend: &'static str,
    n: usize,
    latency_ms: u64,
    concurrency: usize,
    batch: usize,
    /// 0: the run loop only; else the segments are spread over this many stored documents.
    documents: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        let latency: u64 = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(50);
        let concurrency: usize = args.get(i + 2).and_then(|v| v.parse().ok()).unwrap_or(8);
        serve(latency, concurrency);
        return;
    }
    let cases = [
        Case {
            backend: "libretranslate",
            n: 2000,
            latency_ms: 50,
            concurrency: 8,
            batch: 20,
            documents: 0,
        },
        Case {
            backend: "openai",
            n: 2000,
            latency_ms: 50,
            concurrency: 8,
            batch: 20,
            documents: 0,
        },
        Case {
            backend: "libretranslate",
            n: 2000,
            latency_ms: 50,
            concurrency: 8,
            batch: 20,
            documents: 50,
        },
        Case {
            backend: "libretranslate",
            n: 2000,
            latency_ms: 50,
            concurrency: 4,
            batch: 20,
            documents: 0,
        },
        Case {
            backend: "libretranslate",
            n: 2000,
            latency_ms: 20,
            concurrency: 8,
            batch: 50,
            documents: 0,
        },
        Case {
            backend: "libretranslate",
            n: 5000,
            latency_ms: 100,
            concurrency: 16,
            batch: 25,
            documents: 0,
        },
    ];
    println!(
        "| backend | N | L (ms) | C | B | stored | bound (ms) | wall (ms) | wall/bound | client CPU (ms) | CPU/wall |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for case in cases {
        let r = measure(case);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.0} | {:.3} | {} | {:.1} % |",
            case.backend,
            case.n,
            case.latency_ms,
            case.concurrency,
            case.batch,
            if case.documents == 0 {
                "no".to_owned()
            } else {
                format!("{} docs", case.documents)
            },
            r.bound_ms,
            r.wall_ms,
            r.wall_ms / r.bound_ms as f64,
            r.cpu_ms,
            100.0 * r.cpu_ms as f64 / r.wall_ms,
        );
    }
}

struct Measured {
    bound_ms: u64,
    wall_ms: f64,
    cpu_ms: u64,
}

fn measure(case: Case) -> Measured {
    let (mut child, port) = spawn_server(case.latency_ms, case.concurrency);
    let base = format!("http://127.0.0.1:{port}");
    let units: Vec<Unit> = (0..case.n as u64)
        .map(|i| Unit {
            id: i,
            text: format!("قال المتحدث إن الاجتماع رقم {i} انتهى دون اتفاق على موعد جديد."),
            context: None,
            terms: Vec::new(),
            term_spans: Vec::new(),
        })
        .collect();
    let options = RunOptions {
        jobs: case.concurrency,
        rate: None,
        retry: RetryPolicy::default(),
    };
    let http = HttpSettings::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::new(&dir, &units, case.documents);
    let cpu_before = cpu_ticks();
    let start = Instant::now();
    match case.backend {
        "openai" => {
            let engine = openai::OpenAi::new(openai::Config {
                endpoint: Endpoint::parse("openai", &format!("{base}/v1"), "bench").expect("url"),
                key: None,
                key_var: "OPENAI_API_KEY".into(),
                model: "bench".into(),
                variant: Variant::Us,
                batch_size: case.batch,
                http,
            })
            .expect("client");
            drive(&runtime, engine, units, options, &mut store);
        }
        _ => {
            let engine = libre::Libre::new(libre::Config {
                endpoint: Endpoint::parse("libretranslate", &base, "bench").expect("url"),
                key: None,
                key_var: "LIBRETRANSLATE_API_KEY".into(),
                batch_size: case.batch,
                http,
            })
            .expect("client");
            drive(&runtime, engine, units, options, &mut store);
        }
    }
    let wall = start.elapsed();
    let cpu_ms = (cpu_ticks() - cpu_before) * 1000 / 100;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(store.done, case.n, "every segment translated");
    let rounds = case.n.div_ceil(case.batch * case.concurrency) as u64;
    Measured {
        bound_ms: rounds * case.latency_ms,
        wall_ms: wall.as_secs_f64() * 1000.0,
        cpu_ms,
    }
}

fn drive<T: Translator + Send + Sync + 'static>(
    runtime: &tokio::runtime::Runtime,
    engine: T,
    units: Vec<Unit>,
    options: RunOptions,
    store: &mut Store,
) {
    runtime
        .block_on(workbench::translate::run(
            Arc::new(engine),
            units,
            options,
            std::future::pending(),
            |_| {},
            |batch| store.take(batch),
        ))
        .expect("run");
}

/// Where finished batches go: nowhere (loop only), or into stored documents.
struct Store {
    done: usize,
    docs: Vec<(std::path::PathBuf, Document)>,
    per_doc: usize,
}

impl Store {
    fn new(dir: &tempfile::TempDir, units: &[Unit], documents: usize) -> Store {
        let mut docs = Vec::new();
        let per_doc = if documents == 0 {
            0
        } else {
            units.len().div_ceil(documents)
        };
        if documents > 0 {
            for (d, chunk) in units.chunks(per_doc).enumerate() {
                let split: Vec<SplitSegment> = chunk
                    .iter()
                    .scan(0, |pos, u| {
                        let start = *pos;
                        *pos += u.text.len() + 1;
                        Some(SplitSegment {
                            range: start..start + u.text.len(),
                            text: u.text.clone(),
                        })
                    })
                    .collect();
                let meta = Meta {
                    name: format!("doc{d}"),
                    source_path: format!("seeds/doc{d}.txt"),
                    source_lang: "ar".into(),
                    target_lang: "en".into(),
                    source_hash: "sha256:0".into(),
                    target_path: None,
                };
                let doc = Document::new(meta, &split);
                let path = dir.path().join(format!("doc{d}.yaml"));
                doc.save(&path).expect("save");
                docs.push((path, doc));
            }
        }
        Store {
            done: 0,
            docs,
            per_doc,
        }
    }

    fn take(&mut self, batch: Vec<Translation>) -> Result<(), String> {
        self.done += batch.len();
        if self.docs.is_empty() {
            return Ok(());
        }
        let origin = Origin {
            kind: OriginKind::Machine,
            backend: Some("bench".into()),
            model: None,
            time: "2026-01-01T00:00:00Z".into(),
        };
        let mut touched = Vec::new();
        for t in batch {
            let d = t.id as usize / self.per_doc;
            let local = t.id - (d * self.per_doc) as u64 + 1;
            let (_, doc) = &mut self.docs[d];
            if let Some(seg) = doc.segment_mut(local) {
                seg.set(t.text, State::Draft, Some(origin.clone()), 1);
            }
            if !touched.contains(&d) {
                touched.push(d);
            }
        }
        for d in touched {
            let (path, doc) = &self.docs[d];
            doc.save(path).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// User + system CPU ticks of this process (all threads), from /proc/self/stat.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields after the command name start at field 3 (state); utime is 14, stime 15.
    let get = |n: usize| {
        fields
            .get(n - 3)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    get(14) + get(15)
}

fn spawn_server(latency_ms: u64, concurrency: usize) -> (Child, u16) {
    let exe = std::env::current_exe().expect("own path");
    let mut child = Command::new(exe)
        .args(["--serve", &latency_ms.to_string(), &concurrency.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the fake server");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("port line");
    let port = line.trim().parse().expect("a port number");
    (child, port)
}

/// The fake engine, for this benchmark and for `.ci/contract-check`: the translate
/// endpoints of LibreTranslate, OpenAI, DeepL (with the v3 glossary list and create) and
/// Google v2, each request held for the latency, at most `concurrency` requests served at once.
/// Answers are well-formed per the providers' specs.
fn serve(latency_ms: u64, concurrency: usize) {
    use axum::Json;
    use axum::http::StatusCode;
    use axum::routing::{get, post};
    use serde_json::{Value, json};

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
        let latency = Duration::from_millis(latency_ms);
        let hold = move |gate: Arc<tokio::sync::Semaphore>| async move {
            let permit = gate.acquire_owned().await.expect("semaphore");
            tokio::time::sleep(latency).await;
            permit
        };
        let texts = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| a.iter().map(|t| format!("EN {}", t.as_str().unwrap_or("").chars().count())).collect())
                .unwrap_or_default()
        };
        let (g1, g2, g3, g4) = (Arc::clone(&gate), Arc::clone(&gate), Arc::clone(&gate), Arc::clone(&gate));
        let app = axum::Router::new()
            .route(
                "/translate",
                post(move |Json(body): Json<Value>| {
                    let gate = Arc::clone(&g1);
                    async move {
                        let _permit = hold(gate).await;
                        Json(json!({ "translatedText": texts(&body["q"]) }))
                    }
                }),
            )
            .route(
                "/v1/chat/completions",
                post(move |Json(body): Json<Value>| {
                    let gate = Arc::clone(&g2);
                    async move {
                        let _permit = hold(gate).await;
                        let user: Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap_or("{}"))
                            .unwrap_or_default();
                        let items: Vec<Value> = user["items"]
                            .as_array()
                            .map(|a| a.iter().map(|i| json!({"id": i["id"], "text": "EN"})).collect())
                            .unwrap_or_default();
                        let content = json!({ "translations": items }).to_string();
                        Json(json!({
                            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
                            "model": body["model"],
                            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                                "message": {"role": "assistant", "content": content, "refusal": null}}]
                        }))
                    }
                }),
            )
            .route(
                "/v2/translate",
                post(move |Json(body): Json<Value>| {
                    let gate = Arc::clone(&g3);
                    async move {
                        let _permit = hold(gate).await;
                        let out: Vec<Value> = texts(&body["text"])
                            .into_iter()
                            .map(|t| json!({"detected_source_language": "AR", "text": t}))
                            .collect();
                        Json(json!({ "translations": out }))
                    }
                }),
            )
            .route(
                "/v3/glossaries",
                get(|| async { Json(json!({ "glossaries": [] })) }).post(|Json(body): Json<Value>| async move {
                    let entries = body["dictionaries"][0]["entries"].as_str().unwrap_or("").lines().count();
                    (
                        StatusCode::CREATED,
                        Json(json!({
                            "glossary_id": "def3a26b-3e84-45b3-84ae-0c0aaf3525f7",
                            "name": body["name"],
                            "dictionaries": [{"source_lang": "ar", "target_lang": "en", "entry_count": entries}],
                            "creation_time": "2026-01-01T00:00:00.000Z"
                        })),
                    )
                }),
            )
            .route(
                "/language/translate/v2",
                post(move |Json(body): Json<Value>| {
                    let gate = Arc::clone(&g4);
                    async move {
                        let _permit = hold(gate).await;
                        let out: Vec<Value> =
                            texts(&body["q"]).into_iter().map(|t| json!({"translatedText": t})).collect();
                        Json(json!({"data": {"translations": out}}))
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let mut out = std::io::stdout();
        let _ = writeln!(out, "{port}");
        let _ = out.flush();
        axum::serve(listener, app).await.expect("serve");
    });
}
