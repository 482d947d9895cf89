//! The attribution-quality score: a pure function of a document's
//! attributions, findings and the `[scoring]` parameters.
//!
//! Sourcing terms come from the attribution model: the share of claims put on
//! anonymous sources, anonymous sources with no reason given, a single
//! source, wire-only sourcing, and no attribution at all. Finding terms come
//! from the rules: each rule costs its weight for the first finding and
//! `repeat-decay` times less for each further one, and a category's total
//! cost is capped. The score is `base` minus all costs, clamped to 0..=100.
//! The ledger records every term so a reader can see why.

use crate::attribution::{Attribution, SourceKind};
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;

/// The `[scoring]` table; any field left out keeps the value of the packs
/// loaded before.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScoringSpec {
    /// `base`: the score before any term, 0 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<f64>,
    /// `repeat-decay`: above 0 and at most 1 (see [`Scoring::repeat_decay`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_decay: Option<f64>,
    /// `anonymous-share`: points, 0 to 100 (see [`Scoring::anonymous_share`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_share: Option<f64>,
    /// `share-confidence`: attributions, 0 to 100 (see [`Scoring::share_confidence`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_confidence: Option<f64>,
    /// `anonymous-no-reason`: points, 0 to 100 (see [`Scoring::anonymous_no_reason`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_no_reason: Option<f64>,
    /// `anonymous-no-reason-cap`: points, 0 to 100 (see [`Scoring::anonymous_no_reason_cap`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_no_reason_cap: Option<f64>,
    /// `single-source`: points, 0 to 100 (see [`Scoring::single_source`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub single_source: Option<f64>,
    /// `wire-only`: points, 0 to 100 (see [`Scoring::wire_only`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire_only: Option<f64>,
    /// `unsourced`: points, 0 to 100 (see [`Scoring::unsourced`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsourced: Option<f64>,
    /// `category-cap`: category -> most points, 0 or more, that its findings
    /// may cost together; merged key by key over earlier packs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub category_cap: BTreeMap<String, f64>,
    /// `grades`: grade -> lowest score (0 to 100) that earns it; replaces the
    /// whole grade table and must give a grade at 0.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub grades: BTreeMap<String, f64>,
}

impl ScoringSpec {
    /// Lay `later` over this table, as loading both in order would: a
    /// value it sets wins, category caps merge key by key, and a grade
    /// table replaces the whole one.
    pub fn merge(&mut self, later: &ScoringSpec) {
        for (value, over) in [
            (&mut self.base, later.base),
            (&mut self.repeat_decay, later.repeat_decay),
            (&mut self.anonymous_share, later.anonymous_share),
            (&mut self.share_confidence, later.share_confidence),
            (&mut self.anonymous_no_reason, later.anonymous_no_reason),
            (
                &mut self.anonymous_no_reason_cap,
                later.anonymous_no_reason_cap,
            ),
            (&mut self.single_source, later.single_source),
            (&mut self.wire_only, later.wire_only),
            (&mut self.unsourced, later.unsourced),
        ] {
            if over.is_some() {
                *value = over;
            }
        }
        self.category_cap.extend(
            later
                .category_cap
                .iter()
                .map(|(category, cap)| (category.clone(), *cap)),
        );
        if !later.grades.is_empty() {
            self.grades = later.grades.clone();
        }
    }

    /// Whether the table sets nothing.
    pub fn is_empty(&self) -> bool {
        *self == ScoringSpec::default()
    }
}

/// Scoring parameters after all packs are merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scoring {
    /// The score before any term, 0 to 100 (default 100).
    pub base: f64,
    /// Each further finding of a rule costs this times the one before;
    /// above 0 and at most 1 (default 1: every finding costs the full weight).
    pub repeat_decay: f64,
    /// Points lost when every attribution is anonymous, scaled by the share.
    pub anonymous_share: f64,
    /// How many attributions the share needs before it counts in full: with
    /// fewer, it is scaled down (one "analysts said" is thin evidence).
    pub share_confidence: f64,
    /// Points per distinct anonymous source with no reason given for anonymity...
    pub anonymous_no_reason: f64,
    /// ... up to this many.
    pub anonymous_no_reason_cap: f64,
    /// Points lost when every attribution is to one and the same source.
    pub single_source: f64,
    /// Points lost when every attribution is an agency's own reporting.
    pub wire_only: f64,
    /// Points lost by a document that attributes nothing to anyone.
    pub unsourced: f64,
    /// Category -> most points all its findings may cost together; a
    /// category not listed is uncapped.
    pub category_cap: BTreeMap<String, f64>,
    /// (grade, lowest score that earns it), highest threshold first.
    pub grades: Vec<(String, f64)>,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            base: 100.0,
            repeat_decay: 1.0,
            anonymous_share: 0.0,
            share_confidence: 1.0,
            anonymous_no_reason: 0.0,
            anonymous_no_reason_cap: 0.0,
            single_source: 0.0,
            wire_only: 0.0,
            unsourced: 0.0,
            category_cap: BTreeMap::new(),
            grades: vec![
                ("A".into(), 90.0),
                ("B".into(), 80.0),
                ("C".into(), 65.0),
                ("D".into(), 50.0),
                ("F".into(), 0.0),
            ],
        }
    }
}

impl Scoring {
    /// Merge `[scoring]` tables in load order. An error gives the pack index,
    /// the byte offset of the table and a message.
    pub(crate) fn from_specs(
        specs: &[(usize, Spanned<ScoringSpec>)],
    ) -> Result<Scoring, (usize, usize, String)> {
        let mut scoring = Scoring::default();
        for (pack, spec) in specs {
            scoring
                .apply(spec.get_ref())
                .map_err(|message| (*pack, spec.span().start, message))?;
        }
        Ok(scoring)
    }

    /// Apply one `[scoring]` table on top of these parameters.
    pub fn apply(&mut self, spec: &ScoringSpec) -> Result<(), String> {
        let scoring = self;
        if let Some(base) = spec.base {
            if !(0.0..=100.0).contains(&base) {
                return Err(format!(
                    "scoring.base must be between 0 and 100, not {base}"
                ));
            }
            scoring.base = base;
        }
        if let Some(decay) = spec.repeat_decay {
            if !(decay > 0.0 && decay <= 1.0) {
                return Err(format!(
                    "scoring.repeat-decay must be above 0 and at most 1, not {decay}"
                ));
            }
            scoring.repeat_decay = decay;
        }
        for (name, value, target) in [
            (
                "anonymous-share",
                spec.anonymous_share,
                &mut scoring.anonymous_share,
            ),
            (
                "share-confidence",
                spec.share_confidence,
                &mut scoring.share_confidence,
            ),
            (
                "anonymous-no-reason",
                spec.anonymous_no_reason,
                &mut scoring.anonymous_no_reason,
            ),
            (
                "anonymous-no-reason-cap",
                spec.anonymous_no_reason_cap,
                &mut scoring.anonymous_no_reason_cap,
            ),
            (
                "single-source",
                spec.single_source,
                &mut scoring.single_source,
            ),
            ("wire-only", spec.wire_only, &mut scoring.wire_only),
            ("unsourced", spec.unsourced, &mut scoring.unsourced),
        ] {
            if let Some(value) = value {
                if !(0.0..=100.0).contains(&value) {
                    return Err(format!(
                        "scoring.{name} must be between 0 and 100, not {value}"
                    ));
                }
                *target = value;
            }
        }
        for (category, &cap) in &spec.category_cap {
            if !cap.is_finite() || cap < 0.0 {
                return Err(format!(
                    "scoring.category-cap.{category} must be 0 or more, not {cap}"
                ));
            }
            scoring.category_cap.insert(category.clone(), cap);
        }
        if !spec.grades.is_empty() {
            let mut grades: Vec<(String, f64)> =
                spec.grades.iter().map(|(g, &t)| (g.clone(), t)).collect();
            if let Some((g, t)) = grades.iter().find(|(_, t)| !(0.0..=100.0).contains(t)) {
                return Err(format!(
                    "scoring.grades.{g} must be between 0 and 100, not {t}"
                ));
            }
            grades.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            if grades.last().is_none_or(|(_, t)| *t > 0.0) {
                return Err("scoring.grades needs a grade for 0 (the lowest)".into());
            }
            scoring.grades = grades;
        }
        Ok(())
    }

    /// The grade a score earns: the first of `grades` whose threshold it
    /// reaches, else the lowest grade ("F" if there are none).
    pub fn grade(&self, score: u32) -> &str {
        self.grades
            .iter()
            .find(|(_, threshold)| f64::from(score) >= *threshold)
            .or(self.grades.last())
            .map_or("F", |(grade, _)| grade.as_str())
    }

    /// The sourcing terms of the ledger, from the attributions.
    fn sourcing_terms(&self, attributions: &[Attribution]) -> Vec<LedgerEntry> {
        let term = |name: &str, count: usize, weight: f64, effect: f64| LedgerEntry {
            term: format!("sourcing.{name}"),
            category: "sourcing".to_owned(),
            count,
            weight,
            effect,
        };
        let total = attributions.len();
        if total == 0 {
            return vec![term("unsourced", 0, self.unsourced, -self.unsourced)];
        }
        let anonymous: Vec<&Attribution> = attributions
            .iter()
            .filter(|a| a.kind == SourceKind::Anonymous)
            .collect();
        let confidence = if self.share_confidence <= 0.0 {
            1.0
        } else {
            (total as f64 / self.share_confidence).min(1.0)
        };
        let share = anonymous.len() as f64 / total as f64 * confidence;
        let mut without_reason: Vec<&str> = anonymous
            .iter()
            .filter(|a| !a.anonymity.as_ref().is_some_and(|x| x.reason_given))
            .map(|a| a.source.as_str())
            .collect();
        without_reason.sort_unstable();
        without_reason.dedup();
        let no_reason_cost = (without_reason.len() as f64 * self.anonymous_no_reason)
            .min(self.anonymous_no_reason_cap);
        let wire = attributions
            .iter()
            .filter(|a| a.kind == SourceKind::Wire)
            .count();
        let mut terms = vec![
            term(
                "anonymous-share",
                anonymous.len(),
                self.anonymous_share,
                -self.anonymous_share * share,
            ),
            term(
                "anonymous-no-reason",
                without_reason.len(),
                self.anonymous_no_reason,
                -no_reason_cost,
            ),
        ];
        if crate::attribution::distinct_sources(attributions) == 1 {
            terms.push(term(
                "single-source",
                1,
                self.single_source,
                -self.single_source,
            ));
        }
        if wire == total {
            terms.push(term("wire-only", wire, self.wire_only, -self.wire_only));
        }
        terms
    }

    /// Score a document from its attributions and findings.
    pub fn score(&self, findings: &[Finding], attributions: &[Attribution]) -> Score {
        // rule id -> (category, weight, count)
        let mut per_rule: BTreeMap<&str, (&str, f64, usize)> = BTreeMap::new();
        for f in findings {
            let entry =
                per_rule
                    .entry(f.rule.as_str())
                    .or_insert((f.category.as_str(), f.weight, 0));
            entry.2 += 1;
        }
        let mut ledger = self.sourcing_terms(attributions);
        let mut per_category: BTreeMap<&str, f64> = BTreeMap::new();
        for (rule, (category, weight, count)) in &per_rule {
            // Rules that only make sourcing visible weigh nothing; the
            // sourcing terms above score it.
            if *weight == 0.0 {
                continue;
            }
            let cost = weight * geometric_sum(self.repeat_decay, *count);
            *per_category.entry(category).or_default() += cost;
            ledger.push(LedgerEntry {
                term: (*rule).to_owned(),
                category: (*category).to_owned(),
                count: *count,
                weight: *weight,
                effect: -cost,
            });
        }
        for (category, cost) in &per_category {
            if let Some(&cap) = self.category_cap.get(*category)
                && *cost > cap
            {
                ledger.push(LedgerEntry {
                    term: format!("cap:{category}"),
                    category: (*category).to_owned(),
                    count: 0,
                    weight: cap,
                    effect: cost - cap,
                });
            }
        }
        let total: f64 = ledger.iter().map(|e| e.effect).sum();
        let value = (self.base + total).clamp(0.0, 100.0).round() as u32;
        Score {
            value,
            grade: self.grade(value).to_owned(),
            ledger: ledger
                .into_iter()
                .map(|mut e| {
                    e.effect = round2(e.effect);
                    e
                })
                .collect(),
        }
    }
}

/// 1 + d + d^2 + ... (n terms).
fn geometric_sum(decay: f64, n: usize) -> f64 {
    if (decay - 1.0).abs() < f64::EPSILON {
        n as f64
    } else {
        (1.0 - decay.powi(n.min(i32::MAX as usize) as i32)) / (1.0 - decay)
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A document's score, grade and the terms that produced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// The attribution-quality score, 0 to 100: `base` plus every effect,
    /// clamped and rounded (JSON `score`).
    pub value: u32,
    /// The grade `value` earns under [`Scoring::grades`] (JSON `grade`).
    pub grade: String,
    /// Every term: sourcing terms first, then rules by id, then category caps
    /// (JSON `score_ledger`).
    pub ledger: Vec<LedgerEntry>,
}

/// One term of the score: a rule's findings, or a category cap giving points back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerEntry {
    /// `sourcing.<parameter>` for a sourcing term, the rule id for a rule's
    /// findings, `cap:<category>` for a cap.
    pub term: String,
    /// `sourcing` for a sourcing term, else the category of the rule or cap.
    pub category: String,
    /// What the term counted: the rule's findings, the attributions or
    /// sources a sourcing term is about (1 for `single-source`), 0 for a cap
    /// and for `unsourced`.
    pub count: usize,
    /// The parameter the term applies: the rule's weight, the sourcing
    /// parameter's points, or the cap.
    pub weight: f64,
    /// Points the term adds to the score, rounded to 2 decimals: negative
    /// for a cost, positive for a cap's refund.
    pub effect: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Captured, Severity};

    #[test]
    fn merged_tables_score_as_the_tables_applied_in_turn() {
        let first = ScoringSpec {
            base: Some(95.0),
            unsourced: Some(20.0),
            category_cap: [("boilerplate".to_owned(), 5.0)].into(),
            grades: [("A".to_owned(), 90.0), ("F".to_owned(), 0.0)].into(),
            ..ScoringSpec::default()
        };
        let second = ScoringSpec {
            base: Some(90.0),
            category_cap: [("republication".to_owned(), 20.0)].into(),
            grades: [("P".to_owned(), 50.0), ("F".to_owned(), 0.0)].into(),
            ..ScoringSpec::default()
        };
        let mut in_turn = Scoring::default();
        in_turn.apply(&first).unwrap();
        in_turn.apply(&second).unwrap();
        let mut merged = first.clone();
        merged.merge(&second);
        let mut at_once = Scoring::default();
        at_once.apply(&merged).unwrap();
        assert_eq!(in_turn, at_once);
        assert_eq!(merged.unsourced, Some(20.0));
        assert!(!merged.is_empty());
        assert!(ScoringSpec::default().is_empty());
    }

    fn finding(rule: &str, category: &str, weight: f64) -> Finding {
        Finding {
            rule: rule.into(),
            category: category.into(),
            severity: Severity::Warning,
            line: 1,
            column: 1,
            start: 0,
            end: 1,
            text: String::new(),
            message: String::new(),
            captured: Captured::default(),
            weight,
        }
    }

    fn attribution(kind: SourceKind, source: &str, reason: bool) -> Attribution {
        Attribution {
            kind,
            source: source.into(),
            verb: "said".into(),
            via: None,
            line: 1,
            column: 1,
            start: 0,
            end: 1,
            text: String::new(),
            anonymity: (kind == SourceKind::Anonymous).then_some(crate::attribution::Anonymity {
                count: Some(1),
                affiliation: None,
                reason_given: reason,
            }),
            source_start: 0,
            source_end: 1,
            cue_start: 0,
            cue_end: 1,
            content_start: None,
            content_end: None,
        }
    }

    fn sourcing() -> Scoring {
        Scoring {
            anonymous_share: 40.0,
            share_confidence: 4.0,
            anonymous_no_reason: 4.0,
            anonymous_no_reason_cap: 12.0,
            single_source: 8.0,
            wire_only: 6.0,
            unsourced: 35.0,
            ..Scoring::default()
        }
    }

    #[test]
    fn no_findings_and_named_sources_score_base() {
        let named = [
            attribution(SourceKind::Named, "Jane Doe", false),
            attribution(SourceKind::Institutional, "ministry", false),
        ];
        let s = sourcing().score(&[], &named);
        assert_eq!((s.value, s.grade.as_str()), (100, "A"));
    }

    #[test]
    fn a_document_with_no_attribution_is_not_well_sourced() {
        let s = sourcing().score(&[], &[]);
        assert_eq!(s.value, 65);
        assert_eq!(s.ledger[0].term, "sourcing.unsourced");
    }

    #[test]
    fn anonymous_sourcing_costs_by_share_and_missing_reasons() {
        let attributions = [
            attribution(SourceKind::Named, "Jane Doe", false),
            attribution(SourceKind::Anonymous, "a diplomat", false),
            attribution(SourceKind::Anonymous, "two sources", false),
            attribution(SourceKind::Anonymous, "an official", true),
        ];
        // 100 - 40 * 3/4 - 2 * 4
        assert_eq!(sourcing().score(&[], &attributions).value, 62);
        // One anonymous claim alone: the share counts for a quarter.
        let alone = [attribution(SourceKind::Anonymous, "analysts", false)];
        // 100 - 40 * 1/4 - 4 - 8
        assert_eq!(sourcing().score(&[], &alone).value, 78);
        let one = [attribution(SourceKind::Wire, "Reuters", false)];
        // single source and wire-only
        assert_eq!(sourcing().score(&[], &one).value, 86);
    }

    #[test]
    fn repeats_decay_and_caps_apply() {
        let mut scoring = Scoring {
            repeat_decay: 0.5,
            ..Scoring::default()
        };
        let fs = vec![finding("a", "x", 8.0); 3];
        // 8 + 4 + 2
        assert_eq!(scoring.score(&fs, &[]).value, 86);
        scoring.category_cap.insert("x".into(), 10.0);
        let s = scoring.score(&fs, &[]);
        assert_eq!(s.value, 90);
        assert_eq!(s.ledger.len(), 3);
        assert_eq!(s.ledger[2].effect, 4.0);
    }

    #[test]
    fn score_never_goes_below_zero() {
        let fs = vec![finding("a", "x", 30.0); 10];
        let s = Scoring::default().score(&fs, &[]);
        assert_eq!((s.value, s.grade.as_str()), (0, "F"));
    }
}
