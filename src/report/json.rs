//! The JSON report (`--format json`): version 1 of a stable, documented shape.
//! Keys are fixed, maps are sorted, findings are in document order.

use super::Report;
use serde_json::{Value, json};
use std::io::{self, Write};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let documents: Vec<Value> = report
        .documents
        .iter()
        .map(|d| {
            let a = &d.analysis;
            json!({
                "path": d.document.name,
                "score": a.score.value,
                "grade": a.score.grade,
                "counts": report.counts_for(a),
                "findings": a.findings,
                "attributions": a.attributions,
                "sourcing": a.sourcing,
                "provenance": a.provenance,
                "score_ledger": a.score.ledger,
                "warnings": d.warnings,
            })
        })
        .collect();
    let errors: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"path": e.path, "message": e.message}))
        .collect();
    let mut by_category = std::collections::BTreeMap::new();
    for c in &report.categories {
        by_category.insert(c.clone(), 0usize);
    }
    for d in &report.documents {
        for (c, n) in &d.analysis.counts {
            *by_category.entry(c.clone()).or_insert(0) += n;
        }
    }
    let by_severity: std::collections::BTreeMap<&str, usize> = report
        .findings_by_severity()
        .into_iter()
        .map(|(s, n)| (s.as_str(), n))
        .collect();
    let scores: Vec<u32> = report
        .documents
        .iter()
        .map(|d| d.analysis.score.value)
        .collect();
    let mean = if scores.is_empty() {
        Value::Null
    } else {
        let m = f64::from(scores.iter().sum::<u32>()) / scores.len() as f64;
        json!((m * 10.0).round() / 10.0)
    };
    let value = json!({
        "version": 1,
        "documents": documents,
        "errors": errors,
        "summary": {
            "documents": report.documents.len(),
            "errors": report.errors.len(),
            "findings": by_category.values().sum::<usize>(),
            "by_category": by_category,
            "by_severity": by_severity,
            "mean_score": mean,
            "min_score": scores.iter().min(),
        },
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
