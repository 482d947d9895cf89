//! The real `credence` binary on URLs served by a local HTTP server: a page
//! fetched, extracted and analysed at its place, an HTTP error named while
//! the other inputs are still reported, the media type deciding the format.
//! Local web pages, `credence extract`, `--input-format`, rule scopes, photo
//! credits and legacy encodings are trycmd cases in tests/cmd.

// Helpers of an integration test are test code too, but clippy.toml's
// allow-unwrap-in-tests reaches only #[test] functions, not `common` or the
// helpers below them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::{credence, document_paths, json, write};
use predicates::prelude::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

fn stdout_json(cmd: &mut Command, code: i32) -> serde_json::Value {
    json(&cmd.assert().code(code).get_output().stdout)
}

/// What the local server answers for a path: status line, content type, body.
type Response = (&'static str, &'static str, Vec<u8>);

/// Serves every connection on a fresh local port, one after another, with
/// `respond(path)`; returns `http://127.0.0.1:PORT`.
fn serve(respond: impl Fn(&str) -> Response + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let Some(path) = request_path(&mut stream) else {
                continue;
            };
            let (status, content_type, body) = respond(&path);
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

/// Reads the request head up to its blank line; returns the request target.
fn request_path(stream: &mut TcpStream) -> Option<String> {
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

/// Line 9 holds the anonymous officials, line 8 the captioned figure.
const STORY: &str = r#"<!doctype html>
<html><head><title>Embassy staff ordered out</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World News</a></nav>
<article>
<h1>Embassy staff ordered out</h1>
<p>The State Department ordered non-emergency staff to leave the embassy in Baghdad on Wednesday, according to a statement released in Washington.</p>
<figure><img src="a.jpg"><figcaption>Troops stand guard outside the embassy in Baghdad. AFP</figcaption></figure>
<p>The decision followed weeks of rising tension, two senior officials, who spoke on condition of anonymity, said on Wednesday evening.</p>
<p>Secretary of State Mike Pompeo told reporters the move was a precaution and that the embassy would remain open for now.</p>
</article>
</body></html>
"#;

const BRIEF: &str =
    "Embassy to close\n\nThe embassy will close on Friday, sources say, after weeks of protests.\n";

fn site() -> String {
    serve(|path| match path {
        "/story.html" => ("200 OK", "text/html; charset=utf-8", STORY.into()),
        // The media type wins over the extension and over the content.
        "/brief.html" => ("200 OK", "text/plain", BRIEF.into()),
        "/fragment" => ("200 OK", "text/html", FRAGMENT.into()),
        _ => ("404 Not Found", "text/html", b"<h1>Not Found</h1>".to_vec()),
    })
}

/// The findings of the first document as (rule, line, column, text).
fn findings(report: &serde_json::Value) -> Vec<(&str, u64, u64, &str)> {
    report["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["text"].as_str().unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_html_url_is_extracted_and_analysed_at_its_place_in_the_page() {
    let url = format!("{}/story.html", site());
    let report = stdout_json(credence().args(["check", "--format", "json", &url]), 0);
    let doc = &report["documents"][0];
    assert_eq!(doc["path"], url.as_str());
    let officials = "two senior officials, who spoke on condition of anonymity, said";
    let found = findings(&report);
    let anonymous = found
        .iter()
        .find(|f| f.0 == "anonymous.unnamed-official")
        .unwrap_or_else(|| panic!("no anonymous-source finding in {found:?}"));
    let line = STORY.lines().nth(8).unwrap();
    assert_eq!(anonymous.1, 9, "{anonymous:?}");
    assert_eq!(anonymous.3, officials);
    assert_eq!(
        anonymous.2 as usize,
        line.find(officials).unwrap() + 1,
        "{anonymous:?}"
    );
    assert_eq!(doc["counts"]["anonymous-source"], 1);

    let parts = stdout_json(credence().args(["extract", "--format", "json", &url]), 0);
    assert_eq!(parts["title"], "Embassy staff ordered out");
    let body = parts["body"].as_str().unwrap();
    assert!(body.contains(officials), "{body}");
    assert!(!body.contains('<'), "{body}");
}

#[test]
fn a_404_is_named_and_the_other_inputs_are_still_reported() {
    let base = site();
    let missing = format!("{base}/gone.html");
    let dir = tempfile::tempdir().unwrap();
    let local = write(dir.path(), "local.txt", BRIEF);
    let out = credence()
        .args(["check", "--format", "json", &missing, &local])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: {missing}: HTTP 404 Not Found"
        )));
    let report = json(&out.get_output().stdout);
    assert_eq!(document_paths(&report), [local.as_str()]);
    assert_eq!(report["documents"][0]["counts"]["anonymous-source"], 1);
    assert_eq!(report["errors"][0]["path"], missing.as_str());
    let message = report["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("404"), "{message}");

    credence()
        .args(["extract", &missing])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!("{missing}: HTTP 404")));
}

#[test]
fn a_response_is_read_as_its_media_type_says() {
    let base = site();
    let brief = format!("{base}/brief.html");
    let parts = stdout_json(credence().args(["extract", "--format", "json", &brief]), 0);
    assert_eq!(parts["title"], "Embassy to close");
    assert_eq!(
        parts["body"],
        "The embassy will close on Friday, sources say, after weeks of protests."
    );
    let report = stdout_json(credence().args(["check", "--format", "json", &brief]), 0);
    assert_eq!(
        findings(&report),
        [("anonymous.sources-say", 3, 35, "sources say")]
    );

    let fragment = format!("{base}/fragment");
    let parts = stdout_json(
        credence().args(["extract", "--format", "json", &fragment]),
        0,
    );
    let body = parts["body"].as_str().unwrap();
    assert!(body.contains("approved the budget on Monday."), "{body}");
    assert!(!body.contains('<'), "{body}");
}

/// HTML that does not open like a page, so only a name or a flag says HTML.
const FRAGMENT: &str = "<p>The council approved the budget on <b>Monday</b>.</p>\n<p>The mayor said the plan was balanced.</p>\n";
