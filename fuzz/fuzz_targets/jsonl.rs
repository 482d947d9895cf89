//! A JSON Lines corpus of arbitrary bytes: every line is a record or that
//! line's error, line numbers only grow, and each record is analysed.
#![no_main]

use credence_fuzz::{analyse, rules};
use credence_input::jsonl::Records;
use credence_input::read::{ReadOptions, prepare_record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions::new("<stdin>".into(), None);
    let lines = data.split(|&b| b == b'\n').count();
    let mut last = 0;
    for record in Records::new(data, "text", Some("id")) {
        let line = match &record {
            Ok(record) => record.line,
            Err(err) => err.line,
        };
        assert!(
            line > last && line <= lines,
            "line {line} after {last} of {lines}"
        );
        last = line;
        if let Ok(record) = record
            && let Ok(prepared) = prepare_record("r".into(), record.text, &options, &rules().zones)
        {
            let _ = analyse(prepared);
        }
    }
});
