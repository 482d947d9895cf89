//! Baselines: record today's findings so that CI reports only new ones. A
//! finding is recognised by its document, rule, matched text and the text
//! around it on its line, never by its line number, so edits elsewhere in the
//! article do not bring it back.

use crate::document::Document;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Characters of context kept on each side of a match.
const CONTEXT_CHARS: usize = 40;

/// A finding as a baseline remembers it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The document's display name (`Document::name`), usually its path.
    pub path: String,
    /// Id of the rule that made the finding.
    pub rule: String,
    /// The matched text, each run of white space squeezed to one space.
    pub text: String,
    /// Up to 40 characters of the match's line before and after it, joined
    /// by `‖` (U+2016) where the match was, white space squeezed.
    pub context: String,
}

/// A baseline file: `{"version": 1, "findings": [...]}`, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The file format's version; `Baseline::new` writes 1.
    pub version: u32,
    /// One entry per recorded finding (repeated for identical findings), sorted.
    pub findings: Vec<Entry>,
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Entry {
    /// How a baseline remembers finding `f` of `doc`.
    pub fn of(doc: &Document, f: &Finding) -> Entry {
        let (line_start, line_end) = doc.line_span(f.start);
        let before = &doc.text[line_start..f.start.max(line_start)];
        let after = &doc.text[f.end.min(line_end).max(f.start)..line_end.max(f.end)];
        // The last and first CONTEXT_CHARS characters, found without
        // walking the whole line (one line can be the whole file).
        let before_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let before = &before[before_start..];
        let after: String = after.chars().take(CONTEXT_CHARS).collect();
        Entry {
            path: doc.name.clone(),
            rule: f.rule.clone(),
            text: squeeze(&f.text),
            context: squeeze(&format!("{before}\u{2016}{after}")),
        }
    }
}

impl Baseline {
    /// A version-1 baseline of these entries, sorted.
    pub fn new(mut findings: Vec<Entry>) -> Baseline {
        findings.sort();
        Baseline {
            version: 1,
            findings,
        }
    }

    /// A filter that drops, per entry, as many matching findings as the
    /// baseline recorded.
    pub fn filter(&self) -> BaselineFilter {
        let mut remaining = BTreeMap::new();
        for e in &self.findings {
            *remaining.entry(e.clone()).or_insert(0usize) += 1;
        }
        BaselineFilter { remaining }
    }
}

/// Consumes baseline entries as findings are matched against them.
#[derive(Debug, Clone)]
pub struct BaselineFilter {
    remaining: BTreeMap<Entry, usize>,
}

impl BaselineFilter {
    /// Keep only the findings the baseline does not know.
    pub fn retain_new(&mut self, doc: &Document, findings: &mut Vec<Finding>) {
        findings.retain(|f| {
            let entry = Entry::of(doc, f);
            match self.remaining.get_mut(&entry) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RuleSet, analyze};

    #[test]
    fn a_finding_survives_edits_above_it() {
        let rules = RuleSet::builtin().unwrap();
        let before = Document::new("a.txt", "Title\n\nIt was reportedly done.\n");
        let found = analyze(&before, &rules).findings;
        let baseline = Baseline::new(found.iter().map(|f| Entry::of(&before, f)).collect());
        let after = Document::new(
            "a.txt",
            "Title\n\nA new paragraph, written today.\n\nIt was reportedly done.\n\nThe vote was reportedly close.\n",
        );
        let mut findings = analyze(&after, &rules).findings;
        baseline.filter().retain_new(&after, &mut findings);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, 7);
    }
}
