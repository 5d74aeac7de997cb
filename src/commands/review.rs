//! `workbench review`: the bilingual text side by side with its findings; `--html` for a
//! report, `--edit` to fix segments in `$VISUAL`/`$EDITOR`, `--approve` to sign off clean ones.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use super::Context;
use super::document::{load_document, load_glossary, lock_document, review_options};
use super::edit::state_from;
use super::memory::load_memory;
use crate::cli::{OutputFormat, ReviewArgs, SeverityArg};
use crate::review::{self, RenderOptions, Selection, Severity, form};
use crate::store::Document;

pub(crate) fn run(args: ReviewArgs, ctx: &Context) -> anyhow::Result<u8> {
    let ReviewArgs {
        document,
        format,
        state,
        flagged,
        segment,
        fail_on,
        html,
        edit,
        approve,
        width,
    } = args;
    let selection = Selection {
        states: state.into_iter().map(state_from).collect(),
        flagged,
        ids: segment
            .as_deref()
            .map(review::parse_segment_range)
            .transpose()?,
    };
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    // The project configuration will switch checks off and set thresholds here.
    let options = review_options(&ctx.config);
    // Editing and approving write the document: one writer at a time.
    let _lock = if edit || approve {
        Some(lock_document(&document, ctx)?)
    } else {
        None
    };
    let mut doc = load_document(&document)?;
    if let Some(ids) = &selection.ids {
        if !doc.segments.iter().any(|s| ids.contains(&s.id)) {
            let ids = doc.segments.iter().map(|s| s.id);
            let known = match (ids.clone().min(), ids.max()) {
                (Some(low), Some(high)) => format!("its segment ids run from {low} to {high}"),
                _ => "it has no segments".to_owned(),
            };
            anyhow::bail!(
                "{}: no segment in `--segment {}` ({known})",
                ctx.show(&document),
                segment.as_deref().unwrap_or_default()
            );
        }
    }
    let mut report = review::review(&doc, &glossary, &options).select(&selection);
    if !edit && !approve {
        add_memory_hints(&mut report, &doc, ctx)?;
    }

    if edit {
        let ids: Vec<u64> = report.rows.iter().map(|r| r.id).collect();
        return edit_in_editor(&mut doc, &document, &ids, ctx);
    }
    if approve {
        return approve_clean(&mut doc, &document, &report, ctx);
    }

    if let Some(path) = &html {
        let mut page = Vec::new();
        review::render_html(&report, &mut page)?;
        crate::fs::write_atomic(path, &page)?;
        ctx.printer
            .status(format_args!("wrote the report to `{}`", ctx.show(path)));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => {
            let width = width.or_else(terminal_width).unwrap_or(100);
            let options = RenderOptions {
                width,
                color: ctx.printer.color_stdout,
            };
            review::render_human(&report, &options, &mut out)?;
        }
    }
    out.flush()?;
    let threshold = fail_on.map(|f| match f {
        SeverityArg::Info => Severity::Info,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Error => Severity::Error,
    });
    Ok(match (threshold, report.worst()) {
        (Some(t), Some(w)) if w >= t => crate::EXIT_FINDINGS,
        _ => crate::EXIT_OK,
    })
}

/// Give each row the best match of its source in the translation memory (other documents
/// and imported memories, scoring 50 or more), when there is one.
fn add_memory_hints(
    report: &mut review::Report,
    doc: &Document,
    ctx: &Context,
) -> anyhow::Result<()> {
    let name = doc.meta.name.clone();
    let (memory, _) = load_memory(ctx, &[], &|n| n == name)?;
    review::attach_memory(report, &memory, &name);
    Ok(())
}

fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// Open the form of the selected segments in the editor and apply what changed.
fn edit_in_editor(
    doc: &mut Document,
    path: &Path,
    ids: &[u64],
    ctx: &Context,
) -> anyhow::Result<u8> {
    if ids.is_empty() {
        ctx.printer.status("no segment selected; nothing to edit");
        return Ok(crate::EXIT_OK);
    }
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .context("set VISUAL or EDITOR to the editor to open (e.g. `EDITOR=nano`)")?;
    let text = form::write_form(doc, ids);
    let original = form::parse_form(&text)?;
    let file = tempfile::Builder::new()
        .prefix("workbench-review-")
        .suffix(".txt")
        .tempfile()
        .context("cannot create a file for the editor")?;
    fs_err::write(file.path(), &text)?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot run the editor `{editor}`"))?;
    if !status.success() {
        anyhow::bail!("the editor `{editor}` failed ({status}); nothing was changed");
    }
    let edited_text = fs_err::read_to_string(file.path())?;
    let revision = doc.next_revision();
    let applied = form::parse_form(&edited_text)
        .and_then(|edited| form::apply_form(doc, &original, &edited, revision, &ctx.now));
    let changed = match applied {
        Ok(changed) => changed,
        Err(e) => {
            let kept = file.into_temp_path().keep().ok();
            let hint = kept.map_or(String::new(), |p| {
                format!("; your edits are kept in `{}`", p.display())
            });
            anyhow::bail!("{e}{hint}");
        }
    };
    let mut all = changed;
    for id in doc.enforce_approvals(revision) {
        if !all.contains(&id) {
            all.push(id);
        }
    }
    if all.is_empty() {
        ctx.printer.status("nothing changed; nothing written");
        return Ok(crate::EXIT_OK);
    }
    doc.record_revision(revision, &ctx.now, "review edit", all.len());
    doc.save(path)?;
    ctx.printer.status(format_args!(
        "{} segment{} changed (revision {revision} of `{}`)",
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        ctx.show(path)
    ));
    Ok(crate::EXIT_OK)
}

/// Approve the clean selected segments (see [`review::approve_clean`]), store the document
/// when anything changed, and say what was done.
fn approve_clean(
    doc: &mut Document,
    path: &Path,
    report: &review::Report,
    ctx: &Context,
) -> anyhow::Result<u8> {
    let revision = doc.next_revision();
    let review::Approved {
        approved,
        changed,
        skipped,
    } = review::approve_clean(doc, report, revision);
    if changed > 0 {
        doc.record_revision(revision, &ctx.now, "review approve", changed);
        doc.save(path)?;
    }
    ctx.printer.status(format_args!(
        "approved {approved} segment{}{}{}",
        if approved == 1 { "" } else { "s" },
        if changed > 0 {
            format!(" (revision {revision} of `{}`)", ctx.show(path))
        } else {
            String::new()
        },
        if skipped > 0 {
            format!("; {skipped} with findings left as they are")
        } else {
            String::new()
        }
    ));
    Ok(crate::EXIT_OK)
}
