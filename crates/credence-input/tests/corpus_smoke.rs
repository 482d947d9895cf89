//! A sample of every corpus set in ../shared/corpus goes through the whole
//! analysis: no panic, and every span points at the text it reports. Skips
//! when ../shared is absent.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::print_stdout
)]

use credence_core::{Document, RuleSet, analyze};
use credence_input::decode as input;
use std::path::Path;

#[test]
fn corpus_sample_analyses_cleanly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: {} is absent", corpus.display());
        return;
    }
    let rules = RuleSet::builtin().expect("built-in pack");
    let mut files = Vec::new();
    for set in ["general", "scraped", "wire"] {
        let mut set_files: Vec<_> = ignore::Walk::new(corpus.join(set))
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        set_files.sort();
        files.extend(set_files.into_iter().step_by(9));
    }
    assert!(files.len() > 1000, "only {} files sampled", files.len());
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        let text = input::decode(&bytes).text;
        let doc = Document::new(path.display().to_string(), text.as_str());
        let analysis = analyze(&doc, &rules);
        for f in &analysis.findings {
            assert_eq!(&text[f.start..f.end], f.text, "{}", path.display());
        }
        for a in &analysis.attributions {
            assert_eq!(&text[a.start..a.end], a.text, "{}", path.display());
        }
    }
}
