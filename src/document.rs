//! A document is the text credence analyses plus what is needed to point into
//! it: a line index that turns byte offsets into 1-based line and column.

/// One article as read, with its display name (a path, or a name for stdin).
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl Document {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text).map(|i| i + 1));
        Document {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column of a byte offset. Columns count Unicode scalar
    /// values, so a column is what an editor shows for UTF-8 text.
    /// Invariant: `offset` lies on a char boundary within the text (clamped otherwise).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
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
    fn line_col_counts_chars_from_one() {
        let doc = Document::new("t", "ab\n“cd” ef\n");
        assert_eq!(doc.line_col(0), (1, 1));
        assert_eq!(doc.line_col(3), (2, 1));
        let e = doc.text.find("ef").unwrap();
        assert_eq!(doc.line_col(e), (2, 6));
    }

    #[test]
    fn line_span_strips_crlf() {
        let doc = Document::new("t", "one\r\ntwo");
        assert_eq!(doc.line_span(1), (0, 3));
        assert_eq!(doc.line_span(6), (5, 8));
        assert_eq!(doc.lines().count(), 2);
    }

    #[test]
    fn empty_document_has_no_lines() {
        let doc = Document::new("t", "");
        assert_eq!(doc.line_count(), 0);
        assert_eq!(doc.line_col(0), (1, 1));
    }
}
