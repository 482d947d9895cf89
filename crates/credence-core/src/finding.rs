//! What a rule reports: a finding is a rule id, its category and severity, a
//! byte span into the document and the message to show.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is; ordered so that `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The lowest: a note worth seeing (a wire or photo credit), not a fault.
    Info,
    /// A sourcing or text problem an editor should look at.
    Warning,
    /// The highest: the level at which the `credence` CLI fails a run by default.
    Error,
}

impl Severity {
    /// The lower-case name packs and reports use: `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One match of one rule. `start..end` is a byte range into the document text
/// and always lies on char boundaries; `line`/`column` are 1-based.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Id of the rule that matched, e.g. `anonymous.sources-say`.
    pub rule: String,
    /// The rule's category, e.g. `anonymous-source`.
    pub category: String,
    /// The rule's severity, after overrides.
    pub severity: Severity,
    /// 1-based line of `start` in the file as written (mapped back through
    /// the origin when the text was extracted from HTML).
    pub line: usize,
    /// 1-based column of `start` on that line, counted in Unicode scalar values.
    pub column: usize,
    /// Byte offset into the analysed text where the match starts, inclusive.
    pub start: usize,
    /// Byte offset into the analysed text where the match ends, exclusive;
    /// always greater than `start`.
    pub end: usize,
    /// The matched slice `start..end` of the analysed text, as written (not escaped).
    pub text: String,
    /// The rule's message with `{match}`, `{agency}`, `{original}`,
    /// `{republisher}` and `{credit}` filled in.
    pub message: String,
    /// Provenance captured by the rule's named groups, canonicalised.
    #[serde(skip)]
    pub captured: Captured,
    /// The rule's weight in the score (already resolved from overrides).
    #[serde(skip)]
    pub weight: f64,
}

/// What a match says about where the text came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captured {
    /// The agency whose copy or reporting the text carries (the `agency`
    /// group), canonicalised through the packs' `[agencies]` table.
    pub agency: Option<String>,
    /// The outlet that first published the text (the `original` group), as matched.
    pub original: Option<String>,
    /// The outlet that republished the text (the `republisher` group), as matched.
    pub republisher: Option<String>,
    /// A picture's credit (an agency or picture library), not a text source.
    pub credit: Option<String>,
}

/// Whether `category` is a category name: lowercase words joined by hyphens.
pub(crate) fn is_valid_category(category: &str) -> bool {
    category.starts_with(|c: char| c.is_ascii_lowercase())
        && category
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
