//! `workbench import`: bring back a file edited in another tool as one new revision, or
//! (`--as-memory`) store a TMX as translation memory, as `workbench memory import` does.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Context;
use super::document::{load_document, load_glossary, lock_document, review_options};
use super::export::format_from;
use crate::cli::ImportArgs;
use crate::formats::{self, ApplyOptions, ApplyReport, Import};
use crate::review;
use crate::store;

pub(crate) fn run(args: ImportArgs, ctx: &Context) -> anyhow::Result<u8> {
    let ImportArgs {
        input,
        into,
        dry_run,
        format,
        as_memory,
        name,
        theirs,
        force,
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
    let (options, refused) = approvals(&doc, &import, theirs, force, ctx)?;
    let report = formats::apply_with(&mut doc, &import, &ctx.now, &options)?;
    let place = |id: u64| {
        let unit = import.units.iter().find(|u| u.id == id.to_string());
        unit.map_or(String::new(), |u| format!("{}:{}: ", u.line, u.column))
    };
    for (id, refusal) in &refused {
        let insist = if matches!(refusal, review::Refusal::EmptyTarget) {
            ""
        } else {
            " (approve it anyway with `--force`)"
        };
        ctx.printer.warn(format_args!(
            "{}:{}unit {id} not approved: {refusal}; stored as `translated`{insist}",
            ctx.show(&input),
            place(*id),
        ));
    }
    for c in &report.conflicts {
        ctx.printer.warn(format_args!(
            "{}:{}:{}: unit {} not applied: a conflict: {}; the store's target kept (`--theirs` applies the file's)\n  store ({}): {:?}\n  file ({}):  {:?}",
            ctx.show(&input),
            c.line,
            c.column,
            c.id,
            c.reason,
            c.our_state,
            c.ours,
            c.their_state,
            c.theirs
        ));
    }
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
            report.skipped.len() + report.conflicts.len()
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
            report.skipped.len() + report.conflicts.len()
        ));
    } else {
        ctx.printer.status(format_args!(
            "nothing to change in `{}` ({} unchanged, {} not applied); nothing written",
            ctx.show(&doc_path),
            report.unchanged,
            report.skipped.len() + report.conflicts.len()
        ));
    }
    Ok(
        if report.skipped.is_empty() && report.conflicts.is_empty() && refused.is_empty() {
            crate::EXIT_OK
        } else {
            crate::EXIT_FINDINGS
        },
    )
}

/// The one approval rule on an import: the units the file marks approved are judged on the
/// document as it would be stored. Returns the options to apply it with and the approvals
/// the rule refused that stay refused (an empty target always; findings unless `force`).
fn approvals(
    doc: &store::Document,
    import: &Import,
    theirs: bool,
    force: bool,
    ctx: &Context,
) -> anyhow::Result<(ApplyOptions, Vec<(u64, review::Refusal)>)> {
    let mut options = ApplyOptions {
        theirs,
        ..ApplyOptions::default()
    };
    let mut preview = doc.clone();
    let planned = formats::apply_with(&mut preview, import, &ctx.now, &options)?;
    let approving: Vec<u64> = planned
        .changes
        .iter()
        .filter(|c| c.new_state == store::State::Approved)
        .map(|c| c.id)
        .collect();
    if approving.is_empty() {
        return Ok((options, Vec::new()));
    }
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let report = review::review(&preview, &glossary, &review_options(&ctx.config));
    let mut refused = Vec::new();
    for id in approving {
        let row = report.rows.iter().find(|r| r.id == id);
        let Some(refusal) = preview
            .segment(id)
            .and_then(|seg| review::approval_refused(seg, row))
        else {
            continue;
        };
        if force && !matches!(refusal, review::Refusal::EmptyTarget) {
            options.forced = true;
        } else {
            options.not_approved.insert(id);
            refused.push((id, refusal));
        }
    }
    Ok((options, refused))
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
