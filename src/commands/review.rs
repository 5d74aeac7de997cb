//! `workbench review`: the bilingual text side by side.

use std::io::Write;

use super::Context;
use super::document::load_document;
use crate::cli::{OutputFormat, ReviewArgs};
use crate::review;

pub(crate) fn run(args: ReviewArgs, _ctx: &Context) -> anyhow::Result<u8> {
    let ReviewArgs {
        document, format, ..
    } = args;
    let doc = load_document(&document)?;
    let report = review::review(&doc);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => review::render_human(&report, 100, &mut out)?,
    }
    Ok(crate::EXIT_OK)
}
