//! The `[attribution]` table of a rule pack: the word lists the attribution
//! model reads, what a later pack removes from them, and the examples that
//! prove what they do. A pack's table is validated where it is written, so
//! each bad entry is named by file, line and column; the packs' lists are
//! then merged into one [`AttributionSpec`] that the model compiles.

use super::{Method, SourceKind, parse_cue_rate};
use crate::finding::is_valid_category;
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

/// What a list's entries are, which decides how they are checked and when
/// two entries are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryShape {
    /// Words or multi-word phrases, compared without regard to case.
    Phrase,
    /// Words or phrases matched as written: "According to" and "according to" differ.
    PhraseExactCase,
    /// Single words, compared without regard to case.
    Word,
    /// Single words matched as written ("Ministry" is not "ministry").
    WordExactCase,
    /// Finding categories: lowercase words joined by hyphens.
    Category,
}

impl EntryShape {
    fn key(self, entry: &str) -> String {
        let joined = entry.split_whitespace().collect::<Vec<_>>().join(" ");
        match self {
            EntryShape::PhraseExactCase | EntryShape::WordExactCase | EntryShape::Category => {
                joined
            }
            EntryShape::Phrase | EntryShape::Word => joined.to_lowercase(),
        }
    }

    /// Why `entry` cannot be in a list of this shape, if it cannot.
    fn fault(self, entry: &str) -> Option<String> {
        if entry.trim().is_empty() {
            return Some("an entry is empty".to_owned());
        }
        match self {
            EntryShape::Word | EntryShape::WordExactCase
                if entry.trim().contains(char::is_whitespace) =>
            {
                Some(format!(
                    "`{entry}` has a space, and this list holds single words"
                ))
            }
            EntryShape::Category if !is_valid_category(entry) => Some(format!(
                "`{entry}` is not a category name (lowercase words joined by hyphens)"
            )),
            _ => None,
        }
    }
}

/// Defines, from one list of fields, the table a pack writes
/// ([`AttributionTable`]), its `remove` table ([`RemovedEntries`]) and the
/// merged lists ([`AttributionSpec`]), so that a new list is added in one place.
macro_rules! vocabulary_lists {
    ($( $(#[doc = $doc:literal])+ $field:ident: $shape:expr; )+) => {
        /// One pack's `[attribution]` table as written, spans kept for errors.
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct AttributionTable {
            $( $(#[doc = $doc])+ #[serde(default)] pub $field: Vec<Spanned<String>>, )+
            /// How attributions are found: `"tagger"` (the trained model),
            /// `"rules"` (reporting verbs and the phrase rules around them) or
            /// `"both"` (the model, and the rules where the model found
            /// nothing). A later pack's choice wins.
            pub method: Option<Spanned<String>>,
            /// A cue the tagger finds is kept when one of its words is a
            /// reporting verb, a colon or a dash, or was a cue in the training
            /// articles at least `cue-min-count` times and in at least this
            /// share of its uses (`models/cue-words.tsv`); 0 keeps every cue.
            /// A later pack's value wins.
            pub cue_rate: Option<Spanned<f64>>,
            /// See `cue-rate`.
            pub cue_min_count: Option<u32>,
            /// `[attribution.remove]`: entries taken out of the lists merged
            /// so far (the built-in pack's and earlier packs').
            pub remove: Option<RemovedEntries>,
            /// `[[attribution.example]]`: texts and the attributions the
            /// model must find in them; `credence rules test` runs them.
            #[serde(default)]
            pub example: Vec<Spanned<AttributionExample>>,
        }

        /// `[attribution.remove]`: the same lists, naming entries to drop.
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct RemovedEntries {
            $( $(#[doc = $doc])+ #[serde(default)] pub $field: Vec<Spanned<String>>, )+
        }

        /// The attribution model's vocabulary, every pack's lists merged.
        #[derive(Debug, Clone, Default)]
        pub struct AttributionSpec {
            $( $(#[doc = $doc])+ pub $field: Vec<String>, )+
            /// See [`AttributionTable::method`].
            pub method: Option<String>,
            /// See [`AttributionTable::cue_rate`].
            pub cue_rate: Option<f32>,
            /// See [`AttributionTable::cue_min_count`].
            pub cue_min_count: Option<u32>,
        }

        impl AttributionTable {
            fn lists(&self) -> Vec<(&'static str, EntryShape, &[Spanned<String>])> {
                vec![$( (stringify!($field), $shape, &self.$field), )+]
            }
        }

        impl RemovedEntries {
            fn lists(&self) -> Vec<(&'static str, EntryShape, &[Spanned<String>])> {
                vec![$( (stringify!($field), $shape, &self.$field), )+]
            }
        }

        impl AttributionSpec {
            fn lists_mut(&mut self) -> Vec<(&'static str, &mut Vec<String>)> {
                vec![$( (stringify!($field), &mut self.$field), )+]
            }
        }
    };
}

vocabulary_lists! {
    /// Verbs and cues that attribute a claim: "said", "told", "according to".
    reporting_verbs: EntryShape::PhraseExactCase;
    /// Of those, the ones that may come before their subject (", said Mr Smith").
    inverted_verbs: EntryShape::Phrase;
    /// Of those, the ones whose source always follows: "according to", "citing".
    source_after_verbs: EntryShape::Phrase;
    /// Phrases in which a reporting verb attributes nothing: "having said
    /// that", "needless to say". A cue inside one is dropped.
    not_cues: EntryShape::Phrase;
    /// Words that credit a claim to no one ("reportedly", "allegedly"): a
    /// cue made of one with no reporting verb ("has reportedly begun") has
    /// no source of its own and takes none from a neighbouring cue.
    sourceless_cues: EntryShape::Word;
    /// Words allowed between a subject and its verb ("also", "has", "later").
    skip_words: EntryShape::Word;
    /// Nouns for people left unnamed: "sources", "official", "diplomat".
    anonymous_nouns: EntryShape::Word;
    /// Nouns for organisations and offices speaking on the record: "ministry", "police".
    institution_nouns: EntryShape::Word;
    /// Documents that can be said to say something: "report", "statement", "study".
    document_nouns: EntryShape::Word;
    /// Roles that, with "the", refer back to a named person: "the minister".
    role_nouns: EntryShape::Word;
    /// Words that make a capitalised name an organisation: "Ministry", "Bank", "Inc".
    organisation_words: EntryShape::WordExactCase;
    /// Titles written before a person's name: "President", "MP", "Ambassador".
    person_titles: EntryShape::WordExactCase;
    /// Honorifics: "Mr", "Mrs", "Dr", "Sir".
    honorifics: EntryShape::WordExactCase;
    /// Words that open a modifier after a source noun: "in", "close to", "familiar with".
    post_modifiers: EntryShape::Phrase;
    /// Determiners and quantities that can open a source phrase.
    determiners: EntryShape::Phrase;
    /// Words that can never be part of a source phrase (verbs, conjunctions, prepositions).
    stop_words: EntryShape::Word;
    /// Finding categories whose lines are furniture or notices
    /// ("boilerplate", "republication"): attributions on such a line never
    /// count as sourcing.
    not_sourcing: EntryShape::Category;
    /// Words that make a capitalised name after "told" a news outlet
    /// ("News", "Times", "magazine", "Radio"): the source spoke to it (`via`).
    outlet_words: EntryShape::Word;
}

/// `[[attribution.example]]`: a text and every attribution the model must
/// find in it, in text order. `expect = []` says the text has none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AttributionExample {
    /// The text, analysed as a document of its own.
    pub text: String,
    /// The attributions, in text order.
    pub expect: Vec<ExpectedAttribution>,
}

/// One attribution an example expects. Fields left out are not checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpectedAttribution {
    /// The source phrase as written in the text.
    pub source: String,
    /// `named`, `institutional`, `anonymous`, `wire` or `document`.
    pub kind: SourceKind,
    /// The source it resolves to ("Jaber Al Jaberi" for "Mr Al Jaberi").
    pub resolves_to: Option<String>,
    /// The cue as written ("said", "according to").
    pub cue: Option<String>,
    /// The agency the source spoke to ("told Reuters").
    pub via: Option<String>,
    /// For an anonymous source: whether the text says why it is unnamed.
    pub reason: Option<bool>,
    /// For an anonymous source: how many people ("two sources" is 2).
    pub count: Option<u32>,
}

/// A fault in one pack's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableFault {
    /// Byte offset in the pack's text of what is wrong.
    pub at: usize,
    /// What is wrong.
    pub message: String,
    /// For a repeated entry, the byte offset of its first listing.
    pub first: Option<usize>,
}

fn fault(at: usize, message: String) -> TableFault {
    TableFault {
        at,
        message,
        first: None,
    }
}

/// The TOML key of a field.
fn key_of(field: &str) -> String {
    field.replace('_', "-")
}

impl AttributionSpec {
    /// Check one pack's table and add it: its entries to the lists, its
    /// `remove` entries taken out, its settings over earlier ones. Faults are
    /// returned with where they lie; a table with faults adds nothing.
    pub fn add(&mut self, table: &AttributionTable) -> Vec<TableFault> {
        let mut faults = Vec::new();
        for (field, shape, entries) in table.lists() {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for entry in entries {
                let at = entry.span().start;
                if let Some(why) = shape.fault(entry.get_ref()) {
                    faults.push(fault(at, format!("`{}`: {why}", key_of(field))));
                } else if let Some(&first) = seen.get(&shape.key(entry.get_ref())) {
                    faults.push(TableFault {
                        at,
                        message: format!(
                            "`{}`: `{}` is listed twice",
                            key_of(field),
                            entry.get_ref().trim()
                        ),
                        first: Some(first),
                    });
                } else {
                    seen.insert(shape.key(entry.get_ref()), at);
                }
            }
        }
        if let Some(method) = &table.method
            && let Err(message) = Method::parse(method.get_ref())
        {
            faults.push(fault(method.span().start, message));
        }
        if let Some(rate) = &table.cue_rate
            && let Err(message) = parse_cue_rate(*rate.get_ref())
        {
            faults.push(fault(rate.span().start, message));
        }
        if let Some(remove) = &table.remove {
            let current: HashMap<&str, &Vec<String>> = self
                .lists_mut()
                .into_iter()
                .map(|(field, list)| (field, &*list))
                .collect();
            for (field, shape, entries) in remove.lists() {
                let keys: Vec<String> = current[field].iter().map(|e| shape.key(e)).collect();
                for entry in entries {
                    if !keys.contains(&shape.key(entry.get_ref())) {
                        faults.push(fault(
                            entry.span().start,
                            format!(
                                "`remove.{}`: `{}` is not in the list, so it cannot be removed",
                                key_of(field),
                                entry.get_ref().trim()
                            ),
                        ));
                    }
                }
            }
        }
        if !faults.is_empty() {
            faults.sort_by_key(|f| f.at);
            return faults;
        }
        let added: HashMap<&str, (EntryShape, &[Spanned<String>])> = table
            .lists()
            .into_iter()
            .map(|(field, shape, entries)| (field, (shape, entries)))
            .collect();
        let removed: HashMap<&str, (EntryShape, &[Spanned<String>])> = table
            .remove
            .as_ref()
            .map(|r| {
                r.lists()
                    .into_iter()
                    .map(|(field, shape, entries)| (field, (shape, entries)))
                    .collect()
            })
            .unwrap_or_default();
        for (field, list) in self.lists_mut() {
            let (_, entries) = added[field];
            list.extend(entries.iter().map(|e| e.get_ref().trim().to_owned()));
            if let Some(&(shape, gone)) = removed.get(field) {
                let gone: Vec<String> = gone.iter().map(|e| shape.key(e.get_ref())).collect();
                list.retain(|e| !gone.contains(&shape.key(e)));
            }
        }
        if let Some(method) = &table.method {
            self.method = Some(method.get_ref().clone());
        }
        if let Some(rate) = &table.cue_rate {
            self.cue_rate = Some(*rate.get_ref() as f32);
        }
        if table.cue_min_count.is_some() {
            self.cue_min_count = table.cue_min_count;
        }
        faults
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(toml_text: &str) -> AttributionTable {
        #[derive(Deserialize)]
        struct File {
            attribution: AttributionTable,
        }
        toml::from_str::<File>(toml_text).unwrap().attribution
    }

    #[test]
    fn entries_are_added_and_removed_by_later_packs() {
        let mut spec = AttributionSpec::default();
        let faults = spec.add(&table(
            "[attribution]\nreporting-verbs = [\"said\", \"added\"]\nskip-words = [\"also\"]",
        ));
        assert!(faults.is_empty(), "{faults:?}");
        let faults = spec.add(&table(
            "[attribution]\nreporting-verbs = [\"quipped\"]\n[attribution.remove]\nreporting-verbs = [\"added\"]",
        ));
        assert!(faults.is_empty(), "{faults:?}");
        assert_eq!(spec.reporting_verbs, ["said", "quipped"]);
        assert_eq!(spec.skip_words, ["also"]);
    }

    #[test]
    fn faults_point_at_the_entry() {
        let text = "[attribution]\nskip-words = [\"also\", \"as well\"]\nanonymous-nouns = [\"aide\", \"Aide\"]\ncue-rate = 2.0\nmethod = \"guess\"\n[attribution.remove]\nhonorifics = [\"Mx\"]";
        let faults = AttributionSpec::default().add(&table(text));
        let messages: Vec<String> = faults
            .iter()
            .map(|f| {
                format!(
                    "{}: {}{}",
                    &text[f.at..(f.at + 6).min(text.len())],
                    f.message,
                    f.first.map_or(String::new(), |b| format!(" @{b}"))
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                "\"as we: `skip-words`: `as well` has a space, and this list holds single words",
                "\"Aide\": `anonymous-nouns`: `Aide` is listed twice @66",
                "2.0\nme: cue-rate = 2: expected a share from 0 to 1",
                "\"guess: method = \"guess\": expected \"tagger\", \"rules\" or \"both\"",
                "\"Mx\"]: `remove.honorifics`: `Mx` is not in the list, so it cannot be removed",
            ]
        );
    }

    #[test]
    fn case_matters_only_where_the_list_is_matched_as_written() {
        let faults = AttributionSpec::default().add(&table(
            "[attribution]\nreporting-verbs = [\"according to\", \"According to\"]\norganisation-words = [\"Agency\", \"agency\"]",
        ));
        assert!(faults.is_empty(), "{faults:?}");
    }
}
