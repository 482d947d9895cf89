//! Every built-in rule's own examples, the attribution vocabulary's
//! examples, and the invariants of the built-in
//! pack as a whole: every rule documented and exemplified, every file embedded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::print_stdout
)]

use credence_core::RuleSet;

#[test]
fn every_rule_example_behaves() {
    let rules = RuleSet::builtin().expect("the built-in pack loads");
    let failures = credence_core::analysis::examples::check_examples(&rules);
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "{}: should {}match: {:?}",
                f.rule,
                if f.expected_match { "" } else { "not " },
                f.example
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "rule examples failed:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_attribution_example_behaves() {
    let rules = RuleSet::builtin().expect("the built-in pack loads");
    assert!(
        rules.attribution_examples.len() >= 10,
        "the built-in vocabulary has {} examples",
        rules.attribution_examples.len()
    );
    let failures = credence_core::analysis::examples::check_attribution_examples(&rules);
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "{}: {:?}\n  expected: {}\n  found:    {}",
                f.location,
                f.example,
                f.expected.join("; "),
                f.found.join("; ")
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "attribution examples failed:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_builtin_rule_is_documented_and_has_both_kinds_of_example() {
    let rules = RuleSet::builtin().expect("the built-in pack loads");
    assert!(
        rules.rules().len() >= 20,
        "the built-in pack has {} rules",
        rules.rules().len()
    );
    for rule in rules.rules() {
        assert!(
            rule.description
                .as_deref()
                .is_some_and(|d| d.trim().len() > 40),
            "{} has no real description",
            rule.id
        );
        assert!(
            !rule.examples.matching.is_empty(),
            "{} has no `match` example",
            rule.id
        );
        assert!(
            !rule.examples.no_match.is_empty(),
            "{} has no `no-match` example",
            rule.id
        );
        assert!(
            rule.id
                .starts_with(rule.category.split('-').next().unwrap_or_default()),
            "{} should be named after its category {}",
            rule.id,
            rule.category
        );
    }
}

/// The five content categories, and `suppression` for the bookkeeping of
/// inline suppressions.
#[test]
fn builtin_pack_uses_exactly_the_five_categories() {
    let rules = RuleSet::builtin().expect("the built-in pack loads");
    let mut categories: Vec<&str> = rules.rules().iter().map(|r| r.category.as_str()).collect();
    categories.sort();
    categories.dedup();
    assert_eq!(
        categories,
        [
            "anonymous-source",
            "boilerplate",
            "garbled-text",
            "republication",
            "suppression",
            "wire-service"
        ]
    );
}

#[test]
fn every_rule_file_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("rules/ exists")
        .filter_map(Result::ok)
        .map(|e| format!("rules/{}", e.file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = credence_core::rules::BUILTIN_PACK
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}
