//! Any bytes decode to text, and the decoder's promises hold: UTF-8 passes
//! through unchanged, and text said to be UTF-8 is UTF-8 that was there.
#![no_main]

use credence_input::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode::looks_binary(data);
    let decoded = decode::decode(data);
    if let Ok(text) = std::str::from_utf8(data)
        && !text.contains('\0')
    {
        assert_eq!(decoded.text, text.strip_prefix('\u{feff}').unwrap_or(text));
        assert!(decoded.assumed_encoding.is_none());
    }
});
