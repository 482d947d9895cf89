//! Snapshots of every output format on real articles: a change to a rule, a
//! weight or a reporter shows up here as a diff to review (`cargo insta review`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    run_expecting(args, &[0, 1])
}

fn run_expecting(args: &[&str], codes: &[i32]) -> String {
    run_at_width(args, codes, None)
}

/// `credence args` with `COLUMNS` set to `width`, or unset (a pipe).
fn run_at_width(args: &[&str], codes: &[i32], width: Option<u16>) -> String {
    let mut cmd = Command::cargo_bin("credence").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    if let Some(width) = width {
        cmd.env("COLUMNS", width.to_string());
    }
    let out = cmd.args(args).output().expect("credence runs");
    assert!(
        out.status.code().is_some_and(|c| codes.contains(&c)),
        "unexpected exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    // JUnit's times are measured, so they vary from run to run.
    let times = regex::Regex::new(r#"time="[0-9]+\.[0-9]+""#).expect("valid regex");
    times.replace_all(&text, r#"time="[time]""#).into_owned()
}

#[test]
fn example_article_table() {
    insta::assert_snapshot!(run(&["check", "examples/embassy-republished.txt"]));
}

/// The table as a person reads it at 80, 100 and 160 columns: no line
/// wider than the terminal unless one word is, no word split.
#[test]
fn example_article_table_at_terminal_widths() {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .filter(|w| !w.contains('…'))
            .map(str::to_owned)
            .collect()
    };
    let piped = run(&["check", "examples/embassy-republished.txt"]);
    for width in [80u16, 100, 160] {
        let out = run_at_width(
            &["check", "examples/embassy-republished.txt"],
            &[0, 1],
            Some(width),
        );
        for line in out.lines() {
            let too_wide = line.chars().count() > usize::from(width);
            assert!(
                !too_wide || !line.trim().contains(' '),
                "wider than {width}: {line}"
            );
        }
        // Every word is a whole word of the unwrapped report or the article.
        let article = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples/embassy-republished.txt"),
        )
        .expect("the reference article");
        let whole: Vec<String> = words(&piped)
            .into_iter()
            .chain(words(&article))
            .map(|w| w.trim_matches(['«', '»']).to_owned())
            .collect();
        for word in words(&out) {
            let word = word.trim_matches(['«', '»']).to_owned();
            assert!(
                whole.contains(&word),
                "split or new word `{word}` at {width}"
            );
        }
        if width == 100 {
            assert!(out.lines().count() < 150, "{} lines", out.lines().count());
        }
        insta::assert_snapshot!(format!("example_article_table_{width}_columns"), out);
    }
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

/// Every format on the reference article.
#[test]
fn example_article_in_every_format() {
    for format in ["concise", "sarif", "github", "junit", "markdown", "html"] {
        let out = run(&[
            "check",
            "--format",
            format,
            "examples/embassy-republished.txt",
        ]);
        insta::assert_snapshot!(format!("example_article_{format}"), out);
    }
}

/// Every format on a folder of real articles, one of which cannot be read:
/// the unreadable one is reported and the run exits 2.
#[test]
fn folder_with_an_unreadable_file_in_every_format() {
    for format in [
        "table", "concise", "json", "jsonl", "sarif", "github", "junit", "markdown", "html",
    ] {
        let out = run_expecting(&["check", "--format", format, "tests/fixtures/mixed"], &[2]);
        insta::assert_snapshot!(format!("mixed_folder_{format}"), out);
    }
}

#[test]
fn statistics_count_findings_per_rule() {
    insta::assert_snapshot!(run(&[
        "check",
        "--statistics",
        "examples/embassy-republished.txt",
        "tests/fixtures/articles"
    ]));
}

/// Saved pages: what is extracted (body, captions and navigation apart) and
/// what is found, with every finding at its line and column in the page.
#[test]
fn saved_pages_extracted_and_checked() {
    for page in [
        "aljazeera-helicopter-crash",
        "futurism-europa-plumes",
        "polygraph-syria-refugees",
    ] {
        let path = format!("tests/fixtures/html/{page}.html");
        insta::assert_snapshot!(
            format!("{page}_extract"),
            run(&["extract", "--format", "json", &path])
        );
        insta::assert_snapshot!(
            format!("{page}_check"),
            run(&["check", "--format", "json", &path])
        );
    }
}
