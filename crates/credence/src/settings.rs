//! The one configuration layering every subcommand uses: built-in defaults <
//! the project's `credence.toml` (found by walking up from the current
//! folder, unless `--no-config`) < `--config FILE` < command-line flags.
//! Unknown keys and names that match no rule are errors with
//! file:line:column. The result is validated settings; the raw arguments
//! stay in `cli`.

use crate::cli::{ConfigArgs, RuleArgs};
use crate::packs::{self, RuleSource};
use credence_core::report::Thresholds;
use credence_core::rules::{PackSource, RuleOverride};
use credence_core::score::ScoringSpec;
use credence_core::{RuleError, RuleSet, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// What a folder walk picks up when no extensions are configured.
pub const DEFAULT_EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "html", "htm"];

/// The name of the project file.
pub const PROJECT_FILE: &str = "credence.toml";

/// When findings make a run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Info,
    Warning,
    #[default]
    Error,
    /// Never fail on findings (only the score threshold applies).
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    rules: Option<Vec<Spanned<String>>>,
    default_rules: Option<bool>,
    fail_under: Option<Spanned<u32>>,
    fail_on: Option<FailOn>,
    extensions: Option<Vec<String>>,
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    force_exclude: Option<bool>,
    #[serde(default)]
    rule: BTreeMap<Spanned<String>, OverrideSpec>,
    #[serde(default)]
    category: BTreeMap<Spanned<String>, OverrideSpec>,
    scoring: Option<Spanned<ScoringSpec>>,
    #[serde(default)]
    per_path: Vec<Spanned<PerPathSpec>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl OverrideSpec {
    /// Lay `later` over this change: a field it sets wins.
    fn overlay(&mut self, later: &OverrideSpec) {
        self.severity = later.severity.or(self.severity);
        self.weight = later.weight.or(self.weight);
        self.enabled = later.enabled.or(self.enabled);
    }

    /// Forget the fields `later` sets (it is applied after this one and
    /// wins on them).
    fn forget(&mut self, later: &OverrideSpec) {
        if later.severity.is_some() {
            self.severity = None;
        }
        if later.weight.is_some() {
            self.weight = None;
        }
        if later.enabled.is_some() {
            self.enabled = None;
        }
    }

    fn is_empty(&self) -> bool {
        self.severity.is_none() && self.weight.is_none() && self.enabled.is_none()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PerPathSpec {
    pub paths: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
}

/// The table a retune was written in. Both retune the rules whose id or
/// category is the target; within a layer `[category.X]` tables apply
/// before `[rule.X]` tables, so a rule's own retune wins over its
/// category's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetuneTable {
    Category,
    Rule,
}

/// A change to rules, with where it was written (for errors).
#[derive(Debug, Clone)]
pub struct Retune {
    pub table: RetuneTable,
    pub target: String,
    pub change: OverrideSpec,
    pub location: RuleError,
}

/// The merged configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub files: Vec<PathBuf>,
    pub packs: Vec<PathBuf>,
    pub default_rules: Option<bool>,
    pub fail_under: Option<u32>,
    pub fail_on: Option<FailOn>,
    pub extensions: Option<Vec<String>>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Apply the excludes to files named on the command line too.
    pub force_exclude: Option<bool>,
    /// The folder of the project file in use; `None`: the current folder.
    pub root: Option<PathBuf>,
    pub retunes: Vec<Retune>,
    pub scoring: Vec<(ScoringSpec, RuleError)>,
    pub per_path: Vec<PerPathSpec>,
}

/// The first `credence.toml` in `start` or a folder above it.
pub fn find_project_file(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(PROJECT_FILE))
        .find(|candidate| candidate.is_file())
}

impl Settings {
    /// Add the layer in `path` on top of these settings.
    pub fn merge_file(&mut self, path: &Path) -> Result<(), RuleError> {
        let at = |line, column, message: String| RuleError {
            location: credence_core::error::Location {
                file: path.display().to_string(),
                line,
                column,
            },
            rule_id: None,
            message,
        };
        let bytes = std::fs::read(path)
            .map_err(|err| at(1, 1, format!("cannot read the configuration: {err}")))?;
        let text = crate::packs::utf8_text(bytes).map_err(|(line, column)| {
            at(
                line,
                column,
                "not UTF-8 (configuration is UTF-8 text)".into(),
            )
        })?;
        let source = PackSource::new(path.display().to_string(), text);
        let file: ConfigFile = toml::from_str(&source.text).map_err(|err| {
            let offset = err.span().map_or(0, |s| s.start);
            source.error(offset, None, err.message().trim().to_owned())
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        self.files.push(path.to_path_buf());
        for pack in file.rules.into_iter().flatten() {
            let resolved = base.join(pack.get_ref());
            if !resolved.exists() {
                return Err(source.error(
                    pack.span().start,
                    None,
                    format!(
                        "rule pack `{}` does not exist ({})",
                        pack.get_ref(),
                        resolved.display()
                    ),
                ));
            }
            self.packs.push(resolved);
        }
        if let Some(v) = file.default_rules {
            self.default_rules = Some(v);
        }
        if let Some(v) = file.fail_under {
            if *v.get_ref() > 100 {
                return Err(source.error(
                    v.span().start,
                    None,
                    format!("fail-under must be 0 to 100, not {}", v.get_ref()),
                ));
            }
            self.fail_under = Some(v.into_inner());
        }
        if let Some(v) = file.fail_on {
            self.fail_on = Some(v);
        }
        if let Some(v) = file.extensions {
            self.extensions = Some(v);
        }
        self.include.extend(file.include.into_iter().flatten());
        self.exclude.extend(file.exclude.into_iter().flatten());
        if let Some(v) = file.force_exclude {
            self.force_exclude = Some(v);
        }
        let tables = (file
            .category
            .into_iter()
            .map(|t| (RetuneTable::Category, t)))
        .chain(file.rule.into_iter().map(|t| (RetuneTable::Rule, t)));
        for (table, (target, change)) in tables {
            let location = source.error(target.span().start, Some(target.get_ref()), String::new());
            self.retunes.push(Retune {
                table,
                target: target.into_inner(),
                change,
                location,
            });
        }
        if let Some(scoring) = file.scoring {
            let location = source.error(scoring.span().start, None, String::new());
            self.scoring.push((scoring.into_inner(), location));
        }
        for per_path in file.per_path {
            let offset = per_path.span().start;
            let per_path = per_path.into_inner();
            for glob in &per_path.paths {
                if let Err(err) = globset::Glob::new(glob) {
                    return Err(source.error(
                        offset,
                        None,
                        format!("invalid glob `{glob}`: {err}"),
                    ));
                }
            }
            self.per_path.push(per_path);
        }
        Ok(())
    }

    /// Apply the rule and scoring changes to a loaded rule set.
    pub fn apply(&self, rules: &mut RuleSet) -> Result<(), Vec<RuleError>> {
        let mut errors = Vec::new();
        for retune in &self.retunes {
            let change = RuleOverride {
                severity: retune.change.severity,
                weight: retune.change.weight,
                enabled: retune.change.enabled,
            };
            let fail = |message: String| RuleError {
                message,
                ..retune.location.clone()
            };
            match rules.retune(&retune.target, &change) {
                // A retune of the built-in pack holds nothing against a
                // run that leaves that pack out.
                Ok(0) if !self.default_rules.unwrap_or(true) && is_builtin(&retune.target) => {}
                Ok(0) => errors.push(fail(format!(
                    "no rule or category `{}` is loaded{} (`credence rules list` shows them)",
                    retune.target,
                    rules.rule_or_category_hint(&retune.target)
                ))),
                Ok(_) => {}
                Err(message) => errors.push(fail(message)),
            }
        }
        for (spec, location) in &self.scoring {
            if let Err(message) = rules.rescore(spec) {
                errors.push(RuleError {
                    message,
                    ..location.clone()
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The thresholds for documents, per path.
    pub fn thresholds(&self) -> PathThresholds {
        let fail_on = self.fail_on.unwrap_or_default();
        PathThresholds {
            fail_on: fail_on.threshold(),
            fail_under: self.fail_under,
            per_path: self
                .per_path
                .iter()
                .filter_map(|p| {
                    let mut builder = globset::GlobSetBuilder::new();
                    for glob in &p.paths {
                        builder.add(globset::Glob::new(glob).ok()?);
                    }
                    Some((
                        builder.build().ok()?,
                        p.fail_on.map(FailOn::threshold),
                        p.fail_under,
                    ))
                })
                .collect(),
        }
    }

    /// The merged configuration as one configuration file, for `credence
    /// config --dump`: read back with `--no-config --config FILE`, it gives
    /// these settings. The layers it was merged from are listed in a
    /// comment; rule packs are written as absolute paths, so they resolve
    /// wherever the dump is read. `rules` (the rule set these settings
    /// loaded) says which rules a category retune covers, so that a rule
    /// retune that a later category retune overrode is left out.
    pub fn dump(&self, rules: &RuleSet) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Dump<'a> {
            rules: Vec<String>,
            default_rules: bool,
            fail_on: FailOn,
            #[serde(skip_serializing_if = "Option::is_none")]
            fail_under: Option<u32>,
            extensions: Vec<String>,
            include: &'a [String],
            exclude: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            force_exclude: Option<bool>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            category: BTreeMap<&'a str, OverrideSpec>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            rule: BTreeMap<&'a str, OverrideSpec>,
            #[serde(skip_serializing_if = "ScoringSpec::is_empty")]
            scoring: ScoringSpec,
            per_path: &'a [PerPathSpec],
        }
        let (category, rule) = self.merged_retunes(rules);
        let dump = Dump {
            rules: self.packs.iter().map(|p| absolute(p)).collect(),
            default_rules: self.default_rules.unwrap_or(true),
            fail_on: self.fail_on.unwrap_or_default(),
            fail_under: self.fail_under,
            extensions: self
                .extensions
                .clone()
                .unwrap_or_else(|| DEFAULT_EXTENSIONS.map(str::to_owned).to_vec()),
            include: &self.include,
            exclude: &self.exclude,
            force_exclude: self.force_exclude,
            category,
            rule,
            scoring: self
                .scoring
                .iter()
                .fold(ScoringSpec::default(), |mut merged, (spec, _)| {
                    merged.merge(spec);
                    merged
                }),
            per_path: &self.per_path,
        };
        let mut text = if self.files.is_empty() {
            "# The built-in defaults: no configuration file is in force.\n".to_owned()
        } else {
            let mut header = "# The configuration in force, merged from (in order):\n".to_owned();
            for file in &self.files {
                header.push_str(&format!("#   {}\n", file.display()));
            }
            header
        };
        match toml::to_string_pretty(&dump) {
            Ok(body) => text.push_str(&body),
            Err(err) => text.push_str(&format!("# cannot print the configuration: {err}\n")),
        }
        text
    }

    /// The retunes as one layer would write them: `[category.X]` tables
    /// (applied first) and `[rule.X]` tables, each target's changes merged
    /// in layer order. A rule table's field that a later category table
    /// sets for the same rule (by id, or by the category of the rule it
    /// names) is dropped, as that category table overrode it.
    fn merged_retunes<'a>(
        &'a self,
        rules: &RuleSet,
    ) -> (
        BTreeMap<&'a str, OverrideSpec>,
        BTreeMap<&'a str, OverrideSpec>,
    ) {
        let mut category: BTreeMap<&str, OverrideSpec> = BTreeMap::new();
        let mut rule: BTreeMap<&str, OverrideSpec> = BTreeMap::new();
        for retune in &self.retunes {
            let target = retune.target.as_str();
            match retune.table {
                RetuneTable::Category => {
                    for (named, change) in &mut rule {
                        let covered = *named == target
                            || rules.rule(named).is_some_and(|r| r.category == target);
                        if covered {
                            change.forget(&retune.change);
                        }
                    }
                    rule.retain(|_, change| !change.is_empty());
                    category.entry(target).or_default().overlay(&retune.change);
                }
                RetuneTable::Rule => rule.entry(target).or_default().overlay(&retune.change),
            }
        }
        (category, rule)
    }
}

/// A rule pack's path as the dump writes it: absolute (resolved, when it
/// exists), so that it names the same pack wherever the dump is read.
fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Whether `target` is a rule id or category of the built-in pack.
fn is_builtin(target: &str) -> bool {
    RuleSet::builtin_sources().iter().any(|source| {
        let Ok(pack) = source.text.parse::<toml::Table>() else {
            return false;
        };
        pack.get("rule")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_table)
            .any(|rule| {
                ["id", "category"]
                    .iter()
                    .any(|key| rule.get(*key).and_then(toml::Value::as_str) == Some(target))
            })
    })
}

/// When a document fails: globally, or by the first per-path block that
/// matches its path.
#[derive(Debug, Clone, Default)]
pub struct PathThresholds {
    pub fail_on: Option<Severity>,
    pub fail_under: Option<u32>,
    pub per_path: Vec<(globset::GlobSet, Option<Option<Severity>>, Option<u32>)>,
}

impl PathThresholds {
    /// The thresholds for the document reported under `path`, its
    /// project path.
    pub fn for_path(&self, path: &str) -> Thresholds {
        for (globs, fail_on, fail_under) in &self.per_path {
            if globs.is_match(path) {
                return Thresholds {
                    fail_on: fail_on.unwrap_or(self.fail_on),
                    fail_under: fail_under.or(self.fail_under),
                };
            }
        }
        Thresholds {
            fail_on: self.fail_on,
            fail_under: self.fail_under,
        }
    }
}

impl Settings {
    /// The configuration files in force: the project's (unless
    /// `--no-config`), then `--config`.
    pub fn layered(args: &ConfigArgs) -> Result<Settings, RuleError> {
        let mut settings = Settings::default();
        if !args.no_config
            && let Ok(cwd) = std::env::current_dir()
            && let Some(project) = find_project_file(&cwd)
        {
            settings.merge_file(&project)?;
            settings.root = project.parent().map(Path::to_path_buf);
        }
        if let Some(path) = &args.config {
            settings.merge_file(path)?;
        }
        Ok(settings)
    }

    /// `--rules` and `--no-default-rules` on top.
    pub fn add_rule_flags(&mut self, args: &RuleArgs) {
        self.packs.extend(args.rules.iter().cloned());
        if args.no_default_rules {
            self.default_rules = Some(false);
        }
    }

    /// Load the rule packs these settings name and apply their rule and
    /// scoring changes. Each error is one message.
    pub fn load_rules(&self) -> Result<RuleSet, Vec<String>> {
        let mut sources = Vec::new();
        if self.default_rules.unwrap_or(true) {
            sources.push(RuleSource::Builtin);
        }
        sources.extend(self.packs.iter().cloned().map(RuleSource::Path));
        let mut rules = packs::load(&sources).map_err(|err| err.messages())?;
        self.apply(&mut rules)
            .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        Ok(rules)
    }
}
