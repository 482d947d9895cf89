//! The rule-pack file format as typed serde structs. Unknown keys are
//! rejected, and spans are kept on the values that later validation can
//! fault, so every error can name file:line:column.

use crate::attribution::AttributionTable;
use crate::finding::Severity;
use crate::score::ScoringSpec;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// One TOML rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackFile {
    /// The `[pack]` table, if the file has one.
    pub pack: Option<PackHeader>,
    /// The `[[rule]]` tables, in file order, with their spans.
    #[serde(default)]
    pub rule: Vec<Spanned<RuleSpec>>,
    /// The `[scoring]` table, with its span for error locations.
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
    /// Word lists of the attribution model, what to remove from them, and examples.
    pub attribution: Option<AttributionTable>,
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

/// The `[pack]` table: what a pack calls itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackHeader {
    /// The pack's name (collected in `RuleSet::pack_names`).
    pub name: String,
    /// What the pack is for, in its author's words.
    pub description: Option<String>,
}

/// A rule as written. Every field but `id` is optional so that a later pack
/// can override a rule by naming only what changes; a rule that is new must
/// give `category`, `severity`, `message` and something to match.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// `id`: lowercase words joined by dots or hyphens; names the rule across packs.
    pub id: Spanned<String>,
    /// `category`: lowercase words joined by hyphens, e.g. `anonymous-source`.
    pub category: Option<Spanned<String>>,
    /// `severity`: `info`, `warning` or `error`.
    pub severity: Option<Severity>,
    /// `message`: the findings' message, in which `{match}`, `{agency}`,
    /// `{original}`, `{republisher}` and `{credit}` are filled in.
    pub message: Option<String>,
    /// `weight`: points the rule's first finding costs, 0 or more (default 1).
    pub weight: Option<Spanned<f64>>,
    /// `patterns`: regexes, in which `{{name}}` expands a lexicon or fragment.
    pub patterns: Option<Vec<Spanned<String>>>,
    /// `phrases`: literal phrases, matched case-insensitively with any run of
    /// white space within a paragraph between words, joined into one regex.
    pub phrases: Option<Vec<Spanned<String>>>,
    /// `exceptions`: regexes that cancel a match they overlap, searched in
    /// the lines that hold the match.
    pub exceptions: Option<Vec<Spanned<String>>>,
    /// `check`: a built-in check to match with instead of patterns or phrases.
    pub check: Option<CheckKind>,
    /// `[rule.structure]`: how the `furniture-run` check tells page
    /// furniture from article text.
    pub structure: Option<Spanned<StructureSpec>>,
    /// `[rule.joins]`: how the `run-together` check tells words run
    /// together from a word.
    pub joins: Option<Spanned<JoinsSpec>>,
    /// `description`: a longer account of what the rule flags and why.
    pub description: Option<String>,
    /// Where the practice the rule checks is set out (a style guide section).
    pub reference: Option<String>,
    /// `enabled`: false keeps the rule listed but never run (default true).
    pub enabled: Option<bool>,
    /// The zones the rule looks at: one name or a list of `body`, `caption`,
    /// `title`, `byline`, `navigation`, `any`. Unset: `any`.
    pub scope: Option<Spanned<ScopeSpec>>,
    /// `[rule.examples]`: texts the rule must and must not flag.
    pub examples: Option<Examples>,
}

/// `scope = "body"` or `scope = ["title", "body"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ScopeSpec {
    /// A single zone name, or `any`.
    One(String),
    /// A list of zone names.
    Many(Vec<String>),
}

impl ScopeSpec {
    /// The zone names as written, in order, unchecked.
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
    /// A run of lines that read as page furniture by their shape (short,
    /// few stop words, no sentence end, title case, link-like), tuned by
    /// `[rule.structure]`.
    FurnitureRun,
    /// Words whose space or tag boundary was lost ("bragsabout",
    /// "stated.Trump"), told from words by an English word list, tuned by
    /// `[rule.joins]`.
    RunTogether,
    /// A paragraph that opens with a lower-case word after a finished one:
    /// a first letter lost with a drop cap, or a name lost in conversion.
    LostInitial,
    /// A phrase of three or more words written twice in a row.
    DoubledPhrase,
    /// A paragraph whose first quotation mark closes a quote: the opening
    /// mark went with a drop cap.
    LostOpeningQuote,
    /// Double spaces left in prose by quotation marks a converter stripped.
    StrippedQuotes,
    /// Spaces before commas and stops, repeated through a document that
    /// was split into tokens and joined back with spaces.
    SpacedPunctuation,
}

impl CheckKind {
    /// The kebab-case name a pack writes in `check = "..."`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::DoubledWord => "doubled-word",
            CheckKind::RepeatedLine => "repeated-line",
            CheckKind::UnusedSuppression => "unused-suppression",
            CheckKind::FurnitureRun => "furniture-run",
            CheckKind::RunTogether => "run-together",
            CheckKind::LostInitial => "lost-initial",
            CheckKind::DoubledPhrase => "doubled-phrase",
            CheckKind::LostOpeningQuote => "lost-opening-quote",
            CheckKind::StrippedQuotes => "stripped-quotes",
            CheckKind::SpacedPunctuation => "spaced-punctuation",
        }
    }
}

/// `[rule.structure]` of a `furniture-run` rule: every key optional, with
/// the defaults of `rules::Structure`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StructureSpec {
    /// Lines shorter than this many characters are "short": their class
    /// comes from the lines around them.
    pub short_chars: Option<usize>,
    /// Lines at least this long with enough stop words are article text.
    pub long_chars: Option<usize>,
    /// The share of stop words at or above which a line reads as prose.
    pub stop_word_share: Option<f64>,
    /// The share of capitalised words at or above which a line without a
    /// sentence end reads as a heading or menu.
    pub title_case_share: Option<f64>,
    /// The fewest furniture lines in a row that make a finding.
    pub min_run: Option<usize>,
    /// The fewest documents of a run that must carry a line for it to read
    /// as the site's furniture; 0 or 1 turns the signal off.
    pub min_shared_documents: Option<usize>,
    /// The least share of the stories analysed together that must carry a
    /// line for it to read as the site's furniture.
    pub min_shared_share: Option<f64>,
    /// The stop words (lower case) whose share marks prose.
    pub stop_words: Option<Vec<String>>,
}

/// `[rule.joins]` of a `run-together` rule: every key optional, with the
/// defaults of `rules::Joins`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JoinsSpec {
    /// Closed-class words (lower case); a lower-case run the word list does
    /// not know is words run together only if one of its parts is one of
    /// these ("brags|about", "market|and"), so compounds of content words
    /// ("planemaker") are left alone.
    pub join_words: Option<Vec<String>>,
    /// Words of page labels and buttons (lower case): two capitalised words
    /// joined ("ProfileSign") are flagged only if one is one of these, since
    /// two capitalised words alone are mostly a brand ("ZoneAlarm").
    pub label_words: Option<Vec<String>>,
    /// How common (Zipf frequency) each other part must be.
    pub min_part_zipf: Option<f64>,
    /// The shortest lower-case run that is split.
    pub min_length: Option<usize>,
}

/// Texts the rule must flag (`match`) and must leave alone (`no-match`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Examples {
    /// `match`: texts in each of which the rule must find something.
    #[serde(default, rename = "match")]
    pub matching: Vec<String>,
    /// `no-match`: texts in each of which the rule must find nothing.
    #[serde(default)]
    pub no_match: Vec<String>,
}
