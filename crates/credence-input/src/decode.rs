//! Turning the bytes of an input into text: a BOM wins, then UTF-8, then the
//! encoding that chardetng guesses (Windows-1252 for most Western text). The
//! caller is told which encoding was assumed whenever it was not UTF-8.

use encoding_rs::{Encoding, UTF_8};

/// Decoded text and, when it was not plain UTF-8, the encoding assumed.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub assumed_encoding: Option<&'static str>,
}

/// True when the bytes look binary: a NUL byte that is not part of UTF-16.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() {
        return false;
    }
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// Decode input bytes to a `String`. Never fails: undecodable bytes become
/// U+FFFD, which the garbled-text rules then report.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            assumed_encoding: (encoding != UTF_8).then_some(encoding.name()),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            assumed_encoding: None,
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    Decoded {
        text: text.into_owned(),
        assumed_encoding: Some(encoding.name()),
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
    }
}
