//! The parts of an article: title, byline, body, captions and navigation.
//! A credit in a caption is a photo credit, "sources say" in a headline is a
//! headline's claim, and page navigation is not the article at all, so rules
//! carry a scope and the attribution model reads the body alone.
//!
//! HTML gets its zones from the extractor. Plain text gets a best-effort
//! split driven by the pack's `[zones]` patterns: the first line is the
//! title, a "By ..." line near the top is the byline, and a line that ends in
//! a picture credit is a caption; the rest is body.

use regex::Regex;
use serde::Serialize;
use std::fmt;

/// One part of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    /// The headline.
    Title,
    /// The author line ("By ...").
    Byline,
    /// The article's running text; any text outside every zone span.
    Body,
    /// A picture caption or credit line.
    Caption,
    /// Page navigation left in the article: menus, breadcrumbs, related-story links.
    Navigation,
}

impl Zone {
    /// Every zone, in declaration order (the order `Scope::names` lists them).
    pub const ALL: [Zone; 5] = [
        Zone::Title,
        Zone::Byline,
        Zone::Body,
        Zone::Caption,
        Zone::Navigation,
    ];

    /// The lower-case name that `scope` and reports use, e.g. `caption`.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Title => "title",
            Zone::Byline => "byline",
            Zone::Body => "body",
            Zone::Caption => "caption",
            Zone::Navigation => "navigation",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The zones a rule looks at. `any` is every zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope(u8);

impl Scope {
    /// Every zone (`any`): the scope of a rule that names none.
    pub const ANY: Scope = Scope(0b1_1111);

    /// Whether this scope includes `zone`.
    pub fn contains(self, zone: Zone) -> bool {
        self.0 & zone.bit() != 0
    }

    /// Parse scope names (`body`, `caption`, `title`, `byline`,
    /// `navigation`, `any`); an unknown name is the error.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Scope, String> {
        let mut bits = 0;
        for name in names {
            let name = name.trim();
            if name == "any" {
                bits = Scope::ANY.0;
                continue;
            }
            let zone = Zone::ALL
                .into_iter()
                .find(|z| z.as_str() == name)
                .ok_or_else(|| {
                    format!(
                        "unknown scope `{name}` (expected body, caption, title, byline, navigation or any)"
                    )
                })?;
            bits |= zone.bit();
        }
        if bits == 0 {
            return Err("scope names no zone".into());
        }
        Ok(Scope(bits))
    }

    /// The zone names, in `Zone::ALL` order, or `["any"]`.
    pub fn names(self) -> Vec<&'static str> {
        if self == Scope::ANY {
            return vec!["any"];
        }
        Zone::ALL
            .into_iter()
            .filter(|z| self.contains(*z))
            .map(Zone::as_str)
            .collect()
    }
}

impl Default for Scope {
    fn default() -> Self {
        Scope::ANY
    }
}

/// A byte range of the analysed text that belongs to one zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ZoneSpan {
    /// The zone the range belongs to.
    pub zone: Zone,
    /// Byte offset into the analysed text where the range starts, inclusive.
    pub start: usize,
    /// Byte offset into the analysed text where the range ends, exclusive.
    pub end: usize,
}

/// The zone at `offset`, given spans sorted by start and not overlapping.
/// Text outside every span is body.
pub fn zone_at(spans: &[ZoneSpan], offset: usize) -> Zone {
    let i = spans.partition_point(|s| s.start <= offset);
    match i.checked_sub(1).map(|i| spans[i]) {
        Some(span) if offset < span.end => span.zone,
        _ => Zone::Body,
    }
}

/// The pack's patterns for splitting plain text, compiled.
#[derive(Debug, Default)]
pub struct ZoneRules {
    /// A whole line that is a picture caption or credit.
    pub caption: Vec<Regex>,
    /// A whole line that is a byline.
    pub byline: Vec<Regex>,
    /// The longest first line that may still be a title, in characters.
    pub title_max_chars: usize,
}

/// How many lines from the top a byline may sit.
const BYLINE_WINDOW: usize = 4;
/// The longest line that can be a caption, in characters.
const CAPTION_MAX_CHARS: usize = 600;

impl ZoneRules {
    /// Best-effort zones of plain text. The first non-blank line is the
    /// title when it is short, does not end like a sentence, and more text
    /// follows; a byline pattern within the first lines is the byline; a
    /// line that a caption pattern matches is a caption.
    pub fn split_plain_text(&self, text: &str) -> Vec<ZoneSpan> {
        let mut spans = Vec::new();
        let mut lines = Vec::new();
        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let content = raw.trim_end_matches(['\n', '\r']);
            let lead = content.len() - content.trim_start().len();
            let trimmed = content.trim();
            if !trimmed.is_empty() {
                lines.push((offset + lead, offset + lead + trimmed.len(), trimmed));
            }
            offset += raw.len();
        }
        if lines.len() < 2 {
            return spans;
        }
        let mut first_body = 0;
        let (start, end, first) = lines[0];
        if self.is_title(first) {
            spans.push(ZoneSpan {
                zone: Zone::Title,
                start,
                end,
            });
            first_body = 1;
        }
        for (index, &(start, end, line)) in lines.iter().enumerate().skip(first_body) {
            let zone = if index <= BYLINE_WINDOW && self.byline.iter().any(|r| r.is_match(line)) {
                Zone::Byline
            } else if line.chars().count() <= CAPTION_MAX_CHARS
                && self.caption.iter().any(|r| r.is_match(line))
            {
                Zone::Caption
            } else {
                continue;
            };
            spans.push(ZoneSpan { zone, start, end });
        }
        spans
    }

    fn is_title(&self, line: &str) -> bool {
        let ends_like_sentence =
            line.ends_with(['.', ',', ';', ':']) && !line.ends_with("...") && !line.ends_with('…');
        line.chars().count() <= self.title_max_chars
            && !ends_like_sentence
            && !self.caption.iter().any(|r| r.is_match(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ZoneRules {
        ZoneRules {
            caption: vec![Regex::new(r"[.!?]\s+(?:AFP|Reuters|AP)$").unwrap()],
            byline: vec![Regex::new(r"^By\s+[A-Z]").unwrap()],
            title_max_chars: 160,
        }
    }

    fn zones(text: &str) -> Vec<(Zone, &str)> {
        rules()
            .split_plain_text(text)
            .into_iter()
            .map(|s| (s.zone, &text[s.start..s.end]))
            .collect()
    }

    #[test]
    fn title_byline_and_caption_lines_are_found() {
        let text = "Talks fail, sources say\n\nBy Jane Doe\n\nThe talks failed, officials said.\nTroops in Baghdad. AFP\nMore text.\n";
        assert_eq!(
            zones(text),
            vec![
                (Zone::Title, "Talks fail, sources say"),
                (Zone::Byline, "By Jane Doe"),
                (Zone::Caption, "Troops in Baghdad. AFP"),
            ]
        );
    }

    #[test]
    fn a_first_line_that_is_a_sentence_or_alone_is_not_a_title() {
        assert!(zones("The talks failed, officials said.\nMore.\n").is_empty());
        assert!(zones("Talks fail\n").is_empty());
    }

    #[test]
    fn zone_at_defaults_to_body() {
        let spans = [ZoneSpan {
            zone: Zone::Title,
            start: 0,
            end: 5,
        }];
        assert_eq!(zone_at(&spans, 0), Zone::Title);
        assert_eq!(zone_at(&spans, 5), Zone::Body);
        assert_eq!(zone_at(&[], 3), Zone::Body);
    }

    #[test]
    fn scopes_parse_and_name() {
        let scope = Scope::parse(["title", "body"]).unwrap();
        assert!(scope.contains(Zone::Title) && !scope.contains(Zone::Caption));
        assert_eq!(scope.names(), vec!["title", "body"]);
        assert_eq!(Scope::parse(["any"]).unwrap(), Scope::ANY);
        assert!(Scope::parse(["headline"]).unwrap_err().contains("headline"));
    }
}
