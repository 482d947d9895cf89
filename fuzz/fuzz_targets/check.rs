//! The whole check of arbitrary bytes, as `credence check FILE` runs it:
//! the format sniffed from the content, then every stage and every report.
#![no_main]

use credence_fuzz::{analyse, read, render_all};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(prepared) = read(data, None) {
        let report = analyse(prepared);
        render_all(&report);
    }
});
