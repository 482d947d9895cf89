//! Any bytes read as markdown: decoded, prepared, analysed and rendered in
//! every format, with the invariants of each stage checked.
#![no_main]

use credence_fuzz::{analyse, read, render_all};
use credence_input::InputFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(prepared) = read(data, Some(InputFormat::Markdown)) {
        let report = analyse(prepared);
        render_all(&report);
    }
});
