//! A document is the text credence analyses plus what is needed to point into
//! it: a line index that turns byte offsets into 1-based line and column, the
//! zones (title, body, captions...) of the text, its sentences and tokens,
//! and, when the text was extracted from markup, the map back to the file as
//! written. Everything derived from the text is computed here, once.

pub mod sentences;
pub mod shared_lines;
pub mod tokens;
pub mod zones;

use shared_lines::SharedLines;
use std::sync::{Arc, OnceLock};
use tokens::Token;

use zones::{Zone, ZoneSpan};

/// One article as read, with its display name (a path, or a name for stdin).
#[derive(Debug, Clone)]
pub struct Document {
    /// How reports name the document: its path, URL, record id or `--stdin-name`.
    pub name: String,
    /// The analysed text. Never changed after construction: the line index
    /// and the sentences are derived from it.
    pub text: String,
    line_starts: Vec<usize>,
    columns: Vec<(usize, usize)>,
    /// Sorted, non-overlapping; text outside every span is body.
    zones: Vec<ZoneSpan>,
    /// Present when `text` was extracted from another text (HTML): reported
    /// lines and columns then point into that original.
    origin: Option<Origin>,
    /// The `publisher_key`s of the names the document gives its own
    /// publisher (a page's site name, host and address): a notice that
    /// names one of them as the original is the publisher's own footer, not
    /// a republication.
    publisher_keys: Vec<String>,
    /// The lines of the documents analysed with this one, when it was
    /// analysed with others (a folder or corpus run).
    shared_lines: Option<Arc<SharedLines>>,
    /// The sentences, split on first use.
    sentences: OnceLock<Vec<(usize, usize)>>,
}

/// The file as written, and where each run of the analysed text came from.
#[derive(Debug, Clone)]
pub struct Origin {
    text: String,
    line_starts: Vec<usize>,
    columns: Vec<(usize, usize)>,
    /// (analysed offset, original offset) at the start of each run that was
    /// copied unchanged; sorted by analysed offset.
    anchors: Vec<(usize, usize)>,
}

impl Origin {
    /// `anchors` must be sorted by analysed offset; each says that the
    /// analysed text from there on was read at that original offset.
    pub fn new(text: String, mut anchors: Vec<(usize, usize)>) -> Origin {
        anchors.sort_by_key(|a| a.0);
        Origin {
            line_starts: line_starts(&text),
            columns: column_checkpoints(&text),
            text,
            anchors,
        }
    }

    /// The original offset of an analysed offset, on a char boundary.
    fn offset_of(&self, analysed: usize) -> usize {
        let i = self.anchors.partition_point(|a| a.0 <= analysed);
        let original = match i.checked_sub(1).map(|i| self.anchors[i]) {
            Some((from, to)) => to + (analysed - from),
            None => 0,
        };
        let mut original = original.min(self.text.len());
        while !self.text.is_char_boundary(original) {
            original -= 1;
        }
        original
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr_newlines(text).map(|i| i + 1));
    starts
}

/// Lines longer than this get column checkpoints.
const COLUMN_CHECKPOINT_BYTES: usize = 4096;

/// (byte offset, column from its line's start) every
/// [`COLUMN_CHECKPOINT_BYTES`] along long lines, so that a column is
/// counted from at most that far back: a file of one huge line with
/// thousands of findings stays linear.
fn column_checkpoints(text: &str) -> Vec<(usize, usize)> {
    let mut checkpoints = Vec::new();
    let mut line_start = 0;
    for line_end in memchr_newlines(text).chain(std::iter::once(text.len())) {
        let mut at = line_start;
        let mut column = 0;
        while line_end - at > COLUMN_CHECKPOINT_BYTES {
            let mut next = at + COLUMN_CHECKPOINT_BYTES;
            while !text.is_char_boundary(next) {
                next -= 1;
            }
            column += text[at..next].chars().count();
            checkpoints.push((next, column));
            at = next;
        }
        line_start = line_end + 1;
    }
    checkpoints
}

fn line_col_in(
    text: &str,
    line_starts: &[usize],
    columns: &[(usize, usize)],
    offset: usize,
) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = line_starts.partition_point(|&s| s <= offset) - 1;
    let start = line_starts[line];
    let (from, counted) = match columns.partition_point(|c| c.0 <= offset) {
        0 => (start, 0),
        i if columns[i - 1].0 > start => columns[i - 1],
        _ => (start, 0),
    };
    let column = text
        .get(from..offset)
        .map_or(offset - from, |s| s.chars().count());
    (line + 1, counted + column + 1)
}

/// An outlet's name or address reduced to compare: "Live Science",
/// "livescience.com", "https://www.livescience.com/x.html" and "The Live
/// Science" all give "livescience".
fn publisher_key(outlet: &str) -> String {
    let outlet = outlet.trim();
    let host = outlet
        .split_once("://")
        .map_or(outlet, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let name = if !host.contains(' ') && host.contains('.') {
        let labels: Vec<&str> = host
            .split('.')
            .filter(|l| !l.eq_ignore_ascii_case("www"))
            .collect();
        // Drop the domain's ending ("com", "co.uk").
        let keep = match labels.as_slice() {
            [.., second, last]
                if last.len() == 2
                    && matches!(*second, "co" | "com" | "org" | "net" | "ac" | "gov") =>
            {
                labels.len().saturating_sub(2)
            }
            _ => labels.len().saturating_sub(1),
        };
        labels[..keep].join("")
    } else {
        outlet.to_owned()
    };
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match key.strip_prefix("the") {
        Some(rest) if rest.len() >= 3 => rest.to_owned(),
        _ => key,
    }
}

impl Document {
    /// A document of plain text: all body, no origin.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Document {
            name: name.into(),
            line_starts: line_starts(&text),
            columns: column_checkpoints(&text),
            text,
            zones: Vec::new(),
            origin: None,
            publisher_keys: Vec::new(),
            shared_lines: None,
            sentences: OnceLock::new(),
        }
    }

    /// Byte ranges of the sentences, in order, trimmed of white space (see
    /// `sentences::split`); split once, on first use.
    pub fn sentences(&self) -> &[(usize, usize)] {
        self.sentences.get_or_init(|| sentences::split(&self.text))
    }

    /// The tokens of the byte range `from..to` of the text (see `tokens`).
    pub fn tokens(&self, from: usize, to: usize) -> impl Iterator<Item = Token> + '_ {
        tokens::tokens(&self.text, from, to)
    }

    /// The same document with its zones set (sorted here; overlaps are the
    /// caller's error and resolve to the earlier span).
    pub fn with_zones(mut self, mut zones: Vec<ZoneSpan>) -> Self {
        zones.sort_by_key(|z| (z.start, z.end));
        zones.dedup_by(|later, earlier| later.start < earlier.end);
        self.zones = zones;
        self
    }

    /// The same document, its text extracted from `origin`'s.
    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.origin = Some(origin);
        self
    }

    /// The same document, with the names it gives its own publisher.
    pub fn with_publisher(mut self, names: Vec<String>) -> Self {
        self.publisher_keys = names.iter().map(|n| publisher_key(n)).collect();
        self
    }

    /// The same document, analysed together with the documents whose lines
    /// `shared` counts (itself among them).
    pub fn with_shared_lines(mut self, shared: Arc<SharedLines>) -> Self {
        self.shared_lines = Some(shared);
        self
    }

    /// How many of the stories analysed together with this one carry
    /// `line` (this one included), when more than one does, and how many
    /// stories were analysed together; (0, 0) when it was analysed alone.
    pub fn stories_sharing(&self, line: &str) -> (usize, usize) {
        self.shared_lines.as_ref().map_or((0, 0), |shared| {
            (shared.documents_with(line), shared.stories())
        })
    }

    /// Whether `outlet` (as a notice writes it: "Live Science",
    /// "livescience.com") is the document's own publisher, by its name
    /// or its address with case, spaces, "www." and the domain's ending
    /// ignored.
    pub fn is_own_publisher(&self, outlet: &str) -> bool {
        let key = publisher_key(outlet);
        !key.is_empty() && self.publisher_keys.contains(&key)
    }

    /// The zones that are not body, sorted and non-overlapping.
    pub fn zones(&self) -> &[ZoneSpan] {
        &self.zones
    }

    /// The zone that holds a byte offset.
    pub fn zone_at(&self, offset: usize) -> Zone {
        crate::document::zones::zone_at(&self.zones, offset)
    }

    /// The text as the file has it: the original when the analysed text was
    /// extracted from it, else the analysed text itself.
    pub fn source_text(&self) -> &str {
        self.origin.as_ref().map_or(&self.text, |o| &o.text)
    }

    /// True when the analysed text was extracted from another text.
    pub fn is_extracted(&self) -> bool {
        self.origin.is_some()
    }

    /// The offset in `source_text` that an analysed offset was read at.
    pub fn source_offset(&self, offset: usize) -> usize {
        match &self.origin {
            Some(origin) => origin.offset_of(offset.min(self.text.len())),
            None => offset,
        }
    }

    /// 1-based line and column of an offset into `source_text`.
    pub fn source_line_col(&self, source_offset: usize) -> (usize, usize) {
        match &self.origin {
            Some(origin) => line_col_in(
                &origin.text,
                &origin.line_starts,
                &origin.columns,
                source_offset,
            ),
            None => line_col_in(&self.text, &self.line_starts, &self.columns, source_offset),
        }
    }

    /// 1-based line and column of a byte offset, in the file as written:
    /// through the origin map when the text was extracted. Columns count
    /// Unicode scalar values, so a column is what an editor shows.
    /// Invariant: `offset` lies on a char boundary within the text (clamped otherwise).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.source_line_col(self.source_offset(offset))
    }

    /// Byte range of the line that holds `offset`, without its line ending.
    pub fn line_span(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        (start, end.max(start))
    }

    /// The number of lines; a final line ending opens no new line.
    pub fn line_count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else {
            self.line_starts.len() - usize::from(self.text.ends_with('\n'))
        }
    }

    /// Byte ranges of every line, without line endings.
    pub fn lines(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.line_count()).map(|i| self.line_span(self.line_starts[i]))
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_knows_its_own_publisher_by_name_or_address() {
        let doc = Document::new("a.html", "x").with_publisher(vec![
            "livescience.com".into(),
            "https://www.livescience.com/feather-duvet-lung.html".into(),
        ]);
        assert!(doc.is_own_publisher("Live Science"));
        assert!(doc.is_own_publisher("www.livescience.com"));
        assert!(!doc.is_own_publisher("Space.com"));
        assert!(!Document::new("a.txt", "x").is_own_publisher("Live Science"));
        let guardian =
            Document::new("g.html", "x").with_publisher(vec!["www.theguardian.co.uk".into()]);
        assert!(guardian.is_own_publisher("The Guardian"));
    }

    #[test]
    fn line_col_counts_chars_from_one() {
        let doc = Document::new("t", "ab\n“cd” ef\n");
        assert_eq!(doc.line_col(0), (1, 1));
        assert_eq!(doc.line_col(3), (2, 1));
        let e = doc.text.find("ef").unwrap();
        assert_eq!(doc.line_col(e), (2, 6));
    }

    #[test]
    fn columns_on_a_long_line_count_from_a_checkpoint() {
        let line = "é".repeat(10_000) + "x";
        let text = format!("first\n{line}\nlast");
        let doc = Document::new("t", text.clone());
        let x = text.find('x').unwrap();
        assert_eq!(doc.line_col(x), (2, 10_001));
        assert_eq!(doc.line_col(text.len() - 4), (3, 1));
        let mid = 6 + 2 * 5_000;
        assert_eq!(doc.line_col(mid), (2, 5_001));
    }

    #[test]
    fn line_span_strips_crlf() {
        let doc = Document::new("t", "one\r\ntwo");
        assert_eq!(doc.line_span(1), (0, 3));
        assert_eq!(doc.line_span(6), (5, 8));
        assert_eq!(doc.lines().count(), 2);
    }

    #[test]
    fn extracted_text_reports_positions_in_the_original() {
        let original = "<p>Hello</p>\n<p>caf&eacute; said</p>";
        // "Hello\n\ncafé said": "Hello" at 3, "caf" at 16, "é" from the
        // entity at 19, " said" at 27.
        let origin = Origin::new(
            original.to_owned(),
            vec![(0, 3), (7, 16), (10, 19), (12, 27)],
        );
        let doc = Document::new("t", "Hello\n\ncafé said").with_origin(origin);
        assert_eq!(doc.line_col(0), (1, 4));
        assert_eq!(doc.line_col(7), (2, 4));
        let said_column = original.lines().nth(1).unwrap().find("said").unwrap() + 1;
        assert_eq!(
            doc.line_col(doc.text.find("said").unwrap()),
            (2, said_column)
        );
    }

    #[test]
    fn empty_document_has_no_lines() {
        let doc = Document::new("t", "");
        assert_eq!(doc.line_count(), 0);
        assert_eq!(doc.line_col(0), (1, 1));
    }
}
