//! Garbling a regex cannot see, because telling it from good copy needs to
//! know what an English word is (`english::zipf`) or what the paragraphs
//! around it hold: words whose space or tag boundary was lost
//! ("bragsabout", "IconSaveFacebook", "stated.Trump", "(CNN)President"), a
//! paragraph that lost its first letter to a drop cap or its first name to
//! a converter ("nstead, the…", "won the triple jump"), a quotation whose
//! opening mark was lost, double spaces left by stripped quotation marks,
//! and a phrase written twice in a row ("Scott Dalton for NPR Scott Dalton
//! for NPR"). Every check is one pass over the text; segmentation is
//! bounded by `MAX_SEGMENTED`, so time stays linear in the text's length.

use super::english::zipf;
use crate::rules::Joins;
use std::collections::HashMap;

/// A word at least this common (Zipf) counts as a word in a join.
const WORD_ZIPF: f32 = 3.0;
/// A capitalised word after a capitalised word or a number, with only
/// punctuation between, must be this common to read as a sentence start
/// ("Money.The", "2016.Featured"), not a name's part ("Halo.Bungie").
const SENTENCE_START_ZIPF: f32 = 4.0;
/// A two-letter capitalised word glued after a stop opens a sentence only
/// when it is this common ("alleged.At", "area.In").
const SHORT_OPENER_ZIPF: f32 = 5.5;
/// The fewest letters of a capitalised word a name may be glued to after a
/// stop ("Sunday.Cummings"); shorter ones are abbreviations ("Gov.Brown").
const MIN_WORD_BEFORE_NAME: usize = 5;
/// The longest letter run segmentation is tried on; longer runs are not
/// words run together but data (keys, hashes), and the bound keeps the
/// check linear.
const MAX_SEGMENTED: usize = 40;

/// Whitespace-separated chunks of `text` with their byte offsets.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let start = rest + text[rest..].find(|c: char| !c.is_whitespace())?;
        let len = text[start..]
            .find(char::is_whitespace)
            .unwrap_or(text.len() - start);
        rest = start + len;
        Some((start, &text[start..start + len]))
    })
}

fn is_capitalised(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase()) && bytes.all(|b| b.is_ascii_lowercase())
}

fn is_lower(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_upper(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Words run together where a space or a tag boundary was lost, as byte
/// spans. A camel-case join that occurs twice in the document is a name
/// ("WebSideStory") and is left alone.
pub(crate) fn run_together(text: &str, joins: &Joins) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut camel: Vec<(usize, usize)> = Vec::new();
    let mut runs = Vec::new();
    for (at, chunk) in chunks(text) {
        if let Some((start, end)) = glued_address(chunk) {
            out.push((at + start, at + end));
            continue;
        }
        if chunk.contains(['@', '/', '\\', '_', '=', '#', '<', '>'])
            || find_ignoring_case(chunk.as_bytes(), b"www.", 0).is_some()
        {
            continue;
        }
        for (start, end) in punctuation_joins(chunk) {
            out.push((at + start, at + end));
        }
        if let Some((start, end)) = parenthesis_join(chunk) {
            out.push((at + start, at + end));
        }
        letter_runs(chunk, &mut runs);
        for &(start, end, ref shape) in &runs {
            let run = &chunk[start..end];
            match shape {
                &RunShape::AfterDigits {
                    digits_start,
                    digits,
                } => {
                    // "2020adds", "0shares", "2016Retired", "2017And"; not
                    // "3rd", "10km", "5pm".
                    let word = zipf(run) >= 3.5;
                    let glued = (is_lower(run)
                        && word
                        && (run.len() >= 5 || (run.len() >= 4 && digits >= 3)))
                        || (is_capitalised(run)
                            && digits == 4
                            && ((run.len() >= 4 && word)
                                || (run.len() == 3 && zipf(run) >= SENTENCE_START_ZIPF)));
                    if glued {
                        out.push((at + digits_start, at + end));
                    }
                }
                RunShape::Free => {
                    // Shapes first: the word list is searched only for runs
                    // that could be flagged.
                    let changes_case = case_change(run.as_bytes(), 1).is_some();
                    let could_split = (is_lower(run)
                        && run.len() >= joins.min_length
                        && joins.begins_or_ends(run))
                        || (is_capitalised(run) && run.len() >= 10);
                    if !(changes_case || could_split) || zipf(run) > 0.0 {
                        continue;
                    }
                    if changes_case {
                        if camel_join(run, joins) {
                            camel.push((at + start, at + end));
                        }
                    } else if segmented(run, joins) {
                        out.push((at + start, at + end));
                    }
                }
            }
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for &(start, end) in &camel {
        *seen.entry(&text[start..end]).or_default() += 1;
    }
    out.extend(camel.into_iter().filter(|&(s, e)| seen[&text[s..e]] == 1));
    out.sort_unstable();
    out
}

/// "2014.https://…": a web address glued to the word before it.
fn glued_address(chunk: &str) -> Option<(usize, usize)> {
    let bytes = chunk.as_bytes();
    let mut from = 0;
    while let Some(i) = find_ignoring_case(bytes, b"http", from) {
        from = i + 4;
        let scheme_end = if starts_ignoring_case(&bytes[i..], b"https://") {
            i + 5
        } else if starts_ignoring_case(&bytes[i..], b"http://") {
            i + 4
        } else {
            continue;
        };
        let mut word_end = i;
        if word_end > 0 && matches!(bytes[word_end - 1], b'.' | b',' | b';' | b':') {
            word_end -= 1;
        }
        let word_start = bytes[..word_end]
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric())
            .map_or(0, |p| p + 1);
        if word_end > word_start {
            return Some((word_start, scheme_end));
        }
    }
    None
}

fn starts_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack[..needle.len()].eq_ignore_ascii_case(needle)
}

/// The first position at or after `from` where `needle` (ASCII) starts,
/// ignoring ASCII case.
fn find_ignoring_case(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    (from..haystack.len()).find(|&i| starts_ignoring_case(&haystack[i..], needle))
}

/// "stated.Trump", "reports:PEOPLE", "Money.The", "US.This", "Sorry,This": a
/// sentence end or a comma with no space after it, before a capitalised
/// word (after a capitalised word, an acronym or a number, a common one).
fn punctuation_joins(chunk: &str) -> Vec<(usize, usize)> {
    let bytes = chunk.as_bytes();
    let mut out = Vec::new();
    for i in 1..bytes.len().saturating_sub(1) {
        if !matches!(bytes[i], b'.' | b':' | b';' | b',' | b'!' | b'?')
            || !bytes[i - 1].is_ascii_alphanumeric()
            || !bytes[i + 1].is_ascii_uppercase()
        {
            continue;
        }
        let left_start = bytes[..i]
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric())
            .map_or(0, |p| p + 1);
        // A run after a dot is an abbreviation's or a domain's part ("U.S.", "bit.ly").
        if left_start > 0 && bytes[left_start - 1] == b'.' {
            continue;
        }
        let right_end = bytes[i + 1..]
            .iter()
            .position(|b| !b.is_ascii_alphabetic())
            .map_or(bytes.len(), |p| i + 1 + p);
        if right_end < bytes.len() && !bytes[right_end].is_ascii() {
            continue;
        }
        let (left, right) = (&chunk[left_start..i], &chunk[i + 1..right_end]);
        // "St.Louis", "Gov.Brown": an abbreviation's stop.
        if is_capitalised(left) && left.len() <= 3 && bytes[i] == b'.' {
            continue;
        }
        // "Trump.A longtime friend": a one-letter sentence opener ends the chunk.
        let pronoun = matches!(right, "A" | "I") && right_end == bytes.len();
        if pronoun && (is_lower(left) || is_capitalised(left)) && left.len() >= 2 {
            out.push((left_start, right_end));
            continue;
        }
        let right_word = (right.len() >= 3 && (is_capitalised(right) || is_upper(right)))
            || (right.len() == 2 && is_capitalised(right) && zipf(right) >= SHORT_OPENER_ZIPF);
        let joined = if is_lower(left) && left.len() >= 2 {
            right_word
        } else if left.len() >= 2
            && (left.bytes().all(|b| b.is_ascii_digit()) || is_capitalised(left) || is_upper(left))
        {
            let common_opener = zipf(right) >= SENTENCE_START_ZIPF;
            // "Sunday.Cummings": after a common capitalised word (not an
            // abbreviation), a name starts the next sentence.
            let after_word = is_capitalised(left)
                && left.len() >= MIN_WORD_BEFORE_NAME
                && zipf(left) >= SENTENCE_START_ZIPF;
            right.len() >= 3 && is_capitalised(right) && (common_opener || after_word)
        } else {
            false
        };
        if joined {
            out.push((left_start, right_end));
        }
    }
    out
}

/// "(CNN)President": a parenthesis closed with no space before a word.
fn parenthesis_join(chunk: &str) -> Option<(usize, usize)> {
    let open = chunk.find('(')?;
    let close = open + chunk[open..].find(')')?;
    let after = &chunk.as_bytes()[close + 1..];
    let inside = &chunk.as_bytes()[open + 1..close];
    // "(CNN)President", "(VIDEO)REP"; not "Ca(OH)2" or "(a)(1)".
    if inside.len() < 2
        || !inside.iter().all(u8::is_ascii_alphabetic)
        || !after.first().is_some_and(u8::is_ascii_uppercase)
        || !after.get(1).is_some_and(u8::is_ascii_alphabetic)
    {
        return None;
    }
    let end = after
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .map_or(chunk.len(), |p| close + 1 + p);
    Some((open, end))
}

enum RunShape {
    /// A letter run on its own (bounded by punctuation or the chunk's ends).
    Free,
    /// Letters right after a number ("2020adds"), with the digits' start
    /// and count.
    AfterDigits { digits_start: usize, digits: usize },
}

/// The maximal ASCII letter runs of a chunk, with their shape; runs that
/// touch a non-ASCII letter or digit (part of a longer word) or that follow
/// a number glued to letters before it ("A380s") are left out.
fn letter_runs(chunk: &str, out: &mut Vec<(usize, usize, RunShape)>) {
    out.clear();
    let bytes = chunk.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let touches_other_letter = chunk[..start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_ascii() && c.is_alphanumeric())
            || chunk[i..]
                .chars()
                .next()
                .is_some_and(|c| (!c.is_ascii() && c.is_alphanumeric()) || c.is_ascii_digit());
        if touches_other_letter {
            continue;
        }
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            let digits_start = bytes[..start]
                .iter()
                .rposition(|b| !b.is_ascii_digit())
                .map_or(0, |p| p + 1);
            let number_alone =
                digits_start == 0 || !bytes[digits_start - 1].is_ascii_alphanumeric();
            if number_alone {
                let digits = start - digits_start;
                out.push((
                    start,
                    i,
                    RunShape::AfterDigits {
                        digits_start,
                        digits,
                    },
                ));
            }
            continue;
        }
        out.push((start, i, RunShape::Free));
    }
}

/// The parts of a letter run split at its case changes: "ProfileSign" →
/// "Profile", "Sign"; "URLCopied" → "URL", "Copied"; "rabbitNew" →
/// "rabbit", "New".
fn case_parts(run: &str) -> Vec<&str> {
    let bytes = run.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    while let Some(i) = case_change(bytes, start + 1) {
        parts.push(&run[start..i]);
        start = i;
    }
    parts.push(&run[start..]);
    parts
}

/// The first position at or after `from` where a new case part starts: a
/// capital after a small letter, or a capital starting a word after an
/// acronym ("URL|Copied").
fn case_change(bytes: &[u8], from: usize) -> Option<usize> {
    (from.max(1)..bytes.len()).find(|&i| {
        let lower_to_upper = bytes[i - 1].is_ascii_lowercase() && bytes[i].is_ascii_uppercase();
        let acronym_to_word = bytes[i - 1].is_ascii_uppercase()
            && bytes[i].is_ascii_uppercase()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        lower_to_upper || acronym_to_word
    })
}

/// A run the list does not know, made of common words joined at case
/// changes: a lower-case word before a capitalised one ("mixedThe"), three
/// or more words ("IconSaveFacebook"), a word before a long capitalised one
/// ("BushASSOCIATED"), or two capitalised words one of which is a page
/// label ("ProfileSign", "CouncilWatch", "URLCopied"; two capitalised
/// words alone are mostly a brand, "ZoneAlarm").
fn camel_join(run: &str, joins: &Joins) -> bool {
    let parts = case_parts(run);
    if parts.len() < 2 {
        return false;
    }
    let word = |p: &str| p.len() >= 3 && zipf(p) >= WORD_ZIPF;
    let label = |p: &str| joins.label_words.contains(&p.to_ascii_lowercase());
    let (first, second) = (parts[0], parts[1]);
    (is_lower(first) && word(first) && word(second))
        || (parts.len() >= 3 && parts.iter().all(|p| word(p)))
        || (parts.len() == 2
            && is_capitalised(first)
            && word(first)
            && is_upper(second)
            && second.len() >= 5
            && word(second))
        || (parts.len() == 2
            && (word(first) || is_upper(first))
            && word(second)
            && (label(first) || label(second)))
}

/// A run the list does not know that splits into words: in lower case
/// ("bragsabout", "forvarious"), a join word and a common word of four
/// letters or more (compounds of content words, "planemaker", and suffixed
/// coinages are left alone); capitalised ("Topicsbanksmoney"), three common
/// words of four letters or more.
fn segmented(run: &str, joins: &Joins) -> bool {
    if run.len() > MAX_SEGMENTED {
        return false;
    }
    if is_lower(run) && run.len() >= joins.min_length {
        let word = |p: &str| p.len() >= 4 && zipf(p) >= joins.min_part_zipf;
        return (2..run.len() - 1).any(|cut| {
            let (left, right) = run.split_at(cut);
            (joins.join_words.contains(left) && word(right))
                || (word(left) && joins.join_words.contains(right))
        });
    }
    if is_capitalised(run) && run.len() >= 10 {
        // The word list is searched ignoring case.
        return three_words(run);
    }
    false
}

/// Whether `run` is three common words of four letters or more.
fn three_words(run: &str) -> bool {
    let word = |p: &str| p.len() >= 4 && zipf(p) >= 4.0;
    (4..run.len()).any(|first| {
        word(&run[..first])
            && (first + 4..run.len())
                .any(|second| word(&run[first..second]) && word(&run[second..]))
    })
}

/// Paragraphs that open with a lower-case word, after the headline or a
/// paragraph that ended a sentence, and that end a sentence themselves
/// (labels and widgets do not): the first letter went with a drop cap
/// ("nstead, the…") or a name was lost in conversion ("won the triple
/// jump"). The word's span.
pub(crate) fn lost_initials(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut previous: Option<&str> = None;
    for (index, (offset, paragraph)) in paragraphs(text).enumerate() {
        // The first paragraph is the headline, which ends with no stop.
        let opens_after_end = index == 1
            || previous.is_some_and(|p| p.ends_with(['.', '!', '?', '"', '\'', '”', '’']));
        let ends_sentence = paragraph.ends_with(['.', '!', '?', '"', '”', '’', ')']);
        if let Some((start, end)) =
            lower_case_opening(paragraph).filter(|_| opens_after_end && ends_sentence)
        {
            out.push((offset + start, offset + end));
        }
        previous = Some(paragraph);
    }
    out
}

/// The paragraphs of `text` (runs of non-blank lines), trimmed, with their
/// byte offsets.
fn paragraphs(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    std::iter::from_fn(move || {
        loop {
            let line = lines.peek()?;
            if !line.trim().is_empty() {
                break;
            }
            offset += line.len();
            lines.next();
        }
        let start = offset;
        while let Some(line) = lines.peek() {
            if line.trim().is_empty() {
                break;
            }
            offset += line.len();
            lines.next();
        }
        let raw = &text[start..offset];
        let lead = raw.len() - raw.trim_start().len();
        Some((start + lead, raw.trim()))
    })
}

/// The fewest words a paragraph's line needs for its lower-case opening to
/// read as a lost letter rather than a label or a list item.
const MIN_PARAGRAPH_WORDS: usize = 6;

fn lower_case_opening(paragraph: &str) -> Option<(usize, usize)> {
    let line = paragraph.lines().next()?;
    let start = 0;
    let rest = line;
    let len = rest
        .bytes()
        .position(|b| !b.is_ascii_lowercase())
        .unwrap_or(rest.len());
    let next = rest[len..].chars().next();
    let opens_word = len > 0 && next.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ';'));
    (opens_word
        && rest
            .split_whitespace()
            .nth(MIN_PARAGRAPH_WORDS - 1)
            .is_some())
    .then_some((start, start + len))
}

/// A paragraph whose first quotation mark closes a quote: its opening mark
/// went with a drop cap ("I'm not a lobbyist," Bayh said). The span of
/// the paragraph's first word.
pub(crate) fn lost_opening_quotes(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut quote_open = false;
    for (offset, paragraph) in paragraphs(text) {
        // A paragraph that goes on with a quote the previous one left open
        // has no opening mark to lose.
        let continues_quote = quote_open;
        let lost = (!continues_quote)
            .then(|| lost_opening_quote(paragraph))
            .flatten();
        // With its lost mark counted, a paragraph that lost one is balanced.
        quote_open = open_quote_at_end(paragraph) != lost.is_some();
        if let Some(opening) = lost {
            out.push((offset, offset + opening));
        }
    }
    out
}

/// The length of the paragraph's first word when its first quotation mark,
/// within its first sentence, closes a quote.
fn lost_opening_quote(paragraph: &str) -> Option<usize> {
    let first = paragraph.find(['"', '“', '”'])?;
    // A paragraph opening in lower case goes on with a sentence split off
    // the one before (`lost-initial`'s case), not with a lost mark.
    if ends_sentence_before(&paragraph[..first])
        || paragraph.starts_with(|c: char| c.is_lowercase())
    {
        return None;
    }
    let closes = match paragraph[first..].chars().next() {
        Some('”') => true,
        Some('"') => {
            let before = paragraph[..first].chars().next_back();
            let after = paragraph[first + 1..].chars().next();
            before.is_some_and(|c| matches!(c, ',' | '.' | '!' | '?'))
                && after.is_none_or(char::is_whitespace)
        }
        _ => false,
    };
    let opening = paragraph
        .find(char::is_whitespace)
        .unwrap_or(paragraph.len());
    (closes && first > opening).then_some(opening)
}

/// Whether a paragraph leaves a quotation open: an odd number of straight
/// marks, or more opening curly marks than closing ones.
fn open_quote_at_end(paragraph: &str) -> bool {
    let straight = paragraph.matches('"').count();
    let opening = paragraph.matches('“').count();
    let closing = paragraph.matches('”').count();
    straight % 2 == 1 || opening > closing
}

/// Whether a sentence ends inside `text` (a stop, then a space).
fn ends_sentence_before(text: &str) -> bool {
    [". ", "! ", "? "].iter().any(|end| text.contains(end))
}

/// The fewest characters a line needs to be read as running prose when
/// looking for gaps left by stripped quotation marks.
const PROSE_LINE_CHARS: usize = 200;
/// The fewest such gaps in a document's prose that show its quotation
/// marks were stripped.
const MIN_STRIPPED_GAPS: usize = 2;

/// Double spaces between words in running prose with no double quotation
/// mark left: the marks were stripped and left their space ("the  dark
/// money  that", "saying,  She lies!"). A prose line counts when it has no
/// quotation mark and at least `MIN_STRIPPED_GAPS` gaps, or, in a document
/// with no quotation mark at all, when the document has that many. The span
/// of the words either side of each gap.
pub(crate) fn stripped_quotes(text: &str) -> Vec<(usize, usize)> {
    const QUOTES: [char; 6] = ['"', '“', '”', '„', '«', '»'];
    let document_unquoted = !text.contains(QUOTES);
    let mut out = Vec::new();
    let mut lone_gaps = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let gaps = if line.chars().count() >= PROSE_LINE_CHARS && !line.contains(QUOTES) {
            double_space_gaps(line, offset, single_spaced_sentences(line))
        } else {
            Vec::new()
        };
        // Headlines run together with double spaces between them
        // ("…comment  Wall Street Journal clashes…") have no gap inside a
        // sentence.
        if gaps
            .iter()
            .any(|&(start, end)| inside_sentence(&text[start..end]))
        {
            if gaps.len() >= MIN_STRIPPED_GAPS {
                out.extend(gaps);
            } else if document_unquoted {
                lone_gaps.extend(gaps);
            }
        }
        offset += line.len();
    }
    if document_unquoted && out.len() + lone_gaps.len() >= MIN_STRIPPED_GAPS {
        out.extend(lone_gaps);
        out.sort_unstable();
    }
    out
}

/// Whether a gap (the words either side of it) sits inside a sentence:
/// after a comma or semicolon, or before a lower-case word (not a slug
/// such as "travel-and-eats").
fn inside_sentence(gap: &str) -> bool {
    gap.contains(",  ")
        || gap.contains(";  ")
        || gap.split_whitespace().last().is_some_and(|after| {
            after.starts_with(|c: char| c.is_ascii_lowercase()) && after.matches('-').count() < 2
        })
}

/// Whether a line's sentences are mostly followed by one space: then two
/// after a stop or colon are a stripped mark too ("down.  And"), not the
/// writer's typing.
fn single_spaced_sentences(line: &str) -> bool {
    let (mut single, mut double) = (0, 0);
    for (i, _) in line.match_indices(['.', '?', '!']) {
        let after = &line[i + 1..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if !after[spaces..].starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        match spaces {
            1 => single += 1,
            2.. => double += 1,
            _ => {}
        }
    }
    single >= 3 && double * 3 <= single
}

/// The double-space gaps between words of one line (after a letter, digit,
/// comma or semicolon, before a letter; after a stop or colon only where the
/// line's sentences are single-spaced), as the span of the words either
/// side, offset by `offset`.
fn double_space_gaps(line: &str, offset: usize, after_stops: bool) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 1;
    while i + 2 < bytes.len() {
        let gap_end = bytes[i..]
            .iter()
            .position(|&b| b != b' ')
            .map_or(bytes.len(), |p| i + p);
        let before = bytes[i - 1];
        if bytes[i] == b' '
            && gap_end - i >= 2
            && (before.is_ascii_alphanumeric()
                || matches!(before, b',' | b';')
                || (after_stops && matches!(before, b'.' | b':' | b'!' | b'?')))
            && bytes.get(gap_end).is_some_and(u8::is_ascii_alphabetic)
        {
            let start = bytes[..i]
                .iter()
                .rposition(|&b| b == b' ')
                .map_or(0, |p| p + 1);
            let end = bytes[gap_end..]
                .iter()
                .position(|&b| b == b' ' || b == b'\n')
                .map_or(bytes.len(), |p| gap_end + p);
            out.push((offset + start, offset + end));
            i = gap_end;
        } else {
            i += 1;
        }
    }
    out
}

/// The fewest commas and stops with a space before them that show a
/// document was joined back from tokens (one is a typing slip).
const MIN_SPACED_PUNCTUATION: usize = 3;

/// "Medicine , looked", "United States .": a comma or stop with a space
/// before it and after it (or at a line's end or before a closing quote),
/// where a document has at least `MIN_SPACED_PUNCTUATION` of them: its text
/// was split into tokens and joined back with spaces. Ellipses (". . .")
/// are left alone. The span of the word before and the mark.
pub(crate) fn spaced_punctuation(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for i in 2..bytes.len() {
        let mark = bytes[i];
        if !matches!(mark, b',' | b'.') || bytes[i - 1] != b' ' {
            continue;
        }
        let before = bytes[i - 2];
        if !(before.is_ascii_alphanumeric() || matches!(before, b')' | b'"' | b'\'')) {
            continue;
        }
        let after_ok = match text[i + 1..].chars().next() {
            None => true,
            Some(c) => c == ' ' || c == '\n' || c == '\r' || matches!(c, '”' | '’' | '"'),
        };
        // ". . ." is an ellipsis written with spaces.
        let ellipsis =
            mark == b'.' && (text[i + 1..].starts_with(" .") || text[..i].ends_with(". "));
        if !after_ok || ellipsis {
            continue;
        }
        let start = bytes[..i - 1]
            .iter()
            .rposition(|b| b.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        // A space keeps a stop off a link ("…/report.html ."); figures in
        // tables are spaced by column.
        let word = &text[start..i - 1];
        if word.contains(['/', '@']) || !word.contains(|c: char| c.is_alphabetic()) {
            continue;
        }
        out.push((start, i + 1));
    }
    if out.len() < MIN_SPACED_PUNCTUATION {
        out.clear();
    }
    out
}

/// Phrases of at least this many words, written twice in a row.
const MIN_PHRASE_WORDS: usize = 3;
/// The longest phrase compared (it bounds the work per word).
const MAX_PHRASE_WORDS: usize = 12;
/// The fewest letters a doubled phrase needs ("no no no" is speech).
const MIN_PHRASE_LETTERS: usize = 10;

/// A phrase of three or more words written twice in a row, as captions and
/// labels pasted twice ("Scott Dalton for NPR Scott Dalton for NPR"):
/// the span of both copies. Phrases with numbers (tables), a sentence end
/// inside (a chant, "God bless you. God bless you."), or that are themselves
/// a repeat ("LONG SHRT LONG SHRT") are left alone.
pub(crate) fn doubled_phrases(text: &str) -> Vec<(usize, usize)> {
    let words: Vec<(usize, &str)> = chunks(text).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = (MIN_PHRASE_WORDS..=MAX_PHRASE_WORDS)
            .take_while(|n| i + 2 * n <= words.len())
            .find(|&n| {
                let (first, second) = (&words[i..i + n], &words[i + n..i + 2 * n]);
                first.iter().zip(second).all(|(a, b)| a.1 == b.1)
                    && plain_phrase(first)
                    && !text[first[0].0..second[n - 1].0].contains('\n')
            });
        match found {
            Some(n) => {
                let (last_at, last) = words[i + 2 * n - 1];
                out.push((words[i].0, last_at + last.len()));
                i += 2 * n;
            }
            None => i += 1,
        }
    }
    out
}

fn plain_phrase(words: &[(usize, &str)]) -> bool {
    let letters: usize = words
        .iter()
        .map(|(_, w)| w.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    let n = words.len();
    let periodic =
        (1..n).any(|p| n.is_multiple_of(p) && (p..n).all(|k| words[k].1 == words[k - p].1));
    letters >= MIN_PHRASE_LETTERS
        && !periodic
        && words
            .iter()
            .all(|(_, w)| !w.chars().any(|c| c.is_numeric()) && !w.ends_with(['.', '!', '?']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Joins;

    fn joins() -> Joins {
        Joins::from_spec(&crate::rules::spec::JoinsSpec::default()).unwrap()
    }

    fn found(text: &str, spans: Vec<(usize, usize)>) -> Vec<&str> {
        spans.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn run_together_words_are_found_and_good_copy_is_left_alone() {
        let text = "He bragsabout it forvarious reasons. Edit ProfileSign Out \
                    Search IconSaveFacebook icon the rabbitNew York Post \
                    as she stated.Trump said. with Trump.A longtime the US.This (CNN)President Obama said \
                    Topicsbanksmoney in 2014.https://example.com the 2020adds \
                    he alleged.At last on Sunday.Cummings said (VIDEO)REP 0shares 2016Retired \
                    Cheapflightshotels August 7, 2017And";
        assert_eq!(
            found(text, run_together(text, &joins())),
            [
                "bragsabout",
                "forvarious",
                "ProfileSign",
                "IconSaveFacebook",
                "rabbitNew",
                "stated.Trump",
                "Trump.A",
                "US.This",
                "(CNN)President",
                "Topicsbanksmoney",
                "2014.https",
                "2020adds",
                "alleged.At",
                "Sunday.Cummings",
                "(VIDEO)REP",
                "0shares",
                "2016Retired",
                "Cheapflightshotels",
                "2017And"
            ]
        );
        let clean = "YouTube and PayPal, the U.S. and bit.ly links, Halo.Bungie.Org, \
                     e.g. this; eBay and iPhone; a planemaker overbalancing; weblogger bedsits; \
                     10km in 1990s; Mr. Smith; www.SomeSite.com; \
                     WebSideStory and WebSideStory; ZoneAlarm; #MakeAmericaGreat @SomeOne \
                     Müllerstraße 3rd; Ca(OH)2 and (a)(1); 5pm at 100mph; St.Louis; Gov.Brown; \
                     the 1990s; 12Days; BANKAMERICA and CREDITWATCH; counterterrorism; \
                     bouncebackability";
        assert!(
            run_together(clean, &joins()).is_empty(),
            "{:?}",
            found(clean, run_together(clean, &joins()))
        );
    }

    #[test]
    fn lost_first_letters_open_a_paragraph() {
        let text = "A Race in Indiana\n\nvan Bayh was the prize recruit of the cycle.\n\n\
                    The race was close.\n\nnstead, the Democrats found a new line of attack.\n\n\
                    He said so.\n\nclick banner above to connect with a group near you\n\n\
                    iPhone sales rose again this year in Asia.";
        assert_eq!(found(text, lost_initials(text)), ["van", "nstead"]);
        let hard_wrapped = "The race was close and\nthe Democrats found a new line of attack.";
        assert!(lost_initials(hard_wrapped).is_empty());
    }

    #[test]
    fn a_closing_quote_with_no_opening_one_is_a_lost_quote() {
        let text = "I'm not a lobbyist,\" Bayh said.\n\nClearly so,\" he said.\n\n\"Clearly,\" he said.\n\nHe said \"no.\"\n\n\
                    He spoke. It's come out of the blue,\" he said.\n\n\
                    He said \"this was the plan\n\nand it worked,\" he said.\n\n\
                    The minister said the plan was\n\nprime minister and I agreed,\" he said.";
        assert_eq!(found(text, lost_opening_quotes(text)), ["I'm", "Clearly"]);
    }

    #[test]
    fn double_spaces_are_stripped_quotes_only_where_no_quote_is_left() {
        let prose = "The book,  Dark Money,  by Jane Mayer tells of the  dark money  that \
                     flowed into politics for years and years, as the reviewers of the book have \
                     said in many places over many weeks of coverage in the national press.";
        assert_eq!(
            found(prose, stripped_quotes(prose)),
            ["book,  Dark", "Money,  by", "the  dark", "money  that"]
        );
        let quoted = format!("{prose} He said \"so\".");
        assert!(stripped_quotes(&quoted).is_empty());
        let short = "A table  with  gaps  in  it";
        assert!(stripped_quotes(short).is_empty());
        let headlines = "Trump polls the audience at a conservative conference on the wall  \
                         State Department releases a strongly worded statement on Russia  \
                         Former Fox News staffer says the network ruined people and careers  \
                         Vox employees are going on a strike to push for a union at last";
        assert!(stripped_quotes(headlines).is_empty());
        // A quoted headline does not vouch for a stripped body line.
        let titled = format!("TITLE: \u{201c}I have to give it to them\u{201d}\n\n{prose}");
        assert_eq!(found(&titled, stripped_quotes(&titled)).len(), 4);
        // One gap in a line is a typing slip once quotation marks are seen.
        let single = format!("He said \"so\".\n\n{}", prose.replacen("  ", " ", 3));
        assert!(stripped_quotes(&single).is_empty());
    }

    #[test]
    fn spaced_punctuation_is_found_only_when_it_recurs() {
        let joined = "The study , published in Medicine , looked at 40 people .\n\n\
                      \u{201c}It helps ,\u{201d} she said. Wait . . . what?";
        assert_eq!(
            found(joined, spaced_punctuation(joined)),
            ["study ,", "Medicine ,", "people .", "helps ,"]
        );
        let slip = "The study , published in Medicine, looked at 40 people. Wait . . . what? 3 .5";
        let links = "See https://example.com/a.html . Or www.example.com/b . Sales were (98,740) , 193 , 4 .";
        assert!(spaced_punctuation(slip).is_empty());
        assert!(spaced_punctuation(links).is_empty());
    }

    #[test]
    fn doubled_phrases_are_found_but_not_chants_or_tables() {
        let text = "Photo: Scott Dalton for NPR Scott Dalton for NPR\n\
                    A headline seen twice\nA headline seen twice\n\
                    God bless you. God bless you.\n\
                    LONG SHRT LONG SHRT\n\
                    4/2/87 Prev Wk 4/2/87 Prev Wk";
        assert_eq!(
            found(text, doubled_phrases(text)),
            ["Scott Dalton for NPR Scott Dalton for NPR"]
        );
    }
}
