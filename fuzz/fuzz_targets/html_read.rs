//! Reading any bytes as an HTML page never panics; a page that reads has blocks whose pieces
//! are in order, contiguous and on character boundaries, with plain text pieces saying what
//! their bytes say; building it from its own segments gives the input back byte for byte (in
//! any charset it was read in); and a translated build, with the target language set, is made
//! without error.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use workbench::codes::{self, Token};
use workbench::document::{self, Format, Piece, ReadOptions};
use workbench::segment::{Language, Segmenter};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = document::read(
        Path::new("fuzz.html"),
        data.to_vec(),
        Format::Html,
        ReadOptions::default(),
    ) else {
        return;
    };
    for block in &doc.blocks {
        let mut end: Option<usize> = None;
        for piece in &block.pieces {
            let r = piece.range();
            assert!(r.start <= r.end && r.end <= doc.content.len(), "{r:?}");
            assert!(doc.content.is_char_boundary(r.start) && doc.content.is_char_boundary(r.end));
            if let Some(e) = end {
                assert_eq!(e, r.start, "pieces not contiguous: {:?}", block.pieces);
            }
            end = Some(r.end);
            if let Piece::Text {
                text,
                atomic: false,
                range,
            } = piece
            {
                assert_eq!(text.as_str(), &doc.content[range.clone()]);
            }
        }
    }
    let Ok(segments) = doc.segments(&Segmenter::builtin(Language::Arabic)) else {
        return;
    };
    let same = doc
        .build(&segments, &|s| Some(s.text.clone()), None)
        .expect("build from source");
    assert!(same == data, "building from source changed the page");
    let translated = doc
        .build(
            &segments,
            &|s| {
                let mut out = String::new();
                for (_, token) in codes::tokens(&s.text) {
                    match token {
                        Token::Text(_) => out.push_str("Homs & \"Lavrov's\" <visit> → "),
                        Token::Open(n) => out.push_str(&codes::open(n)),
                        Token::Close(n) => out.push_str(&codes::close(n)),
                        Token::Standalone(n) => out.push_str(&codes::standalone(n)),
                    }
                }
                Some(out)
            },
            Some("en"),
        )
        .expect("translated build");
    let _ = document::read(
        Path::new("fuzz.html"),
        translated,
        Format::Html,
        ReadOptions::default(),
    );
});
