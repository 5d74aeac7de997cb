//! `workbench build`: write the translated document in its source's format.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Context;
use super::document::{load_document, open_source, segmenter_for};
use super::edit::state_from;
use crate::cli::{BuildArgs, BuildSide, Fallback, ReadArgs};
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
    // Each sentence's text as the build writes it (its codes mended when they disagree with
    // the source's), by the sentence's range.
    let mut mended = 0usize;
    let mut written: HashMap<[usize; 2], String> = HashMap::with_capacity(texts.len());
    for seg in &source.segments {
        let key = [seg.range.start, seg.range.end];
        if let Some(text) = texts.get(&key) {
            let (text, was_mended) = seg.buildable(text);
            mended += usize::from(was_mended);
            written.insert(key, text);
        }
    }
    let checked =
        |seg: &document::SourceSegment| written.get(&[seg.range.start, seg.range.end]).cloned();
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
