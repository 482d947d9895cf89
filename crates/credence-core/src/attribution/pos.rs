//! A small part-of-speech tagger whose tags are features of the attribution
//! tagger: where a noun phrase ends and which word is a verb generalise to
//! names and verbs the attribution model never saw. It is the same averaged
//! perceptron as the attribution tagger, over a coarse tag set, trained on
//! the automatic (silver) CoreNLP tags that PolNeAR ships.

use super::tagger::{Label, Sentence, WordClusters, cluster_name, hashed, padded};

/// The coarse tags, in the order of the model's weight columns.
pub const TAGS: [&str; 18] = [
    "X", "PROPN", "NOUN", "VBD", "VBP", "VB", "VBG", "VBN", "MD", "ADJ", "ADV", "PRON", "POSS",
    "DET", "ADP", "CONJ", "NUM", "PUNCT",
];

/// The version of the part-of-speech feature templates.
pub const FEATURES_VERSION: u32 = 2;

/// The name of a coarse tag ("X" for a number no tag has).
pub(crate) fn name(tag: Label) -> &'static str {
    TAGS.get(usize::from(tag)).copied().unwrap_or("X")
}

/// Whether token `k` has one of the coarse tags `names` (false past the end).
pub(crate) fn is(tags: &[Label], k: usize, names: &[&str]) -> bool {
    tags.get(k).is_some_and(|&t| names.contains(&name(t)))
}

/// The coarse tag of a Penn Treebank tag.
pub fn coarse(ptb: &str) -> Label {
    let tag = match ptb {
        "NNP" | "NNPS" => "PROPN",
        "NN" | "NNS" => "NOUN",
        "VBD" => "VBD",
        "VBZ" | "VBP" => "VBP",
        "VB" => "VB",
        "VBG" => "VBG",
        "VBN" => "VBN",
        "MD" => "MD",
        "JJ" | "JJR" | "JJS" => "ADJ",
        "RB" | "RBR" | "RBS" | "WRB" => "ADV",
        "PRP" | "WP" | "EX" => "PRON",
        "PRP$" | "WP$" | "POS" => "POSS",
        "DT" | "PDT" | "WDT" => "DET",
        "IN" | "TO" | "RP" => "ADP",
        "CC" => "CONJ",
        "CD" => "NUM",
        "," | "." | ":" | "``" | "''" | "-LRB-" | "-RRB-" | "#" | "$" | "HYPH" | "-NONE-" => {
            "PUNCT"
        }
        _ => "X",
    };
    TAGS.iter().position(|t| *t == tag).unwrap_or(0) as Label
}

/// The part-of-speech tagger's view of one sentence (`tokens` as for
/// [`super::tagger::sentence`]); `clusters` are the words' clusters.
pub fn sentence(
    text: &str,
    tokens: &[(usize, usize, bool)],
    clusters: &WordClusters,
    bits: u8,
) -> Sentence {
    let lower: Vec<String> = tokens
        .iter()
        .map(|&(s, e, _)| text[s..e].to_lowercase())
        .collect();
    let shapes: Vec<&'static str> = tokens
        .iter()
        .map(|&(s, e, word)| super::tagger::shape_of(&text[s..e], word))
        .collect();
    let ids: Vec<Option<[u16; super::tagger::CLUSTER_LEVELS]>> =
        lower.iter().map(|w| clusters.of(w)).collect();
    let n = tokens.len();
    let cluster_at =
        |i: isize, level: usize| padded(n, i, |k| cluster_name(ids[k].map(|c| c[level])));
    let word_at = |i: isize| padded(n, i, |k| &lower[k]);
    let shape_at = |i: isize| padded(n, i, |k| shapes[k]);
    hashed(tokens, bits, |i, push| {
        let at = i as isize;
        let w = lower[i].as_str();
        let chars: Vec<usize> = w.char_indices().map(|(b, _)| b).collect();
        push(100, &[]);
        push(101, &[w]);
        push(102, &[word_at(at - 1)]);
        push(103, &[word_at(at + 1)]);
        push(104, &[word_at(at - 2)]);
        push(105, &[word_at(at + 2)]);
        push(106, &[word_at(at - 1), w]);
        push(107, &[w, word_at(at + 1)]);
        for k in 1..=3 {
            if chars.len() > k {
                push(110 + k as u8, &[&w[chars[chars.len() - k]..]]);
                push(120 + k as u8, &[&w[..chars[k]]]);
            }
        }
        push(130, &[shape_at(at)]);
        push(131, &[shape_at(at - 1), shape_at(at)]);
        push(132, &[shape_at(at), shape_at(at + 1)]);
        push(133, &[if i == 0 { "first" } else { "later" }, shape_at(at)]);
        if w.contains('-') {
            push(134, &[]);
        }
        if w.chars().any(|c| c.is_ascii_digit()) {
            push(135, &[]);
        }
        let suffix = |j: isize| -> &str {
            let word = word_at(j);
            let start = word.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
            &word[start..]
        };
        push(136, &[suffix(at - 1)]);
        push(137, &[suffix(at + 1)]);
        push(140, &[cluster_at(at, 0)]);
        push(141, &[cluster_at(at, 1)]);
        push(142, &[cluster_at(at, 2)]);
        push(143, &[cluster_at(at - 1, 1)]);
        push(144, &[cluster_at(at + 1, 1)]);
    })
}
