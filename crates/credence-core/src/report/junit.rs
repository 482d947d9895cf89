//! `--format junit`: JUnit XML, one test case per document, failing when the
//! document crosses `--fail-on` or `--fail-under`, its findings in the
//! failure text; unreadable inputs are test errors. CI servers render it as a
//! test report.

use super::{DocumentReport, RenderOptions, Reporter, Summary};
use crate::analysis::printable;
use std::io::{self, Write};

pub(super) struct JunitReporter {
    options: RenderOptions,
    cases: Vec<String>,
    failures: usize,
}

impl JunitReporter {
    pub(super) fn new(options: RenderOptions) -> Self {
        JunitReporter {
            options,
            cases: Vec::new(),
            failures: 0,
        }
    }
}

/// Escape text for XML 1.0 content and attributes; characters XML cannot
/// hold are written as `\u{..}`.
fn xml(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

impl Reporter for JunitReporter {
    fn document(&mut self, doc: &DocumentReport, _: &Summary, _: &mut dyn Write) -> io::Result<()> {
        let a = &doc.analysis;
        let name = xml(&doc.document.name);
        let headline = format!(
            "score {}/100 ({}), {} findings",
            a.score.value,
            a.score.grade,
            a.findings.len()
        );
        let mut case = format!("    <testcase name=\"{name}\" classname=\"credence\">\n");
        if self.options.fails(doc) {
            self.failures += 1;
            let body: Vec<String> = a
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}: {} {} {}",
                        f.line, f.column, f.severity, f.rule, f.message
                    )
                })
                .collect();
            case.push_str(&format!(
                "      <failure message=\"{}\" type=\"credence\">{}</failure>\n",
                xml(&headline),
                xml(&body.join("\n"))
            ));
        }
        case.push_str(&format!(
            "      <system-out>{}</system-out>\n    </testcase>\n",
            xml(&headline)
        ));
        self.cases.push(case);
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let errors = summary.errors.len();
        let tests = summary.documents + errors;
        let counts = format!(
            "tests=\"{tests}\" failures=\"{}\" errors=\"{errors}\"",
            self.failures
        );
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(out, "<testsuites name=\"credence\" {counts}>")?;
        writeln!(out, "  <testsuite name=\"credence\" {counts}>")?;
        for case in &self.cases {
            out.write_all(case.as_bytes())?;
        }
        for e in &summary.errors {
            writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"credence\">\n      <error message=\"{}\" type=\"input\"/>\n    </testcase>",
                xml(&e.path),
                xml(&e.message)
            )?;
        }
        writeln!(out, "  </testsuite>\n</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml("x\u{80}y"), "x\\u{80}y");
    }
}
