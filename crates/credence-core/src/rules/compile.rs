//! Turning rule text into regexes, once, at load time: lexicon names are
//! expanded, phrases become one word-bounded case-insensitive alternation,
//! and word boundaries are made ASCII so the lazy DFA keeps its fast path on
//! non-ASCII text (Unicode `\b` makes it give up; see the README's figures).

use regex::{Regex, RegexBuilder};
use std::collections::BTreeMap;

/// Compiled size limit per regex; generous, but bounded so that a runaway
/// lexicon cannot eat memory.
pub(crate) const SIZE_LIMIT: usize = 64 << 20;

/// Capacity of each thread's lazy-DFA cache for a rule's own regexes, which
/// run only on documents their category's set says they match. Measured on
/// a 250 MB corpus: 2 MiB (the regex crate's default) is as fast as 4 MiB
/// and 9 MB lighter; 1 MiB thrashes (1.3x slower).
pub(crate) const DFA_CACHE_LIMIT: usize = 2 << 20;

/// Capacity of each thread's lazy-DFA cache for a category's `RegexSet`. The
/// sets run weaker cores of the rule regexes (`prefilter_pattern`); with them
/// no set fills 8 MiB (4 MiB is as fast on the corpus; 8 leaves room for
/// packs with more rules). Before the cores, 16 MiB was needed.
pub(crate) const SET_DFA_CACHE_LIMIT: usize = 8 << 20;

pub(crate) fn build(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_CACHE_LIMIT)
        .build()
        .map_err(|err| err.to_string())
}

/// Replace `\b` and `\B` outside character classes by their ASCII forms.
/// Escapes are tracked so `\\b` (a backslash then `b`) is left alone.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if class_depth == 0 => {
                    // `\b{start}` and friends keep their Unicode meaning.
                    if chars.peek() == Some(&'{') {
                        out.push('\\');
                        out.push(b);
                    } else {
                        out.push_str("(?-u:\\");
                        out.push(b);
                        out.push(')');
                    }
                }
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` first in a class is literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The pattern a category's `RegexSet` runs for a rule regex: a weaker one.
/// The set only says which rules *can* match a document (the rule's own
/// regex then decides), and a text holding a match of `A B C` holds a match
/// of `B`. So the optional pieces that open a pattern (the lists of
/// modifiers before "sources") and everything from an outlet capture on
/// (`original`, `republisher`: names of up to seven words) are left out.
/// Those pieces are what make the sets' lazy DFAs big: measured, the
/// anonymous-source and republication sets needed 16 MiB caches each, per
/// thread, to avoid thrashing.
pub(crate) fn prefilter_pattern(pattern: &str) -> String {
    use regex_syntax::hir::{Hir, HirKind};
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
        return pattern.to_owned();
    };
    let HirKind::Concat(parts) = hir.kind() else {
        return pattern.to_owned();
    };
    let is_outlet = |h: &Hir| {
        matches!(h.kind(), HirKind::Capture(c)
            if c.name.as_deref().is_some_and(|n| n == "original" || n == "republisher"))
    };
    let end = parts.iter().position(is_outlet).unwrap_or(parts.len());
    let Some(start) = parts[..end]
        .iter()
        .position(|h| h.properties().minimum_len().is_some_and(|n| n > 0))
    else {
        return pattern.to_owned();
    };
    if start == 0 && end == parts.len() {
        return pattern.to_owned();
    }
    let core = Hir::concat(parts[start..end].to_vec());
    // A piece of a UTF-8 pattern can match inside a character (a byte class
    // cut loose); such a core is not a valid `&str` regex, so the whole
    // pattern is used. The set compiles the core; it is not compiled here.
    if core.properties().is_utf8() {
        core.to_string()
    } else {
        pattern.to_owned()
    }
}

/// White space within a paragraph: any run of spaces and tabs with at most
/// one line break, so a phrase survives hard-wrapped lines but never joins
/// two paragraphs. Always available to patterns as `{{sp}}`.
pub(crate) const INLINE_SPACE: &str = r"(?:[\s&&[^\n]]+\n?|\n)[\s&&[^\n]]*";

/// Named things a pattern can refer to as `{{name}}`.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary<'a> {
    /// Word lists, expanded to an escaped alternation.
    pub lexicons: Option<&'a BTreeMap<String, Vec<String>>>,
    /// Regex fragments, expanded as written inside a group.
    pub fragments: Option<&'a BTreeMap<String, String>>,
}

/// Expand `{{name}}`: a fragment as written, or a lexicon as an alternation
/// of its escaped words, longest first so that the leftmost-first engine
/// prefers the longer entry. Fragments may use lexicons, not other fragments.
pub(crate) fn expand_lexicons(
    pattern: &str,
    vocabulary: &Vocabulary<'_>,
) -> Result<String, String> {
    let empty = BTreeMap::new();
    let lexicons = vocabulary.lexicons.unwrap_or(&empty);
    let fragments_empty = BTreeMap::new();
    let fragments = vocabulary.fragments.unwrap_or(&fragments_empty);
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let name = after[..close].trim();
        if name == "sp" {
            out.push_str(INLINE_SPACE);
            rest = &after[close + 2..];
            continue;
        }
        if let Some(fragment) = fragments.get(name) {
            let inner = Vocabulary {
                lexicons: Some(lexicons),
                fragments: None,
            };
            out.push_str("(?:");
            out.push_str(&expand_lexicons(fragment, &inner)?);
            out.push(')');
            rest = &after[close + 2..];
            continue;
        }
        let words = lexicons.get(name).ok_or_else(|| {
            let known: Vec<&str> = lexicons
                .keys()
                .chain(fragments.keys())
                .map(String::as_str)
                .collect();
            format!(
                "unknown lexicon or fragment `{{{{{name}}}}}` (known: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )
        })?;
        out.push_str("(?:");
        out.push_str(&alternation(words));
        out.push(')');
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Escaped alternation of words, white space inside an entry matching any
/// run of white space within a paragraph (`INLINE_SPACE`), longest first.
fn alternation(words: &[String]) -> String {
    let mut words: Vec<&str> = words.iter().map(|w| w.trim()).collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    words
        .iter()
        .map(|w| {
            w.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(INLINE_SPACE)
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// One case-insensitive regex for a phrase list. A word boundary is required
/// at each end of a phrase that starts or ends with a word character.
pub(crate) fn phrase_pattern(phrases: &[String]) -> String {
    let mut words: Vec<String> = phrases.iter().map(|p| p.trim().to_owned()).collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    let parts: Vec<String> = words
        .iter()
        .map(|phrase| {
            let body = alternation(std::slice::from_ref(phrase));
            let word_start = phrase.starts_with(|c: char| c.is_alphanumeric() || c == '_');
            let word_end = phrase.ends_with(|c: char| c.is_alphanumeric() || c == '_');
            format!(
                "{}{}{}",
                if word_start { r"(?-u:\b)" } else { "" },
                body,
                if word_end { r"(?-u:\b)" } else { "" }
            )
        })
        .collect();
    format!("(?i:{})", parts.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii_outside_classes() {
        assert_eq!(ascii_word_boundaries(r"\bsaid\b"), r"(?-u:\b)said(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
        assert_eq!(ascii_word_boundaries(r"[\b]x\B"), r"[\b]x(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"[]\b]\b"), r"[]\b](?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"\b{start}x"), r"\b{start}x");
    }

    #[test]
    fn ascii_boundaries_still_compile_and_match_around_non_ascii() {
        let re = build(&ascii_word_boundaries(r"\bsaid\b")).unwrap();
        assert!(re.is_match("“said”"));
        assert!(!re.is_match("unsaid"));
    }

    #[test]
    fn lexicons_expand_longest_first() {
        let mut lex = BTreeMap::new();
        lex.insert(
            "names".to_owned(),
            vec!["Jo".to_owned(), "Joe Bob".to_owned()],
        );
        let mut frag = BTreeMap::new();
        frag.insert("title".to_owned(), r"Mr|Ms {{names}}".to_owned());
        let vocabulary = Vocabulary {
            lexicons: Some(&lex),
            fragments: Some(&frag),
        };
        assert_eq!(
            expand_lexicons(r"Mr {{names}}\b", &vocabulary).unwrap(),
            format!(r"Mr (?:Joe{INLINE_SPACE}Bob|Jo)\b")
        );
        assert_eq!(
            expand_lexicons(r"{{title}}!", &vocabulary).unwrap(),
            format!(r"(?:Mr|Ms (?:Joe{INLINE_SPACE}Bob|Jo))!")
        );
        assert!(
            expand_lexicons("{{nope}}", &vocabulary)
                .unwrap_err()
                .contains("unknown lexicon")
        );
    }

    #[test]
    fn prefilter_patterns_are_weaker_cores() {
        let full = r"(?i)\b(?:two{{sp}}|senior{{sp}}){0,3}sources?\s+said";
        let full = full.replace("{{sp}}", r"\s+");
        let core = prefilter_pattern(&full);
        assert!(!core.contains("[Tt][Ww][Oo]"), "{core}");
        let core = build(&core).unwrap();
        let full = build(&full).unwrap();
        for text in ["two senior sources said", "Sources said", "source  said x"] {
            assert!(full.is_match(text) && core.is_match(text), "{text}");
        }
        let outlet = r"appeared\s+first\s+on\s+(?P<original>[A-Z]\w*(?:\s+[A-Z]\w*){0,6})";
        let core = prefilter_pattern(outlet);
        assert!(!core.contains("original"), "{core}");
        assert!(
            build(&core)
                .unwrap()
                .is_match("appeared first on Universe Today")
        );
        // A pattern that is all optional, or not a sequence, is kept.
        assert_eq!(prefilter_pattern("a|b"), "a|b");
        assert_eq!(prefilter_pattern("(?:x)?"), "(?:x)?");
    }

    #[test]
    fn phrases_are_word_bounded_and_case_insensitive() {
        let re = build(&phrase_pattern(&["sources say".into(), "(AP)".into()])).unwrap();
        assert!(re.is_match("Tory Sources  say"));
        assert!(re.is_match("Sources\nsay"));
        assert!(!re.is_match("Sources\n\nsay"));
        assert!(!re.is_match("resources sayings"));
        assert!(re.is_match("LONDON (AP) -"));
    }
}
