//! `--statistics`: the number of findings per rule, most frequent first,
//! instead of the findings themselves: the view for tuning a rule pack.

use super::{DocumentReport, Reporter, Summary};
use crate::finding::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Default)]
pub(super) struct StatisticsReporter {
    /// rule -> (category, severity, findings, documents)
    counts: BTreeMap<String, (String, Severity, usize, usize)>,
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
            "{} findings in {} documents",
            summary.findings(),
            summary.documents
        )
    }
}
