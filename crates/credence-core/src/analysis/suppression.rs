//! Inline suppressions: an editor silences a rule where a finding is known
//! and accepted. In any file:
//!
//! - `<!-- credence-disable RULE -->` … `<!-- credence-enable RULE -->`
//! - `<!-- credence-disable-next-line RULE -->`
//! - in plain text, the same directives on a line of their own after `#`:
//!   `# credence-disable-next-line RULE`
//!
//! RULE is a rule id or a category, several separated by commas or spaces;
//! none means every rule. A directive that silences nothing is itself
//! reported (rule `suppression.unused`), as ruff reports an unused `noqa`;
//! so is one that names no loaded rule or category (a misspelt id would
//! otherwise hide nothing now and everything it was meant to later), with
//! the closest loaded name.
//!
//! Directives are read from the file as written, so they work in web pages
//! too, where the extraction drops comments: lines and regions are those of
//! the page. (An unused directive in a page is not reported: it has no place
//! in the extracted text to point at.)

use crate::document::Document;
use crate::finding::Finding;
use crate::rules::RuleSet;
use regex::Regex;
use std::sync::LazyLock;

static DIRECTIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?m)<!--[ \t]*credence-(disable-next-line|disable|enable)(?-u:\b)([^>\n]*?)-->|^[ \t]*#[ \t]*credence-(disable-next-line|disable|enable)(?-u:\b)([^\n]*)$",
    )
    .ok()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DisableNextLine,
    Disable,
    Enable,
}

#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    targets: Vec<String>,
    start: usize,
    end: usize,
    line: usize,
}

impl Directive {
    fn covers(&self, finding: &Finding) -> bool {
        self.targets.is_empty()
            || self
                .targets
                .iter()
                .any(|t| *t == finding.rule || *t == finding.category)
    }
}

fn parse(doc: &Document) -> Vec<Directive> {
    let Some(re) = DIRECTIVE.as_ref() else {
        return Vec::new();
    };
    let source = doc.source_text();
    if !source.contains("credence-") {
        return Vec::new();
    }
    re.captures_iter(source)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let kind = caps.get(1).or(caps.get(3))?.as_str();
            let targets = caps.get(2).or(caps.get(4)).map_or("", |m| m.as_str());
            Some(Directive {
                kind: match kind {
                    "disable-next-line" => Kind::DisableNextLine,
                    "disable" => Kind::Disable,
                    _ => Kind::Enable,
                },
                targets: targets
                    .split([',', ' ', '\t'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
                start: whole.start(),
                end: whole.end(),
                line: doc.source_line_col(whole.start()).0,
            })
        })
        .collect()
}

/// The line a `disable-next-line` directive on `line` applies to: the next
/// line of the file that is not blank.
fn next_content_line(doc: &Document, line: usize) -> usize {
    let mut candidate = line + 1;
    for text in doc.source_text().lines().skip(line) {
        if !text.trim().is_empty() {
            return candidate;
        }
        candidate += 1;
    }
    candidate
}

/// A directive to report: it silenced nothing, or it names something that
/// is no loaded rule or category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unused {
    /// Byte span of the directive in the source text.
    pub start: usize,
    pub end: usize,
    /// The message when the directive names unknown rules or categories;
    /// `None` keeps the rule's own message.
    pub message: Option<String>,
}

/// What a directive names that `rules` does not load, said plainly, with
/// the closest loaded name for each.
fn unknown_targets(directive: &Directive, rules: &RuleSet) -> Option<String> {
    let unknown: Vec<String> = directive
        .targets
        .iter()
        .filter(|t| !rules.names_rule_or_category(t))
        .map(|t| format!("`{t}`{}", rules.rule_or_category_hint(t)))
        .collect();
    if unknown.is_empty() {
        return None;
    }
    Some(format!(
        "Suppression names {}, which {} no loaded rule or category: it silences nothing",
        unknown.join(", "),
        if unknown.len() == 1 { "is" } else { "are" }
    ))
}

/// Remove suppressed findings. Returns the directives to report: those that
/// silenced nothing and those that name no loaded rule or category.
pub(crate) fn apply(doc: &Document, rules: &RuleSet, findings: &mut Vec<Finding>) -> Vec<Unused> {
    let directives = parse(doc);
    if directives.is_empty() {
        return Vec::new();
    }
    let mut used = vec![false; directives.len()];
    // Regions: each disable runs to the next enable that covers one of its
    // targets (or every rule), else to the end of the text.
    let mut regions: Vec<(usize, usize, usize)> = Vec::new(); // (directive, from, to)
    for (i, d) in directives.iter().enumerate() {
        if d.kind != Kind::Disable {
            continue;
        }
        let to = directives[i + 1..]
            .iter()
            .find(|e| {
                e.kind == Kind::Enable
                    && (e.targets.is_empty()
                        || d.targets.is_empty()
                        || e.targets.iter().any(|t| d.targets.contains(t)))
            })
            .map_or(doc.source_text().len(), |e| e.start);
        regions.push((i, d.end, to));
    }
    let next_lines: Vec<Option<usize>> = directives
        .iter()
        .map(|d| (d.kind == Kind::DisableNextLine).then(|| next_content_line(doc, d.line)))
        .collect();
    findings.retain(|f| {
        let (start, end) = (doc.source_offset(f.start), doc.source_offset(f.end));
        // The directive's own text ("… anonymous.reportedly -->") is not prose.
        if directives.iter().any(|d| start < d.end && d.start < end) {
            return false;
        }
        let mut silenced = false;
        for (i, d) in directives.iter().enumerate() {
            if next_lines[i] == Some(f.line) && d.covers(f) {
                used[i] = true;
                silenced = true;
            }
        }
        for &(i, from, to) in &regions {
            if start >= from && start < to && directives[i].covers(f) {
                used[i] = true;
                silenced = true;
            }
        }
        !silenced
    });
    if doc.is_extracted() {
        return Vec::new();
    }
    directives
        .iter()
        .zip(used)
        .filter_map(|(d, used)| {
            let message = unknown_targets(d, rules);
            (message.is_some() || (!used && d.kind != Kind::Enable)).then_some(Unused {
                start: d.start,
                end: d.end,
                message,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RuleSet, analyze};

    fn rules_fired(text: &str) -> Vec<String> {
        let rules = RuleSet::builtin().unwrap();
        analyze(&Document::new("t.md", text), &rules)
            .findings
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn next_line_and_region_directives_silence_their_rules() {
        assert_eq!(
            rules_fired("It was reportedly done.\n"),
            ["anonymous.reportedly"]
        );
        assert!(rules_fired("<!-- credence-disable-next-line anonymous.reportedly -->\n\nIt was reportedly done.\n").is_empty());
        assert!(
            rules_fired("# credence-disable-next-line anonymous-source\nIt was reportedly done.\n")
                .is_empty()
        );
        assert_eq!(
            rules_fired(
                "<!-- credence-disable anonymous.reportedly -->\nIt was reportedly done.\n<!-- credence-enable anonymous.reportedly -->\nThe vote was reportedly close.\n"
            ),
            ["anonymous.reportedly"]
        );
    }

    fn messages(text: &str) -> Vec<String> {
        let rules = RuleSet::builtin().unwrap();
        analyze(&Document::new("t.md", text), &rules)
            .findings
            .into_iter()
            .filter(|f| f.rule == "suppression.unused")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn a_directive_naming_no_loaded_rule_says_so_and_suggests_one() {
        assert_eq!(
            messages("<!-- credence-disable-next-line anonymous.source-say -->\nSources say it.\n"),
            [
                "Suppression names `anonymous.source-say` (did you mean `anonymous.sources-say`?), which is no loaded rule or category: it silences nothing"
            ]
        );
        // Reported even where another name in it silences a finding.
        assert_eq!(
            messages(
                "<!-- credence-disable-next-line anonymous.reportedly, nosuchthing -->\nIt was reportedly done.\n"
            ),
            [
                "Suppression names `nosuchthing`, which is no loaded rule or category: it silences nothing"
            ]
        );
        assert_eq!(
            messages(
                "<!-- credence-disable-next-line garbled.mojibake -->\nIt was reportedly done.\n"
            ),
            ["Suppression that silences nothing: remove it, or check the rule id"]
        );
    }

    #[test]
    fn a_directive_that_silences_nothing_is_reported() {
        assert_eq!(
            rules_fired(
                "<!-- credence-disable-next-line garbled.mojibake -->\nIt was reportedly done.\n"
            ),
            ["suppression.unused", "anonymous.reportedly"]
        );
    }
}
