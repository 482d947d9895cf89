//! The attribution model: every claim put on someone, and who that someone
//! is. Reporting verbs ("said", "told", "according to") are found in one
//! regex pass; around each, the sentence is tokenised and the source phrase
//! is read backwards from the verb ("two Iraqi government sources told"), or
//! forwards for inverted and "according to" forms (", said Mr Smith").
//! Sources are classified as named, institutional, anonymous or wire from
//! the `[attribution]` word lists, and follow-up references ("the diplomat",
//! "Mr Al Jaberi", "he") are resolved to the source they point back to.

mod models;
pub mod pos;
pub mod tagger;
pub mod vocabulary;

use crate::document::Document;
use crate::document::tokens::{Token, tokens};
pub use models::word_clusters;
use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
pub use vocabulary::{AttributionSpec, AttributionTable};

/// How attributions are found (`[attribution] method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The trained tagger alone.
    Tagger,
    /// Reporting verbs and the phrase rules alone.
    Rules,
    /// The tagger, and the rules for cues it did not find.
    Both,
}

impl Method {
    /// The method a pack names, or why the name is wrong.
    pub(crate) fn parse(name: &str) -> Result<Method, String> {
        match name {
            "tagger" => Ok(Method::Tagger),
            "rules" => Ok(Method::Rules),
            "both" => Ok(Method::Both),
            other => Err(format!(
                "method = {other:?}: expected \"tagger\", \"rules\" or \"both\""
            )),
        }
    }
}

/// A pack's `cue-rate` as the model keeps it, or why it is out of range.
pub(crate) fn parse_cue_rate(rate: f64) -> Result<f32, String> {
    if (0.0..=1.0).contains(&rate) {
        Ok(rate as f32)
    } else {
        Err(format!("cue-rate = {rate}: expected a share from 0 to 1"))
    }
}

/// Who a claim is put on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A person by name, or a later reference to one.
    Named,
    /// A named organisation, office or document speaking on the record.
    Institutional,
    /// Unnamed people: "sources", "a western diplomat", "officials".
    Anonymous,
    /// A news agency's own reporting: "Reuters said".
    Wire,
    /// A report, study, poll, filing or data set: "the report said", "The emails show".
    Document,
}

impl SourceKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [SourceKind; 5] = [
        SourceKind::Named,
        SourceKind::Institutional,
        SourceKind::Anonymous,
        SourceKind::Wire,
        SourceKind::Document,
    ];

    /// The kind's name in reports and rule packs.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Named => "named",
            SourceKind::Institutional => "institutional",
            SourceKind::Anonymous => "anonymous",
            SourceKind::Wire => "wire",
            SourceKind::Document => "document",
        }
    }
}

/// What the text says about an anonymous source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anonymity {
    /// How many people, when the text says ("two sources" -> 2, "a diplomat" -> 1).
    pub count: Option<u32>,
    /// What the text gives about them: "Iraqi government", "from a US ally".
    pub affiliation: Option<String>,
    /// Whether the sentence (or the next) gives a reason for anonymity.
    pub reason_given: bool,
}

/// One claim put on one source. `start..end` covers the source phrase and
/// its verb; `source_start..source_end` the source phrase alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// Named person, institution, anonymous source or wire agency.
    pub kind: SourceKind,
    /// The source, resolved: "Jaber Al Jaberi" for "Mr Al Jaberi", the first
    /// mention for "the diplomat".
    pub source: String,
    /// The reporting verb or cue as written: "said", "according to".
    pub verb: String,
    /// The agency the source spoke to ("told Reuters").
    pub via: Option<String>,
    /// 1-based line of `start`, in the file as written.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// Byte offset into the analysed text where the source phrase or verb begins.
    pub start: usize,
    /// Byte offset just past the source phrase and its verb.
    pub end: usize,
    /// The analysed text of `start..end`.
    pub text: String,
    /// Present for anonymous sources.
    pub anonymity: Option<Anonymity>,
    /// Byte offset where the source phrase as written begins.
    pub source_start: usize,
    /// Byte offset just past the source phrase.
    pub source_end: usize,
    /// Byte offset where the cue begins.
    pub cue_start: usize,
    /// Byte offset just past the cue.
    pub cue_end: usize,
    /// Byte offset where what was claimed begins, when it was found.
    pub content_start: Option<usize>,
    /// Byte offset just past what was claimed, when it was found.
    pub content_end: Option<usize>,
}

/// How many different sources the attributions name: a source and its
/// follow-up references ("the diplomat", "he") count once.
pub fn distinct_sources(attributions: &[Attribution]) -> usize {
    let mut distinct: Vec<(SourceKind, &str)> = attributions
        .iter()
        .map(|a| (a.kind, a.source.as_str()))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len()
}

/// The compiled vocabulary. Lookups are on lower-cased words unless noted.
#[derive(Debug)]
pub struct AttributionModel {
    verbs: Option<Regex>,
    inverted: HashSet<String>,
    /// Verbs whose source follows them: "according to", "cited", "quoting".
    source_after: HashSet<String>,
    skip: HashSet<String>,
    anonymous: HashSet<String>,
    institution: HashSet<String>,
    document: HashSet<String>,
    role: HashSet<String>,
    /// Case-sensitive: capitalised words that make a name an organisation.
    organisation_words: HashSet<String>,
    titles: HashSet<String>,
    honorifics: HashSet<String>,
    /// Multi-word modifiers as lower-cased word lists, longest first.
    post_modifiers: Vec<Vec<String>>,
    determiners: HashSet<String>,
    stop: HashSet<String>,
    reasons: Option<Regex>,
    /// Phrases in which a cue attributes nothing ("having said that").
    not_cues: Option<Regex>,
    /// Words that credit a claim to no one ("reportedly"), lower-cased.
    sourceless_cues: HashSet<String>,
    /// Agency spellings as word lists (case-sensitive), with canonical names.
    agencies: Vec<(Vec<String>, String)>,
    /// The vocabulary's words by class, as the tagger's features see them.
    lexicon: tagger::Lexicon,
    outlet_words: HashSet<String>,
    /// Finding categories whose lines hold no sourcing.
    pub not_sourcing: std::collections::BTreeSet<String>,
    method: Method,
    cue_rate: f32,
    cue_min_count: u32,
    /// Every word a kept cue may hold, built on first use.
    cue_candidates: std::sync::OnceLock<HashSet<String>>,
    /// For each fine word cluster, how many of the vocabulary's nouns for
    /// people, organisations and documents it holds, built on first use.
    cluster_nouns: std::sync::OnceLock<HashMap<u16, [u32; 3]>>,
    /// The reporting verbs as lower-cased phrases.
    verb_phrases: HashSet<String>,
}

fn lower_set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| w.trim().to_lowercase()).collect()
}

fn phrase_regex(phrases: &[String], case_insensitive: bool) -> Result<Option<Regex>, String> {
    if phrases.is_empty() {
        return Ok(None);
    }
    let mut sorted: Vec<&String> = phrases.iter().collect();
    sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    sorted.dedup();
    let alternation = sorted
        .iter()
        .map(|p| {
            p.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|");
    RegexBuilder::new(&format!(r"(?-u:\b)(?:{alternation})(?-u:\b)"))
        .case_insensitive(case_insensitive)
        .dfa_size_limit(64 << 20)
        .build()
        .map(Some)
        .map_err(|e| e.to_string())
}

impl AttributionModel {
    /// Compile the vocabulary. `agencies` pairs each agency spelling with its
    /// canonical name; `anonymity_reasons` are the phrases that say why a
    /// source is unnamed (the `anonymity-reasons` lexicon, which the
    /// `anonymous.reason-given` rule matches too).
    pub(crate) fn compile(
        spec: &AttributionSpec,
        agencies: Vec<(String, String)>,
        anonymity_reasons: &[String],
    ) -> Result<AttributionModel, String> {
        let mut post_modifiers: Vec<Vec<String>> = spec
            .post_modifiers
            .iter()
            .map(|p| p.split_whitespace().map(str::to_lowercase).collect())
            .filter(|p: &Vec<String>| !p.is_empty())
            .collect();
        post_modifiers.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let mut agencies: Vec<(Vec<String>, String)> = agencies
            .into_iter()
            .map(|(spelling, canonical)| {
                (
                    spelling.split_whitespace().map(str::to_owned).collect(),
                    canonical,
                )
            })
            .collect();
        agencies.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        let mut lexicon = tagger::Lexicon::default();
        for (words, class) in [
            (&spec.reporting_verbs, tagger::class::VERB),
            (&spec.anonymous_nouns, tagger::class::ANONYMOUS),
            (&spec.institution_nouns, tagger::class::INSTITUTION),
            (&spec.document_nouns, tagger::class::DOCUMENT),
            (&spec.role_nouns, tagger::class::ROLE),
            (&spec.person_titles, tagger::class::TITLE),
            (&spec.honorifics, tagger::class::HONORIFIC),
        ] {
            for word in words {
                lexicon.add(word, class);
            }
        }
        for (spelling, _) in &agencies {
            for word in spelling {
                lexicon.add(word, tagger::class::AGENCY);
            }
        }
        for pronoun in PRONOUNS {
            lexicon.add(pronoun, tagger::class::PRONOUN);
        }
        let method = spec
            .method
            .as_deref()
            .map_or(Ok(Method::Tagger), Method::parse)?;
        let cue_rate = parse_cue_rate(f64::from(spec.cue_rate.unwrap_or(0.0)))?;
        Ok(AttributionModel {
            not_sourcing: spec.not_sourcing.iter().cloned().collect(),
            outlet_words: lower_set(&spec.outlet_words),
            method,
            cue_rate,
            cue_min_count: spec.cue_min_count.unwrap_or(1),
            cue_candidates: std::sync::OnceLock::new(),
            cluster_nouns: std::sync::OnceLock::new(),
            verb_phrases: spec
                .reporting_verbs
                .iter()
                .map(|v| {
                    v.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                })
                .collect(),
            lexicon,
            verbs: phrase_regex(&spec.reporting_verbs, false)?,
            inverted: lower_set(&spec.inverted_verbs),
            source_after: spec
                .source_after_verbs
                .iter()
                .map(|v| {
                    v.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                })
                .collect(),
            skip: lower_set(&spec.skip_words),
            anonymous: lower_set(&spec.anonymous_nouns),
            institution: lower_set(&spec.institution_nouns),
            document: lower_set(&spec.document_nouns),
            role: lower_set(&spec.role_nouns),
            organisation_words: spec
                .organisation_words
                .iter()
                .map(|w| w.trim().to_owned())
                .collect(),
            titles: spec
                .person_titles
                .iter()
                .map(|w| w.trim().to_owned())
                .collect(),
            honorifics: spec
                .honorifics
                .iter()
                .map(|w| w.trim().to_owned())
                .collect(),
            post_modifiers,
            determiners: lower_set(&spec.determiners),
            stop: lower_set(&spec.stop_words),
            reasons: phrase_regex(anonymity_reasons, true)?,
            not_cues: phrase_regex(&spec.not_cues, true)?,
            sourceless_cues: lower_set(&spec.sourceless_cues),
            agencies,
        })
    }

    /// Whether token `k` can be part of a kept cue: some cue holding it
    /// may pass `keeps_cue`. Always when `cue-rate` is 0.
    fn may_cue(&self, taggers: &models::Taggers, cx: &Ctx<'_, '_>, k: usize) -> bool {
        if self.cue_rate <= 0.0 {
            return true;
        }
        let candidates = self.cue_candidates.get_or_init(|| {
            let mut words: HashSet<String> = self
                .verb_phrases
                .iter()
                .flat_map(|v| v.split_whitespace().map(str::to_owned))
                .collect();
            words.extend(
                taggers
                    .cue_words
                    .iter()
                    .filter(|&(_, &(cues, uses))| {
                        cues >= self.cue_min_count && cues as f32 >= self.cue_rate * uses as f32
                    })
                    .map(|(w, _)| (*w).to_owned()),
            );
            words.extend([":", "—", "–", "―"].map(str::to_owned));
            words
        });
        let word = cx.s(k);
        if word.bytes().all(|b| !b.is_ascii_uppercase()) && word.is_ascii() {
            candidates.contains(word)
        } else {
            candidates.contains(&cx.lower(k))
        }
    }

    /// Whether a cue the tagger found is kept (see `cue-rate`).
    fn keeps_cue(
        &self,
        taggers: &models::Taggers,
        cue: (usize, usize),
        cx: &Ctx<'_, '_>,
        cue_text: &str,
    ) -> bool {
        if self.cue_rate <= 0.0 || self.verb_phrases.contains(cue_text) {
            return true;
        }
        (cue.0..cue.1).any(|k| self.attributes(taggers, &cx.lower(k)))
    }

    /// Whether a lower-cased word can carry a cue on its own: a reporting
    /// verb, a colon or a dash, or a word that was a cue often enough in
    /// training (see `cue-rate`).
    fn attributes(&self, taggers: &models::Taggers, word: &str) -> bool {
        matches!(word, ":" | "—" | "–" | "―")
            || self.verb_phrases.contains(word)
            || taggers.cue_words.get(word).is_some_and(|&(cues, uses)| {
                cues >= self.cue_min_count && cues as f32 >= self.cue_rate * uses as f32
            })
    }

    /// The reporting verbs and phrases, lower-cased, sorted.
    pub fn reporting_verbs(&self) -> Vec<&str> {
        let mut verbs: Vec<&str> = self.verb_phrases.iter().map(String::as_str).collect();
        verbs.sort_unstable();
        verbs
    }

    /// True when the model has verbs to look for.
    pub fn is_active(&self) -> bool {
        self.verbs.is_some()
    }

    /// The taggers' input for every sentence of `doc` (all zones), in
    /// order. With a part-of-speech model, the sentence is tagged with it
    /// first and its tags become features of the attribution input;
    /// `bits` is the attribution model's hash width, `pos_bits` the
    /// part-of-speech model's.
    pub fn tagger_input(
        &self,
        doc: &Document,
        pos: Option<&tagger::Tagger>,
        bits: u8,
        pos_bits: u8,
    ) -> Vec<TaggerInput> {
        let empty = tagger::WordClusters::default();
        let clusters = models::word_clusters().unwrap_or(&empty);
        let text = doc.text.as_str();
        let mut quotes = QuoteState::default();
        let mut previous_end = 0;
        doc.sentences()
            .iter()
            .map(|&(start, end)| {
                if text[previous_end..start].contains('\n') {
                    quotes = QuoteState::default();
                }
                previous_end = end;
                let toks = tokenize(text, start, end);
                let (spans, quoted) = quotes.walk(text, &toks);
                let pos_input = pos::sentence(text, &spans, clusters, pos_bits);
                let pos_tags = pos.map(|p| p.tag(&pos_input)).unwrap_or_default();
                let attribution = tagger::sentence(
                    text,
                    &spans,
                    &quoted,
                    &pos_tags,
                    &self.lexicon,
                    clusters,
                    bits,
                );
                TaggerInput {
                    range: (start, end),
                    pos: pos_input,
                    pos_tags,
                    attribution,
                }
            })
            .collect()
    }
}

/// One sentence as the taggers see it.
#[derive(Debug, Clone)]
pub struct TaggerInput {
    /// The sentence's byte range.
    pub range: (usize, usize),
    /// The part-of-speech tagger's input.
    pub pos: tagger::Sentence,
    /// The part-of-speech tags used, if a model was given.
    pub pos_tags: Vec<tagger::Label>,
    /// The attribution tagger's input.
    pub attribution: tagger::Sentence,
}

/// Personal pronouns, a class of their own for the tagger.
const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me",
];

/// Whether the text is inside double quotation marks. A paragraph break
/// closes every quotation: news style reopens a quote that runs on over
/// paragraphs without closing the one before.
#[derive(Debug, Default, Clone, Copy)]
struct QuoteState {
    inside: bool,
}

impl QuoteState {
    /// Each token's range and whether it is a word, and whether it lies
    /// inside quotation marks (the marks themselves count as inside).
    fn walk(&mut self, text: &str, toks: &[Tok]) -> (Vec<(usize, usize, bool)>, Vec<bool>) {
        let mut spans = Vec::with_capacity(toks.len());
        let mut quoted = Vec::with_capacity(toks.len());
        for t in toks {
            let s = &text[t.start..t.end];
            let mark_inside = match s {
                "“" => {
                    self.inside = true;
                    true
                }
                "”" => {
                    self.inside = false;
                    true
                }
                "\"" => {
                    self.inside = !self.inside;
                    true
                }
                _ => self.inside,
            };
            spans.push((t.start, t.end, t.word));
            quoted.push(mark_inside);
        }
        (spans, quoted)
    }
}

/// A token: a word (letters, digits, inner `.'’-&`) or one punctuation mark.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    word: bool,
}

/// The model's tokens of `text[from..to]`: the tokenizer's words joined
/// across one inner `.'’-&` before another word ("U.S", "Al-Jaberi",
/// "AT&T"; a stop only in abbreviations), an abbreviation keeping its final
/// stop ("U.S."); every mark stands alone.
fn tokenize(text: &str, from: usize, to: usize) -> Vec<Tok> {
    let atoms: Vec<Token> = tokens(text, from, to).collect();
    let mut toks = Vec::with_capacity(atoms.len());
    let mut k = 0;
    while let Some(&atom) = atoms.get(k) {
        k += 1;
        if !atom.word {
            toks.push(Tok {
                start: atom.start,
                end: atom.end,
                word: false,
            });
            continue;
        }
        let (start, mut end) = (atom.start, atom.end);
        let mut has_dot = false;
        while let (Some(mark), Some(next)) = (atoms.get(k), atoms.get(k + 1)) {
            let connector = &text[mark.start..mark.end];
            let joins = !mark.word
                && mark.start == end
                && next.word
                && next.start == mark.end
                && matches!(connector, "." | "'" | "’" | "-" | "&")
                && (connector != "."
                    || short_segments(&text[start..mark.start], &text[mark.end..to]));
            if !joins {
                break;
            }
            has_dot |= connector == ".";
            end = next.end;
            k += 2;
        }
        // "U.S." keeps its final stop.
        if has_dot && text[end..to].starts_with('.') && end - start <= 8 {
            end += 1;
            k += 1;
        }
        toks.push(Tok {
            start,
            end,
            word: true,
        });
    }
    toks
}

/// Whether a stop between two letter runs joins them into one word: only in
/// initialisms and abbreviations ("U.S", "e.g"), never "said.Representative"
/// where a space was lost after a full stop.
fn short_segments(before: &str, after: &str) -> bool {
    let last = before.rsplit('.').next().unwrap_or(before);
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or(after);
    last.chars().count() <= 2 || next.chars().count() <= 2
}

/// A source phrase found around a verb: token indices of the whole phrase,
/// of its core (the noun phrase without trailing modifiers), and whether it
/// came after the verb.
#[derive(Debug, Clone)]
struct Phrase {
    start: usize,
    end: usize,
    core_start: usize,
    core_end: usize,
}

/// The state that follow-up references are resolved against.
#[derive(Debug, Default)]
struct Resolver {
    /// Canonical names of named people, as word lists, in order of first mention.
    names: Vec<Vec<String>>,
    /// The last person spoken of ("he", "she" point here).
    last_person: Option<(SourceKind, String)>,
    /// The last organisation or agency spoken of ("it" points here).
    last_organisation: Option<(SourceKind, String)>,
    /// The last agency credited ("the agency" points here).
    last_wire: Option<String>,
    /// Anonymous sources by head noun (singular form), most recent last.
    anonymous: Vec<(String, String)>,
}

struct Ctx<'a, 's> {
    text: &'a str,
    toks: &'a [Tok],
    surnames: &'a SurnameIndex<'s>,
    names: &'a NameIndex<'s>,
}

/// Full names written anywhere in a document ("Tom Hanks", "Jaime
/// Lusinchi"): runs of two to five capitalised words, by their last word,
/// so a later bare surname resolves to the first full name before it. Built
/// in one pass on the first question.
struct NameIndex<'a> {
    text: &'a str,
    runs: std::cell::OnceCell<NameRuns<'a>>,
}

/// Full names by last word: where each was written and its words.
type NameRuns<'a> = HashMap<&'a str, Vec<(usize, Vec<&'a str>)>>;

impl<'a> NameIndex<'a> {
    fn new(text: &'a str) -> Self {
        NameIndex {
            text,
            runs: std::cell::OnceCell::new(),
        }
    }

    fn build(
        model: &AttributionModel,
        text: &'a str,
    ) -> HashMap<&'a str, Vec<(usize, Vec<&'a str>)>> {
        let toks = tokenize(text, 0, text.len());
        let mut runs: HashMap<&str, Vec<(usize, Vec<&str>)>> = HashMap::new();
        let mut k = 0;
        while k < toks.len() {
            let capital = |t: &Tok| {
                let w = &text[t.start..t.end];
                t.word && (w.starts_with(char::is_uppercase) || is_particle(w))
            };
            if !capital(&toks[k]) {
                k += 1;
                continue;
            }
            let mut end = k + 1;
            while end < toks.len()
                && capital(&toks[end])
                && text[toks[end - 1].end..toks[end].start] == *" "
            {
                end += 1;
            }
            let mut words: Vec<&str> = (k..end)
                .map(|j| &text[toks[j].start..toks[j].end])
                .collect();
            let start = toks[k].start;
            // Titles and honorifics, and what comes before them ("U.S.
            // President"), are not part of the name; neither is a sentence's
            // capitalised first word when it is a stop word.
            if let Some(last_title) = words
                .iter()
                .rposition(|w| model.titles.contains(*w) || model.honorifics.contains(*w))
            {
                words.drain(..=last_title);
            }
            while words.first().is_some_and(|w| {
                model.stop.contains(&w.to_lowercase())
                    || model.determiners.contains(&w.to_lowercase())
            }) {
                words.remove(0);
            }
            let plain = words.iter().all(|w| {
                !model.organisation_words.contains(*w) && w.chars().any(char::is_lowercase)
            });
            if (2..=5).contains(&words.len())
                && plain
                && !is_particle(words[0])
                && let Some(last) = words.last()
            {
                runs.entry(last).or_default().push((start, words.clone()));
            }
            k = end;
        }
        runs
    }

    /// The first full name before byte `at` that ends with `words`.
    fn full_name_before(
        &self,
        model: &AttributionModel,
        words: &[String],
        at: usize,
    ) -> Option<Vec<String>> {
        let last = words.last()?;
        let runs = self.runs.get_or_init(|| Self::build(model, self.text));
        runs.get(last.as_str())?
            .iter()
            .take_while(|(start, _)| *start < at)
            .find(|(_, run)| {
                run.len() > words.len()
                    && run[run.len() - words.len()..]
                        .iter()
                        .zip(words)
                        .all(|(a, b)| *a == b)
            })
            .map(|(_, run)| run.iter().map(|w| (*w).to_owned()).collect())
    }
}

impl Ctx<'_, '_> {
    fn s(&self, i: usize) -> &str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }
    fn lower(&self, i: usize) -> String {
        self.s(i).to_lowercase()
    }
    fn is_cap(&self, i: usize) -> bool {
        self.toks[i].word && self.s(i).starts_with(char::is_uppercase)
    }
    /// The text from token `from` to the end of token `to - 1`; empty when
    /// the range holds no token.
    fn span(&self, from: usize, to: usize) -> String {
        if from >= to || to > self.toks.len() {
            return String::new();
        }
        self.text[self.toks[from].start..self.toks[to - 1].end].to_owned()
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        !self.toks[i].word && self.s(i) == p
    }
}

fn singular(word: &str) -> &str {
    if word == "people" {
        "person"
    } else if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

impl AttributionModel {
    /// What an unknown noun names, judged by the vocabulary nouns in its word
    /// cluster: `Some(Institutional)` or `Some(Document)` when its cluster
    /// holds nouns of that class and none for people ("ad" beside "video",
    /// "footage"), `None` when it holds people or no vocabulary noun at all.
    fn cluster_reading(&self, word: &str) -> Option<Reading> {
        let clusters = models::word_clusters().ok()?;
        let table = self.cluster_nouns.get_or_init(|| {
            let mut table: HashMap<u16, [u32; 3]> = HashMap::new();
            // Classes: 0 people, 1 organisations, 2 documents.
            for (class, nouns) in [
                (0, &self.anonymous),
                (0, &self.role),
                (1, &self.institution),
                (2, &self.document),
            ] {
                for noun in nouns {
                    for form in [noun.clone(), format!("{noun}s")] {
                        if let Some(c) = clusters.of(&form) {
                            table.entry(c[tagger::CLUSTER_LEVELS - 1]).or_default()[class] += 1;
                        }
                    }
                }
            }
            table
        });
        let [people, institutions, documents] =
            *table.get(&clusters.of(word)?[tagger::CLUSTER_LEVELS - 1])?;
        if people > 0 {
            None
        } else if documents > institutions {
            Some(Reading::Document)
        } else if institutions > 0 {
            Some(Reading::Institutional)
        } else {
            None
        }
    }

    fn is_noun(&self, word: &str) -> bool {
        self.anonymous.contains(word)
            || self.institution.contains(word)
            || self.document.contains(word)
            || self.role.contains(word)
    }

    /// Can this word be inside a source phrase? Punctuation and stop words end one.
    fn phrase_word(&self, cx: &Ctx<'_, '_>, i: usize) -> bool {
        if !cx.toks[i].word {
            return false;
        }
        let lw = cx.lower(i);
        // A capitalised word inside a name is never a stop word ("Theresa
        // May", "Will Smith"); at the start of a sentence it may be ("But").
        let inside_name = cx.is_cap(i) && i > 0 && cx.is_cap(i - 1);
        if !inside_name && (self.stop.contains(&lw) || self.skip.contains(&lw)) {
            return false;
        }
        // A one-word modifier opener ("in", "from", "who") ends the noun
        // phrase; the caller decides whether to hop over the modifier.
        if !cx.is_cap(i)
            && self
                .post_modifiers
                .iter()
                .any(|m| m.len() == 1 && m[0] == lw)
        {
            return false;
        }
        // A reporting verb is never part of its own subject.
        if self.verbs.as_ref().is_some_and(|v| v.is_match(cx.s(i))) && !cx.is_cap(i) {
            return false;
        }
        true
    }

    /// The post-modifier that ends at token `end` (exclusive) and follows a
    /// source noun: returns the index where the modifier's opening word starts.
    fn post_modifier_start(
        &self,
        cx: &Ctx<'_, '_>,
        mod_start_candidates: usize,
        noun_end: usize,
    ) -> Option<usize> {
        let _ = mod_start_candidates;
        for words in &self.post_modifiers {
            let n = words.len();
            if noun_end < n + 1 {
                continue;
            }
            // Looking for `<noun> <words...>` where the modifier's first word is at noun_end - n.
            let first = noun_end - n;
            let matches =
                (0..n).all(|k| cx.toks[first + k].word && cx.lower(first + k) == words[k]);
            if matches {
                let noun = first - 1;
                if cx.toks[noun].word && self.is_noun(&cx.lower(noun)) {
                    return Some(first);
                }
            }
        }
        None
    }

    /// Read a noun phrase backwards from token `end` (exclusive).
    fn phrase_before(&self, cx: &Ctx<'_, '_>, end: usize) -> Option<Phrase> {
        let mut i = end;
        if i > 0
            && cx.toks[i - 1].word
            && matches!(cx.lower(i - 1).as_str(), "who" | "that" | "which")
        {
            i -= 1;
        }
        let phrase_end = i;
        let mut core_end = i;
        let mut hops = 0;
        loop {
            let mut lowercase_words = 0;
            let mut taken = 0;
            while i > 0 && taken < 10 {
                let t = i - 1;
                if cx.is_punct(t, ".") && t > 0 && cx.toks[t - 1].word {
                    // "Mr." or an initial ("W.") inside a name.
                    let w = cx.s(t - 1);
                    let initial = w.chars().count() == 1 && w.starts_with(char::is_uppercase);
                    if (initial || self.honorifics.contains(w)) && i < core_end {
                        i -= 1;
                        continue;
                    }
                    break;
                }
                if !self.phrase_word(cx, t) {
                    // "Secretary of State", "Bank of America": `of` between capitals.
                    if cx.toks[t].word
                        && cx.lower(t) == "of"
                        && t > 0
                        && cx.is_cap(t - 1)
                        && t + 1 < cx.toks.len()
                        && cx.is_cap(t + 1)
                    {
                        i -= 1;
                        taken += 1;
                        continue;
                    }
                    break;
                }
                let lw = cx.lower(t);
                if !cx.is_cap(t) {
                    lowercase_words += 1;
                    if lowercase_words > 4 && !self.determiners.contains(&lw) {
                        break;
                    }
                }
                i -= 1;
                taken += 1;
                if self.determiners.contains(&lw) || lw.chars().all(|c| c.is_ascii_digit()) {
                    break;
                }
            }
            if i == core_end && hops == 0 {
                return None;
            }
            // "sources in Baghdad", "a diplomat from a US ally": hop back over
            // a modifier to the noun it modifies.
            let ends_in_name =
                core_end >= i + 2 && cx.is_cap(core_end - 1) && cx.is_cap(core_end - 2);
            if hops < 2
                && !ends_in_name
                && let Some(first) = self.post_modifier_start(cx, i, i)
            {
                core_end = first;
                i = first;
                hops += 1;
                continue;
            }
            break;
        }
        if i >= core_end {
            return None;
        }
        Some(Phrase {
            start: i,
            end: phrase_end,
            core_start: i,
            core_end,
        })
    }

    /// The length in words of the post-modifier opening at token `i`, if any.
    fn modifier_at(&self, cx: &Ctx<'_, '_>, i: usize) -> Option<usize> {
        let n = cx.toks.len();
        self.post_modifiers.iter().map(Vec::len).find(|&k| {
            i + k < n
                && self.post_modifiers.iter().any(|words| {
                    words.len() == k
                        && (0..k).all(|j| cx.toks[i + j].word && cx.lower(i + j) == words[j])
                })
        })
    }

    /// Read a noun phrase forwards from token `start`.
    fn phrase_after(&self, cx: &Ctx<'_, '_>, start: usize) -> Option<Phrase> {
        let n = cx.toks.len();
        let mut i = start;
        let mut taken = 0;
        while i < n && taken < 8 && self.phrase_word(cx, i) {
            let lw = cx.lower(i);
            if taken > 0 && self.determiners.contains(&lw) {
                break;
            }
            // "people familiar with ...": the modifier starts after the noun.
            if taken > 0 && self.is_noun(&cx.lower(i - 1)) && self.modifier_at(cx, i).is_some() {
                break;
            }
            i += 1;
            taken += 1;
            // Skip "Mr." / "W." stops inside the phrase.
            if i < n && cx.is_punct(i, ".") {
                let w = cx.s(i - 1);
                if self.honorifics.contains(w)
                    || (w.chars().count() == 1 && w.starts_with(char::is_uppercase))
                {
                    i += 1;
                }
            }
            // A name ends at a lower-case word after capitals ("said Smith on Monday").
            // After a name, a lower-case word carries on only towards a
            // source noun ("US defense officials"); "said Smith adding" stops.
            if i < n
                && i > start
                && cx.is_cap(i - 1)
                && cx.toks[i].word
                && !cx.is_cap(i)
                && cx.lower(i) != "of"
                && !(i..(i + 3).min(n)).any(|j| cx.toks[j].word && self.is_noun(&cx.lower(j)))
            {
                break;
            }
        }
        if i == start {
            return None;
        }
        let core_end = i;
        let mut end = i;
        // One modifier: "a spokesman for the ministry", "people familiar with the matter".
        if self.is_noun(&cx.lower(core_end - 1))
            && let Some(k) = self.modifier_at(cx, end)
        {
            let mut m = end + k;
            let mut taken = 0;
            while m < n && taken < 6 && (self.phrase_word(cx, m) || cx.lower(m) == "the") {
                m += 1;
                taken += 1;
            }
            if m > end + k {
                end = m;
            }
        }
        Some(Phrase {
            start,
            end,
            core_start: start,
            core_end,
        })
    }

    /// The agency named by tokens `from..to`, if they spell one exactly
    /// (a leading "the" allowed).
    fn agency(&self, cx: &Ctx<'_, '_>, from: usize, to: usize) -> Option<String> {
        let mut from = from;
        if from < to && cx.lower(from) == "the" && !cx.is_cap(from) {
            from += 1;
        }
        let words: Vec<&str> = (from..to).map(|i| cx.s(i)).collect();
        self.agencies
            .iter()
            .find(|(spelling, _)| {
                spelling
                    .iter()
                    .map(String::as_str)
                    .eq(words.iter().copied())
            })
            .map(|(_, canonical)| canonical.clone())
    }

    /// The agency a phrase right after `told` names, if any ("told Reuters").
    fn recipient_agency(&self, cx: &Ctx<'_, '_>, start: usize) -> Option<String> {
        let n = cx.toks.len();
        (1..=4)
            .rev()
            .filter(|k| start + k <= n)
            .find_map(|k| self.agency(cx, start, start + k))
            .or_else(|| self.recipient_outlet(cx, start))
    }

    /// A news outlet named right after `told` ("told CNN", "told the BBC",
    /// "told Time magazine"): a run of capitalised words, an acronym or
    /// holding one of the `outlet-words`, that ends the clause.
    fn recipient_outlet(&self, cx: &Ctx<'_, '_>, start: usize) -> Option<String> {
        let n = cx.toks.len();
        let mut i = start;
        if i < n && cx.toks[i].word && cx.lower(i) == "the" {
            i += 1;
        }
        let first = i;
        while i < n
            && i - first < 6
            && !is_day_or_month(cx.s(i))
            && (cx.is_cap(i)
                || cx.toks[i].word && self.outlet_words.contains(&cx.lower(i))
                || cx.is_punct(i, "'")
                || cx.is_punct(i, "’")
                || (cx.toks[i].word && matches!(cx.s(i), "s" | "com")))
        {
            i += 1;
        }
        if i == first {
            return None;
        }
        let ends = i == n
            || !cx.toks[i].word
            || matches!(
                cx.lower(i).as_str(),
                "that"
                    | "on"
                    | "in"
                    | "last"
                    | "by"
                    | "this"
                    | "after"
                    | "when"
                    | "about"
                    | "earlier"
            );
        let named = (first..i).any(|k| cx.toks[k].word && self.outlet_words.contains(&cx.lower(k)));
        (ends && named).then(|| cx.span(first, i))
    }
}

/// What a phrase is, before follow-ups are resolved.
enum Reading {
    Pronoun(String),
    Wire(String),
    /// "the agency": the last agency credited.
    AgencyFollowUp,
    /// Someone identified without a name: "Rahami's father".
    Identified,
    Named(Vec<String>),
    Anonymous {
        head: String,
    },
    Institutional,
    /// A report, study, poll or filing.
    Document,
    /// "they", "we", "I": the last group or person spoken of.
    Group(String),
    Role,
    Surname(String),
}

impl AttributionModel {
    fn read(&self, cx: &Ctx<'_, '_>, p: &Phrase, appositive: bool) -> Option<Reading> {
        let (cs, ce) = (p.core_start, p.core_end);
        let head = ce - 1;
        let lhead = cx.lower(head);
        if ce - cs == 1 && matches!(lhead.as_str(), "he" | "she" | "it") {
            return Some(Reading::Pronoun(lhead));
        }
        if matches!(
            lhead.as_str(),
            "they" | "we" | "i" | "you" | "him" | "them" | "this" | "there" | "both"
        ) {
            return None;
        }
        // "Reuters", "the Associated Press", "state-run news agency Xinhua".
        if let Some(agency) =
            (cs..ce).find_map(|i| self.agency(cx, i, ce).filter(|_| i == cs || cx.is_cap(i)))
        {
            return Some(Reading::Wire(agency));
        }
        // "the RIA news agency", "the Xinhua report", "reports from ... Interfax".
        let document_head =
            self.document.contains(&lhead) || self.document.contains(singular(&lhead));
        if lhead == "agency" || document_head {
            if let Some(agency) = (cs..p.end).find_map(|i| {
                (1..=3)
                    .rev()
                    .filter(|k| i + k <= p.end)
                    .find_map(|k| self.agency(cx, i, i + k))
            }) {
                return Some(Reading::Wire(agency));
            }
            if lhead == "agency" {
                return Some(Reading::AgencyFollowUp);
            }
        }
        // "The finance minister, Ana Costa,": a role, then the name of the
        // person holding it, set off by commas.
        if !cx.is_cap(head) && self.role.contains(&lhead) && ce + 3 <= p.end && cx.is_punct(ce, ",")
        {
            let name_start = ce + 1;
            let mut name_end = name_start;
            while name_end < p.end
                && (cx.is_cap(name_end) || (name_end > name_start && is_particle(cx.s(name_end))))
            {
                name_end += 1;
            }
            let closed = name_end == p.end || cx.is_punct(name_end, ",");
            let name: Vec<String> = (name_start..name_end).map(|i| cx.s(i).to_owned()).collect();
            if closed
                && name.len() >= 2
                && !name.iter().any(|w| {
                    self.organisation_words.contains(w.as_str())
                        || self.titles.contains(w.as_str())
                        || w == "The"
                })
            {
                return Some(Reading::Named(name));
            }
        }
        let noun = self.is_noun(&lhead) || self.is_noun(singular(&lhead));
        // Capitalised run ending at the head: a person or an organisation.
        // A lone capitalised lexicon noun or its plural ("Officials said",
        // "Attorneys for the family said") is just a noun.
        if cx.is_cap(head) && !(noun && (head == cs || !cx.is_cap(head - 1))) {
            let mut run_start = head;
            while run_start > cs
                && (cx.is_cap(run_start - 1)
                    || (cx.lower(run_start - 1) == "of"
                        && run_start >= cs + 2
                        && cx.is_cap(run_start - 2))
                    || cx.is_punct(run_start - 1, ".")
                    || is_particle(cx.s(run_start - 1)))
            {
                run_start -= 1;
            }
            let words: Vec<&str> = (run_start..ce)
                .filter(|&i| cx.toks[i].word)
                .map(|i| cx.s(i))
                .collect();
            // The name is the run's tail of capitalised words and particles
            // after the last title, honorific or organisation word.
            let mut k = words.len();
            while k > 0 {
                let w = words[k - 1];
                let capital = w.starts_with(char::is_uppercase);
                if self.titles.contains(w)
                    || self.honorifics.contains(w)
                    || self.organisation_words.contains(w)
                    || !(capital || is_particle(w))
                {
                    break;
                }
                k -= 1;
            }
            while k < words.len() && is_particle(words[k]) {
                k += 1;
            }
            let mut name: Vec<String> = words[k..].iter().map(|w| (*w).to_owned()).collect();
            // "Ambassador to Iraq Mathew Tueller": the place after a title's
            // preposition is not part of the name.
            if name.len() >= 3
                && run_start >= 2
                && matches!(cx.lower(run_start - 1).as_str(), "to" | "of" | "for" | "in")
                && (self.titles.contains(cx.s(run_start - 2))
                    || self.role.contains(&cx.lower(run_start - 2)))
            {
                name.remove(0);
            }
            let before_name = &words[..k];
            let honorific = before_name
                .last()
                .is_some_and(|w| self.honorifics.contains(*w));
            let titled = before_name.last().is_some_and(|w| self.titles.contains(*w));
            let organisation = before_name
                .iter()
                .any(|w| self.organisation_words.contains(*w))
                || words.first().is_some_and(|w| *w == "The")
                || (words.len() == 1 && is_acronym(words[0]));
            if name.is_empty() {
                return Some(Reading::Institutional);
            }
            // "The Lib Dems", "The US": a run opened by "The" is a body, not a person.
            if !honorific && !titled && words.first().is_some_and(|w| *w == "The") {
                return Some(Reading::Institutional);
            }
            if honorific || titled || name.len() >= 2 {
                return Some(Reading::Named(name));
            }
            if organisation {
                return Some(Reading::Institutional);
            }
            if appositive {
                return Some(Reading::Named(name));
            }
            // One capitalised word: a surname if the text ever writes it after
            // a given name ("Dmitry Peskov" ... "Peskov said").
            return Some(Reading::Surname(name[0].clone()))
                .filter(|_| cx.surnames.contains(&name[0]) || !self.institution.contains(&lhead));
        }
        // "figures released by the ministry", "figures from the census":
        // a head that names people or data is data when a source of it follows.
        if document_head
            && ce < p.end
            && matches!(
                cx.lower(ce).as_str(),
                "from" | "released" | "published" | "compiled" | "issued" | "provided"
            )
        {
            return Some(Reading::Document);
        }
        if self.anonymous.contains(&lhead) {
            return Some(Reading::Anonymous {
                head: singular(&lhead).to_owned(),
            });
        }
        if document_head {
            return Some(Reading::Document);
        }
        if self.institution.contains(&lhead) {
            return Some(Reading::Institutional);
        }
        if self.role.contains(&lhead) {
            // "Rahami's father": a role of a named person identifies someone.
            let possessive = (cs..head).any(|i| {
                let w = cx.s(i);
                cx.is_cap(i) && (w.ends_with("'s") || w.ends_with("’s"))
            });
            if possessive {
                return Some(Reading::Identified);
            }
            return Some(Reading::Role);
        }
        None
    }
}

impl AttributionModel {
    /// What a source phrase the rules do not read is: a group pronoun
    /// ("they", "we") or a common noun phrase ("attorneys for the family").
    fn read_generic(&self, cx: &Ctx<'_, '_>, p: &Phrase) -> Option<Reading> {
        let head = cx.lower(p.core_end - 1);
        match head.as_str() {
            "they" | "we" | "us" | "them" | "i" => return Some(Reading::Group(head)),
            "you" | "this" | "that" | "there" | "which" | "who" | "what" => return None,
            _ => {}
        }
        if !cx.toks[p.core_end - 1].word {
            return None;
        }
        if self.document.contains(&head) || self.document.contains(singular(&head)) {
            return Some(Reading::Document);
        }
        // A capitalised head is a body's name ("Democrats said") unless it is
        // a lexicon noun, capitalised only because it opens the sentence.
        if cx.is_cap(p.core_end - 1) && !self.is_noun(singular(&head)) {
            return Some(Reading::Institutional);
        }
        if let Some(reading) = self.cluster_reading(&head) {
            return Some(reading);
        }
        Some(Reading::Anonymous {
            head: singular(&head).to_owned(),
        })
    }
}

fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "al" | "bin"
            | "ibn"
            | "von"
            | "van"
            | "de"
            | "da"
            | "del"
            | "della"
            | "di"
            | "du"
            | "dos"
            | "das"
            | "le"
            | "la"
            | "arap"
            | "el"
            | "abu"
            | "ben"
            | "der"
            | "den"
            | "ter"
    )
}

fn is_day_or_month(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.' || c == '&')
}

/// Where a word stands as a surname in a text: right after a single space
/// that follows a capitalised word ("Mr Smith", "Jane Doe"), and followed by
/// no letter or digit. Built in one pass per document, so asking is cheap
/// however long the text (asking by scanning the text was quadratic: an
/// 11 MB document took 18 s).
/// The index is built on the first question: most documents never ask.
struct SurnameIndex<'a> {
    text: &'a str,
    /// The leading letters and digits at each such place -> the places.
    starts: std::cell::OnceCell<HashMap<&'a str, Vec<usize>>>,
}

impl<'a> SurnameIndex<'a> {
    fn new(text: &'a str) -> Self {
        SurnameIndex {
            text,
            starts: std::cell::OnceCell::new(),
        }
    }

    fn build(text: &'a str) -> HashMap<&'a str, Vec<usize>> {
        let mut starts: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut previous: Option<Token> = None;
        for token in tokens(text, 0, text.len()).filter(|t| t.word) {
            // A word one space after a capitalised word may be a surname.
            if let Some(before) = previous
                && token.start == before.end + 1
                && text.as_bytes()[before.end] == b' '
                && is_capitalised(&text[before.start..before.end])
            {
                starts
                    .entry(&text[token.start..token.end])
                    .or_default()
                    .push(token.start);
            }
            previous = Some(token);
        }
        starts
    }

    fn contains(&self, word: &str) -> bool {
        let head_len = word
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(word.len(), |(j, _)| j);
        let starts = self.starts.get_or_init(|| Self::build(self.text));
        let Some(places) = starts.get(&word[..head_len]) else {
            return false;
        };
        places.iter().any(|&at| {
            self.text[at..].starts_with(word)
                && !self.text[at + word.len()..].starts_with(char::is_alphanumeric)
        })
    }
}

/// A capital, then at least one more character, all lowercase.
fn is_capitalised(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
        && word.chars().count() >= 2
        && word.chars().skip(1).all(char::is_lowercase)
}

/// Find every attribution in a document.
pub fn attribute(doc: &Document, model: &AttributionModel) -> Vec<Attribution> {
    if !model.is_active() {
        return Vec::new();
    }
    let text = doc.text.as_str();
    let sentences = doc.sentences();
    let taggers = match model.method {
        Method::Rules => None,
        Method::Tagger | Method::Both => models::taggers(),
    };
    let use_rules = model.method != Method::Tagger || taggers.is_none();
    // Reporting-verb matches of the rules, by sentence, in the body only:
    // a caption's or a headline's wording is not a source of its own.
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    if use_rules && let Some(verbs) = &model.verbs {
        for m in verbs.find_iter(text) {
            if doc.zone_at(m.start()) != crate::document::zones::Zone::Body {
                continue;
            }
            let si = sentences.partition_point(|&(_, e)| e <= m.start());
            if sentences.get(si).is_some_and(|&(s, _)| s <= m.start()) {
                matches.push((si, m.start(), m.end()));
            }
        }
    }
    // Phrases in which a cue attributes nothing ("having said that"), found
    // in one pass over the text; in order, so each sentence takes its own.
    let idioms: Vec<(usize, usize)> = model.not_cues.as_ref().map_or_else(Vec::new, |re| {
        re.find_iter(text).map(|m| (m.start(), m.end())).collect()
    });
    let mut resolver = Resolver::default();
    let surnames = SurnameIndex::new(text);
    let names = NameIndex::new(text);
    let mut out = Vec::new();
    let mut quotes = QuoteState::default();
    let mut previous_end = 0;
    let mut next_match = 0;
    for (si, &(s_start, s_end)) in sentences.iter().enumerate() {
        if text[previous_end..s_start].contains('\n') {
            quotes = QuoteState::default();
        }
        previous_end = s_end;
        let first_match = next_match;
        while matches.get(next_match).is_some_and(|&(i, _, _)| i == si) {
            next_match += 1;
        }
        let sentence_matches = &matches[first_match..next_match];
        let body = doc.zone_at(s_start) == crate::document::zones::Zone::Body;
        if sentence_matches.is_empty() && (taggers.is_none() || !body) {
            if taggers.is_some() {
                // The quotation state still runs through the sentence.
                let toks = tokenize(text, s_start, s_end);
                quotes.walk(text, &toks);
            }
            continue;
        }
        let toks = tokenize(text, s_start, s_end);
        let (spans, quoted) = quotes.walk(text, &toks);
        let cx = Ctx {
            text,
            toks: &toks,
            surnames: &surnames,
            names: &names,
        };
        let mut candidates: Vec<Candidate> = Vec::new();
        // A sentence with no word that a kept cue needs (see `keeps_cue`)
        // can give no attribution: it is not tagged.
        if let Some(taggers) = taggers.filter(|_| body)
            && (0..toks.len()).any(|k| model.may_cue(taggers, &cx, k))
        {
            candidates.extend(tagger_candidates(model, &cx, taggers, &spans, &quoted));
        }
        let learned = candidates.len();
        // With both, the rules speak only where the tagger found nothing.
        let rule_matches = if learned > 0 {
            &[][..]
        } else {
            sentence_matches
        };
        for &(_, m_start, m_end) in rule_matches {
            let Some(candidate) = rule_candidate(model, &cx, m_start, m_end) else {
                continue;
            };
            // The tagger's reading of a cue wins over the rules'.
            let taken = candidates[..learned].iter().any(|c| {
                overlaps(c.cue, candidate.cue)
                    || overlaps(c.source_bytes(&cx), candidate.source_bytes(&cx))
            });
            if !taken {
                candidates.push(candidate);
            }
        }
        candidates.sort_by_key(|c| c.cue.0);
        let sentence_text = &text[s_start..s_end];
        let next_sentence = sentences.get(si + 1).map_or("", |&(a, b)| &text[a..b]);
        let first_idiom = idioms.partition_point(|&(_, end)| end <= s_start);
        let sentence_idioms = &idioms[first_idiom..];
        let last_idiom = sentence_idioms.partition_point(|&(start, _)| start < s_end);
        let sentence_idioms = &sentence_idioms[..last_idiom];
        candidates.retain(|c| !sentence_idioms.iter().any(|&idiom| overlaps(idiom, c.cue)));
        for candidate in candidates {
            if let Some(attribution) = finish(
                doc,
                model,
                &cx,
                candidate,
                &mut resolver,
                sentence_text,
                next_sentence,
            ) {
                out.push(attribution);
            }
        }
    }
    share_anonymity_reasons(&mut out);
    out
}

/// A reason for anonymity is given for a source, not for a sentence: once
/// the text says why "a senior official" is unnamed, every later claim put
/// on that source has its reason. So each distinct anonymous source (kind and
/// resolved name, as [`distinct_sources`] counts them) has one answer, and
/// the table, the counts and the score's `anonymous-no-reason` agree.
fn share_anonymity_reasons(attributions: &mut [Attribution]) {
    let reasoned: HashSet<String> = attributions
        .iter()
        .filter(|a| a.anonymity.as_ref().is_some_and(|x| x.reason_given))
        .map(|a| a.source.clone())
        .collect();
    for a in attributions.iter_mut() {
        if let Some(anonymity) = &mut a.anonymity
            && reasoned.contains(&a.source)
        {
            anonymity.reason_given = true;
        }
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// A source phrase and its cue, before follow-ups are resolved.
struct Candidate {
    phrase: Phrase,
    reading: Reading,
    /// The cue's byte range.
    cue: (usize, usize),
    /// The cue's token range.
    cue_tokens: (usize, usize),
    /// The cue as written, white space collapsed.
    verb: String,
    /// The content's byte range, when the tagger found one.
    content: Option<(usize, usize)>,
    /// The source's token range as written, when it is not the phrase read
    /// ("who" in "sources close to the government, who said").
    written: Option<(usize, usize)>,
}

impl Candidate {
    /// The byte range of the phrase read as the source.
    fn source_bytes(&self, cx: &Ctx<'_, '_>) -> (usize, usize) {
        (
            cx.toks[self.phrase.start].start,
            cx.toks[self.phrase.end - 1].end,
        )
    }
}

/// Resolve a candidate against what came before and make it an attribution.
fn finish(
    doc: &Document,
    model: &AttributionModel,
    cx: &Ctx<'_, '_>,
    candidate: Candidate,
    resolver: &mut Resolver,
    sentence_text: &str,
    next_sentence: &str,
) -> Option<Attribution> {
    let phrase_bytes = candidate.source_bytes(cx);
    let Candidate {
        phrase,
        reading,
        cue,
        cue_tokens,
        verb,
        content,
        written,
    } = candidate;
    let (kind, source, anonymity) = resolve(
        model,
        cx,
        &phrase,
        reading,
        resolver,
        sentence_text,
        next_sentence,
    )?;
    // "told Reuters": the agency follows the verb, inside the cue as the
    // tagger marks it or right after it.
    let telling = (cue_tokens.0..cue_tokens.1)
        .find(|&k| matches!(cx.lower(k).as_str(), "told" | "tells" | "tell" | "telling"));
    let via = telling.and_then(|k| {
        model
            .recipient_agency(cx, k + 1)
            .or_else(|| model.recipient_agency(cx, cue_tokens.1))
    });
    let (source_start, source_end) = match written {
        Some((s, e)) => (cx.toks[s].start, cx.toks[e - 1].end),
        None => phrase_bytes,
    };
    let start = source_start.min(cue.0);
    let end = source_end.max(cue.1);
    let (line, column) = doc.line_col(start);
    Some(Attribution {
        kind,
        source,
        verb,
        via,
        line,
        column,
        start,
        end,
        text: cx.text[start..end].to_owned(),
        anonymity,
        source_start,
        source_end,
        cue_start: cue.0,
        cue_end: cue.1,
        content_start: content.map(|c| c.0),
        content_end: content.map(|c| c.1),
    })
}

/// Words that end a source's core noun phrase when lower-case: what
/// follows them modifies the noun ("sources close to", "director of").
const CORE_ENDERS: &[&str] = &[
    "of",
    "in",
    "from",
    "for",
    "at",
    "with",
    "who",
    "which",
    "that",
    "close",
    "familiar",
    "on",
    "to",
    "under",
    "within",
    "inside",
    "near",
    "involved",
    "working",
    "speaking",
    "based",
    "representing",
    "among",
    "by",
    "whose",
];

/// Sources and cues the tagger finds in the sentence `cx`: each cue with
/// the nearest source span (before it on a tie) and the nearest content.
fn tagger_candidates(
    model: &AttributionModel,
    cx: &Ctx<'_, '_>,
    taggers: &models::Taggers,
    spans: &[(usize, usize, bool)],
    quoted: &[bool],
) -> Vec<Candidate> {
    let pos_input = pos::sentence(cx.text, spans, taggers.clusters, taggers.pos.bits());
    let pos_tags = taggers.pos.tag(&pos_input);
    let input = tagger::sentence(
        cx.text,
        spans,
        quoted,
        &pos_tags,
        &model.lexicon,
        taggers.clusters,
        taggers.attribution.bits(),
    );
    let first = taggers.attribution.tag(&input);
    let lower: Vec<String> = (0..cx.toks.len()).map(|i| cx.lower(i)).collect();
    let words: Vec<&str> = lower.iter().map(String::as_str).collect();
    let second = tagger::stacked(&input, &words, &first, taggers.stack.bits());
    let found = tagger::spans(&taggers.stack.tag(&second));
    let of_role = |role: tagger::Role| -> Vec<(usize, usize)> {
        found
            .iter()
            .filter(|(r, _, _)| *r == role)
            .map(|&(_, s, e)| (s, e))
            .collect()
    };
    let sources: Vec<(usize, usize)> = of_role(tagger::Role::Source)
        .into_iter()
        .map(|span| noun_phrase_span(model, cx, &pos_tags, span))
        .collect();
    let contents = of_role(tagger::Role::Content);
    let gap = |(s, e): (usize, usize), (cs, ce): (usize, usize)| -> (usize, bool) {
        if e <= cs {
            (cs - e, false)
        } else if s >= ce {
            (s - ce, true)
        } else {
            (0, false)
        }
    };
    let mut out = Vec::new();
    let noun = |k: usize| pos::is(&pos_tags, k, &["NOUN", "PROPN"]);
    for cue in of_role(tagger::Role::Cue) {
        // A one-word cue that the part-of-speech tagger reads as a noun
        // closing a compound ("reality TV shows filled the schedule") is a
        // noun phrase's head, not a verb.
        if cue.1 == cue.0 + 1 && cue.0 > 0 && noun(cue.0) && noun(cue.0 - 1) {
            continue;
        }
        let words: Vec<String> = (cue.0..cue.1).map(|k| cx.lower(k)).collect();
        let cue_text = words.join(" ");
        // "The deal was reportedly close, the minister said": a cue whose
        // only attributing word credits no one has no source to take.
        if words.iter().any(|w| model.sourceless_cues.contains(w))
            && !words
                .iter()
                .any(|w| !model.sourceless_cues.contains(w) && model.attributes(taggers, w))
        {
            continue;
        }
        if !model.keeps_cue(taggers, cue, cx, &cue_text) {
            continue;
        }
        let Some(&(start, end)) = sources.iter().min_by_key(|&&src| gap(src, cue)) else {
            continue;
        };
        let mut readings = Vec::new();
        let mut phrases = source_phrases(model, cx, start, end);
        let mut written = None;
        // "sources close to the government, who said": a relative pronoun
        // stands for the noun phrase before it.
        if let [(p, _)] = phrases.as_slice()
            && p.end == p.start + 1
            && matches!(cx.lower(p.start).as_str(), "who" | "which" | "that")
        {
            let before = if p.start > 0 && cx.is_punct(p.start - 1, ",") {
                p.start - 1
            } else {
                p.start
            };
            written = Some((p.start, p.end));
            phrases = model
                .phrase_before(cx, before)
                .map(|antecedent| vec![(antecedent, false)])
                .unwrap_or_default();
        }
        for (phrase, appositive) in phrases {
            let reading = model
                .read(cx, &phrase, appositive)
                .or_else(|| model.read_generic(cx, &phrase));
            if let Some(reading) = reading {
                readings.push((phrase, reading));
            }
        }
        let content = contents
            .iter()
            .min_by_key(|&&c| gap(c, cue))
            .map(|&(s, e)| (cx.toks[s].start, cx.toks[e - 1].end));
        let cue_bytes = (cx.toks[cue.0].start, cx.toks[cue.1 - 1].end);
        let verb = cx.text[cue_bytes.0..cue_bytes.1]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for (phrase, reading) in readings {
            out.push(Candidate {
                phrase,
                reading,
                cue: cue_bytes,
                cue_tokens: cue,
                verb: verb.clone(),
                content,
                written,
            });
        }
    }
    out
}

/// A source is a noun phrase; two ways the tagger's span can run past one
/// are cut back to the phrase that ends at the cue:
/// - a clause with a finite verb of its own ("The council approved the
///   budget on Monday, Mayor Jane Doe said"): the source is what follows the
///   comma after that clause. A verb inside a relative clause ("officials,
///   who spoke on condition of anonymity,") belongs to the source;
/// - a counted or plural group of unnamed people after a comma ("a call to
///   President Barham Salih, two Iraqi government sources told"): an
///   appositive agrees in number with what it describes, so the group is not
///   an apposition of the phrase before it but the source itself.
fn noun_phrase_span(
    model: &AttributionModel,
    cx: &Ctx<'_, '_>,
    pos_tags: &[tagger::Label],
    (start, end): (usize, usize),
) -> (usize, usize) {
    // Whether the span ends in a plural noun for unnamed people ("sources").
    let head = cx.lower(end - 1);
    let group =
        head.ends_with('s') && head != singular(&head) && model.anonymous.contains(singular(&head));
    let (mut from, mut relative, mut clause) = (start, false, false);
    for k in start..end {
        if matches!(cx.lower(k).as_str(), "who" | "which" | "that" | "whose") {
            relative = true;
        } else if pos::is(pos_tags, k, &["VBD", "VBP", "MD"]) && !relative {
            clause = true;
        } else if cx.is_punct(k, ",") && k + 1 < end {
            let counted = NUMBER_WORDS.contains(&cx.lower(k + 1).as_str())
                || cx.s(k + 1).bytes().all(|b| b.is_ascii_digit());
            if clause || (counted && group && !relative) {
                from = k + 1;
                clause = false;
                relative = false;
            }
        }
    }
    (from, end)
}

/// Time words that end a source's core ("The agency yesterday said").
const TIME_WORDS: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "earlier",
    "later",
    "now",
    "also",
    "again",
    "recently",
];

/// The source phrases a tagged source span `start..end` holds: one per
/// conjunct of a coordination ("Germany and France"), each with its core
/// (the noun phrase before an apposition or a modifier: "Leonard E.
/// Burman" of "Leonard E. Burman, director of …"), and whether an
/// apposition follows the core.
fn source_phrases(
    model: &AttributionModel,
    cx: &Ctx<'_, '_>,
    start: usize,
    end: usize,
) -> Vec<(Phrase, bool)> {
    let mut start = start;
    // "which both sides have said", "who announced": the relative pronoun
    // is not the source.
    while start + 1 < end
        && cx.toks[start].word
        && matches!(cx.lower(start).as_str(), "which" | "who" | "that" | "whom")
    {
        start += 1;
    }
    // Conjuncts: split at a lower-case "and"/"or" outside an apposition,
    // unless it joins two single capitalised words of one name.
    let mut conjuncts = Vec::new();
    let mut from = start;
    for k in start + 1..end.saturating_sub(1) {
        if cx.is_punct(k, ",") || cx.is_punct(k, "(") {
            break;
        }
        // Both conjuncts must open like a noun phrase of their own
        // ("Germany and France", "the police and two witnesses"), not share
        // a head ("his transport and environment spokesman", "Work and
        // Pensions Secretary Alan Johnson").
        let opens_phrase = k + 1 < end
            && (cx.is_cap(k + 1)
                || model.determiners.contains(&cx.lower(k + 1))
                || NUMBER_WORDS.contains(&cx.lower(k + 1).as_str()));
        let shares_title = (k + 1..end).any(|j| model.titles.contains(cx.s(j)))
            && !(from..k)
                .any(|j| model.titles.contains(cx.s(j)) || cx.toks[j].word && !cx.is_cap(j))
            && k - from == 1;
        let joins = cx.toks[k].word
            && matches!(cx.s(k), "and" | "or")
            && opens_phrase
            && !shares_title
            && !(k == from + 1 && k + 2 == end && cx.is_cap(k - 1) && cx.is_cap(k + 1));
        if joins && k > from {
            conjuncts.push((from, k));
            from = k + 1;
        }
    }
    conjuncts.push((from, end));
    let last = conjuncts.len() - 1;
    conjuncts
        .into_iter()
        .enumerate()
        .filter(|&(_, (s, e))| s < e)
        .map(|(i, (s, e))| {
            // An earlier conjunct ends where its coordination does; the
            // last keeps the span's modifiers.
            let end = if i == last { end } else { e };
            core_of(model, cx, s, end, e)
        })
        .collect()
}

/// The phrase `start..end` with its core, which ends at or before `limit`.
fn core_of(
    model: &AttributionModel,
    cx: &Ctx<'_, '_>,
    start: usize,
    end: usize,
    limit: usize,
) -> (Phrase, bool) {
    let mut core_start = start;
    // A partitive ("two of the sources", "one of his aides"): the core is
    // what the quantity is of.
    if start + 2 < limit
        && cx.toks[start + 1].word
        && cx.lower(start + 1) == "of"
        && (NUMBER_WORDS.contains(&cx.lower(start).as_str())
            || matches!(
                cx.lower(start).as_str(),
                "some" | "many" | "most" | "several" | "none" | "each" | "all" | "few"
            )
            || cx.s(start).chars().all(|c| c.is_ascii_digit()))
    {
        core_start = start + 2;
    }
    let titled = |k: usize| {
        (core_start..k)
            .any(|j| model.titles.contains(cx.s(j)) || model.honorifics.contains(cx.s(j)))
    };
    let mut core_end = limit;
    let mut appositive = false;
    for k in core_start + 1..limit {
        let t = cx.toks[k];
        let ends = if t.word {
            let lw = cx.lower(k);
            let of_in_name = lw == "of" && cx.is_cap(k - 1) && k + 1 < limit && cx.is_cap(k + 1)
                // "Ambassador Stefan Johannesson of Iceland": after a
                // titled person's name, "of" opens a place.
                && (!titled(k - 1) || model.titles.contains(cx.s(k - 1)));
            // "US Ambassador to Iraq Mathew Tueller": a title's preposition
            // and place are inside the name.
            let title_place = matches!(lw.as_str(), "to" | "for" | "in")
                && titled(k)
                && k + 1 < limit
                && cx.is_cap(k + 1);
            (!cx.is_cap(k) && CORE_ENDERS.contains(&lw.as_str()) && !of_in_name && !title_place)
                || (TIME_WORDS.contains(&lw.as_str()) && !cx.is_cap(k))
                // "a statement released in Washington", "a document seen by
                // Reuters": a participle after the noun opens a modifier.
                || (k > core_start + 1
                    && !cx.is_cap(k)
                    && ((lw.len() > 4 && lw.ends_with("ed"))
                        || matches!(lw.as_str(), "seen" | "written" | "given" | "taken" | "shown")))
                || (lw == "of" && !of_in_name && cx.is_cap(k - 1))
        } else {
            let mark = cx.s(k);
            if matches!(mark, "," | "(" | "—" | "–") {
                appositive = true;
            }
            matches!(mark, "," | "(" | "—" | "–" | ";")
        };
        if ends {
            core_end = k;
            break;
        }
    }
    (
        Phrase {
            start,
            end,
            core_start,
            core_end,
        },
        appositive,
    )
}

/// A source found for one reporting-verb match `m_start..m_end` of the
/// sentence `cx`: the rules' reading backwards or forwards from the verb.
fn rule_candidate(
    model: &AttributionModel,
    cx: &Ctx<'_, '_>,
    m_start: usize,
    m_end: usize,
) -> Option<Candidate> {
    let text = cx.text;
    let toks = cx.toks;
    let v_first = toks.iter().position(|t| t.start == m_start)?;
    let v_last = toks.iter().rposition(|t| t.end == m_end).unwrap_or(v_first);
    let verb_lower = text[m_start..m_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let according = model.source_after.contains(&verb_lower);
    let mut appositive = false;
    let phrase = if according {
        model.phrase_after(cx, v_last + 1).map(|p| (p, true))
    } else {
        let (subject_end, crossed) = skip_back(model, cx, v_first);
        appositive = crossed;
        let before = model.phrase_before(cx, subject_end);
        let prev_is_break =
            v_first == 0 || matches!(cx.s(v_first - 1), "," | "”" | "\"" | "'" | "’" | "—" | "–");
        match before {
            Some(p) if appositive || !(prev_is_break && v_first > 0 && p.end < v_first) => {
                Some((p, false))
            }
            _ if prev_is_break && model.inverted.contains(&verb_lower) => {
                model.phrase_after(cx, v_last + 1).map(|p| (p, true))
            }
            _ => before.map(|p| (p, false)),
        }
    };
    let (mut phrase, after) = phrase?;
    // "the head of the FBI's office in New York, Bill Sweeney, noted":
    // when the apposition itself is a name, it is the source.
    if appositive && !after {
        let open = phrase.end;
        let mut q = open + 1;
        while q < v_first
            && (cx.is_cap(q) || cx.is_punct(q, ".") || (cx.toks[q].word && is_particle(cx.s(q))))
        {
            q += 1;
        }
        let words = (open + 1..q).filter(|&k| cx.toks[k].word).count();
        if words >= 2 && q < v_first && cx.is_punct(q, ",") && cx.is_punct(open, ",") {
            phrase = Phrase {
                start: open + 1,
                end: q,
                core_start: open + 1,
                core_end: q,
            };
        }
    }
    // "the head of the FBI's office, Bill Sweeney, noted" and "quoted an
    // Iranian soldier, Hamid Dehqani, as saying": the name in the
    // apposition is the source.
    if let Some(name) = apposed_name(cx, &phrase, if after { phrase.end } else { v_first }, after) {
        phrase = name;
        appositive = true;
    }
    let reading = match model.read(cx, &phrase, appositive) {
        Some(reading) => reading,
        // "A U.S. official who spoke on condition of anonymity said":
        // the subject stands before the relative clause.
        None if !after => {
            let who = (phrase.start.saturating_sub(10)..v_first)
                .rev()
                .find(|&i| cx.toks[i].word && cx.lower(i) == "who")?;
            let subject = model.phrase_before(cx, who)?;
            let reading = model.read(cx, &subject, false)?;
            phrase = subject;
            reading
        }
        None => return None,
    };
    let verb = text[m_start..m_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(Candidate {
        phrase,
        reading,
        cue: (m_start, m_end),
        cue_tokens: (v_first, v_last + 1),
        verb,
        content: None,
        written: None,
    })
}

/// A capitalised name set off by commas right after a descriptive phrase:
/// `<phrase>, Name Surname,` (before the verb, or after a source-first verb).
fn apposed_name(cx: &Ctx<'_, '_>, p: &Phrase, limit: usize, after: bool) -> Option<Phrase> {
    let comma = p.end;
    if comma >= cx.toks.len() || !cx.is_punct(comma, ",") || cx.is_cap(p.core_end - 1) {
        return None;
    }
    let mut i = comma + 1;
    while i < cx.toks.len()
        && (cx.is_cap(i)
            || (cx.is_punct(i, ".") && i > comma + 1)
            || (cx.toks[i].word && is_particle(cx.s(i))))
    {
        i += 1;
    }
    let words = (comma + 1..i).filter(|&k| cx.toks[k].word).count();
    let closed = i < cx.toks.len() && (cx.is_punct(i, ",") || (after && cx.lower(i) == "as"));
    if words >= 2 && closed && (after || i + 1 == limit || i < limit) {
        return Some(Phrase {
            start: comma + 1,
            end: i,
            core_start: comma + 1,
            core_end: i,
        });
    }
    None
}

/// Step back over words allowed between a subject and its verb ("also",
/// "has") and over an appositive; the flag says an appositive was crossed.
fn skip_back(model: &AttributionModel, cx: &Ctx<'_, '_>, verb: usize) -> (usize, bool) {
    const TIME_WORDS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "week",
        "month",
        "year",
        "night",
        "morning",
        "afternoon",
        "evening",
        "weekend",
    ];
    let mut j = verb;
    loop {
        if j > 0 && cx.toks[j - 1].word && model.skip.contains(&cx.lower(j - 1)) {
            j -= 1;
        } else if j > 1 && cx.toks[j - 1].word && TIME_WORDS.contains(&cx.lower(j - 1).as_str()) {
            // "on Monday", "last week", "on Monday night"
            let mut k = j - 1;
            while k > 0 && cx.toks[k - 1].word && TIME_WORDS.contains(&cx.lower(k - 1).as_str()) {
                k -= 1;
            }
            if k > 0
                && matches!(
                    cx.lower(k - 1).as_str(),
                    "on" | "last" | "this" | "early" | "late" | "next"
                )
            {
                j = k - 1;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    // "Sarkwat Shams, another Iraqi MP, said": the name before an appositive.
    if j > 1 && cx.is_punct(j - 1, ",") {
        let mut k = j - 1;
        let floor = j.saturating_sub(26);
        while k > floor {
            k -= 1;
            if cx.is_punct(k, ",") {
                let opens_clause = k + 1 < j
                    && cx.toks[k + 1].word
                    && matches!(cx.lower(k + 1).as_str(), "who" | "which");
                if k > 0
                    && (cx.is_cap(k - 1) || model.is_noun(&cx.lower(k - 1)))
                    && (opens_clause || j - k <= 15)
                {
                    return (k, true);
                }
                break;
            }
            if !cx.toks[k].word
                && !cx.is_punct(k, ".")
                && !cx.is_punct(k, "(")
                && !cx.is_punct(k, ")")
            {
                break;
            }
        }
    }
    (j, false)
}

#[allow(clippy::too_many_arguments)]
fn resolve(
    model: &AttributionModel,
    cx: &Ctx<'_, '_>,
    p: &Phrase,
    reading: Reading,
    r: &mut Resolver,
    sentence: &str,
    next_sentence: &str,
) -> Option<(SourceKind, String, Option<Anonymity>)> {
    let phrase_text = || cx.span(p.start, p.end);
    let core_text = || {
        let mut s = p.core_start;
        if s < p.core_end && model.determiners.contains(&cx.lower(s)) && cx.lower(s) == "the" {
            s += 1;
        }
        cx.span(s, p.core_end)
    };
    match reading {
        Reading::Pronoun(pronoun) => {
            if pronoun == "it" {
                let (kind, source) = r.last_organisation.clone()?;
                return Some((kind, source, None));
            }
            let (kind, source) = r
                .last_person
                .clone()
                .unwrap_or((SourceKind::Named, pronoun));
            let anonymity = (kind == SourceKind::Anonymous).then(|| Anonymity {
                count: Some(1),
                affiliation: None,
                reason_given: reason_in(model, sentence, next_sentence),
            });
            Some((kind, source, anonymity))
        }
        Reading::Wire(agency) => {
            r.last_organisation = Some((SourceKind::Wire, agency.clone()));
            r.last_wire = Some(agency.clone());
            Some((SourceKind::Wire, agency, None))
        }
        Reading::AgencyFollowUp => match r.last_wire.clone() {
            Some(agency) => Some((SourceKind::Wire, agency, None)),
            None => {
                let source = core_text();
                r.last_organisation = Some((SourceKind::Institutional, source.clone()));
                Some((SourceKind::Institutional, source, None))
            }
        },
        Reading::Identified => {
            let source = phrase_text();
            r.last_person = Some((SourceKind::Named, source.clone()));
            Some((SourceKind::Named, source, None))
        }
        Reading::Named(words) => {
            let at = cx.toks[p.start].start;
            let canonical = r
                .names
                .iter()
                .find(|n| n.len() > words.len() && n.ends_with(&words))
                .cloned()
                .or_else(|| {
                    // "Hanks" after "Tom Hanks" was written outside an attribution.
                    let full = cx.names.full_name_before(model, &words, at)?;
                    r.names.push(full.clone());
                    Some(full)
                })
                .unwrap_or_else(|| {
                    r.names.push(words.clone());
                    words
                })
                .join(" ");
            r.last_person = Some((SourceKind::Named, canonical.clone()));
            Some((SourceKind::Named, canonical, None))
        }
        Reading::Surname(word) => {
            if let Some(n) = r.names.iter().find(|n| n.last() == Some(&word)) {
                let canonical = n.join(" ");
                r.last_person = Some((SourceKind::Named, canonical.clone()));
                return Some((SourceKind::Named, canonical, None));
            }
            if let Some(full) = cx.names.full_name_before(
                model,
                std::slice::from_ref(&word),
                cx.toks[p.start].start,
            ) {
                let canonical = full.join(" ");
                r.names.push(full);
                r.last_person = Some((SourceKind::Named, canonical.clone()));
                return Some((SourceKind::Named, canonical, None));
            }
            if cx.surnames.contains(&word) {
                r.names.push(vec![word.clone()]);
                r.last_person = Some((SourceKind::Named, word.clone()));
                return Some((SourceKind::Named, word, None));
            }
            r.last_organisation = Some((SourceKind::Institutional, word.clone()));
            Some((SourceKind::Institutional, word, None))
        }
        Reading::Institutional => {
            let source = core_text();
            r.last_organisation = Some((SourceKind::Institutional, source.clone()));
            Some((SourceKind::Institutional, source, None))
        }
        Reading::Document => Some((SourceKind::Document, core_text(), None)),
        Reading::Group(pronoun) => {
            let last = if pronoun == "i" {
                r.last_person.clone()
            } else {
                r.last_organisation
                    .clone()
                    .or_else(|| r.last_person.clone())
            };
            match last {
                Some((kind, source)) => {
                    let anonymity = (kind == SourceKind::Anonymous).then(|| Anonymity {
                        count: None,
                        affiliation: None,
                        reason_given: reason_in(model, sentence, next_sentence),
                    });
                    Some((kind, source, anonymity))
                }
                None if pronoun == "i" => Some((SourceKind::Named, phrase_text(), None)),
                None => Some((SourceKind::Institutional, phrase_text(), None)),
            }
        }
        Reading::Role => {
            let definite = matches!(
                cx.lower(p.core_start).as_str(),
                "the" | "his" | "her" | "their"
            );
            if definite && let Some((SourceKind::Named, name)) = r.last_person.clone() {
                return Some((SourceKind::Named, name, None));
            }
            let source = core_text();
            r.last_organisation = Some((SourceKind::Institutional, source.clone()));
            Some((SourceKind::Institutional, source, None))
        }
        Reading::Anonymous { head } => {
            let first = cx.lower(p.core_start);
            let definite = first == "the";
            let plural = singular(&cx.lower(p.core_end - 1)) != cx.lower(p.core_end - 1);
            // "the sources" points back to the last sources; "the sources
            // in Baghdad" only to earlier sources described the same way.
            // The description ends where an appositive or a relative clause
            // opens: "a senior diplomat, who spoke on condition of anonymity,"
            // is "a senior diplomat".
            let described_end = (p.core_end..p.end)
                .find(|&k| matches!(cx.s(k), "," | "(" | "—" | "–" | ";") && !cx.toks[k].word)
                .unwrap_or(p.end);
            let phrase_text = || cx.span(p.start, described_end);
            let described = (described_end > p.core_end)
                .then(|| cx.span(p.core_end, described_end).to_lowercase());
            let source = if definite {
                r.anonymous
                    .iter()
                    .rev()
                    .find(|(h, s)| {
                        *h == head
                            && described
                                .as_ref()
                                .is_none_or(|d| s.to_lowercase().contains(d.as_str()))
                    })
                    .map(|(_, s)| s.clone())
                    .unwrap_or_else(phrase_text)
            } else {
                phrase_text()
            };
            r.anonymous.push((head, source.clone()));
            let count = if let Some(n) = NUMBER_WORDS.iter().position(|w| *w == first) {
                Some(n as u32 + 1)
            } else if matches!(first.as_str(), "a" | "an") || (definite && !plural) {
                Some(1)
            } else {
                first.parse().ok()
            };
            if count == Some(1) {
                r.last_person = Some((SourceKind::Anonymous, source.clone()));
            }
            let mut modifier_start = p.core_start;
            if model.determiners.contains(&first) || first.parse::<u32>().is_ok() {
                modifier_start += 1;
            }
            let mut parts = Vec::new();
            if modifier_start < p.core_end - 1 {
                parts.push(cx.span(modifier_start, p.core_end - 1));
            }
            if p.end > p.core_end {
                parts.push(cx.span(p.core_end, p.end));
            }
            let affiliation = (!parts.is_empty()).then(|| parts.join(" "));
            let anonymity = Anonymity {
                count,
                affiliation,
                reason_given: reason_in(model, sentence, next_sentence),
            };
            Some((SourceKind::Anonymous, source, Some(anonymity)))
        }
    }
}

fn reason_in(model: &AttributionModel, sentence: &str, next_sentence: &str) -> bool {
    model
        .reasons
        .as_ref()
        .is_some_and(|re| re.is_match(sentence) || re.is_match(next_sentence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_are_words_after_a_capitalised_word_and_one_space() {
        let text =
            "Jane Doe said so. the doe ran. Mr  Smith left. Then, Brown came. Al Sadr-Khan spoke.";
        let index = SurnameIndex::new(text);
        assert!(index.contains("Doe"));
        assert!(!index.contains("doe"));
        assert!(!index.contains("Smith"), "two spaces");
        assert!(!index.contains("Brown"), "after a comma");
        assert!(!index.contains("Do"), "part of a word");
        assert!(index.contains("Sadr-Khan"));
        assert!(!index.contains("Sadr-Kh"));
    }
    use crate::RuleSet;

    fn attributions(text: &str) -> Vec<(SourceKind, String, String)> {
        let rules = RuleSet::builtin().unwrap();
        let doc = Document::new("t", text);
        attribute(&doc, &rules.attribution)
            .into_iter()
            .map(|a| (a.kind, a.source, a.text))
            .collect()
    }

    #[test]
    fn tokenizer_keeps_abbreviations_and_possessives() {
        let text = "The U.S. envoy, Iraq’s PM, said.";
        let toks: Vec<&str> = tokenize(text, 0, text.len())
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(
            toks,
            [
                "The", "U.S.", "envoy", ",", "Iraq’s", "PM", ",", "said", "."
            ]
        );
    }

    #[test]
    fn anonymous_sources_with_affiliation_and_via() {
        let rules = RuleSet::builtin().unwrap();
        let doc = Document::new(
            "t",
            "Mike Pompeo threatened to close the embassy, two Iraqi government sources told Reuters.",
        );
        let found = attribute(&doc, &rules.attribution);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(
            (found[0].kind, found[0].source.as_str()),
            (SourceKind::Named, "Mike Pompeo")
        );
        let anon = &found[1];
        assert_eq!(anon.kind, SourceKind::Anonymous);
        assert_eq!(anon.text, "two Iraqi government sources told");
        assert_eq!(anon.via.as_deref(), Some("Reuters"));
        let a = anon.anonymity.as_ref().unwrap();
        assert_eq!(a.count, Some(2));
        assert_eq!(a.affiliation.as_deref(), Some("Iraqi government"));
        assert!(!a.reason_given);
    }

    #[test]
    fn follow_ups_resolve_to_the_first_mention() {
        let found = attributions(
            "MP Jaber Al Jaberi said the US could leave. “Iraq will suffer,” Mr Al Jaberi told The National. He added that it was serious. A western diplomat from a US ally said that there was support. “It is needed,” the diplomat told The National.",
        );
        let sources: Vec<(SourceKind, &str)> =
            found.iter().map(|(k, s, _)| (*k, s.as_str())).collect();
        assert_eq!(
            sources,
            [
                (SourceKind::Named, "Jaber Al Jaberi"),
                (SourceKind::Named, "Jaber Al Jaberi"),
                (SourceKind::Named, "Jaber Al Jaberi"),
                (SourceKind::Anonymous, "A western diplomat from a US ally"),
                (SourceKind::Anonymous, "A western diplomat from a US ally"),
            ]
        );
    }

    #[test]
    fn inverted_and_according_to_forms() {
        let found = attributions(
            "“We will win,” said Mr Shams. According to two people familiar with the matter, the deal is off. The Pentagon said in a statement that it was ready.",
        );
        let kinds: Vec<SourceKind> = found.iter().map(|(k, _, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                SourceKind::Named,
                SourceKind::Anonymous,
                SourceKind::Institutional
            ]
        );
        assert_eq!(found[1].1, "two people familiar with the matter");
        assert_eq!(found[2].1, "Pentagon");
    }

    #[test]
    fn wire_and_institutional_sources() {
        let found = attributions(
            "Washington has begun preparations, Reuters said. A rocket landed, security officials said. The ministry said it was investigating.",
        );
        let kinds: Vec<(SourceKind, &str)> =
            found.iter().map(|(k, s, _)| (*k, s.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (SourceKind::Wire, "Reuters"),
                (SourceKind::Anonymous, "security officials"),
                (SourceKind::Institutional, "ministry"),
            ]
        );
    }

    #[test]
    fn reason_for_anonymity_is_noticed() {
        let rules = RuleSet::builtin().unwrap();
        let doc = Document::new(
            "t",
            "A U.S. official who spoke on condition of anonymity said it was standard.",
        );
        let found = attribute(&doc, &rules.attribution);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].anonymity.as_ref().unwrap().reason_given);
    }

    #[test]
    fn a_reason_given_once_holds_for_every_claim_of_that_source() {
        let rules = RuleSet::builtin().unwrap();
        let doc = Document::new(
            "t",
            "A senior diplomat, who spoke on condition of anonymity, said the talks had stalled. \
             The weather was mild on Tuesday and the market was busy.\n\n\
             The diplomat said a new round would open in March.",
        );
        let found = attribute(&doc, &rules.attribution);
        let anonymous: Vec<_> = found
            .iter()
            .filter(|a| a.kind == SourceKind::Anonymous)
            .collect();
        assert_eq!(anonymous.len(), 2, "{found:#?}");
        assert!(
            anonymous
                .iter()
                .all(|a| a.anonymity.as_ref().unwrap().reason_given),
            "{found:#?}"
        );
    }

    #[test]
    fn the_reason_rule_and_the_model_read_one_list() {
        let pack = crate::rules::PackSource::new(
            "newsroom.toml",
            "[lexicon]\nanonymity-reasons = [\"because the matter is before the courts\"]\n",
        );
        let mut sources = RuleSet::builtin_sources();
        sources.push(pack);
        let rules = RuleSet::from_sources(&sources).unwrap();
        let text =
            "An official said, because the matter is before the courts, that the deal had failed.";
        let doc = Document::new("t", text);
        let analysis = crate::analysis::analyze(&doc, &rules);
        assert!(
            analysis
                .findings
                .iter()
                .any(|f| f.rule == "anonymous.reason-given"),
            "{:#?}",
            analysis.findings
        );
        let a = &analysis.attributions[0];
        assert!(a.anonymity.as_ref().unwrap().reason_given, "{a:#?}");
    }
}
