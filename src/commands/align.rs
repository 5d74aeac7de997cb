//! `workbench align`: pair an existing English translation with its Arabic source.
//!
//! With `--format beads` only the bead listing is printed and nothing is stored; otherwise
//! the pairs are stored in `translations/<source stem>.yaml` (state `translated`, origin
//! `alignment`, with the confidence of each pair).

use std::io::{BufWriter, Write};

use anyhow::Context as _;

use super::Context;
use super::document::{load_glossary, lock_document, open_source, segmenter_for};
use crate::align;
use crate::cli::{AlignArgs, AlignFormat, AlignMethod};
use crate::codes;
use crate::source::SourceText;
use crate::store::{self, Meta, SplitSegment};

pub(crate) fn run(args: AlignArgs, ctx: &Context) -> anyhow::Result<u8> {
    let AlignArgs {
        source,
        target,
        presplit,
        format,
        method,
        threshold,
        name,
        read,
    } = args;
    let threshold = threshold.unwrap_or(ctx.config.align.threshold);
    if !(0.0..=1.0).contains(&threshold) {
        anyhow::bail!("--threshold must be between 0 and 1, not {threshold}");
    }
    let (src, tgt, src_segs, tgt_segs) = if presplit {
        let src = SourceText::read(&source)?;
        let tgt = SourceText::read(&target)?;
        // A bead listing counts file lines, blank ones included; a stored document has no use
        // for blank segments.
        let keep = |mut segs: Vec<SplitSegment>| {
            if format != AlignFormat::Beads {
                segs.retain(|s| !s.text.is_empty());
            }
            segs
        };
        let (a, b) = (
            keep(crate::align::line_segments(src.text(), src.offset)),
            keep(crate::align::line_segments(tgt.text(), tgt.offset)),
        );
        (Sides::of(&src), Sides::of(&tgt), a, b)
    } else {
        let [source_lang, target_lang] = ctx.languages();
        let src = open_source(&source, read, None, &segmenter_for(source_lang)?)?;
        // The English page's own markup means nothing to the Arabic source: its sentences are
        // paired and stored as plain text.
        let tgt = open_source(&target, read, None, &segmenter_for(target_lang)?)?;
        let tgt_segs = tgt
            .split()
            .into_iter()
            .map(|s| SplitSegment {
                text: codes::strip(&s.text),
                ..s
            })
            .collect();
        let src_segs = src.split();
        (
            Sides {
                path: source.clone(),
                hash: src.hash.clone(),
                format: src.stored_format(),
                paragraphs: src.stored_paragraphs(),
            },
            Sides {
                path: target.clone(),
                hash: tgt.hash.clone(),
                format: None,
                paragraphs: None,
            },
            src_segs,
            tgt_segs,
        )
    };
    let glossary = load_glossary(&ctx.layout.glossary_path())?;
    let options = align::Options {
        anchors: glossary
            .terms()
            .iter()
            .flat_map(|t| t.arabic.iter().map(|a| (a.clone(), t.english.clone())))
            .collect(),
        flag_below: threshold,
        ..align::Options::default()
    };
    let plain: Vec<String> = src_segs.iter().map(|s| codes::strip(&s.text)).collect();
    let a: Vec<&str> = plain.iter().map(String::as_str).collect();
    let b: Vec<&str> = tgt_segs.iter().map(|s| s.text.as_str()).collect();
    let beads = match method {
        AlignMethod::Workbench => align::align(&a, &b, &options),
        AlignMethod::GaleChurch => align::gale_church(&a, &b),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if format == AlignFormat::Beads {
        align::write_beads(&beads, &mut out)?;
        out.flush()?;
        return Ok(crate::EXIT_OK);
    }
    let name = match name {
        Some(name) => name,
        None => store::name_for_source(&source)?,
    };
    let path = ctx.layout.document_path(&name)?;
    let _lock = lock_document(&path, ctx)?;
    if path.exists() {
        anyhow::bail!(
            "{}: a document named `{name}` exists already; move it away to align again",
            ctx.show(&path)
        );
    }
    let meta = meta(&name, &src, &tgt, ctx);
    let doc = align::to_document(meta, &src_segs, &tgt_segs, &beads, &ctx.now);
    let flagged = beads.iter().filter(|b| b.confidence < threshold).count();
    doc.save(&path)
        .with_context(|| format!("cannot write `{}`", ctx.show(&path)))?;
    match format {
        AlignFormat::Json => {
            let pairs: Vec<_> = doc
                .segments
                .iter()
                .map(|s| {
                    serde_json::json!({"id": s.id, "source": s.source, "target": s.target,
                        "confidence": s.confidence})
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &pairs)?;
            out.write_all(b"\n")?;
        }
        _ => ctx.printer.status(format_args!(
            "aligned {} source and {} target sentences into {} {} ({flagged} below confidence {threshold}); wrote `{}`",
            a.len(),
            b.len(),
            beads.len(),
            if beads.len() == 1 { "pair" } else { "pairs" },
            ctx.show(&path)
        )),
    }
    out.flush()?;
    Ok(crate::EXIT_OK)
}

/// What the stored document records of each side.
struct Sides {
    path: std::path::PathBuf,
    hash: String,
    format: Option<crate::document::Format>,
    paragraphs: Option<crate::document::Paragraphs>,
}

impl Sides {
    fn of(text: &SourceText) -> Sides {
        Sides {
            path: text.path.clone(),
            hash: store::hash_source(&text.bytes),
            format: None,
            paragraphs: None,
        }
    }
}

/// The metadata of the aligned document `name`: both files as paths in the project.
fn meta(name: &str, src: &Sides, tgt: &Sides, ctx: &Context) -> Meta {
    Meta {
        target_path: Some(ctx.project_path(&tgt.path)),
        format: src.format,
        paragraphs: src.paragraphs,
        ..Meta::for_source(
            name,
            ctx.project_path(&src.path),
            src.hash.clone(),
            ctx.languages(),
        )
    }
}
