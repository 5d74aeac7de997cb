//! Reading any text as XLIFF (2.x or 1.2, told apart by the root) and applying it to a small
//! document never panics; a failed apply changes nothing; an import of an export round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "shared/import.rs"]
mod import;

fuzz_target!(|data: &[u8]| import::check(data, "fuzz.xlf"));
