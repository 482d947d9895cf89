//! Rule packs: the typed file format (`spec`), merging packs handed in as
//! text in order (`merge`), and compilation into a `RuleSet` that is built
//! once and shared read-only by every thread. Reading pack files is the
//! caller's business: this module sees only their names and text.

mod compile;
mod line_pattern;
mod merge;
pub mod spec;

pub use line_pattern::line_pattern;
pub use merge::PackSource;
pub use spec::{CheckKind, Examples};

use crate::attribution::AttributionModel;
use crate::attribution::vocabulary::AttributionExample;
use crate::document::zones::{Scope, ZoneRules};
use crate::error::{Location, PackError, RuleError};
use crate::finding::Severity;
use crate::score::Scoring;
use merge::{DraftRule, MergedPacks, Sourced};
use regex::{Regex, RegexSet, RegexSetBuilder};
use std::collections::BTreeMap;
use toml::Spanned;

/// The built-in pack, embedded so the binary works from any folder.
/// Invariant (tested): every `rules/*.toml` file is listed here.
pub const BUILTIN_PACK: &[(&str, &str)] = &[
    (
        "rules/pack.toml",
        include_str!("../../../../rules/pack.toml"),
    ),
    (
        "rules/anonymous-source.toml",
        include_str!("../../../../rules/anonymous-source.toml"),
    ),
    (
        "rules/wire-service.toml",
        include_str!("../../../../rules/wire-service.toml"),
    ),
    (
        "rules/republication.toml",
        include_str!("../../../../rules/republication.toml"),
    ),
    (
        "rules/garbled-text.toml",
        include_str!("../../../../rules/garbled-text.toml"),
    ),
    (
        "rules/boilerplate.toml",
        include_str!("../../../../rules/boilerplate.toml"),
    ),
    (
        "rules/attribution.toml",
        include_str!("../../../../rules/attribution.toml"),
    ),
    (
        "rules/suppression.toml",
        include_str!("../../../../rules/suppression.toml"),
    ),
];

/// What a rule matches with, once compiled.
#[derive(Debug)]
pub(crate) enum Matcher {
    Regexes(Vec<Regex>),
    Check(CheckKind),
}

/// A compiled rule. Disabled rules are kept (for listing) but never run.
#[derive(Debug)]
pub struct Rule {
    /// Unique id: lowercase words joined by dots or hyphens, e.g. `anonymous.sources-say`.
    pub id: String,
    /// Lowercase words joined by hyphens, e.g. `anonymous-source`; findings
    /// are merged, counted and capped per category.
    pub category: String,
    /// Severity of the rule's findings, after overrides.
    pub severity: Severity,
    /// The findings' message template, with `{match}`, `{agency}` and the
    /// other capture names still unfilled.
    pub message: String,
    /// Points the first finding costs in the score, 0 or more (default 1).
    pub weight: f64,
    /// A longer account of what the rule flags and why, if the pack gives one.
    pub description: Option<String>,
    /// Where the practice the rule checks is set out.
    pub reference: Option<String>,
    /// False when a pack or an override disabled the rule (default true).
    pub enabled: bool,
    /// The zones whose text the rule looks at.
    pub scope: Scope,
    /// Texts the rule must and must not flag (see `analysis::examples`).
    pub examples: Examples,
    /// The regexes as they are run (lexicons expanded, phrases joined); empty for checks.
    pub patterns: Vec<String>,
    /// The patterns and phrases as the pack writes them.
    pub written_patterns: Vec<String>,
    /// The phrases as the pack writes them.
    pub written_phrases: Vec<String>,
    /// The files that defined or changed this rule, in load order.
    pub defined_in: Vec<String>,
    pub(crate) matcher: Matcher,
    pub(crate) exceptions: Vec<Regex>,
    /// The `furniture-run` check's parameters; `None` for other rules.
    pub(crate) structure: Option<std::sync::Arc<Structure>>,
    /// The `run-together` check's parameters; `None` for other rules.
    pub(crate) joins: Option<std::sync::Arc<Joins>>,
}

/// How the `run-together` check tells words run together from one word:
/// a run the English word list does not know that splits into known words.
#[derive(Debug, Clone)]
pub struct Joins {
    /// Closed-class words, lower case: a lower-case run is split only if
    /// one part is one of these.
    pub join_words: std::collections::HashSet<String>,
    /// How common (Zipf) each other part of a lower-case run must be.
    pub min_part_zipf: f32,
    /// The shortest lower-case run that is split.
    pub min_length: usize,
    /// The length of the longest join word.
    longest_join: usize,
    /// Words of page labels and buttons, lower case: two capitalised words
    /// joined are run together only if one of them is one of these.
    pub label_words: std::collections::HashSet<String>,
}

/// Words that label a page's buttons, menus and bylines: where two such
/// elements lose the boundary between them, one of these is usually one
/// side of the join ("Edit ProfileSign Out", "JamesStaff Writer").
const DEFAULT_LABEL_WORDS: &str = "account back close comments copied credit donate edit editor email facebook follow instagram latest listen login logout menu more newsletter next open photo play previous print profile read register related reply search share sign skip staff subscribe tags top topics twitter video";

/// Words that join others in running text, and are rarely the first or
/// last part of a compound: a lower-case run that splits into one of these
/// and a common word lost a space. Short words that begin or end many
/// words ("be", "as", "it", "its", and the prefixes "in", "on") are not
/// among them.
const DEFAULT_JOIN_WORDS: &str = "about after against and are been before but can could did does for from had has have her his into may might more most not of our said says she should than that the their them then there these they this those to was were what when where which while who will with would you your";

impl Joins {
    /// Whether a lower-case run begins or ends with a join word, as every
    /// run this check splits does (cheap, so the word list is searched
    /// only for such runs).
    pub(crate) fn begins_or_ends(&self, run: &str) -> bool {
        (2..run.len().min(self.longest_join + 1)).any(|n| {
            run.get(..n).is_some_and(|p| self.join_words.contains(p))
                || run
                    .get(run.len() - n..)
                    .is_some_and(|s| self.join_words.contains(s))
        })
    }

    /// The parameters a `[rule.joins]` table gives, defaults for the rest.
    pub fn from_spec(spec: &spec::JoinsSpec) -> Result<Joins, String> {
        let words = |given: &Option<Vec<String>>, default: &str| match given {
            Some(words) => words.iter().map(|w| w.to_lowercase()).collect(),
            None => default.split_whitespace().map(str::to_owned).collect(),
        };
        let join_words: std::collections::HashSet<String> =
            words(&spec.join_words, DEFAULT_JOIN_WORDS);
        let joins = Joins {
            label_words: words(&spec.label_words, DEFAULT_LABEL_WORDS),
            longest_join: join_words.iter().map(String::len).max().unwrap_or(0),
            join_words,
            min_part_zipf: spec.min_part_zipf.unwrap_or(2.5) as f32,
            min_length: spec.min_length.unwrap_or(7),
        };
        if !(0.0..=8.0).contains(&joins.min_part_zipf) {
            return Err(format!(
                "`min-part-zipf` must be a Zipf frequency from 0 to 8, not {}",
                joins.min_part_zipf
            ));
        }
        if let Some(word) = joins
            .join_words
            .iter()
            .find(|w| w.len() < 2 || !w.bytes().all(|b| b.is_ascii_lowercase()))
        {
            return Err(format!(
                "`join-words` takes words of two or more letters a-z, not {word:?}"
            ));
        }
        if joins.min_length < 4 {
            return Err("`min-length` must be 4 or more".into());
        }
        Ok(joins)
    }
}

/// How the `furniture-run` check tells furniture from article text, after
/// jusText's classes: each non-blank line is *prose* (long enough, with
/// enough stop words), *short* (classed by the lines around it) or
/// *furniture* (few stop words, or capitalised words without a sentence
/// end, or link-like); a run of at least `min_run` furniture lines is one
/// finding.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Lines shorter than this (in characters) are short.
    pub short_chars: usize,
    /// Lines at least this long with enough stop words are prose even
    /// without a sentence end.
    pub long_chars: usize,
    /// The share of stop words at or above which a line reads as prose.
    pub stop_word_share: f64,
    /// The share of capitalised words at or above which a line without a
    /// sentence end reads as a heading or menu item.
    pub title_case_share: f64,
    /// The fewest furniture lines in a row that make a finding.
    pub min_run: usize,
    /// The fewest documents of a run that must carry a line for it to read
    /// as the site's furniture (below 2: not used).
    pub min_shared_documents: usize,
    /// The least share of the stories analysed together that must carry a
    /// line for it to read as the site's furniture.
    pub min_shared_share: f64,
    /// Stop words, lower case.
    pub stop_words: std::collections::HashSet<String>,
}

/// English function words: their share tells running prose from menus,
/// headlines and labels.
const DEFAULT_STOP_WORDS: &str = "a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours";

impl Structure {
    /// The parameters a `[rule.structure]` table gives, defaults for the rest.
    pub fn from_spec(spec: &spec::StructureSpec) -> Result<Structure, String> {
        let share = |name: &str, value: Option<f64>, default: f64| match value {
            Some(v) if !(0.0..=1.0).contains(&v) => {
                Err(format!("`{name}` must be a share from 0 to 1, not {v}"))
            }
            Some(v) => Ok(v),
            None => Ok(default),
        };
        let structure = Structure {
            short_chars: spec.short_chars.unwrap_or(40),
            long_chars: spec.long_chars.unwrap_or(160),
            stop_word_share: share("stop-word-share", spec.stop_word_share, 0.25)?,
            title_case_share: share("title-case-share", spec.title_case_share, 0.6)?,
            min_run: spec.min_run.unwrap_or(3),
            min_shared_documents: spec.min_shared_documents.unwrap_or(3),
            min_shared_share: share("min-shared-share", spec.min_shared_share, 0.05)?,
            stop_words: match &spec.stop_words {
                Some(words) => words.iter().map(|w| w.to_lowercase()).collect(),
                None => DEFAULT_STOP_WORDS
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
            },
        };
        if structure.min_run == 0 {
            return Err("`min-run` must be 1 or more".into());
        }
        if structure.long_chars < structure.short_chars {
            return Err("`long-chars` must be at least `short-chars`".into());
        }
        Ok(structure)
    }
}

impl Rule {
    /// The built-in check the rule runs, or `None` for a rule that matches with regexes.
    pub fn check(&self) -> Option<CheckKind> {
        match self.matcher {
            Matcher::Check(kind) => Some(kind),
            Matcher::Regexes(_) => None,
        }
    }
}

/// One `RegexSet` over the regexes of one category, with the map from a set
/// pattern index back to (rule index, regex index within the rule).
#[derive(Debug)]
pub(crate) struct Prefilter {
    pub set: RegexSet,
    pub map: Vec<(usize, usize)>,
}

/// Every loaded rule, compiled, plus the `RegexSet`s that find, one pass per
/// category, which regex rules can match a document at all. One set per
/// category rather than one for all: an overlapping search tracks every
/// pattern at once, and the lazy DFA's states multiply with the number of
/// patterns that can be live together; five smaller sets scan ~1.5x faster.
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    pub(crate) prefilters: Vec<Prefilter>,
    pub(crate) check_rules: Vec<usize>,
    /// The score parameters, merged over all packs (and any `rescore`).
    pub scoring: Scoring,
    /// Lower-cased spelling -> canonical agency name.
    agencies: BTreeMap<String, String>,
    /// The attribution model, compiled from the packs' `[attribution]` lists.
    pub attribution: AttributionModel,
    /// The packs' `[[attribution.example]]`s, with where each is written.
    pub attribution_examples: Vec<(Location, AttributionExample)>,
    /// How plain text is split into zones.
    pub zones: ZoneRules,
    /// The `[pack] name` of each pack that gives one, in load order.
    pub pack_names: Vec<String>,
}

impl RuleSet {
    /// The built-in pack's sources, in load order.
    pub fn builtin_sources() -> Vec<PackSource> {
        BUILTIN_PACK
            .iter()
            .map(|(name, text)| PackSource::new(format!("<builtin>/{name}"), *text))
            .collect()
    }

    /// The built-in pack alone.
    pub fn builtin() -> Result<RuleSet, PackError> {
        RuleSet::from_sources(&RuleSet::builtin_sources())
    }

    /// Merge, validate and compile packs given as text.
    pub fn from_sources(sources: &[PackSource]) -> Result<RuleSet, PackError> {
        let merged = merge::merge(sources).map_err(many)?;
        compile_all(merged, sources).map_err(many)
    }

    /// All rules, enabled or not, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The categories of the rules, enabled or not, sorted, each once.
    pub fn categories(&self) -> Vec<&str> {
        let mut categories: Vec<&str> = self.rules.iter().map(|r| r.category.as_str()).collect();
        categories.sort_unstable();
        categories.dedup();
        categories
    }

    /// Whether `name` is a loaded rule's id or category: what a
    /// retune or a suppression may name.
    pub fn names_rule_or_category(&self, name: &str) -> bool {
        self.rule(name).is_some() || self.rules.iter().any(|r| r.category == name)
    }

    /// ` (did you mean `X`?)` with the loaded rule id or category closest
    /// to a `name` that is neither, or nothing (see
    /// [`crate::suggest::did_you_mean`]).
    pub fn rule_or_category_hint(&self, name: &str) -> String {
        let ids = self.rules.iter().map(|r| r.id.as_str());
        crate::suggest::hint(name, ids.chain(self.categories()))
    }

    /// The rule with this id, enabled or not, if there is one.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// The canonical name of an agency spelling ("AP" -> "Associated Press");
    /// an unknown spelling is returned as written.
    pub fn canonical_agency(&self, spelling: &str) -> String {
        let key = spelling.trim().to_lowercase();
        self.agencies
            .get(&key)
            .cloned()
            .unwrap_or_else(|| spelling.trim().to_owned())
    }
}

/// The regexes joined into one alternation (each already compiled alone,
/// so the join compiles too); the regexes as they are if it does not.
fn one_of(regexes: &[Regex]) -> Vec<Regex> {
    if regexes.len() < 2 {
        return regexes.to_vec();
    }
    let joined = regexes
        .iter()
        .map(|r| format!("(?:{})", r.as_str()))
        .collect::<Vec<_>>()
        .join("|");
    match compile::build(&joined) {
        Ok(regex) => vec![regex],
        Err(_) => regexes.to_vec(),
    }
}

/// The longest first line of plain text that is taken for a title when no
/// pack says otherwise.
const DEFAULT_TITLE_MAX_CHARS: usize = 160;

fn many(mut errors: Vec<RuleError>) -> PackError {
    if errors.len() == 1 {
        PackError::Rule(errors.remove(0))
    } else {
        PackError::Many(errors)
    }
}

fn compile_all(merged: MergedPacks, sources: &[PackSource]) -> Result<RuleSet, Vec<RuleError>> {
    let mut errors = Vec::new();
    let scoring = match Scoring::from_specs(&merged.scoring) {
        Ok(scoring) => scoring,
        Err((pack, offset, message)) => {
            errors.push(sources[pack].error(offset, None, message));
            Scoring::default()
        }
    };
    let vocabulary = compile::Vocabulary {
        lexicons: Some(&merged.lexicons),
        fragments: Some(&merged.fragments),
    };
    let mut rules = Vec::with_capacity(merged.rules.len());
    for draft in merged.rules.into_values() {
        match compile_rule(draft, &vocabulary, sources) {
            Ok(rule) => rules.push(rule),
            Err(err) => errors.push(err),
        }
    }
    let mut zone_pattern = |pattern: &Sourced<String>, what: &str| {
        compile_pattern(&pattern.value, &vocabulary)
            .map_err(|m| {
                errors.push(sources[pattern.pack].error(
                    pattern.offset,
                    None,
                    format!("[zones] {what} pattern: {m}"),
                ))
            })
            .ok()
    };
    let caption: Vec<Regex> = merged
        .zone_captions
        .iter()
        .filter_map(|p| zone_pattern(p, "caption"))
        .collect();
    let byline: Vec<Regex> = merged
        .zone_bylines
        .iter()
        .filter_map(|p| zone_pattern(p, "byline"))
        .collect();
    // Each list is tried on every line of every document: one regex of
    // the alternatives is one pass per line instead of one per pattern.
    let zones = ZoneRules {
        caption: one_of(&caption),
        byline: one_of(&byline),
        title_max_chars: merged.title_max_chars.unwrap_or(DEFAULT_TITLE_MAX_CHARS),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let (prefilters, check_rules) = build_prefilters(&rules).map_err(|message| {
        vec![RuleError {
            location: sources
                .first()
                .map_or_else(|| PackSource::new("<rules>", "").locate(0), |s| s.locate(0)),
            rule_id: None,
            message,
        }]
    })?;
    let mut agencies = BTreeMap::new();
    for (canonical, aliases) in &merged.agencies {
        agencies.insert(canonical.to_lowercase(), canonical.clone());
        for alias in aliases {
            agencies.insert(alias.trim().to_lowercase(), canonical.clone());
        }
    }
    // The model credits agencies by the spellings of the `wire-agencies`
    // lexicon, canonicalised by the `[agencies]` table.
    let agency_spellings: Vec<(String, String)> = merged
        .lexicons
        .get("wire-agencies")
        .into_iter()
        .flatten()
        .map(|spelling| {
            let canonical = agencies
                .get(&spelling.trim().to_lowercase())
                .cloned()
                .unwrap_or_else(|| spelling.trim().to_owned());
            (spelling.trim().to_owned(), canonical)
        })
        .collect();
    let attribution = AttributionModel::compile(
        &merged.attribution,
        agency_spellings,
        merged
            .lexicons
            .get("anonymity-reasons")
            .map_or(&[][..], Vec::as_slice),
    )
    .map_err(|message| {
        vec![RuleError {
            location: sources
                .first()
                .map_or_else(|| PackSource::new("<rules>", "").locate(0), |s| s.locate(0)),
            rule_id: None,
            message: format!("the [attribution] lists do not compile: {message}"),
        }]
    })?;
    Ok(RuleSet {
        rules,
        prefilters,
        check_rules,
        scoring,
        agencies,
        attribution,
        attribution_examples: merged.attribution_examples,
        zones,
        pack_names: merged.pack_names.into_iter().flatten().collect(),
    })
}

/// The per-category sets over the enabled regex rules, and the indices of
/// the enabled check rules.
fn build_prefilters(rules: &[Rule]) -> Result<(Vec<Prefilter>, Vec<usize>), String> {
    // category -> (patterns, (rule index, regex index) of each)
    type Patterns = (Vec<String>, Vec<(usize, usize)>);
    let mut by_category: BTreeMap<&str, Patterns> = BTreeMap::new();
    let mut check_rules = Vec::new();
    for (rule_index, rule) in rules.iter().enumerate() {
        if !rule.enabled {
            continue;
        }
        match &rule.matcher {
            Matcher::Regexes(regexes) => {
                let entry = by_category.entry(rule.category.as_str()).or_default();
                for (i, regex) in regexes.iter().enumerate() {
                    entry.0.push(compile::prefilter_pattern(regex.as_str()));
                    entry.1.push((rule_index, i));
                }
            }
            Matcher::Check(_) => check_rules.push(rule_index),
        }
    }
    let mut prefilters = Vec::with_capacity(by_category.len());
    for (category, (patterns, map)) in by_category {
        let set = RegexSetBuilder::new(&patterns)
            .size_limit(4 * compile::SIZE_LIMIT)
            .dfa_size_limit(compile::SET_DFA_CACHE_LIMIT)
            .build()
            .map_err(|err| {
                format!(
                    "the rules of category `{category}` together are too large to compile: {err}"
                )
            })?;
        prefilters.push(Prefilter { set, map });
    }
    Ok((prefilters, check_rules))
}

/// A change to rules by id or by category, from a project configuration.
#[derive(Debug, Clone, Default)]
pub struct RuleOverride {
    /// The severity to give the rules; `None` keeps theirs.
    pub severity: Option<Severity>,
    /// The weight to give the rules, 0 or more; `None` keeps theirs.
    pub weight: Option<f64>,
    /// Enable (`true`) or disable (`false`) the rules; `None` leaves them as they are.
    pub enabled: Option<bool>,
}

impl RuleSet {
    /// Apply overrides to the rules whose id or category is `target`.
    /// Returns how many rules it changed (0: no such rule or category).
    pub fn retune(&mut self, target: &str, change: &RuleOverride) -> Result<usize, String> {
        if let Some(w) = change.weight
            && (!w.is_finite() || w < 0.0)
        {
            return Err(format!("weight must be a number of 0 or more, not {w}"));
        }
        let mut changed = 0;
        let mut enabled_changed = false;
        for rule in self
            .rules
            .iter_mut()
            .filter(|r| r.id == target || r.category == target)
        {
            changed += 1;
            if let Some(severity) = change.severity {
                rule.severity = severity;
            }
            if let Some(weight) = change.weight {
                rule.weight = weight;
            }
            if let Some(enabled) = change.enabled {
                enabled_changed |= rule.enabled != enabled;
                rule.enabled = enabled;
            }
        }
        if enabled_changed {
            let (prefilters, check_rules) = build_prefilters(&self.rules)?;
            self.prefilters = prefilters;
            self.check_rules = check_rules;
        }
        Ok(changed)
    }

    /// Apply a `[scoring]` table on top of the packs' scoring.
    pub fn rescore(&mut self, spec: &crate::score::ScoringSpec) -> Result<(), String> {
        self.scoring.apply(spec)
    }
}

fn compile_rule(
    draft: DraftRule,
    lexicons: &compile::Vocabulary<'_>,
    sources: &[PackSource],
) -> Result<Rule, RuleError> {
    let id = draft.id.value.clone();
    let at_id = |message: String| sources[draft.id.pack].error(draft.id.offset, Some(&id), message);
    let at = |pack: usize, item: &Spanned<String>, message: String| {
        sources[pack].error(item.span().start, Some(&id), message)
    };
    let category = draft
        .last(|s| s.category.as_ref())
        .ok_or_else(|| at_id("missing field `category`".into()))?
        .1
        .get_ref()
        .clone();
    let severity = *draft
        .last(|s| s.severity.as_ref())
        .ok_or_else(|| at_id("missing field `severity` (info, warning or error)".into()))?
        .1;
    let message = draft
        .last(|s| s.message.as_ref())
        .ok_or_else(|| at_id("missing field `message`".into()))?
        .1
        .clone();
    let (matching_pack, matching) = match draft.matching() {
        Some((pack, spec)) => (pack, Some(spec)),
        None => (draft.id.pack, None),
    };
    let patterns: &[Spanned<String>] = matching
        .and_then(|s| s.patterns.as_deref())
        .unwrap_or_default();
    let phrases: &[Spanned<String>] = matching
        .and_then(|s| s.phrases.as_deref())
        .unwrap_or_default();
    let matcher = match matching.and_then(|s| s.check) {
        Some(check) => {
            if !patterns.is_empty() || !phrases.is_empty() {
                return Err(at_id(format!(
                    "a rule with `check = \"{}\"` takes no `patterns` or `phrases`",
                    check.as_str()
                )));
            }
            Matcher::Check(check)
        }
        None => {
            if patterns.is_empty() && phrases.is_empty() {
                return Err(at_id(
                    "a rule needs `patterns`, `phrases` or a `check` to match with".into(),
                ));
            }
            let mut regexes = Vec::new();
            for pattern in patterns {
                regexes.push(
                    compile_pattern(pattern.get_ref(), lexicons)
                        .map_err(|m| at(matching_pack, pattern, m))?,
                );
            }
            if let Some(empty) = phrases.iter().find(|p| p.get_ref().trim().is_empty()) {
                return Err(at(matching_pack, empty, "empty phrase".into()));
            }
            if !phrases.is_empty() {
                let words: Vec<String> = phrases.iter().map(|p| p.get_ref().clone()).collect();
                let regex = compile::build(&compile::phrase_pattern(&words)).map_err(|m| {
                    at(
                        matching_pack,
                        &phrases[0],
                        format!("phrases do not compile: {m}"),
                    )
                })?;
                regexes.push(regex);
            }
            Matcher::Regexes(regexes)
        }
    };
    let check = matching.and_then(|s| s.check);
    let at_offset =
        |pack: usize, offset: usize, message| sources[pack].error(offset, Some(&id), message);
    let structure = check_parameters(
        check,
        CheckKind::FurnitureRun,
        "structure",
        draft.last(|s| s.structure.as_ref()),
        Structure::from_spec,
        &at_id,
        &at_offset,
    )?;
    let joins = check_parameters(
        check,
        CheckKind::RunTogether,
        "joins",
        draft.last(|s| s.joins.as_ref()),
        Joins::from_spec,
        &at_id,
        &at_offset,
    )?;
    let mut exceptions = Vec::new();
    if let Some((pack, written)) = draft.last(|s| s.exceptions.as_ref()) {
        for exception in written {
            exceptions.push(
                compile_pattern(exception.get_ref(), lexicons)
                    .map_err(|m| at(pack, exception, m))?,
            );
        }
    }
    let written_patterns = patterns.iter().map(|p| p.get_ref().clone()).collect();
    let written_phrases = phrases.iter().map(|p| p.get_ref().clone()).collect();
    let patterns = match &matcher {
        Matcher::Regexes(regexes) => regexes.iter().map(|r| r.as_str().to_owned()).collect(),
        Matcher::Check(_) => Vec::new(),
    };
    // Every scope was parsed when its pack was merged, so this cannot fail.
    let scope = draft
        .last(|s| s.scope.as_ref())
        .and_then(|(_, scope)| Scope::parse(scope.get_ref().names()).ok())
        .unwrap_or(Scope::ANY);
    Ok(Rule {
        id: id.clone(),
        category,
        severity,
        message,
        weight: draft
            .last(|s| s.weight.as_ref())
            .map_or(1.0, |(_, w)| *w.get_ref()),
        description: draft
            .last(|s| s.description.as_ref())
            .map(|(_, d)| d.clone()),
        reference: draft.last(|s| s.reference.as_ref()).map(|(_, r)| r.clone()),
        enabled: draft.last(|s| s.enabled.as_ref()).is_none_or(|(_, e)| *e),
        scope,
        examples: draft
            .last(|s| s.examples.as_ref())
            .map(|(_, e)| e.clone())
            .unwrap_or_default(),
        patterns,
        written_patterns,
        written_phrases,
        defined_in: draft.packs().map(|p| sources[p].name.clone()).collect(),
        matcher,
        exceptions,
        structure,
        joins,
    })
}

/// The parameters of a check that reads a `[rule.<table>]` table: compiled
/// from the last pack that writes the table (errors at its place), from the
/// defaults when none does (errors at the rule's id); `None` for a rule of
/// another check, for which writing the table is an error.
fn check_parameters<S: Default, T>(
    check: Option<CheckKind>,
    reads: CheckKind,
    table: &str,
    written: Option<(usize, &Spanned<S>)>,
    compile: fn(&S) -> Result<T, String>,
    at_id: &dyn Fn(String) -> RuleError,
    at_offset: &dyn Fn(usize, usize, String) -> RuleError,
) -> Result<Option<std::sync::Arc<T>>, RuleError> {
    let at_table = |pack: usize, written: &Spanned<S>, m| at_offset(pack, written.span().start, m);
    let compiled = match (check == Some(reads), written) {
        (true, Some((pack, written))) => {
            compile(written.get_ref()).map_err(|m| at_table(pack, written, m))?
        }
        (true, None) => compile(&S::default()).map_err(at_id)?,
        (false, Some((pack, written))) => {
            return Err(at_table(
                pack,
                written,
                format!(
                    "`[rule.{table}]` is for rules with `check = \"{}\"`",
                    reads.as_str()
                ),
            ));
        }
        (false, None) => return Ok(None),
    };
    Ok(Some(std::sync::Arc::new(compiled)))
}

fn compile_pattern(pattern: &str, lexicons: &compile::Vocabulary<'_>) -> Result<Regex, String> {
    let expanded = compile::expand_lexicons(pattern, lexicons)?;
    let regex = compile::build(&compile::ascii_word_boundaries(&expanded))
        .map_err(|m| format!("invalid regex: {}", m.trim()))?;
    // A pattern that matches nothing at all in a control character can only
    // be matching the empty string, at every position of every text.
    if regex.find("\u{1}").is_some_and(|m| m.is_empty()) {
        return Err("pattern matches the empty string everywhere".into());
    }
    Ok(regex)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(text: &str) -> Result<RuleSet, PackError> {
        RuleSet::from_sources(&[PackSource::new("test.toml", text)])
    }

    const RULE: &str = r#"
[[rule]]
id = "test.sources"
category = "anonymous-source"
severity = "warning"
message = "m"
phrases = ["sources say"]
[rule.examples]
match = ["Sources say so."]
no-match = ["sources of energy"]
"#;

    #[test]
    fn a_wrong_example_is_reported() {
        let rules = pack(&RULE.replace("sources of energy", "sources say it")).unwrap();
        let failures = crate::analysis::examples::check_examples(&rules);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].rule, "test.sources");
        assert!(!failures[0].expected_match);
    }

    #[test]
    fn later_pack_overrides_by_id() {
        let rules = RuleSet::from_sources(&[
            PackSource::new("a.toml", RULE),
            PackSource::new(
                "b.toml",
                "[[rule]]\nid = \"test.sources\"\nseverity = \"error\"\nweight = 7\n",
            ),
        ])
        .unwrap();
        let rule = rules.rule("test.sources").unwrap();
        assert_eq!(rule.severity, Severity::Error);
        assert_eq!(rule.weight, 7.0);
        assert_eq!(rule.message, "m");
        assert_eq!(rule.defined_in, ["a.toml", "b.toml"]);
    }

    #[test]
    fn a_check_parameter_table_is_checked_where_it_is_written() {
        let misplaced = format!("{RULE}[rule.joins]\nmin-length = 8\n");
        let err = pack(&misplaced).unwrap_err().to_string();
        assert!(
            err.contains("test.toml:11:1: rule `test.sources`: `[rule.joins]` is for rules with `check = \"run-together\"`"),
            "{err}"
        );
        let misplaced = format!("{RULE}[rule.structure]\nmin-run = 2\n");
        let err = pack(&misplaced).unwrap_err().to_string();
        assert!(
            err.contains("`[rule.structure]` is for rules with `check = \"furniture-run\"`"),
            "{err}"
        );
        let check = "[[rule]]\nid = \"test.joins\"\ncategory = \"garbled-text\"\nseverity = \"warning\"\nmessage = \"m\"\ncheck = \"run-together\"\n[rule.joins]\nmin-length = 2\n";
        let err = pack(check).unwrap_err().to_string();
        assert!(
            err.contains("test.toml:7:1: rule `test.joins`: `min-length` must be 4 or more"),
            "{err}"
        );
        let ok = check.replace("min-length = 2", "min-length = 9");
        let rules = pack(&ok).unwrap();
        assert_eq!(
            rules
                .rule("test.joins")
                .and_then(|r| r.joins.as_deref())
                .map(|j| j.min_length),
            Some(9)
        );
    }

    #[test]
    fn errors_name_file_line_column_and_rule() {
        let err = pack(&RULE.replace("message = \"m\"", "message = \"m\"\ncolour = \"red\""))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("test.toml:7:1: rule `test.sources`: unknown field `colour`"),
            "{err}"
        );

        let err = pack(&RULE.replace("phrases = [\"sources say\"]", "patterns = ['(unclosed']"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("test.toml:7:13: rule `test.sources`: invalid regex"),
            "{err}"
        );

        let err = pack(&format!("{RULE}{RULE}")).unwrap_err().to_string();
        assert!(err.contains("test.toml:13:6: rule `test.sources`: duplicate rule id (first defined at line 3, column 6)"), "{err}");

        let err = pack(&RULE.replace("category = \"anonymous-source\"\n", ""))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("rule `test.sources`: missing field `category`"),
            "{err}"
        );
    }

    #[test]
    fn unknown_lexicon_and_empty_matcher_are_errors() {
        let err = pack(&RULE.replace("phrases = [\"sources say\"]", "patterns = ['{{nope}}']"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown lexicon or fragment `{{nope}}`"),
            "{err}"
        );
        let err = pack(&RULE.replace("phrases = [\"sources say\"]", "patterns = ['x*']"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("matches the empty string"), "{err}");
        let err = pack(&RULE.replace("phrases = [\"sources say\"]", ""))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("needs `patterns`, `phrases` or a `check`"),
            "{err}"
        );
    }
}
