//! Reading any text as Markdown never panics; the blocks' pieces come in order inside the
//! document, and a plain text piece says exactly its bytes; the segments come in order inside
//! the document; building from the source side gives the input back byte for byte; and a
//! target whose every run of text is replaced by words full of Markdown's special characters
//! builds a document with the same block structure (the same block-level start tags after
//! the front matter), unless a line that looks like a table's delimiter row (or a row of `|`s
//! alone) made no table.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Parser, Tag};
use workbench::codes::{self, Token};
use workbench::document::{self, Error, Format, Piece, ReadOptions, markdown};
use workbench::segment::{Language, Segmenter};

/// Words a target may say, with what Markdown would read as markup.
const WORDS: &[&str] = &[
    "word",
    "a*b_c",
    "[x](y)",
    "pipe | here\\",
    "<tag> &amp;",
    "# - 1. > +",
    "`tick` ~~s~~",
    "(paren): ===",
];

/// The block-level start tags of a text, in order.
fn block_tags(text: &str) -> Vec<String> {
    Parser::new_ext(text, markdown::options())
        .filter_map(|event| match event {
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. },
            ) => None,
            Event::Start(tag) => Some(format!("{tag:?}")),
            Event::Rule => Some("Rule".into()),
            _ => None,
        })
        .collect()
}

/// How many lines look like a table's delimiter row (`|---|:-:|`) or a row of nothing but
/// `|`s (which the parser does not take for a row).
fn delimiter_rows(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            l.chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '\r'))
                && (l.contains('|') || l.contains('-') && l.contains(':'))
        })
        .count()
}

/// A segment's text with each run of text replaced by a word (edge spaces kept).
fn replaced(text: &str) -> String {
    let mut out = String::new();
    for (i, (_, token)) in codes::tokens(text).into_iter().enumerate() {
        match token {
            Token::Text(t) if !t.trim().is_empty() => {
                let lead = t.len() - t.trim_start().len();
                let tail = t.len() - t.trim_end().len();
                out.push_str(&t[..lead]);
                out.push_str(WORDS[i % WORDS.len()]);
                out.push_str(&t[t.len() - tail..]);
            }
            Token::Text(t) => out.push_str(t),
            Token::Open(n) => out.push_str(&codes::open(n)),
            Token::Close(n) => out.push_str(&codes::close(n)),
            Token::Standalone(n) => out.push_str(&codes::standalone(n)),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(d) = document::read(
        Path::new("fuzz.md"),
        data.to_vec(),
        Format::Markdown,
        ReadOptions::default(),
    ) else {
        return;
    };
    let mut pos = 0;
    for block in &d.blocks {
        for piece in &block.pieces {
            let r = piece.range();
            assert!(r.start >= pos && r.start <= r.end, "{piece:?} after {pos}");
            let raw = d.content.get(r.clone());
            assert!(raw.is_some(), "{piece:?} is not in the content");
            if let Piece::Text {
                text,
                atomic: false,
                ..
            } = piece
            {
                assert_eq!(raw, Some(text.as_str()), "plain text is its bytes");
            }
            pos = r.end;
        }
    }
    let segs = match d.segments(&Segmenter::builtin(Language::Arabic)) {
        Ok(segs) => segs,
        Err(Error::SegmentTooLong { .. }) => return,
        Err(e) => panic!("segments: {e}"),
    };
    let mut pos = 0;
    for seg in &segs {
        assert!(
            seg.range.start >= pos && seg.range.start < seg.range.end,
            "{seg:?}"
        );
        assert!(d.content.get(seg.range.clone()).is_some(), "{seg:?}");
        pos = seg.range.end;
    }
    let same = d
        .build(&segs, &|s| Some(s.text.clone()), None)
        .expect("the source side builds");
    assert_eq!(same, data, "the source side builds back byte for byte");
    let built = d
        .build(&segs, &|s| Some(replaced(&s.text)), Some("en"))
        .expect("a target builds");
    let built = String::from_utf8(built).expect("UTF-8");
    // The body, after a BOM and the front matter (which the built document keeps as is).
    let bom = if d.content.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let body = bom + markdown::front_matter(&d.content[bom..]);
    let source = block_tags(&d.content[body..]);
    // A paragraph whose `|`s did not make it a table's header row, or a line of `|`s right under
    // a table, can become part of a table when a target changes its text: checked only where
    // every line that looks like a delimiter row made a table.
    let tables = source.iter().filter(|t| t.starts_with("Table(")).count();
    if delimiter_rows(&d.content[body..]) == tables {
        assert_eq!(
            block_tags(&built[body..]),
            source,
            "the block structure changed:\n{built}"
        );
    }
});
