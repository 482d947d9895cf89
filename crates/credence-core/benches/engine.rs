//! Engine benchmarks (`cargo bench`): loading the built-in pack, and each
//! stage of the analysis on single documents of several sizes made from the
//! reference article. Whole-corpus figures, against ripgrep, come from
//! `scripts/bench-corpus`.

#![allow(clippy::expect_used)]

use credence_core::{Document, RuleSet};
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().expect("built-in pack"));
const ARTICLE: &str = include_str!("../../../examples/embassy-republished.txt");

fn document(copies: usize) -> Document {
    Document::new("bench", ARTICLE.repeat(copies))
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn load_builtin_pack() -> RuleSet {
    RuleSet::builtin().expect("built-in pack")
}

#[divan::bench(args = [1, 10, 100])]
fn analyze(bencher: divan::Bencher, copies: usize) {
    let doc = document(copies);
    let rules = &*RULES;
    bencher
        .counter(divan::counter::BytesCount::new(doc.text.len()))
        .bench(|| credence_core::analyze(&doc, rules));
}

#[divan::bench(args = [1, 10, 100])]
fn rules_only(bencher: divan::Bencher, copies: usize) {
    let doc = document(copies);
    let rules = &*RULES;
    bencher
        .counter(divan::counter::BytesCount::new(doc.text.len()))
        .bench(|| credence_core::analysis::find(&doc, rules));
}

#[divan::bench(args = [1, 10, 100])]
fn attributions_only(bencher: divan::Bencher, copies: usize) {
    let doc = document(copies);
    let rules = &*RULES;
    bencher
        .counter(divan::counter::BytesCount::new(doc.text.len()))
        .bench(|| credence_core::attribution::attribute(&doc, &rules.attribution));
}

#[divan::bench(args = [1, 10, 100])]
fn sentences(bencher: divan::Bencher, copies: usize) {
    let doc = document(copies);
    bencher
        .counter(divan::counter::BytesCount::new(doc.text.len()))
        .bench(|| credence_core::document::sentences::split(&doc.text));
}

/// One line of `copies` sentences, each with a match that has exceptions
/// to test: the shape (no newline, thousands of findings) that once made
/// exceptions and columns quadratic.
#[divan::bench(args = [1_000, 10_000, 40_000])]
fn one_line_of_findings(bencher: divan::Bencher, copies: usize) {
    let doc = Document::new(
        "bench",
        "Officials said the talks failed, sources say. ".repeat(copies),
    );
    let rules = &*RULES;
    bencher
        .counter(divan::counter::BytesCount::new(doc.text.len()))
        .bench(|| credence_core::analyze(&doc, rules));
}
