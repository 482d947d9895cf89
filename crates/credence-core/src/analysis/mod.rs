//! The analysis of one document: a `RegexSet` pass per category tells which
//! regex rules can match at all; only those rules' regexes then run to find
//! positions.
//! Exceptions cancel matches, overlapping findings of one category are merged,
//! and the findings feed the score and the provenance.

mod checks;
mod english;
pub mod examples;
mod furniture;
mod garbling;
mod suppression;

use crate::attribution::{self, Attribution, SourceKind};
use crate::document::Document;
use crate::finding::{Captured, Finding};
use crate::provenance::Provenance;
use crate::rules::{Matcher, Rule, RuleSet};
use crate::score::Score;
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything credence concludes about one document.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The attribution-quality score, its grade and the ledger of its terms.
    pub score: Score,
    /// Findings per category (categories with none are left out).
    pub counts: BTreeMap<String, usize>,
    /// What the rules flagged, sorted by position, overlaps of a category merged.
    pub findings: Vec<Finding>,
    /// Every claim put on a source, in text order.
    pub attributions: Vec<Attribution>,
    /// The attributions counted by kind of source.
    pub sourcing: Sourcing,
    /// Where the text came from: outlets, republishers, agencies, photo credits.
    pub provenance: Provenance,
}

/// How a document's claims are sourced, in counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Sourcing {
    /// Attributions of every kind.
    pub attributions: usize,
    /// Claims put on named people.
    pub named: usize,
    /// Claims put on institutions on the record.
    pub institutional: usize,
    /// Claims put on unnamed sources.
    pub anonymous: usize,
    /// Of the anonymous ones, those whose anonymity the text explains.
    pub anonymous_with_reason: usize,
    /// Claims put on a wire agency.
    pub wire: usize,
    /// Claims put on a report, study, poll, filing or data set.
    pub document: usize,
    /// Distinct sources (a follow-up reference counts once).
    pub distinct_sources: usize,
}

impl Sourcing {
    /// The counts of these attributions.
    pub fn of(attributions: &[Attribution]) -> Sourcing {
        let count = |kind| attributions.iter().filter(|a| a.kind == kind).count();
        Sourcing {
            attributions: attributions.len(),
            named: count(SourceKind::Named),
            institutional: count(SourceKind::Institutional),
            anonymous: count(SourceKind::Anonymous),
            anonymous_with_reason: attributions
                .iter()
                .filter(|a| a.anonymity.as_ref().is_some_and(|x| x.reason_given))
                .count(),
            wire: count(SourceKind::Wire),
            document: count(SourceKind::Document),
            distinct_sources: attribution::distinct_sources(attributions),
        }
    }
}

/// Analyse a document with a rule set.
pub fn analyze(doc: &Document, rules: &RuleSet) -> Analysis {
    let mut findings = find(doc, rules);
    // A page's own footer ("Originally published on Live Science" on
    // livescience.com) credits no other outlet.
    findings.retain(|f| {
        let own = f
            .captured
            .original
            .as_deref()
            .is_some_and(|o| doc.is_own_publisher(o));
        !own || f.captured.republisher.is_some()
    });
    let unused = suppression::apply(doc, rules, &mut findings);
    if !unused.is_empty()
        && let Some(rule) = rules
            .rules
            .iter()
            .find(|r| r.enabled && r.check() == Some(crate::rules::CheckKind::UnusedSuppression))
    {
        for directive in unused {
            push_unused(rule, doc, directive, &mut findings);
        }
        findings.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(a.end.cmp(&b.end))
                .then(a.rule.cmp(&b.rule))
        });
    }
    let mut attributions = attribution::attribute(doc, &rules.attribution);
    // A line of furniture or a notice ("the editorial team ... has
    // confirmed it") is not the article's sourcing.
    let furniture_lines: std::collections::BTreeSet<usize> = findings
        .iter()
        .filter(|f| rules.attribution.not_sourcing.contains(f.category.as_str()))
        .map(|f| f.line)
        .collect();
    attributions.retain(|a| {
        let (cue_line, _) = doc.line_col(a.cue_start);
        !furniture_lines.contains(&a.line) && !furniture_lines.contains(&cue_line)
    });
    let counts = category_counts(&findings);
    Analysis {
        score: rules.scoring.score(&findings, &attributions),
        counts,
        provenance: Provenance::from_findings(&findings),
        sourcing: Sourcing::of(&attributions),
        findings,
        attributions,
    }
}

/// How many findings each category has.
pub fn category_counts(findings: &[Finding]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.category.clone()).or_insert(0) += 1;
    }
    counts
}

/// All findings in a document, sorted by position then rule id. A rule's
/// match counts only where it starts in a zone of the rule's scope.
pub fn find(doc: &Document, rules: &RuleSet) -> Vec<Finding> {
    let mut found = Vec::new();
    for prefilter in &rules.prefilters {
        for set_index in prefilter.set.matches(&doc.text).iter() {
            let (rule_index, regex_index) = prefilter.map[set_index];
            let rule = &rules.rules[rule_index];
            if let Matcher::Regexes(regexes) = &rule.matcher {
                collect_regex(rule, &regexes[regex_index], doc, rules, &mut found);
            }
        }
    }
    for &rule_index in &rules.check_rules {
        collect_check(&rules.rules[rule_index], doc, &mut found);
    }
    if !doc.zones().is_empty() {
        found.retain(|f| {
            rules
                .rule(&f.rule)
                .is_none_or(|rule| rule.scope.contains(doc.zone_at(f.start)))
        });
    }
    merge_overlaps(found)
}

/// The findings of one rule alone, as its examples are checked.
pub fn find_rule(rule: &Rule, doc: &Document, rules: &RuleSet) -> Vec<Finding> {
    let mut found = Vec::new();
    match &rule.matcher {
        Matcher::Regexes(regexes) => {
            for regex in regexes {
                collect_regex(rule, regex, doc, rules, &mut found);
            }
        }
        Matcher::Check(crate::rules::CheckKind::UnusedSuppression) => {
            // Judged against every rule: a directive is unused when nothing
            // it names is found under it.
            let mut all = find(doc, rules);
            for directive in suppression::apply(doc, rules, &mut all) {
                push_unused(rule, doc, directive, &mut found);
            }
        }
        Matcher::Check(_) => collect_check(rule, doc, &mut found),
    }
    merge_overlaps(found)
}

/// Capture group names with a meaning: `hit` narrows the reported span; the
/// others feed provenance.
const HIT: &str = "hit";
const AGENCY: &str = "agency";
const ORIGINAL: &str = "original";
const REPUBLISHER: &str = "republisher";
const CREDIT: &str = "credit";

fn collect_regex(
    rule: &Rule,
    regex: &Regex,
    doc: &Document,
    rules: &RuleSet,
    out: &mut Vec<Finding>,
) {
    let has_groups = regex.captures_len() > 1
        && regex
            .capture_names()
            .flatten()
            .any(|n| matches!(n, HIT | AGENCY | ORIGINAL | REPUBLISHER | CREDIT));
    if !has_groups {
        for m in regex.find_iter(&doc.text) {
            push(rule, doc, m.start(), m.end(), Captured::default(), out);
        }
        return;
    }
    for caps in regex.captures_iter(&doc.text) {
        let Some(whole) = caps.get(0) else { continue };
        let span = caps.name(HIT).unwrap_or(whole);
        let text_of = |name| caps.name(name).map(|m| m.as_str().to_owned());
        let captured = Captured {
            agency: text_of(AGENCY).map(|a| rules.canonical_agency(&a)),
            original: text_of(ORIGINAL),
            republisher: text_of(REPUBLISHER),
            credit: text_of(CREDIT).map(|a| rules.canonical_agency(&a)),
        };
        push(rule, doc, span.start(), span.end(), captured, out);
    }
}

fn collect_check(rule: &Rule, doc: &Document, out: &mut Vec<Finding>) {
    for (start, end) in checks::run(rule, doc) {
        push(rule, doc, start, end, Captured::default(), out);
    }
}

/// The finding of a directive to report, with its own message when it
/// names something not loaded.
fn push_unused(
    rule: &Rule,
    doc: &Document,
    directive: suppression::Unused,
    out: &mut Vec<Finding>,
) {
    let before = out.len();
    push(
        rule,
        doc,
        directive.start,
        directive.end,
        Captured::default(),
        out,
    );
    if let (Some(message), Some(finding)) = (directive.message, out.get_mut(before)) {
        finding.message = message;
    }
}

fn push(
    rule: &Rule,
    doc: &Document,
    start: usize,
    end: usize,
    captured: Captured,
    out: &mut Vec<Finding>,
) {
    if start >= end || is_excepted(rule, doc, start, end) {
        return;
    }
    let (line, column) = doc.line_col(start);
    let text = &doc.text[start..end];
    out.push(Finding {
        rule: rule.id.clone(),
        category: rule.category.clone(),
        severity: rule.severity,
        line,
        column,
        start,
        end,
        text: text.to_owned(),
        message: render_message(&rule.message, text, &captured),
        captured,
        weight: rule.weight,
    });
}

/// How far either side of a match its exceptions are searched (within its
/// lines): exceptions are phrases, and a bound keeps a file of one huge
/// line with thousands of matches linear.
const EXCEPTION_WINDOW_BYTES: usize = 512;

/// An exception cancels a match when one of its matches, searched in the
/// lines that hold the match and at most [`EXCEPTION_WINDOW_BYTES`] either
/// side of it, overlaps it.
fn is_excepted(rule: &Rule, doc: &Document, start: usize, end: usize) -> bool {
    if rule.exceptions.is_empty() {
        return false;
    }
    let text = &doc.text;
    let (line_start, _) = doc.line_span(start);
    let (_, line_end) = doc.line_span(end.saturating_sub(1).max(start));
    let mut from = start.saturating_sub(EXCEPTION_WINDOW_BYTES).max(line_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + EXCEPTION_WINDOW_BYTES)
        .min(line_end.max(end))
        .min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    // Searched from `from` in the text up to `to`, so `\b` and look-around
    // at the window's start see the text before it.
    let haystack = &text[..to.max(end)];
    rule.exceptions.iter().any(|exception| {
        let mut at = from;
        while let Some(m) = exception.find_at(haystack, at) {
            if m.start() >= end {
                return false;
            }
            if m.end() > start {
                return true;
            }
            at = if m.end() > at { m.end() } else { at + 1 };
            while at < haystack.len() && !haystack.is_char_boundary(at) {
                at += 1;
            }
            if at > haystack.len() {
                return false;
            }
        }
        false
    })
}

/// Fill `{match}`, `{agency}`, `{credit}`, `{original}`, `{republisher}` in a message.
fn render_message(template: &str, text: &str, captured: &Captured) -> String {
    if !template.contains('{') {
        return template.to_owned();
    }
    let one_line = printable(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let or_unknown = |v: &Option<String>| {
        v.as_deref()
            .map_or_else(|| "unknown".to_owned(), crate::provenance::clean_name)
    };
    template
        .replace("{match}", &one_line)
        .replace("{agency}", &or_unknown(&captured.agency))
        .replace("{original}", &or_unknown(&captured.original))
        .replace("{republisher}", &or_unknown(&captured.republisher))
        .replace("{credit}", &or_unknown(&captured.credit))
}

/// Control characters (C0 other than white space, and the C1 range that
/// mojibake produces) written as `\u{..}` escapes, so that a message or a
/// context never carries raw control codes to a terminal or a CI log.
pub fn printable(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text for one line of output (a file name in a `path:line:col` line):
/// every control character escaped, line breaks and tabs included.
pub fn printable_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Sort findings and merge overlapping findings of the same category into
/// the most severe, then longest, then first-by-id one, so one phrase is not
/// counted twice by two rules of a family. Captured provenance of a dropped
/// finding is kept on the survivor.
fn merge_overlaps(mut found: Vec<Finding>) -> Vec<Finding> {
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.rule.cmp(&b.rule))
    });
    let mut kept: Vec<Finding> = Vec::with_capacity(found.len());
    // category -> index in `kept` of its finding reaching furthest right
    let mut last: BTreeMap<String, usize> = BTreeMap::new();
    for f in found {
        let overlapping = last
            .get(&f.category)
            .copied()
            .filter(|&i| kept[i].end > f.start);
        match overlapping {
            Some(i) => {
                let better =
                    (f.severity, f.end - f.start) > (kept[i].severity, kept[i].end - kept[i].start);
                let mut dropped = f;
                if better {
                    std::mem::swap(&mut kept[i], &mut dropped);
                }
                let survivor = &mut kept[i].captured;
                survivor.agency = survivor.agency.take().or(dropped.captured.agency);
                survivor.original = survivor.original.take().or(dropped.captured.original);
                survivor.republisher = survivor.republisher.take().or(dropped.captured.republisher);
            }
            None => {
                last.insert(f.category.clone(), kept.len());
                kept.push(f);
            }
        }
    }
    kept.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(a.end.cmp(&b.end))
            .then(a.rule.cmp(&b.rule))
    });
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publishers_own_footer_is_no_republication() {
        let rules = crate::RuleSet::builtin().unwrap();
        let text = "Scientists built the largest simulation yet.\n\nOriginally published on Live Science.\n";
        let republished = |doc: &Document| {
            analyze(doc, &rules)
                .findings
                .iter()
                .any(|f| f.category == "republication")
        };
        assert!(republished(&Document::new("copy.txt", text)));
        let own = Document::new("page.html", text).with_publisher(vec!["livescience.com".into()]);
        assert!(!republished(&own));
        assert!(analyze(&own, &rules).provenance.original.is_empty());
    }

    #[test]
    fn exceptions_hold_on_a_file_of_one_long_line() {
        let rules = crate::RuleSet::builtin().unwrap();
        let filler = "The committee met again on Tuesday afternoon. ".repeat(30);
        let excepted = format!("{filler}Energy sources say prices will rise. ").repeat(20);
        let doc = Document::new("one-line.txt", excepted);
        let found = analyze(&doc, &rules).findings;
        assert!(
            !found.iter().any(|f| f.rule == "anonymous.sources-say"),
            "{found:?}"
        );
        let anonymous = format!("{filler}Diplomatic sources say prices will rise. ").repeat(20);
        let doc = Document::new("one-line.txt", anonymous);
        let found = analyze(&doc, &rules).findings;
        assert_eq!(
            found
                .iter()
                .filter(|f| f.rule == "anonymous.sources-say")
                .count(),
            20
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("they\u{80}\u{99}ve"), "they\\u{80}\\u{99}ve");
        assert_eq!(printable_line("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
        assert_eq!(printable_line("plain name.txt"), "plain name.txt");
        assert_eq!(printable("plain “text”\n"), "plain “text”\n");
    }
}
