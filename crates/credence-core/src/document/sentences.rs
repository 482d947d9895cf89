//! Sentence boundaries, so an attribution is looked for only inside the
//! sentence that holds its verb. Robust to abbreviations ("U.S.", "Mr.",
//! "Jan. 3"), initials ("George W. Bush"), closing quotes after the stop, and
//! captions and titles that end without punctuation at a line break.

/// Abbreviations whose trailing period does not end a sentence (compared
/// without the period, case-sensitively).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col",
    "Capt", "Sgt", "Maj", "Adm", "Cmdr", "Rev", "Hon", "Pres", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos", "vs", "etc", "Inc", "Corp",
    "Ltd", "Co", "Bros", "Mt", "Ft", "approx", "est", "Fig", "al",
];

/// Byte ranges of the sentences of `text`, in order, trimmed of white space.
/// Every non-blank byte of the text lies in exactly one sentence.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let boundary_end = if b == b'\n' {
            line_break_ends_sentence(text, i).then_some(i)
        } else if matches!(b, b'.' | b'!' | b'?') {
            stop_ends_sentence(text, i)
        } else {
            None
        };
        if let Some(end) = boundary_end {
            push_trimmed(text, start, end, &mut out);
            start = end;
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

/// A line break ends a sentence unless the next line carries on a wrapped
/// sentence: it starts in lower case, or the line before ended mid-clause
/// with a comma or a hyphen.
fn line_break_ends_sentence(text: &str, newline: usize) -> bool {
    let before = text[..newline].trim_end_matches([' ', '\t', '\r']);
    let after = &text[newline + 1..];
    if after.starts_with(['\n', '\r']) || before.is_empty() {
        return true;
    }
    let next = after.trim_start_matches([' ', '\t']);
    if after.len() - next.len() >= 2 {
        // An indented line opens a paragraph (the 1987 Reuters layout).
        return true;
    }
    let continues = next.starts_with(|c: char| c.is_lowercase())
        || before.ends_with([',', '-', ';', '('])
        || before.ends_with(|c: char| c.is_lowercase())
            && next.starts_with(|c: char| c.is_ascii_digit());
    !continues
}

/// The byte offset just after a sentence-final stop at `i` (and any closing
/// quotes or brackets), or `None` when the stop does not end a sentence.
fn stop_ends_sentence(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = i + 1;
    // Runs of stops ("?!", "...") and closing quotes/brackets belong to the sentence.
    loop {
        let rest = &text[end..];
        if let Some(c) = rest.chars().next()
            && (matches!(
                c,
                '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’' | '»'
            ))
        {
            end += c.len_utf8();
            continue;
        }
        break;
    }
    let rest = &text[end..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None; // "U.S.", "3.5", "example.com"
    }
    if bytes[i] == b'.' {
        let word_start = text[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
            .map_or(0, |p| {
                p + text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &text[word_start..i];
        if ABBREVIATIONS.contains(&word) {
            return None;
        }
        // An initial ("W.") or an initialism ("U.S.").
        let single_initial =
            word.chars().count() == 1 && word.starts_with(|c: char| c.is_uppercase());
        if single_initial || (word.contains('.') && word.len() <= 6) {
            let next = rest.trim_start();
            // "in the U.S. The next day" still ends: only a lower-case or a
            // capitalised-name continuation after an initial is glued.
            if single_initial || next.starts_with(|c: char| c.is_lowercase()) {
                return None;
            }
        }
    }
    let next = rest.trim_start_matches([' ', '\t']);
    if next.starts_with(|c: char| c.is_lowercase()) {
        return None; // "said Jan. 3 that ..." or an abbreviation not listed
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            sentences(
                "The U.S. envoy met Mr. Smith on Jan. 3 in Baghdad. He left. George W. Bush said so."
            ),
            vec![
                "The U.S. envoy met Mr. Smith on Jan. 3 in Baghdad.",
                "He left.",
                "George W. Bush said so."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("“It will be a failure,” Mr Shams added. “Militias are a threat.” He left."),
            vec![
                "“It will be a failure,” Mr Shams added.",
                "“Militias are a threat.”",
                "He left."
            ]
        );
    }

    #[test]
    fn captions_and_titles_end_at_line_breaks() {
        assert_eq!(
            sentences(
                "US will close embassy, sources say\n\nProtesters gather. AFP\nA man holds a sign. EPA\n"
            ),
            vec![
                "US will close embassy, sources say",
                "Protesters gather.",
                "AFP",
                "A man holds a sign.",
                "EPA"
            ]
        );
    }

    #[test]
    fn wrapped_lines_are_joined() {
        assert_eq!(
            sentences(
                "The bank said it would\nraise rates, traders said.\n    Officials declined comment."
            ),
            vec![
                "The bank said it would\nraise rates, traders said.",
                "Officials declined comment."
            ]
        );
    }
}
