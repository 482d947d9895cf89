//! Pages that once cost a whole run: a page whose text passes the
//! extractor's old 1,000,000-byte limit with a multi-byte character across
//! that byte (a panic), and a page nested deeper than the extractor's
//! recursion can go (a stack overflow that aborted the process). The first
//! is analysed whole; the second is named and skipped; every other input is
//! still reported.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{credence, document_paths, files_in, json, write};

/// A 1.5 MB page whose article text has a two-byte character across
/// byte 1,000,000.
fn large_page() -> String {
    let mut body = String::new();
    while body.len() < 999_990 {
        body.push_str("The minister said the bridge would reopen. ");
    }
    body.truncate(999_999);
    body.push('é');
    while body.len() < 1_500_000 {
        body.push_str(" Officials said the work was finished.");
    }
    format!(
        "<html><head><title>Large</title></head><body><article><p>{body}</p></article></body></html>"
    )
}

/// A page with its article nested `depth` elements deep.
fn deep_page(depth: usize) -> String {
    format!(
        "<html><body>{}<p>Officials said the bridge would reopen on Monday.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

const REFERENCE: &str = "examples/embassy-republished.txt";

#[test]
fn the_reference_article_a_large_page_and_a_deep_page_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let large = write(dir.path(), "large.html", large_page());
    let deep = write(dir.path(), "deep.html", deep_page(20_000));
    let report_path = dir.path().join("report.json");
    let output = credence()
        .args(["check", "--no-config", "--format", "json", REFERENCE])
        .arg(&large)
        .arg(&deep)
        .arg("-o")
        .arg(&report_path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a skipped input exits 2");
    assert_eq!(
        files_in(dir.path()),
        ["deep.html", "large.html", "report.json"],
        "no temporary file is left"
    );
    let report = json(&std::fs::read(&report_path).unwrap());
    assert_eq!(document_paths(&report), [REFERENCE, large.as_str()]);
    assert!(
        !report["documents"][0]["findings"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], deep.as_str());
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("nests elements 20"), "{message}");
    assert!(message.contains("at most 1024 deep"), "{message}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("error: {deep}: the page nests")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_large_page_is_extracted_whole() {
    let dir = tempfile::tempdir().unwrap();
    let large = write(dir.path(), "large.html", large_page());
    let output = credence()
        .args(["extract", "--no-config", "--format", "json"])
        .arg(&large)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let body = json(&output.stdout)["body"].as_str().unwrap().to_owned();
    assert!(body.len() > 1_490_000, "{} bytes", body.len());
    assert!(body.ends_with("the work was finished."));
}

#[test]
fn a_page_at_the_depth_limit_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // <html> and <body> are two of the levels.
    let page = write(dir.path(), "deep.html", deep_page(1_020));
    let output = credence()
        .args(["extract", "--no-config", "--format", "json"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let body = json(&output.stdout)["body"].as_str().unwrap().to_owned();
    assert!(body.contains("bridge would reopen"), "{body}");
}

#[test]
fn a_deep_corpus_record_costs_that_record_only() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        serde_json::json!({"id": "deep", "text": deep_page(20_000)}),
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
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output.stdout);
    assert_eq!(report["documents"].as_array().unwrap().len(), 1);
    assert_eq!(report["documents"][0]["path"], "good");
    assert_eq!(report["errors"][0]["path"], "deep");
}

#[test]
fn extract_names_a_deep_page_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let deep = write(dir.path(), "deep.html", deep_page(20_000));
    let output = credence()
        .args(["extract", "--no-config"])
        .arg(&deep)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("error: {deep}: the page nests")),
        "{stderr}"
    );
}
