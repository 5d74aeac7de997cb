//! Reading any text as TMX and applying it to a small document, or turning it into a memory
//! document, never panics; a failed apply changes nothing; an import of an export round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "shared/import.rs"]
mod import;

fuzz_target!(|data: &[u8]| import::check(data, "fuzz.tmx"));
