//! Any text as a guide file: a guide or an error naming a position, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = leverage::guide::parse("fuzz.ron", text) {
            assert!(!e.reason.is_empty());
        }
    }
});
