//! Throughput of the translation run against a fake engine on loopback.
//!
//! The fake server (a child process, so that its CPU time is not counted as the client's)
//! answers every request after a fixed latency L and serves at most C requests at once. The
//! client translates N segments in batches of B with C requests in flight: either the run
//! loop with a real HTTP backend in this process (`loop`), or the whole `workbench translate`
//! command on a project of source files (`CLI`: splitting, translation memory, and an atomic
//! save of every finished batch). The table compares the wall time with the bound
//! ceil(N / (B·C)) · L and gives the client's CPU time (user + system, from getrusage) as a
//! share of the wall time. Each row is run five times: the median, and the worst in brackets.
//!
//! Run: `cargo bench --bench translate` (the goal row: N = 2000, L = 50 ms, C = 8, B = 20,
//! within 1.15× of the bound, CPU under 5 %).
//!
//! `cargo bench --bench translate -- faults` runs instead the fault profiles (see [`faults`]):
//! every backend against a fake that leaves out ids, rate-limits (2 requests a second), fails
//! one request in five, or goes down, with the waste (texts sent / sentences) of each and the
//! limiter's wall time against its bound.

#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// 0: the run loop in this process; else the `workbench translate` command on this many
    /// source documents.
    documents: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        let latency: u64 = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(50);
        let concurrency: usize = args.get(i + 2).and_then(|v| v.parse().ok()).unwrap_or(8);
        let profile = args
            .get(i + 3)
            .and_then(|v| Profile::parse(v))
            .unwrap_or(Profile::Healthy);
        serve(latency, concurrency, profile);
        return;
    }
    let filter_arg = args.iter().skip(1).find(|a| !a.starts_with("--"));
    if filter_arg.is_some_and(|a| a == "faults") {
        faults();
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
        Case {
            backend: "libretranslate",
            n: 2000,
            latency_ms: 50,
            concurrency: 8,
            batch: 20,
            documents: 50,
        },
        Case {
            backend: "openai",
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
            concurrency: 8,
            batch: 20,
            documents: 1,
        },
    ];
    println!(
        "| backend | N | L (ms) | C | B | run | bound (ms) | wall (ms) | wall/bound (worst) | client CPU (ms) | CPU/wall (worst) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    // `cargo bench --bench translate -- cli` runs only the rows whose backend or run kind
    // contains `cli`; `-- cli1` only the CLI row with one document.
    let filter = args
        .iter()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(|a| a.to_lowercase());
    for case in cases {
        let kind = if case.documents == 0 { "loop" } else { "cli" };
        if let Some(f) = &filter {
            let exact = format!("{kind}{}", case.documents);
            if !case.backend.contains(f.as_str()) && kind != f && exact != *f {
                continue;
            }
        }
        let runs: Vec<Measured> = (0..RUNS).map(|_| measure(case)).collect();
        let bound = runs[0].bound_ms as f64;
        let wall = median(runs.iter().map(|r| r.wall_ms));
        let cpu = median(runs.iter().map(|r| r.cpu_us as f64 / 1000.0));
        let worst_wall = runs.iter().map(|r| r.wall_ms).fold(0.0, f64::max);
        let share = |r: &Measured| 100.0 * r.cpu_us as f64 / 1000.0 / r.wall_ms;
        let worst_share = runs.iter().map(share).fold(0.0, f64::max);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.0} | {:.3} ({:.3}) | {:.1} | {:.1} % ({:.1} %) |",
            case.backend,
            case.n,
            case.latency_ms,
            case.concurrency,
            case.batch,
            if case.documents == 0 {
                "loop".to_owned()
            } else {
                format!("CLI, {} docs", case.documents)
            },
            bound,
            wall,
            wall / bound,
            worst_wall / bound,
            cpu,
            median(runs.iter().map(share)),
            worst_share,
        );
    }
}

/// The fault profiles: every backend against every profile, N = 400 sentences in batches of
/// 10 with 8 requests in flight (L = 20 ms): segments stored, requests and texts the server
/// received, the waste (texts sent / sentences stored), the wall time, and for the limiter its
/// bound (batches / 2 requests a second) and the ratio. One run per row.
fn faults() {
    const N: usize = 400;
    const B: usize = 10;
    const JOBS: usize = 8;
    println!(
        "| backend | profile | stored | requests | texts sent | waste (texts / sentences) | wall (s) | limiter bound (s) | wall/bound | exit |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for backend in ["openai", "deepl", "libretranslate", "google"] {
        for profile in Profile::FAULTS {
            let (mut child, port) = spawn_profile(20, JOBS, profile);
            let base = format!("http://127.0.0.1:{port}");
            let units = units(N);
            let options = RunOptions {
                jobs: JOBS,
                rate: None,
                retry: RetryPolicy::default(),
            };
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let mut stored = 0;
            let start = Instant::now();
            let ok = run_backend(&runtime, backend, &base, B, units, options, &mut stored);
            let wall = start.elapsed().as_secs_f64();
            let seen: serde_json::Value = runtime.block_on(async {
                reqwest::get(format!("{base}/stats"))
                    .await
                    .expect("stats")
                    .json()
                    .await
                    .expect("stats json")
            });
            let _ = child.kill();
            let _ = child.wait();
            let texts = seen["texts"].as_u64().unwrap_or(0) as f64;
            let (bound, ratio) = if profile == Profile::Limiter {
                let bound = N.div_ceil(B) as f64 / LIMIT_PER_SECOND as f64;
                (format!("{bound:.0}"), format!("{:.2}", wall / bound))
            } else {
                ("".to_owned(), "".to_owned())
            };
            println!(
                "| {backend} | {} | {stored} | {} | {texts} | {:.3} | {wall:.1} | {bound} | {ratio} | {} |",
                profile.describe(),
                seen["requests"],
                if stored > 0 {
                    texts / stored as f64
                } else {
                    f64::NAN
                },
                if ok { "0" } else { "stopped (2)" },
            );
        }
    }
}

/// Run `units` through `backend` at `base` with the run loop; `stored` counts what arrives.
fn run_backend(
    runtime: &tokio::runtime::Runtime,
    backend: &str,
    base: &str,
    batch: usize,
    units: Vec<Unit>,
    options: RunOptions,
    stored: &mut usize,
) -> bool {
    use workbench::translate::http::Secret;
    use workbench::translate::{deepl, google};
    let http = HttpSettings::default();
    let go = |engine_run: Result<workbench::translate::Outcome, workbench::translate::Error>| {
        engine_run.is_ok()
    };
    match backend {
        "openai" => {
            let engine = openai::OpenAi::new(openai::Config {
                endpoint: Endpoint::parse("openai", &format!("{base}/v1"), "bench").expect("url"),
                more_endpoints: Vec::new(),
                key: None,
                key_var: "OPENAI_API_KEY".into(),
                model: "bench".into(),
                variant: Variant::Us,
                batch_size: batch,
                http,
            })
            .expect("client");
            go(drive_result(runtime, engine, units, options, stored))
        }
        "deepl" => {
            let engine = deepl::DeepL::new(deepl::Config {
                endpoint: Endpoint::parse("deepl", base, "bench").expect("url"),
                key: Secret::new("bench:fx"),
                key_var: "DEEPL_AUTH_KEY".into(),
                variant: Variant::Us,
                batch_size: batch,
                http,
                glossary: Vec::new(),
            })
            .expect("client");
            go(drive_result(runtime, engine, units, options, stored))
        }
        "google" => {
            let engine = google::Google::new(google::Config {
                endpoint: Endpoint::parse(
                    "google",
                    &format!("{base}/language/translate/v2"),
                    "bench",
                )
                .expect("url"),
                key: Secret::new("bench"),
                key_var: "GOOGLE_API_KEY".into(),
                batch_size: batch,
                http,
            })
            .expect("client");
            go(drive_result(runtime, engine, units, options, stored))
        }
        _ => {
            let engine = libre::Libre::new(libre::Config {
                endpoint: Endpoint::parse("libretranslate", base, "bench").expect("url"),
                key: None,
                key_var: "LIBRETRANSLATE_API_KEY".into(),
                batch_size: batch,
                http,
            })
            .expect("client");
            go(drive_result(runtime, engine, units, options, stored))
        }
    }
}

fn drive_result<T: Translator + Send + Sync + 'static>(
    runtime: &tokio::runtime::Runtime,
    engine: T,
    units: Vec<Unit>,
    options: RunOptions,
    done: &mut usize,
) -> Result<workbench::translate::Outcome, workbench::translate::Error> {
    runtime.block_on(workbench::translate::run(
        Arc::new(engine),
        units,
        options,
        std::future::pending(),
        |_| {},
        |batch: Vec<Translation>| {
            *done += batch.len();
            Ok(())
        },
    ))
}

/// Each row is measured this many times; the table gives the median and the worst.
const RUNS: usize = 5;

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Measured {
    bound_ms: u64,
    wall_ms: f64,
    /// The client's user + system CPU time.
    cpu_us: u64,
}

fn measure(case: Case) -> Measured {
    let (mut child, port) = spawn_server(case.latency_ms, case.concurrency);
    let base = format!("http://127.0.0.1:{port}");
    let (wall, cpu_us) = if case.documents > 0 {
        run_cli(case, &base)
    } else {
        run_loop(case, &base)
    };
    let _ = child.kill();
    let _ = child.wait();
    let rounds = case.n.div_ceil(case.batch * case.concurrency) as u64;
    Measured {
        bound_ms: rounds * case.latency_ms,
        wall_ms: wall.as_secs_f64() * 1000.0,
        cpu_us,
    }
}

/// `n` units of [`sentence`]s, ids from 0, with nothing but their text.
fn units(n: usize) -> Vec<Unit> {
    (0..n)
        .map(|i| Unit {
            id: i as u64,
            text: sentence(i),
            context: None,
            terms: Vec::new(),
            term_spans: Vec::new(),
            examples: Vec::new(),
        })
        .collect()
}

fn sentence(i: usize) -> String {
    format!("قال المتحدث إن الاجتماع رقم {i} انتهى دون اتفاق على موعد جديد.")
}

/// The run loop and an HTTP backend in this process; finished batches are only counted.
fn run_loop(case: Case, base: &str) -> (Duration, u64) {
    let units = units(case.n);
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
    let mut done = 0;
    let cpu_before = cpu_micros(Counter::OwnThreads);
    let start = Instant::now();
    match case.backend {
        "openai" => {
            let engine = openai::OpenAi::new(openai::Config {
                endpoint: Endpoint::parse("openai", &format!("{base}/v1"), "bench").expect("url"),
                more_endpoints: Vec::new(),
                key: None,
                key_var: "OPENAI_API_KEY".into(),
                model: "bench".into(),
                variant: Variant::Us,
                batch_size: case.batch,
                http,
            })
            .expect("client");
            drive(&runtime, engine, units, options, &mut done);
        }
        _ => {
            let engine = libre::Libre::new(libre::Config {
                endpoint: Endpoint::parse("libretranslate", base, "bench").expect("url"),
                key: None,
                key_var: "LIBRETRANSLATE_API_KEY".into(),
                batch_size: case.batch,
                http,
            })
            .expect("client");
            drive(&runtime, engine, units, options, &mut done);
        }
    }
    let wall = start.elapsed();
    let cpu = cpu_micros(Counter::OwnThreads) - cpu_before;
    assert_eq!(done, case.n, "every segment translated");
    (wall, cpu)
}

/// The whole `workbench translate` command on a project of `documents` source files: split,
/// translation memory, requests, and an atomic save of each finished batch.
fn run_cli(case: Case, base: &str) -> (Duration, u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let per_doc = case.n.div_ceil(case.documents);
    fs_err::create_dir_all(dir.path().join("seeds")).expect("seeds");
    for d in 0..case.documents {
        let text: String = (d * per_doc..((d + 1) * per_doc).min(case.n))
            .map(|i| sentence(i) + "\n")
            .collect();
        fs_err::write(dir.path().join(format!("seeds/doc{d:03}.txt")), text).expect("write");
    }
    let cpu_before = cpu_micros(Counter::WaitedChildren);
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_workbench"))
        .current_dir(dir.path())
        .args(["translate", "seeds", "--backend", case.backend, "--quiet"])
        .args([
            "--jobs",
            &case.concurrency.to_string(),
            "--batch-size",
            &case.batch.to_string(),
        ])
        .env("LIBRETRANSLATE_URL", base)
        .env("OPENAI_BASE_URL", format!("{base}/v1"))
        .status()
        .expect("run workbench");
    let wall = start.elapsed();
    let cpu = cpu_micros(Counter::WaitedChildren) - cpu_before;
    assert!(status.success(), "workbench translate failed");
    let stored = fs_err::read_dir(dir.path().join("translations"))
        .expect("translations")
        .count();
    assert_eq!(stored, case.documents);
    (wall, cpu)
}

fn drive<T: Translator + Send + Sync + 'static>(
    runtime: &tokio::runtime::Runtime,
    engine: T,
    units: Vec<Unit>,
    options: RunOptions,
    done: &mut usize,
) {
    runtime
        .block_on(workbench::translate::run(
            Arc::new(engine),
            units,
            options,
            std::future::pending(),
            |_| {},
            |batch: Vec<Translation>| {
                *done += batch.len();
                Ok(())
            },
        ))
        .expect("run");
}

enum Counter {
    /// This process, all threads.
    OwnThreads,
    /// Children this process has waited for.
    WaitedChildren,
}

/// User + system CPU time in microseconds, from getrusage: this process's threads, or the
/// children this process has waited for.
fn cpu_micros(which: Counter) -> u64 {
    use nix::sys::resource::{UsageWho, getrusage};
    let who = match which {
        Counter::OwnThreads => UsageWho::RUSAGE_SELF,
        Counter::WaitedChildren => UsageWho::RUSAGE_CHILDREN,
    };
    let usage = getrusage(who).expect("getrusage");
    let micros = |t: nix::sys::time::TimeVal| t.tv_sec() as u64 * 1_000_000 + t.tv_usec() as u64;
    micros(usage.user_time()) + micros(usage.system_time())
}

fn spawn_server(latency_ms: u64, concurrency: usize) -> (Child, u16) {
    spawn_profile(latency_ms, concurrency, Profile::Healthy)
}

fn spawn_profile(latency_ms: u64, concurrency: usize, profile: Profile) -> (Child, u16) {
    let exe = std::env::current_exe().expect("own path");
    let mut child = Command::new(exe)
        .args([
            "--serve",
            &latency_ms.to_string(),
            &concurrency.to_string(),
            profile.name(),
        ])
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

/// The fake engine's English: `EN` and the text's length; a text with tags (inline codes sent
/// as markup or markers) keeps every tag and has each run of text between them made `EN`.
fn english(text: &str) -> String {
    if !text.contains('<') {
        return format!("EN {}", text.chars().count());
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        if !rest[..start].trim().is_empty() {
            out.push_str("EN ");
        }
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    if !rest.trim().is_empty() {
        out.push_str(" EN");
    }
    out
}

/// How the fake engine misbehaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Profile {
    Healthy,
    /// Every third answer leaves out one text (the last).
    Missing,
    /// A gateway that lets [`LIMIT_PER_SECOND`] requests start in any second and refuses the
    /// others with 429 and `Retry-After: 1`.
    Limiter,
    /// Every fifth request fails with 503.
    Flaky,
    /// After ten answers, every request fails with 503.
    Outage,
}

/// The limiter's rate: requests started per second.
const LIMIT_PER_SECOND: usize = 2;

impl Profile {
    const FAULTS: [Profile; 4] = [
        Profile::Missing,
        Profile::Limiter,
        Profile::Flaky,
        Profile::Outage,
    ];

    fn name(self) -> &'static str {
        match self {
            Profile::Healthy => "healthy",
            Profile::Missing => "missing",
            Profile::Limiter => "limiter",
            Profile::Flaky => "flaky",
            Profile::Outage => "outage",
        }
    }

    fn parse(name: &str) -> Option<Profile> {
        [Profile::Healthy]
            .into_iter()
            .chain(Profile::FAULTS)
            .find(|p| p.name() == name)
    }

    fn describe(self) -> &'static str {
        match self {
            Profile::Healthy => "healthy",
            Profile::Missing => "one text left out of every third answer",
            Profile::Limiter => "2 requests/s limiter (429, Retry-After: 1)",
            Profile::Flaky => "every fifth request 503",
            Profile::Outage => "503 for every request after 10 answers",
        }
    }
}

/// What the fake counts, served at `GET /stats`: requests and texts received.
#[derive(Default)]
struct Seen {
    requests: std::sync::atomic::AtomicUsize,
    texts: std::sync::atomic::AtomicUsize,
    answers: std::sync::atomic::AtomicUsize,
    starts: std::sync::Mutex<std::collections::VecDeque<Instant>>,
}

enum Fault {
    None,
    /// Leave out one text of the answer.
    DropOne,
    Refuse(u16),
}

impl Seen {
    /// Count a request of `texts` texts and decide what the profile does with it.
    fn admit(&self, profile: Profile, texts: usize) -> Fault {
        use std::sync::atomic::Ordering::SeqCst;
        let n = self.requests.fetch_add(1, SeqCst);
        self.texts.fetch_add(texts, SeqCst);
        match profile {
            Profile::Healthy => Fault::None,
            Profile::Missing => {
                if self.answers.fetch_add(1, SeqCst) % 3 == 2 {
                    Fault::DropOne
                } else {
                    Fault::None
                }
            }
            Profile::Limiter => {
                let now = Instant::now();
                let mut starts = self.starts.lock().expect("limiter");
                while starts
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
                {
                    starts.pop_front();
                }
                if starts.len() >= LIMIT_PER_SECOND {
                    Fault::Refuse(429)
                } else {
                    starts.push_back(now);
                    Fault::None
                }
            }
            Profile::Flaky if n % 5 == 4 => Fault::Refuse(503),
            Profile::Flaky => Fault::None,
            Profile::Outage if self.answers.fetch_add(1, SeqCst) >= 10 => Fault::Refuse(503),
            Profile::Outage => Fault::None,
        }
    }
}

/// The fake engine, for this benchmark and for `.ci/contract-check`: the translate
/// endpoints of LibreTranslate, OpenAI, DeepL (with the v3 glossary list and create) and
/// Google v2, each request held for the latency, at most `concurrency` requests served at once,
/// misbehaving as `profile` says. Answers are well-formed per the providers' specs.
fn serve(latency_ms: u64, concurrency: usize, profile: Profile) {
    use axum::Json;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use axum::routing::{get, post};
    use serde_json::{Value, json};

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
        let seen = Arc::new(Seen::default());
        let latency = Duration::from_millis(latency_ms);
        let hold = move |gate: Arc<tokio::sync::Semaphore>| async move {
            let permit = gate.acquire_owned().await.expect("semaphore");
            tokio::time::sleep(latency).await;
            permit
        };
        let refuse = |status: u16| -> Response {
            let mut r = (
                StatusCode::from_u16(status).expect("status"),
                Json(json!({"error": {"message": "refused by the fake", "code": "rate_limit_exceeded"}})),
            )
                .into_response();
            if status == 429 {
                r.headers_mut()
                    .insert("retry-after", axum::http::HeaderValue::from_static("1"));
            }
            r
        };
        let texts = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| a.iter().map(|t| english(t.as_str().unwrap_or(""))).collect())
                .unwrap_or_default()
        };
        let count = |v: &Value| v.as_array().map_or(0, Vec::len);
        let (g1, g2, g3, g4) = (Arc::clone(&gate), Arc::clone(&gate), Arc::clone(&gate), Arc::clone(&gate));
        let (s1, s2, s3, s4, s5) = (
            Arc::clone(&seen),
            Arc::clone(&seen),
            Arc::clone(&seen),
            Arc::clone(&seen),
            Arc::clone(&seen),
        );
        let app = axum::Router::new()
            .route(
                "/stats",
                get(move || {
                    let seen = Arc::clone(&s5);
                    async move {
                        use std::sync::atomic::Ordering::SeqCst;
                        Json(json!({
                            "requests": seen.requests.load(SeqCst),
                            "texts": seen.texts.load(SeqCst),
                        }))
                    }
                }),
            )
            .route(
                "/translate",
                post(move |Json(body): Json<Value>| {
                    let (gate, seen) = (Arc::clone(&g1), Arc::clone(&s1));
                    async move {
                        let fault = seen.admit(profile, count(&body["q"]));
                        let _permit = hold(gate).await;
                        let mut out = texts(&body["q"]);
                        match fault {
                            Fault::Refuse(status) => return refuse(status),
                            Fault::DropOne => {
                                out.pop();
                            }
                            Fault::None => {}
                        }
                        Json(json!({ "translatedText": out })).into_response()
                    }
                }),
            )
            .route(
                "/v1/chat/completions",
                post(move |Json(body): Json<Value>| {
                    let (gate, seen) = (Arc::clone(&g2), Arc::clone(&s2));
                    async move {
                        let user: Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap_or("{}"))
                            .unwrap_or_default();
                        let fault = seen.admit(profile, count(&user["items"]));
                        let _permit = hold(gate).await;
                        let mut items: Vec<Value> = user["items"]
                            .as_array()
                            .map(|a| a.iter().map(|i| json!({"id": i["id"], "text": english(i["text"].as_str().unwrap_or(""))})).collect())
                            .unwrap_or_default();
                        match fault {
                            Fault::Refuse(status) => return refuse(status),
                            Fault::DropOne => {
                                items.pop();
                            }
                            Fault::None => {}
                        }
                        let n = items.len();
                        let content = json!({ "translations": items }).to_string();
                        Json(json!({
                            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
                            "model": body["model"],
                            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                                "message": {"role": "assistant", "content": content, "refusal": null}}],
                            "usage": {"prompt_tokens": 40 * n, "completion_tokens": 15 * n, "total_tokens": 55 * n}
                        }))
                        .into_response()
                    }
                }),
            )
            .route(
                "/v2/translate",
                post(move |Json(body): Json<Value>| {
                    let (gate, seen) = (Arc::clone(&g3), Arc::clone(&s3));
                    async move {
                        let fault = seen.admit(profile, count(&body["text"]));
                        let _permit = hold(gate).await;
                        let mut out: Vec<Value> = texts(&body["text"])
                            .into_iter()
                            .map(|t| json!({"detected_source_language": "AR", "text": t}))
                            .collect();
                        match fault {
                            Fault::Refuse(status) => return refuse(status),
                            Fault::DropOne => {
                                out.pop();
                            }
                            Fault::None => {}
                        }
                        Json(json!({ "translations": out })).into_response()
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
                    let (gate, seen) = (Arc::clone(&g4), Arc::clone(&s4));
                    async move {
                        let fault = seen.admit(profile, count(&body["q"]));
                        let _permit = hold(gate).await;
                        let mut out: Vec<Value> =
                            texts(&body["q"]).into_iter().map(|t| json!({"translatedText": t})).collect();
                        match fault {
                            Fault::Refuse(status) => return refuse(status),
                            Fault::DropOne => {
                                out.pop();
                            }
                            Fault::None => {}
                        }
                        Json(json!({"data": {"translations": out}})).into_response()
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
