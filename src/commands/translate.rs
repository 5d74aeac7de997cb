//! `workbench translate`: split each source, draft English for what has none, store it.
//!
//! Only segments in state `new` are sent, plus machine drafts made by another engine; a
//! person's work (`translated`, `reviewed`, `approved`, `rejected`) is never sent or replaced.
//! A sentence whose identical source already has a target anywhere in `translations/` reuses
//! it (translation memory), and identical sentences of one run are sent once. All documents
//! of a run share one pool of requests. Each finished batch is written to the store at once,
//! atomically, so an interrupted run resumes where it stopped. A run that changes nothing
//! writes nothing. Keys come only from the environment and are never shown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::Context;
use super::document::{load_document, load_glossary, lock_document, segmenter_for, split_source};
use crate::cli::{BackendName, OutputFormat, TargetVariant, TranslateArgs};
use crate::glossary::{self, Glossary, Matcher, Proclitic};
use crate::output::Verbosity;
use crate::source::SourceText;
use crate::store::{self, Document, Meta, Origin, OriginKind, State};
use crate::translate::http::{Endpoint, HttpSettings, Secret};
use crate::translate::retry::RetryPolicy;
use crate::translate::{
    self, Event, Outcome, RunOptions, Stats, TermHint, TermSpan, Translation, Translator, Unit,
    Variant, deepl, google, libre, openai, stub,
};

/// What one document's run did.
#[derive(Debug, Default, serde::Serialize)]
struct DocumentSummary {
    document: String,
    store: String,
    segments: usize,
    sent: usize,
    translated: usize,
    memory: usize,
    written: bool,
}

/// The whole run, for `--format json`.
#[derive(Debug, serde::Serialize)]
struct RunSummary<'a> {
    backend: &'static str,
    documents: &'a [DocumentSummary],
    #[serde(flatten)]
    stats: Stats,
    interrupted: bool,
}

/// Everything the run needs, resolved before any work.
struct Settings {
    inputs: Vec<PathBuf>,
    options: RunOptions,
    dry_run: bool,
    glossary_retry: bool,
    format: OutputFormat,
}

pub(crate) fn run(args: TranslateArgs, ctx: &Context) -> anyhow::Result<u8> {
    let TranslateArgs {
        inputs,
        backend,
        model,
        base_url,
        jobs,
        batch_size,
        rate,
        dry_run,
        glossary_retry,
        target_variant,
        timeout,
        retries,
        format,
    } = args;
    let backend = backend.unwrap_or_else(|| backend_from_config(ctx.config.translate.backend));
    let file = ctx
        .config
        .translate
        .settings(config_backend(backend))
        .clone();
    if let Some(r) = rate.or(file.rate) {
        if !(r.is_finite() && r > 0.0) {
            anyhow::bail!("--rate must be a positive number of requests per second, not `{r}`");
        }
    }
    let timeout = match timeout {
        Some(t) if t.is_finite() && t > 0.0 => Duration::from_secs_f64(t),
        Some(t) => anyhow::bail!("--timeout must be a positive number of seconds, not `{t}`"),
        None if backend == BackendName::Openai => Duration::from_secs(300),
        None => Duration::from_secs(60),
    };
    let http = HttpSettings {
        connect_timeout: timeout.min(Duration::from_secs(10)),
        timeout,
    };
    let variant = match target_variant {
        Some(TargetVariant::EnGb) => Variant::Gb,
        Some(TargetVariant::EnUs) | None => Variant::Us,
    };
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let knobs = Knobs {
        base_url: base_url.or(file.base_url),
        model: model.or(file.model),
        batch_size: batch_size.or(file.batch_size).map(|b| b.get()),
        variant,
        http,
    };
    let settings = Settings {
        inputs,
        options: RunOptions {
            jobs: jobs.or(file.jobs).map_or(4, |j| j.get()),
            rate: rate.or(file.rate),
            retry: RetryPolicy {
                max_retries: retries.unwrap_or(RetryPolicy::default().max_retries),
                ..RetryPolicy::default()
            },
        },
        dry_run,
        glossary_retry,
        format,
    };
    match backend {
        BackendName::Stub => drive(Arc::new(stub::Stub), settings, &glossary, ctx),
        BackendName::Openai => {
            let engine = openai::OpenAi::new(openai_config(&knobs)?)?;
            drive(Arc::new(engine), settings, &glossary, ctx)
        }
        BackendName::Deepl => {
            let engine = deepl::DeepL::new(deepl_config(&knobs, &glossary)?)?;
            drive(Arc::new(engine), settings, &glossary, ctx)
        }
        BackendName::Libretranslate => {
            let engine = libre::Libre::new(libre_config(&knobs)?)?;
            drive(Arc::new(engine), settings, &glossary, ctx)
        }
        BackendName::Google => {
            let engine = google::Google::new(google_config(&knobs)?)?;
            drive(Arc::new(engine), settings, &glossary, ctx)
        }
    }
}

/// Settings shared by the remote backends' configs.
struct Knobs {
    base_url: Option<String>,
    model: Option<String>,
    batch_size: Option<usize>,
    variant: Variant,
    http: HttpSettings,
}

/// The configuration's name for a backend.
fn config_backend(b: BackendName) -> crate::config::Backend {
    use crate::config::Backend;
    match b {
        BackendName::Stub => Backend::Stub,
        BackendName::Openai => Backend::Openai,
        BackendName::Deepl => Backend::Deepl,
        BackendName::Libretranslate => Backend::Libretranslate,
        BackendName::Google => Backend::Google,
    }
}

/// The command line's name for the configuration's default backend.
fn backend_from_config(b: crate::config::Backend) -> BackendName {
    use crate::config::Backend;
    match b {
        Backend::Stub => BackendName::Stub,
        Backend::Openai => BackendName::Openai,
        Backend::Deepl => BackendName::Deepl,
        Backend::Libretranslate => BackendName::Libretranslate,
        Backend::Google => BackendName::Google,
    }
}

/// A non-empty environment variable.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The key from the first of `names` that is set, or from `NAME_FILE` (a file holding it).
/// Returns the key and the variable it came from.
fn key_from_env(names: &[&str]) -> anyhow::Result<Option<(Secret, String)>> {
    for name in names {
        let file_var = format!("{name}_FILE");
        if let Some(path) = env_var(&file_var) {
            let text = fs_err::read_to_string(&path)
                .with_context(|| format!("cannot read the key file named by {file_var}"))?;
            let key = text.trim();
            if key.is_empty() {
                anyhow::bail!("{file_var}: the file `{path}` is empty");
            }
            return Ok(Some((Secret::new(key), file_var)));
        }
        if let Some(key) = env_var(name) {
            return Ok(Some((Secret::new(key.trim()), (*name).to_owned())));
        }
    }
    Ok(None)
}

fn missing_key(backend: &str, var: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "no API key for the `{backend}` backend: set {var} (or {var}_FILE to a file holding it)"
    )
}

/// The base address: `--base-url`, else the environment variable, else the config file,
/// else the default.
fn endpoint(
    backend: &'static str,
    flag: Option<&str>,
    var: &str,
    default: Option<&str>,
) -> anyhow::Result<Endpoint> {
    let (raw, origin) = match (flag, env_var(var)) {
        (Some(url), _) => (url.to_owned(), "--base-url".to_owned()),
        (None, Some(url)) => (url, var.to_owned()),
        (None, None) => match default {
            Some(url) => (url.to_owned(), "the default address".to_owned()),
            None => anyhow::bail!(
                "no address for the `{backend}` backend: set {var} or pass --base-url"
            ),
        },
    };
    Ok(Endpoint::parse(backend, &raw, &origin)?)
}

fn openai_config(k: &Knobs) -> anyhow::Result<openai::Config> {
    // Several servers of one model scale a run out: a comma-separated list, used in turn.
    let list = match (&k.base_url, env_var("OPENAI_BASE_URL")) {
        (Some(flag), _) => Some((flag.clone(), "--base-url")),
        (None, Some(env)) => Some((env, "OPENAI_BASE_URL")),
        (None, None) => None,
    };
    let mut bases = Vec::new();
    match &list {
        Some((raw, origin)) => {
            for one in raw.split(',').map(str::trim).filter(|u| !u.is_empty()) {
                bases.push(Endpoint::parse("openai", one, origin)?);
            }
        }
        None => bases.push(Endpoint::parse(
            "openai",
            openai::DEFAULT_BASE_URL,
            "the default address",
        )?),
    }
    if bases.is_empty() {
        anyhow::bail!("OPENAI_BASE_URL: no address given");
    }
    let base = bases.remove(0);
    let key = key_from_env(&["OPENAI_API_KEY"])?;
    let local = base.url().scheme() == "http" && bases.iter().all(|b| b.url().scheme() == "http");
    if key.is_none() && !local {
        return Err(missing_key("openai", "OPENAI_API_KEY"));
    }
    let (key, key_var) = match key {
        Some((k, v)) => (Some(k), v),
        None => (None, "OPENAI_API_KEY".to_owned()),
    };
    Ok(openai::Config {
        endpoint: base,
        more_endpoints: bases,
        key,
        key_var,
        model: k
            .model
            .clone()
            .unwrap_or_else(|| openai::DEFAULT_MODEL.to_owned()),
        variant: k.variant,
        batch_size: k.batch_size.unwrap_or(openai::DEFAULT_BATCH),
        http: k.http,
    })
}

fn deepl_config(k: &Knobs, glossary: &Glossary) -> anyhow::Result<deepl::Config> {
    let (key, key_var) = key_from_env(&["DEEPL_AUTH_KEY", "DEEPL_API_KEY"])?
        .ok_or_else(|| missing_key("deepl", "DEEPL_AUTH_KEY"))?;
    let base = endpoint(
        "deepl",
        k.base_url.as_deref(),
        "DEEPL_API_URL",
        Some(deepl::default_url(&key)),
    )?;
    let pairs = glossary
        .terms()
        .iter()
        .flat_map(|t| t.arabic.iter().map(|a| (a.clone(), t.english.clone())))
        .collect();
    Ok(deepl::Config {
        endpoint: base,
        key,
        key_var,
        variant: k.variant,
        batch_size: k.batch_size.unwrap_or(deepl::MAX_BATCH),
        http: k.http,
        glossary: pairs,
    })
}

fn libre_config(k: &Knobs) -> anyhow::Result<libre::Config> {
    let base = endpoint(
        "libretranslate",
        k.base_url.as_deref(),
        "LIBRETRANSLATE_URL",
        None,
    )?;
    let key = key_from_env(&["LIBRETRANSLATE_API_KEY"])?;
    let (key, key_var) = match key {
        Some((k, v)) => (Some(k), v),
        None => (None, "LIBRETRANSLATE_API_KEY".to_owned()),
    };
    Ok(libre::Config {
        endpoint: base,
        key,
        key_var,
        batch_size: k.batch_size.unwrap_or(libre::DEFAULT_BATCH),
        http: k.http,
    })
}

fn google_config(k: &Knobs) -> anyhow::Result<google::Config> {
    let base = endpoint(
        "google",
        k.base_url.as_deref(),
        "GOOGLE_TRANSLATE_URL",
        Some(google::DEFAULT_URL),
    )?;
    let (key, key_var) = key_from_env(&["GOOGLE_API_KEY"])?
        .ok_or_else(|| missing_key("google", "GOOGLE_API_KEY"))?;
    Ok(google::Config {
        endpoint: base,
        key,
        key_var,
        batch_size: k.batch_size.unwrap_or(google::MAX_BATCH),
        http: k.http,
    })
}

/// One document of the run.
struct DocRun {
    name: String,
    store_path: PathBuf,
    /// Held for the whole run: a second writer of the same document is refused.
    _lock: crate::store::DocumentLock,
    doc: Document,
    /// The source file's text, for paragraph context.
    text: String,
    offset: usize,
    revision: u32,
    summary: DocumentSummary,
}

/// Who takes each unit's translation: (document index, segment id), by unit id.
type Takers = Vec<Vec<(usize, u64)>>;

/// The shared pool: global unit id → every (document, segment) that takes its translation.
struct Pool {
    units: Vec<Unit>,
    takers: Takers,
}

fn drive<T>(
    engine: Arc<T>,
    settings: Settings,
    glossary: &Glossary,
    ctx: &Context,
) -> anyhow::Result<u8>
where
    T: Translator + Send + Sync + 'static,
{
    let matcher = Matcher::new(glossary);
    let inputs = expand_inputs(&settings.inputs)?;
    let model = engine.model();
    let mut docs = Vec::with_capacity(inputs.len());
    for input in &inputs {
        docs.push(open_document(input, ctx)?);
    }
    let memory = Memory::build(ctx, &docs, engine.name(), model.as_deref())?;
    let origin = Origin {
        kind: OriginKind::Machine,
        backend: Some(engine.name().to_owned()),
        model: model.clone(),
        time: ctx.now.clone(),
    };
    let action = format!("translate {}", engine.name());
    let pool = build_pool(&mut docs, &memory, &engine, glossary, &matcher, ctx);
    if settings.dry_run {
        return dry_run(engine.as_ref(), pool, ctx);
    }
    // New, re-split or memory-filled documents are written at once, beside the requests.
    let writer = Writer::start();
    for (i, d) in docs.iter().enumerate() {
        writer
            .save(i, &d.store_path, &d.doc)
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let total = pool.units.len();
    let mut reporter = Reporter::new(ctx, total as u64, engine.name());
    let Pool { units, takers } = pool;
    let mut store_batch = |batch: Vec<Translation>| -> Result<(), String> {
        store_translations(
            &mut docs,
            &takers,
            batch,
            &origin,
            &action,
            &writer,
            |_, _| true,
        )
    };
    let result = runtime.block_on(translate::run(
        Arc::clone(&engine),
        units,
        settings.options,
        interrupt(),
        |e| reporter.event(e),
        &mut store_batch,
    ));
    let mut outcome = match result {
        Ok(o) => o,
        Err(e) => {
            reporter.finish();
            let _ = writer.finish(&mut docs);
            return Err(stopped(e, &takers, &docs, engine.name()));
        }
    };
    if settings.glossary_retry && !outcome.interrupted {
        let again = glossary_retry(
            &runtime,
            &engine,
            &mut docs,
            glossary,
            &matcher,
            &origin,
            &action,
            &writer,
            settings.options,
            &mut reporter,
        );
        match again {
            Ok(o) => {
                outcome.stats = add(outcome.stats, o.stats);
                outcome.interrupted = o.interrupted;
            }
            Err((e, takers)) => {
                reporter.finish();
                let _ = writer.finish(&mut docs);
                return Err(stopped(e, &takers, &docs, engine.name()));
            }
        }
    }
    reporter.finish();
    writer
        .finish(&mut docs)
        .map_err(|e| anyhow::anyhow!("could not store a finished batch: {e}"))?;
    report(&docs, engine.name(), outcome, settings.format, ctx)
}

/// Inputs with folders replaced by their `.txt` files, sorted.
fn expand_inputs(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = fs_err::read_dir(input)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
                .collect();
            if found.is_empty() {
                anyhow::bail!("{}: the folder holds no `.txt` files", input.display());
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    let mut names = HashMap::new();
    for path in &out {
        let name = store::name_for_source(path)?;
        if let Some(other) = names.insert(name.clone(), path.clone()) {
            if other != *path {
                anyhow::bail!(
                    "`{}` and `{}` would both be stored as document `{name}`",
                    other.display(),
                    path.display()
                );
            }
        }
    }
    out.dedup();
    Ok(out)
}

/// Load (or create) the store document of one source and bring it up to date with the source.
fn open_document(input: &Path, ctx: &Context) -> anyhow::Result<DocRun> {
    let source = SourceText::read(input)?;
    let name = store::name_for_source(input)?;
    let store_path = ctx.layout.document_path(&name)?;
    let hash = store::hash_source(&source.bytes);
    let split = split_source(&source, &segmenter_for("ar"))?;
    let lock = lock_document(&store_path, ctx)?;
    let source_path = relative_to(&ctx.layout.root, input);
    let mut doc = if store_path.exists() {
        let doc = load_document(&store_path)?;
        if doc.meta.source_path != source_path {
            anyhow::bail!(
                "{}: the document `{name}` in `{}` was made from `{}`; rename this file to translate it as a document of its own",
                input.display(),
                ctx.show(&store_path),
                doc.meta.source_path
            );
        }
        doc
    } else {
        Document::new(
            Meta {
                name: name.clone(),
                source_path,
                source_lang: "ar".into(),
                target_lang: "en".into(),
                source_hash: hash.clone(),
                target_path: None,
            },
            &split,
        )
    };
    let revision = doc.next_revision();
    if doc.meta.source_hash != hash {
        let report = doc.resplit(&split, revision);
        doc.meta.source_hash = hash;
        let changed = report.changes();
        if changed > 0 {
            doc.record_revision(revision, &ctx.now, "resplit", changed);
        }
    }
    let summary = DocumentSummary {
        document: name.clone(),
        store: ctx.show(&store_path),
        segments: doc.segments.len(),
        ..DocumentSummary::default()
    };
    Ok(DocRun {
        name,
        store_path,
        _lock: lock,
        doc,
        text: source.text().to_owned(),
        offset: source.offset,
        revision,
        summary,
    })
}

/// Targets that can be reused for an identical source sentence.
struct Memory {
    entries: HashMap<String, (String, Option<Origin>)>,
}

impl Memory {
    /// Every document in `translations/` (the run's own in their current form): a person's
    /// targets first (approved, reviewed, translated), then drafts by this very engine.
    fn build(
        ctx: &Context,
        docs: &[DocRun],
        backend: &str,
        model: Option<&str>,
    ) -> anyhow::Result<Memory> {
        let mut others = Vec::new();
        for path in ctx.layout.document_paths()? {
            if docs.iter().any(|d| d.store_path == path) {
                continue;
            }
            match Document::load(&path) {
                Ok(doc) => others.push(doc),
                Err(e) => ctx.printer.warn(format_args!(
                    "translation memory skips `{}`: {e}",
                    ctx.show(&path)
                )),
            }
        }
        let rank = |s: &store::Segment| -> Option<u8> {
            if s.stale || s.target.trim().is_empty() {
                return None;
            }
            match s.state {
                State::Approved => Some(0),
                State::Reviewed => Some(1),
                State::Translated => Some(2),
                State::Draft
                    if s.origin.as_ref().is_some_and(|o| {
                        o.kind == OriginKind::Machine
                            && o.backend.as_deref() == Some(backend)
                            && o.model.as_deref() == model
                    }) =>
                {
                    Some(3)
                }
                _ => None,
            }
        };
        let mut best: HashMap<String, (u8, String, Option<Origin>)> = HashMap::new();
        let all = docs.iter().map(|d| &d.doc).chain(others.iter());
        for doc in all {
            for s in &doc.segments {
                let Some(r) = rank(s) else { continue };
                let key = s.source.trim().to_owned();
                if best.get(&key).is_none_or(|(old, _, _)| r < *old) {
                    best.insert(key, (r, s.target.clone(), s.origin.clone()));
                }
            }
        }
        Ok(Memory {
            entries: best.into_iter().map(|(k, (_, t, o))| (k, (t, o))).collect(),
        })
    }

    fn get(&self, source: &str) -> Option<&(String, Option<Origin>)> {
        self.entries.get(source.trim())
    }
}

/// Fill what the memory knows, and gather the rest, each distinct sentence once.
fn build_pool<T: Translator>(
    docs: &mut [DocRun],
    memory: &Memory,
    engine: &Arc<T>,
    glossary: &Glossary,
    matcher: &Matcher,
    ctx: &Context,
) -> Pool {
    let model = engine.model();
    let mut pool = Pool {
        units: Vec::new(),
        takers: Vec::new(),
    };
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for (d, run) in docs.iter_mut().enumerate() {
        let wanted: Vec<u64> = run
            .doc
            .segments
            .iter()
            .filter(|s| needs_machine(s, engine.name(), model.as_deref()))
            .map(|s| s.id)
            .collect();
        let mut reused = 0;
        for id in wanted {
            let Some(seg) = run.doc.segment_mut(id) else {
                continue;
            };
            if let Some((target, from)) = memory.get(&seg.source) {
                let origin = Origin {
                    kind: OriginKind::Memory,
                    backend: from.as_ref().and_then(|o| o.backend.clone()),
                    model: from.as_ref().and_then(|o| o.model.clone()),
                    time: ctx.now.clone(),
                };
                if seg.set(target.clone(), State::Draft, Some(origin), run.revision) {
                    reused += 1;
                }
                continue;
            }
            let key = seg.source.trim().to_owned();
            match by_text.get(&key) {
                Some(&g) => pool.takers[g].push((d, id)),
                None => {
                    let global = pool.units.len();
                    let context = paragraph(&run.text, run.offset, seg.byte_range());
                    let mut unit = unit_for(global as u64, &seg.source, glossary, matcher);
                    unit.context = context;
                    pool.units.push(unit);
                    pool.takers.push(vec![(d, id)]);
                    by_text.insert(key, global);
                    run.summary.sent += 1;
                }
            }
        }
        if reused > 0 {
            note_revision(
                &mut run.doc,
                run.revision,
                &ctx.now,
                "translation memory",
                reused,
            );
            run.summary.memory = reused;
            run.summary.translated += reused;
        }
    }
    pool
}

/// The line (paragraph) of the source around a segment, when it holds more than the segment.
fn paragraph(text: &str, offset: usize, range: std::ops::Range<usize>) -> Option<String> {
    let start = range.start.checked_sub(offset)?;
    let end = range.end.checked_sub(offset)?;
    let before = text.get(..start)?;
    let after = text.get(end..)?;
    let p_start = before.rfind('\n').map_or(0, |i| i + 1);
    let p_end = end + after.find('\n').unwrap_or(after.len());
    let para = text.get(p_start..p_end)?.trim();
    let own = text.get(start..end)?.trim();
    (para != own && para.len() <= 4000).then(|| para.to_owned())
}

/// Apply a finished batch to every segment that takes it and hand each touched document to
/// the writer.
fn store_translations(
    docs: &mut [DocRun],
    takers: &[Vec<(usize, u64)>],
    batch: Vec<Translation>,
    origin: &Origin,
    action: &str,
    writer: &Writer,
    accept: impl Fn(&store::Segment, &str) -> bool,
) -> Result<(), String> {
    writer.check()?;
    let mut touched: Vec<usize> = Vec::new();
    for t in batch {
        let Some(list) = usize::try_from(t.id).ok().and_then(|i| takers.get(i)) else {
            continue;
        };
        for &(d, id) in list {
            let Some(run) = docs.get_mut(d) else { continue };
            let revision = run.revision;
            let Some(seg) = run.doc.segment_mut(id) else {
                continue;
            };
            if !seg.state.machine_may_overwrite() || !accept(seg, &t.text) {
                continue;
            }
            if seg.set(t.text.clone(), State::Draft, Some(origin.clone()), revision) {
                run.summary.translated += 1;
                note_revision(&mut run.doc, revision, &origin.time, action, 1);
                if !touched.contains(&d) {
                    touched.push(d);
                }
            }
        }
    }
    for d in touched {
        if let Some(run) = docs.get(d) {
            writer.save(d, &run.store_path, &run.doc)?;
        }
    }
    Ok(())
}

/// Saves documents beside the request loop, so that a slow disk (an fsync per save) never
/// holds up the next request. Several versions of one document waiting at once are written
/// as one: the latest. Each write is atomic; [`Writer::finish`] waits for the last one.
struct Writer {
    tx: std::sync::mpsc::Sender<(usize, PathBuf, Box<Document>)>,
    handle: std::thread::JoinHandle<(Vec<usize>, Option<String>)>,
    failed: Arc<std::sync::atomic::AtomicBool>,
}

impl Writer {
    fn start() -> Writer {
        let (tx, rx) = std::sync::mpsc::channel::<(usize, PathBuf, Box<Document>)>();
        let failed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&failed);
        let handle = std::thread::spawn(move || {
            let mut written = Vec::new();
            let mut error = None;
            while let Ok(first) = rx.recv() {
                let mut pending = vec![first];
                while let Ok(next) = rx.try_recv() {
                    match pending.iter_mut().find(|p| p.0 == next.0) {
                        Some(slot) => *slot = next,
                        None => pending.push(next),
                    }
                }
                for (d, path, doc) in pending {
                    if error.is_some() {
                        break;
                    }
                    match doc.save(&path) {
                        Ok(true) => written.push(d),
                        Ok(false) => {}
                        Err(e) => {
                            error = Some(format!("{}: {e}", path.display()));
                            flag.store(true, std::sync::atomic::Ordering::SeqCst);
                        }
                    }
                }
            }
            (written, error)
        });
        Writer { tx, handle, failed }
    }

    /// Queue a document's current state for writing.
    fn save(&self, d: usize, path: &Path, doc: &Document) -> Result<(), String> {
        self.tx
            .send((d, path.to_owned(), Box::new(doc.clone())))
            .map_err(|_| "the store writer stopped".to_owned())
    }

    /// Fail fast once a write has failed, so that no more requests are paid for.
    fn check(&self) -> Result<(), String> {
        if self.failed.load(std::sync::atomic::Ordering::SeqCst) {
            return Err("a document could not be written".into());
        }
        Ok(())
    }

    /// Wait for every queued write; mark the documents that were written.
    fn finish(self, docs: &mut [DocRun]) -> Result<(), String> {
        drop(self.tx);
        let (written, error) = self
            .handle
            .join()
            .unwrap_or_else(|_| (Vec::new(), Some("the store writer crashed".into())));
        for d in written {
            if let Some(run) = docs.get_mut(d) {
                run.summary.written = true;
            }
        }
        error.map_or(Ok(()), Err)
    }
}

/// Send once more the segments of this run whose draft breaks the glossary; keep a new
/// draft only when it breaks fewer terms.
#[allow(
    clippy::too_many_arguments,
    reason = "the run's shared state, passed explicitly"
)]
fn glossary_retry<T: Translator + Send + Sync + 'static>(
    runtime: &tokio::runtime::Runtime,
    engine: &Arc<T>,
    docs: &mut [DocRun],
    glossary: &Glossary,
    matcher: &Matcher,
    origin: &Origin,
    action: &str,
    writer: &Writer,
    options: RunOptions,
    reporter: &mut Reporter,
) -> Result<Outcome, (translate::Error, Takers)> {
    let mut units = Vec::new();
    let mut takers = Vec::new();
    for (d, run) in docs.iter().enumerate() {
        for seg in &run.doc.segments {
            let ours = seg.state == State::Draft
                && seg.origin.as_ref() == Some(origin)
                && seg.revision == run.revision;
            if !ours {
                continue;
            }
            let matches = matcher.find(&seg.source);
            if glossary::check(glossary, &matches, &seg.target).is_empty() {
                continue;
            }
            let mut unit = unit_for(units.len() as u64, &seg.source, glossary, matcher);
            unit.context = paragraph(&run.text, run.offset, seg.byte_range());
            units.push(unit);
            takers.push(vec![(d, seg.id)]);
        }
    }
    if units.is_empty() {
        return Ok(Outcome {
            stats: Stats::default(),
            interrupted: false,
        });
    }
    reporter.restart(units.len() as u64, "glossary retry");
    let violations =
        |source: &str, target: &str| glossary::check(glossary, &matcher.find(source), target).len();
    let result = runtime.block_on(translate::run(
        Arc::clone(engine),
        units,
        options,
        interrupt(),
        |e| reporter.event(e),
        |batch| {
            store_translations(docs, &takers, batch, origin, action, writer, |seg, new| {
                violations(&seg.source, new) < violations(&seg.source, &seg.target)
            })
        },
    ));
    result.map_err(|e| (e, takers))
}

fn add(a: Stats, b: Stats) -> Stats {
    Stats {
        segments: a.segments + b.segments,
        requests: a.requests + b.requests,
        retries: a.retries + b.retries,
        splits: a.splits + b.splits,
        characters: a.characters + b.characters,
    }
}

/// Ctrl-C: completes on the first interrupt; never, when no handler can be installed.
async fn interrupt() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The error that stopped a run, naming the document and segment.
fn stopped(
    e: translate::Error,
    takers: &[Vec<(usize, u64)>],
    docs: &[DocRun],
    backend: &str,
) -> anyhow::Error {
    let stored: usize = docs.iter().map(|d| d.summary.translated).sum();
    let resume = format!(
        "{stored} segment(s) were stored before the stop; fix the cause and run the same command again to translate only what is missing"
    );
    match e {
        translate::Error::Batch {
            first,
            size,
            attempts,
            source,
            ..
        } => {
            let at = usize::try_from(first)
                .ok()
                .and_then(|i| takers.get(i))
                .and_then(|l| l.first())
                .and_then(|&(d, id)| docs.get(d).map(|run| (run.name.clone(), id)));
            let place = match at {
                Some((name, id)) => format!("document `{name}`, segment {id}"),
                None => format!("unit {first}"),
            };
            let tries = if attempts == 1 {
                "1 attempt".to_owned()
            } else {
                format!("{attempts} attempts")
            };
            let hint = match *source {
                translate::Error::Connect { .. } => {
                    "\n  hint: check that the server is running and that its address (`--base-url` or the backend's URL variable) is right"
                }
                translate::Error::Timeout { .. } => {
                    "\n  hint: the server is slow or overloaded: raise `--timeout`, or lower `--jobs` or `--batch-size`"
                }
                _ => "",
            };
            anyhow::anyhow!(
                "translation with `{backend}` stopped at {place} (a batch of {size}, after {tries}): {source}{hint}\n  note: {resume}"
            )
        }
        other => anyhow::anyhow!("translation with `{backend}` stopped: {other}\n  note: {resume}"),
    }
}

/// `--dry-run`: print every request that would be sent, keys redacted; write nothing.
fn dry_run<T: Translator>(engine: &T, pool: Pool, ctx: &Context) -> anyhow::Result<u8> {
    let n = pool.units.len();
    let batches = translate::plan_batches(pool.units, engine.limits());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut requests = 0;
    for batch in &batches {
        if let Some(preview) = engine.preview(batch)? {
            serde_json::to_writer_pretty(&mut out, &preview)?;
            std::io::Write::write_all(&mut out, b"\n")?;
            requests += 1;
        }
    }
    ctx.printer.status(format_args!(
        "dry run: {n} segment(s) in {requests} request(s) to {}; nothing sent, nothing written",
        engine.name()
    ));
    Ok(crate::EXIT_OK)
}

/// Progress: a bar on a terminal, a plain line every few seconds otherwise, nothing with
/// `--quiet`.
struct Reporter {
    bar: indicatif::ProgressBar,
    plain: bool,
    verbose: bool,
    printer: crate::output::Printer,
    total: u64,
    done: u64,
    retries: u64,
    what: String,
    last_line: Instant,
}

impl Reporter {
    fn new(ctx: &Context, total: u64, backend: &str) -> Reporter {
        let printer = ctx.printer;
        let what = format!("translate ({backend})");
        Reporter {
            bar: printer.progress_bar(total, &what),
            plain: !printer.progress && printer.verbosity != Verbosity::Quiet,
            verbose: printer.verbosity == Verbosity::Verbose,
            printer,
            total,
            done: 0,
            retries: 0,
            what,
            last_line: Instant::now(),
        }
    }

    fn restart(&mut self, total: u64, what: &str) {
        self.bar.finish_and_clear();
        self.bar = self.printer.progress_bar(total, what);
        self.total = total;
        self.done = 0;
        self.what = what.to_owned();
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Stored { units } => {
                self.done += *units as u64;
                self.bar.inc(*units as u64);
                if self.plain && self.last_line.elapsed() >= Duration::from_secs(10) {
                    self.last_line = Instant::now();
                    self.printer.status(format_args!(
                        "{}: {}/{} segments, {} retries",
                        self.what, self.done, self.total, self.retries
                    ));
                }
            }
            Event::Retry {
                first,
                attempt,
                delay,
                reason,
            } => {
                self.retries += 1;
                self.bar.set_message(format!("{} retries", self.retries));
                if self.verbose {
                    self.bar.suspend(|| {
                        self.printer.detail(format_args!(
                            "retry {attempt} of the batch at unit {first} after {reason}, in {:.1} s",
                            delay.as_secs_f64()
                        ));
                    });
                }
            }
            Event::Split {
                first,
                size,
                reason,
            } => {
                if self.verbose {
                    self.bar.suspend(|| {
                        self.printer.detail(format_args!(
                            "splitting the batch of {size} at unit {first} after {reason}"
                        ));
                    });
                }
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Print the per-document lines and the run's summary (or the JSON of both).
fn report(
    docs: &[DocRun],
    backend: &'static str,
    outcome: Outcome,
    format: OutputFormat,
    ctx: &Context,
) -> anyhow::Result<u8> {
    let summaries: Vec<&DocumentSummary> = docs.iter().map(|d| &d.summary).collect();
    match format {
        OutputFormat::Json => {
            let owned: Vec<DocumentSummary> = summaries
                .iter()
                .map(|s| DocumentSummary {
                    document: s.document.clone(),
                    store: s.store.clone(),
                    ..**s
                })
                .collect();
            let run = RunSummary {
                backend,
                documents: &owned,
                stats: outcome.stats,
                interrupted: outcome.interrupted,
            };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            serde_json::to_writer_pretty(&mut out, &run)?;
            std::io::Write::write_all(&mut out, b"\n")?;
        }
        OutputFormat::Human => {
            for s in &summaries {
                let what = if s.written { "wrote" } else { "unchanged" };
                let memory = if s.memory > 0 {
                    format!(", {} from translation memory", s.memory)
                } else {
                    String::new()
                };
                ctx.printer.status(format_args!(
                    "{}: {} segments, {} translated ({} sent to {backend}{memory}); {what} `{}`",
                    s.document, s.segments, s.translated, s.sent, s.store
                ));
            }
            let st = outcome.stats;
            if st.requests > 0 {
                ctx.printer.status(format_args!(
                    "{backend}: {} in {} ({}, {}), {} sent",
                    count(st.segments, "segment"),
                    count(st.requests, "request"),
                    count(st.retries, "retry"),
                    count(st.splits, "split batch"),
                    count(st.characters, "character"),
                ));
            }
        }
    }
    if outcome.interrupted {
        let stored: usize = docs.iter().map(|d| d.summary.translated).sum();
        ctx.printer.warn(format_args!(
            "interrupted: {stored} segment(s) stored; run the same command again to translate the rest"
        ));
        return Ok(crate::EXIT_INTERRUPTED);
    }
    Ok(crate::EXIT_OK)
}

/// `1 request`, `3 requests`, `2 retries`, `1 split batch`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    let plural = if let Some(stem) = noun.strip_suffix('y') {
        format!("{stem}ies")
    } else if noun.ends_with("ch") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    };
    format!("{n} {plural}")
}

/// Add `changed` to revision `number`, creating it on first use.
fn note_revision(doc: &mut Document, number: u32, time: &str, action: &str, changed: usize) {
    match doc.revisions.last_mut() {
        Some(r) if r.number == number && r.action.split(", ").any(|a| a == action) => {
            r.changed += changed;
        }
        Some(r) if r.number == number => {
            r.action = format!("{}, {action}", r.action);
            r.changed += changed;
        }
        _ => {
            doc.record_revision(number, time, action, changed);
        }
    }
}

/// A segment goes to the machine when it has no target yet, or holds a machine draft made by
/// a different engine or model. Drafts reused from the translation memory stay.
fn needs_machine(seg: &store::Segment, backend: &str, model: Option<&str>) -> bool {
    match seg.state {
        State::New => true,
        State::Draft => seg.origin.as_ref().is_none_or(|o| {
            o.kind == OriginKind::Machine
                && (o.backend.as_deref() != Some(backend) || o.model.as_deref() != model)
        }),
        _ => false,
    }
}

/// The unit for one segment: its text and the glossary terms found in it.
pub(crate) fn unit_for(id: u64, text: &str, glossary: &Glossary, matcher: &Matcher) -> Unit {
    let mut terms: Vec<TermHint> = Vec::new();
    let mut spans = Vec::new();
    for m in matcher.find(text) {
        let Some(term) = glossary.terms().get(m.term) else {
            continue;
        };
        let surface = text
            .get(m.term_range.clone())
            .unwrap_or_default()
            .to_owned();
        let hint = TermHint {
            source: surface,
            target: term.english.clone(),
        };
        if !terms.contains(&hint) {
            terms.push(hint);
        }
        spans.push(TermSpan {
            range: m.range.clone(),
            prefix: proclitics_in_english(&m.proclitics),
            rendering: term.english.clone(),
        });
    }
    Unit {
        id,
        text: text.to_owned(),
        context: None,
        terms,
        term_spans: spans,
    }
}

/// `وب` + term → `and in `.
fn proclitics_in_english(clitics: &[Proclitic]) -> String {
    let mut out = String::new();
    for c in clitics {
        let word = match c {
            Proclitic::Wa => "and ",
            Proclitic::Fa => "so ",
            Proclitic::Bi => "in ",
            Proclitic::Ka => "like ",
            Proclitic::Li => "to ",
            Proclitic::Al => "",
        };
        out.push_str(word);
    }
    out
}

/// `path` relative to the project root, with forward slashes, for storing.
fn relative_to(root: &Path, path: &Path) -> String {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs = abs.canonicalize().unwrap_or(abs);
    abs.strip_prefix(&root)
        .unwrap_or(&abs)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
