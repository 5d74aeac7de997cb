//! HTML pages and fragments.
//!
//! A page is decoded from its charset ([`charset`]) and tokenized as browsers tokenize it, by
//! [html5gum](https://docs.rs/html5gum), a WHATWG tokenizer that reports the byte position of
//! every token. html5gum was chosen after trying the alternatives: html5ever builds a tree but
//! keeps no byte offsets (line numbers at best), and lol_html, a streaming rewriter, reports
//! the locations of whole tags and text chunks but neither the range of an attribute value
//! nor the character references inside text, and implies no end tags. With its own emitter
//! ([`extract`]), html5gum hands over each tag with the range of each attribute value inside
//! its quotes, and each character reference separately with its range; and it lets the
//! emitter choose the tokenizer state after a start tag, which the emitter does from its own
//! simplified tree construction (implied end tags, scopes, formatting elements, SVG and
//! MathML), iteratively and in linear time.
//!
//! What is translated: text in the body and in `<title>`; the attributes `alt`, `title`,
//! `placeholder`, `aria-label`, and the `content` of `<meta name="description">`,
//! `<meta property="og:title">`, `<meta property="og:description">` and of their Twitter
//! twins `twitter:title` and `twitter:description` (the same text on another share card),
//! each value a block of kind [`BlockKind::Attribute`] whose range is the value inside its
//! quotes (or the unquoted value). Never sent nor changed: `<script>`, `<style>`, `<code>`,
//! `<kbd>`, `<samp>`, `<pre>`, `<listing>`, `<xmp>`, `<plaintext>`, `<template>`,
//! `<textarea>`, `<noscript>`, `<iframe>`, `<noembed>`, `<noframes>`, SVG and MathML,
//! comments, and elements with `translate="no"` or the class `notranslate` with all that is
//! inside them (a `translate="yes"` inside does not bring translation back), and every other
//! attribute.
//!
//! Blocks: the text between two block boundaries (the start or end of an element that is not
//! inline: `p`, `h1`–`h6`, `li`, `td`, `div`, `title`, `option`, `button`, `label`…, two
//! `<br>` in a row) makes one block, whose kind comes from the nearest such element: `title`
//! a title; `h1`–`h6` a heading; `li`, `dt`, `dd`, `option` an item; `td`, `th` a cell;
//! `caption`, `figcaption`, `legend`, `summary`, `label`, `button`, `header`, `footer` a note;
//! a generic container (`div`, `section`, `p`, `blockquote`, `table`…) that of the element
//! around it, or a paragraph. Inline elements are codes: their start and end tags a pair
//! (`Code::Open`/`Code::Close`) when both are in the block, well nested; void ones (`br`,
//! `img`, `input`, `wbr`…), comments and ignored tags standalone codes; an excluded element
//! inside a block one standalone code from its start tag to its end. A character reference
//! (`&laquo;`, `&#1604;`, `&amp;`) is an atomic text piece holding its character; other text
//! is kept as written, and a run of whitespace other than one space is an atomic space, as
//! HTML collapses it.
//!
//! Building: a translated attribute value is escaped for double quotes; a build for a target
//! language also puts double quotes around translated attribute values that had single quotes
//! or none (unless the value holds a `"`), so that the translation cannot end the value.
//! [`language_edits`] sets the page's language: `<html lang>` (inserted when the `<html>` tag
//! has none; a fragment without `<html>` gets none), `xml:lang` on `<html>`, the `content` of
//! `<meta http-equiv="content-language">`, and the `lang` of translated inner elements that
//! are in the page's own language (that of `<html lang>`, Arabic when it has none; an inner
//! element in a third language is left as it is, since its text may have been kept); and for
//! a left-to-right target, every `dir="rtl"` outside excluded content becomes `dir="ltr"`.
//! CSS directions (`direction: rtl`) are not changed.

mod charset;
mod extract;
mod tags;

use std::ops::Range;
use std::path::Path;

pub use charset::Charset;

use super::{BlockKind, Error, Extraction, Format, Layout as DocLayout};
use crate::display::is_rtl;

/// How a translatable attribute value was quoted, when not in double quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// `alt='…'`.
    Single,
    /// `alt=…`.
    None,
    /// `alt="…"`.
    Double,
}

/// What a page keeps to be written back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// The page's charset: the built page is encoded in it.
    pub charset: Charset,
    /// The values of the `<html>` tag's `lang` and `xml:lang`.
    pub html_lang: Vec<Range<usize>>,
    /// Where to insert the `<html>` tag's language when it has no `lang` value: the offset, and
    /// whether the attribute is there without a value (then only `="…"` is inserted).
    pub html_lang_insert: Option<(usize, bool)>,
    /// The `lang` and `xml:lang` values of other elements outside excluded content.
    pub langs: Vec<Range<usize>>,
    /// The `content` values of `<meta http-equiv="content-language">`.
    pub meta_langs: Vec<Range<usize>>,
    /// The values of `dir="rtl"` outside excluded content.
    pub dirs: Vec<Range<usize>>,
    /// Translatable attribute values not in double quotes.
    pub requote: Vec<(Range<usize>, Quote)>,
}

/// Read an HTML page or fragment.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Extraction, Error> {
    let decoded = charset::decode(path, bytes)?;
    let content = decoded.content;
    let mut builder = extract::Builder::new(&content);
    {
        let markup = content.get(decoded.start..).unwrap_or_default();
        let sink = extract::Sink::new(&mut builder, decoded.start);
        let tokenizer = html5gum::Tokenizer::new_with_emitter(markup, sink);
        match tokenizer.finish() {
            Ok(()) => {}
            Err(never) => match never {},
        }
    }
    if builder.too_deep {
        return Err(Error::Limit {
            path: path.to_owned(),
            what: "the nesting of elements".into(),
            limit: format!("{} levels", extract::MAX_DEPTH),
        });
    }
    let blocks = std::mem::take(&mut builder.blocks);
    let mut layout = std::mem::take(&mut builder.layout);
    layout.charset = decoded.charset;
    drop(builder);
    Ok(Extraction {
        path: path.to_owned(),
        format: Format::Html,
        content,
        blocks,
        layout: DocLayout::Html(layout),
    })
}

/// Text escaped for HTML: `&`, `<`, `>`, and in an attribute value `"` too.
pub fn escape(text: &str, kind: BlockKind) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if kind == BlockKind::Attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The primary language subtag of a language tag, lowercased (`ar` for `ar-SY`).
fn primary(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The edits that declare the page's language `lang` (and a left-to-right direction when
/// `lang` is written so); see the module docs.
pub fn language_edits(layout: &Layout, content: &str, lang: &str) -> Vec<(Range<usize>, String)> {
    let value = escape(lang, BlockKind::Attribute);
    let mut edits = Vec::new();
    let source = layout
        .html_lang
        .first()
        .and_then(|r| content.get(r.clone()))
        .map(primary)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "ar".to_owned());
    for r in &layout.html_lang {
        edits.push((r.clone(), value.clone()));
    }
    if let Some((at, named)) = layout.html_lang_insert {
        let text = if named {
            format!("=\"{value}\"")
        } else {
            format!(" lang=\"{value}\"")
        };
        edits.push((at..at, text));
    }
    for r in &layout.langs {
        if content.get(r.clone()).map(primary).as_deref() == Some(source.as_str()) {
            edits.push((r.clone(), value.clone()));
        }
    }
    for r in &layout.meta_langs {
        edits.push((r.clone(), value.clone()));
    }
    if !is_rtl(lang) {
        for r in &layout.dirs {
            edits.push((r.clone(), "ltr".to_owned()));
        }
    }
    for (r, quote) in &layout.requote {
        if content.get(r.clone()).is_none_or(|v| v.contains('"')) {
            continue;
        }
        match quote {
            Quote::Single if r.start > 0 => {
                edits.push((r.start - 1..r.start, "\"".to_owned()));
                edits.push((r.end..r.end + 1, "\"".to_owned()));
            }
            Quote::None => {
                edits.push((r.start..r.start, "\"".to_owned()));
                edits.push((r.end..r.end, "\"".to_owned()));
            }
            _ => {}
        }
    }
    edits
}

/// The built page's bytes, in the page's charset.
pub fn finish(path: &Path, layout: &Layout, content: String) -> Result<Vec<u8>, Error> {
    let _ = path;
    Ok(charset::encode(layout.charset, content))
}

#[cfg(test)]
mod tests;
