//! `workbench export`: write a document as XLIFF 2.1, XLIFF 1.2, TMX, TSV or CSV.

use std::io::Write;
use std::path::Path;

use std::collections::HashMap;

use super::Context;
use super::document::{load_document, load_glossary, open_source, segmenter_for};
use super::edit::state_from;
use crate::cli::ReadArgs;
use crate::cli::{ExchangeFormat, ExportArgs};
use crate::codes;
use crate::formats::{self, ExportOptions, Format};

pub(crate) fn format_from(f: ExchangeFormat) -> Format {
    match f {
        ExchangeFormat::Xliff2 => Format::Xliff2,
        ExchangeFormat::Xliff12 => Format::Xliff12,
        ExchangeFormat::Tmx => Format::Tmx,
        ExchangeFormat::Tsv => Format::Tsv,
        ExchangeFormat::Csv => Format::Csv,
    }
}

pub(crate) fn run(args: ExportArgs, ctx: &Context) -> anyhow::Result<u8> {
    let ExportArgs {
        document,
        format,
        output,
        min_state,
    } = args;
    let format = format_from(format);
    let doc = load_document(&document)?;
    let glossary = if format == Format::Xliff2 {
        Some(load_glossary(&ctx.layout.glossary_path())?)
    } else {
        None
    };
    let options = ExportOptions {
        min_state: min_state.map(state_from),
        glossary,
        ..ExportOptions::default()
    };
    let markup = source_markup(&doc, ctx);
    let lookup = |id: u64, token: codes::Token<'_>| -> Option<String> {
        markup
            .get(&id)?
            .iter()
            .find(|(t, _)| *t == token)
            .map(|(_, m)| m.clone())
    };
    let text = formats::export_with_markup(
        &doc,
        format,
        &options,
        (!markup.is_empty()).then_some(&lookup as formats::Markup<'_>),
    )?;
    let units = formats::selected(&doc, format, &options).len();
    if output == Path::new("-") {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        write_export(&output, text.as_bytes())
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", ctx.show(&output)))?;
        ctx.printer.status(format_args!(
            "wrote {units} {} of `{}` as {} to `{}`",
            if units == 1 { "unit" } else { "units" },
            doc.meta.name,
            format.title(),
            ctx.show(&output)
        ));
    }
    Ok(crate::EXIT_OK)
}

/// The markup each segment's inline codes stand for, read from the document's source when it
/// is there and unchanged since the document was split (else nothing: the export then carries
/// the codes without their markup).
fn source_markup(
    doc: &crate::store::Document,
    ctx: &Context,
) -> HashMap<u64, Vec<(codes::Token<'static>, String)>> {
    let mut out = HashMap::new();
    if !doc.segments.iter().any(|s| codes::has_codes(&s.source)) {
        return out;
    }
    let path = ctx.layout.root.join(&doc.meta.source_path);
    let Ok(segmenter) = segmenter_for(&doc.meta.source_lang) else {
        return out;
    };
    let Ok(source) = open_source(&path, ReadArgs::default(), Some(&doc.meta), &segmenter) else {
        return out;
    };
    if source.hash != doc.meta.source_hash {
        return out;
    }
    let by_range: HashMap<[usize; 2], &crate::document::SourceSegment> = source
        .segments
        .iter()
        .map(|s| ([s.range.start, s.range.end], s))
        .collect();
    for seg in &doc.segments {
        let Some(found) = by_range.get(&seg.range) else {
            continue;
        };
        out.insert(seg.id, source.extraction.markup(found));
    }
    out
}

/// Write atomically, keeping the permissions of a file being replaced; a new file gets the
/// usual `rw-r--r--` rather than the private mode of the temporary file.
fn write_export(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let old = fs_err::metadata(path).ok().map(|m| m.permissions());
    crate::fs::write_atomic(path, bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = old.unwrap_or_else(|| std::fs::Permissions::from_mode(0o644));
        #[allow(
            clippy::disallowed_methods,
            reason = "the caller names the file: the message must not repeat it"
        )]
        std::fs::set_permissions(path, perms)?;
    }
    #[cfg(not(unix))]
    let _ = old;
    Ok(())
}
