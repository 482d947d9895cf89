//! Every rule carries examples it must flag and must leave alone; running
//! them (by `credence rules test` and the test suite) proves the pack does
//! what it says.

use crate::document::Document;
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
