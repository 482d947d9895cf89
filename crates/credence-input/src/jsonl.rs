//! JSON Lines corpora: each line is a record, and each record a document.
//! Records are read one at a time from any `BufRead`, so a corpus of any size
//! streams through in flat memory. A malformed line is an error for that line
//! only; the records after it are still read.

use std::io::BufRead;

/// One record's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line number in the file.
    pub line: usize,
    /// The value of the id field, when one was asked for and present.
    pub id: Option<String>,
    pub text: String,
}

/// A line that could not be read as a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub line: usize,
    pub message: String,
}

/// Iterator over the records of a JSON Lines stream. Blank lines are skipped.
pub struct Records<R> {
    reader: R,
    line: usize,
    text_field: String,
    id_field: Option<String>,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Records<R> {
    pub fn new(reader: R, text_field: &str, id_field: Option<&str>) -> Self {
        Records {
            reader,
            line: 0,
            text_field: text_field.to_owned(),
            id_field: id_field.map(str::to_owned),
            buffer: Vec::new(),
            done: false,
        }
    }

    fn record(&self, line: &str) -> Result<Record, String> {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|err| format!("not a JSON object: {err}"))?;
        let object = value.as_object().ok_or("not a JSON object")?;
        let text = match object.get(&self.text_field) {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(_) => return Err(format!("field `{}` is not a string", self.text_field)),
            None => return Err(format!("no field `{}`", self.text_field)),
        };
        let id = self
            .id_field
            .as_ref()
            .and_then(|field| match object.get(field)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            });
        Ok(Record {
            line: self.line,
            id,
            text,
        })
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buffer.clear();
            // Lines are read as bytes: a line that is not UTF-8 is that
            // line's error, and the records after it are still read.
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let line = match std::str::from_utf8(&self.buffer) {
                        Ok(line) => line,
                        Err(err) => {
                            return Some(Err(RecordError {
                                line: self.line,
                                message: format!(
                                    "not UTF-8 (an invalid byte at column {})",
                                    err.valid_up_to() + 1
                                ),
                            }));
                        }
                    };
                    let line = line.trim_start_matches('\u{feff}').trim();
                    if line.is_empty() {
                        continue;
                    }
                    return Some(self.record(line).map_err(|message| RecordError {
                        line: self.line,
                        message,
                    }));
                }
                Err(err) => {
                    self.done = true;
                    self.line += 1;
                    return Some(Err(RecordError {
                        line: self.line,
                        message: format!("cannot read: {err}"),
                    }));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stream_and_bad_lines_are_reported_by_number() {
        let input = "{\"id\": 7, \"text\": \"First.\"}\n\n{oops\n{\"id\": \"b\", \"body\": \"x\"}\n{\"id\": \"c\", \"text\": \"Third.\"}\n";
        let out: Vec<_> = Records::new(input.as_bytes(), "text", Some("id")).collect();
        assert_eq!(out.len(), 4);
        assert_eq!(
            out[0],
            Ok(Record {
                line: 1,
                id: Some("7".into()),
                text: "First.".into()
            })
        );
        assert_eq!(out[1].as_ref().unwrap_err().line, 3);
        assert_eq!(out[2].as_ref().unwrap_err().message, "no field `text`");
        assert_eq!(out[3].as_ref().unwrap().id.as_deref(), Some("c"));
    }

    #[test]
    fn a_line_that_is_not_utf8_costs_that_line_only() {
        let mut input = b"{\"text\": \"One.\"}\n{\"text\": \"caf".to_vec();
        input.extend_from_slice(b"\xe9\"}\n{\"text\": \"Three.\"}\n{\"text\": \"Four.\"}\n");
        let out: Vec<_> = Records::new(&input[..], "text", None).collect();
        assert_eq!(out.len(), 4);
        let err = out[1].as_ref().unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.message, "not UTF-8 (an invalid byte at column 14)");
        assert_eq!(out[3].as_ref().unwrap().text, "Four.");
    }
}
