//! Loading any bytes as SRX gives rules or an error, never a panic; loaded rules split text
//! without losing any of it (the same contract as the built-in splitter).
//!
//! Input: SRX, then optionally a NUL byte and the text to split (XML cannot hold NUL, so the
//! split is unambiguous); without one, a short Arabic paragraph is split.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use workbench::segment::Segmenter;

#[path = "shared/cover.rs"]
mod cover;

const TEXT: &str =
    "قال د. أحمد إن الوضع صعب. وأضاف: «لا نعرف».\nعنوان\n\nHe said: \"No.\" Then left.";

fuzz_target!(|data: &[u8]| {
    let (xml, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, TEXT.as_bytes()),
    };
    let (Ok(xml), Ok(text)) = (std::str::from_utf8(xml), std::str::from_utf8(text)) else {
        return;
    };
    if let Ok(seg) = Segmenter::from_srx(xml, Path::new("fuzz.srx"), "ar") {
        cover::check(&seg, text);
        // Rules written back load again.
        Segmenter::from_srx(&seg.to_srx(), Path::new("again.srx"), "ar")
            .expect("written SRX loads back");
    }
});
