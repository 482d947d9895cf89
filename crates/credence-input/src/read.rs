//! Inputs as the command line names them (files, standard input, URLs,
//! JSON Lines corpora) read into prepared documents. `check` and `extract`
//! both read through here, so what `extract` shows is what `check` analyses.

use crate::decode;
use crate::error::InputError;
#[cfg(feature = "fetch")]
use crate::fetch::{self, FetchOptions};
use crate::prepare::{InputFormat, Prepared, prepare};
use crate::url::is_url;
use credence_core::document::zones::ZoneRules;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One input to analyse, as named on the command line or found by the walk.
pub enum Input {
    File(PathBuf),
    /// A JSON Lines corpus: one document per record.
    Jsonl(PathBuf),
    Stdin,
    Url(String),
}

impl Input {
    /// A URL, standard input (`-`), a corpus (by its extension) or a file.
    pub fn for_argument(path: &Path) -> Input {
        match path.to_str() {
            Some("-" | "/dev/stdin") => Input::Stdin,
            Some(arg) if is_url(arg) => Input::Url(arg.to_owned()),
            _ => Input::for_path(path.to_path_buf()),
        }
    }

    /// The name the input is reported under.
    pub fn name(&self, options: &ReadOptions) -> String {
        match self {
            Input::File(path) | Input::Jsonl(path) => path.display().to_string(),
            Input::Stdin => options.stdin_name.clone(),
            Input::Url(url) => url.clone(),
        }
    }

    /// A file, or a corpus when its extension says JSON Lines.
    pub fn for_path(path: PathBuf) -> Input {
        let jsonl = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
        if jsonl {
            Input::Jsonl(path)
        } else {
            Input::File(path)
        }
    }
}

/// How inputs are read, from the command line.
pub struct ReadOptions {
    /// The name standard input is reported under; its extension, if any,
    /// says the format.
    pub stdin_name: String,
    /// `--input-format`: wins over extensions, media types and content.
    pub format: Option<InputFormat>,
    /// Limits for fetching a URL.
    #[cfg(feature = "fetch")]
    pub fetch: FetchOptions,
}

impl ReadOptions {
    /// Options with the default fetch limits.
    pub fn new(stdin_name: String, format: Option<InputFormat>) -> ReadOptions {
        ReadOptions {
            stdin_name,
            format,
            #[cfg(feature = "fetch")]
            fetch: FetchOptions::default(),
        }
    }
}

/// Read, decode and prepare one input. Warnings (an assumed encoding) are
/// returned beside the document.
pub fn read_prepared(
    input: &Input,
    options: &ReadOptions,
    zones: &ZoneRules,
) -> Result<(Prepared, Vec<String>), InputError> {
    read_prepared_as(input, input.name(options), options, zones)
}

/// `read_prepared`, with the document (and its errors) reported under
/// `name` instead of the input's own name.
pub fn read_prepared_as(
    input: &Input,
    name: String,
    options: &ReadOptions,
    zones: &ZoneRules,
) -> Result<(Prepared, Vec<String>), InputError> {
    let (name, bytes, hinted) = read_bytes(input, name, options)?;
    if decode::looks_binary(&bytes) {
        return Err(InputError::Binary { path: name });
    }
    let decoded = decode::decode(&bytes);
    drop(bytes);
    let mut warnings = Vec::new();
    if let Some(encoding) = decoded.assumed_encoding {
        warnings.push(format!("not UTF-8; decoded as {encoding}"));
    }
    if decoded.replaced > 0 {
        warnings.push(format!(
            "{} invalid UTF-8 sequence{} replaced by U+FFFD",
            decoded.replaced,
            if decoded.replaced == 1 { "" } else { "s" }
        ));
    }
    let format = options
        .format
        .or(hinted)
        .unwrap_or_else(|| InputFormat::sniff(&decoded.text));
    let prepared = prepare(name, decoded.text, format, zones)?;
    if format == InputFormat::Html && prepared.extracted.body.trim().is_empty() {
        warnings.push(
            "no article text found in the page; only its title, captions and navigation were read"
                .into(),
        );
    }
    Ok((prepared, warnings))
}

/// Prepare a corpus record's text: `--input-format`, else what it looks like.
pub fn prepare_record(
    name: String,
    text: String,
    options: &ReadOptions,
    zones: &ZoneRules,
) -> Result<Prepared, InputError> {
    let format = options.format.unwrap_or_else(|| InputFormat::sniff(&text));
    prepare(name, text, format, zones)
}

/// The input's bytes under `name`, and the format its name or media type says.
fn read_bytes(
    input: &Input,
    name: String,
    options: &ReadOptions,
) -> Result<(String, Vec<u8>, Option<InputFormat>), InputError> {
    match input {
        // Corpora are expanded into records before reading; a corpus read
        // as one document is read like any file.
        Input::File(path) | Input::Jsonl(path) => {
            let bytes = read_file(path).map_err(|source| InputError::Io {
                path: name.clone(),
                source,
            })?;
            Ok((name, bytes, format_of_path(path)))
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|source| InputError::Io {
                    path: name.clone(),
                    source,
                })?;
            let hinted = format_of_path(Path::new(&options.stdin_name));
            Ok((name, bytes, hinted))
        }
        #[cfg(not(feature = "fetch"))]
        Input::Url(url) => Err(InputError::Fetch {
            path: name,
            message: format!(
                "{url}: this credence was built without URL support (feature `fetch`)"
            ),
        }),
        #[cfg(feature = "fetch")]
        Input::Url(url) => {
            let fetched = fetch::fetch(url, &options.fetch).map_err(|err| InputError::Fetch {
                path: name.clone(),
                message: err.to_string(),
            })?;
            let hinted = fetched
                .content_type
                .as_deref()
                .and_then(InputFormat::from_media_type)
                .or_else(|| format_of_url(&fetched.url));
            let bytes = recode_declared_charset(fetched.bytes, fetched.charset.as_deref());
            Ok((name, bytes, hinted))
        }
    }
}

/// What a named input is, for how it may be read.
enum FileKind {
    Regular,
    /// A FIFO, or `/dev/fd/N` of a process substitution.
    Fifo,
    /// A device or socket, which may never end.
    Device,
}

fn kind_of(path: &Path) -> io::Result<FileKind> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = std::fs::metadata(path)?.file_type();
        if kind.is_fifo() {
            return Ok(FileKind::Fifo);
        }
        if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
            return Ok(FileKind::Device);
        }
    }
    Ok(FileKind::Regular)
}

fn refuse_device() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "a device or socket, not a file; not read",
    )
}

/// A file's bytes. A FIFO is read until its writer closes it, and one with
/// no writer is an error rather than a wait for ever; a device or socket is
/// refused.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    match kind_of(path)? {
        FileKind::Regular => std::fs::read(path),
        FileKind::Fifo => read_fifo(path),
        FileKind::Device => Err(refuse_device()),
    }
}

/// A JSON Lines corpus to stream a record at a time; a FIFO is read whole
/// first (as [`read_file`] reads it), and a device is refused.
pub fn open_corpus(path: &Path) -> io::Result<Box<dyn io::BufRead + Send>> {
    match kind_of(path)? {
        FileKind::Regular => Ok(Box::new(io::BufReader::new(std::fs::File::open(path)?))),
        FileKind::Fifo => Ok(Box::new(io::Cursor::new(read_fifo(path)?))),
        FileKind::Device => Err(refuse_device()),
    }
}

/// Elsewhere no input is a FIFO ([`kind_of`] says so only on Unix).
#[cfg(not(unix))]
fn read_fifo(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// How long to wait between reads of a FIFO whose writer has not written.
#[cfg(unix)]
const FIFO_POLL: std::time::Duration = std::time::Duration::from_millis(2);

/// Read a FIFO opened without blocking: opening never waits for a writer,
/// an empty read with no writer is the end, and while the writer has
/// nothing to say the read waits.
#[cfg(unix)]
fn read_fifo(path: &Path) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let mut bytes = Vec::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut writer_seen = false;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                writer_seen = true;
                bytes.extend_from_slice(&buffer[..n]);
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                writer_seen = true;
                std::thread::sleep(FIFO_POLL);
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    if !writer_seen {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "a FIFO with no writer; not read",
        ));
    }
    Ok(bytes)
}

fn format_of_path(path: &Path) -> Option<InputFormat> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(InputFormat::from_extension)
}

/// The format the last path segment's extension names, query left out.
#[cfg(feature = "fetch")]
fn format_of_url(url: &str) -> Option<InputFormat> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or(path);
    last.rsplit_once('.')
        .and_then(|(_, extension)| InputFormat::from_extension(extension))
}

/// A body in the charset its server declared, turned into UTF-8 so the
/// decoder does not have to guess. Bytes that are UTF-8 already, or a
/// charset encoding_rs does not know, are left for the decoder.
#[cfg(feature = "fetch")]
fn recode_declared_charset(bytes: Vec<u8>, charset: Option<&str>) -> Vec<u8> {
    let Some(encoding) = charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
    else {
        return bytes;
    };
    if encoding == encoding_rs::UTF_8 || std::str::from_utf8(&bytes).is_ok() {
        return bytes;
    }
    let (text, _, _) = encoding.decode(&bytes);
    text.into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_told_apart() {
        assert!(matches!(
            Input::for_argument(Path::new("https://example.org/a")),
            Input::Url(_)
        ));
        assert!(matches!(Input::for_argument(Path::new("-")), Input::Stdin));
        assert!(matches!(
            Input::for_argument(Path::new("dump.jsonl")),
            Input::Jsonl(_)
        ));
        assert!(matches!(
            Input::for_argument(Path::new("a.html")),
            Input::File(_)
        ));
    }

    #[cfg(feature = "fetch")]
    #[test]
    fn url_extensions_name_formats() {
        assert_eq!(
            format_of_url("https://example.org/news/story.html?x=1"),
            Some(InputFormat::Html)
        );
        assert_eq!(format_of_url("https://example.org/news/story"), None);
    }

    #[cfg(feature = "fetch")]
    #[test]
    fn a_declared_charset_is_decoded() {
        let bytes = recode_declared_charset(b"caf\xe9".to_vec(), Some("windows-1252"));
        assert_eq!(String::from_utf8(bytes).unwrap(), "café");
    }
}
