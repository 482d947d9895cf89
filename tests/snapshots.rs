//! Snapshots of every output format on real articles: a change to a rule, a
//! weight or a reporter shows up here as a diff to review (`cargo insta review`).

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("credence")
        .expect("binary built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("credence runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "unexpected exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn example_article_table() {
    insta::assert_snapshot!(run(&["check", "examples/embassy-republished.txt"]));
}

#[test]
fn example_article_table_explained() {
    insta::assert_snapshot!(run(&[
        "check",
        "--explain",
        "examples/embassy-republished.txt"
    ]));
}

#[test]
fn example_article_json() {
    insta::assert_snapshot!(run(&[
        "check",
        "--format",
        "json",
        "examples/embassy-republished.txt"
    ]));
}

#[test]
fn real_articles_table() {
    insta::assert_snapshot!(run(&["check", "tests/fixtures/articles"]));
}

#[test]
fn real_articles_json() {
    insta::assert_snapshot!(run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/articles"
    ]));
}

#[test]
fn real_articles_jsonl() {
    let out = run(&["check", "--format", "jsonl", "tests/fixtures/articles"]);
    for line in out.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("every line is JSON");
    }
    insta::assert_snapshot!(out);
}
