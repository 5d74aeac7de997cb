//! `workbench import`: bring back a file edited in another tool as one new revision, or
//! (`--as-memory`) store a TMX as translation memory, as `workbench memory import` does.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Context;
use super::document::{load_document, lock_document};
use super::export::format_from;
use crate::cli::ImportArgs;
use crate::formats::{self, ApplyReport, Import};
use crate::store;

pub(crate) fn run(args: ImportArgs, ctx: &Context) -> anyhow::Result<u8> {
    let ImportArgs {
        input,
        into,
        dry_run,
        format,
        as_memory,
        name,
    } = args;
    if as_memory {
        return super::memory::import_tmx(&input, name, dry_run, ctx);
    }
    let import = formats::read(&input, format.map(format_from))?;
    let doc_path = match into {
        Some(p) => p,
        None => document_for(&input, &import, ctx)?,
    };
    // One writer per document: held from reading to writing.
    let _lock = if dry_run {
        None
    } else {
        Some(lock_document(&doc_path, ctx)?)
    };
    let mut doc = load_document(&doc_path)?;
    if let Some(named) = import.document.as_deref().filter(|n| *n != doc.meta.name) {
        ctx.printer.warn(format_args!(
            "{} was exported from document `{named}`; applying it to `{}`",
            ctx.show(&input),
            doc.meta.name
        ));
    }
    let report = formats::apply(&mut doc, &import, &ctx.now)?;
    for s in &report.skipped {
        ctx.printer.warn(format_args!(
            "{}:{}:{}: unit {} not applied: {}",
            ctx.show(&input),
            s.line,
            s.column,
            s.id,
            s.reason
        ));
    }
    if dry_run {
        print_changes(&report)?;
        ctx.printer.status(format_args!(
            "dry run: {} {} would change in `{}`, {} unchanged, {} not applied; nothing written",
            report.changes.len(),
            segments(report.changes.len()),
            ctx.show(&doc_path),
            report.unchanged,
            report.skipped.len()
        ));
    } else if let Some(revision) = report.revision {
        doc.save(&doc_path)?;
        ctx.printer.status(format_args!(
            "imported {} from `{}`: {} {} changed (revision {revision} of `{}`), {} unchanged, {} not applied",
            import.format.title(),
            ctx.show(&input),
            report.changes.len(),
            segments(report.changes.len()),
            ctx.show(&doc_path),
            report.unchanged,
            report.skipped.len()
        ));
    } else {
        ctx.printer.status(format_args!(
            "nothing to change in `{}` ({} unchanged, {} not applied); nothing written",
            ctx.show(&doc_path),
            report.unchanged,
            report.skipped.len()
        ));
    }
    Ok(if report.skipped.is_empty() {
        crate::EXIT_OK
    } else {
        crate::EXIT_FINDINGS
    })
}

fn segments(n: usize) -> &'static str {
    if n == 1 { "segment" } else { "segments" }
}

/// The store document a file belongs to: the name it records, else its file stem.
fn document_for(input: &Path, import: &Import, ctx: &Context) -> anyhow::Result<PathBuf> {
    let (name, said) = match &import.document {
        Some(name) => (name.clone(), "the file names"),
        None => (store::name_for_source(input)?, "the file's name gives"),
    };
    let path = ctx.layout.document_path(&name)?;
    if !path.is_file() {
        anyhow::bail!(
            "{}: {said} document `{name}`, but `{}` does not exist; give --into",
            ctx.show(input),
            ctx.show(&path)
        );
    }
    Ok(path)
}

/// One line per change on standard output: `id  old → new  "old target" → "new target"`.
fn print_changes(report: &ApplyReport) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for c in &report.changes {
        write!(out, "{}\t{} -> {}", c.id, c.old_state, c.new_state)?;
        if c.old_target != c.new_target {
            write!(out, "\t{:?} -> {:?}", c.old_target, c.new_target)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
