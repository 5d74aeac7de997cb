//! `workbench diff`: what changed between two revisions, word by word.

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
        html: _,
    } = args;
    let doc = load_document(&document)?;
    let result = match other {
        Some(other_path) => {
            let other = load_document(&other_path)?;
            diff::compare_documents(&doc, &other)
        }
        None => {
            let last = doc.last_revision();
            let to = to.unwrap_or(last);
            let from = from.unwrap_or(to.saturating_sub(1));
            for r in [from, to] {
                if r > last {
                    return Err(crate::store::Error::NoRevision {
                        path: document.clone(),
                        revision: r,
                        last,
                    }
                    .into());
                }
            }
            diff::compare_revisions(&doc, from, to)
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &result)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => diff::render_human(&result, ctx.printer.color_stdout, &mut out)?,
    }
    Ok(if result.segments.is_empty() {
        crate::EXIT_OK
    } else {
        crate::EXIT_FINDINGS
    })
}
