//! `workbench translate`: split each source, draft English for what has none, store it.
//!
//! Only segments in state `new` are sent, plus machine drafts made by another engine; a
//! person's work (`translated`, `reviewed`, `approved`, `rejected`) is never sent or replaced.
//! A sentence whose identical source already has a target anywhere in `translations/` reuses
//! it (translation memory, [`crate::memory`]), and identical sentences of one run are sent
//! once. All documents of a run share one pool of requests ([`crate::translate::pool`]).
//! Each finished batch is stored at once, durably, by the store's writer
//! ([`crate::store::writer`]), so an interrupted run resumes where it stopped. A run that
//! changes nothing writes nothing. Keys come only from the environment and are never shown.
//!
//! This file holds the flow; each step has its own file: [`settings`] and [`backends`]
//! (flags, configuration, addresses and keys), [`documents`], [`passes`] (the runtime and
//! Ctrl-C), [`progress`] and [`report`].

mod backends;
mod documents;
mod passes;
mod progress;
mod report;
mod settings;

use std::sync::Arc;

use self::backends::{deepl_config, google_config, libre_config, openai_config};
use self::documents::{DocRun, expand_inputs, open_document};
use self::passes::{Passes, add};
use self::progress::Reporter;
use self::report::{dry_run, report, stopped};
use self::settings::{Budget, RunSettings, Settings};
use super::Context;
use super::document::load_glossary;
use crate::cli::{BackendName, TranslateArgs};
use crate::glossary::{Glossary, Matcher};
use crate::memory::{self, Engine, Memory};
use crate::store::{Document, Origin, OriginKind, Record, Segment, WriteError, Writer};
use crate::translate::pool::{self, Pool, Stamp, Takers, Terms};
use crate::translate::{
    self, Outcome, Stats, Translation, Translator, deepl, google, libre, openai, stub,
};

pub(crate) fn run(args: TranslateArgs, ctx: &Context) -> anyhow::Result<u8> {
    let Settings {
        backend,
        remote,
        run,
    } = Settings::resolve(args, ctx)?;
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    match backend {
        BackendName::Stub => drive(Arc::new(stub::Stub), run, &glossary, ctx),
        BackendName::Openai => {
            let engine = openai::OpenAi::new(openai_config(&remote)?)?;
            drive(Arc::new(engine), run, &glossary, ctx)
        }
        BackendName::Deepl => {
            let engine = deepl::DeepL::new(deepl_config(&remote, &glossary)?)?;
            drive(Arc::new(engine), run, &glossary, ctx)
        }
        BackendName::Libretranslate => {
            let engine = libre::Libre::new(libre_config(&remote)?)?;
            drive(Arc::new(engine), run, &glossary, ctx)
        }
        BackendName::Google => {
            let engine = google::Google::new(google_config(&remote)?)?;
            drive(Arc::new(engine), run, &glossary, ctx)
        }
    }
}

/// Open the documents, fill from memory, send the pool (and the glossary retry), report.
fn drive<T>(
    engine: Arc<T>,
    settings: RunSettings,
    glossary: &Glossary,
    ctx: &Context,
) -> anyhow::Result<u8>
where
    T: Translator + Send + Sync + 'static,
{
    let backend = engine.name();
    let matcher = Matcher::new(glossary);
    let terms = Terms {
        glossary,
        matcher: &matcher,
    };
    let inputs = expand_inputs(&settings.inputs)?;
    let model = engine.model();
    let mut docs = Vec::with_capacity(inputs.len());
    for input in &inputs {
        docs.push(open_document(input, settings.read, ctx)?);
    }
    let this_engine = Engine {
        backend,
        model: model.as_deref(),
    };
    let memory = run_memory(ctx, &docs)?;
    let settings_memory = ctx.config.translate.memory;
    let mut pool = if backend == "openai" {
        Pool::with_examples(settings_memory.min_fuzzy, settings_memory.examples)
    } else {
        Pool::new()
    };
    for (d, run) in docs.iter_mut().enumerate() {
        let added = pool.add(d, run, &memory, this_engine, terms, &ctx.now);
        run.summary.sent += added.sent;
        run.summary.memory = added.reused;
        run.summary.redrafted = added.redrafted;
        run.summary.translated += added.reused;
    }
    let stamp = Stamp {
        origin: Origin {
            kind: OriginKind::Machine,
            backend: Some(backend.to_owned()),
            model: model.clone(),
            time: ctx.now.clone(),
        },
        action: format!("translate {backend}"),
    };
    let budget = &settings.budget;
    if settings.dry_run {
        return dry_run(engine.as_ref(), pool, budget, ctx);
    }
    if budget.max_cost.is_some() || budget.max_characters.is_some() {
        let batches = translate::plan_batches(pool.units.clone(), engine.limits());
        let estimate = translate::usage::estimate(engine.as_ref(), &batches);
        check_budget(&estimate, engine.billing(), budget, backend)?;
    }
    // New, re-split or memory-filled documents are written at once, beside the requests.
    let writer = Writer::start(docs.iter().map(|d| (d.store_path.clone(), d.doc.clone())));
    let passes = Passes::new(engine, settings.options)?;
    let mut reporter = Reporter::new(ctx, pool.units.len() as u64, backend);
    let Pool { units, takers, .. } = pool;
    let result = passes.run(units, &mut reporter, |batch| {
        store_batch(&mut docs, &takers, batch, &stamp, &writer, |_, _| true)
    });
    let mut outcome = match result {
        Ok(o) => o,
        Err(e) => {
            return Err(abort(
                e, &takers, &reporter, writer, &mut docs, backend, ctx,
            ));
        }
    };
    if settings.glossary_retry && !outcome.interrupted {
        let again = glossary_retry(&passes, &mut docs, terms, &stamp, &writer, &mut reporter);
        match again {
            Ok(o) => {
                outcome.stats = add(outcome.stats, o.stats);
                outcome.interrupted = o.interrupted;
            }
            Err((e, takers)) => {
                return Err(abort(
                    e, &takers, &reporter, writer, &mut docs, backend, ctx,
                ));
            }
        }
    }
    reporter.finish();
    record_usage(&mut docs, &outcome.stats, budget, &writer)
        .map_err(|e| anyhow::anyhow!("could not store a finished batch: {e}"))?;
    finish_writes(writer, &mut docs)
        .map_err(|e| anyhow::anyhow!("could not store a finished batch: {e}"))?;
    report(&docs, backend, outcome, budget, settings.format, ctx)
}

/// Refuse a run whose estimate is over `--max-characters` or `--max-cost`.
fn check_budget(
    estimate: &translate::Estimate,
    billing: translate::Billing,
    budget: &Budget,
    backend: &str,
) -> anyhow::Result<()> {
    if let Some(max) = budget.max_characters {
        if estimate.characters > max {
            return Err(crate::commands::hinted(
                format!(
                    "this run would send {} characters of source text to `{backend}`, more than --max-characters {max}; nothing was sent",
                    estimate.characters
                ),
                "translate fewer documents at a time, or raise the limit",
            ));
        }
    }
    if let Some(max) = budget.max_cost {
        let Some(cost) = budget
            .price
            .cost(billing, estimate.characters, estimate.tokens)
        else {
            anyhow::bail!(
                "--max-cost needs the price of `{backend}`: set `translate.{backend}.price` in workbench.yaml (see `workbench init`'s template)"
            );
        };
        if cost > max {
            return Err(crate::commands::hinted(
                format!(
                    "this run would cost about {} with `{backend}`, more than --max-cost {max}; nothing was sent",
                    report::money(cost, budget.currency.as_deref())
                ),
                "check the estimate with --dry-run; translate fewer documents at a time, or raise the limit",
            ));
        }
    }
    Ok(())
}

/// The translation memory of a run: the run's documents first, then every other document
/// of `translations/` and every imported memory (through the memory's cache); a source that
/// cannot be read is skipped with a warning.
fn run_memory(ctx: &Context, docs: &[DocRun]) -> anyhow::Result<Memory> {
    let first: Vec<&Document> = docs.iter().map(|d| &d.doc).collect();
    let loaded = memory::load(&ctx.layout, &first, &|_| false, &ctx.now)?;
    for w in &loaded.warnings {
        ctx.printer
            .warn(format_args!("translation memory skips {w}"));
    }
    Ok(loaded.memory)
}

/// Apply a finished batch to the run's documents (see [`pool::apply_batch`]), count it, and
/// hand what changed in each document to the writer.
fn store_batch(
    docs: &mut [DocRun],
    takers: &[Vec<(usize, u64)>],
    batch: Vec<Translation>,
    stamp: &Stamp,
    writer: &Writer,
    accept: impl Fn(&Segment, &str) -> bool,
) -> Result<(), WriteError> {
    writer.check()?;
    for (d, weight) in pool::usage_weights(docs, takers, &batch) {
        if let Some(run) = docs.get_mut(d) {
            run.usage_weight += weight;
        }
    }
    for (d, record) in pool::apply_batch(docs, takers, batch, stamp, accept) {
        if let Some(run) = docs.get_mut(d) {
            run.summary.translated += record.segments.len();
        }
        writer.record(d, record)?;
    }
    Ok(())
}

/// Note in each document's revision of this run its share of the run's usage (see
/// [`translate::usage::shares`]) and hand the revision list to the writer.
fn record_usage(
    docs: &mut [DocRun],
    stats: &Stats,
    budget: &Budget,
    writer: &Writer,
) -> Result<(), WriteError> {
    let Some(billing) = stats.billing else {
        return Ok(());
    };
    let weights: Vec<f64> = docs.iter().map(|d| d.usage_weight).collect();
    let shares = translate::usage::shares(
        billing,
        stats.billed_characters as u64,
        stats.tokens,
        &weights,
        &budget.price,
        budget.currency.as_deref(),
    );
    for (d, (run, usage)) in docs.iter_mut().zip(shares).enumerate() {
        let revision = run.revision;
        let Some(last) = run.doc.revisions.last_mut() else {
            continue;
        };
        if usage.is_none() || last.number != revision {
            continue;
        }
        last.usage = usage;
        let record = Record {
            revisions: run.doc.revisions.clone(),
            segments: Vec::new(),
        };
        writer.record(d, record)?;
    }
    Ok(())
}

/// `--glossary-retry`: send once more the segments of this run whose draft breaks the
/// glossary (see [`Pool::glossary_retry`]); keep a new draft only when it breaks fewer terms.
/// On an error, the pass's takers name the place.
fn glossary_retry<T: Translator + Send + Sync + 'static>(
    passes: &Passes<T>,
    docs: &mut [DocRun],
    terms: Terms<'_>,
    stamp: &Stamp,
    writer: &Writer,
    reporter: &mut Reporter,
) -> Result<Outcome, (translate::Error, Takers)> {
    let Pool { units, takers, .. } = Pool::glossary_retry(docs, &stamp.origin, terms);
    if units.is_empty() {
        return Ok(Outcome {
            stats: Stats::default(),
            interrupted: false,
        });
    }
    reporter.restart(units.len() as u64, "glossary retry");
    let result = passes.run(units, reporter, |batch| {
        store_batch(docs, &takers, batch, stamp, writer, |seg, new| {
            pool::breaks_fewer_terms(terms, seg, new)
        })
    });
    result.map_err(|e| (e, takers))
}

/// Wait for the writer; mark the documents it wrote.
fn finish_writes(writer: Writer, docs: &mut [DocRun]) -> Result<(), WriteError> {
    let finished = writer.finish();
    for d in finished.written {
        if let Some(run) = docs.get_mut(d) {
            run.summary.written = true;
        }
    }
    finished.error.map_or(Ok(()), Err)
}

/// A stop on an engine error: clear the progress, wait for the queued writes (a write that
/// failed is a warning: the stop is the error), and name where it stopped.
fn abort(
    e: translate::Error,
    takers: &[Vec<(usize, u64)>],
    reporter: &Reporter,
    writer: Writer,
    docs: &mut [DocRun],
    backend: &str,
    ctx: &Context,
) -> anyhow::Error {
    reporter.finish();
    if let Err(w) = finish_writes(writer, docs) {
        ctx.printer
            .warn(format_args!("could not store a finished batch: {w}"));
    }
    stopped(e, takers, docs, backend)
}
