//! A panic while one input is read, extracted or analysed costs that input
//! only: the run reports every other input and exits 2. The page below
//! panics inside rs-trafilatura (its text limit cuts a string inside a
//! multi-byte character), third-party code meeting untrusted input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{credence, json, write};

/// A page whose extracted text passes rs-trafilatura's 1,000,000-byte
/// limit with a two-byte character across that byte.
fn page_that_panics_the_extractor() -> String {
    let body = format!("{}é{}", "a".repeat(999_999), " more text.".repeat(100));
    format!(
        "<html><head><title>T</title></head><body><article><p>{body}</p></article></body></html>"
    )
}

#[test]
fn a_panic_in_html_extraction_costs_that_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "a-bad.html", page_that_panics_the_extractor());
    let good = write(
        dir.path(),
        "b-good.txt",
        "Officials said on Monday that the bridge would reopen.\n",
    );
    let output = credence()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&bad)
        .arg(&good)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a lost input exits 2");
    let report = json(&output.stdout);
    let documents = report["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["path"], good.as_str());
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], bad.as_str());
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("internal error"), "{message}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("error: {bad}: internal error")),
        "{stderr}"
    );
}

#[test]
fn a_panic_in_a_corpus_record_costs_that_record_only() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        serde_json::json!({"id": "bad", "text": page_that_panics_the_extractor()}),
        serde_json::json!({"id": "good", "text": "Officials said on Monday that the bridge would reopen."}),
    ];
    let corpus: String = records.iter().map(|r| format!("{r}\n")).collect();
    let path = write(dir.path(), "corpus.jsonl", corpus);
    let output = credence()
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--jsonl-id",
            "id",
        ])
        .arg(&path)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output.stdout);
    let paths: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["good"]);
    assert_eq!(report["errors"][0]["path"], "bad");
}

#[test]
fn a_panic_in_extract_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.html", page_that_panics_the_extractor());
    let output = credence()
        .args(["extract", "--no-config"])
        .arg(&bad)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("error: {bad}: internal error")),
        "{stderr}"
    );
}
