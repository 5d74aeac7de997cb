//! Loading any bytes as a store document gives a document or an error, never a panic; a
//! document that loads writes back to text that loads to the same document.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use workbench::store::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = Document::parse(text, Path::new("fuzz.yaml")) {
        let again = Document::parse(&doc.to_yaml(), Path::new("fuzz.yaml")).expect("round trip");
        assert_eq!(again, doc);
    }
});
