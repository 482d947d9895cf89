//! `--statistics`: the number of findings per rule, most frequent first,
//! instead of the findings themselves: the view for tuning a rule pack. As a
//! table, or (`--format json`) as `{"version": 1, "rules": [...], "summary"}`.

use super::{DocumentReport, Reporter, Summary, plural, summary_json};
use crate::finding::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Default)]
pub(super) struct StatisticsReporter {
    /// rule -> (category, severity, findings, documents)
    counts: BTreeMap<String, (String, Severity, usize, usize)>,
    /// JSON instead of a table.
    as_json: bool,
}

impl StatisticsReporter {
    pub(super) fn json() -> Self {
        StatisticsReporter {
            as_json: true,
            ..StatisticsReporter::default()
        }
    }
}

impl Reporter for StatisticsReporter {
    fn document(&mut self, doc: &DocumentReport, _: &Summary, _: &mut dyn Write) -> io::Result<()> {
        let mut seen: Vec<&str> = Vec::new();
        for f in &doc.analysis.findings {
            let entry = self
                .counts
                .entry(f.rule.clone())
                .or_insert_with(|| (f.category.clone(), f.severity, 0, 0));
            entry.2 += 1;
            if !seen.contains(&f.rule.as_str()) {
                seen.push(&f.rule);
                entry.3 += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.2.cmp(&a.1.2).then(a.0.cmp(b.0)));
        if self.as_json {
            let rules: Vec<serde_json::Value> = rows
                .iter()
                .map(|(rule, (category, severity, findings, documents))| {
                    serde_json::json!({
                        "rule": rule,
                        "category": category,
                        "severity": severity,
                        "findings": findings,
                        "documents": documents,
                    })
                })
                .collect();
            let failed: Vec<serde_json::Value> = summary
                .failed
                .iter()
                .map(|f| serde_json::json!({"path": f.path, "reasons": f.reasons}))
                .collect();
            let report = serde_json::json!({
                "version": 1,
                "rules": rules,
                "failed": failed,
                "summary": summary_json(summary),
            });
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
            return writeln!(out);
        }
        let width = rows
            .iter()
            .map(|(rule, _)| rule.len())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            out,
            "{:>8}  {:>9}  {:<width$}  {:<16}  severity",
            "findings", "documents", "rule", "category"
        )?;
        for (rule, (category, severity, findings, documents)) in rows {
            writeln!(
                out,
                "{findings:>8}  {documents:>9}  {rule:<width$}  {category:<16}  {severity}"
            )?;
        }
        writeln!(
            out,
            "{} in {}",
            plural(summary.findings(), "finding"),
            plural(summary.documents, "document")
        )?;
        for line in summary.failure_lines().into_iter().flatten() {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}
