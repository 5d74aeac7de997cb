//! The run loop against in-process fake engines: batching, concurrency, retries, splits,
//! stops and cancellation.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::*;

/// A unit with just an id and a text.
pub(crate) fn unit(id: u64, text: &str) -> Unit {
    Unit {
        id,
        text: text.into(),
        context: None,
        terms: vec![],
        term_spans: vec![],
        examples: vec![],
    }
}

pub(crate) fn units(n: u64) -> Vec<Unit> {
    (1..=n).map(|i| unit(i, &format!("جملة {i}"))).collect()
}

/// Run `units` through `engine` with quick retries: the outcome and the stored translations
/// in id order.
pub(crate) async fn run_units<T>(engine: T, units: Vec<Unit>) -> (Outcome, Vec<Translation>)
where
    T: Translator + Send + Sync + 'static,
{
    let mut stored: Vec<Translation> = Vec::new();
    let outcome = run(
        Arc::new(engine),
        units,
        RunOptions { jobs: 1, ..fast() },
        std::future::pending(),
        |_| {},
        |batch| {
            stored.extend(batch);
            Ok(())
        },
    )
    .await
    .unwrap();
    stored.sort_by_key(|t| t.id);
    (outcome, stored)
}

fn fast() -> RunOptions {
    RunOptions {
        jobs: 4,
        rate: None,
        retry: RetryPolicy {
            max_retries: 3,
            base: Duration::from_millis(1),
            cap: Duration::from_millis(5),
            retry_after_cap: Duration::from_secs(2),
            rate_limit_wait: Duration::from_secs(5),
            breaker: 8,
            rate_window: Duration::from_millis(100),
        },
    }
}

/// What the fake does with the n-th call (0-based) and its batch.
type Script = dyn Fn(usize, &[Unit]) -> Result<Vec<Translation>, Error> + Send + Sync;

struct Fake {
    calls: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    batches: Mutex<Vec<Vec<u64>>>,
    limits: Limits,
    delay: Duration,
    script: Box<Script>,
}

impl Fake {
    fn new(
        limits: Limits,
        script: impl Fn(usize, &[Unit]) -> Result<Vec<Translation>, Error> + Send + Sync + 'static,
    ) -> Fake {
        Fake {
            calls: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            batches: Mutex::new(Vec::new()),
            limits,
            delay: Duration::from_millis(5),
            script: Box::new(script),
        }
    }
}

fn echo(batch: &[Unit]) -> Vec<Translation> {
    batch
        .iter()
        .map(|u| Translation {
            id: u.id,
            text: format!("en {}", u.id),
        })
        .collect()
}

impl Translator for Fake {
    fn name(&self) -> &'static str {
        "fake"
    }
    fn model(&self) -> Option<String> {
        None
    }
    fn limits(&self) -> Limits {
        self.limits
    }
    async fn translate(&self, batch: &[Unit]) -> Result<Vec<Translation>, Error> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        self.batches
            .lock()
            .unwrap()
            .push(batch.iter().map(|u| u.id).collect());
        tokio::time::sleep(self.delay).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        (self.script)(n, batch)
    }
}

fn limits(max_units: usize) -> Limits {
    Limits {
        max_units,
        max_bytes: 1 << 20,
    }
}

async fn collect(
    engine: Arc<Fake>,
    units: Vec<Unit>,
    options: RunOptions,
) -> (Result<Outcome, Error>, Vec<Translation>, Vec<Event>) {
    let mut stored = Vec::new();
    let mut events = Vec::new();
    let result = run(
        engine,
        units,
        options,
        std::future::pending(),
        |e| events.push(e.clone()),
        |batch| {
            stored.extend(batch);
            Ok(())
        },
    )
    .await;
    (result, stored, events)
}

#[test]
fn batches_respect_count_and_bytes() {
    let batches = plan_batches(units(45), limits(20));
    assert_eq!(
        batches.iter().map(Vec::len).collect::<Vec<_>>(),
        [20, 20, 5]
    );
    let long: Vec<Unit> = (1..=4).map(|i| unit(i, &"x".repeat(40))).collect();
    let batches = plan_batches(
        long,
        Limits {
            max_units: 10,
            max_bytes: 100,
        },
    );
    assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2]);
    // A unit larger than the budget still goes, alone.
    let batches = plan_batches(
        vec![unit(1, &"x".repeat(500))],
        Limits {
            max_units: 10,
            max_bytes: 100,
        },
    );
    assert_eq!(batches.len(), 1);
}

#[test]
fn batch_size_never_exceeds_the_provider() {
    let l = Limits {
        max_units: 50,
        max_bytes: 10,
    };
    assert_eq!(l.with_batch_size(Some(80)).max_units, 50);
    assert_eq!(l.with_batch_size(Some(20)).max_units, 20);
    assert_eq!(l.with_batch_size(None).max_units, 50);
}

#[tokio::test]
async fn all_units_arrive_with_jobs_in_flight() {
    let engine = Arc::new(Fake::new(limits(10), |_, b| Ok(echo(b))));
    let (result, stored, _) = collect(Arc::clone(&engine), units(100), fast()).await;
    let outcome = result.unwrap();
    assert_eq!(outcome.stats.segments, 100);
    assert_eq!(outcome.stats.requests, 10);
    assert_eq!(stored.len(), 100);
    assert_eq!(engine.max_in_flight.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn transient_errors_are_retried() {
    let engine = Arc::new(Fake::new(limits(10), |n, b| {
        if n < 2 {
            Err(Error::Transient {
                backend: "fake",
                status: 503,
                message: "busy".into(),
                retry_after: None,
            })
        } else {
            Ok(echo(b))
        }
    }));
    let options = RunOptions { jobs: 1, ..fast() };
    let (result, stored, events) = collect(engine, units(5), options).await;
    let outcome = result.unwrap();
    assert_eq!(outcome.stats.retries, 2);
    assert_eq!(outcome.stats.requests, 3);
    assert_eq!(stored.len(), 5);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Retry { .. }))
            .count(),
        2
    );
}

#[tokio::test]
async fn retry_after_is_waited_for() {
    let engine = Arc::new(Fake::new(limits(10), |n, b| {
        if n == 0 {
            Err(Error::Transient {
                backend: "fake",
                status: 429,
                message: "slow down".into(),
                retry_after: Some(Duration::from_millis(200)),
            })
        } else {
            Ok(echo(b))
        }
    }));
    let start = std::time::Instant::now();
    let (result, _, events) = collect(engine, units(3), fast()).await;
    assert!(result.is_ok());
    assert!(start.elapsed() >= Duration::from_millis(200));
    // Retry-After with up to a quarter of it again as jitter.
    assert!(events.iter().any(|e| matches!(e, Event::Retry { first: 1, attempt: 1, delay, reason }
        if *delay >= Duration::from_millis(200) && *delay <= Duration::from_millis(250) && reason == "HTTP 429")), "{events:?}");
}

#[tokio::test]
async fn a_wait_beyond_the_cap_stops() {
    let engine = Arc::new(Fake::new(limits(10), |_, _| {
        Err(Error::Transient {
            backend: "fake",
            status: 429,
            message: "later".into(),
            retry_after: Some(Duration::from_secs(3600)),
        })
    }));
    let (result, stored, _) = collect(engine, units(3), fast()).await;
    let err = result.unwrap_err();
    assert!(stored.is_empty());
    let Error::Batch { source, first, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(first, 1);
    assert!(matches!(*source, Error::WaitTooLong { .. }), "{source}");
}

#[tokio::test]
async fn an_answer_missing_ids_keeps_the_rest_and_asks_again_for_those() {
    // Every batch larger than 2 comes back without its last id.
    let engine = Arc::new(Fake::new(limits(8), |_, b| {
        let mut out = echo(b);
        if b.len() > 2 {
            out.pop();
        }
        Ok(out)
    }));
    let options = RunOptions { jobs: 1, ..fast() };
    let (result, stored, events) = collect(Arc::clone(&engine), units(8), options).await;
    let outcome = result.unwrap();
    assert_eq!(stored.len(), 8);
    assert_eq!(outcome.stats.splits, 0);
    assert_eq!(outcome.stats.partial_answers, 1);
    assert_eq!(outcome.stats.reasked, 1);
    assert_eq!(outcome.stats.texts, 9);
    assert!(events.contains(&Event::Missing {
        first: 8,
        missing: 1
    }));
    let batches = engine.batches.lock().unwrap().clone();
    assert_eq!(batches, [vec![1, 2, 3, 4, 5, 6, 7, 8], vec![8]]);
}

#[tokio::test]
async fn an_answer_with_no_known_id_splits_the_batch() {
    let engine = Arc::new(Fake::new(limits(4), |_, b| {
        if b.len() > 1 {
            Ok(vec![Translation {
                id: 99,
                text: "?".into(),
            }])
        } else {
            Ok(echo(b))
        }
    }));
    let options = RunOptions { jobs: 1, ..fast() };
    let (result, stored, _) = collect(Arc::clone(&engine), units(4), options).await;
    let outcome = result.unwrap();
    assert_eq!(stored.len(), 4);
    assert_eq!(outcome.stats.splits, 3);
}

#[tokio::test]
async fn a_short_positional_answer_resends_the_batch_then_splits() {
    // An engine that answers by position: a short answer cannot be matched.
    let engine = Arc::new(Fake::new(limits(4), |n, b| {
        if n == 0 || (b.len() > 2 && n < 10) {
            Err(Error::Count {
                backend: "fake",
                expected: b.len(),
                got: b.len() - 1,
            })
        } else {
            Ok(echo(b))
        }
    }));
    let options = RunOptions { jobs: 1, ..fast() };
    let (result, stored, _) = collect(Arc::clone(&engine), units(4), options).await;
    let outcome = result.unwrap();
    assert_eq!(stored.len(), 4);
    // Sent again whole once, then split.
    assert_eq!(outcome.stats.resent, 1);
    assert_eq!(outcome.stats.splits, 1);
    assert_eq!(outcome.stats.texts, 4 + 4 + 2 + 2);
}

#[tokio::test]
async fn a_fatal_error_stops_after_in_flight_batches_are_stored() {
    let engine = Arc::new(Fake::new(limits(5), |n, b| {
        if n == 2 {
            Err(Error::Rejected {
                backend: "fake",
                status: 456,
                message: "quota".into(),
                hint: "buy more".into(),
            })
        } else {
            Ok(echo(b))
        }
    }));
    let options = RunOptions { jobs: 2, ..fast() };
    let (result, stored, _) = collect(Arc::clone(&engine), units(50), options).await;
    let err = result.unwrap_err();
    assert!(matches!(&err, Error::Batch { attempts: 1, .. }), "{err}");
    // The two batches before the failure and the one in flight beside it are stored; no more
    // were sent.
    assert_eq!(stored.len(), 15);
    assert_eq!(engine.calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn an_outage_opens_the_circuit_and_stops_with_few_probes() {
    // Two answers, then the server fails every request.
    let engine = Arc::new(Fake::new(limits(5), |n, b| {
        if n < 2 {
            Ok(echo(b))
        } else {
            Err(Error::Transient {
                backend: "fake",
                status: 503,
                message: "down".into(),
                retry_after: None,
            })
        }
    }));
    let mut options = RunOptions { jobs: 4, ..fast() };
    options.retry.breaker = 3;
    let (result, stored, _) = collect(Arc::clone(&engine), units(200), options).await;
    assert!(result.is_err());
    assert_eq!(stored.len(), 10);
    // After the first failures: the requests in flight and a few probes, never more.
    let calls = engine.calls.load(Ordering::SeqCst);
    let bound = 2 + 4 + options.retry.breaker as usize + options.retry.max_retries as usize;
    assert!(calls <= bound, "{calls} calls > {bound}");
}

#[tokio::test]
async fn a_rate_limit_slows_the_pool_and_the_run_finishes() {
    // A limiter on the fake: at most 2 requests in any 100 ms, else 429 (Retry-After 50 ms).
    let starts = Arc::new(Mutex::new(Vec::<std::time::Instant>::new()));
    let seen = Arc::clone(&starts);
    let engine = Arc::new(Fake::new(limits(5), move |_, b| {
        let now = std::time::Instant::now();
        let mut starts = seen.lock().unwrap();
        starts.retain(|t| now.duration_since(*t) < Duration::from_millis(100));
        if starts.len() >= 2 {
            return Err(Error::Transient {
                backend: "fake",
                status: 429,
                message: "slow down".into(),
                retry_after: Some(Duration::from_millis(50)),
            });
        }
        starts.push(now);
        Ok(echo(b))
    }));
    let options = RunOptions {
        jobs: 8,
        retry: RetryPolicy {
            max_retries: 0,
            ..fast().retry
        },
        ..fast()
    };
    let (result, stored, _) = collect(Arc::clone(&engine), units(60), options).await;
    let outcome = result.unwrap();
    assert_eq!(stored.len(), 60);
    assert!(outcome.stats.slowdowns >= 1);
    // 12 batches: the first burst loses 6, and the pool stays under the limit after it.
    let calls = engine.calls.load(Ordering::SeqCst);
    assert!(calls <= 12 + 6 + 2, "{calls} calls for 12 batches");
    assert_eq!(outcome.stats.rate_limited, calls - 12);
}

#[tokio::test]
async fn cancel_stops_sending() {
    let engine = Arc::new(Fake::new(limits(5), |_, b| Ok(echo(b))));
    let mut stored = 0;
    let outcome = run(
        Arc::clone(&engine),
        units(50),
        RunOptions { jobs: 1, ..fast() },
        tokio::time::sleep(Duration::from_millis(12)),
        |_| {},
        |b| {
            stored += b.len();
            Ok(())
        },
    )
    .await
    .unwrap();
    assert!(outcome.interrupted);
    assert!(stored < 50);
    assert_eq!(outcome.stats.segments, stored);
}

#[tokio::test]
async fn nothing_to_do_sends_nothing() {
    let engine = Arc::new(Fake::new(limits(5), |_, b| Ok(echo(b))));
    let (result, _, _) = collect(Arc::clone(&engine), Vec::new(), fast()).await;
    assert_eq!(result.unwrap().stats.requests, 0);
    assert_eq!(engine.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn broken_codes_are_retried_once_then_reattached() {
    // Unit 1's codes are dropped on every call; unit 2's only on the first.
    let engine = Arc::new(Fake::new(limits(10), |n, b| {
        Ok(b.iter()
            .map(|u| Translation {
                id: u.id,
                text: match (u.id, n) {
                    (1, _) | (2, 0) => "lost".into(),
                    (2, _) => "<g1>kept</g1>".into(),
                    _ => "plain".into(),
                },
            })
            .collect())
    }));
    let units = vec![
        unit(1, "<x1/>قال <g2>لافروف</g2>"),
        unit(2, "<g1>حمص</g1>"),
        unit(3, "بلا رموز"),
    ];
    let (result, mut stored, _) = collect(Arc::clone(&engine), units, fast()).await;
    let outcome = result.unwrap();
    stored.sort_by_key(|t| t.id);
    assert_eq!(stored[0].text, "<x1/><g2>lost</g2>");
    assert_eq!(stored[1].text, "<g1>kept</g1>");
    assert_eq!(stored[2].text, "plain");
    assert_eq!(*engine.batches.lock().unwrap(), [vec![1, 2, 3], vec![1, 2]]);
    assert_eq!(outcome.stats.requests, 2);
    assert_eq!(outcome.stats.code_retries, 2);
    assert_eq!(outcome.stats.codes_reattached, 1);
    assert_eq!(outcome.stats.segments, 3);
}

#[test]
fn statuses_are_classified() {
    let hint = |_| String::from("h");
    for s in [408, 409, 429, 500, 502, 503, 504, 529] {
        assert_eq!(
            status_error("x", s, String::new(), None, hint).action(),
            Action::Retry,
            "{s}"
        );
    }
    for s in [400, 401, 403, 404, 456, 422] {
        assert_eq!(
            status_error("x", s, String::new(), None, hint).action(),
            Action::Stop,
            "{s}"
        );
    }
    assert_eq!(
        status_error("x", 413, String::new(), None, hint).action(),
        Action::Split
    );
}
