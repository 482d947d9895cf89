//! `credence explain RULE_ID`: what a rule flags, why it matters, its
//! patterns and examples, so an editor can understand a finding.

use crate::cli::RuleArgs;
use crate::status;
use credence_core::rules::Rule;
use std::io::{self, Write};
use std::process::ExitCode;

/// Describe the rule `rule_id` of the rules `args` load.
pub fn run(rule_id: &str, args: &RuleArgs) -> ExitCode {
    let rules = match super::load_rules(args) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    match rules.rule(rule_id) {
        Some(rule) => status::finish_write(explain(rule, &mut io::stdout().lock())),
        None => {
            let hint =
                credence_core::suggest::hint(rule_id, rules.rules().iter().map(|r| r.id.as_str()));
            status::print_error(&format!(
                "no rule `{rule_id}`{hint}; `credence rules list` shows the loaded rules"
            ));
            status::error_exit()
        }
    }
}

/// `credence explain RULE_ID`: the rule's description, patterns and examples.
fn explain(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
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
