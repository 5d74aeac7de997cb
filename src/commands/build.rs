//! `workbench build`: write the translated document in its source's format.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Context;
use super::document::{load_document, open_source, segmenter_for};
use super::edit::state_from;
use crate::cli::{BuildArgs, BuildSide, Fallback, ReadArgs};
use crate::codes;
use crate::document::{self, Format};
use crate::store::{BuildChoice, Untranslated};

pub(crate) fn run(args: BuildArgs, ctx: &Context) -> anyhow::Result<u8> {
    let BuildArgs {
        document: doc_path,
        output,
        from,
        fallback,
        min_state,
    } = args;
    let doc = load_document(&doc_path)?;
    let source_path = ctx.layout.root.join(&doc.meta.source_path);
    let shown_source = ctx.show(&source_path);
    if !source_path.is_file() {
        anyhow::bail!(
            "{}: the source `{shown_source}` is missing; a document is built from its source",
            ctx.show(&doc_path)
        );
    }
    let source = open_source(
        &source_path,
        ReadArgs::default(),
        Some(&doc.meta),
        &segmenter_for(&doc.meta.source_lang)
            .map_err(|e| anyhow::anyhow!("{}: {e}", ctx.show(&doc_path)))?,
    )?;
    if source.hash != doc.meta.source_hash {
        anyhow::bail!(
            "{}: `{shown_source}` changed since the document was last split; run `workbench translate {shown_source}` to bring it up to date first",
            ctx.show(&doc_path)
        );
    }
    let choice = BuildChoice {
        source: from == BuildSide::Source,
        min_state: min_state.map(state_from),
        fallback_to_source: fallback == Fallback::Source,
    };
    let texts = doc.build_texts(choice).map_err(|Untranslated(ids)| {
        let list: Vec<String> = ids.iter().take(20).map(u64::to_string).collect();
        let more = if ids.len() > 20 { ", …" } else { "" };
        document::Error::MissingTargets {
            count: ids.len(),
            ids: format!("{}{more}", list.join(", ")),
        }
    })?;
    let mut mended = 0usize;
    let target = |seg: &document::SourceSegment| -> Option<String> {
        let text = texts.get(&[seg.range.start, seg.range.end])?;
        Some(text.clone())
    };
    // A target whose codes do not agree with its source's is written with the codes around
    // the whole sentence, so that the document's markup stays whole.
    let checked = |seg: &document::SourceSegment| -> Option<String> {
        let text = target(seg)?;
        if codes::check(&seg.text, &text).is_empty() {
            Some(text)
        } else {
            Some(codes::reattach(&seg.text, &text))
        }
    };
    for seg in &source.segments {
        if let Some(text) = target(seg) {
            if !codes::check(&seg.text, &text).is_empty() {
                mended += 1;
            }
        }
    }
    let lang = (from == BuildSide::Target).then_some(doc.meta.target_lang.as_str());
    let bytes = source.extraction.build(&source.segments, &checked, lang)?;
    let format = source.extraction.format;
    let output =
        output.unwrap_or_else(|| default_output(ctx, &doc.meta.name, &source_path, format, lang));
    if mended > 0 {
        ctx.printer.warn(format_args!(
            "{mended} {} whose inline codes do not match the source written with the codes around the whole sentence; see `workbench review {}`",
            if mended == 1 { "segment" } else { "segments" },
            ctx.show(&doc_path)
        ));
    }
    if output == Path::new("-") {
        if !format.is_text() {
            anyhow::bail!(
                "a {} document cannot be written to standard output; name a file with `-o`",
                format.as_str()
            );
        }
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(&bytes)?;
        out.flush()?;
        return Ok(crate::EXIT_OK);
    }
    crate::fs::write_atomic(&output, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", ctx.show(&output)))?;
    ctx.printer.status(format_args!(
        "wrote `{}` ({} {}, {} segments)",
        ctx.show(&output),
        format.as_str(),
        if lang.is_some() {
            "translation"
        } else {
            "source"
        },
        source.segments.len()
    ));
    Ok(crate::EXIT_OK)
}

/// `translations/<name>.<lang>.<ext>`, the source's extension kept.
fn default_output(
    ctx: &Context,
    name: &str,
    source: &Path,
    format: Format,
    lang: Option<&str>,
) -> PathBuf {
    let ext = format.extension(source.extension().and_then(|e| e.to_str()));
    let side = lang.unwrap_or("source");
    ctx.layout
        .translations_dir()
        .join(format!("{name}.{side}.{ext}"))
}
