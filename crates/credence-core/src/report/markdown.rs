//! `--format markdown`: a summary fit for a pull-request comment: one row per
//! article with its score, sourcing and provenance, then the worst findings.

use super::{DocumentReport, RenderOptions, Reporter, Summary};
use crate::analysis::printable;
use crate::finding::Severity;
use std::io::{self, Write};

/// How many findings the "worst findings" table keeps.
const WORST: usize = 20;

pub(super) struct MarkdownReporter {
    options: RenderOptions,
    rows: Vec<String>,
    /// (severity, arrival order, row), the most severe first.
    worst: Vec<(Severity, usize, String)>,
    seen: usize,
}

impl MarkdownReporter {
    pub(super) fn new(options: RenderOptions) -> Self {
        MarkdownReporter {
            options,
            rows: Vec::new(),
            worst: Vec::new(),
            seen: 0,
        }
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    printable(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

impl Reporter for MarkdownReporter {
    fn document(&mut self, doc: &DocumentReport, _: &Summary, _: &mut dyn Write) -> io::Result<()> {
        let a = &doc.analysis;
        let s = &a.sourcing;
        let mark = if self.options.fails(doc) {
            "❌"
        } else {
            "✅"
        };
        let count = |sev| a.findings.iter().filter(|f| f.severity == sev).count();
        let p = &a.provenance;
        let mut provenance = Vec::new();
        if !p.original.is_empty() {
            provenance.push(format!("original: {}", p.original.join(", ")));
        }
        if !p.republished_by.is_empty() {
            provenance.push(format!("republished by: {}", p.republished_by.join(", ")));
        }
        if !p.agencies.is_empty() {
            provenance.push(format!("agencies: {}", p.agencies.join(", ")));
        }
        if !p.photo_credits.is_empty() {
            provenance.push(format!("photo credits: {}", p.photo_credits.join(", ")));
        }
        self.rows.push(format!(
            "| `{}` | {mark} {} ({}) | {} attributions: {} named, {} institutional, {} anonymous ({} with a reason), {} wire, {} document | {} errors, {} warnings, {} info | {} |",
            cell(&doc.document.name).replace('`', "'"),
            a.score.value,
            a.score.grade,
            s.attributions,
            s.named,
            s.institutional,
            s.anonymous,
            s.anonymous_with_reason,
            s.wire,
            s.document,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            cell(&provenance.join("; ")),
        ));
        for f in &a.findings {
            if f.severity == Severity::Info {
                continue;
            }
            self.seen += 1;
            let row = format!(
                "| `{}:{}:{}` | {} | `{}` | {} | {} |",
                cell(&doc.document.name).replace('`', "'"),
                f.line,
                f.column,
                f.severity,
                f.rule,
                cell(&f.message),
                cell(&f.text),
            );
            let key = (f.severity, self.seen);
            let at = self.worst.partition_point(|(s, n, _)| {
                (std::cmp::Reverse(*s), *n) < (std::cmp::Reverse(key.0), key.1)
            });
            if at < WORST {
                self.worst.insert(at, (key.0, key.1, row));
                self.worst.truncate(WORST);
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "## credence report\n")?;
        let mut line = format!(
            "**{} document{}**",
            summary.documents,
            if summary.documents == 1 { "" } else { "s" }
        );
        if let Some(mean) = summary.mean_score() {
            line.push_str(&format!(" · mean score {mean}"));
        }
        let sev = |s| summary.by_severity.get(&s).copied().unwrap_or(0);
        line.push_str(&format!(
            " · {} findings ({} errors, {} warnings, {} info)",
            summary.findings(),
            sev(Severity::Error),
            sev(Severity::Warning),
            sev(Severity::Info)
        ));
        if !summary.errors.is_empty() {
            line.push_str(&format!(
                " · {} input(s) could not be read",
                summary.errors.len()
            ));
        }
        writeln!(out, "{line}\n")?;
        if !self.rows.is_empty() {
            writeln!(
                out,
                "| Document | Score | Sourcing | Findings | Provenance |"
            )?;
            writeln!(out, "|---|---|---|---|---|")?;
            for row in &self.rows {
                writeln!(out, "{row}")?;
            }
            writeln!(out)?;
        }
        if !self.worst.is_empty() {
            writeln!(out, "### Worst findings\n")?;
            writeln!(out, "| Where | Severity | Rule | Message | Text |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for (_, _, row) in &self.worst {
                writeln!(out, "{row}")?;
            }
            if self.seen > self.worst.len() {
                writeln!(
                    out,
                    "\n…and {} more errors and warnings.",
                    self.seen - self.worst.len()
                )?;
            }
            writeln!(out)?;
        }
        for e in &summary.errors {
            writeln!(
                out,
                "- ⚠️ could not read `{}`: {}",
                cell(&e.path),
                cell(&e.message)
            )?;
        }
        Ok(())
    }
}
