//! The human report (`--format table`, the default): per document a summary
//! (score, grade, counts, provenance) and a table of findings with each match
//! shown in its context. Colour only when asked for (a terminal, no NO_COLOR).

use super::{DocumentReport, RenderOptions, Reporter, Summary};
use crate::analysis::printable_line;
use crate::finding::{Finding, Severity};
use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, presets};
use std::io::{self, Write};

/// Characters of context kept on each side of a match.
const CONTEXT_CHARS: usize = 36;

pub(super) struct TableReporter {
    options: RenderOptions,
}

impl TableReporter {
    pub(super) fn new(options: RenderOptions) -> Self {
        TableReporter { options }
    }
}

impl Reporter for TableReporter {
    fn document(
        &mut self,
        doc: &DocumentReport,
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if summary.documents > 1 {
            writeln!(out)?;
        }
        render_document(doc, &self.options, out)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if summary.documents > 0 {
            writeln!(out)?;
        }
        if summary.documents > 0 || !summary.errors.is_empty() {
            writeln!(out, "{}", summary_line(summary))?;
        }
        for line in summary.failure_lines().into_iter().flatten() {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

fn render_document(
    doc: &DocumentReport,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let a = &doc.analysis;
    writeln!(
        out,
        "{}  score {}/100 ({})",
        printable_line(&doc.document.name),
        a.score.value,
        a.score.grade
    )?;
    // Categories with findings only: a row of zeros says nothing.
    let counts: Vec<String> = a
        .counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(category, n)| format!("{category} {n}"))
        .collect();
    if !counts.is_empty() {
        writeln!(out, "  findings: {}", counts.join(" · "))?;
    }
    let src = &a.sourcing;
    writeln!(
        out,
        "  sourcing: {} attribution{}: {} named, {} institutional, {} anonymous ({} with a reason), {} wire, {} document; {} distinct source{}",
        src.attributions,
        if src.attributions == 1 { "" } else { "s" },
        src.named,
        src.institutional,
        src.anonymous,
        src.anonymous_with_reason,
        src.wire,
        src.document,
        src.distinct_sources,
        if src.distinct_sources == 1 { "" } else { "s" },
    )?;
    let p = &a.provenance;
    if !p.is_empty() {
        let mut parts = Vec::new();
        if !p.original.is_empty() {
            parts.push(format!("original {}", p.original.join(", ")));
        }
        if !p.republished_by.is_empty() {
            parts.push(format!("republished by {}", p.republished_by.join(", ")));
        }
        if !p.agencies.is_empty() {
            parts.push(format!("agencies {}", p.agencies.join(", ")));
        }
        if !p.photo_credits.is_empty() {
            parts.push(format!("photo credits {}", p.photo_credits.join(", ")));
        }
        writeln!(out, "  provenance: {}", parts.join(" · "))?;
    }
    for warning in &doc.warnings {
        writeln!(out, "  note: {warning}")?;
    }
    for crossed in doc.thresholds.crossed(a) {
        writeln!(out, "  fails: {}", crossed.reason())?;
    }
    if options.explain {
        writeln!(out, "{}", ledger_table(doc, options))?;
    }
    if options.show_attributions && !a.attributions.is_empty() {
        writeln!(out, "{}", attribution_table(doc, options))?;
    }
    if a.findings.is_empty() {
        writeln!(out, "  no findings")?;
        return Ok(());
    }
    let mut table = new_table(options);
    table.set_header([
        "Line:Col", "Rule", "Category", "Severity", "Context", "Message",
    ]);
    // Identifiers are never wrapped, so they can be searched for and copied.
    for index in 0..4 {
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for f in &a.findings {
        table.add_row(vec![
            Cell::new(format!("{}:{}", f.line, f.column)),
            Cell::new(&f.rule),
            Cell::new(&f.category),
            severity_cell(f.severity, options.color),
            Cell::new(context(&doc.document.text, f)),
            Cell::new(&f.message),
        ]);
    }
    writeln!(out, "{table}")
}

fn attribution_table(doc: &DocumentReport, options: &RenderOptions) -> Table {
    let mut table = new_table(options);
    table.set_header([
        "Line:Col", "Kind", "Source", "Verb", "Via", "Detail", "Text",
    ]);
    for index in 0..2 {
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for a in &doc.analysis.attributions {
        let detail = a.anonymity.as_ref().map_or_else(String::new, |x| {
            let mut parts = Vec::new();
            if let Some(n) = x.count {
                parts.push(format!("{n} {}", if n == 1 { "person" } else { "people" }));
            }
            if let Some(affiliation) = &x.affiliation {
                parts.push(affiliation.clone());
            }
            parts.push(
                if x.reason_given {
                    "reason given"
                } else {
                    "no reason given"
                }
                .to_owned(),
            );
            parts.join("; ")
        });
        table.add_row(vec![
            format!("{}:{}", a.line, a.column),
            a.kind.as_str().to_owned(),
            crate::analysis::printable(&a.source),
            a.verb.clone(),
            a.via.clone().unwrap_or_default(),
            detail,
            crate::analysis::printable(&a.text.split_whitespace().collect::<Vec<_>>().join(" ")),
        ]);
    }
    table
}

fn ledger_table(doc: &DocumentReport, options: &RenderOptions) -> Table {
    let score = &doc.analysis.score;
    let mut table = new_table(options);
    table.set_header(["Score term", "Category", "Count", "Weight", "Effect"]);
    for e in &score.ledger {
        table.add_row(vec![
            e.term.clone(),
            e.category.clone(),
            e.count.to_string(),
            format!("{}", e.weight),
            format!("{:+.2}", e.effect),
        ]);
    }
    table.add_row(vec![
        "= score".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        format!("{} ({})", score.value, score.grade),
    ]);
    table
}

fn new_table(options: &RenderOptions) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = options.width {
        table.set_width(width);
    }
    if !options.color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    table
}

fn severity_cell(severity: Severity, color: bool) -> Cell {
    let cell = Cell::new(severity.as_str());
    if !color {
        return cell;
    }
    cell.fg(match severity {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    })
}

/// The match with a little of its line on either side, the match in «».
fn context(text: &str, f: &Finding) -> String {
    // At most CONTEXT_CHARS + 1 characters are looked at on either side,
    // so a file of one huge line costs no more per finding.
    let before: String = {
        // 4 bytes per character at most: the window holds enough.
        let mut from = f.start.saturating_sub(4 * (CONTEXT_CHARS + 1));
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let b = &text[from..f.start];
        let b = &b[b.rfind('\n').map_or(0, |i| i + 1)..];
        let chars: Vec<char> = b.chars().rev().take(CONTEXT_CHARS + 1).collect();
        let kept: String = chars.iter().take(CONTEXT_CHARS).rev().collect();
        if chars.len() > CONTEXT_CHARS {
            format!("…{}", kept.trim_start())
        } else {
            kept
        }
    };
    let after: String = {
        let a = &text[f.end..];
        let mut chars = a.chars().take_while(|&c| c != '\n');
        let kept: String = chars.by_ref().take(CONTEXT_CHARS).collect();
        if chars.next().is_some() {
            format!("{}…", kept.trim_end())
        } else {
            kept
        }
    };
    let matched = f.text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::analysis::printable(&format!(
        "{}«{}»{}",
        before.trim_start(),
        matched,
        after.trim_end()
    ))
}

fn summary_line(summary: &Summary) -> String {
    let total = summary.findings();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}, {}",
        plural(summary.documents, "document"),
        plural(total, "finding")
    );
    if total > 0 {
        let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
            .iter()
            .filter_map(|s| {
                summary.by_severity.get(s).map(|n| match s {
                    // "info" is a mass noun.
                    Severity::Info => format!("{n} info"),
                    _ => plural(*n, s.as_str()),
                })
            })
            .collect();
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    if !summary.errors.is_empty() {
        line.push_str(&format!(
            "; {} could not be read",
            plural(summary.errors.len(), "input")
        ));
    }
    line
}
