//! The `credence rules` and `credence explain` commands: what a newsroom uses
//! to see, test and understand the rules it has loaded.

use comfy_table::{ContentArrangement, Table, presets};
use credence::RuleSet;
use credence::rules::Rule;
use std::io::{self, Write};

fn table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .force_no_tty();
    if !io::IsTerminal::is_terminal(&io::stdout()) {
        table.set_width(120);
    }
    table
}

/// `credence rules list`: every loaded rule, one row each.
pub fn list(rules: &RuleSet, category: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let mut t = table();
    t.set_header(["Rule", "Category", "Severity", "Weight", "Pack", "Enabled"]);
    for rule in rules
        .rules()
        .iter()
        .filter(|r| category.is_none_or(|c| r.category == c))
    {
        t.add_row(vec![
            rule.id.clone(),
            rule.category.clone(),
            rule.severity.to_string(),
            format!("{}", rule.weight),
            rule.defined_in.join(" + "),
            if rule.enabled { "yes" } else { "no" }.to_owned(),
        ]);
    }
    writeln!(out, "{t}")
}

/// `credence rules test`: run every rule's examples; returns whether all passed.
pub fn test(rules: &RuleSet, out: &mut dyn Write) -> io::Result<bool> {
    let failures = rules.check_examples();
    let examples: usize = rules
        .rules()
        .iter()
        .map(|r| r.examples.matching.len() + r.examples.no_match.len())
        .sum();
    if failures.is_empty() {
        writeln!(
            out,
            "{examples} examples of {} rules: all pass",
            rules.rules().len()
        )?;
        return Ok(true);
    }
    let mut t = table();
    t.set_header(["Rule", "Expected", "Example"]);
    for f in &failures {
        t.add_row(vec![
            f.rule.clone(),
            if f.expected_match {
                "match"
            } else {
                "no match"
            }
            .to_owned(),
            f.example.clone(),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "{} of {examples} examples failed", failures.len())?;
    Ok(false)
}

/// `credence explain RULE_ID`: the rule's description, patterns and examples.
pub fn explain(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}  ({}, {}, weight {})",
        rule.id, rule.category, rule.severity, rule.weight
    )?;
    writeln!(out, "message: {}", rule.message)?;
    if !rule.enabled {
        writeln!(out, "(disabled)")?;
    }
    writeln!(out, "scope: {}", rule.scope.names().join(", "))?;
    writeln!(out, "defined in: {}", rule.defined_in.join(", "))?;
    if let Some(description) = &rule.description {
        writeln!(out)?;
        for line in description.trim().lines() {
            writeln!(out, "  {}", line.trim())?;
        }
    }
    if let Some(reference) = &rule.reference {
        writeln!(out, "\nreference: {reference}")?;
    }
    writeln!(out)?;
    if let Some(check) = rule.check() {
        writeln!(out, "check: {}", check.as_str())?;
    }
    if !rule.written_patterns.is_empty() {
        writeln!(out, "patterns:")?;
        for p in &rule.written_patterns {
            writeln!(out, "  {p}")?;
        }
    }
    if !rule.written_phrases.is_empty() {
        writeln!(out, "phrases: {}", rule.written_phrases.join(" · "))?;
    }
    if !rule.examples.matching.is_empty() {
        writeln!(out, "\nflags:")?;
        for e in &rule.examples.matching {
            writeln!(out, "  + {}", e.replace('\n', "⏎"))?;
        }
    }
    if !rule.examples.no_match.is_empty() {
        writeln!(out, "\nleaves alone:")?;
        for e in &rule.examples.no_match {
            writeln!(out, "  - {}", e.replace('\n', "⏎"))?;
        }
    }
    Ok(())
}
