//! The real `credence` binary where a case file in tests/cmd cannot say it:
//! figures computed from the JSON report, a `.gitignore` in a walked folder,
//! thread counts compared, a closed pipe, the files a run leaves beside
//! its report, a configuration dump read back, the pattern file given to
//! ripgrep, and the man pages the pages name. Every other CLI behaviour
//! and error message is a trycmd case in tests/cmd (run by
//! tests/cli_cases.rs).

// The helpers in `common` are test code too, but clippy.toml's
// allow-unwrap-in-tests reaches only #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{credence, files_in, json, write};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/embassy-republished.txt"
);

const CLEAN: &str = "Council approves new budget\n\nThe city council approved the budget on Monday, Mayor Jane Doe said in a statement. The finance committee said the plan was balanced.\n";

#[test]
fn example_article_meets_the_acceptance_figures() {
    let out = credence()
        .args(["check", "--format", "json", EXAMPLE])
        .assert()
        .code(1);
    let report = json(&out.get_output().stdout);
    let doc = &report["documents"][0];
    assert!(
        doc["score"].as_u64().unwrap() <= 50,
        "score {}",
        doc["score"]
    );
    let findings = doc["findings"].as_array().unwrap();
    let mut anonymous_lines: Vec<u64> = findings
        .iter()
        .filter(|f| f["category"] == "anonymous-source")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    anonymous_lines.dedup();
    assert!(
        anonymous_lines.len() >= 10,
        "anonymous lines: {anonymous_lines:?}"
    );
    let agencies = &doc["provenance"]["agencies"];
    for agency in ["Reuters", "Associated Press", "AFP", "EPA"] {
        assert!(
            agencies.as_array().unwrap().iter().any(|a| a == agency),
            "{agency} missing from {agencies}"
        );
    }
    assert_eq!(
        doc["provenance"]["original"],
        serde_json::json!(["The National"])
    );
    assert_eq!(
        doc["provenance"]["republished_by"],
        serde_json::json!(["AlKhaleej Today"])
    );
    // Findings are sorted by position.
    let starts: Vec<u64> = findings
        .iter()
        .map(|f| f["start"].as_u64().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    // start/end are byte offsets into the text as read.
    let text = fs::read_to_string(EXAMPLE).unwrap();
    for f in findings {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["text"].as_str().unwrap());
    }
}

#[test]
fn attributions_are_listed_and_in_json() {
    credence()
        .args([
            "check",
            "--fail-on",
            "never",
            "--show",
            "attributions",
            EXAMPLE,
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Jaber Al Jaberi"))
        .stdout(predicate::str::contains("25 attributions: 9 named"));
    let out = credence()
        .args(["check", "--format", "json", EXAMPLE])
        .assert()
        .code(1);
    let report = json(&out.get_output().stdout);
    let attributions = report["documents"][0]["attributions"].as_array().unwrap();
    let named: Vec<&str> = attributions
        .iter()
        .filter(|a| a["kind"] == "named")
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    for speaker in [
        "Mike Pompeo",
        "Mathew Tueller",
        "Jaber Al Jaberi",
        "Sarkwat Shams",
    ] {
        assert!(named.contains(&speaker), "{speaker} not named in {named:?}");
    }
    let reuters = attributions
        .iter()
        .find(|a| a["text"] == "two Iraqi government sources told")
        .expect("the Reuters sources");
    assert_eq!(reuters["kind"], "anonymous");
    assert_eq!(reuters["via"], "Reuters");
    assert_eq!(reuters["anonymity"]["count"], 2);
    let text = fs::read_to_string(EXAMPLE).unwrap();
    for a in attributions {
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], a["text"].as_str().unwrap());
    }
}

#[test]
fn folders_are_walked_in_order_respecting_gitignore_and_extensions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.txt", CLEAN);
    write(dir.path(), "a.md", CLEAN);
    write(dir.path(), "sub/c.txt", CLEAN);
    write(dir.path(), "skip.csv", CLEAN);
    write(dir.path(), "drafts/d.txt", CLEAN);
    write(dir.path(), ".gitignore", "drafts/\n");
    let out = credence()
        .args(["check", "--format", "json", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
    let report = json(&out.get_output().stdout);
    let paths: Vec<String> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            Path::new(d["path"].as_str().unwrap())
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["a.md", "b.txt", "sub/c.txt"]);
}

#[test]
fn output_order_is_the_same_with_1_and_8_threads() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(EXAMPLE).unwrap();
    for i in 0..40 {
        // Documents of very different sizes, so threads finish out of order.
        let body = text.repeat(1 + (i * 7) % 5);
        write(dir.path(), &format!("set/{i:02}.txt"), body);
    }
    let run = |threads: &str| {
        let out = credence()
            .args([
                "check",
                "--format",
                "jsonl",
                "--threads",
                threads,
                dir.path().to_str().unwrap(),
            ])
            .assert()
            .code(1);
        out.get_output().stdout.clone()
    };
    let one = run("1");
    assert_eq!(one, run("8"));
    assert_eq!(String::from_utf8(one).unwrap().lines().count(), 41);
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(EXAMPLE).unwrap();
    for i in 0..300 {
        write(dir.path(), &format!("{i:03}.txt"), &text);
    }
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("credence"))
        .args(["check", "--fail-on", "never", dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the pipe is closed under the writer.
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr}");
}

/// The report and the baseline are written under a temporary name and
/// renamed into place: nothing else is left beside them. (What they hold is
/// checked by the check-output-* and check-write-baseline-* cases.)
#[test]
fn report_and_baseline_leave_no_temporary_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "story.txt",
        "Talks stall\n\nThe deal was reportedly close, the minister said in a statement.\n",
    );
    let report = dir.path().join("report.json");
    let baseline = dir.path().join("baseline.json");
    credence()
        .args([
            "check",
            "--no-config",
            "--fail-on",
            "info",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
            "--write-baseline",
            baseline.to_str().unwrap(),
            &article,
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    assert_eq!(json(&fs::read(&report).unwrap())["summary"]["documents"], 1);
    let recorded = json(&fs::read(&baseline).unwrap());
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 1);
    assert_eq!(
        files_in(dir.path()),
        ["baseline.json", "report.json", "story.txt"]
    );
}

#[test]
fn config_dump_reads_back_to_the_same_settings() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    write(
        &project,
        "packs/newsroom.toml",
        "[pack]\nname = \"newsroom\"\n\n[[rule]]\nid = \"newsroom.spokesman\"\ncategory = \"anonymous-source\"\nseverity = \"warning\"\nweight = 4\nmessage = \"Name the spokesman\"\nphrases = [\"a spokesman said\"]\n",
    );
    write(
        &project,
        "credence.toml",
        "rules = [\"packs\"]\nfail-on = \"warning\"\nextensions = [\"md\"]\nexclude = [\"drafts/\"]\n\n[category.anonymous-source]\nseverity = \"info\"\n\n[rule.\"anonymous.reportedly\"]\nseverity = \"error\"\n\n[scoring]\nunsourced = 20\ncategory-cap = { boilerplate = 5 }\n\n[[per-path]]\npaths = [\"opinion/**\"]\nfail-on = \"never\"\n",
    );
    // A later layer retunes the category over the project's rule retune,
    // and adds to the scoring.
    write(
        &project,
        "ci.toml",
        "fail-under = 40\n\n[category.anonymous-source]\nweight = 2\n\n[rule.\"anonymous.sources-say\"]\nenabled = false\n\n[scoring]\nbase = 90\ncategory-cap = { republication = 20 }\n",
    );
    let article = write(
        &project,
        "news/a.md",
        "Deal off\n\nThe deal was reportedly off, sources say. A spokesman said so, officials familiar with the matter said.\n",
    );
    let news = project.join("news");
    let dumped = credence()
        .current_dir(&news)
        .args(["config", "--dump", "--config", "../ci.toml"])
        .assert()
        .success();
    let dump = String::from_utf8(dumped.get_output().stdout.clone()).unwrap();
    assert!(!dump.contains("files ="), "{dump}");
    // Read back from another folder, so relative pack paths would not resolve.
    let elsewhere = dir.path().join("elsewhere");
    let dump_file = write(&elsewhere, "dump.toml", &dump);
    let redumped = credence()
        .current_dir(&elsewhere)
        .args(["config", "--dump", "--no-config", "--config", &dump_file])
        .assert()
        .success();
    let redump = String::from_utf8(redumped.get_output().stdout.clone()).unwrap();
    let settings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(settings(&dump), settings(&redump));
    // And the checks agree: same findings, severities, weights and score.
    let layered = credence()
        .current_dir(&news)
        .args([
            "check",
            "--format",
            "json",
            "--config",
            "../ci.toml",
            &article,
        ])
        .output()
        .unwrap();
    let from_dump = credence()
        .current_dir(&elsewhere)
        .args([
            "check",
            "--format",
            "json",
            "--no-config",
            "--config",
            &dump_file,
            &article,
        ])
        .output()
        .unwrap();
    assert_eq!(layered.status.code(), from_dump.status.code());
    let (mut layered, mut from_dump) = (json(&layered.stdout), json(&from_dump.stdout));
    // Documents are named by project path: inside the project for one run,
    // outside any project for the other.
    assert_eq!(layered["documents"][0]["path"], "news/a.md");
    for report in [&mut layered, &mut from_dump] {
        report["documents"][0]["path"] = serde_json::Value::Null;
    }
    assert_eq!(layered["documents"], from_dump["documents"]);
    let findings = layered["documents"][0]["findings"].as_array().unwrap();
    let severity = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule)
            .map(|f| f["severity"].as_str().unwrap().to_owned())
    };
    assert_eq!(severity("anonymous.reportedly").as_deref(), Some("error"));
    assert_eq!(severity("newsroom.spokesman").as_deref(), Some("info"));
    assert_eq!(severity("anonymous.sources-say"), None);
}

#[test]
fn rules_patterns_is_a_pattern_file_ripgrep_and_regex_set_accept() {
    let dir = tempfile::tempdir().unwrap();
    let printed = credence()
        .current_dir(dir.path())
        .args(["rules", "patterns", "--no-config"])
        .assert()
        .success();
    let text = String::from_utf8(printed.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 10, "{text}");
    let set = regex::RegexSetBuilder::new(&lines)
        .size_limit(1 << 30)
        .build();
    assert!(set.is_ok(), "{set:?}");
    // As ripgrep combines a pattern file: one alternation.
    let joined = regex::RegexBuilder::new(&lines.join("|"))
        .size_limit(1 << 30)
        .build();
    assert!(joined.is_ok(), "{joined:?}");
    let patterns = write(dir.path(), "patterns.txt", &text);
    let rg = match std::process::Command::new("rg")
        .args(["-c", "-f", &patterns, EXAMPLE])
        .output()
    {
        Ok(output) => output,
        Err(err) => {
            eprintln!("skipped the ripgrep half: cannot run `rg` ({err})");
            return;
        }
    };
    assert!(
        matches!(rg.status.code(), Some(0 | 1)),
        "rg -f refused the patterns: {}",
        String::from_utf8_lossy(&rg.stderr)
    );
}

#[test]
fn every_man_page_a_page_names_is_written() {
    let dir = tempfile::tempdir().unwrap();
    credence()
        .current_dir(dir.path())
        .args(["man", "--dir", "man"])
        .assert()
        .success();
    let man = dir.path().join("man");
    let pages = files_in(&man);
    assert!(pages.contains(&"credence.1".to_owned()), "{pages:?}");
    assert!(
        pages.contains(&"credence-rules-list.1".to_owned()),
        "{pages:?}"
    );
    let named = regex::Regex::new(r"(credence(?:\\-[a-z]+)+)\((\d)\)").unwrap();
    for page in &pages {
        let roff = fs::read_to_string(man.join(page)).unwrap();
        for caps in named.captures_iter(&roff) {
            let file = format!("{}.{}", caps[1].replace("\\-", "-"), &caps[2]);
            assert!(pages.contains(&file), "{page} names {file}, not written");
        }
        // The page printed for the command is the page written for it.
        let command: Vec<&str> = page.trim_end_matches(".1").split('-').skip(1).collect();
        let printed = credence()
            .current_dir(dir.path())
            .arg("man")
            .args(&command)
            .assert()
            .success();
        assert_eq!(printed.get_output().stdout, roff.as_bytes(), "{page}");
    }
}
