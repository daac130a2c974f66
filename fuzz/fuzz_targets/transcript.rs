//! Any bytes as a transcript file: a clean error or a transcript, never a panic; and a
//! transcript that parses survives being written and read again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = leverage::transcript::parse(data) {
        let text = leverage::transcript::to_ron(&t).expect("a parsed transcript writes");
        let again = leverage::transcript::parse(text.as_bytes()).expect("and reads back");
        assert_eq!(again, t);
        let _ = leverage::library::search::Doc::of(&t);
    }
});
