//! The rule-pack file format as typed serde structs. Unknown keys are
//! rejected, and spans are kept on the values that later validation can
//! fault, so every error can name file:line:column.

use crate::finding::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// One TOML rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackFile {
    pub pack: Option<PackHeader>,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleSpec>>,
    pub scoring: Option<Spanned<ScoringSpec>>,
    /// Named word lists, usable in patterns as `{{name}}`.
    #[serde(default)]
    pub lexicon: BTreeMap<String, Spanned<Vec<String>>>,
    /// Named regex fragments, usable in patterns as `{{name}}`.
    #[serde(default)]
    pub fragment: BTreeMap<String, Spanned<String>>,
    /// Canonical agency name -> the spellings that mean it.
    #[serde(default)]
    pub agencies: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackHeader {
    pub name: String,
    pub description: Option<String>,
}

/// A rule as written. Every field but `id` is optional so that a later pack
/// can override a rule by naming only what changes; a rule that is new must
/// give `category`, `severity`, `message` and something to match.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub category: Option<Spanned<String>>,
    pub severity: Option<Severity>,
    pub message: Option<String>,
    pub weight: Option<Spanned<f64>>,
    pub patterns: Option<Vec<Spanned<String>>>,
    pub phrases: Option<Vec<Spanned<String>>>,
    pub exceptions: Option<Vec<Spanned<String>>>,
    pub check: Option<CheckKind>,
    pub description: Option<String>,
    pub enabled: Option<bool>,
    pub examples: Option<Examples>,
}

/// Checks that a regex cannot express (they need back-references); the rule
/// still supplies id, message, severity, weight, exceptions and examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// A word written twice in a row ("the the").
    DoubledWord,
    /// A line that repeats one of the few lines before it (captions pasted twice).
    RepeatedLine,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::DoubledWord => "doubled-word",
            CheckKind::RepeatedLine => "repeated-line",
        }
    }
}

/// Texts the rule must flag (`match`) and must leave alone (`no-match`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Examples {
    #[serde(default, rename = "match")]
    pub matching: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<String>,
}

/// The `[scoring]` table; any field left out keeps the value of the packs
/// loaded before.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScoringSpec {
    pub base: Option<f64>,
    pub repeat_decay: Option<f64>,
    #[serde(default)]
    pub category_cap: BTreeMap<String, f64>,
    #[serde(default)]
    pub grades: BTreeMap<String, f64>,
}
