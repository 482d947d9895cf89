//! Merging rule packs, handed in as text, in order: built-in pack first, then
//! each user pack. A later pack overrides a rule by id, field by field; within
//! one pack an id may appear only once. Every error carries file:line:column.
//! A rule's keys are declared once, in `spec::RuleSpec`: merging keeps every
//! pack's spec of a rule, and compilation reads each key from the last pack
//! that gives it.

use super::spec::{PackFile, RuleSpec};
use crate::attribution::AttributionSpec;
use crate::attribution::vocabulary::AttributionExample;
use crate::document::Document;
use crate::document::zones::Scope;
use crate::error::{Location, RuleError};
use crate::finding::is_valid_category;
use crate::score::ScoringSpec;
use std::collections::BTreeMap;
use toml::Spanned;

/// The text of one rule file and the name errors will use for it.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// The name errors give the file: its path, or `<builtin>/rules/...` for the built-in pack.
    pub name: String,
    /// The file's TOML text.
    pub text: String,
}

impl PackSource {
    /// A pack file from the name errors should use and its TOML text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        PackSource {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The file, line and column of a byte offset into this text.
    pub fn locate(&self, offset: usize) -> Location {
        let (line, column) = Document::new("", self.text.as_str()).line_col(offset);
        Location {
            file: self.name.clone(),
            line,
            column,
        }
    }

    /// An error at a byte offset into this text, inside `rule_id` if given.
    pub fn error(&self, offset: usize, rule_id: Option<&str>, message: String) -> RuleError {
        RuleError {
            location: self.locate(offset),
            rule_id: rule_id.map(str::to_owned),
            message,
        }
    }
}

/// A value together with the pack it came from and its byte offset there.
#[derive(Debug, Clone)]
pub(crate) struct Sourced<T> {
    pub value: T,
    pub pack: usize,
    pub offset: usize,
}

impl<T> Sourced<T> {
    fn from_spanned(spanned: Spanned<T>, pack: usize) -> Self {
        let offset = spanned.span().start;
        Sourced {
            value: spanned.into_inner(),
            pack,
            offset,
        }
    }
}

/// A rule after all packs have been merged, before compilation: the spec of
/// it that each pack gave, in load order. Every spec was validated where it
/// was written (ids, categories, weights, scopes), so errors name its pack.
#[derive(Debug, Clone)]
pub(crate) struct DraftRule {
    /// The id where the rule was first defined.
    pub id: Sourced<String>,
    /// (pack index, that pack's spec of this rule), in load order.
    pub layers: Vec<(usize, RuleSpec)>,
}

impl DraftRule {
    /// The value of a key as the last pack that gives it writes it, with
    /// that pack's index.
    pub fn last<'a, T: ?Sized>(
        &'a self,
        key: impl Fn(&'a RuleSpec) -> Option<&'a T>,
    ) -> Option<(usize, &'a T)> {
        self.layers
            .iter()
            .rev()
            .find_map(|(pack, spec)| key(spec).map(|value| (*pack, value)))
    }

    /// The spec that says what the rule matches with: patterns, phrases and
    /// a check go together, so the last pack that gives any of them decides
    /// all three.
    pub fn matching(&self) -> Option<(usize, &RuleSpec)> {
        self.layers
            .iter()
            .rev()
            .find(|(_, s)| s.patterns.is_some() || s.phrases.is_some() || s.check.is_some())
            .map(|(pack, spec)| (*pack, spec))
    }

    /// Every pack that defined or changed this rule, in order.
    pub fn packs(&self) -> impl Iterator<Item = usize> + '_ {
        self.layers.iter().map(|(pack, _)| *pack)
    }
}

/// All packs merged: rules by id, lexicons, agency names, scoring overrides.
#[derive(Debug, Default)]
pub(crate) struct MergedPacks {
    pub rules: BTreeMap<String, DraftRule>,
    pub lexicons: BTreeMap<String, Vec<String>>,
    pub fragments: BTreeMap<String, String>,
    pub agencies: BTreeMap<String, Vec<String>>,
    pub scoring: Vec<(usize, Spanned<ScoringSpec>)>,
    pub attribution: AttributionSpec,
    /// Every pack's `[[attribution.example]]`, with where each is written.
    pub attribution_examples: Vec<(Location, AttributionExample)>,
    /// Zone patterns with the pack each came from, in load order.
    pub zone_captions: Vec<Sourced<String>>,
    pub zone_bylines: Vec<Sourced<String>>,
    pub title_max_chars: Option<usize>,
    pub pack_names: Vec<Option<String>>,
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split(['.', '-']).all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// Parse one pack file. A TOML or schema error is located and, when it lies
/// inside a `[[rule]]` table, names that rule's id.
fn parse(source: &PackSource) -> Result<PackFile, RuleError> {
    toml::from_str::<PackFile>(&source.text).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start);
        let rule_id = rule_id_at(&source.text, offset);
        source.error(offset, rule_id.as_deref(), err.message().trim().to_owned())
    })
}

/// The id of the `[[rule]]` table whose span holds `offset`, if the file is
/// valid TOML at all.
fn rule_id_at(text: &str, offset: usize) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Loose {
        #[serde(default)]
        rule: Vec<Spanned<toml::Table>>,
    }
    let loose: Loose = toml::from_str(text).ok()?;
    // The span of an array-of-tables entry covers only its `[[rule]]` header:
    // the entry runs on until the next header that is not its own subtable.
    let rule = loose
        .rule
        .iter()
        .rev()
        .find(|rule| rule.span().start <= offset)?;
    let body = text.get(rule.span().end..offset)?;
    let left_rule = body.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with('[') && !line.starts_with("[rule.") && !line.starts_with("[[rule.")
    });
    if left_rule {
        return None;
    }
    rule.get_ref().get("id")?.as_str().map(str::to_owned)
}

/// Merge packs in order. Collects every error it can rather than stopping at the first.
pub(crate) fn merge(sources: &[PackSource]) -> Result<MergedPacks, Vec<RuleError>> {
    let mut merged = MergedPacks::default();
    let mut errors = Vec::new();
    for (pack, source) in sources.iter().enumerate() {
        let file = match parse(source) {
            Ok(file) => file,
            Err(err) => {
                errors.push(err);
                merged.pack_names.push(None);
                continue;
            }
        };
        merged.pack_names.push(file.pack.map(|p| p.name));
        for (name, words) in file.lexicon {
            let offset = words.span().start;
            let words = words.into_inner();
            if words.iter().any(|w| w.trim().is_empty()) {
                errors.push(source.error(
                    offset,
                    None,
                    format!("lexicon `{name}` has an empty entry"),
                ));
            }
            merged.lexicons.entry(name).or_default().extend(words);
        }
        // A fragment is checked where a pattern uses it: alone it may not
        // be a whole regex, and it may name lexicons.
        for (name, fragment) in file.fragment {
            merged.fragments.insert(name, fragment.into_inner());
        }
        for (canonical, aliases) in file.agencies {
            merged
                .agencies
                .entry(canonical)
                .or_default()
                .extend(aliases);
        }
        if let Some(table) = file.attribution {
            for fault in merged.attribution.add(&table) {
                let mut message = fault.message;
                if let Some(first) = fault.first {
                    let first = source.locate(first);
                    message.push_str(&format!(
                        " (first at line {}, column {})",
                        first.line, first.column
                    ));
                }
                errors.push(source.error(fault.at, None, message));
            }
            for example in table.example {
                let at = source.locate(example.span().start);
                merged.attribution_examples.push((at, example.into_inner()));
            }
        }
        if let Some(zones) = file.zones {
            merged.zone_captions.extend(
                zones
                    .caption
                    .into_iter()
                    .map(|p| Sourced::from_spanned(p, pack)),
            );
            merged.zone_bylines.extend(
                zones
                    .byline
                    .into_iter()
                    .map(|p| Sourced::from_spanned(p, pack)),
            );
            if zones.title_max_chars.is_some() {
                merged.title_max_chars = zones.title_max_chars;
            }
        }
        if let Some(scoring) = file.scoring {
            merged.scoring.push((pack, scoring));
        }
        let mut ids_in_pack: BTreeMap<String, usize> = BTreeMap::new();
        for rule in file.rule {
            let spec = rule.into_inner();
            let id_offset = spec.id.span().start;
            let id = spec.id.get_ref().clone();
            if !is_valid_id(&id) {
                errors.push(source.error(
                    id_offset,
                    Some(&id),
                    "rule ids are lowercase words joined by dots or hyphens, e.g. `anonymous.sources-say`".into(),
                ));
                continue;
            }
            if let Some(first) = ids_in_pack.insert(id.clone(), id_offset) {
                let first = source.locate(first);
                errors.push(source.error(
                    id_offset,
                    Some(&id),
                    format!(
                        "duplicate rule id (first defined at line {}, column {})",
                        first.line, first.column
                    ),
                ));
                continue;
            }
            if let Err(err) = apply(&mut merged.rules, spec, pack, source) {
                errors.push(err);
            }
        }
    }
    if errors.is_empty() {
        Ok(merged)
    } else {
        Err(errors)
    }
}

/// Add a new rule, or override the fields an earlier pack's rule gives.
fn apply(
    rules: &mut BTreeMap<String, DraftRule>,
    spec: RuleSpec,
    pack: usize,
    source: &PackSource,
) -> Result<(), RuleError> {
    let id = Sourced::from_spanned(spec.id.clone(), pack);
    if let Some(category) = &spec.category
        && !is_valid_category(category.get_ref())
    {
        return Err(source.error(
            category.span().start,
            Some(&id.value),
            format!(
                "category `{}` must be lowercase words joined by hyphens, e.g. `anonymous-source`",
                category.get_ref()
            ),
        ));
    }
    if let Some(weight) = &spec.weight {
        let w = *weight.get_ref();
        if !w.is_finite() || w < 0.0 {
            return Err(source.error(
                weight.span().start,
                Some(&id.value),
                format!("weight must be a number of 0 or more, not {w}"),
            ));
        }
    }
    if let Some(scope) = &spec.scope {
        Scope::parse(scope.get_ref().names())
            .map_err(|message| source.error(scope.span().start, Some(&id.value), message))?;
    }
    rules
        .entry(id.value.clone())
        .or_insert_with(|| DraftRule {
            id,
            layers: Vec::new(),
        })
        .layers
        .push((pack, spec));
    Ok(())
}
