//! `workbench status`: where every document in `translations/` stands: segments per state,
//! review findings, how many glossary names are rendered as the glossary says, the last
//! revision, and whether the source file changed since it was translated; then the totals.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::Context;
use super::document::{load_document, load_glossary, review_options};
use crate::cli::{OutputFormat, StatusArgs};
use crate::glossary::{Glossary, Matcher};
use crate::output::paint;
use crate::review::status::{
    GlossaryShare, SourceStatus, StateCounts, count_findings, glossary_share,
};
use crate::store::{self, Document};

/// The status of one document.
#[derive(Debug, Serialize)]
struct DocumentStatus {
    document: String,
    /// The store file, relative to where the user stands.
    path: String,
    segments: usize,
    states: StateCounts,
    findings: usize,
    glossary: GlossaryShare,
    last_revision: Option<store::Revision>,
    /// The source file, relative to where the user stands.
    source_path: String,
    /// `current`, `changed` (since it was translated) or `missing`.
    source: SourceStatus,
}

#[derive(Debug, Serialize)]
struct Totals {
    documents: usize,
    segments: usize,
    states: StateCounts,
    findings: usize,
    glossary: GlossaryShare,
    /// Documents whose source changed or is missing.
    sources_changed: usize,
}

#[derive(Debug, Serialize)]
struct Status {
    documents: Vec<DocumentStatus>,
    totals: Totals,
}

pub(crate) fn run(args: StatusArgs, ctx: &Context) -> anyhow::Result<u8> {
    let StatusArgs { format } = args;
    let documents_dir = ctx.layout.translations_dir();
    if !ctx.project_found && !documents_dir.is_dir() {
        anyhow::bail!(
            "no project found here or in any folder above (none has `workbench.yaml` or `glossary.yaml`): `workbench init` creates one"
        );
    }
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let matcher = Matcher::new(&glossary);
    let mut documents = Vec::new();
    for path in ctx.layout.document_paths()? {
        let doc = load_document(&path)?;
        documents.push(document_status(&doc, &path, &glossary, &matcher, ctx));
    }
    let totals = totals(&documents);
    let status = Status { documents, totals };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &status)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => render_human(&status, ctx, &mut out)?,
    }
    out.flush()?;
    Ok(crate::EXIT_OK)
}

fn document_status(
    doc: &Document,
    path: &Path,
    glossary: &Glossary,
    matcher: &Matcher,
    ctx: &Context,
) -> DocumentStatus {
    let source_file = ctx.layout.root.join(&doc.meta.source_path);
    let source = SourceStatus::of(doc, &ctx.layout.root);
    DocumentStatus {
        document: doc.meta.name.clone(),
        path: ctx.show(path),
        segments: doc.segments.len(),
        states: StateCounts::of(doc),
        findings: count_findings(doc, glossary, &review_options(&ctx.config)),
        glossary: glossary_share(doc, glossary, matcher),
        last_revision: doc.revisions.last().cloned(),
        source_path: ctx.show(&source_file),
        source,
    }
}

fn totals(documents: &[DocumentStatus]) -> Totals {
    let mut states = StateCounts::default();
    let mut glossary = GlossaryShare::default();
    for d in documents {
        states.add(&d.states);
        glossary.add(d.glossary);
    }
    Totals {
        documents: documents.len(),
        segments: documents.iter().map(|d| d.segments).sum(),
        states,
        findings: documents.iter().map(|d| d.findings).sum(),
        glossary,
        sources_changed: documents
            .iter()
            .filter(|d| d.source != SourceStatus::Current)
            .count(),
    }
}

/// `42: 30 draft, 12 translated, 1 stale`: the non-zero states in workflow order.
fn describe_states(segments: usize, states: &StateCounts) -> String {
    let parts: Vec<String> = states
        .named()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{n} {name}"))
        .collect();
    if parts.is_empty() {
        segments.to_string()
    } else {
        format!("{segments}: {}", parts.join(", "))
    }
}

fn describe_glossary(g: &GlossaryShare) -> String {
    match g.share {
        None => "no glossary names in translated segments".to_owned(),
        Some(share) => format!(
            "{} of {} names rendered as the glossary says ({:.0}%)",
            g.correct,
            g.names,
            share * 100.0
        ),
    }
}

fn render_human(status: &Status, ctx: &Context, out: &mut impl Write) -> std::io::Result<()> {
    let color = ctx.printer.color_stdout;
    if status.documents.is_empty() {
        writeln!(
            out,
            "No documents in `{}` yet: start with `workbench translate seeds/<file>.txt`.",
            ctx.show(&ctx.layout.translations_dir())
        )?;
        return Ok(());
    }
    for d in &status.documents {
        writeln!(out, "{}  ({})", paint(color, "1", &d.document), d.path)?;
        writeln!(
            out,
            "  segments  {}",
            describe_states(d.segments, &d.states)
        )?;
        writeln!(out, "  findings  {}", d.findings)?;
        writeln!(out, "  glossary  {}", describe_glossary(&d.glossary))?;
        match &d.last_revision {
            Some(r) => writeln!(
                out,
                "  revision  {} at {}: {} ({} changed)",
                r.number, r.time, r.action, r.changed
            )?,
            None => writeln!(out, "  revision  none yet")?,
        }
        match d.source {
            SourceStatus::Current => writeln!(out, "  source    {} (unchanged)", d.source_path)?,
            SourceStatus::Changed => writeln!(
                out,
                "  source    {} {}: run `workbench translate {}` to bring it up to date",
                d.source_path,
                paint(color, "33;1", "changed since it was translated"),
                d.source_path
            )?,
            SourceStatus::Missing => writeln!(
                out,
                "  source    {} {}",
                d.source_path,
                paint(color, "33;1", "is missing")
            )?,
        }
        writeln!(out)?;
    }
    let t = &status.totals;
    writeln!(
        out,
        "{} {} {}",
        paint(color, "1", "Total:"),
        t.documents,
        if t.documents == 1 {
            "document"
        } else {
            "documents"
        },
    )?;
    writeln!(
        out,
        "  segments  {}",
        describe_states(t.segments, &t.states)
    )?;
    writeln!(out, "  findings  {}", t.findings)?;
    writeln!(out, "  glossary  {}", describe_glossary(&t.glossary))?;
    if t.sources_changed > 0 {
        writeln!(
            out,
            "  sources   {} changed or missing since translated",
            t.sources_changed
        )?;
    }
    Ok(())
}
