//! Every rule carries examples it must flag and must leave alone, and the
//! attribution vocabulary carries texts with the attributions they hold;
//! running them (by `credence rules test` and the test suite) proves the
//! pack does what it says.

use crate::attribution::Attribution;
use crate::attribution::vocabulary::ExpectedAttribution;
use crate::document::Document;
use crate::error::Location;
use crate::rules::RuleSet;

/// A rule example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Id of the rule whose example failed.
    pub rule: String,
    /// The example text as the pack writes it.
    pub example: String,
    /// True when the example should have matched and did not.
    pub expected_match: bool,
}

/// Run every rule's own examples (`match` must be flagged, `no-match` must
/// not), disabled rules included, and return what failed.
pub fn check_examples(rules: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for rule in &rules.rules {
        let cases = rule
            .examples
            .matching
            .iter()
            .map(|e| (e, true))
            .chain(rule.examples.no_match.iter().map(|e| (e, false)));
        for (example, expected_match) in cases {
            let doc = Document::new("example", example.as_str());
            let matched = !super::find_rule(rule, &doc, rules).is_empty();
            if matched != expected_match {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    example: example.clone(),
                    expected_match,
                });
            }
        }
    }
    failures
}

/// An `[[attribution.example]]` whose text did not give the attributions it
/// expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionExampleFailure {
    /// Where the example is written.
    pub location: Location,
    /// The example text.
    pub example: String,
    /// The attributions expected, one `kind "source"` description each.
    pub expected: Vec<String>,
    /// The attributions found, described the same way.
    pub found: Vec<String>,
}

/// Run every `[[attribution.example]]` through the full analysis and return
/// the examples whose attributions differ from what they expect. Only the
/// fields an expectation gives are compared.
pub fn check_attribution_examples(rules: &RuleSet) -> Vec<AttributionExampleFailure> {
    let mut failures = Vec::new();
    for (location, example) in &rules.attribution_examples {
        let doc = Document::new("example", example.text.as_str());
        let found = super::analyze(&doc, rules).attributions;
        let agrees = found.len() == example.expect.len()
            && found
                .iter()
                .zip(&example.expect)
                .all(|(a, e)| agrees(&doc.text, a, e));
        if !agrees {
            failures.push(AttributionExampleFailure {
                location: location.clone(),
                example: example.text.clone(),
                expected: example.expect.iter().map(describe_expected).collect(),
                found: found.iter().map(|a| describe(&doc.text, a)).collect(),
            });
        }
    }
    failures
}

fn agrees(text: &str, found: &Attribution, expected: &ExpectedAttribution) -> bool {
    let anonymity = found.anonymity.as_ref();
    text.get(found.source_start..found.source_end) == Some(expected.source.as_str())
        && found.kind == expected.kind
        && expected
            .resolves_to
            .as_ref()
            .is_none_or(|r| *r == found.source)
        && expected
            .cue
            .as_ref()
            .is_none_or(|c| text.get(found.cue_start..found.cue_end) == Some(c.as_str()))
        && expected
            .via
            .as_ref()
            .is_none_or(|v| found.via.as_ref() == Some(v))
        && expected
            .reason
            .is_none_or(|r| anonymity.is_some_and(|x| x.reason_given == r))
        && expected
            .count
            .is_none_or(|n| anonymity.is_some_and(|x| x.count == Some(n)))
}

fn describe(text: &str, a: &Attribution) -> String {
    let mut out = format!(
        "{} {:?}",
        a.kind.as_str(),
        text.get(a.source_start..a.source_end).unwrap_or("")
    );
    if text.get(a.source_start..a.source_end) != Some(a.source.as_str()) {
        out.push_str(&format!(" = {:?}", a.source));
    }
    out.push_str(&format!(
        " cue {:?}",
        text.get(a.cue_start..a.cue_end).unwrap_or("")
    ));
    if let Some(via) = &a.via {
        out.push_str(&format!(" via {via}"));
    }
    if let Some(x) = &a.anonymity {
        if let Some(n) = x.count {
            out.push_str(&format!(" count {n}"));
        }
        if x.reason_given {
            out.push_str(" reason given");
        }
    }
    out
}

fn describe_expected(e: &ExpectedAttribution) -> String {
    let mut out = format!("{} {:?}", e.kind.as_str(), e.source);
    if let Some(r) = &e.resolves_to {
        out.push_str(&format!(" = {r:?}"));
    }
    if let Some(c) = &e.cue {
        out.push_str(&format!(" cue {c:?}"));
    }
    if let Some(v) = &e.via {
        out.push_str(&format!(" via {v}"));
    }
    if let Some(n) = e.count {
        out.push_str(&format!(" count {n}"));
    }
    match e.reason {
        Some(true) => out.push_str(" reason given"),
        Some(false) => out.push_str(" no reason"),
        None => {}
    }
    out
}
