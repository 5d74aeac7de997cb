//! What the user reads when a run ends: the per-document lines and the totals (or their
//! JSON), the error that stopped a run, and the requests a dry run would send.

use std::io::Write as _;

use serde::Serialize;

use super::documents::{DocRun, DocumentSummary, stored};
use super::settings::Budget;
use crate::cli::OutputFormat;
use crate::commands::Context;
use crate::translate::pool::Pool;
use crate::translate::{self, Billing, Estimate, Outcome, Stats, Translator};

/// The whole run, for `--format json`.
#[derive(Debug, Serialize)]
struct RunSummary<'a> {
    backend: &'static str,
    documents: Vec<&'a DocumentSummary>,
    #[serde(flatten)]
    stats: Stats,
    /// What the usage cost, when the engine's price is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    cost: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'a str>,
    interrupted: bool,
}

/// Print the per-document lines and the run's summary (or the JSON of both).
pub(super) fn report(
    docs: &[DocRun],
    backend: &'static str,
    outcome: Outcome,
    budget: &Budget,
    format: OutputFormat,
    ctx: &Context,
) -> anyhow::Result<u8> {
    let summaries: Vec<&DocumentSummary> = docs.iter().map(|d| &d.summary).collect();
    let st = outcome.stats;
    let cost = st.billing.and_then(|b| {
        budget
            .price
            .cost(b, st.billed_characters as u64, st.tokens)
            .filter(|_| b != Billing::Free)
    });
    match format {
        OutputFormat::Json => print_json(&RunSummary {
            backend,
            documents: summaries,
            stats: outcome.stats,
            cost,
            currency: budget.currency.as_deref(),
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
            if st.requests > 0 {
                ctx.printer.status(format_args!(
                    "{backend}: {} in {} ({}, {}), {} sent{}{}",
                    count(st.segments, "segment"),
                    count(st.requests, "request"),
                    count(st.retries, "retry"),
                    count(st.splits, "split batch"),
                    count(st.characters, "character"),
                    codes_note(&st),
                    economy_note(&st),
                ));
                if let Some(line) = usage_line(&st, cost, budget.currency.as_deref()) {
                    ctx.printer.status(format_args!("{backend}: {line}"));
                }
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

/// What the run's economy cost beyond one request per batch: answers that left out
/// segments, short positional answers sent again, rate limits; empty when none.
fn economy_note(st: &Stats) -> String {
    let mut note = String::new();
    if st.partial_answers > 0 {
        note.push_str(&format!(
            "; {} left out {}, asked again for those only",
            count(st.partial_answers, "answer"),
            count(st.reasked, "segment")
        ));
    }
    if st.resent > 0 {
        note.push_str(&format!(
            "; {} sent again whole after a short answer (this engine answers by position, so the texts it gave back could not be matched)",
            count(st.resent, "batch")
        ));
    }
    if st.rate_limited > 0 {
        note.push_str(&format!(
            "; {} refused for the request rate (HTTP 429)",
            count(st.rate_limited, "request")
        ));
        note.push_str(", the pool slowed down");
    }
    if st.texts > st.segments && st.segments > 0 {
        note.push_str(&format!(
            "; {} texts sent for {} segments ({:.2}×)",
            st.texts,
            st.segments,
            st.texts as f64 / st.segments as f64
        ));
    }
    note
}

/// `usage: 12,345 characters billed, cost 0.25 EUR` (or tokens); `None` for a free engine.
fn usage_line(st: &Stats, cost: Option<f64>, currency: Option<&str>) -> Option<String> {
    let used = match st.billing? {
        Billing::Free => return None,
        Billing::Characters => format!("{} billed", count(st.billed_characters, "character")),
        // A server that reports no usage: nothing to show.
        Billing::Tokens if st.tokens.total() == 0 => return None,
        Billing::Tokens => format!(
            "{} prompt + {} completion tokens",
            st.tokens.prompt, st.tokens.completion
        ),
    };
    let cost = match cost {
        Some(c) => format!(", cost {}", money(c, currency)),
        None => String::new(),
    };
    Some(format!("usage: {used}{cost}"))
}

/// An amount: two decimals from 1 up, four below; the currency after it when set.
pub(super) fn money(amount: f64, currency: Option<&str>) -> String {
    let figure = if amount >= 1.0 {
        format!("{amount:.2}")
    } else {
        format!("{amount:.4}")
    };
    match currency {
        Some(c) => format!("{figure} {c}"),
        None => figure,
    }
}

/// `1 request`, `3 requests`, `2 retries`, `1 split batch`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    let plural = if let Some(stem) = noun.strip_suffix('y') {
        format!("{stem}ies")
    } else if noun.ends_with("ch") || noun.ends_with("sh") {
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
            let hints: Vec<String> = source.hint().into_iter().chain([resume]).collect();
            crate::commands::hinted(
                format!(
                    "translation with `{backend}` stopped at {place} (a batch of {size}, after {tries}): {source}"
                ),
                hints.join("\n"),
            )
        }
        other => {
            let hints: Vec<String> = other.hint().into_iter().chain([resume]).collect();
            crate::commands::hinted(
                format!("translation with `{backend}` stopped: {other}"),
                hints.join("\n"),
            )
        }
    }
}

/// `--dry-run`: print every request that would be sent, keys redacted; write nothing.
pub(super) fn dry_run<T: Translator>(
    engine: &T,
    pool: Pool,
    budget: &Budget,
    ctx: &Context,
) -> anyhow::Result<u8> {
    let n = pool.units.len();
    let batches = translate::plan_batches(pool.units, engine.limits());
    let estimate = translate::usage::estimate(engine, &batches);
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
    if let Some(line) = estimate_line(&estimate, engine.name(), engine.billing(), budget) {
        ctx.printer.status(format_args!("{line}"));
    }
    Ok(crate::EXIT_OK)
}

/// `estimate: 12,345 characters billed, cost about 0.25 EUR`; `None` for a free engine or
/// nothing to send.
fn estimate_line(e: &Estimate, name: &str, billing: Billing, budget: &Budget) -> Option<String> {
    if e.segments == 0 {
        return None;
    }
    let used = match billing {
        Billing::Free => return None,
        Billing::Characters => format!("{} billed", count(e.characters as usize, "character")),
        Billing::Tokens => format!(
            "about {} prompt + {} completion tokens ({} of source text)",
            e.tokens.prompt,
            e.tokens.completion,
            count(e.characters as usize, "character")
        ),
    };
    let cost = match budget.price.cost(billing, e.characters, e.tokens) {
        Some(c) => format!(", cost about {}", money(c, budget.currency.as_deref())),
        None => format!(", no price set (`translate.{name}.price` in workbench.yaml)"),
    };
    Some(format!("estimate: {used}{cost}"))
}

/// `value` as pretty JSON on standard output, and a newline.
fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}
