//! The real `credence` binary on the inputs beyond plain files: URLs served
//! by a local HTTP server, web pages and their parts (`credence extract`),
//! `--input-format`, rule scopes, photo credits and legacy encodings.

mod common;

use assert_cmd::Command;
use common::{credence, json, write};
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
    let paths: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [local.as_str()]);
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

#[test]
fn extract_shows_the_parts_of_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "story.html", STORY);
    let parts = stdout_json(credence().args(["extract", "--format", "json", &page]), 0);
    let keys: Vec<&str> = parts
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["title", "byline", "date", "body", "captions", "navigation"]
    );
    assert_eq!(parts["title"], "Embassy staff ordered out");
    assert_eq!(
        parts["captions"],
        serde_json::json!(["Troops stand guard outside the embassy in Baghdad. AFP"])
    );
    assert_eq!(
        parts["navigation"],
        serde_json::json!(["Home", "World News"])
    );
    let body = parts["body"].as_str().unwrap();
    assert!(body.starts_with("The State Department ordered"), "{body}");
    assert!(body.ends_with("remain open for now."), "{body}");
    for furniture in ["Troops stand guard", "AFP", "Home", "World News"] {
        assert!(!body.contains(furniture), "{furniture:?} in body: {body}");
    }

    let out = credence().args(["extract", &page]).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for needle in [
        "title:   Embassy staff ordered out",
        "byline:  -",
        "--- body ---\nThe State Department ordered",
        "--- captions (1) ---\nTroops stand guard outside the embassy in Baghdad. AFP",
        "--- navigation (2) ---\nHome\nWorld News",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

/// HTML that does not open like a page, so only a name or a flag says HTML.
const FRAGMENT: &str = "<p>The council approved the budget on <b>Monday</b>.</p>\n<p>The mayor said the plan was balanced.</p>\n";

#[test]
fn input_format_overrides_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let txt = write(dir.path(), "page.txt", FRAGMENT);
    let as_text = stdout_json(credence().args(["extract", "--format", "json", &txt]), 0);
    assert!(
        as_text["body"].as_str().unwrap().contains("<p>"),
        "{as_text}"
    );
    let as_html = stdout_json(
        credence().args([
            "extract",
            "--format",
            "json",
            "--input-format",
            "html",
            &txt,
        ]),
        0,
    );
    let body = as_html["body"].as_str().unwrap();
    assert!(body.contains("approved the budget on Monday."), "{body}");
    assert!(!body.contains('<'), "{body}");

    // Standard input named like a web page is read as one.
    let out = credence()
        .args([
            "extract",
            "--format",
            "json",
            "--stdin-name",
            "page.html",
            "-",
        ])
        .write_stdin(FRAGMENT)
        .assert()
        .code(0);
    assert_eq!(json(&out.get_output().stdout)["body"], as_html["body"]);
}

#[test]
fn input_format_text_analyses_the_raw_markup() {
    let page = "<html><body>\n<!-- desk note: sources say the embassy will close -->\n<p>The council approved the budget on Monday, Mayor Jane Doe said.</p>\n</body></html>\n";
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "raw.html", page);
    let as_html = stdout_json(credence().args(["check", "--format", "json", &file]), 0);
    assert_eq!(findings(&as_html), []);
    let as_text = stdout_json(
        credence().args(["check", "--format", "json", "--input-format", "text", &file]),
        0,
    );
    assert_eq!(
        findings(&as_text),
        [("anonymous.sources-say", 2, 17, "sources say")]
    );
    // Offsets are into the markup as written.
    let f = &as_text["documents"][0]["findings"][0];
    let start = f["start"].as_u64().unwrap() as usize;
    assert_eq!(start, page.find("sources say").unwrap());
}

/// A user rule looking at headlines only, in a category of its own so that
/// the built-in `anonymous.sources-say` does not absorb its findings.
const HEADLINE_PACK: &str = r#"[pack]
name = "desk"

[[rule]]
id = "desk.headline-sources"
category = "headline"
severity = "warning"
weight = 1
scope = "title"
message = "Headline leans on unnamed sources"
phrases = ["sources say"]
"#;

#[test]
fn a_title_scoped_rule_fires_on_the_headline_only() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(dir.path(), "desk.toml", HEADLINE_PACK);
    let article = write(
        dir.path(),
        "a.txt",
        "Embassy to close, sources say\n\nThe embassy will close on Friday, sources say, after weeks of protests.\n",
    );
    let report = stdout_json(
        credence().args(["check", "--format", "json", "--rules", &pack, &article]),
        0,
    );
    let desk: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.0 == "desk.headline-sources")
        .map(|f| (f.1, f.2))
        .collect();
    assert_eq!(desk, [(1, 19)]);
    // The built-in rule, scoped to title and body, sees both.
    let builtin = findings(&report)
        .into_iter()
        .filter(|f| f.0 == "anonymous.sources-say")
        .count();
    assert_eq!(builtin, 2);
}

#[test]
fn an_unknown_scope_is_a_located_configuration_error() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(
        dir.path(),
        "desk.toml",
        HEADLINE_PACK.replace("scope = \"title\"", "scope = \"headline\""),
    );
    let article = write(dir.path(), "a.txt", BRIEF);
    credence()
        .args(["check", "--rules", &pack, &article])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "{pack}:9:9: rule `desk.headline-sources`: unknown scope `headline`"
        )));
}

#[test]
fn a_caption_credit_is_a_photo_credit_not_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "captioned.txt",
        "Embassy staff ordered out\n\n\
         The State Department ordered staff to leave, spokesman Ned Price told reporters on Wednesday.\n\n\
         Troops stand guard outside the embassy in Baghdad. AFP\n\n\
         Protesters gather near the gate as staff leave, officials said. AFP\n\n\
         Secretary of State Mike Pompeo said the move was a precaution.\n",
    );
    let report = stdout_json(credence().args(["check", "--format", "json", &article]), 0);
    let doc = &report["documents"][0];
    let credits: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.0 == "wire.photo-credit")
        .map(|f| (f.1, f.3))
        .collect();
    assert_eq!(credits, [(5, "AFP"), (7, "AFP")]);
    assert_eq!(
        doc["provenance"]["photo_credits"],
        serde_json::json!(["AFP"])
    );
    // Only the body's two named speakers: the captions' wording ("officials
    // said") and their credit are no claim and no wire attribution.
    let attributions: Vec<_> = doc["attributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["kind"].as_str().unwrap(), a["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(attributions, [("named", 3), ("named", 9)]);
    assert_eq!(doc["sourcing"]["wire"], 0);
    assert_eq!(doc["counts"]["anonymous-source"], 0);
}

#[test]
fn a_figcaption_credit_in_brackets_is_a_photo_credit() {
    let page = "<!doctype html>\n<html><head><title>US troops to stay</title></head>\n<body><article>\n<h1>US troops to stay</h1>\n<p>The Pentagon said on Tuesday that roughly 13,000 troops would remain in the country until the spring, a spokesman told reporters in Washington.</p>\n<figure><img src=\"t.jpg\"><figcaption>Roughly 13,000 US troops remain in Afghanistan [File: Reuters]</figcaption></figure>\n<p>Defence Secretary Mark Esper said the decision would be reviewed in March after talks with allies.</p>\n</article></body></html>\n";
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "troops.html", page);
    let report = stdout_json(credence().args(["check", "--format", "json", &file]), 0);
    let doc = &report["documents"][0];
    let credit = findings(&report)
        .into_iter()
        .find(|f| f.0 == "wire.photo-credit")
        .expect("a photo credit");
    assert_eq!((credit.1, credit.3), (6, "[File: Reuters]"));
    assert_eq!(
        doc["provenance"]["photo_credits"],
        serde_json::json!(["Reuters"])
    );
    let vias: Vec<&serde_json::Value> = doc["attributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["via"])
        .collect();
    assert!(vias.iter().all(|v| v.is_null()), "{vias:?}");
}

#[test]
fn a_windows_1252_page_is_decoded_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "cafe.html",
        b"<!doctype html>\n<html><head><title>Caf\xe9 owners protest</title></head><body><article>\n<h1>Caf\xe9 owners protest</h1>\n<p>The owners of the caf\xe9 on Main Street said on Monday that the new rules would force them to close before the summer.</p>\n<p>The city council said it would review the rules next month after hearing from the owners.</p>\n</article></body></html>\n",
    );
    let out = credence()
        .args(["extract", "--format", "json", &file])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "cafe.html: not UTF-8; decoded as windows-1252",
        ));
    let parts = json(&out.get_output().stdout);
    assert_eq!(parts["title"], "Café owners protest");
    let body = parts["body"].as_str().unwrap();
    assert!(body.contains("the café on Main Street"), "{body}");
    assert!(!body.contains('\u{fffd}'), "{body}");

    let report = stdout_json(credence().args(["check", "--format", "json", &file]), 0);
    let warnings = &report["documents"][0]["warnings"];
    assert_eq!(
        warnings,
        &serde_json::json!(["not UTF-8; decoded as windows-1252"])
    );
    assert_eq!(report["documents"][0]["counts"]["garbled-text"], 0);
}

/// rs-trafilatura 0.2.2 repeats the text of a short page (under about 250
/// characters) that is not in a `<p>`: bare text in `<body>` comes back
/// twice in `content_text`, a lone `<div>` three times. A paragraph is kept
/// no more often than the page has it, so one "sources say" stays one
/// finding, with no `boilerplate.repeated-line`.
#[test]
fn a_short_page_is_read_once() {
    let sentence = "The embassy will close on Friday, sources say, after weeks of protests.";
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "short.html",
        format!("<html><body><div>{sentence}</div></body></html>\n"),
    );
    let parts = stdout_json(credence().args(["extract", "--format", "json", &page]), 0);
    assert_eq!(parts["body"], sentence);
    let report = stdout_json(credence().args(["check", "--format", "json", &page]), 0);
    assert_eq!(
        findings(&report),
        [("anonymous.sources-say", 1, 52, "sources say")]
    );
}
