//! Reporters: each output format is one file with one `render` function, and
//! this module is the single dispatch point. Reporters write to any `Write`
//! and never decide the exit status.

mod json;
mod table;

use crate::document::Document;
use crate::engine::Analysis;
use crate::finding::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The output formats, chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

impl Format {
    pub const ALL: &[Format] = &[Format::Table, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
        }
    }
}

/// One analysed document with what was noticed while reading it.
#[derive(Debug)]
pub struct DocumentReport {
    pub document: Document,
    pub analysis: Analysis,
    /// Non-fatal notes, such as the encoding assumed.
    pub warnings: Vec<String>,
}

/// An input that could not be analysed.
#[derive(Debug, Clone)]
pub struct InputFailure {
    pub path: String,
    pub message: String,
}

/// A whole run: documents in a stable order, then the inputs that failed.
#[derive(Debug, Default)]
pub struct Report {
    pub documents: Vec<DocumentReport>,
    pub errors: Vec<InputFailure>,
    /// Every category of the enabled rules, so counts show zeros too.
    pub categories: Vec<String>,
}

impl Report {
    pub fn findings_by_severity(&self) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for d in &self.documents {
            for f in &d.analysis.findings {
                *counts.entry(f.severity).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Per-category counts for one analysis, with every known category present.
    pub fn counts_for(&self, analysis: &Analysis) -> BTreeMap<String, usize> {
        let mut counts: BTreeMap<String, usize> =
            self.categories.iter().map(|c| (c.clone(), 0)).collect();
        for (c, n) in &analysis.counts {
            counts.insert(c.clone(), *n);
        }
        counts
    }
}

/// How the table reporter should look; ignored by machine formats.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub color: bool,
    /// Table width in columns; `None` lets the table fit the terminal.
    pub width: Option<u16>,
    /// Show the score ledger under each document.
    pub explain: bool,
    /// List every attribution under each document.
    pub show_attributions: bool,
}

/// Write a report in the chosen format.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, options, out),
        Format::Json => json::render(report, out),
    }
}
