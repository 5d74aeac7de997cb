//! Machine translation: the backend interface, batching and the run loop.
//!
//! A backend receives a batch of [`Unit`]s (segment id, source text, context and the glossary
//! terms found in it) and returns one [`Translation`] per id. The run loop packs units into
//! batches within the backend's [`Limits`], keeps up to `jobs` requests in flight under an
//! optional rate, retries transient failures with backoff, splits batches whose answer does
//! not fit, checks every answer's inline codes (see [`tags`]: a unit whose codes came back
//! broken is sent once more, then stored with its codes re-attached), and hands every finished
//! batch to a sink at once, so that the caller can store it before the next one arrives. This
//! is the only async code of the crate; it never prints and never reads the environment
//! (settings come in as values).
//!
//! A unit's text may hold inline codes in the text form of [`crate::codes`] (`<g1>…</g1>`,
//! `<x2/>`); every backend must give them back in its translation: DeepL as XML, Google and
//! LibreTranslate as HTML (see [`markup`]), the OpenAI-compatible backend as they are, with
//! instructions, and the stub keeps them in place.

pub mod control;
pub mod deepl;
pub mod google;
pub mod http;
pub mod libre;
pub mod markup;
pub mod openai;
pub mod placeholder;
pub mod pool;
pub mod retry;
pub mod stub;
pub mod tags;
pub mod usage;

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use control::{Control, Verdict};
use retry::{Delay, RetryPolicy};
pub use usage::{Billing, Estimate, Price, TokenCounter, Tokens};

/// A glossary term found in a unit, with the rendering the target must use.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermHint {
    /// The Arabic text as it appears in the source.
    pub source: String,
    /// The required English rendering.
    pub target: String,
    /// An earlier draft broke this term: engines that take instructions are told so.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stressed: bool,
}

/// One segment to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The segment id; the translation must come back with the same id.
    pub id: u64,
    /// The source sentence, with its inline codes in the text form of [`crate::codes`].
    pub text: String,
    /// The surrounding paragraph, for engines that use context.
    pub context: Option<String>,
    pub terms: Vec<TermHint>,
    /// For the stub and placeholder protection: the byte ranges of glossary matches in `text`,
    /// with their proclitics rendered in English (`and `, `in `…) and the rendering.
    pub term_spans: Vec<TermSpan>,
    /// Earlier translations of similar sentences (fuzzy translation-memory matches), best
    /// first, for the engines that take examples (openai).
    pub examples: Vec<Example>,
}

/// A fuzzy translation-memory match sent with a unit as an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub score: u8,
    pub source: String,
    pub target: String,
}

/// Where a glossary term stands in a unit's text, and how it must be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermSpan {
    pub range: std::ops::Range<usize>,
    /// English for the proclitics in front of the term (`and in `), may be empty.
    pub prefix: String,
    pub rendering: String,
}

/// A backend's answer for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub id: u64,
    pub text: String,
}

/// The English variant asked of engines that distinguish them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Variant {
    #[default]
    Us,
    Gb,
}

impl Variant {
    /// DeepL's target code: `EN-US` or `EN-GB`.
    pub fn deepl_code(self) -> &'static str {
        match self {
            Variant::Us => "EN-US",
            Variant::Gb => "EN-GB",
        }
    }

    /// The BCP 47 tag: `en-US` or `en-GB`.
    pub fn tag(self) -> &'static str {
        match self {
            Variant::Us => "en-US",
            Variant::Gb => "en-GB",
        }
    }
}

/// Replace every occurrence of `key` in a server's message, in case it echoes the key.
pub fn scrub(message: &str, key: Option<&http::Secret>) -> String {
    match key {
        Some(k) if !k.expose().is_empty() => message.replace(k.expose(), http::REDACTED),
        _ => message.to_owned(),
    }
}

/// How many units and bytes of source text one request may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_units: usize,
    pub max_bytes: usize,
}

impl Limits {
    /// These limits with at most `units` units a request (never above the provider's).
    pub fn with_batch_size(self, units: Option<usize>) -> Limits {
        Limits {
            max_units: units.map_or(self.max_units, |u| u.clamp(1, self.max_units)),
            ..self
        }
    }
}

/// What the run loop does after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A transient fault: wait and send the same request again.
    Retry,
    /// The answer did not fit the batch: send its halves separately.
    Split,
    /// An engine that answers by position gave too few or too many texts: nothing can be
    /// matched, send the batch again (split after [`MAX_RESENDS`]).
    Resend,
    /// Stop the run: trying again cannot help.
    Stop,
}

/// Times a batch is sent again whole after a short answer from an engine that answers by
/// position, before it is split.
pub const MAX_RESENDS: u32 = 1;

/// Why the sink of a run (what stores its finished batches) failed: its own error, kept
/// whole for the caller.
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Errors of the translation run. Each names the backend; the ones that stop a run say
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{backend}: cannot reach `{host}`: {message}")]
    Connect {
        backend: &'static str,
        host: String,
        message: String,
    },
    #[error("{backend}: `{host}` gave no complete answer within {seconds} s")]
    Timeout {
        backend: &'static str,
        host: String,
        seconds: f64,
    },
    #[error("{backend}: HTTP {status}: {message}")]
    Transient {
        backend: &'static str,
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    },
    #[error("{backend}: HTTP {status}: {message}")]
    Rejected {
        backend: &'static str,
        status: u16,
        message: String,
        hint: String,
    },
    #[error("{backend}: the request is too large for the server (HTTP {status}): {message}")]
    TooLarge {
        backend: &'static str,
        status: u16,
        message: String,
    },
    #[error(
        "{backend}: rate limited, and the server asks to wait {} s, longer than the {} s this run waits",
        .wait.as_secs(), .cap.as_secs()
    )]
    WaitTooLong {
        backend: &'static str,
        wait: Duration,
        cap: Duration,
    },
    #[error("{backend}: the answer is not valid: {message}")]
    Malformed {
        backend: &'static str,
        message: String,
    },
    #[error("{backend}: the answer was cut off (finish_reason `{reason}`)")]
    Truncated {
        backend: &'static str,
        reason: String,
    },
    #[error("{backend}: the model refused: {message}")]
    Refused {
        backend: &'static str,
        message: String,
    },
    #[error("{backend}: the answer has {got} translations for {expected} segments")]
    Count {
        backend: &'static str,
        expected: usize,
        got: usize,
    },
    #[error("{backend}: the answer is missing segment {id}")]
    MissingId { backend: &'static str, id: u64 },
    #[error("{backend}: {message}")]
    Config {
        backend: &'static str,
        message: String,
    },
    #[error(
        "a batch of {size} segment(s) starting at segment {first} failed after {attempts} attempt(s)"
    )]
    Batch {
        /// The ids of the batch's units.
        ids: Vec<u64>,
        first: u64,
        size: usize,
        attempts: u32,
        #[source]
        source: Box<Error>,
    },
    #[error("could not store a finished batch: {0}")]
    Sink(SinkError),
}

impl Error {
    /// What to do next, shown under the error as a `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Rejected { hint, .. } => Some(hint.clone()),
            Error::WaitTooLong { .. } => {
                Some("run the same command again later; finished segments are kept".to_owned())
            }
            Error::Connect { .. } => Some(
                "check that the server is running and that its address (`--base-url` or the \
                 backend's URL variable) is right"
                    .to_owned(),
            ),
            Error::Timeout { .. } => Some(
                "the server is slow or overloaded: raise `--timeout`, or lower `--jobs` or \
                 `--batch-size`"
                    .to_owned(),
            ),
            Error::Batch { source, .. } => source.hint(),
            _ => None,
        }
    }

    /// What the run loop does with this error.
    pub fn action(&self) -> Action {
        match self {
            Error::Connect { .. } | Error::Timeout { .. } | Error::Transient { .. } => {
                Action::Retry
            }
            Error::Malformed { .. }
            | Error::Truncated { .. }
            | Error::Refused { .. }
            | Error::MissingId { .. }
            | Error::TooLarge { .. } => Action::Split,
            Error::Count { .. } => Action::Resend,
            Error::Rejected { .. }
            | Error::WaitTooLong { .. }
            | Error::Config { .. }
            | Error::Batch { .. }
            | Error::Sink(_) => Action::Stop,
        }
    }

    /// A refusal for the request rate (HTTP 429, DeepL's 529): the whole pool slows down.
    pub fn is_rate_limit(&self) -> bool {
        matches!(
            self,
            Error::Transient {
                status: 429 | 529,
                ..
            }
        )
    }

    /// Whether the server answered and billed the request although the answer is not used
    /// as it is (a short, truncated or malformed answer).
    fn billed(&self) -> bool {
        matches!(self.action(), Action::Split | Action::Resend)
            && !matches!(self, Error::TooLarge { .. })
    }

    /// The delay the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Transient { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short reason for progress lines (`HTTP 429`, `timeout`…).
    pub fn short(&self) -> String {
        match self {
            Error::Connect { .. } => "connection failed".into(),
            Error::Timeout { .. } => "timeout".into(),
            Error::Transient { status, .. }
            | Error::Rejected { status, .. }
            | Error::TooLarge { status, .. } => format!("HTTP {status}"),
            Error::Malformed { .. } => "malformed answer".into(),
            Error::Truncated { .. } => "truncated answer".into(),
            Error::Refused { .. } => "refusal".into(),
            Error::Count { .. } | Error::MissingId { .. } => "wrong translations".into(),
            other => other.to_string(),
        }
    }
}

/// Map an HTTP error status to an error: 408, 409, 425, 429, 5xx and DeepL's 529 are
/// transient; everything else stops the run with `hint`.
pub fn status_error(
    backend: &'static str,
    status: u16,
    message: String,
    retry_after: Option<Duration>,
    hint: impl FnOnce(u16) -> String,
) -> Error {
    match status {
        408 | 409 | 425 | 429 | 500..=599 => Error::Transient {
            backend,
            status,
            message,
            retry_after,
        },
        413 => Error::TooLarge {
            backend,
            status,
            message,
        },
        _ => Error::Rejected {
            backend,
            status,
            message,
            hint: hint(status),
        },
    }
}

/// The hint for statuses every provider shares; `key_var` names where the key came from.
pub fn common_hint(status: u16, key_var: &str) -> String {
    match status {
        401 => format!("the key was refused: check `{key_var}`"),
        403 => format!(
            "access denied: check that the key in `{key_var}` is valid for this service and address"
        ),
        404 => "not found: check the base URL (`--base-url`) and the model (`--model`)".into(),
        400 | 422 => "the server rejected the request; check `--model` and the settings, and report it if it persists".into(),
        _ => "the server refused the request; trying again will not help".into(),
    }
}

/// A machine-translation engine.
pub trait Translator {
    /// The backend's name as stored in a segment's origin (`stub`, `openai`…).
    fn name(&self) -> &'static str;
    /// The model or engine version, when there is one.
    fn model(&self) -> Option<String>;
    fn limits(&self) -> Limits;
    /// Translate one batch: exactly one translation per unit id, each keeping its unit's
    /// inline codes.
    fn translate(
        &self,
        batch: &[Unit],
    ) -> impl Future<Output = Result<Vec<Translation>, Error>> + Send;
    /// Translate again units whose inline codes came back broken (see [`tags`]); engines that
    /// take instructions are told so. By default, the same as [`Translator::translate`].
    fn retranslate_codes(
        &self,
        batch: &[Unit],
    ) -> impl Future<Output = Result<Vec<Translation>, Error>> + Send {
        self.translate(batch)
    }
    /// Work to do once before the first batch (DeepL: sync the glossary).
    fn prepare(&self) -> impl Future<Output = Result<(), Error>> + Send {
        async { Ok(()) }
    }
    /// The request this batch would send, keys redacted (`--dry-run`); `None` for offline
    /// engines.
    fn preview(&self, batch: &[Unit]) -> Result<Option<serde_json::Value>, Error> {
        let _ = batch;
        Ok(None)
    }
    /// The requests [`Translator::prepare`] may send, keys redacted (`--dry-run`), each with
    /// a `when` saying when it is sent.
    fn prepare_preview(&self) -> Result<Vec<serde_json::Value>, Error> {
        Ok(Vec::new())
    }
    /// What the engine bills for.
    fn billing(&self) -> Billing {
        Billing::Free
    }
    /// The tokens the engine's answers reported so far (OpenAI-compatible `usage`), added
    /// up over the engine's life; engines that report none give zeros.
    fn tokens(&self) -> Tokens {
        Tokens::default()
    }
}

/// Pack units into batches within `limits`, in order.
pub fn plan_batches(units: Vec<Unit>, limits: Limits) -> Vec<Vec<Unit>> {
    let mut batches = Vec::new();
    let mut current: Vec<Unit> = Vec::new();
    let mut bytes = 0;
    for unit in units {
        let size = unit.text.len();
        if !current.is_empty()
            && (current.len() >= limits.max_units || bytes + size > limits.max_bytes)
        {
            batches.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.push(unit);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// Check that a batch's answer holds exactly one translation per unit, and order it like
/// the units.
pub fn match_ids(
    backend: &'static str,
    batch: &[Unit],
    mut answer: Vec<Translation>,
) -> Result<Vec<Translation>, Error> {
    check_count(backend, batch, answer.len())?;
    let mut out = Vec::with_capacity(batch.len());
    for unit in batch {
        let pos = answer
            .iter()
            .position(|t| t.id == unit.id)
            .ok_or(Error::MissingId {
                backend,
                id: unit.id,
            })?;
        out.push(answer.swap_remove(pos));
    }
    Ok(out)
}

/// [`Error::Count`] unless an answer of `got` translations has one for each unit of `batch`.
fn check_count(backend: &'static str, batch: &[Unit], got: usize) -> Result<(), Error> {
    if got == batch.len() {
        Ok(())
    } else {
        Err(Error::Count {
            backend,
            expected: batch.len(),
            got,
        })
    }
}

/// The answer of a backend that returns bare texts in request order: one translation per
/// unit of `batch`, or [`Error::Count`].
fn in_batch_order(
    backend: &'static str,
    batch: &[Unit],
    texts: Vec<String>,
) -> Result<Vec<Translation>, Error> {
    check_count(backend, batch, texts.len())?;
    Ok(batch
        .iter()
        .zip(texts)
        .map(|(unit, text)| Translation { id: unit.id, text })
        .collect())
}

/// How a run sends its requests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Requests in flight at once (at least 1).
    pub jobs: usize,
    /// At most this many requests started per second.
    pub rate: Option<f64>,
    pub retry: RetryPolicy,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            jobs: 4,
            rate: None,
            retry: RetryPolicy::default(),
        }
    }
}

/// What happened during a run, for progress displays.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A request failed and will be sent again after `delay`.
    Retry {
        first: u64,
        attempt: u32,
        delay: Duration,
        reason: String,
    },
    /// A batch's answer did not fit; its halves are sent separately.
    Split {
        first: u64,
        size: usize,
        reason: String,
    },
    /// An answer left out `missing` of a batch's segments: the others are kept, these are
    /// asked again.
    Missing { first: u64, missing: usize },
    /// A batch was stored: `units` more segments are done.
    Stored { units: usize },
}

/// Counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Segments translated and stored.
    pub segments: usize,
    /// HTTP requests (or engine calls) made, retries included.
    pub requests: usize,
    pub retries: usize,
    /// Batches split after an answer that did not fit.
    pub splits: usize,
    /// Characters of source text sent, every attempt counted.
    pub characters: usize,
    /// Segment texts sent, every attempt counted: over `segments`, the run's waste.
    pub texts: usize,
    /// Segments sent once more because their answer broke their inline codes.
    pub code_retries: usize,
    /// Segments stored with their inline codes re-attached around the whole sentence,
    /// because the answer broke them twice.
    pub codes_reattached: usize,
    /// Answers that left out some of their batch's segments (the rest was kept).
    pub partial_answers: usize,
    /// Segments asked again because an answer left them out.
    pub reasked: usize,
    /// Batches sent again whole because an engine that answers by position gave too few or
    /// too many texts.
    pub resent: usize,
    /// Requests refused for the request rate (HTTP 429).
    pub rate_limited: usize,
    /// Times the pool slowed down after a rate limit.
    pub slowdowns: usize,
    /// The request rate the pool slowed down to, when a rate limit made it slow down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slowed_to: Option<f64>,
    /// What the engine bills for.
    pub billing: Option<Billing>,
    /// Characters of source text in the requests the server answered (what a
    /// per-character engine bills).
    pub billed_characters: usize,
    /// Tokens the answers reported (OpenAI-compatible engines).
    pub tokens: Tokens,
}

impl Stats {
    /// The counts of two passes together.
    pub fn plus(self, b: Stats) -> Stats {
        Stats {
            segments: self.segments + b.segments,
            requests: self.requests + b.requests,
            retries: self.retries + b.retries,
            splits: self.splits + b.splits,
            characters: self.characters + b.characters,
            texts: self.texts + b.texts,
            code_retries: self.code_retries + b.code_retries,
            codes_reattached: self.codes_reattached + b.codes_reattached,
            partial_answers: self.partial_answers + b.partial_answers,
            reasked: self.reasked + b.reasked,
            resent: self.resent + b.resent,
            rate_limited: self.rate_limited + b.rate_limited,
            slowdowns: self.slowdowns + b.slowdowns,
            slowed_to: b.slowed_to.or(self.slowed_to),
            billing: self.billing.or(b.billing),
            billed_characters: self.billed_characters + b.billed_characters,
            tokens: self.tokens.plus(b.tokens),
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub stats: Stats,
    /// Stopped by the cancel signal (Ctrl-C): in-flight requests were dropped.
    pub interrupted: bool,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicUsize,
    retries: AtomicUsize,
    characters: AtomicUsize,
    texts: AtomicUsize,
    billed_characters: AtomicUsize,
    code_retries: AtomicUsize,
    codes_reattached: AtomicUsize,
    resent: AtomicUsize,
}

impl Counters {
    fn add(&self, counter: &AtomicUsize, n: usize) {
        let _ = self;
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

enum BatchResult {
    Done(Vec<Translation>),
    /// Some translations kept; the units the answer left out, to ask again.
    Partial(Vec<Translation>, Vec<Unit>),
    Split(Vec<Unit>, Vec<Unit>, String),
    Failed(Error),
    /// The run stopped before the batch could be sent (again).
    Abandoned,
}

/// The translations of `answer` whose id is one of `batch`'s (the first of each), in the
/// batch's order, and the units the answer left out. Unknown ids are ignored.
pub fn match_partial(
    batch: &[Unit],
    mut answer: Vec<Translation>,
) -> (Vec<Translation>, Vec<Unit>) {
    let mut kept = Vec::with_capacity(batch.len());
    let mut missing = Vec::new();
    for unit in batch {
        match answer.iter().position(|t| t.id == unit.id) {
            Some(pos) => kept.push(answer.swap_remove(pos)),
            None => missing.push(unit.clone()),
        }
    }
    (kept, missing)
}

/// Translate every unit: up to `options.jobs` batches in flight, each finished batch handed
/// to `sink` at once (in completion order), `observe` told of retries, splits and progress.
/// An answer that leaves out some ids is kept for the others, which are asked again. Every
/// request asks the pool-wide [`Control`] first: a rate limit slows the whole pool, an outage
/// opens its circuit. When `cancel` completes, no new request is sent, in-flight ones are
/// dropped and the run returns with `interrupted`. A batch that fails for good stops new
/// requests (a batch waiting to be sent again gives up), lets the in-flight ones finish and
/// be stored, then returns the error.
pub async fn run<T>(
    engine: Arc<T>,
    units: Vec<Unit>,
    options: RunOptions,
    cancel: impl Future<Output = ()>,
    mut observe: impl FnMut(&Event),
    mut sink: impl FnMut(Vec<Translation>) -> Result<(), SinkError>,
) -> Result<Outcome, Error>
where
    T: Translator + Send + Sync + 'static,
{
    let mut stats = Stats::default();
    if units.is_empty() {
        return Ok(Outcome {
            stats,
            interrupted: false,
        });
    }
    engine.prepare().await?;
    let tokens_before = engine.tokens();
    let mut queue: VecDeque<Vec<Unit>> = plan_batches(units, engine.limits()).into();
    let counters = Arc::new(Counters::default());
    let jobs = options.jobs.max(1);
    let control = Arc::new(Control::new(jobs, options.rate, options.retry));
    let (tx, mut rx) = mpsc::unbounded_channel::<Event>();
    let mut tasks: JoinSet<BatchResult> = JoinSet::new();
    let mut failure: Option<Error> = None;
    let mut interrupted = false;
    tokio::pin!(cancel);
    loop {
        while failure.is_none() && tasks.len() < jobs {
            let Some(batch) = queue.pop_front() else {
                break;
            };
            tasks.spawn(send_batch(
                Arc::clone(&engine),
                batch,
                options.retry,
                Arc::clone(&control),
                Arc::clone(&counters),
                tx.clone(),
            ));
        }
        if tasks.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            () = &mut cancel => {
                control.stop();
                tasks.abort_all();
                interrupted = true;
                break;
            }
            Some(event) = rx.recv() => observe(&event),
            Some(joined) = tasks.join_next() => {
                let result = joined.unwrap_or_else(|e| {
                    BatchResult::Failed(Error::Sink(format!("a request task ended abnormally: {e}").into()))
                });
                let kept = match result {
                    BatchResult::Done(translations) => translations,
                    BatchResult::Partial(translations, missing) => {
                        stats.partial_answers += 1;
                        stats.reasked += missing.len();
                        observe(&Event::Missing {
                            first: missing.first().map_or(0, |u| u.id),
                            missing: missing.len(),
                        });
                        queue.push_front(missing);
                        translations
                    }
                    BatchResult::Split(left, right, reason) => {
                        stats.splits += 1;
                        observe(&Event::Split {
                            first: left.first().map_or(0, |u| u.id),
                            size: left.len() + right.len(),
                            reason,
                        });
                        queue.push_front(right);
                        queue.push_front(left);
                        continue;
                    }
                    BatchResult::Failed(e) => {
                        control.stop();
                        failure.get_or_insert(e);
                        continue;
                    }
                    BatchResult::Abandoned => continue,
                };
                let n = kept.len();
                if let Err(e) = sink(kept) {
                    control.stop();
                    failure.get_or_insert(Error::Sink(e));
                    continue;
                }
                stats.segments += n;
                observe(&Event::Stored { units: n });
            }
        }
    }
    while let Ok(event) = rx.try_recv() {
        observe(&event);
    }
    let load = |c: &AtomicUsize| c.load(Ordering::Relaxed);
    stats.requests = load(&counters.requests);
    stats.retries = load(&counters.retries);
    stats.characters = load(&counters.characters);
    stats.texts = load(&counters.texts);
    stats.code_retries = load(&counters.code_retries);
    stats.codes_reattached = load(&counters.codes_reattached);
    stats.resent = load(&counters.resent);
    let billing = engine.billing();
    stats.billing = Some(billing);
    if billing == Billing::Characters {
        stats.billed_characters = load(&counters.billed_characters);
    }
    stats.tokens = engine.tokens().since(tokens_before);
    let counts = control.counts();
    stats.rate_limited = counts.rate_limited;
    stats.slowdowns = counts.slowdowns;
    stats.slowed_to = counts.rate;
    match failure {
        Some(e) if !interrupted => Err(e),
        _ => Ok(Outcome { stats, interrupted }),
    }
}

/// One batch, with its retries; a split hands the halves back to the queue, a partial answer
/// the units it left out.
async fn send_batch<T: Translator + Send + Sync + 'static>(
    engine: Arc<T>,
    batch: Vec<Unit>,
    policy: RetryPolicy,
    control: Arc<Control>,
    counters: Arc<Counters>,
    events: mpsc::UnboundedSender<Event>,
) -> BatchResult {
    let chars: usize = batch.iter().map(|u| u.text.chars().count()).sum();
    let first = batch.first().map_or(0, |u| u.id);
    let c = counters.as_ref();
    // Retries of failures (rate limits not counted), resends of short positional answers.
    let mut retry = 0;
    let mut resends = 0;
    let mut attempts = 0;
    loop {
        let Some(permit) = control.acquire().await else {
            return BatchResult::Abandoned;
        };
        attempts += 1;
        c.add(&c.requests, 1);
        c.add(&c.characters, chars);
        c.add(&c.texts, batch.len());
        let (error, verdict) = match engine.translate(&batch).await {
            Ok(answer) => {
                c.add(&c.billed_characters, chars);
                let (kept, missing) = match_partial(&batch, answer);
                if kept.is_empty() {
                    permit.answered(false);
                    let none = Error::MissingId {
                        backend: engine.name(),
                        id: first,
                    };
                    (none, None)
                } else {
                    permit.answered(true);
                    let units: Vec<Unit> = if missing.is_empty() {
                        batch
                    } else {
                        batch
                            .into_iter()
                            .filter(|u| !missing.iter().any(|m| m.id == u.id))
                            .collect()
                    };
                    let guarded = tags::guard(engine.as_ref(), &units, kept, &control).await;
                    c.add(&c.requests, guarded.requests);
                    c.add(&c.characters, guarded.characters);
                    c.add(&c.billed_characters, guarded.characters);
                    c.add(&c.texts, guarded.texts);
                    c.add(&c.code_retries, guarded.retried);
                    c.add(&c.codes_reattached, guarded.reattached);
                    return if missing.is_empty() {
                        BatchResult::Done(guarded.translations)
                    } else {
                        BatchResult::Partial(guarded.translations, missing)
                    };
                }
            }
            Err(e) => {
                if e.billed() {
                    c.add(&c.billed_characters, chars);
                }
                match e.action() {
                    Action::Retry => {
                        let delay = match policy.delay(retry, e.retry_after()) {
                            Delay::Wait(d) => d,
                            Delay::TooLong(wait) => {
                                let too_long = Error::WaitTooLong {
                                    backend: engine.name(),
                                    wait,
                                    cap: policy.retry_after_cap,
                                };
                                return BatchResult::Failed(batch_error(
                                    &batch, attempts, too_long,
                                ));
                            }
                        };
                        let verdict = if e.is_rate_limit() {
                            permit.rate_limited(e.retry_after())
                        } else {
                            permit.failed(delay)
                        };
                        (e, Some(verdict))
                    }
                    Action::Split | Action::Resend => {
                        permit.answered(false);
                        (e, None)
                    }
                    Action::Stop => return BatchResult::Failed(batch_error(&batch, attempts, e)),
                }
            }
        };
        let rate_limited = error.is_rate_limit();
        let wait = match verdict {
            None => {
                if error.action() == Action::Resend && resends < MAX_RESENDS {
                    resends += 1;
                    c.add(&c.resent, 1);
                    continue;
                }
                if batch.len() > 1 {
                    let mut left = batch;
                    let right = left.split_off(left.len() / 2);
                    return BatchResult::Split(left, right, error.short());
                }
                // One segment whose answer does not fit: try again, as for a failure.
                if retry >= policy.max_retries {
                    return BatchResult::Failed(batch_error(&batch, attempts, error));
                }
                policy.backoff(retry)
            }
            Some(Verdict::GiveUp) => {
                return BatchResult::Failed(batch_error(&batch, attempts, error));
            }
            Some(Verdict::Retry(wait)) => {
                if !rate_limited && retry >= policy.max_retries {
                    return BatchResult::Failed(batch_error(&batch, attempts, error));
                }
                wait
            }
        };
        if !rate_limited {
            retry += 1;
        }
        c.add(&c.retries, 1);
        let _ = events.send(Event::Retry {
            first,
            attempt: attempts,
            delay: wait,
            reason: error.short(),
        });
        if !rate_limited {
            // A rate limit's wait is the pool's pause, which the next permit waits for.
            tokio::time::sleep(wait).await;
        }
    }
}

fn batch_error(batch: &[Unit], attempts: u32, source: Error) -> Error {
    Error::Batch {
        ids: batch.iter().map(|u| u.id).collect(),
        first: batch.first().map_or(0, |u| u.id),
        size: batch.len(),
        attempts,
        source: Box::new(source),
    }
}

#[cfg(test)]
mod tests;
