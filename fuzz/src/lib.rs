//! What the fuzz targets share: the built-in rules, loaded once, and the
//! whole life of one input (decode, prepare, analyse, render in every
//! format), with the invariants every stage must keep on any input.

use credence_core::report::{self, DocumentReport, Format, RenderOptions, Summary, Thresholds};
use credence_core::{Document, RuleSet, analyze};
use credence_input::{InputFormat, Prepared, decode, prepare};
use std::sync::OnceLock;

/// The built-in rules, compiled once per fuzzing process.
pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(err) => panic!("the built-in pack must load: {err}"),
    })
}

/// Bytes as `check` reads a file: the binary check, decoding, then the
/// format `format` or, when `None`, the one the text looks like.
pub fn read(bytes: &[u8], format: Option<InputFormat>) -> Option<Prepared> {
    if decode::looks_binary(bytes) {
        return None;
    }
    let decoded = decode::decode(bytes);
    let format = format.unwrap_or_else(|| InputFormat::sniff(&decoded.text));
    prepare("fuzz".into(), decoded.text, format, &rules().zones).ok()
}

/// Analyse a prepared document and check what every finding promises:
/// spans inside the text on character boundaries, positions that exist.
pub fn analyse(prepared: Prepared) -> DocumentReport {
    let analysis = analyze(&prepared.document, rules());
    check_findings(&prepared.document, &analysis);
    DocumentReport {
        document: prepared.document,
        analysis,
        warnings: Vec::new(),
        thresholds: Thresholds::default(),
        elapsed: std::time::Duration::ZERO,
    }
}

fn check_findings(document: &Document, analysis: &credence_core::Analysis) {
    let text = &document.text;
    for finding in &analysis.findings {
        assert!(finding.start <= finding.end && finding.end <= text.len());
        assert!(text.is_char_boundary(finding.start) && text.is_char_boundary(finding.end));
        assert!(finding.line >= 1 && finding.column >= 1);
    }
    assert!(analysis.score.value <= 100);
}

/// What rendering needs of the rules, worked out once.
fn rendering() -> &'static (Vec<String>, Vec<report::RuleInfo>) {
    static RENDERING: OnceLock<(Vec<String>, Vec<report::RuleInfo>)> = OnceLock::new();
    RENDERING.get_or_init(|| {
        let rules = rules();
        let mut categories: Vec<String> =
            rules.rules().iter().map(|r| r.category.clone()).collect();
        categories.sort();
        categories.dedup();
        (categories, report::RuleInfo::all(rules))
    })
}

/// Render one document in every format; JSON formats must parse back.
pub fn render_all(doc: &DocumentReport) {
    let (categories, rule_info) = rendering();
    for format in [
        Format::Table,
        Format::Concise,
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Markdown,
        Format::Statistics,
    ] {
        let options = RenderOptions {
            color: false,
            width: Some(100),
            explain: true,
            show_attributions: true,
            rules: rule_info.clone(),
            version: "fuzz".into(),
        };
        let mut out = Vec::new();
        let mut reporter = report::reporter(format, options);
        let mut summary = Summary::new(categories);
        summary.add(doc);
        if let Err(err) = reporter
            .document(doc, &summary, &mut out)
            .and_then(|()| reporter.finish(&summary, &mut out))
        {
            panic!("rendering {format:?} into memory failed: {err}");
        }
        if matches!(format, Format::Json | Format::Sarif) {
            assert!(
                serde_json::from_slice::<serde_json::Value>(&out).is_ok(),
                "{format:?} output is not JSON"
            );
        }
        if matches!(format, Format::Jsonl) {
            for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                assert!(serde_json::from_slice::<serde_json::Value>(line).is_ok());
            }
        }
    }
}
