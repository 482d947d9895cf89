//! `--format concise`: one `path:line:col: severity rule message` line per
//! finding, as compilers and ruff print them, for editors and grep.

use super::{DocumentReport, Reporter, Summary, plural};
use crate::analysis::{printable, printable_line};
use std::io::{self, Write};

pub(super) struct ConciseReporter;

impl Reporter for ConciseReporter {
    fn document(
        &mut self,
        doc: &DocumentReport,
        _: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for f in &doc.analysis.findings {
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                printable_line(&doc.document.name),
                f.line,
                f.column,
                f.severity,
                f.rule,
                printable(&f.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "Found {} in {}.",
            plural(summary.findings(), "finding"),
            plural(summary.documents, "document")
        )?;
        for line in summary.failure_lines().into_iter().flatten() {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}
