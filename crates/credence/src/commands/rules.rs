//! `credence rules list|test|patterns`: what a newsroom uses to see and
//! test the rules it has loaded.

use crate::cli::RulesCommand;
use crate::settings::Settings;
use crate::status;
use comfy_table::{ContentArrangement, Table, presets};
use credence_core::RuleSet;
use credence_core::analysis::examples::{check_attribution_examples, check_examples};
use credence_core::rules::line_pattern;
use std::io::{self, Write};
use std::process::ExitCode;

/// Run a `credence rules` subcommand.
pub fn run(command: &RulesCommand) -> ExitCode {
    match command {
        RulesCommand::List { rules, category } => match super::load_rules(rules) {
            Ok(set) => {
                if let Some(category) = category
                    && !set.categories().contains(&category.as_str())
                {
                    status::print_error(&unknown_category(&set, category));
                    return status::error_exit();
                }
                status::finish_write(list(&set, category.as_deref(), &mut io::stdout().lock()))
            }
            Err(code) => code,
        },
        RulesCommand::Test {
            paths,
            with_default_rules,
            config,
        } => {
            // Without the project's retuning: the examples test the packs
            // as written. With no paths, the packs the configuration loads,
            // as `rules list` and `explain` see them.
            let settings = if paths.is_empty() {
                match Settings::layered(config) {
                    Ok(layered) => Settings {
                        packs: layered.packs,
                        default_rules: Some(
                            layered.default_rules.unwrap_or(true) || *with_default_rules,
                        ),
                        ..Settings::default()
                    },
                    Err(err) => return status::fail_with(&[err.to_string()]),
                }
            } else {
                Settings {
                    packs: paths.clone(),
                    default_rules: Some(*with_default_rules),
                    ..Settings::default()
                }
            };
            match settings.load_rules() {
                Ok(set) => match test(&set, &mut io::stdout().lock()) {
                    Ok(true) => ExitCode::SUCCESS,
                    Ok(false) => ExitCode::from(status::EXIT_FINDINGS),
                    Err(err) => status::write_failed(&err),
                },
                Err(messages) => status::fail_with(&messages),
            }
        }
        RulesCommand::Patterns(args) => match super::load_rules(args) {
            Ok(set) => status::finish_write(patterns(&set)),
            Err(code) => code,
        },
    }
}

/// The error for `--category` naming no loaded category: the closest one,
/// and all of them.
fn unknown_category(rules: &RuleSet, category: &str) -> String {
    let categories = rules.categories();
    format!(
        "no category `{category}` is loaded{}; the categories are: {}",
        credence_core::suggest::hint(category, categories.iter().copied()),
        categories.join(", ")
    )
}

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

/// `credence rules list`: every loaded rule, one row each, in aligned
/// columns that are never wrapped (a rule id is copied whole into
/// configurations and suppressions). The built-in pack is `builtin`.
fn list(rules: &RuleSet, category: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let header = ["rule", "category", "severity", "weight", "enabled", "pack"].map(String::from);
    let mut rows = vec![header];
    for rule in rules
        .rules()
        .iter()
        .filter(|r| category.is_none_or(|c| r.category == c))
    {
        let packs: Vec<&str> = rule
            .defined_in
            .iter()
            .map(|p| {
                if p.starts_with("<builtin>/") {
                    "builtin"
                } else {
                    p
                }
            })
            .collect();
        let mut packs_listed: Vec<&str> = Vec::new();
        for p in packs {
            if !packs_listed.contains(&p) {
                packs_listed.push(p);
            }
        }
        rows.push([
            rule.id.clone(),
            rule.category.clone(),
            rule.severity.to_string(),
            format!("{}", rule.weight),
            if rule.enabled { "yes" } else { "no" }.to_owned(),
            packs_listed.join(" + "),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, width))| {
                if i == 5 {
                    cell.clone()
                } else if i == 3 {
                    format!("{cell:>width$}")
                } else {
                    format!("{cell:<width$}")
                }
            })
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

/// `credence rules test`: run every rule's examples and every
/// `[[attribution.example]]`; returns whether all passed.
fn test(rules: &RuleSet, out: &mut dyn Write) -> io::Result<bool> {
    let failures = check_examples(rules);
    let attribution_failures = check_attribution_examples(rules);
    let examples: usize = rules
        .rules()
        .iter()
        .map(|r| r.examples.matching.len() + r.examples.no_match.len())
        .sum();
    let attribution_examples = rules.attribution_examples.len();
    if failures.is_empty() && attribution_failures.is_empty() {
        let n_rules = rules.rules().len();
        let mut line = format!(
            "{examples} example{} of {n_rules} rule{}",
            plural(examples),
            plural(n_rules)
        );
        if attribution_examples > 0 {
            line.push_str(&format!(
                " and {attribution_examples} attribution example{}",
                plural(attribution_examples)
            ));
        }
        writeln!(out, "{line}: all pass")?;
        return Ok(true);
    }
    if !failures.is_empty() {
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
    }
    for f in &attribution_failures {
        writeln!(out, "{}: attribution example failed", f.location)?;
        writeln!(out, "  text:     {}", f.example)?;
        let list = |items: &[String]| {
            if items.is_empty() {
                "none".to_owned()
            } else {
                items.join("; ")
            }
        };
        writeln!(out, "  expected: {}", list(&f.expected))?;
        writeln!(out, "  found:    {}", list(&f.found))?;
    }
    let mut line = format!(
        "{} of {examples} rule example{}",
        failures.len(),
        plural(examples)
    );
    if attribution_examples > 0 {
        line.push_str(&format!(
            " and {} of {attribution_examples} attribution example{}",
            attribution_failures.len(),
            plural(attribution_examples)
        ));
    }
    writeln!(out, "{line} failed")?;
    Ok(false)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `credence rules patterns`: every enabled regex as it is run (lexicons
/// expanded, phrases joined), one per line: a pattern file for `rg -f`, so
/// in the form a line-oriented search takes (see `line_pattern`).
fn patterns(rules: &RuleSet) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    rules
        .rules()
        .iter()
        .filter(|r| r.enabled)
        .flat_map(|r| r.patterns.iter())
        .try_for_each(|p| writeln!(out, "{}", line_pattern(p)))
        .and_then(|()| out.flush())
}
