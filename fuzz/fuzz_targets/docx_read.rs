//! Reading any bytes as a Word document gives an extraction or an error, never a panic. Input
//! that starts like a zip (`PK`) is the package itself; anything else is the XML of
//! `word/document.xml`, put into a minimal package (stored, so that every mutation reaches
//! the XML reader). An extraction's pieces are in order inside its content, its plain text
//! pieces say what their bytes say; the source side builds back the input byte for byte; a
//! made-up target that keeps every code in place builds a package that reads again (or is
//! refused only for its compression ratio).
#![no_main]

use std::io::{Cursor, Write};
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use workbench::codes::{self, Token};
use workbench::document::{self, Format, Piece, ReadOptions};
use workbench::segment::{Language, Segmenter};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn package(document: &[u8]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, bytes) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", document),
    ] {
        w.start_file(name, stored).expect("start");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// Every stretch of text replaced by a word, codes kept in their order.
fn made_up(text: &str) -> String {
    let mut out = String::new();
    for (_, token) in codes::tokens(text) {
        match token {
            Token::Text(t) if !t.trim().is_empty() => out.push_str(" made up "),
            Token::Text(t) => out.push_str(t),
            Token::Open(n) => out.push_str(&codes::open(n)),
            Token::Close(n) => out.push_str(&codes::close(n)),
            Token::Standalone(n) => out.push_str(&codes::standalone(n)),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        package(data)
    };
    let path = Path::new("fuzz.docx");
    let Ok(d) = document::read(path, bytes.clone(), Format::Docx, ReadOptions::default()) else {
        return;
    };
    for block in &d.blocks {
        let mut pos = 0;
        for piece in &block.pieces {
            let range = piece.range();
            assert!(pos <= range.start && range.start <= range.end && range.end <= d.content.len());
            pos = range.end;
            if let Piece::Text { range, text, atomic: false } = piece {
                assert_eq!(d.content.get(range.clone()), Some(text.as_str()));
            }
        }
    }
    let Ok(segs) = d.segments(&Segmenter::builtin(Language::Arabic)) else {
        return;
    };
    let same = d
        .build(&segs, &|s| Some(s.text.clone()), None)
        .expect("the source side builds");
    assert!(same == bytes, "the source side is not the input");
    let built = d
        .build(&segs, &|s| Some(made_up(&s.text)), Some("en"))
        .expect("a target with every code in place builds");
    // (Made-up text repeats: a large part may compress past the ratio limit.)
    match document::read(path, built, Format::Docx, ReadOptions::default()) {
        Ok(_) | Err(document::Error::Limit { .. }) => {}
        Err(e) => panic!("the build does not read again: {e}"),
    }
});
