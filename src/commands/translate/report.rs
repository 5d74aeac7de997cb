//! What the user reads when a run ends: the per-document lines and the totals (or their
//! JSON), the error that stopped a run, and the requests a dry run would send.

use std::io::Write as _;

use serde::Serialize;

use super::documents::{DocRun, DocumentSummary, stored};
use crate::cli::OutputFormat;
use crate::commands::Context;
use crate::translate::pool::Pool;
use crate::translate::{self, Outcome, Stats, Translator};

/// The whole run, for `--format json`.
#[derive(Debug, Serialize)]
struct RunSummary<'a> {
    backend: &'static str,
    documents: Vec<&'a DocumentSummary>,
    #[serde(flatten)]
    stats: Stats,
    interrupted: bool,
}

/// Print the per-document lines and the run's summary (or the JSON of both).
pub(super) fn report(
    docs: &[DocRun],
    backend: &'static str,
    outcome: Outcome,
    format: OutputFormat,
    ctx: &Context,
) -> anyhow::Result<u8> {
    let summaries: Vec<&DocumentSummary> = docs.iter().map(|d| &d.summary).collect();
    match format {
        OutputFormat::Json => print_json(&RunSummary {
            backend,
            documents: summaries,
            stats: outcome.stats,
            interrupted: outcome.interrupted,
        })?,
        OutputFormat::Human => {
            for s in &summaries {
                let what = if s.written { "wrote" } else { "unchanged" };
                let memory = if s.memory > 0 {
                    format!(", {} from translation memory", s.memory)
                } else {
                    String::new()
                };
                ctx.printer.status(format_args!(
                    "{}: {}, {} translated ({} sent to {backend}{memory}); {what} `{}`",
                    s.document,
                    count(s.segments, "segment"),
                    s.translated,
                    s.sent,
                    s.store
                ));
                if !s.redrafted.is_empty() {
                    let ids: Vec<String> = s.redrafted.iter().map(u64::to_string).collect();
                    ctx.printer.status(format_args!(
                        "{}: {} that {} the changed glossary drafted again (id{} {})",
                        s.document,
                        count(s.redrafted.len(), "machine draft"),
                        if ids.len() == 1 { "breaks" } else { "break" },
                        if ids.len() == 1 { "" } else { "s" },
                        ids.join(", ")
                    ));
                }
                if !s.stale.is_empty() {
                    let ids: Vec<String> = s.stale.iter().map(u64::to_string).collect();
                    ctx.printer.warn(format_args!(
                        "{}: the source changed under a person's target in {} ({}): marked stale, any approval or review of it withdrawn; check with `workbench review {}`",
                        s.document,
                        count(s.stale.len(), "segment"),
                        if ids.len() == 1 {
                            format!("id {}", ids[0])
                        } else {
                            format!("ids {}", ids.join(", "))
                        },
                        s.store
                    ));
                }
            }
            let st = outcome.stats;
            if st.requests > 0 {
                ctx.printer.status(format_args!(
                    "{backend}: {} in {} ({}, {}), {} sent{}",
                    count(st.segments, "segment"),
                    count(st.requests, "request"),
                    count(st.retries, "retry"),
                    count(st.splits, "split batch"),
                    count(st.characters, "character"),
                    codes_note(&st),
                ));
            }
            if !outcome.interrupted {
                match summaries.as_slice() {
                    [one] => ctx.printer.hint(format_args!(
                        "`workbench review {0}` to check it, `workbench build {0}` to write the English document",
                        one.store
                    )),
                    [] => {}
                    _ => ctx.printer.hint(format_args!(
                        "`workbench review DOC` to check a document, `workbench build DOC` to write it in English (DOC: a file above)"
                    )),
                }
            }
        }
    }
    if outcome.interrupted {
        let stored = stored(docs);
        ctx.printer.warn(format_args!(
            "interrupted: {stored} segment(s) stored; run the same command again to translate the rest"
        ));
        return Ok(crate::EXIT_INTERRUPTED);
    }
    Ok(crate::EXIT_OK)
}

/// `; 2 segments re-sent for broken inline codes, 1 stored with its codes re-attached…`
/// when an engine broke inline codes; empty otherwise.
fn codes_note(st: &Stats) -> String {
    if st.code_retries == 0 && st.codes_reattached == 0 {
        return String::new();
    }
    let mut note = format!(
        "; {} re-sent for broken inline codes",
        count(st.code_retries, "segment")
    );
    if st.codes_reattached > 0 {
        note.push_str(&format!(
            ", {} stored with the codes re-attached around the sentence (see `workbench review`)",
            st.codes_reattached
        ));
    }
    note
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

/// The error that stopped a run, naming the document and segment.
pub(super) fn stopped(
    e: translate::Error,
    takers: &[Vec<(usize, u64)>],
    docs: &[DocRun],
    backend: &str,
) -> anyhow::Error {
    let stored = stored(docs);
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
pub(super) fn dry_run<T: Translator>(engine: &T, pool: Pool, ctx: &Context) -> anyhow::Result<u8> {
    let n = pool.units.len();
    let batches = translate::plan_batches(pool.units, engine.limits());
    let mut requests = 0;
    // The engine's preparation (DeepL: the glossary) comes first, and only when there is
    // something to translate.
    let preparing = if n > 0 {
        engine.prepare_preview()?
    } else {
        Vec::new()
    };
    for request in &preparing {
        print_json(request)?;
    }
    for batch in &batches {
        if let Some(preview) = engine.preview(batch)? {
            print_json(&preview)?;
            requests += 1;
        }
    }
    let prepare = match preparing.len() {
        0 => String::new(),
        k => format!(" (after up to {k} glossary request(s))"),
    };
    ctx.printer.status(format_args!(
        "dry run: {n} segment(s) in {requests} request(s) to {}{prepare}; nothing sent, nothing written",
        engine.name()
    ));
    Ok(crate::EXIT_OK)
}

/// `value` as pretty JSON on standard output, and a newline.
fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}
