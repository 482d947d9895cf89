//! The rule-pack file format as typed serde structs. Unknown keys are
//! rejected, and spans are kept on the values that later validation can
//! fault, so every error can name file:line:column.

use crate::attribution::AttributionSpec;
use crate::finding::Severity;
use crate::score::ScoringSpec;
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
    /// Word lists of the attribution model.
    pub attribution: Option<AttributionSpec>,
    /// How plain text is split into title, byline, captions and body.
    pub zones: Option<ZonesSpec>,
}

/// Patterns for the best-effort split of plain text into zones. Lists from
/// several packs are merged; `{{lexicon}}` names expand as in rules.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ZonesSpec {
    /// A line any of these match is a caption (a picture credit line).
    #[serde(default)]
    pub caption: Vec<Spanned<String>>,
    /// A line near the top any of these match is the byline.
    #[serde(default)]
    pub byline: Vec<Spanned<String>>,
    /// The longest first line, in characters, that can still be a title.
    pub title_max_chars: Option<usize>,
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
    /// Where the practice the rule checks is set out (a style guide section).
    pub reference: Option<String>,
    pub enabled: Option<bool>,
    /// The zones the rule looks at: one name or a list of `body`, `caption`,
    /// `title`, `byline`, `navigation`, `any`. Unset: `any`.
    pub scope: Option<Spanned<ScopeSpec>>,
    pub examples: Option<Examples>,
}

/// `scope = "body"` or `scope = ["title", "body"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ScopeSpec {
    One(String),
    Many(Vec<String>),
}

impl ScopeSpec {
    pub fn names(&self) -> Vec<&str> {
        match self {
            ScopeSpec::One(name) => vec![name.as_str()],
            ScopeSpec::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
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
    /// An inline suppression that silences nothing (see `suppression`).
    UnusedSuppression,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::DoubledWord => "doubled-word",
            CheckKind::RepeatedLine => "repeated-line",
            CheckKind::UnusedSuppression => "unused-suppression",
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
