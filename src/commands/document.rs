//! Glue shared by the commands that build documents from source files.

use std::path::Path;

use anyhow::Context as _;

use crate::glossary::Glossary;
use crate::segment::{Language, Segmenter};
use crate::source::SourceText;
use crate::store::{self, SplitSegment};

/// Split a source text into store segments; ranges are byte offsets into the file.
pub(crate) fn split_source(source: &SourceText, segmenter: &Segmenter) -> Vec<SplitSegment> {
    let text = source.text();
    segmenter
        .split(text)
        .into_iter()
        .filter_map(|r| {
            let piece = text.get(r.clone())?;
            Some(SplitSegment {
                range: r.start + source.offset..r.end + source.offset,
                text: piece.to_owned(),
            })
        })
        .collect()
}

/// The built-in segmenter for a language code.
pub(crate) fn segmenter_for(lang: &str) -> Segmenter {
    if lang.starts_with("en") {
        Segmenter::builtin(Language::English)
    } else {
        Segmenter::builtin(Language::Arabic)
    }
}

/// The project's glossary, or an empty one when the project has none.
pub(crate) fn load_glossary(path: &Path) -> anyhow::Result<Glossary> {
    if !path.exists() {
        return Ok(Glossary::default());
    }
    Glossary::load(path).with_context(|| format!("cannot load the glossary `{}`", path.display()))
}

/// Load a store document, with the path in the error.
pub(crate) fn load_document(path: &Path) -> anyhow::Result<store::Document> {
    Ok(store::Document::load(path)?)
}
