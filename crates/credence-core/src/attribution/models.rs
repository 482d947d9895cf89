//! The trained models credence ships, embedded in the binary and read once
//! on first use (see `models/MODEL_CARD.md` for how they were made).

use super::tagger::{ModelError, Tagger, WordClusters};
use std::collections::HashMap;
use std::sync::OnceLock;

const ATTRIBUTION: &[u8] = include_bytes!("../../models/attribution-tagger.bin");
const STACK: &[u8] = include_bytes!("../../models/attribution-stack.bin");
const POS: &[u8] = include_bytes!("../../models/pos-tagger.bin");
/// Lower-cased words that were cues in the training articles: word, times
/// it was (part of) a cue, times it occurred; tab-separated, one a line.
const CUE_WORDS: &str = include_str!("../../models/cue-words.tsv");
/// Word clusters from unlabelled news: word, then its cluster at each
/// granularity; tab-separated, one word a line (`scripts/word-clusters`).
const WORD_CLUSTERS: &str = include_str!("../../models/word-clusters.tsv");

/// The attribution tagger's two passes and the part-of-speech tagger the
/// first reads.
#[derive(Debug)]
pub(crate) struct Taggers {
    pub attribution: Tagger,
    pub stack: Tagger,
    pub pos: Tagger,
    /// Word -> (times in a cue, times seen) in the training articles.
    pub cue_words: HashMap<&'static str, (u32, u32)>,
    /// The word clusters the attribution tagger's features read.
    pub clusters: &'static WordClusters,
}

fn cue_words() -> Result<HashMap<&'static str, (u32, u32)>, ModelError> {
    let mut out = HashMap::new();
    for (n, line) in CUE_WORDS.lines().enumerate() {
        let bad = || {
            ModelError(format!(
                "models/cue-words.tsv:{}: expected word, cues, uses",
                n + 1
            ))
        };
        let mut fields = line.split('\t');
        let (Some(word), Some(cues), Some(uses), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad());
        };
        let (Ok(cues), Ok(uses)) = (cues.parse(), uses.parse()) else {
            return Err(bad());
        };
        out.insert(word, (cues, uses));
    }
    Ok(out)
}

fn load() -> Result<Taggers, ModelError> {
    Ok(Taggers {
        clusters: word_clusters()?,
        attribution: Tagger::from_bytes(ATTRIBUTION, super::tagger::FEATURES_VERSION)?,
        stack: Tagger::from_bytes(STACK, super::tagger::STACK_FEATURES_VERSION)?,
        pos: Tagger::from_bytes(POS, super::pos::FEATURES_VERSION)?,
        cue_words: cue_words()?,
    })
}

static TAGGERS: OnceLock<Result<Taggers, ModelError>> = OnceLock::new();
static CLUSTERS: OnceLock<Result<WordClusters, ModelError>> = OnceLock::new();

/// The embedded word clusters, which the attribution tagger's features
/// read; an error names the bad line of a broken file.
pub fn word_clusters() -> Result<&'static WordClusters, ModelError> {
    CLUSTERS
        .get_or_init(|| WordClusters::parse(WORD_CLUSTERS))
        .as_ref()
        .map_err(Clone::clone)
}

/// The embedded taggers; `None` if they cannot be read (a build with a
/// broken model file, which `embedded_models_load` catches).
pub(crate) fn taggers() -> Option<&'static Taggers> {
    TAGGERS.get_or_init(load).as_ref().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_models_load() {
        if let Err(e) = super::load() {
            panic!("embedded model: {e}");
        }
        let clusters = super::word_clusters().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            clusters.len() > 10_000,
            "{} clustered words",
            clusters.len()
        );
        assert!(clusters.of("said").is_some());
    }
}
