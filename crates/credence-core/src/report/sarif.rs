//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF
//! consumers. The tool driver lists every loaded rule with its description;
//! each finding is a result with its physical location, and each document
//! that crosses its thresholds a `credence.threshold` result. Consumers keep
//! only the first results (GitHub code scanning: 25,000 per run), so results
//! are written most severe first: thresholds crossed, then errors, warnings
//! and notes, each in input order. Per-document scores go in `artifacts`.

use super::{DocumentReport, RenderOptions, Reporter, Summary, end_position, severity_rank};
use crate::analysis::printable;
use crate::finding::Severity;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub(super) struct SarifReporter {
    options: RenderOptions,
    rule_index: BTreeMap<String, usize>,
    started: bool,
    /// Results as JSON text, with their rank (0 first), in input order.
    results: Vec<(u8, String)>,
    artifacts: Vec<Value>,
}

/// The rule id of a document's threshold crossed.
const THRESHOLD_RULE: &str = "credence.threshold";

impl SarifReporter {
    pub(super) fn new(options: RenderOptions) -> Self {
        let rule_index = options
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        SarifReporter {
            options,
            rule_index,
            started: false,
            results: Vec::new(),
            artifacts: Vec::new(),
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: Vec<Value> = self
            .options
            .rules
            .iter()
            .map(|r| {
                let description = r
                    .description
                    .as_deref()
                    .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
                let mut help = format!(
                    "{}\n\nCategory: {}. Rule id: {}.",
                    description.as_deref().unwrap_or(&r.message),
                    r.category,
                    r.id
                );
                if let Some(reference) = &r.reference {
                    help.push_str(&format!(" Reference: {reference}."));
                }
                json!({
                    "id": r.id,
                    "name": r.id.replace(['.', '-'], "_"),
                    "shortDescription": {"text": r.message},
                    "fullDescription": {"text": description.as_deref().unwrap_or(&r.message)},
                    "help": {"text": help},
                    "defaultConfiguration": {"level": level(r.severity)},
                    "properties": {"category": r.category, "tags": [r.category]},
                })
            })
            .collect();
        let mut rules = rules;
        rules.push(json!({
            "id": THRESHOLD_RULE,
            "name": "credence_threshold",
            "shortDescription": {"text": "The document crosses its thresholds (fail-under, fail-on)"},
            "fullDescription": {"text": "The document scores below fail-under, or has findings at least as severe as fail-on; the run exits 1."},
            "help": {"text": "The thresholds come from --fail-under and --fail-on, credence.toml and its [[per-path]] blocks."},
            "defaultConfiguration": {"level": "error"},
            "properties": {"category": "threshold", "tags": ["threshold"]},
        }));
        let driver = json!({
            "name": "credence",
            "version": self.options.version,
            "semanticVersion": self.options.version,
            "rules": rules,
        });
        out.write_all(b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": ")?;
        write_json(out, &driver)?;
        out.write_all(
            b"\n      },\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
        )
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn write_json(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}

/// A relative URI reference for a path: forward slashes, and everything
/// outside RFC 3986's unreserved characters percent-encoded.
pub(super) fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Reporter for SarifReporter {
    fn document(
        &mut self,
        doc: &DocumentReport,
        _: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.start(out)?;
        let location_uri = uri(&doc.document.name);
        for crossed in doc.thresholds.crossed(&doc.analysis) {
            let result = json!({
                "ruleId": THRESHOLD_RULE,
                "ruleIndex": self.options.rules.len(),
                "level": "error",
                "message": {"text": format!("{}: {}", doc.document.name, crossed.reason())},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": location_uri},
                        "region": {"startLine": 1},
                    },
                }],
                "properties": {"category": "threshold"},
            });
            self.results.push((0, result.to_string()));
        }
        for f in &doc.analysis.findings {
            let (end_line, end_column) = end_position(doc, f.end);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": printable(&f.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": location_uri},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": end_line,
                            "endColumn": end_column,
                            "snippet": {"text": f.text},
                        },
                    },
                }],
                "properties": {"category": f.category},
            });
            if let Some(&index) = self.rule_index.get(&f.rule)
                && let Some(object) = result.as_object_mut()
            {
                object.insert("ruleIndex".into(), index.into());
            }
            self.results
                .push((severity_rank(f.severity), result.to_string()));
        }
        let a = &doc.analysis;
        self.artifacts.push(json!({
            "location": {"uri": location_uri},
            "properties": {
                "score": a.score.value,
                "grade": a.score.grade,
                "attributions": a.sourcing.attributions,
                "anonymous": a.sourcing.anonymous,
            },
        }));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        // Stable: input order within a rank.
        self.results.sort_by_key(|(rank, _)| *rank);
        for (i, (_, result)) in self.results.iter().enumerate() {
            out.write_all(if i == 0 {
                b"\n        "
            } else {
                b",\n        "
            })?;
            out.write_all(result.as_bytes())?;
        }
        out.write_all(if self.results.is_empty() {
            b"],\n      \"artifacts\": "
        } else {
            b"\n      ],\n      \"artifacts\": "
        })?;
        write_json(out, &Value::Array(std::mem::take(&mut self.artifacts)))?;
        let notifications: Vec<Value> = summary
            .errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "message": {"text": e.message},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&e.path)}}}],
                })
            })
            .collect();
        let invocation = json!([{
            "executionSuccessful": summary.errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }]);
        out.write_all(b",\n      \"invocations\": ")?;
        write_json(out, &invocation)?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("content/a b.txt"), "content/a%20b.txt");
        assert_eq!(uri("dir\\x.md"), "dir/x.md");
        assert_eq!(uri("café.txt"), "caf%C3%A9.txt");
    }
}
