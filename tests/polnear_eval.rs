//! The attribution model on PolNeAR's dev split, measured by
//! `scripts/eval-polnear` on the binary as built: floors under the figures
//! of the shipped model, so a change that finds fewer attributions, or
//! finds them less precisely, cannot land. The split chose among models and
//! was never trained on (crates/credence-core/models/MODEL_CARD.md). Skips
//! with a message when ../shared or python3 is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use std::path::Path;

/// (figure, floor): measured recall 0.747, speech-cue recall 0.953,
/// precision 0.901, exact source-span F1 0.718, rounded down.
const FLOORS: &[(&str, f64)] = &[
    ("recall", 0.74),
    ("recall_speech", 0.95),
    ("precision", 0.90),
    ("exact_f1", 0.71),
];

#[test]
fn polnear_dev_figures_stay_above_their_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("../shared/corpus/polnear/dev").is_dir() {
        eprintln!("skipping: ../shared/corpus/polnear/dev is absent");
        return;
    }
    let Some(figures) = common::script_figures("eval-polnear", &[]) else {
        return;
    };
    eprintln!("{figures}");
    let low: Vec<String> = FLOORS
        .iter()
        .filter_map(|&(name, floor)| {
            let got = figures[name].as_f64().unwrap_or(0.0);
            (got < floor).then(|| format!("{name} {got:.3} under {floor}"))
        })
        .collect();
    assert!(low.is_empty(), "{}", low.join("\n"));
}
