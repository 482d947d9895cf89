//! The checks a regex cannot express because they compare a piece of text
//! with what is around it or with a word list: a doubled word or phrase, a
//! repeated line, a run of lines shaped like page furniture, words run
//! together and a paragraph's lost first letter. Rules name them with
//! `check = "…"`; everything else about the rule, and the parameters of the
//! furniture and run-together checks, stay data.

use crate::document::Document;
use crate::document::tokens::tokens;
use crate::rules::{CheckKind, Rule};

/// Byte spans the rule's check flags in the document, in order.
pub(crate) fn run(rule: &Rule, doc: &Document) -> Vec<(usize, usize)> {
    match rule.check() {
        Some(CheckKind::DoubledWord) => doubled_words(&doc.text),
        Some(CheckKind::RepeatedLine) => repeated_lines(doc),
        Some(CheckKind::FurnitureRun) => rule
            .structure
            .as_deref()
            .map_or_else(Vec::new, |structure| super::furniture::runs(doc, structure)),
        Some(CheckKind::RunTogether) => rule.joins.as_deref().map_or_else(Vec::new, |joins| {
            super::garbling::run_together(&doc.text, joins)
        }),
        Some(CheckKind::LostInitial) => super::garbling::lost_initials(&doc.text),
        Some(CheckKind::DoubledPhrase) => super::garbling::doubled_phrases(&doc.text),
        Some(CheckKind::LostOpeningQuote) => super::garbling::lost_opening_quotes(&doc.text),
        Some(CheckKind::StrippedQuotes) => super::garbling::stripped_quotes(&doc.text),
        Some(CheckKind::SpacedPunctuation) => super::garbling::spaced_punctuation(&doc.text),
        // Reported by the engine once suppressions are applied.
        Some(CheckKind::UnusedSuppression) | None => Vec::new(),
    }
}

/// Words with their byte spans: the tokenizer's words joined across inner
/// apostrophes ("don't", "rock'n'roll"); an apostrophe at a word's end is
/// not part of it.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut tokens = tokens(text, 0, text.len()).peekable();
    std::iter::from_fn(move || {
        let first = loop {
            let token = tokens.next()?;
            if token.word {
                break token;
            }
        };
        // `end` is the last word's end; `reach` also covers apostrophes.
        let (mut end, mut reach) = (first.end, first.end);
        while let Some(next) = tokens.peek() {
            if next.start != reach {
                break;
            }
            if next.word {
                end = next.end;
            } else if !matches!(&text[next.start..next.end], "'" | "’") {
                break;
            }
            reach = next.end;
            tokens.next();
        }
        Some((first.start, end))
    })
}

/// "the the": the same word twice, separated only by spaces or one line
/// break. A repeat whose second word is capitalised is left alone, since those
/// are names ("Bora Bora", "Duran Duran"), not slips.
fn doubled_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut previous: Option<(usize, usize)> = None;
    for (start, end) in words(text) {
        if let Some((p_start, p_end)) = previous {
            let gap = &text[p_end..start];
            let second = &text[start..end];
            if !gap.is_empty()
                && gap.chars().all(char::is_whitespace)
                && gap.matches('\n').count() <= 1
                && second.starts_with(|c: char| c.is_lowercase())
                && second.chars().all(|c| !c.is_numeric())
                && same_ignoring_case(&text[p_start..p_end], second)
            {
                out.push((p_start, end));
            }
        }
        previous = Some((start, end));
    }
    out
}

/// Equal without regard to case, without allocating.
fn same_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Equal ignoring case and the amount of white space, without allocating.
pub(crate) fn same_line(a: &str, b: &str) -> bool {
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if same_ignoring_case(x, y) => {}
            _ => return false,
        }
    }
}

/// Fewest characters and words a line needs before its repetition counts:
/// short lines ("Advertisement", "Share") are the boilerplate rules' business.
const MIN_REPEATED_LINE_CHARS: usize = 20;
const MIN_REPEATED_LINE_WORDS: usize = 3;
/// How many earlier non-blank lines a line is compared with.
const REPEAT_WINDOW: usize = 3;

/// A non-blank line equal (ignoring case and spacing) to one of the few
/// non-blank lines before it: photo captions pasted twice by a scraper.
fn repeated_lines(doc: &Document) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // The last few non-blank lines, trimmed.
    let mut window: Vec<&str> = Vec::with_capacity(REPEAT_WINDOW);
    // A page's headline shown again (its title, then its heading) is the
    // page's layout, not a paste.
    let mut headline = None;
    for (start, end) in doc.lines() {
        let line = &doc.text[start..end];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let headline = *headline.get_or_insert(trimmed);
        if same_line(headline, trimmed) {
            continue;
        }
        let long_enough = trimmed.len() >= MIN_REPEATED_LINE_CHARS
            && trimmed.chars().count() >= MIN_REPEATED_LINE_CHARS
            && trimmed
                .split_whitespace()
                .nth(MIN_REPEATED_LINE_WORDS - 1)
                .is_some();
        if long_enough && window.iter().any(|previous| same_line(previous, trimmed)) {
            let lead = line.len() - line.trim_start().len();
            out.push((start + lead, start + lead + trimmed.len()));
        }
        if window.len() == REPEAT_WINDOW {
            window.remove(0);
        }
        window.push(trimmed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doubled(text: &str) -> Vec<&str> {
        doubled_words(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn doubled_word_found_across_one_line_break() {
        assert_eq!(doubled("He said the the plan"), vec!["the the"]);
        assert_eq!(doubled("in the\nthe plan"), vec!["the\nthe"]);
        assert!(doubled("in the\n\nthe plan").is_empty());
        assert!(doubled("the, the plan").is_empty());
        assert!(doubled("Bora Bora and Duran Duran").is_empty());
        assert_eq!(doubled("The the"), vec!["The the"]);
        assert!(doubled("theme the").is_empty());
        assert!(doubled("8x10in in size").is_empty());
    }

    #[test]
    fn repeated_line_flags_the_repeat_only_and_not_the_headline_shown_twice() {
        let doc = Document::new(
            "t",
            "Embassy stormed in Baghdad\n\nEmbassy stormed in Baghdad\n\n\
             Protesters gather outside the embassy. AFP\nProtesters gather outside the  Embassy. AFP\n\nOther text here today.\nShort\nShort\n",
        );
        let spans = repeated_lines(&doc);
        assert_eq!(spans.len(), 1);
        let (s, e) = spans[0];
        assert_eq!(
            &doc.text[s..e],
            "Protesters gather outside the  Embassy. AFP"
        );
    }
}
