//! Lines the documents of one run share. A site's banner, promo or footer
//! repeats across its pages ("Headline: Bitcoin & Blockchain Searches
//! Exceed Trump!", "Subscribe to Canada Free Press for FREE") while a
//! story's own lines do not, so a line many documents carry reads as the
//! site's furniture. The caller counts them over the documents it analyses
//! together and hands the counts to each `Document`; the furniture check
//! reads them.

use crate::fnv::{self, fnv};
use std::collections::HashMap;

/// Lines longer than this (in bytes, trimmed) are paragraphs, not a site's
/// furniture, and are not counted.
const MAX_LINE_BYTES: usize = 400;

/// How many documents carry each line that more than one carries, by the
/// line's key (lower case, white space squeezed, hashed). Documents are
/// told apart by their first line: copies of one story (a wire story in
/// three feeds) count once, so only a line that different stories carry
/// reads as the site's.
#[derive(Debug, Clone, Default)]
pub struct SharedLines {
    documents: HashMap<u64, u32>,
    /// The stories counted (documents with distinct first lines).
    stories: usize,
}

impl SharedLines {
    /// Count the lines of these documents' texts; a line said twice in one
    /// document counts once for it, and once for all the documents that
    /// open with the same line.
    pub fn count<'a>(texts: impl IntoIterator<Item = &'a str>) -> SharedLines {
        // (line, story) pairs: a story is known by its first line's key.
        let mut pairs: Vec<(u64, u64)> = Vec::new();
        let mut stories = Vec::new();
        for text in texts {
            let mut lines = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && l.len() <= MAX_LINE_BYTES)
                .map(line_key);
            let Some(story) = lines.next() else {
                continue;
            };
            stories.push(story);
            pairs.extend(lines.map(|line| (line, story)));
        }
        stories.sort_unstable();
        stories.dedup();
        pairs.sort_unstable();
        pairs.dedup();
        let mut documents: HashMap<u64, u32> = HashMap::new();
        for (line, _) in pairs {
            *documents.entry(line).or_default() += 1;
        }
        documents.retain(|_, n| *n > 1);
        SharedLines {
            documents,
            stories: stories.len(),
        }
    }

    /// How many stories were counted.
    pub fn stories(&self) -> usize {
        self.stories
    }

    /// How many of the counted stories carry `line` (trimmed), if more
    /// than one does; else 0.
    pub fn documents_with(&self, line: &str) -> usize {
        let line = line.trim();
        if line.is_empty() || line.len() > MAX_LINE_BYTES {
            return 0;
        }
        self.documents
            .get(&line_key(line))
            .map_or(0, |&n| n as usize)
    }
}

/// A line's key: FNV-1a over its words, lower-cased, single-spaced.
fn line_key(line: &str) -> u64 {
    let mut hash = fnv::OFFSET;
    for (i, word) in line.split_whitespace().enumerate() {
        if i > 0 {
            hash = fnv(hash, b" ");
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            hash = fnv(hash, c.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_once_per_document_ignoring_case_and_spacing() {
        let shared = SharedLines::count([
            "Story one.\n\nHeadline: Buy Gold Now!\nHeadline: Buy Gold Now!",
            "Story two.\n\n  headline:  buy gold now! ",
            "Story three.",
        ]);
        assert_eq!(shared.documents_with("Headline: Buy Gold Now!"), 2);
        assert_eq!(shared.documents_with("Story one."), 0);
        assert_eq!(shared.documents_with(""), 0);
    }

    #[test]
    fn copies_of_one_story_count_once() {
        let copy = "Budget passes\n\nThe council approved the budget.\n\nMore on this later";
        let shared = SharedLines::count([copy, copy, copy, "Schools reopen\n\nMore on this later"]);
        assert_eq!(shared.documents_with("The council approved the budget."), 0);
        assert_eq!(shared.documents_with("More on this later"), 2);
        assert_eq!(shared.stories(), 2);
    }
}
