//! JSON Lines (`--format jsonl`): one compact JSON object per document, written
//! as soon as the document is analysed, then one line per unreadable input
//! and a final summary line. For corpora and pipes.

use super::{DocumentReport, Reporter, Summary, document_json, summary_json};
use std::io::{self, Write};

pub(super) struct JsonlReporter;

impl Reporter for JsonlReporter {
    fn document(
        &mut self,
        doc: &DocumentReport,
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        write_line(out, "document", document_json(doc, summary))
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        for e in &summary.errors {
            let line = serde_json::json!({"type": "error", "path": e.path, "message": e.message});
            serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
        write_line(out, "summary", summary_json(summary))
    }
}

/// One line: `{"type": kind, ...fields of value}`.
fn write_line(out: &mut dyn Write, kind: &str, value: serde_json::Value) -> io::Result<()> {
    let mut object = serde_json::Map::new();
    object.insert("type".into(), kind.into());
    if let serde_json::Value::Object(fields) = value {
        object.extend(fields);
    }
    serde_json::to_writer(&mut *out, &object).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
