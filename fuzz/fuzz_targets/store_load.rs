//! Loading any bytes as a store document gives a document or an error, never a panic; a
//! document that loads writes back to text that loads to the same document, and the direct
//! writer's text is byte for byte what serde_yaml writes (after the header line), or both fail.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use workbench::store::Document;

/// The comment line every document file starts with.
const HEADER: &str = "# workbench translation document (schema version 1)\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = Document::parse(text, Path::new("fuzz.yaml")) {
        let direct = doc.to_yaml();
        let reference = serde_yaml::to_string(&doc);
        match (&direct, &reference) {
            (Ok(direct), Ok(reference)) => {
                assert_eq!(direct.strip_prefix(HEADER), Some(reference.as_str()));
            }
            (Err(_), Err(_)) => return,
            _ => panic!("the direct writer and serde_yaml disagree: {direct:?} / {reference:?}"),
        }
        let written = direct.expect("checked above");
        let again = Document::parse(&written, Path::new("fuzz.yaml")).expect("round trip");
        assert_eq!(again, doc);
    }
});
