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
