//! Errors a user can cause in a rule pack, each naming its place: the file,
//! line and column, and the rule id when the error lies inside a rule.

use std::fmt;

/// Where in a rule file something went wrong (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The rule file's name as handed in (`PackSource::name`).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// 1-based column on that line, counted in Unicode scalar values.
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
    /// The file, line and column the error points at.
    pub location: Location,
    /// The id of the rule at fault, when the error is inside one.
    pub rule_id: Option<String>,
    /// What is wrong, without the location or rule id (`Display` adds those).
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

/// Rule packs that do not merge or compile: one error or several.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// One error.
    #[error("{0}")]
    Rule(#[from] RuleError),
    /// Several errors, in the order found.
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
