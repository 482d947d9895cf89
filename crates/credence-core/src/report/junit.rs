//! `--format junit`: JUnit XML, one test case per document, failing when the
//! document crosses `--fail-on` or `--fail-under` (the thresholds crossed in
//! the failure message, its findings in the failure text); unreadable inputs
//! are test errors. Each case's class is its folder, so CI servers group
//! cases as the content repository does; its time is the analysis time.

use super::{DocumentReport, Reporter, Summary, plural};
use crate::analysis::printable;
use std::io::{self, Write};

#[derive(Default)]
pub(super) struct JunitReporter {
    cases: Vec<String>,
    failures: usize,
    /// Seconds spent analysing the documents so far.
    time: f64,
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
            "score {}/100 ({}), {}",
            a.score.value,
            a.score.grade,
            plural(a.findings.len(), "finding")
        );
        self.time += doc.elapsed.as_secs_f64();
        let mut case = format!(
            "    <testcase name=\"{name}\" classname=\"{}\" time=\"{:.3}\">\n",
            xml(&class_name(&doc.document.name)),
            doc.elapsed.as_secs_f64()
        );
        let crossed = doc.thresholds.crossed(a);
        if !crossed.is_empty() {
            self.failures += 1;
            let reasons: Vec<String> = crossed.iter().map(|c| c.reason()).collect();
            let message = format!("{headline}: {}", reasons.join("; "));
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
                xml(&message),
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
            "tests=\"{tests}\" failures=\"{}\" errors=\"{errors}\" time=\"{:.3}\"",
            self.failures, self.time
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
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0.000\">\n      <error message=\"{}\" type=\"input\"/>\n    </testcase>",
                xml(&e.path),
                xml(&class_name(&e.path)),
                xml(&e.message)
            )?;
        }
        writeln!(out, "  </testsuite>\n</testsuites>")
    }
}

/// A document's class: its folder with `.` between the parts, as JUnit
/// names packages; `credence` for a document at the top.
fn class_name(path: &str) -> String {
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let parts: Vec<&str> = folder
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.is_empty() {
        "credence".into()
    } else {
        parts.join(".")
    }
}

#[cfg(test)]
mod tests {
    use super::{class_name, xml};

    #[test]
    fn a_documents_class_is_its_folder() {
        assert_eq!(class_name("content/news/a.md"), "content.news");
        assert_eq!(class_name("a.md"), "credence");
        assert_eq!(class_name("/abs/x/a.md"), "abs.x");
    }

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml("x\u{80}y"), "x\\u{80}y");
    }
}
