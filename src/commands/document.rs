//! Glue shared by the commands that build documents from source files.

use std::path::Path;

use crate::glossary::Glossary;
use crate::segment::{Language, Segmenter};
use crate::source::SourceText;
use crate::store::{self, SplitSegment};

/// Split a source text into store segments; ranges are byte offsets into the file. A sentence
/// over the length limit is an error naming its line and column.
pub(crate) fn split_source(
    source: &SourceText,
    segmenter: &Segmenter,
) -> Result<Vec<SplitSegment>, crate::source::Error> {
    let text = source.text();
    let mut out = Vec::new();
    for r in segmenter.split(text) {
        let Some(piece) = text.get(r.clone()) else {
            continue;
        };
        let range = r.start + source.offset..r.end + source.offset;
        source.check_segment(&range)?;
        out.push(SplitSegment {
            range,
            text: piece.to_owned(),
        });
    }
    Ok(out)
}

/// The built-in segmenter for a language code.
pub(crate) fn segmenter_for(lang: &str) -> Segmenter {
    if lang.starts_with("en") {
        Segmenter::builtin(Language::English)
    } else {
        Segmenter::builtin(Language::Arabic)
    }
}

/// The project's glossary, or an empty one when the project has none. Errors name the file as
/// the user sees it from where they stand.
pub(crate) fn load_glossary(path: &Path) -> anyhow::Result<Glossary> {
    if !path.exists() {
        return Ok(Glossary::default());
    }
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| relative_path(&cwd, path))
        .unwrap_or_else(|| path.to_path_buf());
    Ok(Glossary::load(&shown)?)
}

/// `path` relative to `from` (with `..` steps), when both are absolute.
pub(crate) fn relative_path(from: &Path, path: &Path) -> Option<std::path::PathBuf> {
    if !from.is_absolute() || !path.is_absolute() {
        return None;
    }
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = path.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = std::path::PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
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
    match store::read_limited(path, limit) {
        Ok(bytes) => Ok(bytes),
        Err(store::Limited::Io(e)) => Err(e.into()),
        Err(store::Limited::TooLarge(size)) => Err(anyhow::anyhow!(
            "{}: {}",
            shown.display(),
            store::too_large(size, limit)
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
