//! `workbench translate`: split each source, draft English for what has none, store it.
//!
//! Only segments in state `new` are sent, plus machine drafts made by another engine; a
//! person's work (`translated`, `reviewed`, `approved`, `rejected`) is never sent or replaced.
//! A sentence whose identical source already has a target anywhere in `translations/` reuses
//! it (translation memory), and identical sentences of one run are sent once. All documents
//! of a run share one pool of requests. Each finished batch is stored at once, durably (a small
//! document rewritten, a large one's batch appended to its journal, folded in at the end; see
//! [`writer`]), so an interrupted run resumes where it stopped. A run that changes nothing writes nothing. Keys come only from the
//! environment and are never shown.
//!
//! This file holds the flow; each step has its own file: [`settings`] and [`backends`]
//! (flags, configuration, addresses and keys), [`documents`], [`memory`], [`pool`],
//! [`passes`] (the runtime and Ctrl-C), [`writer`], [`progress`], [`glossary_retry`] and
//! [`report`].

mod backends;
mod documents;
mod glossary_retry;
mod memory;
mod passes;
mod pool;
mod progress;
mod report;
mod settings;
mod writer;

use std::sync::Arc;

use self::backends::{deepl_config, google_config, libre_config, openai_config};
use self::documents::{DocRun, expand_inputs, open_document};
use self::glossary_retry::glossary_retry;
use self::memory::Memory;
use self::passes::{Passes, add};
use self::pool::{Pool, Stamp, build_pool, store_translations};
use self::progress::Reporter;
use self::report::{dry_run, report, stopped};
use self::settings::{RunSettings, Settings};
use self::writer::Writer;
use super::Context;
use super::document::load_glossary;
use crate::cli::{BackendName, TranslateArgs};
use crate::glossary::{Glossary, Matcher};
use crate::store::{Origin, OriginKind};
use crate::translate::{self, Translator, deepl, google, libre, openai, stub};

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
    let inputs = expand_inputs(&settings.inputs)?;
    let model = engine.model();
    let mut docs = Vec::with_capacity(inputs.len());
    for input in &inputs {
        docs.push(open_document(input, settings.read, ctx)?);
    }
    let memory = Memory::build(ctx, &docs, backend, model.as_deref())?;
    let stamp = Stamp {
        origin: Origin {
            kind: OriginKind::Machine,
            backend: Some(backend.to_owned()),
            model,
            time: ctx.now.clone(),
        },
        action: format!("translate {backend}"),
    };
    let pool = build_pool(&mut docs, &memory, &engine, glossary, &matcher, ctx);
    if settings.dry_run {
        return dry_run(engine.as_ref(), pool, ctx);
    }
    // New, re-split or memory-filled documents are written at once, beside the requests.
    let writer = Writer::start(&docs);
    let passes = Passes::new(engine, settings.options)?;
    let mut reporter = Reporter::new(ctx, pool.units.len() as u64, backend);
    let Pool { units, takers } = pool;
    let result = passes.run(units, &mut reporter, |batch| {
        store_translations(&mut docs, &takers, batch, &stamp, &writer, |_, _| true)
    });
    let mut outcome = match result {
        Ok(o) => o,
        Err(e) => return Err(abort(e, &takers, &reporter, writer, &mut docs, backend)),
    };
    if settings.glossary_retry && !outcome.interrupted {
        let again = glossary_retry(
            &passes,
            &mut docs,
            glossary,
            &matcher,
            &stamp,
            &writer,
            &mut reporter,
        );
        match again {
            Ok(o) => {
                outcome.stats = add(outcome.stats, o.stats);
                outcome.interrupted = o.interrupted;
            }
            Err((e, takers)) => {
                return Err(abort(e, &takers, &reporter, writer, &mut docs, backend));
            }
        }
    }
    reporter.finish();
    writer
        .finish(&mut docs)
        .map_err(|e| anyhow::anyhow!("could not store a finished batch: {e}"))?;
    report(&docs, backend, outcome, settings.format, ctx)
}

/// A stop on an engine error: clear the progress, wait for the queued writes, and name
/// where it stopped.
fn abort(
    e: translate::Error,
    takers: &[Vec<(usize, u64)>],
    reporter: &Reporter,
    writer: Writer,
    docs: &mut [DocRun],
    backend: &str,
) -> anyhow::Error {
    reporter.finish();
    let _ = writer.finish(docs);
    stopped(e, takers, docs, backend)
}
