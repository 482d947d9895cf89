//! The human report (`--format table`, the default). Per document a header
//! (path, score and grade, the reason in words, sourcing, provenance,
//! findings by category, thresholds crossed), then each finding on two
//! lines, as Vale and ruff print them: position, severity, rule id and
//! message, then the match in its sentence. Lines are wrapped at word
//! boundaries to the width asked for (a terminal's, or `COLUMNS`), and not
//! at all when no width is given (a pipe); no word is ever split. A folder
//! run ends with a summary: score distribution, the lowest-scoring
//! documents and findings by category. Colour only when asked for.

use super::{
    DocumentReport, RenderOptions, Reporter, ScoreBand, Summary, plural, score_reason,
    sourcing_sentence,
};
use crate::analysis::{printable, printable_line};
use crate::finding::{Finding, Severity};
use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Characters of context kept on each side of a match when lines are not
/// wrapped to a width.
const CONTEXT_CHARS: usize = 40;

/// Documents listed as the lowest-scoring in a folder's summary.
const LOWEST_LISTED: usize = 5;

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
        let style = Style::of(&self.options);
        if summary.documents > 0 {
            writeln!(out)?;
        }
        if summary.documents > 0 || !summary.errors.is_empty() {
            writeln!(out, "{}", summary_line(summary))?;
        }
        if summary.documents > 1 {
            for line in folder_summary(summary, &style) {
                writeln!(out, "{line}")?;
            }
        }
        if let Some(lines) = summary.failure_lines() {
            for (i, line) in lines.iter().enumerate() {
                if i == 0 {
                    writeln!(out, "{}", style.paint(line, RED))?;
                    continue;
                }
                for wrapped in style.wrap(line.trim_start(), "  ", "    ") {
                    writeln!(out, "{wrapped}")?;
                }
            }
        }
        Ok(())
    }
}

const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";
const CYAN: &str = "36";
const BOLD: &str = "1";
const DIM: &str = "2";
/// Bold on a yellow background: a match in its context.
const MATCH: &str = "1;30;43";

/// How lines are laid out: the width to wrap to (none: never wrap) and
/// whether to colour.
struct Style {
    width: Option<usize>,
    color: bool,
}

impl Style {
    fn of(options: &RenderOptions) -> Style {
        Style {
            width: options.width.map(usize::from).filter(|w| *w > 0),
            color: options.color,
        }
    }

    /// `text` in a terminal style (SGR parameters), when colouring.
    fn paint(&self, text: &str, sgr: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// `text` wrapped at word boundaries: the first line after `first`, the
    /// others after `rest` (both plain spaces or a plain label). Words longer
    /// than a line overflow it; they are never split.
    fn wrap(&self, text: &str, first: &str, rest: &str) -> Vec<String> {
        let Some(width) = self.width else {
            return vec![format!("{first}{text}")];
        };
        let options = textwrap::Options::new(width.max(first.width() + 8))
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::wrap(text, options)
            .into_iter()
            .map(|line| line.into_owned())
            .collect()
    }
}

fn grade_color(score: u32) -> &'static str {
    match ScoreBand::of(score) {
        ScoreBand::Good => GREEN,
        ScoreBand::Fair => YELLOW,
        ScoreBand::Poor => RED,
    }
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
        Severity::Info => CYAN,
    }
}

fn render_document(
    doc: &DocumentReport,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style::of(options);
    let a = &doc.analysis;
    let score = format!("score {}/100 ({})", a.score.value, a.score.grade);
    writeln!(
        out,
        "{}  {}",
        style.paint(&printable_line(&doc.document.name), BOLD),
        style.paint(&score, &format!("{BOLD};{}", grade_color(a.score.value)))
    )?;
    let mut header = vec![("why", score_reason(a))];
    header.push(("sourcing", sourcing_sentence(&a.sourcing)));
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
        header.push(("provenance", printable_line(&parts.join(" · "))));
    }
    // Categories with findings only: a row of zeros says nothing.
    let counts: Vec<String> = a
        .counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(category, n)| format!("{category} {n}"))
        .collect();
    if !counts.is_empty() {
        header.push(("findings", counts.join(" · ")));
    }
    for warning in &doc.warnings {
        header.push(("note", printable_line(warning)));
    }
    for (label, text) in header {
        for line in style.wrap(&text, &format!("  {label}: "), "      ") {
            writeln!(out, "{line}")?;
        }
    }
    for crossed in doc.thresholds.crossed(a) {
        for line in style.wrap(&crossed.reason(), "  fails: ", "      ") {
            writeln!(out, "{}", style.paint(&line, RED))?;
        }
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
    let position = |f: &Finding| format!("{}:{}", f.line, f.column);
    let position_width = a
        .findings
        .iter()
        .map(|f| position(f).len())
        .max()
        .unwrap_or(3);
    // Messages and context start under the severity.
    let indent = " ".repeat(2 + position_width + 2);
    for f in &a.findings {
        let severity = f.severity.as_str();
        let lead = format!("  {:>position_width$}  ", position(f));
        let text = format!(
            "{severity:<7}  {}  {}",
            f.rule,
            printable(&f.message.split_whitespace().collect::<Vec<_>>().join(" "))
        );
        for (i, line) in style.wrap(&text, &lead, &indent).into_iter().enumerate() {
            if i == 0 && style.color {
                // Colour the severity and the rule id inside the wrapped line.
                let line = line.replacen(
                    &format!("{severity:<7}"),
                    &style.paint(&format!("{severity:<7}"), severity_color(f.severity)),
                    1,
                );
                let line = line.replacen(&f.rule, &style.paint(&f.rule, DIM), 1);
                writeln!(out, "{line}")?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        let budget = style.width.map(|w| w.saturating_sub(indent.len()));
        writeln!(
            out,
            "{indent}{}",
            context(&doc.document.text, f, budget, &style)
        )?;
    }
    Ok(())
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
            printable(&a.source),
            a.verb.clone(),
            a.via.clone().unwrap_or_default(),
            detail,
            printable(&a.text.split_whitespace().collect::<Vec<_>>().join(" ")),
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

/// A grid for the ledger and attribution lists: wrapped to the width when
/// one is given, else as wide as its content.
fn new_table(options: &RenderOptions) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    match options.width {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if options.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// The match in its line: highlighted when colouring, else between «»,
/// with as many whole words on either side as fit in `budget` columns (or
/// CONTEXT_CHARS characters a side with no budget), and `…` where the line
/// goes on. White space is squeezed and control characters escaped.
fn context(text: &str, f: &Finding, budget: Option<usize>, style: &Style) -> String {
    let mut matched = printable(&f.text.split_whitespace().collect::<Vec<_>>().join(" "));
    let marks = if style.color { 0 } else { 2 };
    if let Some(budget) = budget
        && matched.width() + marks > budget
    {
        // A match longer than the line: its first words, and no context.
        let head = head_words(&matched, budget.saturating_sub(marks));
        matched = if head.is_empty() { matched } else { head };
        let highlighted = if style.color {
            style.paint(&matched, MATCH)
        } else {
            format!("«{matched}»")
        };
        return highlighted;
    }
    let (before_budget, after_budget) = match budget {
        None => (CONTEXT_CHARS, CONTEXT_CHARS),
        Some(budget) => {
            let room = budget.saturating_sub(matched.width() + marks);
            // The words before a match say more about who speaks; they get
            // a little more, and what one side leaves the other takes.
            let before = room.saturating_sub(room / 2);
            (before, room - before)
        }
    };
    // At most a window of bytes either side is looked at, so a file of one
    // huge line costs no more per finding.
    let window = 4 * (before_budget + after_budget + 2);
    let mut from = f.start.saturating_sub(window);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..f.start];
    let before = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let mut to = (f.end + window).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[f.end.min(to)..to];
    let after = &after[..after.find('\n').unwrap_or(after.len())];
    let before = squeeze(before);
    let after = squeeze(after);
    let (before_kept, after_kept) = match budget {
        None => (
            tail_words(&before, before_budget),
            head_words(&after, after_budget),
        ),
        Some(_) => {
            let total = before_budget + after_budget;
            let before_kept = tail_words(&before, before_budget);
            let after_kept = head_words(&after, total - before_kept.width());
            let before_kept = tail_words(&before, total - after_kept.width());
            (before_kept, after_kept)
        }
    };
    let highlighted = if style.color {
        style.paint(&matched, MATCH)
    } else {
        format!("«{matched}»")
    };
    format!("{before_kept}{highlighted}{after_kept}")
}

/// Runs of white space as one space, control characters escaped; a space at
/// either end is kept, since it separates the text from the match.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    printable(&out)
}

/// The longest end of `text` made of whole words that fits in `budget`
/// columns with a leading `…` when something is left out.
fn tail_words(text: &str, budget: usize) -> String {
    if text.width() <= budget {
        return text.to_owned();
    }
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        if c == ' ' {
            if text[i + 1..].width() + 1 > budget {
                break;
            }
            start = i + 1;
        }
    }
    if start >= text.len() || text[start..].trim().is_empty() {
        return String::new();
    }
    format!("…{}", &text[start..])
}

/// The longest start of `text` made of whole words that fits in `budget`
/// columns with a trailing `…` when something is left out.
fn head_words(text: &str, budget: usize) -> String {
    if text.width() <= budget {
        return text.to_owned();
    }
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if c == ' ' && i > 0 {
            if text[..i].width() + 1 > budget {
                break;
            }
            end = i;
        }
    }
    if text[..end].trim().is_empty() {
        return String::new();
    }
    format!("{}…", &text[..end])
}

fn summary_line(summary: &Summary) -> String {
    let total = summary.findings();
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

/// A folder run's closing lines: grades, the lowest-scoring documents,
/// findings by category.
fn folder_summary(summary: &Summary, style: &Style) -> Vec<String> {
    let mut lines = Vec::new();
    let grades: Vec<String> = summary
        .grades
        .iter()
        .map(|(grade, n)| format!("{grade} {n}"))
        .collect();
    let mut scores = format!("grades {}", grades.join(" · "));
    if let (Some(mean), Some(min)) = (summary.mean_score(), summary.min_score) {
        scores.push_str(&format!("; mean score {mean}, lowest {min}"));
    }
    lines.extend(style.wrap(&scores, "  ", "    "));
    if !summary.lowest.is_empty() {
        lines.push(format!(
            "  lowest {}:",
            if summary.lowest.len() == 1 {
                "score".to_owned()
            } else {
                format!("{} scores", summary.lowest.len().min(LOWEST_LISTED))
            }
        ));
        for (score, grade, path) in summary.lowest.iter().take(LOWEST_LISTED) {
            let value = style.paint(&format!("{score:>3} ({grade})"), grade_color(*score));
            lines.push(format!("    {value}  {}", printable_line(path)));
        }
    }
    let mut categories: Vec<(&String, &usize)> = summary
        .by_category
        .iter()
        .filter(|(_, n)| **n > 0)
        .collect();
    categories.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !categories.is_empty() {
        let listed: Vec<String> = categories
            .iter()
            .map(|(category, n)| format!("{category} {n}"))
            .collect();
        lines.extend(style.wrap(&listed.join(" · "), "  findings by category: ", "    "));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_kept_whole_at_either_end() {
        assert_eq!(tail_words("the deal was close", 10), "…was close");
        assert_eq!(tail_words("the deal was close", 9), "…close");
        assert_eq!(
            head_words("collapsed on Monday, sources", 14),
            "collapsed on…"
        );
        assert_eq!(tail_words("short", 9), "short");
        assert_eq!(head_words("unbreakableword here", 5), "");
    }

    #[test]
    fn wrapping_never_splits_a_word() {
        let style = Style {
            width: Some(20),
            color: false,
        };
        let lines = style.wrap("attributed to unnamed government officials", "  ", "    ");
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(
            words,
            ["attributed", "to", "unnamed", "government", "officials"]
        );
        let unwrapped = Style {
            width: None,
            color: false,
        };
        assert_eq!(unwrapped.wrap("a b c", "> ", "  "), ["> a b c"]);
    }
}
