//! The one tokenizer: a text is words (maximal runs of letters and digits)
//! and marks (every other character that is not white space). Every view of
//! words credence takes is built from these tokens: the checks join words
//! across inner apostrophes ("don't"), the attribution model across inner
//! `.'’-&` ("U.S.", "Al-Jaberi", "AT&T"), and the surname index reads words
//! after a capitalised word and one space.
//!
//! Tokens are produced on demand over a byte range rather than stored for
//! the whole document: a stored token costs more memory than the text it
//! covers, and most ranges (a sentence around a reporting verb) are read once.

/// A word or a mark, as a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// A word (letters and digits); else one mark (punctuation, a symbol).
    pub word: bool,
}

/// The tokens of `text[from..to]`, in order. `from` and `to` must lie on
/// character boundaries; offsets are into the whole `text`.
pub fn tokens(text: &str, from: usize, to: usize) -> impl Iterator<Item = Token> + '_ {
    let slice = &text[from..to];
    let mut chars = slice.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (i, c) = chars.next()?;
            if c.is_whitespace() {
                continue;
            }
            let mut end = i + c.len_utf8();
            let word = c.is_alphanumeric();
            if word {
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_alphanumeric() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
            }
            return Some(Token {
                start: from + i,
                end: from + end,
                word,
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits_and_marks_stand_alone() {
        let text = "U.S. envoy's 2nd visit—at 9am.";
        let got: Vec<(&str, bool)> = tokens(text, 0, text.len())
            .map(|t| (&text[t.start..t.end], t.word))
            .collect();
        assert_eq!(
            got,
            [
                ("U", true),
                (".", false),
                ("S", true),
                (".", false),
                ("envoy", true),
                ("'", false),
                ("s", true),
                ("2nd", true),
                ("visit", true),
                ("—", false),
                ("at", true),
                ("9am", true),
                (".", false),
            ]
        );
    }

    #[test]
    fn offsets_are_into_the_whole_text() {
        let text = "Café said so";
        let got: Vec<Token> = tokens(text, 6, text.len()).collect();
        assert_eq!(got[0].start, 6);
        assert_eq!(&text[got[0].start..got[0].end], "said");
    }
}
