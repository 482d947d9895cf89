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

/// The attribution model's vocabulary. Lists from several packs are merged,
/// so a newsroom can add a verb or a title without repeating the defaults.
/// Entries are matched without regard to case unless noted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AttributionSpec {
    /// Verbs and cues that attribute a claim: "said", "told", "according to".
    #[serde(default)]
    pub reporting_verbs: Vec<String>,
    /// Of those, the ones that may come before their subject (", said Mr Smith").
    #[serde(default)]
    pub inverted_verbs: Vec<String>,
    /// Of those, the ones whose source always follows: "according to", "citing".
    #[serde(default)]
    pub source_after_verbs: Vec<String>,
    /// Words allowed between a subject and its verb ("also", "has", "later").
    #[serde(default)]
    pub skip_words: Vec<String>,
    /// Nouns for people left unnamed: "sources", "official", "diplomat".
    #[serde(default)]
    pub anonymous_nouns: Vec<String>,
    /// Nouns for organisations and offices speaking on the record: "ministry", "police".
    #[serde(default)]
    pub institution_nouns: Vec<String>,
    /// Documents that can be said to say something: "report", "statement", "study".
    #[serde(default)]
    pub document_nouns: Vec<String>,
    /// Roles that, with "the", refer back to a named person: "the minister".
    #[serde(default)]
    pub role_nouns: Vec<String>,
    /// Words that make a capitalised name an organisation: "Ministry", "Bank", "Inc".
    #[serde(default)]
    pub organisation_words: Vec<String>,
    /// Titles written before a person's name: "President", "MP", "Ambassador".
    #[serde(default)]
    pub person_titles: Vec<String>,
    /// Honorifics: "Mr", "Mrs", "Dr", "Sir".
    #[serde(default)]
    pub honorifics: Vec<String>,
    /// Words that open a modifier after a source noun: "in", "close to", "familiar with".
    #[serde(default)]
    pub post_modifiers: Vec<String>,
    /// Determiners and quantities that can open a source phrase.
    #[serde(default)]
    pub determiners: Vec<String>,
    /// Words that can never be part of a source phrase (verbs, conjunctions, prepositions).
    #[serde(default)]
    pub stop_words: Vec<String>,
    /// Phrases that give a reason for anonymity: "on condition of anonymity".
    #[serde(default)]
    pub anonymity_reasons: Vec<String>,
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

/// The `[scoring]` table; any field left out keeps the value of the packs
/// loaded before.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScoringSpec {
    pub base: Option<f64>,
    pub repeat_decay: Option<f64>,
    pub anonymous_share: Option<f64>,
    pub share_confidence: Option<f64>,
    pub anonymous_no_reason: Option<f64>,
    pub anonymous_no_reason_cap: Option<f64>,
    pub single_source: Option<f64>,
    pub wire_only: Option<f64>,
    pub unsourced: Option<f64>,
    #[serde(default)]
    pub category_cap: BTreeMap<String, f64>,
    #[serde(default)]
    pub grades: BTreeMap<String, f64>,
}

impl AttributionSpec {
    /// Add another pack's lists to these.
    pub fn extend(&mut self, other: AttributionSpec) {
        let AttributionSpec {
            reporting_verbs,
            inverted_verbs,
            source_after_verbs,
            skip_words,
            anonymous_nouns,
            institution_nouns,
            document_nouns,
            role_nouns,
            organisation_words,
            person_titles,
            honorifics,
            post_modifiers,
            determiners,
            stop_words,
            anonymity_reasons,
        } = other;
        self.reporting_verbs.extend(reporting_verbs);
        self.inverted_verbs.extend(inverted_verbs);
        self.source_after_verbs.extend(source_after_verbs);
        self.skip_words.extend(skip_words);
        self.anonymous_nouns.extend(anonymous_nouns);
        self.institution_nouns.extend(institution_nouns);
        self.document_nouns.extend(document_nouns);
        self.role_nouns.extend(role_nouns);
        self.organisation_words.extend(organisation_words);
        self.person_titles.extend(person_titles);
        self.honorifics.extend(honorifics);
        self.post_modifiers.extend(post_modifiers);
        self.determiners.extend(determiners);
        self.stop_words.extend(stop_words);
        self.anonymity_reasons.extend(anonymity_reasons);
    }
}
