//! No input may panic the analysis: every window of real text, cut at
//! arbitrary character boundaries, with stray punctuation and control bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::print_stdout
)]

use credence_core::{Document, RuleSet, analyze};

fn windows(text: &str, step: usize, lengths: &[usize]) -> Vec<String> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut out = Vec::new();
    for start in (0..bounds.len()).step_by(step) {
        for &len in lengths {
            let end = bounds[(start + len).min(bounds.len() - 1)];
            out.push(text[bounds[start]..end].to_owned());
        }
    }
    out
}

#[test]
fn analysis_never_panics_on_fragments_of_real_articles() {
    let rules = RuleSet::builtin().expect("built-in pack");
    let example = include_str!("../../../examples/embassy-republished.txt");
    let mut inputs = windows(example, 23, &[1, 2, 5, 17, 60, 240]);
    for article in std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/articles"
    ))
    .unwrap()
    {
        let text = std::fs::read_to_string(article.unwrap().path()).unwrap();
        inputs.extend(windows(&text, 41, &[3, 30, 150]));
    }
    inputs.extend(
        [
            "",
            " ",
            "\n\n\n",
            "said",
            "said.",
            ", said",
            "according to",
            "the said",
            "The the",
            "“,” said",
            "Mr. said",
            "\u{80}\u{99}",
            "\u{FFFD}",
            "&amp;",
            "a\u{0}b",
            "he said he said",
            "sources, who, said",
            ". . . said",
            "The, said",
            "— said —",
            "Yukos' owner Menatep Group says it will ask Rosneft to repay a loan.",
            "The said it.",
            "But The added.",
        ]
        .map(str::to_owned),
    );
    for (i, text) in inputs.iter().enumerate() {
        let doc = Document::new(format!("fragment-{i}"), text.as_str());
        let analysis = analyze(&doc, &rules);
        for f in &analysis.findings {
            assert!(
                f.start < f.end && f.end <= text.len(),
                "bad span in {text:?}"
            );
        }
        for a in &analysis.attributions {
            assert!(
                a.start < a.end && a.end <= text.len(),
                "bad span in {text:?}"
            );
            assert_eq!(&text[a.start..a.end], a.text);
        }
    }
}

/// Saved pages cut anywhere (mid-tag, mid-entity, mid-character) still
/// extract, analyse and map every finding to a line and column of the page.
#[test]
fn page_extraction_never_panics_on_cut_pages() {
    use credence_input::{InputFormat, prepare};
    let rules = RuleSet::builtin().expect("built-in pack");
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/html/aljazeera-helicopter-crash.html"
    ))
    .unwrap();
    let bounds: Vec<usize> = page
        .char_indices()
        .map(|(i, _)| i)
        .chain([page.len()])
        .collect();
    let mut inputs: Vec<String> = (0..bounds.len())
        .step_by(bounds.len() / 40)
        .map(|i| page[..bounds[i]].to_owned())
        .collect();
    inputs.extend(
        [
            "<p>&",
            "<p>&#x;</p>",
            "<p>&#99999999;</p>",
            "<script>",
            "<a href='<p>x</p>",
            "<p>é</p><!--",
            "<html><body><figcaption>A. AFP</figcaption></body></html>",
        ]
        .map(str::to_owned),
    );
    for (i, html) in inputs.into_iter().enumerate() {
        let lines = html.lines().count().max(1);
        let prepared = prepare(format!("page-{i}"), html, InputFormat::Html, &rules.zones).unwrap();
        let analysis = analyze(&prepared.document, &rules);
        for f in &analysis.findings {
            assert!(f.line >= 1 && f.line <= lines, "line {} of {lines}", f.line);
            assert!(f.column >= 1);
        }
    }
}
