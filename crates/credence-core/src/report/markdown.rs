//! `--format markdown`: a summary fit for a pull-request comment: one row per
//! article with its score, sourcing and provenance, then the worst findings.

use super::{DocumentReport, Reporter, Summary, plural, sourcing_counts};
use crate::analysis::printable;
use crate::finding::Severity;
use std::io::{self, Write};

/// How many findings the "worst findings" table keeps.
const WORST: usize = 20;

#[derive(Default)]
pub(super) struct MarkdownReporter {
    rows: Vec<String>,
    /// (severity, arrival order, row), the most severe first.
    worst: Vec<(Severity, usize, String)>,
    seen: usize,
}

/// Article-derived text (matched text, messages that quote it, names,
/// provenance, paths) as one line of a table cell that GitHub renders
/// literally: white space collapsed, control characters escaped, then
/// [`escape_inline`].
fn cell(text: &str) -> String {
    escape_inline(&one_line(text))
}

/// The text on one line: control characters escaped, white space runs
/// collapsed to one space.
fn one_line(text: &str) -> String {
    printable(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The invisible character that keeps `@name` from being a mention and
/// `#12` from being an issue link: GitHub finds those in the rendered text,
/// after Markdown and entities are undone, so only a character between the
/// sign and the name stops them.
const ZERO_WIDTH_SPACE: &str = "&#8203;";

/// Text that Markdown, and GitHub's extensions to it, render as written
/// inside a line (a table cell, a list item; never the start of a line):
///
/// - Markdown punctuation (`\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`, `$`)
///   is backslash-escaped: no emphasis, code, link or image syntax, table
///   cell break, strikethrough or math;
/// - `<`, `>` and `&` become entities: no HTML tags, no `<…>` autolinks, no
///   entity the article spelt out;
/// - `@` and `#` are followed by a zero-width space: no mentions, team
///   mentions, e-mail autolinks or issue references;
/// - the `:` of `://` and the `.` of `www.` become entities: no bare-URL
///   autolinks.
///
/// Every character of the input is kept, in order; only escapes are added.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (at, c) in text.char_indices() {
        let rest = &text[at + c.len_utf8()..];
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' | '#' => {
                out.push(c);
                out.push_str(ZERO_WIDTH_SPACE);
            }
            ':' if rest.starts_with("//") => out.push_str("&#58;"),
            '.' if text[..at].len() >= 3
                && text.is_char_boundary(at - 3)
                && text[at - 3..at].eq_ignore_ascii_case("www") =>
            {
                out.push_str("&#46;");
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as an inline code span in a table cell: the fence is one backtick
/// longer than the longest run of backticks inside, padded with spaces when
/// the text starts or ends with a backtick or a space (CommonMark strips one
/// space each side), and `|` is escaped, which GitHub's tables require even
/// in code.
fn code(text: &str) -> String {
    let text = one_line(text).replace('|', "\\|");
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

impl Reporter for MarkdownReporter {
    fn document(&mut self, doc: &DocumentReport, _: &Summary, _: &mut dyn Write) -> io::Result<()> {
        let a = &doc.analysis;
        let mark = if doc.thresholds.fails(&doc.analysis) {
            "❌"
        } else {
            "✅"
        };
        let count = |sev| a.findings.iter().filter(|f| f.severity == sev).count();
        let p = &a.provenance;
        let mut provenance = Vec::new();
        if !p.original.is_empty() {
            provenance.push(format!("original: {}", p.original.join(", ")));
        }
        if !p.republished_by.is_empty() {
            provenance.push(format!("republished by: {}", p.republished_by.join(", ")));
        }
        if !p.agencies.is_empty() {
            provenance.push(format!("agencies: {}", p.agencies.join(", ")));
        }
        if !p.photo_credits.is_empty() {
            provenance.push(format!("photo credits: {}", p.photo_credits.join(", ")));
        }
        self.rows.push(format!(
            "| {} | {mark} {} ({}) | {} | {}, {}, {} info | {} |",
            code(&doc.document.name),
            a.score.value,
            a.score.grade,
            sourcing_counts(&a.sourcing),
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            count(Severity::Info),
            cell(&provenance.join("; ")),
        ));
        for f in &a.findings {
            if f.severity == Severity::Info {
                continue;
            }
            self.seen += 1;
            let row = format!(
                "| {} | {} | {} | {} | {} |",
                code(&format!("{}:{}:{}", doc.document.name, f.line, f.column)),
                f.severity,
                code(&f.rule),
                cell(&f.message),
                cell(&f.text),
            );
            let key = (f.severity, self.seen);
            let at = self.worst.partition_point(|(s, n, _)| {
                (std::cmp::Reverse(*s), *n) < (std::cmp::Reverse(key.0), key.1)
            });
            if at < WORST {
                self.worst.insert(at, (key.0, key.1, row));
                self.worst.truncate(WORST);
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "## credence report\n")?;
        let mut line = format!(
            "**{} document{}**",
            summary.documents,
            if summary.documents == 1 { "" } else { "s" }
        );
        if let Some(mean) = summary.mean_score() {
            line.push_str(&format!(" · mean score {mean}"));
        }
        let sev = |s| summary.by_severity.get(&s).copied().unwrap_or(0);
        line.push_str(&format!(
            " · {} ({}, {}, {} info)",
            plural(summary.findings(), "finding"),
            plural(sev(Severity::Error), "error"),
            plural(sev(Severity::Warning), "warning"),
            sev(Severity::Info)
        ));
        if !summary.errors.is_empty() {
            line.push_str(&format!(
                " · {} could not be read",
                plural(summary.errors.len(), "input")
            ));
        }
        writeln!(out, "{line}\n")?;
        if !summary.failed.is_empty() {
            writeln!(out, "### Why the run fails\n")?;
            for failed in &summary.failed {
                writeln!(
                    out,
                    "- ❌ {}: {}",
                    code(&failed.path),
                    cell(&failed.reasons.join("; "))
                )?;
            }
            writeln!(out)?;
        }
        if !self.rows.is_empty() {
            writeln!(
                out,
                "| Document | Score | Sourcing | Findings | Provenance |"
            )?;
            writeln!(out, "|---|---|---|---|---|")?;
            for row in &self.rows {
                writeln!(out, "{row}")?;
            }
            writeln!(out)?;
        }
        if !self.worst.is_empty() {
            writeln!(out, "### Worst findings\n")?;
            writeln!(out, "| Where | Severity | Rule | Message | Text |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for (_, _, row) in &self.worst {
                writeln!(out, "{row}")?;
            }
            if self.seen > self.worst.len() {
                writeln!(
                    out,
                    "\n…and {} more errors and warnings.",
                    self.seen - self.worst.len()
                )?;
            }
            writeln!(out)?;
        }
        for e in &summary.errors {
            writeln!(
                out,
                "- ⚠️ could not read {}: {}",
                code(&e.path),
                cell(&e.message)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_links_images_and_html_are_escaped() {
        assert_eq!(escape_inline("@octocat"), "@&#8203;octocat");
        assert_eq!(
            escape_inline("[click](https://evil.example)"),
            "\\[click\\](https&#58;//evil.example)"
        );
        assert_eq!(
            escape_inline("![x](y) <img src=x>"),
            "!\\[x\\](y) &lt;img src=x&gt;"
        );
        assert_eq!(
            escape_inline("see www.evil.example"),
            "see www&#46;evil.example"
        );
        assert_eq!(escape_inline("WWW.EVIL"), "WWW&#46;EVIL");
        assert_eq!(escape_inline("a@b.example"), "a@&#8203;b.example");
        assert_eq!(escape_inline("fixes #12"), "fixes #&#8203;12");
    }

    #[test]
    fn markdown_punctuation_is_escaped_and_plain_text_kept() {
        assert_eq!(
            escape_inline(r"*bold* _em_ `code` ~del~ $x$ a|b \ &amp;"),
            r"\*bold\* \_em\_ \`code\` \~del\~ \$x\$ a\|b \\ &amp;amp;"
        );
        assert_eq!(
            escape_inline("Mayor Jane Doe said (on Monday): 5.2% rise."),
            "Mayor Jane Doe said (on Monday): 5.2% rise."
        );
        assert_eq!(escape_inline("Zürich — «ok»"), "Zürich — «ok»");
        assert_eq!(escape_inline(""), "");
    }

    #[test]
    fn cells_are_one_line() {
        assert_eq!(cell("a\n\tb\u{7}"), r"a b\\u{7}");
    }

    #[test]
    fn code_spans_hold_any_backticks_and_pipes() {
        assert_eq!(code("a.txt"), "`a.txt`");
        assert_eq!(code("a`b.txt"), "``a`b.txt``");
        assert_eq!(code("`a``"), "``` `a`` ```");
        assert_eq!(code("a|b"), "`a\\|b`");
    }
}
