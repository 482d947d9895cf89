//! Turning the bytes of an input into text: a BOM wins, then UTF-16
//! recognised by its zero bytes, then valid UTF-8, then the charset a
//! page declares in a `<meta>` tag, then UTF-8 with the few invalid
//! sequences of a mostly UTF-8 file replaced by U+FFFD, then the encoding
//! that chardetng guesses (Windows-1252 for most Western text). The caller
//! is told whenever the text is not exactly the UTF-8 it was given.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and, when it was not plain UTF-8, the encoding assumed.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub assumed_encoding: Option<&'static str>,
    /// Invalid UTF-8 sequences replaced by U+FFFD in a file read as UTF-8.
    pub replaced: usize,
}

/// True when the bytes look binary: a NUL byte anywhere, unless the text
/// is UTF-16 (with a BOM, or recognised by its zero bytes).
pub fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return false;
    }
    memchr::memchr(0, bytes).is_some()
}

/// The sample of a file's start read to recognise UTF-16 without a BOM.
const UTF16_SAMPLE_BYTES: usize = 8192;

/// UTF-16 without a byte-order mark, told by where its zero bytes fall:
/// text that is mostly Latin has a zero in every other byte, all on the
/// same side of each pair, and the other side almost never zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE_BYTES) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even_zero, mut odd_zero) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even_zero += usize::from(pair[0] == 0);
        odd_zero += usize::from(pair[1] == 0);
    }
    // More than half the pairs with a zero on one side, and under 1 in 20
    // on the other.
    if odd_zero * 2 > pairs && even_zero * 20 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 2 > pairs && odd_zero * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Invalid sequences are read as stray bytes in a UTF-8 file, not as a
/// sign of another encoding, while valid multi-byte sequences outnumber
/// them this many times over.
const UTF8_VALID_PER_INVALID: usize = 4;

/// Valid multi-byte sequences and invalid sequences in `bytes`, counted
/// with the standard library's UTF-8 validation.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (valid, invalid)
}

/// How far into a page its `<meta>` charset declaration is looked for, as
/// browsers do (the HTML standard's prescan).
const CHARSET_PRESCAN_BYTES: usize = 1024;

/// The encoding a page declares in its first kilobyte:
/// `<meta charset="windows-1252">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=iso-8859-1">`, if encoding_rs knows the label.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_PRESCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&lower[from..], b"<meta") {
        let tag_start = from + found;
        let tag_end =
            memchr::memchr(b'>', &lower[tag_start..]).map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        from = tag_end;
        let Some(at) = memchr::memmem::find(tag, b"charset") else {
            continue;
        };
        let rest = tag[at + 7..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let label_len = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        if let Some(encoding) = Encoding::for_label(&rest[..label_len]) {
            return Some(encoding);
        }
    }
    None
}

/// Decode input bytes to a `String`. Never fails: undecodable bytes become
/// U+FFFD, which the garbled-text rules then report.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let replaced = if encoding == UTF_8 {
            utf8_census(&bytes[bom_len..]).1
        } else {
            0
        };
        return Decoded {
            text: text.into_owned(),
            assumed_encoding: (encoding != UTF_8).then_some(encoding.name()),
            replaced,
        };
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            assumed_encoding: Some(encoding.name()),
            replaced: 0,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            assumed_encoding: None,
            replaced: 0,
        };
    }
    if let Some(encoding) = declared_charset(bytes).filter(|&e| e != UTF_8) {
        let (text, _, _) = encoding.decode(bytes);
        return Decoded {
            text: text.into_owned(),
            assumed_encoding: Some(encoding.name()),
            replaced: 0,
        };
    }
    let (valid, invalid) = utf8_census(bytes);
    if valid >= UTF8_VALID_PER_INVALID * invalid {
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            assumed_encoding: None,
            replaced: invalid,
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    Decoded {
        text: text.into_owned(),
        assumed_encoding: Some(encoding.name()),
        replaced: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("café".as_bytes());
        assert_eq!(d.text, "café");
        assert_eq!(d.assumed_encoding, None);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFhello");
        assert_eq!(d.text, "hello");
        assert_eq!(d.assumed_encoding, None);
    }

    #[test]
    fn windows_1252_is_detected() {
        let d = decode(b"The minister\x92s caf\xe9 said \x93yes\x94 to the plan.");
        assert_eq!(d.text, "The minister’s café said “yes” to the plan.");
        assert_eq!(d.assumed_encoding, Some("windows-1252"));
    }

    #[test]
    fn utf16_with_bom_decodes_and_is_not_binary() {
        let bytes = b"\xFF\xFEh\0i\0";
        assert!(!looks_binary(bytes));
        let d = decode(bytes);
        assert_eq!(d.text, "hi");
        assert_eq!(d.assumed_encoding, Some("UTF-16LE"));
    }

    #[test]
    fn nul_bytes_look_binary() {
        assert!(looks_binary(b"\x7fELF\0\0\0"));
        let mut late = vec![b'a'; 100_000];
        late.push(0);
        assert!(looks_binary(&late), "a NUL past the first 8 KB");
    }

    #[test]
    fn a_stray_byte_in_utf8_is_replaced_not_a_change_of_encoding() {
        let mut bytes = "The minister’s café said “yes”.".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff Then more.");
        let d = decode(&bytes);
        assert_eq!(d.text, "The minister’s café said “yes”.\u{fffd} Then more.");
        assert_eq!(d.assumed_encoding, None);
        assert_eq!(d.replaced, 1);
    }

    #[test]
    fn a_page_declared_charset_is_honoured_before_guessing() {
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-7\"></head><body>".to_vec();
        page.extend_from_slice(&[0xe1, 0xe8, 0xde, 0xed, 0xe1]); // "αθήνα" in ISO-8859-7
        page.extend_from_slice(b"</body></html>");
        let decoded = decode(&page);
        assert!(decoded.text.contains("αθήνα"), "{}", decoded.text);
        assert_eq!(decoded.assumed_encoding, Some("ISO-8859-7"));
        let short = b"<meta charset='windows-1252'><p>caf\xe9</p>";
        assert!(decode(short).text.contains("café"));
        // Valid UTF-8 is read as UTF-8 whatever the page says.
        assert_eq!(
            decode("<meta charset=\"windows-1252\"><p>café</p>".as_bytes()).assumed_encoding,
            None
        );
    }

    #[test]
    fn utf16_without_a_bom_is_text() {
        let le: Vec<u8> = "Officials said on Monday."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(!looks_binary(&le));
        let d = decode(&le);
        assert_eq!(d.text, "Officials said on Monday.");
        assert_eq!(d.assumed_encoding, Some("UTF-16LE"));
        let be: Vec<u8> = "Officials said."
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be).assumed_encoding, Some("UTF-16BE"));
    }
}
