//! Errors a user can cause, each naming its place: a rule file with
//! line:column and rule id, or an input file by path.

use std::fmt;
use std::path::PathBuf;

/// Where in a rule file something went wrong (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// An error in a rule pack: fatal for the run (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub location: Location,
    /// The id of the rule at fault, when the error is inside one.
    pub rule_id: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location)?;
        if let Some(id) = &self.rule_id {
            write!(f, "rule `{id}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

/// A rule pack that could not be read at all (missing file, unreadable folder).
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{path}: cannot read rule pack: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no rule files (*.toml) in this folder")]
    EmptyFolder { path: PathBuf },
    #[error("{0}")]
    Rule(#[from] RuleError),
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<RuleError>),
}

impl PackError {
    /// One message per error, in the order found.
    pub fn messages(&self) -> Vec<String> {
        match self {
            PackError::Many(errors) => errors.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        }
    }
}

/// An input document that could not be analysed; the run goes on without it.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: looks like a binary file (contains NUL bytes); skipped")]
    Binary { path: String },
    #[error("{path}: internal error while analysing this file ({message}); please report it")]
    Internal { path: String, message: String },
    #[error("{path}:{line}: {message}; record skipped")]
    Record {
        path: String,
        line: usize,
        message: String,
    },
    /// A URL that could not be fetched; the message names the URL.
    #[error("{message}")]
    Fetch { path: String, message: String },
}

impl InputError {
    pub fn path(&self) -> &str {
        match self {
            InputError::Io { path, .. }
            | InputError::Binary { path }
            | InputError::Internal { path, .. }
            | InputError::Record { path, .. }
            | InputError::Fetch { path, .. } => path,
        }
    }
}
