//! Glue shared by the commands that build documents from source files.

use std::collections::HashMap;
use std::path::Path;

use crate::cli::{InputFormat, ParagraphMode, ReadArgs};
use crate::document::{self, Extraction, Format, Paragraphs, ReadOptions, SourceSegment};
use crate::glossary::Glossary;
use crate::segment::{Language, Segmenter};
use crate::store::{self, Meta, SplitSegment};

/// A source document read for a command: its format, its sentences and its bytes' hash.
pub(crate) struct OpenedSource {
    pub(crate) extraction: Extraction,
    pub(crate) segments: Vec<SourceSegment>,
    /// `sha256:` and the digest of the file's bytes.
    pub(crate) hash: String,
}

impl OpenedSource {
    /// The sentences as the store takes them.
    pub(crate) fn split(&self) -> Vec<SplitSegment> {
        self.segments
            .iter()
            .map(|s| SplitSegment {
                range: s.range.clone(),
                text: s.text.clone(),
            })
            .collect()
    }

    /// The format to record in a document's metadata (`None` for plain text).
    pub(crate) fn stored_format(&self) -> Option<Format> {
        (self.extraction.format != Format::Text).then_some(self.extraction.format)
    }

    /// The paragraph mode to record (`None` for one paragraph a line).
    pub(crate) fn stored_paragraphs(&self) -> Option<Paragraphs> {
        self.extraction
            .paragraphs()
            .filter(|p| *p != Paragraphs::Line)
    }

    /// For each sentence's range, the text of its paragraph when that holds more than the
    /// sentence (and at most 4,000 bytes): the context engines get.
    pub(crate) fn contexts(&self) -> HashMap<[usize; 2], String> {
        let mut out = HashMap::new();
        let mut cache: Option<(usize, String)> = None;
        for seg in &self.segments {
            let para = match &cache {
                Some((b, text)) if *b == seg.block => text.clone(),
                _ => {
                    let text = self.extraction.block_text(seg.block).trim().to_owned();
                    cache = Some((seg.block, text.clone()));
                    text
                }
            };
            let own = crate::codes::strip(&seg.text);
            if para != own.trim() && para.len() <= 4000 {
                out.insert([seg.range.start, seg.range.end], para);
            }
        }
        out
    }
}

/// How a command was asked to read a source, from its `--input-format` and `--paragraphs`.
pub(crate) fn read_choice(read: ReadArgs) -> (Option<Format>, Option<Paragraphs>) {
    let format = read.input_format.map(|f| match f {
        InputFormat::Text => Format::Text,
        InputFormat::Html => Format::Html,
        InputFormat::Markdown => Format::Markdown,
        InputFormat::Docx => Format::Docx,
    });
    let paragraphs = read.paragraphs.map(|p| match p {
        ParagraphMode::Line => Paragraphs::Line,
        ParagraphMode::Blank => Paragraphs::Blank,
        ParagraphMode::Auto => Paragraphs::Auto,
    });
    (format, paragraphs)
}

/// Read and split a source document. The format is `read`'s, else the one `stored` (the
/// document's metadata) records, else the extension's; the paragraph mode likewise, a
/// document stored without one being one paragraph a line, a new one `auto`.
pub(crate) fn open_source(
    path: &Path,
    read: ReadArgs,
    stored: Option<&Meta>,
    segmenter: &Segmenter,
) -> Result<OpenedSource, document::Error> {
    let (format, paragraphs) = read_choice(read);
    let format = format
        .or_else(|| stored.and_then(|m| m.format))
        .unwrap_or_else(|| Format::from_path(path));
    let paragraphs = paragraphs.unwrap_or_else(|| match stored {
        Some(meta) => meta.paragraphs.unwrap_or(Paragraphs::Line),
        None => Paragraphs::Auto,
    });
    let bytes = document::read_bytes(path)?;
    let hash = store::hash_source(&bytes);
    let extraction = document::read(path, bytes, format, ReadOptions { paragraphs })?;
    let segments = extraction.segments(segmenter)?;
    Ok(OpenedSource {
        extraction,
        segments,
        hash,
    })
}

/// The built-in segmenter for a language tag (`ar`, `en-GB`…); a language without built-in
/// rules is an error.
pub(crate) fn segmenter_for(lang: &str) -> Result<Segmenter, crate::segment::Error> {
    Ok(Segmenter::builtin(lang.parse::<Language>()?))
}

/// The project's glossary, or an empty one when the project has none. Errors name the file as
/// the user sees it from where they stand.
pub(crate) fn load_glossary(path: &Path) -> anyhow::Result<Glossary> {
    if !path.exists() {
        return Ok(Glossary::default());
    }
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| crate::fs::relative_path(&cwd, path))
        .unwrap_or_else(|| path.to_path_buf());
    Ok(Glossary::load(&shown)?)
}

/// Take the one-writer lock of the store document at `path` for as long as the guard lives;
/// a document another process is writing is an error naming it and its lock as the user
/// sees them.
pub(crate) fn lock_document(
    path: &Path,
    ctx: &super::Context,
) -> Result<store::DocumentLock, store::LockError> {
    store::DocumentLock::acquire(path).map_err(|e| match e {
        store::LockError::Held { lock, pid, .. } => store::LockError::Held {
            document: ctx.show(path).into(),
            lock: ctx.show(&lock).into(),
            pid,
        },
        other => other,
    })
}

/// Load a store document, with the path in the error.
/// A file's bytes, refused with a message naming it (as `shown`) when it holds more than
/// `limit` bytes; checked before reading and while reading.
pub(crate) fn read_at_most(path: &Path, shown: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    match crate::fs::read_limited(path, limit) {
        Ok(bytes) => Ok(bytes),
        Err(crate::fs::Limited::Io(e)) => Err(e.into()),
        Err(crate::fs::Limited::TooLarge(size)) => Err(anyhow::anyhow!(
            "{}: {}",
            shown.display(),
            crate::fs::too_large(size, limit)
        )),
    }
}

/// A text file's content, limited as [`read_at_most`] and refused unless it is UTF-8.
pub(crate) fn read_text_at_most(path: &Path, limit: u64) -> anyhow::Result<String> {
    String::from_utf8(read_at_most(path, path, limit)?).map_err(|e| {
        anyhow::anyhow!(
            "{}: not valid UTF-8 (at byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

pub(crate) fn load_document(path: &Path) -> anyhow::Result<store::Document> {
    // A source text given where its translation belongs (`review seeds/x.txt`).
    let yaml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if !yaml && path.is_file() {
        if let Ok(name) = store::name_for_source(path) {
            anyhow::bail!(
                "{}: this is a source text, not a translation document; its translation is `translations/{name}.yaml`",
                path.display()
            );
        }
    }
    Ok(store::Document::load(path)?)
}

/// The review options the project configuration asks for.
pub(crate) fn review_options(config: &crate::config::Config) -> crate::review::ReviewOptions {
    crate::review::ReviewOptions {
        checks: config.review.checks,
        min_confidence: config.review.min_confidence,
        length_ratio_limit: config.review.length_ratio,
        ..crate::review::ReviewOptions::default()
    }
}
