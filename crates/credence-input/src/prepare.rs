//! From decoded input to the document credence analyses: the input's format
//! decides how the article is read (HTML through the extractor, Markdown
//! without its front matter and code, plain text as it is), and every format
//! ends as one `Document` with zones, plus the `Extracted` parts that
//! `credence extract` shows, so a user sees exactly what was analysed.

use crate::error::InputError;
use crate::html::{self, Extracted};
use crate::markdown;
use credence_core::document::Document;
use credence_core::document::zones::{Zone, ZoneRules, ZoneSpan};
use std::fmt;

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
        }
    }

    /// The format a file extension names, if any.
    pub fn from_extension(extension: &str) -> Option<InputFormat> {
        match extension.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" | "mdx" => Some(InputFormat::Markdown),
            "html" | "htm" | "xhtml" | "shtml" => Some(InputFormat::Html),
            _ => None,
        }
    }

    /// The format an HTTP media type names, if any.
    pub fn from_media_type(media_type: &str) -> Option<InputFormat> {
        match media_type {
            "text/html" | "application/xhtml+xml" => Some(InputFormat::Html),
            "text/markdown" | "text/x-markdown" => Some(InputFormat::Markdown),
            "text/plain" => Some(InputFormat::Text),
            _ => None,
        }
    }

    /// The format the text itself shows: HTML when it opens with a doctype
    /// or an `<html>`, `<head>` or `<body>` tag, else plain text. Markdown
    /// is never guessed from content: it reads well as plain text.
    pub fn sniff(text: &str) -> InputFormat {
        let head: String = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .take(1024)
            .collect::<String>()
            .to_ascii_lowercase();
        let opens_html = ["<!doctype html", "<html", "<head", "<body"]
            .iter()
            .any(|tag| head.starts_with(tag));
        let declares_html = head.starts_with("<?xml") && head.contains("<html");
        let commented_html = head.starts_with("<!--") && head.contains("<html");
        if opens_html || declares_html || commented_html {
            InputFormat::Html
        } else {
            InputFormat::Text
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document ready for analysis, and what was read from the input.
#[derive(Debug)]
pub struct Prepared {
    pub document: Document,
    pub extracted: Extracted,
    /// Where the input says the article first appeared (Markdown front
    /// matter `source` or `canonical_url`).
    pub stated_source: Option<String>,
}

/// Read decoded text in the given format. Only a page can fail: one
/// nested too deep for article extraction, or one the extractor fails on.
pub fn prepare(
    name: String,
    text: String,
    format: InputFormat,
    zones: &ZoneRules,
) -> Result<Prepared, InputError> {
    Ok(match format {
        InputFormat::Html => {
            let page = match html::extract_page(&text) {
                Ok(page) => page,
                Err(error) => return Err(InputError::Page { path: name, error }),
            };
            Prepared {
                document: Document::new(name, page.text)
                    .with_zones(page.zones)
                    .with_origin(page.origin)
                    .with_publisher(page.publisher),
                extracted: page.extracted,
                stated_source: None,
            }
        }
        InputFormat::Markdown => {
            let (blanked, front) = markdown::prepare(&text);
            let spans = zones.split_plain_text(&blanked);
            let mut extracted = extracted_from_spans(&blanked, &spans);
            if let Some(title) = front.title {
                extracted.title = Some(title);
            }
            extracted.title = extracted
                .title
                .map(|t| t.trim_start_matches('#').trim().to_owned());
            if front.author.is_some() {
                extracted.byline = front.author;
            }
            extracted.date = front.date;
            Prepared {
                document: Document::new(name, blanked).with_zones(spans),
                extracted,
                stated_source: front.source.or(front.canonical_url),
            }
        }
        InputFormat::Text => {
            let spans = zones.split_plain_text(&text);
            let extracted = extracted_from_spans(&text, &spans);
            Prepared {
                document: Document::new(name, text).with_zones(spans),
                extracted,
                stated_source: None,
            }
        }
    })
}

/// The parts of a text split into zones: the first title and byline, every
/// caption, and the body as the lines outside them.
fn extracted_from_spans(text: &str, spans: &[ZoneSpan]) -> Extracted {
    let part = |zone| {
        spans
            .iter()
            .filter(move |s| s.zone == zone)
            .map(|s| text[s.start..s.end].trim().to_owned())
    };
    let mut body = String::with_capacity(text.len());
    let mut previous_end = 0;
    for span in spans {
        body.push_str(&text[previous_end..span.start]);
        previous_end = span.end;
    }
    body.push_str(&text[previous_end..]);
    let body = body
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    Extracted {
        title: part(Zone::Title).next(),
        byline: part(Zone::Byline).next(),
        date: None,
        body: squeeze_blank_lines(&body),
        captions: part(Zone::Caption).collect(),
        navigation: part(Zone::Navigation).collect(),
    }
}

/// Runs of blank lines become one blank line; the ends are trimmed.
fn squeeze_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions_media_types_and_content() {
        assert_eq!(InputFormat::from_extension("HTM"), Some(InputFormat::Html));
        assert_eq!(
            InputFormat::from_extension("md"),
            Some(InputFormat::Markdown)
        );
        assert_eq!(InputFormat::from_extension("csv"), None);
        assert_eq!(
            InputFormat::from_media_type("text/html"),
            Some(InputFormat::Html)
        );
        assert_eq!(
            InputFormat::sniff("\u{feff}  <!DOCTYPE html><html>"),
            InputFormat::Html
        );
        assert_eq!(InputFormat::sniff("<html lang=en>"), InputFormat::Html);
        assert_eq!(
            InputFormat::sniff("Talks fail <b>today</b>"),
            InputFormat::Text
        );
    }

    #[test]
    fn plain_text_parts_are_extracted() {
        let rules = ZoneRules {
            caption: vec![regex::Regex::new(r"\.\s+AFP$").unwrap()],
            byline: vec![regex::Regex::new(r"^By ").unwrap()],
            title_max_chars: 160,
        };
        let text = "Talks fail\n\nBy Jane Doe\n\nThe talks failed, officials said.\n\nTroops in Baghdad. AFP\n\nMore text.\n";
        let prepared = prepare("t".into(), text.into(), InputFormat::Text, &rules).unwrap();
        let e = prepared.extracted;
        assert_eq!(e.title.as_deref(), Some("Talks fail"));
        assert_eq!(e.byline.as_deref(), Some("By Jane Doe"));
        assert_eq!(e.captions, vec!["Troops in Baghdad. AFP"]);
        assert_eq!(e.body, "The talks failed, officials said.\n\nMore text.");
        assert_eq!(prepared.document.text, text);
    }

    #[test]
    fn directives_in_a_web_page_silence_by_the_page_lines() {
        let rules = credence_core::RuleSet::builtin().unwrap();
        let page = "<html><body><article>\n<p>The deal was reportedly signed on Monday after weeks of talks between the two companies and their lawyers.</p>\n<!-- credence-disable-next-line anonymous.reportedly -->\n<p>The price was reportedly far higher than the one first offered by either side in the spring.</p>\n</article></body></html>\n";
        let reportedly_lines = |page: &str| -> Vec<usize> {
            let prepared = crate::prepare::prepare(
                "p.html".into(),
                page.into(),
                crate::prepare::InputFormat::Html,
                &rules.zones,
            )
            .unwrap();
            credence_core::analyze(&prepared.document, &rules)
                .findings
                .into_iter()
                .filter(|f| f.rule == "anonymous.reportedly")
                .map(|f| f.line)
                .collect()
        };
        assert_eq!(reportedly_lines(page), [2]);
        let without = page.replace("credence-disable-next-line", "a note");
        assert_eq!(reportedly_lines(&without), [2, 4]);
    }
}
