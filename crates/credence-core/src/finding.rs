//! What a rule reports: a finding is a rule id, its category and severity, a
//! byte span into the document and the message to show.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is; ordered so that `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
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
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
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
    pub agency: Option<String>,
    pub original: Option<String>,
    pub republisher: Option<String>,
    /// A picture's credit (an agency or picture library), not a text source.
    pub credit: Option<String>,
}
