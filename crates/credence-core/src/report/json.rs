//! The JSON report (`--format json`): version 1 of a stable, documented shape,
//! one JSON document for the whole run. Written as documents arrive, so a
//! large run never holds more than one document's report.

use super::{DocumentReport, Reporter, Summary, document_json, errors_json, summary_json};
use std::io::{self, Write};

#[derive(Default)]
pub(super) struct JsonReporter {
    started: bool,
}

/// Pretty-print `value` indented by `indent` spaces after its first line.
fn write_indented(out: &mut dyn Write, value: &serde_json::Value, indent: usize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::from)?;
    let pad = " ".repeat(indent);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(pad.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

impl JsonReporter {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<bool> {
        let first = !self.started;
        if first {
            out.write_all(b"{\n  \"version\": 1,\n  \"documents\": [")?;
            self.started = true;
        }
        Ok(first)
    }
}

impl Reporter for JsonReporter {
    fn document(
        &mut self,
        doc: &DocumentReport,
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let first = self.start(out)?;
        out.write_all(if first { b"\n    " } else { b",\n    " })?;
        write_indented(out, &document_json(doc, summary), 4)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let empty = self.start(out)?;
        out.write_all(if empty {
            b"],\n  \"errors\": "
        } else {
            b"\n  ],\n  \"errors\": "
        })?;
        write_indented(out, &errors_json(summary), 2)?;
        out.write_all(b",\n  \"summary\": ")?;
        write_indented(out, &summary_json(summary), 2)?;
        out.write_all(b"\n}\n")
    }
}
