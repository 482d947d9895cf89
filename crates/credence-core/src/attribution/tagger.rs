//! The learned part of the attribution model: a linear-chain averaged
//! perceptron that labels every token of a sentence as part of a source
//! ("two Iraqi government sources"), a cue ("told", "according to", ":") or
//! a content (what was claimed), in BIO tags, with hashed features of the
//! words around it. It is trained on PolNeAR by `credence-train` and shipped
//! as `models/attribution-tagger.bin` (see `models/MODEL_CARD.md`).
//!
//! Features are hashed into `2^bits` buckets, so the model is a table of
//! weights and needs no feature dictionary; hashing is FNV-1a, fixed, so a
//! model means the same on every machine. Decoding is Viterbi with BIO
//! constraints (an `I-` tag only continues its own role), so every output is
//! a well-formed set of spans. Time is linear in the sentence's tokens.

use crate::fnv::{self, fnv};
use std::collections::HashMap;

/// The tags, in the order of the model's weight columns.
pub const LABELS: [&str; 7] = [
    "O",
    "B-SOURCE",
    "I-SOURCE",
    "B-CUE",
    "I-CUE",
    "B-CONTENT",
    "I-CONTENT",
];

/// How many tags there are.
pub const LABEL_COUNT: usize = LABELS.len();

/// A tag: an index into [`LABELS`].
pub type Label = u8;

/// The tag outside every span.
pub const OUTSIDE: Label = 0;

/// The part an attribution's span plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Who: "Mr Smith", "two officials".
    Source,
    /// The reporting word or phrase: "said", "according to".
    Cue,
    /// What was attributed.
    Content,
}

impl Role {
    /// Every role, in tag order.
    pub const ALL: [Role; 3] = [Role::Source, Role::Cue, Role::Content];

    /// The tag that opens a span of this role.
    pub fn begin(self) -> Label {
        match self {
            Role::Source => 1,
            Role::Cue => 3,
            Role::Content => 5,
        }
    }

    /// The tag that continues a span of this role.
    pub fn inside(self) -> Label {
        self.begin() + 1
    }

    /// The role of a tag, if it is not [`OUTSIDE`].
    pub fn of(label: Label) -> Option<Role> {
        match label {
            1 | 2 => Some(Role::Source),
            3 | 4 => Some(Role::Cue),
            5 | 6 => Some(Role::Content),
            _ => None,
        }
    }
}

/// Word classes from the `[attribution]` vocabulary, one bit each; a word
/// may be in several.
pub mod class {
    /// A reporting verb or a word of a reporting phrase.
    pub const VERB: u16 = 1;
    /// A noun for unnamed people.
    pub const ANONYMOUS: u16 = 1 << 1;
    /// A noun for an organisation or office.
    pub const INSTITUTION: u16 = 1 << 2;
    /// A noun for a document.
    pub const DOCUMENT: u16 = 1 << 3;
    /// A role that refers back to a person.
    pub const ROLE: u16 = 1 << 4;
    /// A title before a name.
    pub const TITLE: u16 = 1 << 5;
    /// An honorific.
    pub const HONORIFIC: u16 = 1 << 6;
    /// A word of an agency's name.
    pub const AGENCY: u16 = 1 << 7;
    /// A personal pronoun.
    pub const PRONOUN: u16 = 1 << 8;
    /// How many classes there are.
    pub const COUNT: u32 = 9;
}

/// Lower-cased words and their classes, built from the vocabulary.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    classes: HashMap<String, u16>,
}

impl Lexicon {
    /// Put `word` (compared lower-cased) in `class`.
    pub fn add(&mut self, word: &str, class: u16) {
        for part in word.split_whitespace() {
            *self.classes.entry(part.to_lowercase()).or_default() |= class;
        }
    }

    /// The classes of a lower-cased word.
    pub fn classes(&self, lower: &str) -> u16 {
        self.classes.get(lower).copied().unwrap_or(0)
    }
}

/// Word clusters learned from unlabelled news (`scripts/word-clusters`):
/// a known lower-cased word's cluster at each of [`CLUSTER_LEVELS`]
/// granularities, coarse to fine. A word the tagger rarely or never saw in
/// training still looks like the words of its clusters.
#[derive(Debug, Default, Clone)]
pub struct WordClusters {
    clusters: HashMap<String, [u16; CLUSTER_LEVELS]>,
}

/// How many granularities of clusters a word has.
pub const CLUSTER_LEVELS: usize = 3;

/// The most clusters one granularity may have.
pub const MAX_CLUSTERS: u16 = 4096;

impl WordClusters {
    /// Read the TSV `scripts/word-clusters` writes: a word, then its
    /// cluster at each granularity, one word a line.
    pub fn parse(tsv: &str) -> Result<WordClusters, ModelError> {
        let mut clusters = HashMap::with_capacity(tsv.len() / 16);
        for (n, line) in tsv.lines().enumerate() {
            let bad = || {
                ModelError(format!(
                    "word clusters:{}: expected a word and {CLUSTER_LEVELS} cluster numbers below {MAX_CLUSTERS}",
                    n + 1
                ))
            };
            let mut fields = line.split('\t');
            let word = fields.next().filter(|w| !w.is_empty()).ok_or_else(bad)?;
            let mut ids = [0u16; CLUSTER_LEVELS];
            for id in &mut ids {
                *id = fields
                    .next()
                    .and_then(|f| f.parse().ok())
                    .filter(|&k| k < MAX_CLUSTERS)
                    .ok_or_else(bad)?;
            }
            if fields.next().is_some() {
                return Err(bad());
            }
            clusters.insert(word.to_owned(), ids);
        }
        Ok(WordClusters { clusters })
    }

    /// The clusters of a lower-cased word, if it is known.
    pub fn of(&self, lower: &str) -> Option<[u16; CLUSTER_LEVELS]> {
        self.clusters.get(lower).copied()
    }

    /// How many words have clusters.
    pub fn len(&self) -> usize {
        self.clusters.len()
    }

    /// Whether no word has clusters.
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }
}

/// A cluster number as a feature string; `None` (an unknown word) is "u".
pub(crate) fn cluster_name(id: Option<u16>) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| (0..MAX_CLUSTERS).map(|k| k.to_string()).collect());
    id.and_then(|k| names.get(usize::from(k)))
        .map_or("u", String::as_str)
}

/// One sentence ready for the tagger: its tokens' byte ranges and each
/// token's hashed features.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// Byte range of each token in the document's text.
    pub tokens: Vec<(usize, usize)>,
    features: Vec<u32>,
    /// `features[bounds[i]..bounds[i + 1]]` are token `i`'s.
    bounds: Vec<u32>,
}

impl Sentence {
    fn token_features(&self, i: usize) -> &[u32] {
        &self.features[self.bounds[i] as usize..self.bounds[i + 1] as usize]
    }

    /// How many tokens the sentence has.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The version of the feature templates; a model trained with other
/// templates is refused.
pub const FEATURES_VERSION: u32 = 2;

/// The version of the second-pass templates (see [`stacked`]).
pub const STACK_FEATURES_VERSION: u32 = 2;

/// What the templates read about one token.
struct TokenView<'a> {
    lower: std::borrow::Cow<'a, str>,
    shape: &'static str,
    classes: u16,
    clusters: Option<[u16; CLUSTER_LEVELS]>,
    word: bool,
}

/// A token's shape: its case pattern, "d" for a number, or a class of mark.
pub(crate) fn shape_of(token: &str, word: bool) -> &'static str {
    if !word {
        return match token {
            "," => ",",
            "." | "!" | "?" => ".",
            ":" => ":",
            ";" => ";",
            "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»" => "q",
            "—" | "–" | "―" | "-" => "-",
            "(" | "[" => "(",
            ")" | "]" => ")",
            _ => "p",
        };
    }
    let mut chars = token.chars();
    let first = chars.next().unwrap_or(' ');
    let rest_upper = token.chars().skip(1).any(char::is_uppercase);
    let rest_lower = token.chars().skip(1).any(char::is_lowercase);
    if first.is_ascii_digit() || first.is_numeric() {
        "d"
    } else if first.is_uppercase() {
        match (rest_lower, rest_upper) {
            (true, true) => "XxX",
            (true, false) => "Xx",
            (false, _) if token.chars().count() == 1 => "X",
            _ => "XX",
        }
    } else {
        "x"
    }
}

fn bucket(distance: usize) -> &'static str {
    match distance {
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "6",
        7..=12 => "12",
        _ => "far",
    }
}

/// The value at token `i` of a sentence of `n` tokens, with `<s>` before
/// the first and `</s>` after the last, so windows reach past the ends.
pub(crate) fn padded<'a>(n: usize, i: isize, at: impl Fn(usize) -> &'a str) -> &'a str {
    if i < 0 {
        "<s>"
    } else if i as usize >= n {
        "</s>"
    } else {
        at(i as usize)
    }
}

/// For each of `n` tokens, how far the nearest earlier and the nearest
/// later token that is `marked` lie (`usize::MAX` for none).
fn distances(n: usize, marked: impl Fn(usize) -> bool) -> (Vec<usize>, Vec<usize>) {
    let mut left = vec![usize::MAX; n];
    let mut right = vec![usize::MAX; n];
    let mut last = None;
    for (i, distance) in left.iter_mut().enumerate() {
        *distance = last.map_or(usize::MAX, |k| i - k);
        if marked(i) {
            last = Some(i);
        }
    }
    last = None;
    for (i, distance) in right.iter_mut().enumerate().rev() {
        *distance = last.map_or(usize::MAX, |k| k - i);
        if marked(i) {
            last = Some(i);
        }
    }
    (left, right)
}

struct Hasher {
    mask: u32,
}

const CLASS_NAMES: [&str; class::COUNT as usize] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

/// A [`Sentence`] of `tokens` whose features `features(i, push)` pushes for
/// each token `i`, as a template number and the strings it combines.
pub(crate) fn hashed(
    tokens: &[(usize, usize, bool)],
    bits: u8,
    mut features: impl FnMut(usize, &mut dyn FnMut(u8, &[&str])),
) -> Sentence {
    let hasher = Hasher {
        mask: (1u32 << bits) - 1,
    };
    let mut ids = Vec::with_capacity(tokens.len() * 48);
    let mut bounds = Vec::with_capacity(tokens.len() + 1);
    bounds.push(0u32);
    for i in 0..tokens.len() {
        features(i, &mut |template, parts| {
            ids.push(hasher.id(template, parts))
        });
        bounds.push(ids.len() as u32);
    }
    Sentence {
        tokens: tokens.iter().map(|&(s, e, _)| (s, e)).collect(),
        features: ids,
        bounds,
    }
}

impl Hasher {
    fn id(&self, template: u8, parts: &[&str]) -> u32 {
        let mut h = fnv(fnv::OFFSET, &[template]);
        for part in parts {
            h = fnv(h, part.as_bytes());
            h = fnv(h, &[0x1f]);
        }
        ((h ^ (h >> 32)) as u32) & self.mask
    }
}

/// Build the tagger's view of one sentence. `tokens` are byte ranges in
/// `text` with whether each is a word; `quoted[i]` says token `i` is inside
/// quotation marks; `pos` holds each token's part of speech (see
/// [`super::pos`]), or is empty; `clusters` are the words' clusters;
/// `bits` is the model's hash width.
pub fn sentence(
    text: &str,
    tokens: &[(usize, usize, bool)],
    quoted: &[bool],
    pos: &[Label],
    lexicon: &Lexicon,
    clusters: &WordClusters,
    bits: u8,
) -> Sentence {
    let views: Vec<TokenView<'_>> = tokens
        .iter()
        .map(|&(s, e, word)| {
            let raw = &text[s..e];
            let lower = if raw.chars().any(char::is_uppercase) {
                std::borrow::Cow::Owned(raw.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(raw)
            };
            let classes = lexicon.classes(&lower);
            TokenView {
                shape: shape_of(raw, word),
                classes,
                clusters: clusters.of(&lower),
                lower,
                word,
            }
        })
        .collect();
    let n = views.len();
    // Distance to the nearest reporting-verb word and quote mark on each side.
    let (verb_left, verb_right) = distances(n, |i| views[i].classes & class::VERB != 0);
    let (quote_left, quote_right) = distances(n, |i| views[i].shape == "q");
    let word_at = |i: isize| padded(n, i, |k| &views[k].lower);
    let shape_at = |i: isize| padded(n, i, |k| views[k].shape);
    let classes_at = |i: isize| -> u16 {
        if i < 0 || i as usize >= n {
            0
        } else {
            views[i as usize].classes
        }
    };
    // A token's cluster at one granularity ("<s>"/"</s>" past the ends).
    let cluster_at = |i: isize, level: usize| {
        padded(n, i, |k| cluster_name(views[k].clusters.map(|c| c[level])))
    };
    let pos_at = |i: isize| padded(pos.len(), i, |k| super::pos::name(pos[k]));
    hashed(tokens, bits, |i, push| {
        let at = i as isize;
        let v = &views[i];
        let w = v.lower.as_ref();
        let q = if quoted.get(i).copied().unwrap_or(false) {
            "in"
        } else {
            "out"
        };
        push(0, &[]);
        push(1, &[w]);
        push(2, &[word_at(at - 1)]);
        push(3, &[word_at(at + 1)]);
        push(4, &[word_at(at - 2)]);
        push(5, &[word_at(at + 2)]);
        push(6, &[word_at(at - 1), w]);
        push(7, &[w, word_at(at + 1)]);
        push(8, &[v.shape]);
        push(9, &[shape_at(at - 1), v.shape]);
        push(10, &[v.shape, shape_at(at + 1)]);
        push(11, &[shape_at(at - 2), shape_at(at - 1), v.shape]);
        push(12, &[v.shape, shape_at(at + 1), shape_at(at + 2)]);
        if v.word {
            let chars: Vec<(usize, char)> = w.char_indices().collect();
            let suffix = |k: usize| chars.len().checked_sub(k).map(|j| &w[chars[j].0..]);
            if let Some(s) = suffix(2) {
                push(13, &[s]);
            }
            if let Some(s) = suffix(3) {
                push(14, &[s]);
            }
            if chars.len() > 3 {
                push(15, &[&w[..chars[3].0]]);
            }
        }
        for (template, classes) in [
            (16u8, v.classes),
            (17, classes_at(at - 1)),
            (18, classes_at(at + 1)),
            (19, classes_at(at - 2)),
            (20, classes_at(at + 2)),
        ] {
            for bit in 0..class::COUNT {
                if classes & (1 << bit) != 0 {
                    push(template, &[CLASS_NAMES[bit as usize]]);
                }
            }
        }
        push(21, &[q]);
        push(22, &[q, v.shape]);
        push(23, &[q, w]);
        push(24, &[bucket(verb_left[i]), bucket(verb_right[i])]);
        push(25, &[bucket(verb_left[i]), v.shape]);
        push(26, &[bucket(verb_right[i]), v.shape]);
        push(27, &[bucket(quote_left[i]), bucket(quote_right[i])]);
        let position = if i == 0 {
            "first"
        } else if i + 1 == n {
            "last"
        } else if i < 4 {
            "early"
        } else {
            "mid"
        };
        push(28, &[position, v.shape]);
        push(29, &[position, q]);
        push(30, &[word_at(at - 1), word_at(at + 1)]);
        push(31, &[bucket(verb_right[i]), w]);
        push(32, &[bucket(verb_left[i]), w]);
        push(33, &[word_at(at - 3)]);
        push(34, &[word_at(at + 3)]);
        push(35, &[word_at(at - 2), word_at(at - 1)]);
        push(36, &[word_at(at + 1), word_at(at + 2)]);
        push(37, &[shape_at(at - 1), v.shape, shape_at(at + 1)]);
        let (coarse, middle, fine) = (0, 1, 2);
        let c = cluster_at(at, middle);
        push(60, &[cluster_at(at, coarse)]);
        push(61, &[c]);
        push(62, &[cluster_at(at, fine)]);
        push(63, &[cluster_at(at - 1, middle)]);
        push(64, &[cluster_at(at + 1, middle)]);
        push(65, &[cluster_at(at - 1, fine)]);
        push(66, &[cluster_at(at + 1, fine)]);
        push(67, &[cluster_at(at - 2, coarse)]);
        push(68, &[cluster_at(at + 2, coarse)]);
        push(69, &[cluster_at(at - 1, middle), c]);
        push(70, &[c, cluster_at(at + 1, middle)]);
        push(71, &[c, bucket(verb_left[i]), bucket(verb_right[i])]);
        push(72, &[c, q]);
        if !pos.is_empty() {
            let p = pos_at(at);
            push(40, &[p]);
            push(41, &[pos_at(at - 1)]);
            push(42, &[pos_at(at + 1)]);
            push(43, &[pos_at(at - 2)]);
            push(44, &[pos_at(at + 2)]);
            push(45, &[pos_at(at - 1), p]);
            push(46, &[p, pos_at(at + 1)]);
            push(47, &[pos_at(at - 1), p, pos_at(at + 1)]);
            push(48, &[p, w]);
            push(49, &[p, bucket(verb_left[i]), bucket(verb_right[i])]);
            push(50, &[p, q]);
        }
    })
}

/// Whether `next` may follow `previous` (`None`: the sentence's start)
/// under BIO constraints.
fn allowed(previous: Option<Label>, next: Label) -> bool {
    match Role::of(next) {
        Some(role) if next == role.inside() => previous.is_some_and(|p| Role::of(p) == Some(role)),
        _ => true,
    }
}

/// Which tag sequences a model may produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// The attribution tags of [`LABELS`], `I-` only continuing its role.
    Attribution,
    /// Any sequence of `n` tags (a part-of-speech tagger).
    Free(usize),
}

impl Scheme {
    fn labels(self) -> usize {
        match self {
            Scheme::Attribution => LABEL_COUNT,
            Scheme::Free(n) => n,
        }
    }

    fn code(self) -> u32 {
        match self {
            Scheme::Attribution => 0,
            Scheme::Free(n) => n as u32,
        }
    }

    fn from_code(code: u32) -> Option<Scheme> {
        match code {
            0 => Some(Scheme::Attribution),
            2..=64 => Some(Scheme::Free(code as usize)),
            _ => None,
        }
    }

    fn allows(self, previous: Option<Label>, next: Label) -> bool {
        match self {
            Scheme::Attribution => allowed(previous, next),
            Scheme::Free(_) => true,
        }
    }
}

/// A trained tagger: a weight per hashed feature and tag, and a weight per
/// pair of adjacent tags.
#[derive(Debug, Clone)]
pub struct Tagger {
    bits: u8,
    scheme: Scheme,
    /// `weights[bucket * labels + label]`, while training.
    weights: Vec<f32>,
    /// The same as 8-bit values and their scale, in a model read from
    /// bytes: a quarter of the memory, so feature lookups stay in cache.
    quantised: Option<(Vec<i8>, f32)>,
    /// `transitions[previous * labels + next]`; row `labels` is the start.
    transitions: Vec<f32>,
}

const MAGIC: &[u8; 16] = b"credence-tagger\n";

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| ModelError("model file ends early".into()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn varint(&mut self) -> Result<u32, ModelError> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.take(1)?[0];
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| ModelError("bad varint".into()));
            }
        }
        Err(ModelError("bad varint".into()))
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

impl Tagger {
    /// The hash width the model was trained with.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// Which tag sequences the model produces.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Read a model written by [`Tagger::to_bytes`], for features of
    /// template version `version`.
    pub fn from_bytes(bytes: &[u8], version: u32) -> Result<Tagger, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError("not a credence tagger model".into()));
        }
        let found = r.u32()?;
        if found != version {
            return Err(ModelError(format!(
                "model has feature version {found}, this build reads {version}"
            )));
        }
        let bits = r.u32()?;
        let scheme = Scheme::from_code(r.u32()?);
        let (Some(scheme), true) = (scheme, (8..=24).contains(&bits)) else {
            return Err(ModelError(format!(
                "model has {bits} hash bits and an unknown tag set"
            )));
        };
        let labels = scheme.labels();
        let scale = r.f32()?;
        let mut transitions = Vec::with_capacity((labels + 1) * labels);
        for _ in 0..(labels + 1) * labels {
            transitions.push(r.f32()?);
        }
        let entries = r.u32()? as usize;
        let buckets = 1usize << bits;
        let mut weights = vec![0i8; buckets * labels];
        let mut bucket = 0usize;
        for k in 0..entries {
            let delta = r.varint()? as usize;
            bucket = if k == 0 { delta } else { bucket + delta };
            if bucket >= buckets {
                return Err(ModelError("model bucket out of range".into()));
            }
            let values = r.take(labels)?;
            for (label, &v) in values.iter().enumerate() {
                weights[bucket * labels + label] = v as i8;
            }
        }
        if r.at != bytes.len() {
            return Err(ModelError("model file has trailing bytes".into()));
        }
        Ok(Tagger {
            bits: bits as u8,
            scheme,
            weights: Vec::new(),
            quantised: Some((weights, scale)),
            transitions,
        })
    }

    /// The model as bytes, for features of template version `version`:
    /// weights quantised to 8 bits, buckets whose weights all round to zero
    /// left out.
    pub fn to_bytes(&self, version: u32) -> Vec<u8> {
        let labels = self.scheme.labels();
        let (weights, scale) = match &self.quantised {
            Some((values, scale)) => (
                values.iter().map(|&v| f32::from(v) * scale).collect(),
                *scale,
            ),
            None => {
                let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
                (
                    self.weights.clone(),
                    if max > 0.0 { max / 127.0 } else { 1.0 },
                )
            }
        };
        let mut out = MAGIC.to_vec();
        for v in [version, u32::from(self.bits), self.scheme.code()] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&scale.to_le_bytes());
        for t in &self.transitions {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let mut body = Vec::new();
        let mut entries = 0u32;
        let mut previous = None;
        for (bucket, row) in weights.chunks_exact(labels).enumerate() {
            let quantised: Vec<i8> = row
                .iter()
                .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8)
                .collect();
            if quantised.iter().all(|&q| q == 0) {
                continue;
            }
            let delta = previous.map_or(bucket, |p| bucket - p);
            push_varint(&mut body, delta as u32);
            body.extend(quantised.iter().map(|&q| q as u8));
            previous = Some(bucket);
            entries += 1;
        }
        out.extend_from_slice(&entries.to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    fn emissions(&self, sentence: &Sentence) -> Vec<f32> {
        let labels = self.scheme.labels();
        let mut scores = vec![0f32; sentence.len() * labels];
        match &self.quantised {
            Some((weights, scale)) => {
                let mut sums = vec![0i32; labels];
                for (i, row_scores) in scores.chunks_exact_mut(labels).enumerate() {
                    sums.iter_mut().for_each(|s| *s = 0);
                    for &f in sentence.token_features(i) {
                        let row = &weights[f as usize * labels..][..labels];
                        for (s, &w) in sums.iter_mut().zip(row) {
                            *s += i32::from(w);
                        }
                    }
                    for (out, &s) in row_scores.iter_mut().zip(&sums) {
                        *out = s as f32 * scale;
                    }
                }
            }
            None => {
                for (i, row_scores) in scores.chunks_exact_mut(labels).enumerate() {
                    for &f in sentence.token_features(i) {
                        let row = &self.weights[f as usize * labels..][..labels];
                        for (s, w) in row_scores.iter_mut().zip(row) {
                            *s += w;
                        }
                    }
                }
            }
        }
        scores
    }

    /// The best-scoring tags for a sentence that the scheme allows.
    pub fn tag(&self, sentence: &Sentence) -> Vec<Label> {
        viterbi(&self.emissions(sentence), &self.transitions, self.scheme)
    }
}

fn viterbi(emissions: &[f32], transitions: &[f32], scheme: Scheme) -> Vec<Label> {
    let labels = scheme.labels();
    let n = emissions.len() / labels;
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![f32::NEG_INFINITY; labels];
    let mut next = vec![f32::NEG_INFINITY; labels];
    let mut back = vec![0u8; n * labels];
    for label in 0..labels {
        if scheme.allows(None, label as Label) {
            score[label] = transitions[labels * labels + label] + emissions[label];
        }
    }
    for t in 1..n {
        for label in 0..labels {
            let (mut best, mut from) = (f32::NEG_INFINITY, 0u8);
            for previous in 0..labels {
                if score[previous] == f32::NEG_INFINITY
                    || !scheme.allows(Some(previous as Label), label as Label)
                {
                    continue;
                }
                let s = score[previous] + transitions[previous * labels + label];
                if s > best {
                    best = s;
                    from = previous as u8;
                }
            }
            next[label] = best + emissions[t * labels + label];
            back[t * labels + label] = from;
        }
        std::mem::swap(&mut score, &mut next);
    }
    let mut last = 0u8;
    for label in 1..labels {
        if score[label] > score[last as usize] {
            last = label as u8;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last;
    for t in (1..n).rev() {
        out[t - 1] = back[t * labels + out[t] as usize];
    }
    out
}

/// Averaged-perceptron training of a [`Tagger`].
#[derive(Debug)]
pub struct Trainer {
    current: Tagger,
    /// Running sums of `step * update`, for the averaged weights.
    weight_sums: Vec<f32>,
    transition_sums: Vec<f32>,
    step: f32,
}

impl Trainer {
    /// A trainer for a model of `scheme` hashing features into `2^bits` buckets.
    pub fn new(bits: u8, scheme: Scheme) -> Trainer {
        let buckets = 1usize << bits;
        let labels = scheme.labels();
        Trainer {
            current: Tagger {
                bits,
                scheme,
                weights: vec![0.0; buckets * labels],
                quantised: None,
                transitions: vec![0.0; (labels + 1) * labels],
            },
            weight_sums: vec![0.0; buckets * labels],
            transition_sums: vec![0.0; (labels + 1) * labels],
            step: 1.0,
        }
    }

    /// Learn from one sentence and its gold tags (one per token; for the
    /// attribution scheme, an `I-` tag that does not continue its role is
    /// read as `B-`).
    pub fn learn(&mut self, sentence: &Sentence, gold: &[Label]) {
        let labels = self.current.scheme.labels();
        let gold = match self.current.scheme {
            Scheme::Attribution => well_formed(gold),
            Scheme::Free(_) => gold.to_vec(),
        };
        let predicted = self.current.tag(sentence);
        if predicted != gold {
            let step = self.step;
            let update = |index: usize, delta: f32, weights: &mut [f32], sums: &mut [f32]| {
                weights[index] += delta;
                sums[index] += step * delta;
            };
            for (t, (&g, &p)) in gold.iter().zip(&predicted).enumerate() {
                let (previous_gold, previous_predicted) = if t == 0 {
                    (labels, labels)
                } else {
                    (gold[t - 1] as usize, predicted[t - 1] as usize)
                };
                if g != p || previous_gold != previous_predicted {
                    update(
                        previous_gold * labels + g as usize,
                        1.0,
                        &mut self.current.transitions,
                        &mut self.transition_sums,
                    );
                    update(
                        previous_predicted * labels + p as usize,
                        -1.0,
                        &mut self.current.transitions,
                        &mut self.transition_sums,
                    );
                }
                if g != p {
                    for &f in sentence.token_features(t) {
                        let row = f as usize * labels;
                        update(
                            row + g as usize,
                            1.0,
                            &mut self.current.weights,
                            &mut self.weight_sums,
                        );
                        update(
                            row + p as usize,
                            -1.0,
                            &mut self.current.weights,
                            &mut self.weight_sums,
                        );
                    }
                }
            }
        }
        self.step += 1.0;
    }

    /// The averaged model so far.
    pub fn averaged(&self) -> Tagger {
        let average = |weights: &[f32], sums: &[f32]| -> Vec<f32> {
            weights
                .iter()
                .zip(sums)
                .map(|(w, s)| w - s / self.step)
                .collect()
        };
        Tagger {
            bits: self.current.bits,
            scheme: self.current.scheme,
            weights: average(&self.current.weights, &self.weight_sums),
            quantised: None,
            transitions: average(&self.current.transitions, &self.transition_sums),
        }
    }
}

/// The tags with every `I-` that does not continue its role read as `B-`.
pub fn well_formed(tags: &[Label]) -> Vec<Label> {
    let mut out = Vec::with_capacity(tags.len());
    for (t, &tag) in tags.iter().enumerate() {
        let previous = if t == 0 { None } else { Some(out[t - 1]) };
        out.push(match Role::of(tag) {
            Some(role) if !allowed(previous, tag) => role.begin(),
            _ => tag,
        });
    }
    out
}

/// A second-pass view of a sentence: its own features and what a first
/// tagger predicted around each token (its tag, its neighbours' tags, how
/// far the nearest predicted cue and source are), so the second tagger can
/// pair sources with cues across the sentence. `words` are the lower-cased
/// tokens.
pub fn stacked(sentence: &Sentence, words: &[&str], first: &[Label], bits: u8) -> Sentence {
    let n = sentence.len();
    let tag_at = |i: isize| padded(first.len(), i, |k| LABELS[first[k] as usize]);
    let nearest = |role: Role| distances(n, |i| Role::of(first[i]) == Some(role));
    let (cue_left, cue_right) = nearest(Role::Cue);
    let (source_left, source_right) = nearest(Role::Source);
    let has = |role: Role| first.iter().any(|&t| Role::of(t) == Some(role));
    let sentence_roles = match (has(Role::Source), has(Role::Cue)) {
        (true, true) => "source+cue",
        (true, false) => "source",
        (false, true) => "cue",
        (false, false) => "none",
    };
    let tokens: Vec<(usize, usize, bool)> =
        sentence.tokens.iter().map(|&(s, e)| (s, e, true)).collect();
    let extra = hashed(&tokens, bits, |i, push| {
        let at = i as isize;
        let t = tag_at(at);
        push(200, &[t]);
        push(201, &[tag_at(at - 1)]);
        push(202, &[tag_at(at + 1)]);
        push(203, &[tag_at(at - 2)]);
        push(204, &[tag_at(at + 2)]);
        push(205, &[tag_at(at - 1), t]);
        push(206, &[t, tag_at(at + 1)]);
        push(207, &[bucket(cue_left[i]), bucket(cue_right[i])]);
        push(208, &[bucket(source_left[i]), bucket(source_right[i])]);
        push(209, &[sentence_roles, t]);
        push(210, &[t, words.get(i).copied().unwrap_or("")]);
        push(211, &[bucket(cue_left[i]), t]);
        push(212, &[bucket(cue_right[i]), t]);
    });
    let mut features = Vec::with_capacity(sentence.features.len() + extra.features.len());
    let mut bounds = Vec::with_capacity(n + 1);
    bounds.push(0u32);
    for i in 0..n {
        features.extend_from_slice(sentence.token_features(i));
        features.extend_from_slice(extra.token_features(i));
        bounds.push(features.len() as u32);
    }
    Sentence {
        tokens: sentence.tokens.clone(),
        features,
        bounds,
    }
}

/// The spans of a tag sequence: role and token range `start..end`.
pub fn spans(tags: &[Label]) -> Vec<(Role, usize, usize)> {
    let mut out: Vec<(Role, usize, usize)> = Vec::new();
    for (t, &tag) in tags.iter().enumerate() {
        let Some(role) = Role::of(tag) else { continue };
        match out.last_mut() {
            Some(last) if tag == role.inside() && last.0 == role && last.2 == t => last.2 = t + 1,
            _ => out.push((role, t, t + 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_clusters_are_read_and_bad_lines_named() {
        let clusters = WordClusters::parse("said\t3\t17\t200\ntold\t3\t17\t201\n").unwrap();
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters.of("said"), Some([3, 17, 200]));
        assert_eq!(clusters.of("Said"), None);
        for (tsv, line) in [
            ("said\t3\t17\n", 1),
            ("said\t3\t17\t200\ntold\t3\t17\t200\t9\n", 2),
            ("said\t3\tx\t200\n", 1),
            ("said\t3\t17\t5000\n", 1),
            ("\t3\t17\t200\n", 1),
        ] {
            let error = WordClusters::parse(tsv).unwrap_err();
            assert!(
                error.0.starts_with(&format!("word clusters:{line}:")),
                "{tsv:?}: {}",
                error.0
            );
        }
    }

    #[test]
    fn clusters_are_features_of_a_word_and_its_neighbours() {
        let text = "Aides blasted the plan.";
        let toks: Vec<(usize, usize, bool)> = crate::document::tokens::tokens(text, 0, text.len())
            .map(|t| (t.start, t.end, t.word))
            .collect();
        let quoted = vec![false; toks.len()];
        let lexicon = Lexicon::default();
        let with = WordClusters::parse("blasted\t1\t2\t3\n").unwrap();
        let other = WordClusters::parse("blasted\t4\t5\t6\n").unwrap();
        let none = WordClusters::default();
        let of = |clusters: &WordClusters| {
            sentence(text, &toks, &quoted, &[], &lexicon, clusters, 16)
                .token_features(1)
                .to_vec()
        };
        assert_ne!(of(&with), of(&other));
        assert_ne!(of(&with), of(&none));
        // Clusters reach two tokens each way: "plan" sees "blasted"'s, the
        // final stop (three away) does not.
        let at = |clusters: &WordClusters, i: usize| {
            sentence(text, &toks, &quoted, &[], &lexicon, clusters, 16)
                .token_features(i)
                .to_vec()
        };
        assert_ne!(at(&with, 3), at(&other, 3));
        assert_eq!(at(&with, 4), at(&other, 4));
    }

    fn toy(text: &str) -> Sentence {
        let toks: Vec<(usize, usize, bool)> = crate::document::tokens::tokens(text, 0, text.len())
            .map(|t| (t.start, t.end, t.word))
            .collect();
        let quoted = vec![false; toks.len()];
        let mut lexicon = Lexicon::default();
        lexicon.add("said", class::VERB);
        sentence(
            text,
            &toks,
            &quoted,
            &[],
            &lexicon,
            &WordClusters::default(),
            12,
        )
    }

    #[test]
    fn learns_a_toy_pattern_and_round_trips_through_bytes() {
        let a = toy("Smith said rain fell");
        let b = toy("Jones said snow fell");
        let gold = [1, 3, 5, 6];
        let mut trainer = Trainer::new(12, Scheme::Attribution);
        for _ in 0..5 {
            trainer.learn(&a, &gold);
            trainer.learn(&b, &gold);
        }
        let model = trainer.averaged();
        let probe = toy("Brown said hail fell");
        assert_eq!(model.tag(&probe), gold);
        let again =
            Tagger::from_bytes(&model.to_bytes(FEATURES_VERSION), FEATURES_VERSION).unwrap();
        assert_eq!(again.tag(&probe), gold);
        assert_eq!(
            spans(&gold),
            [
                (Role::Source, 0, 1),
                (Role::Cue, 1, 2),
                (Role::Content, 2, 4)
            ]
        );
    }

    #[test]
    fn decoding_never_opens_a_span_with_inside() {
        let tags = well_formed(&[2, 2, 0, 4, 6]);
        assert_eq!(tags, [1, 2, 0, 3, 5]);
    }

    #[test]
    fn a_broken_model_file_is_an_error_not_a_panic() {
        assert!(Tagger::from_bytes(b"", 1).is_err());
        assert!(Tagger::from_bytes(b"credence-tagger\n\x01\x00", 1).is_err());
        let mut bytes = Trainer::new(10, Scheme::Free(5)).averaged().to_bytes(1);
        assert!(Tagger::from_bytes(&bytes, 1).is_ok());
        assert!(Tagger::from_bytes(&bytes, 2).is_err());
        bytes.push(0);
        assert!(Tagger::from_bytes(&bytes, 1).is_err());
    }
}
