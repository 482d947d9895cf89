//! Reporters: each output format is one file implementing `Reporter`, and
//! `reporter()` is the single dispatch point. Reporters are streaming: they
//! receive each document as it is analysed, in input order, and a summary at
//! the end, so memory stays flat on a whole archive. They write to any
//! `Write` and never decide the exit status.

mod concise;
mod github;
mod html;
mod json;
mod jsonl;
mod junit;
mod markdown;
mod sarif;
mod statistics;
mod table;

use crate::analysis::Analysis;
use crate::document::Document;
use crate::finding::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The output formats, chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table per document for people at a terminal (the default).
    Table,
    /// One `path:line:col: severity rule message` line per finding.
    Concise,
    /// One JSON document for the whole run, in the stable version-1 shape.
    Json,
    /// JSON Lines: one object per document, then per unreadable input, then a summary.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands, shown as pull-request annotations.
    Github,
    /// JUnit XML: one test case per document, failing when it crosses its thresholds.
    Junit,
    /// A Markdown summary for a pull-request comment.
    Markdown,
    /// One self-contained HTML page: each article with its findings and
    /// attributions marked in the text.
    Html,
    /// Findings counted per rule (`--statistics`).
    Statistics,
    /// Findings counted per rule, as JSON (`--statistics --format json`).
    StatisticsJson,
}

/// One analysed document with what was noticed while reading it.
#[derive(Debug)]
pub struct DocumentReport {
    /// The document as analysed.
    pub document: Document,
    /// What the analysis found.
    pub analysis: Analysis,
    /// Non-fatal notes, such as the encoding assumed.
    pub warnings: Vec<String>,
    /// When this document fails the run, as settled for its path.
    pub thresholds: Thresholds,
    /// Time spent reading and analysing it (JUnit's `time`).
    pub elapsed: std::time::Duration,
}

/// When one document fails the run: a finding at least this severe, or a
/// score below this. The caller settles them per path (global settings,
/// per-path blocks) before the document reaches a reporter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Thresholds {
    /// Fail on a finding of this severity or worse; `None`: never on findings.
    pub fail_on: Option<Severity>,
    /// Fail when the score is below this.
    pub fail_under: Option<u32>,
}

impl Thresholds {
    /// Whether an analysis crosses these thresholds.
    pub fn fails(&self, analysis: &Analysis) -> bool {
        !self.crossed(analysis).is_empty()
    }

    /// Each threshold the analysis crosses, with how far.
    pub fn crossed(&self, analysis: &Analysis) -> Vec<Crossed> {
        let mut crossed = Vec::new();
        if let Some(min) = self.fail_under
            && analysis.score.value < min
        {
            crossed.push(Crossed::ScoreBelow {
                score: analysis.score.value,
                min,
            });
        }
        if let Some(at) = self.fail_on {
            let count = analysis
                .findings
                .iter()
                .filter(|f| f.severity >= at)
                .count();
            if count > 0 {
                crossed.push(Crossed::Findings { at, count });
            }
        }
        crossed
    }
}

/// One threshold a document crosses, which makes the run exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossed {
    /// The score is below `fail-under`.
    ScoreBelow {
        /// The document's score.
        score: u32,
        /// `fail-under`.
        min: u32,
    },
    /// Findings at least as severe as `fail-on`.
    Findings {
        /// `fail-on`.
        at: Severity,
        /// How many findings are at `at` or above.
        count: usize,
    },
}

impl Crossed {
    /// The reason in a sentence a person would say.
    pub fn reason(&self) -> String {
        match *self {
            Crossed::ScoreBelow { score, min } => {
                let short = min - score;
                format!(
                    "score {score} is below fail-under {min} ({short} point{} short)",
                    if short == 1 { "" } else { "s" }
                )
            }
            Crossed::Findings { at, count } => format!(
                "{count} finding{} at {at}{} (fail-on {at})",
                if count == 1 { "" } else { "s" },
                if at == Severity::Error {
                    ""
                } else {
                    " or above"
                }
            ),
        }
    }
}

/// A document that crossed its thresholds, for the run's summary.
#[derive(Debug, Clone)]
pub struct FailedDocument {
    /// The document's name.
    pub path: String,
    /// Why it fails, one sentence per threshold crossed.
    pub reasons: Vec<String>,
}

impl FailedDocument {
    /// `path: reason; reason`, one line.
    pub fn line(&self) -> String {
        format!(
            "{}: {}",
            crate::analysis::printable_line(&self.path),
            self.reasons.join("; ")
        )
    }
}

/// An input that could not be analysed.
#[derive(Debug, Clone)]
pub struct InputFailure {
    /// The input as the user named it: a path, a glob or a folder.
    pub path: String,
    /// Why it could not be analysed, ready to print (JSON `errors[].message`).
    pub message: String,
}

/// Totals over a run, gathered as documents stream past.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Documents analysed so far.
    pub documents: usize,
    /// Inputs that could not be analysed, as the caller adds them.
    pub errors: Vec<InputFailure>,
    /// Every category of the enabled rules, zeros included.
    pub by_category: BTreeMap<String, usize>,
    /// Findings per severity over all documents; a severity with none is absent.
    pub by_severity: BTreeMap<Severity, usize>,
    /// Sum of the documents' scores, for the mean.
    pub score_sum: u64,
    /// The lowest document score so far; `None` before the first document.
    pub min_score: Option<u32>,
    /// The documents that crossed their thresholds, in input order.
    pub failed: Vec<FailedDocument>,
    /// Documents per grade.
    pub grades: BTreeMap<String, usize>,
    /// The lowest-scoring documents so far (score, grade, name), lowest
    /// first and in input order among equals; at most `LOWEST_KEPT`.
    pub lowest: Vec<(u32, String, String)>,
}

/// How many of the lowest-scoring documents a summary keeps.
pub const LOWEST_KEPT: usize = 5;

impl Summary {
    /// An empty summary that lists these categories with zero findings.
    pub fn new(categories: &[String]) -> Summary {
        Summary {
            by_category: categories.iter().map(|c| (c.clone(), 0)).collect(),
            ..Summary::default()
        }
    }

    /// Count one analysed document: its findings by category and severity, and its score.
    pub fn add(&mut self, doc: &DocumentReport) {
        let a = &doc.analysis;
        self.documents += 1;
        for f in &a.findings {
            *self.by_category.entry(f.category.clone()).or_insert(0) += 1;
            *self.by_severity.entry(f.severity).or_insert(0) += 1;
        }
        self.score_sum += u64::from(a.score.value);
        self.min_score = Some(
            self.min_score
                .map_or(a.score.value, |m| m.min(a.score.value)),
        );
        *self.grades.entry(a.score.grade.clone()).or_insert(0) += 1;
        if self.lowest.len() < LOWEST_KEPT
            || self
                .lowest
                .last()
                .is_some_and(|(s, _, _)| a.score.value < *s)
        {
            let at = self.lowest.partition_point(|(s, _, _)| *s <= a.score.value);
            self.lowest.insert(
                at,
                (
                    a.score.value,
                    a.score.grade.clone(),
                    doc.document.name.clone(),
                ),
            );
            self.lowest.truncate(LOWEST_KEPT);
        }
        let crossed = doc.thresholds.crossed(a);
        if !crossed.is_empty() {
            self.failed.push(FailedDocument {
                path: doc.document.name.clone(),
                reasons: crossed.iter().map(Crossed::reason).collect(),
            });
        }
    }

    /// What made the run fail, for the end of a human report: `None` when
    /// no document crossed its thresholds.
    pub fn failure_lines(&self) -> Option<Vec<String>> {
        if self.failed.is_empty() {
            return None;
        }
        let n = self.failed.len();
        let mut lines = vec![format!(
            "{n} document{} crossed {} thresholds (exit 1):",
            if n == 1 { "" } else { "s" },
            if n == 1 { "its" } else { "their" }
        )];
        lines.extend(self.failed.iter().map(|f| format!("  {}", f.line())));
        Some(lines)
    }

    /// Findings over all documents.
    pub fn findings(&self) -> usize {
        self.by_severity.values().sum()
    }

    /// The mean document score, rounded to one decimal; `None` with no documents.
    pub fn mean_score(&self) -> Option<f64> {
        (self.documents > 0).then(|| {
            let mean = self.score_sum as f64 / self.documents as f64;
            (mean * 10.0).round() / 10.0
        })
    }

    /// Per-category counts for one analysis, with every known category present.
    pub fn counts_for(&self, analysis: &Analysis) -> BTreeMap<String, usize> {
        let mut counts: BTreeMap<String, usize> =
            self.by_category.keys().map(|c| (c.clone(), 0)).collect();
        for (c, n) in &analysis.counts {
            counts.insert(c.clone(), *n);
        }
        counts
    }
}

/// What a report may say about a rule (SARIF lists every rule it knows).
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// The rule id findings carry (SARIF `ruleId`), e.g. `anonymous.sources-say`.
    pub id: String,
    /// The rule's category, e.g. `anonymous-source`.
    pub category: String,
    /// The rule's severity after overrides (SARIF's default level).
    pub severity: Severity,
    /// The rule's message template, with placeholders such as `{match}` unfilled.
    pub message: String,
    /// A longer account of what the rule flags, if its pack gives one.
    pub description: Option<String>,
    /// Where the practice the rule checks is set out, if its pack says.
    pub reference: Option<String>,
}

impl RuleInfo {
    /// Every enabled rule of a rule set, sorted by id.
    pub fn all(rules: &crate::RuleSet) -> Vec<RuleInfo> {
        rules
            .rules()
            .iter()
            .filter(|r| r.enabled)
            .map(|r| RuleInfo {
                id: r.id.clone(),
                category: r.category.clone(),
                severity: r.severity,
                message: r.message.clone(),
                description: r.description.clone(),
                reference: r.reference.clone(),
            })
            .collect()
    }
}

/// How reports should look and what counts as failing.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Colour the table's severities with terminal escapes; false forces plain text.
    pub color: bool,
    /// Table width in columns; `None` lets the table fit the terminal.
    pub width: Option<u16>,
    /// Show the score ledger under each document.
    pub explain: bool,
    /// List every attribution under each document.
    pub show_attributions: bool,
    /// The loaded rules (SARIF's tool description).
    pub rules: Vec<RuleInfo>,
    /// credence's version, for formats that name the tool.
    pub version: String,
}

/// A streaming output format.
pub trait Reporter {
    /// One document, in input order. `summary` already counts it.
    fn document(
        &mut self,
        doc: &DocumentReport,
        summary: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter for a format: the one dispatch point.
pub fn reporter(format: Format, options: RenderOptions) -> Box<dyn Reporter + Send> {
    match format {
        Format::Table => Box::new(table::TableReporter::new(options)),
        Format::Concise => Box::new(concise::ConciseReporter),
        Format::Json => Box::new(json::JsonReporter::default()),
        Format::Jsonl => Box::new(jsonl::JsonlReporter),
        Format::Sarif => Box::new(sarif::SarifReporter::new(options)),
        Format::Github => Box::new(github::GithubReporter::default()),
        Format::Junit => Box::new(junit::JunitReporter::default()),
        Format::Markdown => Box::new(markdown::MarkdownReporter::default()),
        Format::Html => Box::new(html::HtmlReporter::new(options)),
        Format::Statistics => Box::new(statistics::StatisticsReporter::default()),
        Format::StatisticsJson => Box::new(statistics::StatisticsReporter::json()),
    }
}

/// Render finished documents and failures in one go (for callers that hold
/// them all, such as tests).
pub fn render(
    format: Format,
    options: RenderOptions,
    categories: &[String],
    documents: &[DocumentReport],
    errors: &[InputFailure],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut reporter = reporter(format, options);
    let mut summary = Summary::new(categories);
    for doc in documents {
        summary.add(doc);
        reporter.document(doc, &summary, out)?;
    }
    summary.errors.extend(errors.iter().cloned());
    reporter.finish(&summary, out)
}

/// `n word`, with an `s` unless `n` is 1: "1 finding", "3 documents".
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A document's sourcing in one sentence, without its full stop: "25
/// attributions: 9 named, 0 institutional, 15 anonymous (0 with a reason),
/// 1 wire, 0 document; 17 distinct sources".
pub(crate) fn sourcing_sentence(s: &crate::analysis::Sourcing) -> String {
    format!(
        "{}; {}",
        sourcing_counts(s),
        plural(s.distinct_sources, "distinct source"),
    )
}

/// The attributions counted by kind: "25 attributions: 9 named, 0
/// institutional, 15 anonymous (0 with a reason), 1 wire, 0 document".
pub(crate) fn sourcing_counts(s: &crate::analysis::Sourcing) -> String {
    format!(
        "{}: {} named, {} institutional, {} anonymous ({} with a reason), {} wire, {} document",
        plural(s.attributions, "attribution"),
        s.named,
        s.institutional,
        s.anonymous,
        s.anonymous_with_reason,
        s.wire,
        s.document,
    )
}

/// Where a finding stands in outputs written most severe first (GitHub
/// annotations, SARIF results): errors 1, warnings 2, notes 3; a document's
/// thresholds crossed come before all, at 0.
pub(crate) fn severity_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    }
}

/// How a score reads at a glance, for colouring it: 80 and up good, 60 to
/// 79 fair, below poor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScoreBand {
    Good,
    Fair,
    Poor,
}

impl ScoreBand {
    pub(crate) fn of(score: u32) -> ScoreBand {
        match score {
            80.. => ScoreBand::Good,
            60..=79 => ScoreBand::Fair,
            _ => ScoreBand::Poor,
        }
    }
}

/// Why a document scores what it does, in words: the terms that cost it
/// most, each with its effect, e.g. `2 of 4 attributions anonymous (−20),
/// republished (−12)`; or what keeps it high when nothing costs it.
pub fn score_reason(analysis: &Analysis) -> String {
    let total = analysis.sourcing.attributions;
    // Rule terms by category, capped categories netted out.
    let mut costs: Vec<(String, f64)> = Vec::new();
    let mut by_category: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for e in &analysis.score.ledger {
        match e.term.strip_prefix("sourcing.") {
            Some(term) => {
                if e.effect < 0.0 {
                    costs.push((sourcing_phrase(term, e.count, total), e.effect));
                }
            }
            None => {
                let entry = by_category.entry(e.category.as_str()).or_default();
                entry.0 += e.effect;
                if !e.term.starts_with("cap:") {
                    entry.1 += e.count;
                }
            }
        }
    }
    for (category, (effect, count)) in by_category {
        if effect < 0.0 {
            costs.push((category_phrase(category, count), effect));
        }
    }
    costs.sort_by(|a, b| a.1.total_cmp(&b.1));
    let listed: Vec<String> = costs
        .iter()
        .filter(|(_, effect)| *effect <= -0.5)
        .take(3)
        .map(|(phrase, effect)| format!("{phrase} (\u{2212}{})", effect.abs().round()))
        .collect();
    if !listed.is_empty() {
        let more = costs.iter().filter(|(_, e)| *e <= -0.5).count() - listed.len();
        let mut reason = listed.join(", ");
        if more > 0 {
            reason.push_str(&format!(" and {more} more (--explain)"));
        }
        return reason;
    }
    let s = &analysis.sourcing;
    if total == 0 {
        return "nothing costs it, but no source is named either".into();
    }
    format!(
        "nothing costs it: {total} attribution{}, {} named, {} anonymous",
        if total == 1 { "" } else { "s" },
        s.named,
        s.anonymous
    )
}

fn sourcing_phrase(term: &str, count: usize, total: usize) -> String {
    match term {
        "anonymous-share" if total == 1 => "the only attribution anonymous".into(),
        "anonymous-share" => format!("{count} of {total} attributions anonymous"),
        "anonymous-no-reason" => format!(
            "{count} anonymous source{} with no reason given",
            if count == 1 { "" } else { "s" }
        ),
        "single-source" => "a single source".into(),
        "wire-only" => "wire sources only".into(),
        "unsourced" => "no attributed source".into(),
        other => other.replace('-', " "),
    }
}

fn category_phrase(category: &str, count: usize) -> String {
    let plural = |word: &str| plural(count, word);
    match category {
        "garbled-text" => plural("garbled passage"),
        "boilerplate" => plural("page-furniture line"),
        "republication" => "republished text".into(),
        "anonymous-source" => plural("anonymous-source phrase"),
        "wire-service" => plural("wire credit"),
        other => format!("{other} ({count})"),
    }
}

/// The JSON value of one document, shared by the json and jsonl formats.
fn document_json(doc: &DocumentReport, summary: &Summary) -> serde_json::Value {
    let a = &doc.analysis;
    serde_json::json!({
        "path": doc.document.name,
        "score": a.score.value,
        "grade": a.score.grade,
        "counts": summary.counts_for(a),
        "findings": a.findings,
        "attributions": a.attributions,
        "sourcing": a.sourcing,
        "provenance": a.provenance,
        "score_ledger": a.score.ledger,
        "warnings": doc.warnings,
        "thresholds": {
            "fail_on": doc.thresholds.fail_on,
            "fail_under": doc.thresholds.fail_under,
        },
        "failed": doc.thresholds.crossed(a).iter().map(Crossed::reason).collect::<Vec<_>>(),
    })
}

/// The JSON value of the run's totals, shared by the json and jsonl formats.
fn summary_json(summary: &Summary) -> serde_json::Value {
    let by_severity: BTreeMap<&str, usize> = summary
        .by_severity
        .iter()
        .map(|(s, n)| (s.as_str(), *n))
        .collect();
    serde_json::json!({
        "documents": summary.documents,
        "errors": summary.errors.len(),
        "findings": summary.findings(),
        "by_category": summary.by_category,
        "by_severity": by_severity,
        "mean_score": summary.mean_score(),
        "min_score": summary.min_score,
        "failed_documents": summary.failed.len(),
    })
}

fn errors_json(summary: &Summary) -> serde_json::Value {
    summary
        .errors
        .iter()
        .map(|e| serde_json::json!({"path": e.path, "message": e.message}))
        .collect()
}

/// The end of a finding as 1-based line and column.
fn end_position(doc: &DocumentReport, end: usize) -> (usize, usize) {
    doc.document.line_col(end)
}
