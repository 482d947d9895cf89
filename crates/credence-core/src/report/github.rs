//! `--format github`: GitHub Actions workflow commands, so findings show as
//! annotations on the pull request. Values are escaped as the runner requires.
//! GitHub keeps only the first few annotations of each step, so they are
//! written at the end, most severe first: documents that crossed their
//! thresholds (`error`, without a line), then findings by severity, each
//! severity in input order.

use super::{DocumentReport, Reporter, Summary, end_position, severity_rank};
use crate::analysis::printable;
use crate::finding::Severity;
use std::io::{self, Write};

#[derive(Default)]
pub(super) struct GithubReporter {
    /// Workflow commands and their severity rank (0 first), in input order.
    commands: Vec<(u8, String)>,
}

/// Escape a message (the part after `::`).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (file, title).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for GithubReporter {
    fn document(&mut self, doc: &DocumentReport, _: &Summary, _: &mut dyn Write) -> io::Result<()> {
        let file = property(&doc.document.name);
        for crossed in doc.thresholds.crossed(&doc.analysis) {
            self.commands.push((
                0,
                format!(
                    "::error file={file},title={}::{}",
                    property("credence threshold"),
                    data(&crossed.reason())
                ),
            ));
        }
        for f in &doc.analysis.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (end_line, end_column) = end_position(doc, f.end);
            self.commands.push((
                severity_rank(f.severity),
                format!(
                    "::{level} file={file},line={},col={},endLine={end_line},endColumn={end_column},title={}::{}",
                    f.line,
                    f.column,
                    property(&format!("credence {} ({})", f.rule, f.category)),
                    data(&printable(&f.message)),
                ),
            ));
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn Write) -> io::Result<()> {
        // Stable: input order within a rank.
        self.commands.sort_by_key(|(rank, _)| *rank);
        for (_, command) in &self.commands {
            writeln!(out, "{command}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped() {
        assert_eq!(data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
