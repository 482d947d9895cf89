//! `--format github`: GitHub Actions workflow commands, so findings show as
//! annotations on the pull request. Values are escaped as the runner requires.

use super::{DocumentReport, Reporter, Summary, end_position};
use crate::analysis::printable;
use crate::finding::Severity;
use std::io::{self, Write};

pub(super) struct GithubReporter;

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
    fn document(
        &mut self,
        doc: &DocumentReport,
        _: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for f in &doc.analysis.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (end_line, end_column) = end_position(doc, f.end);
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={end_line},endColumn={end_column},title={}::{}",
                property(&doc.document.name),
                f.line,
                f.column,
                property(&format!("credence {} ({})", f.rule, f.category)),
                data(&printable(&f.message)),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, _: &mut dyn Write) -> io::Result<()> {
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
