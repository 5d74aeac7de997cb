//! `workbench analyze`: the match analysis of documents against the translation memory (see
//! [`crate::memory::analysis`]).

use std::io::Write;
use std::path::Path;

use super::Context;
use super::document::{load_document, open_source, segmenter_for};
use super::memory::load_memory;
use crate::cli::{AnalyzeArgs, OutputFormat, ReadArgs};
use crate::memory::analysis::{self, Analysis, Bands};
use crate::output::paint;
use crate::store;

pub(crate) fn run(args: AnalyzeArgs, ctx: &Context) -> anyhow::Result<u8> {
    let AnalyzeArgs {
        inputs,
        format,
        read,
    } = args;
    let mut documents: Vec<(String, Vec<String>)> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        documents.push(sources_of(input, read, ctx)?);
    }
    let names: Vec<String> = documents.iter().map(|(n, _)| n.clone()).collect();
    let (memory, _) = load_memory(ctx, &[], &|name| names.iter().any(|n| n == name))?;
    let result = analysis::analyze(&memory, &documents, &ctx.config.analyze.weights);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &result)?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Human => render(&result, ctx.printer.color_stdout, &mut out)?,
    }
    out.flush()?;
    Ok(crate::EXIT_OK)
}

/// A document's name and source sentences: a translation document's segments, or a source
/// file split as `translate` splits it (its name is its stem, as its document's would be).
fn sources_of(
    input: &Path,
    read: ReadArgs,
    ctx: &Context,
) -> anyhow::Result<(String, Vec<String>)> {
    if input.extension().is_some_and(|e| e == "yaml") {
        let doc = load_document(input)?;
        let sources = doc.segments.iter().map(|s| s.source.clone()).collect();
        return Ok((doc.meta.name, sources));
    }
    let name = store::name_for_source(input)?;
    let segmenter = segmenter_for(&ctx.config.languages.source)?;
    let opened = open_source(input, read, None, &segmenter)?;
    Ok((name, opened.segments.into_iter().map(|s| s.text).collect()))
}

fn render_bands(bands: &Bands, weighted: f64, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "  {:<12} {:>9} {:>9} {:>11}",
        "band", "segments", "words", "characters"
    )?;
    for (name, c) in bands.named() {
        writeln!(
            out,
            "  {name:<12} {:>9} {:>9} {:>11}",
            c.segments, c.words, c.characters
        )?;
    }
    let all = bands.all();
    writeln!(
        out,
        "  {:<12} {:>9} {:>9} {:>11}",
        "total", all.segments, all.words, all.characters
    )?;
    writeln!(out, "  weighted words {weighted:.1}")
}

fn render(a: &Analysis, color: bool, out: &mut impl Write) -> std::io::Result<()> {
    for d in &a.documents {
        writeln!(out, "{}", paint(color, "1", &d.document))?;
        render_bands(&d.bands, d.weighted_words, out)?;
    }
    if a.documents.len() > 1 {
        writeln!(out, "{}", paint(color, "1", "all documents"))?;
        render_bands(&a.total, a.weighted_words, out)?;
    }
    Ok(())
}
