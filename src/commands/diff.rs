//! `workbench diff`: what changed between two revisions of a document, or between two
//! translations of the same source, word by word, with post-editing metrics.

use std::io::Write;

use super::Context;
use super::document::load_document;
use crate::cli::{DiffArgs, OutputFormat};
use crate::diff;

pub(crate) fn run(args: DiffArgs, ctx: &Context) -> anyhow::Result<u8> {
    let DiffArgs {
        document,
        other,
        from,
        to,
        format,
        html,
    } = args;
    let doc = load_document(&document)?;
    let result = match other {
        Some(other_path) => {
            if from.is_some() || to.is_some() {
                anyhow::bail!(
                    "`--from` and `--to` compare revisions of one document; give one document, or drop them"
                );
            }
            let other = load_document(&other_path)?;
            diff::compare_documents(&doc, &other, &ctx.show(&document), &ctx.show(&other_path))
        }
        None => {
            let last = doc.last_revision();
            let to = to.unwrap_or(last);
            let from = from.unwrap_or(to.saturating_sub(1));
            for r in [to, from] {
                if r > last {
                    return Err(crate::store::Error::NoRevision {
                        path: document.clone(),
                        revision: r,
                        last,
                    }
                    .into());
                }
            }
            if from > to {
                anyhow::bail!(
                    "{}: `--from {from}` comes after `--to {to}`: give the older revision first (`--from {to} --to {from}`)",
                    ctx.show(&document)
                );
            }
            diff::compare_revisions(&doc, from, to)
        }
    };
    if let Some(path) = &html {
        let mut page = Vec::new();
        let rtl = crate::display::is_rtl(&doc.meta.source_lang);
        diff::render_html(&result, rtl, &mut page)?;
        crate::fs::write_atomic(path, &page)?;
        ctx.printer
            .status(format_args!("wrote the changes to `{}`", ctx.show(path)));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &result)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => diff::render_human(&result, ctx.printer.color_stdout, &mut out)?,
    }
    out.flush()?;
    Ok(if result.is_identical() {
        crate::EXIT_OK
    } else {
        crate::EXIT_FINDINGS
    })
}
