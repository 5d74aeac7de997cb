//! The built-in splitter (Arabic and English rules) never panics, and its segments cover the
//! input: everything outside them is whitespace, ranges are in order, on character
//! boundaries, trimmed, and the same as the breaks `explain` reports.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workbench::segment::{Language, Segmenter};

#[path = "shared/cover.rs"]
mod cover;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for lang in [Language::Arabic, Language::English] {
        cover::check(&Segmenter::builtin(lang), text);
    }
});
