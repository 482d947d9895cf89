//! Markdown inputs: front matter (YAML between `---` lines, or TOML between
//! `+++` lines) and fenced code blocks are not article prose. They are
//! blanked out (every character replaced by spaces of the same byte length,
//! line breaks kept) so rules never fire in them and every finding still
//! points at its line and column in the original file. Front-matter fields
//! that say where the text came from feed the provenance.

/// What the front matter says about the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub canonical_url: Option<String>,
    /// The original outlet, from `source`, `original`, `original_source` or `publisher`.
    pub source: Option<String>,
}

/// The text with front matter and code fences blanked, and the front matter.
pub fn prepare(text: &str) -> (String, FrontMatter) {
    let mut out = String::with_capacity(text.len());
    let mut front = FrontMatter::default();
    let mut lines = text.split_inclusive('\n').peekable();
    // Front matter: only at the very start of the file.
    let fence = lines
        .peek()
        .map(|l| l.trim_end())
        .filter(|l| *l == "---" || *l == "+++")
        .map(str::to_owned);
    if let Some(fence) = fence {
        let rest: Vec<&str> = text.split_inclusive('\n').collect();
        if let Some(close) = rest.iter().skip(1).position(|l| l.trim_end() == fence) {
            for line in &rest[1..=close] {
                read_field(line, &mut front);
            }
            for line in &rest[..=close + 1] {
                out.push_str(&blank(line));
            }
            for _ in 0..=close + 1 {
                lines.next();
            }
        }
    }
    let mut in_code: Option<String> = None;
    for line in lines {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        let is_fence = marker.len() >= 3
            && marker
                .chars()
                .all(|c| c == marker.chars().next().unwrap_or('`'));
        match &in_code {
            Some(open) if is_fence && marker.starts_with(open.as_str()) => {
                in_code = None;
                out.push_str(&blank(line));
            }
            Some(_) => out.push_str(&blank(line)),
            None if is_fence => {
                in_code = Some(marker);
                out.push_str(&blank(line));
            }
            None => out.push_str(line),
        }
    }
    (out, front)
}

/// Spaces of the same byte length, line breaks kept.
fn blank(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c == '\n' || c == '\r' {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect()
}

/// `key: value` (YAML) or `key = "value"` (TOML), on one line.
fn read_field(line: &str, front: &mut FrontMatter) {
    let Some((key, value)) = line.split_once(':').or_else(|| line.split_once('=')) else {
        return;
    };
    let key = key.trim().to_lowercase().replace('-', "_");
    let value = value.trim().trim_matches(['"', '\'']).trim();
    if value.is_empty() {
        return;
    }
    let value = Some(value.to_owned());
    match key.as_str() {
        "title" => front.title = value,
        "author" | "byline" => front.author = value,
        "date" | "published" => front.date = value,
        "canonical_url" | "canonical" | "canonicalurl" => front.canonical_url = value,
        "source" | "original" | "original_source" | "publisher" => front.source = value,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_code_are_blanked_with_offsets_kept() {
        let text = "---\ntitle: \"Talks fail, sources say\"\nsource: The National\ncanonical_url: https://example.org/a\n---\nBody says “hi”.\n```\nsources say\n```\nEnd.\n";
        let (prepared, front) = prepare(text);
        assert_eq!(prepared.len(), text.len());
        assert_eq!(prepared.lines().count(), text.lines().count());
        assert!(!prepared.contains("sources say"));
        assert!(prepared.contains("Body says “hi”."));
        assert_eq!(front.source.as_deref(), Some("The National"));
        assert_eq!(
            front.canonical_url.as_deref(),
            Some("https://example.org/a")
        );
        assert_eq!(front.title.as_deref(), Some("Talks fail, sources say"));
    }

    #[test]
    fn text_without_front_matter_is_untouched() {
        let text = "Title\n\n--- a rule ---\nBody.\n";
        assert_eq!(prepare(text).0, text);
    }
}
