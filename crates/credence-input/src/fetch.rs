//! Fetching an article named by an http(s) URL.
//!
//! `credence check` and `credence extract` accept http(s) URLs next to file
//! paths. A URL is fetched once, whole, into memory, and the caller audits the
//! bytes exactly as it would audit a saved copy of the page: this module hands
//! back the raw body (never transcoded or truncated) and the Content-Type facts
//! that decoding needs, and nothing else.
//!
//! Invariants:
//! - Only `http` and `https` URLs are requested, and only HTTP is spoken. At
//!   most [`MAX_REDIRECTS`] redirects are followed. A redirect to a scheme ureq
//!   cannot connect to (`ftp:`) is refused before connecting; a response
//!   reached through any other non-http(s) hop is refused (ureq speaks plain
//!   HTTP to `socks5://` targets). A Location without an authority
//!   (`file:///x`, `mailto:`) is resolved by ureq as a path on the same server.
//! - The whole fetch, from name lookup through redirects to the last body byte,
//!   finishes within [`FetchOptions::timeout`] or fails with
//!   [`FetchError::Timeout`].
//! - A returned body holds at most [`FetchOptions::max_bytes`] bytes, counted
//!   after gzip decoding; a longer body is [`FetchError::TooLarge`], never a
//!   silently shortened page.
//! - Only 2xx responses are returned; any other final status is
//!   [`FetchError::Status`].
//! - Every error names the URL as the caller wrote it.

use std::time::Duration;

use ureq::http::{StatusCode, Uri};
use ureq::{Proxy, ResponseExt};

/// How long a whole fetch may take, redirects and body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest body accepted: 20 MiB, far above any article page.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The most redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 10;

const USER_AGENT: &str = concat!("credence/", env!("CARGO_PKG_VERSION"));

/// Limits for one fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Budget for the whole fetch: lookup, connect, redirects and body.
    pub timeout: Duration,
    /// The largest body accepted, in bytes after content decoding.
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: DEFAULT_TIMEOUT,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// A successfully fetched (2xx) response body.
#[derive(Debug)]
pub struct Fetched {
    /// The URL that answered: the requested URL, or the last redirect target.
    pub url: String,
    /// The body as received (gzip removed), at most `max_bytes` long.
    pub bytes: Vec<u8>,
    /// Media type of the Content-Type header, lowercased, without parameters
    /// (`"text/html"`); `None` when the header is missing or empty.
    pub content_type: Option<String>,
    /// The `charset` parameter of Content-Type, lowercased and unquoted.
    pub charset: Option<String>,
}

/// Why a URL could not be fetched. `url` is always the URL as requested.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a fetchable URL: {reason}")]
    InvalidUrl { url: String, reason: String },

    #[error("{url}: no answer within {} s", .timeout.as_secs_f64())]
    Timeout { url: String, timeout: Duration },

    #[error("{url}: response is larger than the {} limit", describe_bytes(*.max_bytes))]
    TooLarge { url: String, max_bytes: u64 },

    #[error("{url}: HTTP {code} {reason}")]
    Status {
        url: String,
        code: u16,
        /// The standard reason phrase for `code`, or "(unknown status)".
        reason: String,
    },

    #[error("{url}: more than {max_redirects} redirects")]
    TooManyRedirects { url: String, max_redirects: u32 },

    #[error("{url}: redirect refused: {reason}")]
    BadRedirect { url: String, reason: String },

    #[error("{url}: {message}")]
    Network { url: String, message: String },
}

/// Fetches `url` with a GET request within the limits of `options`.
///
/// Proxies named by `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY` (and exempted by
/// `NO_PROXY`) are used as usual.
pub fn fetch(url: &str, options: &FetchOptions) -> Result<Fetched, FetchError> {
    fetch_through(url, options, Proxy::try_from_env())
}

/// [`fetch`] with an explicit proxy choice, so tests are independent of the
/// environment.
fn fetch_through(
    url: &str,
    options: &FetchOptions,
    proxy: Option<Proxy>,
) -> Result<Fetched, FetchError> {
    let uri = parse_http_url(url)?;
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .save_redirect_history(true)
        .user_agent(USER_AGENT)
        .proxy(proxy)
        .build()
        .new_agent();

    let mut response = agent
        .get(uri)
        .call()
        .map_err(|error| map_ureq_error(url, options, error))?;

    if let Some(target) = response
        .get_redirect_history()
        .unwrap_or_default()
        .iter()
        .find(|hop| !is_http_scheme(hop))
    {
        return Err(FetchError::BadRedirect {
            url: url.to_owned(),
            reason: format!("{target} is not an http(s) URL"),
        });
    }

    let status = response.status();
    if !status.is_success() {
        return Err(status_error(url, status));
    }

    let too_large = || FetchError::TooLarge {
        url: url.to_owned(),
        max_bytes: options.max_bytes,
    };
    // `content_length` is `None` for chunked, close-delimited and gzip bodies;
    // those are caught by the read limit below.
    if response
        .body()
        .content_length()
        .is_some_and(|length| length > options.max_bytes)
    {
        return Err(too_large());
    }

    let (content_type, charset) = response
        .headers()
        .get(ureq::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(split_content_type)
        .unwrap_or_default();
    let final_url = response.get_uri().to_string();

    // One byte past the cap tells "exactly max_bytes" from "longer".
    let bytes = response
        .body_mut()
        .with_config()
        .limit(options.max_bytes.saturating_add(1))
        .read_to_vec()
        .map_err(|error| map_ureq_error(url, options, error))?;
    if bytes.len() as u64 > options.max_bytes {
        return Err(too_large());
    }

    Ok(Fetched {
        url: final_url,
        bytes,
        content_type,
        charset,
    })
}

/// Parses `url` as an absolute http(s) URL with a host.
fn parse_http_url(url: &str) -> Result<Uri, FetchError> {
    let invalid = |reason: String| FetchError::InvalidUrl {
        url: url.to_owned(),
        reason,
    };
    if !crate::url::is_url(url) {
        return Err(invalid(
            "only http:// and https:// URLs can be fetched".to_owned(),
        ));
    }
    let uri: Uri = url.parse().map_err(|error| invalid(format!("{error}")))?;
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid("no host name".to_owned()));
    }
    Ok(uri)
}

fn is_http_scheme(uri: &Uri) -> bool {
    uri.scheme_str().is_some_and(|scheme| {
        scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
    })
}

fn status_error(url: &str, status: StatusCode) -> FetchError {
    FetchError::Status {
        url: url.to_owned(),
        code: status.as_u16(),
        reason: status
            .canonical_reason()
            .unwrap_or("(unknown status)")
            .to_owned(),
    }
}

fn map_ureq_error(url: &str, options: &FetchOptions, error: ureq::Error) -> FetchError {
    let url = url.to_owned();
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url,
            timeout: options.timeout,
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
            url,
            timeout: options.timeout,
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            url,
            max_bytes: options.max_bytes,
        },
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            url,
            max_redirects: MAX_REDIRECTS,
        },
        // The requested URL passed `parse_http_url`, which ureq accepts, so a
        // URI ureq rejects is a redirect target it cannot connect to (`ftp:`).
        ureq::Error::BadUri(reason) => FetchError::BadRedirect { url, reason },
        ureq::Error::Io(io) => FetchError::Network {
            url,
            message: io.to_string(),
        },
        other => FetchError::Network {
            url,
            message: other.to_string(),
        },
    }
}

/// Splits a Content-Type value into (media type, charset), both lowercased.
fn split_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media_type = parts
        .next()
        .map(|media_type| media_type.trim().to_ascii_lowercase())
        .filter(|media_type| !media_type.is_empty());
    let charset = parts
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, charset)| charset.trim().trim_matches('"').to_ascii_lowercase())
        .filter(|charset| !charset.is_empty());
    (media_type, charset)
}

/// `20 MiB`, `64 KiB` or `1000 bytes`: whole units only, so nothing is rounded.
fn describe_bytes(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::is_url;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::thread;
    use std::time::Instant;

    /// Serves every connection on a fresh local port with `respond(path, base)`,
    /// where `base` is `http://127.0.0.1:<port>`; returns `base`.
    fn serve(respond: impl Fn(&str, &str) -> Vec<u8> + Send + 'static) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let server_base = base.clone();
        thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let Some(path) = read_request_path(&mut stream) else {
                    continue;
                };
                let _ = stream.write_all(&respond(&path, &server_base));
            }
        });
        base
    }

    /// Reads a request head up to its blank line; returns the request target.
    fn read_request_path(stream: &mut TcpStream) -> Option<String> {
        let mut head = Vec::new();
        let mut byte = [0_u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).ok()? == 0 {
                return None;
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        head.split_whitespace().nth(1).map(str::to_owned)
    }

    fn response(status_line: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status_line}\r\nConnection: close\r\n");
        for header in headers {
            out.push_str(header);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        let mut out = out.into_bytes();
        out.extend_from_slice(body);
        out
    }

    /// A `200 OK` with Content-Length.
    fn ok_with_length(content_type: &str, body: &[u8]) -> Vec<u8> {
        let length = format!("Content-Length: {}", body.len());
        let content_type = format!("Content-Type: {content_type}");
        response("200 OK", &[&content_type, &length], body)
    }

    /// Accepts connections, reads the request and never answers.
    fn serve_silence() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                thread::spawn(move || {
                    let _ = read_request_path(&mut stream);
                    // Hold the connection until the client gives up.
                    let _ = stream.read_to_end(&mut Vec::new());
                });
            }
        });
        base
    }

    fn fetch_local(url: &str, max_bytes: u64) -> Result<Fetched, FetchError> {
        let options = FetchOptions {
            timeout: Duration::from_secs(10),
            max_bytes,
        };
        fetch_through(url, &options, None)
    }

    const PAGE: &[u8] = b"<html><body><p>Article text.</p></body></html>";

    #[test]
    fn fetches_a_page_with_its_content_type_and_charset() {
        let base = serve(|_, _| ok_with_length("Text/HTML; Charset=\"UTF-8\"", PAGE));
        let url = format!("{base}/article");
        let fetched = fetch_local(&url, DEFAULT_MAX_BYTES).expect("fetch");
        assert_eq!(fetched.bytes, PAGE);
        assert_eq!(fetched.url, url);
        assert_eq!(fetched.content_type.as_deref(), Some("text/html"));
        assert_eq!(fetched.charset.as_deref(), Some("utf-8"));
    }

    #[test]
    fn scheme_letter_case_does_not_matter() {
        let base = serve(|_, _| ok_with_length("text/plain", b"plain"));
        let url = base.replacen("http://", "HTTP://", 1);
        let fetched = fetch_local(&url, DEFAULT_MAX_BYTES).expect("fetch");
        assert_eq!(fetched.bytes, b"plain");
        assert_eq!(fetched.content_type.as_deref(), Some("text/plain"));
        assert_eq!(fetched.charset, None);
    }

    #[test]
    fn a_404_is_a_status_error_naming_code_and_url() {
        let base = serve(|_, _| response("404 Not Found", &["Content-Length: 0"], b""));
        let url = format!("{base}/missing");
        let error = fetch_local(&url, DEFAULT_MAX_BYTES).expect_err("404 must fail");
        assert!(
            matches!(error, FetchError::Status { code: 404, .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("404"), "{message}");
        assert!(message.contains("Not Found"), "{message}");
        assert!(message.contains(&url), "{message}");
    }

    #[test]
    fn a_body_exactly_at_the_cap_is_accepted() {
        let base = serve(|_, _| response("200 OK", &[], &[b'x'; 16]));
        let fetched = fetch_local(&base, 16).expect("16 bytes fit a 16-byte cap");
        assert_eq!(fetched.bytes.len(), 16);
    }

    #[test]
    fn a_content_length_over_the_cap_fails_before_the_body_is_read() {
        // The body is shorter than announced: reading it would be a network error.
        let base = serve(|_, _| response("200 OK", &["Content-Length: 1000000"], &[b'x'; 17]));
        let error = fetch_local(&base, 16).expect_err("1000000 bytes exceed 16");
        assert!(
            matches!(error, FetchError::TooLarge { max_bytes: 16, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("16 bytes"), "{error}");
        assert!(error.to_string().contains(&base), "{error}");
    }

    #[test]
    fn a_close_delimited_body_over_the_cap_is_too_large() {
        let base = serve(|_, _| response("200 OK", &["Content-Type: text/html"], &[b'x'; 1000]));
        let error = fetch_local(&base, 16).expect_err("1000 bytes exceed 16");
        assert!(matches!(error, FetchError::TooLarge { .. }), "{error:?}");
    }

    #[test]
    fn a_body_one_byte_over_the_cap_is_too_large() {
        let base = serve(|_, _| response("200 OK", &[], &[b'x'; 17]));
        let error = fetch_local(&base, 16).expect_err("17 bytes exceed 16");
        assert!(matches!(error, FetchError::TooLarge { .. }), "{error:?}");
    }

    #[test]
    fn a_chunked_body_over_the_cap_is_too_large() {
        let chunk = format!("{:x}\r\n{}\r\n", 1000, "x".repeat(1000));
        let body = format!("{chunk}{chunk}0\r\n\r\n");
        let base =
            serve(move |_, _| response("200 OK", &["Transfer-Encoding: chunked"], body.as_bytes()));
        let error = fetch_local(&base, 1500).expect_err("2000 bytes exceed 1500");
        assert!(matches!(error, FetchError::TooLarge { .. }), "{error:?}");
    }

    #[test]
    fn a_gzip_body_is_decoded_and_capped_by_its_decoded_size() {
        let decoded = [b'x'; 100];
        let encoded = gzip_stored(&decoded);
        assert!(encoded.len() > 110);
        let base = serve(move |_, _| {
            let length = format!("Content-Length: {}", encoded.len());
            response("200 OK", &["Content-Encoding: gzip", &length], &encoded)
        });
        let fetched = fetch_local(&base, 110).expect("100 decoded bytes fit 110");
        assert_eq!(fetched.bytes, decoded);
        let error = fetch_local(&base, 99).expect_err("100 decoded bytes exceed 99");
        assert!(matches!(error, FetchError::TooLarge { .. }), "{error:?}");
    }

    /// `data` as a gzip member holding one uncompressed deflate block.
    fn gzip_stored(data: &[u8]) -> Vec<u8> {
        let length = u16::try_from(data.len()).expect("one stored block");
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1];
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32(data).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0_u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_silent_server_times_out_within_the_budget() {
        let base = serve_silence();
        let options = FetchOptions {
            timeout: Duration::from_secs(1),
            max_bytes: DEFAULT_MAX_BYTES,
        };
        let started = Instant::now();
        let error = fetch_through(&base, &options, None).expect_err("must time out");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(matches!(error, FetchError::Timeout { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("1 s"), "{message}");
        assert!(message.contains(&base), "{message}");
    }

    #[test]
    fn a_redirect_is_followed_and_the_final_url_reported() {
        let base = serve(|path, base| match path {
            "/moved" => response("302 Found", &[&format!("Location: {base}/article")], b""),
            "/article" => ok_with_length("text/html; charset=iso-8859-1", PAGE),
            _ => response("404 Not Found", &["Content-Length: 0"], b""),
        });
        let fetched = fetch_local(&format!("{base}/moved"), DEFAULT_MAX_BYTES).expect("fetch");
        assert_eq!(fetched.url, format!("{base}/article"));
        assert_eq!(fetched.bytes, PAGE);
        assert_eq!(fetched.charset.as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn a_relative_redirect_is_followed() {
        let base = serve(|path, _| match path {
            "/a/moved" => response("301 Moved Permanently", &["Location: article"], b""),
            "/a/article" => ok_with_length("text/html", PAGE),
            _ => response("404 Not Found", &["Content-Length: 0"], b""),
        });
        let fetched = fetch_local(&format!("{base}/a/moved"), DEFAULT_MAX_BYTES).expect("fetch");
        assert_eq!(fetched.url, format!("{base}/a/article"));
    }

    #[test]
    fn a_redirect_to_an_unsupported_scheme_is_refused() {
        let base = serve(|_, _| response("302 Found", &["Location: ftp://example.com/a"], b""));
        let error = fetch_local(&base, DEFAULT_MAX_BYTES).expect_err("ftp: must be refused");
        assert!(matches!(error, FetchError::BadRedirect { .. }), "{error:?}");
        assert!(error.to_string().contains("ftp"), "{error}");
    }

    #[test]
    fn a_response_reached_through_a_socks_url_is_refused() {
        // ureq connects to socks5:// targets as if they were http://.
        let target = serve(|_, _| ok_with_length("text/html", PAGE));
        let location = format!("Location: {}/a", target.replacen("http", "socks5", 1));
        let base = serve(move |_, _| response("302 Found", &[&location], b""));
        let error = fetch_local(&base, DEFAULT_MAX_BYTES).expect_err("socks5: must be refused");
        assert!(matches!(error, FetchError::BadRedirect { .. }), "{error:?}");
        assert!(error.to_string().contains("socks5://"), "{error}");
    }

    #[test]
    fn a_location_without_authority_stays_on_the_same_http_server() {
        // ureq resolves `file:///etc/passwd` as a relative path, not a file.
        let base = serve(|path, _| match path {
            "/" => response("302 Found", &["Location: file:///etc/passwd"], b""),
            _ => response("404 Not Found", &["Content-Length: 0"], b""),
        });
        let error = fetch_local(&base, DEFAULT_MAX_BYTES).expect_err("no such page");
        assert!(
            matches!(
                error,
                FetchError::Status { code: 404, .. } | FetchError::BadRedirect { .. }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn endless_redirects_stop() {
        let base = serve(|_, base| response("302 Found", &[&format!("Location: {base}/")], b""));
        let error = fetch_local(&base, DEFAULT_MAX_BYTES).expect_err("loop must stop");
        assert!(
            matches!(error, FetchError::TooManyRedirects { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn a_refused_connection_is_a_network_error() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let url = format!("http://{}/", listener.local_addr().expect("local address"));
        drop(listener);
        let error = fetch_local(&url, DEFAULT_MAX_BYTES).expect_err("nothing listens");
        assert!(matches!(error, FetchError::Network { .. }), "{error:?}");
        assert!(error.to_string().contains(&url), "{error}");
    }

    #[test]
    fn malformed_urls_are_invalid() {
        for url in ["http://", "https:// spaced.example/", "ftp://example.com/"] {
            let error = fetch_local(url, DEFAULT_MAX_BYTES).expect_err(url);
            assert!(
                matches!(error, FetchError::InvalidUrl { .. }),
                "{url}: {error:?}"
            );
            assert!(error.to_string().contains(url), "{error}");
        }
    }

    #[test]
    fn is_url_accepts_http_schemes_only() {
        assert!(is_url("http://example.com/a"));
        assert!(is_url("https://example.com/a"));
        assert!(is_url("HTTPS://EXAMPLE.COM"));
        assert!(is_url("Http://example.com"));
        assert!(!is_url("example.com"));
        assert!(!is_url("ftp://example.com"));
        assert!(!is_url("file:///tmp/a.html"));
        assert!(!is_url("articles/http://x.html"));
        assert!(!is_url("https:/example.com"));
        assert!(!is_url("httpé"));
        assert!(!is_url(""));
    }

    #[test]
    fn content_type_parameters_are_split_and_lowercased() {
        assert_eq!(
            split_content_type("text/html;charset=UTF-8"),
            (Some("text/html".into()), Some("utf-8".into()))
        );
        assert_eq!(
            split_content_type(" Application/XHTML+xml ; q=1; CHARSET = \"Windows-1252\" "),
            (
                Some("application/xhtml+xml".into()),
                Some("windows-1252".into())
            )
        );
        assert_eq!(split_content_type(""), (None, None));
    }

    #[test]
    fn sizes_are_described_in_whole_units() {
        assert_eq!(describe_bytes(DEFAULT_MAX_BYTES), "20 MiB");
        assert_eq!(describe_bytes(64 * 1024), "64 KiB");
        assert_eq!(describe_bytes(1000), "1000 bytes");
    }
}
