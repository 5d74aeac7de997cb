//! `workbench translate`: split each source, draft English for what has none, store it.
//!
//! Only segments in state `new` are sent, plus machine drafts made by another engine; a
//! person's work (`translated`, `reviewed`, `approved`, `rejected`) is never sent or replaced.
//! Each finished batch is written to the store at once, atomically, so an interrupted run
//! resumes where it stopped. A run that changes nothing writes nothing.

use std::path::Path;

use anyhow::Context as _;

use super::Context;
use super::document::{load_document, load_glossary, segmenter_for, split_source};
use crate::cli::{BackendName, OutputFormat, TranslateArgs};
use crate::glossary::{Glossary, Matcher, Proclitic};
use crate::source::SourceText;
use crate::store::{self, Document, Meta, Origin, OriginKind, State};
use crate::translate::{self, TermHint, TermSpan, Translator, Unit};

/// What one document's run did.
#[derive(Debug, Default, serde::Serialize)]
struct DocumentSummary {
    document: String,
    store: String,
    segments: usize,
    sent: usize,
    translated: usize,
    written: bool,
}

pub(crate) fn run(args: TranslateArgs, ctx: &Context) -> anyhow::Result<u8> {
    let TranslateArgs {
        inputs,
        backend,
        model: _,
        base_url: _,
        jobs: _,
        batch_size: _,
        rate: _,
        dry_run: _,
        glossary_retry: _,
        format,
    } = args;
    if backend != BackendName::Stub {
        anyhow::bail!(
            "the `{}` backend is not available in this build yet; use `--backend stub`",
            backend_name(backend)
        );
    }
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let matcher = Matcher::new(&glossary);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let engine = translate::stub::Stub;
    let mut summaries = Vec::new();
    for input in &inputs {
        let summary = runtime.block_on(translate_document(
            input, &engine, &glossary, &matcher, ctx,
        ))?;
        summaries.push(summary);
    }
    match format {
        OutputFormat::Json => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            serde_json::to_writer_pretty(&mut out, &summaries)?;
            std::io::Write::write_all(&mut out, b"\n")?;
        }
        OutputFormat::Human => {
            for s in &summaries {
                let what = if s.written { "wrote" } else { "unchanged" };
                ctx.printer.status(format_args!(
                    "{}: {} segments, {} translated ({} sent to {}); {what} `{}`",
                    s.document,
                    s.segments,
                    s.translated,
                    s.sent,
                    engine.name(),
                    s.store
                ));
            }
        }
    }
    Ok(crate::EXIT_OK)
}

fn backend_name(b: BackendName) -> &'static str {
    match b {
        BackendName::Stub => "stub",
        BackendName::Openai => "openai",
        BackendName::Deepl => "deepl",
        BackendName::Libretranslate => "libretranslate",
        BackendName::Google => "google",
    }
}

async fn translate_document<T: Translator>(
    input: &Path,
    engine: &T,
    glossary: &Glossary,
    matcher: &Matcher,
    ctx: &Context,
) -> anyhow::Result<DocumentSummary> {
    let source = SourceText::read(input)?;
    let name = store::name_for_source(input)?;
    let store_path = ctx.layout.document_path(&name)?;
    let hash = store::hash_source(&source.bytes);
    let split = split_source(&source, &segmenter_for("ar"))?;
    let mut doc = if store_path.exists() {
        load_document(&store_path)?
    } else {
        Document::new(
            Meta {
                name: name.clone(),
                source_path: relative_to(&ctx.layout.root, input),
                source_lang: "ar".into(),
                target_lang: "en".into(),
                source_hash: hash.clone(),
                target_path: None,
            },
            &split,
        )
    };
    let revision = doc.next_revision();
    let mut changed = 0;
    if doc.meta.source_hash != hash {
        let report = doc.resplit(&split, revision);
        doc.meta.source_hash = hash;
        changed += report.changes();
        if changed > 0 {
            doc.record_revision(revision, &ctx.now, "resplit", changed);
        }
    }
    let model = engine.model();
    let units: Vec<Unit> = doc
        .segments
        .iter()
        .filter(|s| needs_machine(s, engine.name(), model.as_deref()))
        .map(|s| unit_for(s.id, &s.source, glossary, matcher))
        .collect();
    let sent = units.len();
    let mut translated = 0;
    let action = format!("translate {}", engine.name());
    let origin = Origin {
        kind: OriginKind::Machine,
        backend: Some(engine.name().to_owned()),
        model: model.clone(),
        time: ctx.now.clone(),
    };
    let mut written = false;
    translate::run(engine, units, |batch| {
        let mut batch_changed = 0;
        for t in batch {
            if let Some(seg) = doc.segment_mut(t.id) {
                if seg.set(t.text, State::Draft, Some(origin.clone()), revision) {
                    batch_changed += 1;
                }
            }
        }
        translated += batch_changed;
        if batch_changed > 0 {
            note_revision(&mut doc, revision, &ctx.now, &action, batch_changed);
        }
        if batch_changed > 0 || !store_path.exists() {
            written |= doc.save(&store_path).map_err(|e| e.to_string())?;
        }
        Ok(())
    })
    .await?;
    written |= doc.save(&store_path)?;
    Ok(DocumentSummary {
        document: name,
        store: ctx.show(&store_path),
        segments: doc.segments.len(),
        sent,
        translated,
        written,
    })
}

/// Add `changed` to revision `number`, creating it on first use.
fn note_revision(doc: &mut Document, number: u32, time: &str, action: &str, changed: usize) {
    match doc.revisions.last_mut() {
        Some(r) if r.number == number && r.action == action => r.changed += changed,
        Some(r) if r.number == number => {
            r.action = format!("{}, {action}", r.action);
            r.changed += changed;
        }
        _ => {
            doc.record_revision(number, time, action, changed);
        }
    }
}

/// A segment goes to the machine when it has no target yet, or holds a draft made by a
/// different engine or model.
fn needs_machine(seg: &store::Segment, backend: &str, model: Option<&str>) -> bool {
    match seg.state {
        State::New => true,
        State::Draft => seg.origin.as_ref().is_none_or(|o| {
            o.backend.as_deref() != Some(backend) || o.model.as_deref() != model
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
        let surface = text.get(m.term_range.clone()).unwrap_or_default().to_owned();
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
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
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
