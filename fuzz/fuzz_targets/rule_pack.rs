//! A rule pack of arbitrary text, alone or over two packs of the built-in
//! one (its settings and the boilerplate rules, for overrides and retunes
//! to refer to): loading is an error or a rule set, never a panic, and a
//! pack that loads runs its own examples.
#![no_main]

use credence_core::analysis::examples::check_examples;
use credence_core::{PackSource, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut sources = if mode & 1 == 1 {
        vec![
            PackSource::new("pack.toml", include_str!("../../rules/pack.toml")),
            PackSource::new(
                "boilerplate.toml",
                include_str!("../../rules/boilerplate.toml"),
            ),
        ]
    } else {
        Vec::new()
    };
    sources.push(PackSource::new("fuzz.toml", text));
    if let Ok(rules) = RuleSet::from_sources(&sources) {
        let _ = check_examples(&rules);
    }
});
