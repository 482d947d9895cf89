//! How common an English word is, from wordfreq's large list
//! (`models/english-words.tsv`, `scripts/english-words`): the garbling checks
//! tell a word from two words whose space was lost by it, and leave alone
//! the brands and names a web-scale list knows.

use std::cmp::Ordering;
use std::sync::OnceLock;

/// `word<TAB>zipf×10`, one a line, sorted by word (bytes), lower case.
const ENGLISH_WORDS: &str = include_str!("../../models/english-words.tsv");

/// The list, split once on first use: (word, Zipf frequency × 10).
fn words() -> &'static [(&'static str, u8)] {
    static WORDS: OnceLock<Vec<(&'static str, u8)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        ENGLISH_WORDS
            .lines()
            .filter_map(|line| {
                let (word, zipf) = line.split_once('\t')?;
                Some((word, zipf.parse().ok()?))
            })
            .collect()
    })
}

/// Compares a list word (lower case) with `word` as if `word` were lower-cased.
fn compare_folded(listed: &str, word: &str) -> Ordering {
    listed
        .bytes()
        .cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
}

/// The word's Zipf frequency (log10 of its count per billion words: "the"
/// is 7.7, a word seen once per hundred million words 1.0), ignoring ASCII
/// case; 0 for a word the list does not hold.
pub(crate) fn zipf(word: &str) -> f32 {
    let list = words();
    list.binary_search_by(|(listed, _)| compare_folded(listed, word))
        .map_or(0.0, |i| f32::from(list[i].1) / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_rank_above_rare_ones_and_unknown_is_zero() {
        assert!(zipf("the") > 7.0);
        assert!(zipf("The") == zipf("the"));
        assert!(zipf("about") > zipf("brags"));
        assert!(zipf("brags") > 2.0);
        assert_eq!(zipf("bragsabout"), 0.0);
        assert!(zipf("YouTube") > 4.0, "brands a web list knows");
        assert_eq!(zipf(""), 0.0);
    }

    #[test]
    fn the_list_is_sorted_so_it_can_be_searched() {
        assert!(words().len() > 100_000);
        assert!(words().windows(2).all(|w| w[0].0 < w[1].0));
    }
}
