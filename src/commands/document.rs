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

/// The review options the project configuration asks for.
pub(crate) fn review_options(config: &crate::config::Config) -> crate::review::ReviewOptions {
    let c = &config.review.checks;
    crate::review::ReviewOptions {
        untranslated: c.untranslated,
        same_as_source: c.same_as_source,
        numbers: c.numbers,
        glossary: c.glossary,
        name_spelling: c.name_spelling,
        inconsistent: c.inconsistent,
        length_ratio: c.length_ratio,
        unbalanced: c.unbalanced,
        invisible: c.invisible,
        kashida: c.kashida,
        whitespace: c.whitespace,
        low_confidence: c.low_confidence,
        stale: c.stale,
        min_confidence: config.review.min_confidence,
        length_ratio_limit: config.review.length_ratio,
        ..crate::review::ReviewOptions::default()
    }
}
