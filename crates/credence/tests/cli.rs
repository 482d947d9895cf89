//! The real `credence` binary, run as a user would: exit codes, input errors,
//! rule-pack errors, overrides, standard input and folder walking.

mod common;

use common::{credence, json, write};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/embassy-republished.txt"
);

const CLEAN: &str = "Council approves new budget\n\nThe city council approved the budget on Monday, Mayor Jane Doe said in a statement. The finance committee said the plan was balanced.\n";

#[test]
fn example_article_fails_on_errors_and_shows_every_family() {
    let out = credence().args(["check", EXAMPLE]).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for needle in [
        "anonymous.sources-say",
        "republication.content-farm-notice",
        "garbled.truncated-name",
        "boilerplate.image-file-name",
        "«959d22c053.jpg»",
        "anonymous.unnamed-official",
        "wire.photo-credit",
        "«PREV»",
        "«NEXT»",
        "boilerplate.content-farm",
        "original The National",
        "republished by AlKhaleej Today",
        "agencies AFP, Associated Press, EPA, Reuters",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
}

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
fn thresholds_set_the_exit_code() {
    credence()
        .args(["check", "--fail-on", "never", EXAMPLE])
        .assert()
        .code(0);
    credence()
        .args(["check", "--fail-on", "never", "--fail-under", "60", EXAMPLE])
        .assert()
        .code(1);
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "clean.txt", CLEAN);
    credence()
        .args(["check", "--fail-on", "info", &clean])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
    credence()
        .args(["check", "--fail-under", "101", &clean])
        .assert()
        .code(2);
}

#[test]
fn missing_input_is_named_and_others_still_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "clean.txt", CLEAN);
    let missing = dir.path().join("missing.txt").display().to_string();
    credence()
        .args(["check", &missing, &clean])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("error: {missing}")))
        .stdout(predicate::str::contains("clean.txt  score 100/100 (A)"))
        .stdout(predicate::str::contains("1 input could not be read"));
}

#[test]
fn binary_input_is_skipped_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(dir.path(), "photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    credence()
        .args(["check", &bin])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "photo.txt: looks like a binary file",
        ));
}

#[test]
fn non_utf8_input_is_decoded_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "latin.txt",
        b"Caf\xe9 owners protest\n\nThe owners\x92 union said on Monday, sources say.\n",
    );
    let out = credence()
        .args(["check", "--format", "json", &file])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "latin.txt: not UTF-8; decoded as windows-1252",
        ));
    let report = json(&out.get_output().stdout);
    let f = &report["documents"][0]["findings"][0];
    assert_eq!(f["rule"], "anonymous.sources-say");
    assert_eq!(f["line"], 3);
}

#[test]
fn empty_file_is_analysed_and_not_scored_as_well_sourced() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", "");
    credence()
        .args(["check", &empty])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"))
        .stdout(predicate::str::contains("empty.txt  score 65/100 (C)"));
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
        .stdout(predicate::str::contains("25 attributions: 8 named"));
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
        "Moqtada Al Sadr",
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
fn standard_input_is_read_under_a_name() {
    let out = credence()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-name",
            "wire/story.txt",
            "-",
        ])
        .write_stdin("Officials said the talks failed, sources say.\n")
        .assert()
        .code(0);
    let report = json(&out.get_output().stdout);
    assert_eq!(report["documents"][0]["path"], "wire/story.txt");
    assert_eq!(report["documents"][0]["counts"]["anonymous-source"], 2);
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

const USER_RULE: &str = r#"
[pack]
name = "newsroom"

[[rule]]
id = "newsroom.unnamed-spokesperson"
category = "anonymous-source"
severity = "error"
weight = 5
message = "Name the spokesperson"
phrases = ["a spokesperson said", "a spokesman said"]
[rule.examples]
match = ["a spokesman said"]
no-match = ["Jane Doe, a spokesman, said"]
"#;

#[test]
fn user_pack_adds_rules_and_overrides_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "a.txt",
        "Title\n\nA spokesman said the plan works, sources say.\n",
    );
    let pack = write(
        dir.path(),
        "newsroom.toml",
        format!("{USER_RULE}\n[[rule]]\nid = \"anonymous.sources-say\"\nenabled = false\n"),
    );
    let out = credence()
        .args(["check", "--format", "json", "--rules", &pack, &article])
        .assert()
        .code(1);
    let report = json(&out.get_output().stdout);
    let rules: Vec<&str> = report["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["newsroom.unnamed-spokesperson"]);

    let only_user = credence()
        .args([
            "check",
            "--format",
            "json",
            "--no-default-rules",
            "--rules",
            &pack,
            &article,
        ])
        .assert()
        .code(2);
    // Overriding a rule that only the built-in pack defines fails without it.
    only_user.stderr(predicate::str::contains(
        "rule `anonymous.sources-say`: missing field `category`",
    ));
}

fn rule_error(pack_text: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(dir.path(), "bad.toml", pack_text);
    let article = write(dir.path(), "a.txt", CLEAN);
    credence()
        .args(["check", "--rules", &pack, &article])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!("{pack}:{expected}")));
}

#[test]
fn unknown_key_is_an_error_with_position_and_rule_id() {
    rule_error(
        &USER_RULE.replace("weight = 5", "weight = 5\nlevel = \"high\""),
        "10:1: rule `newsroom.unnamed-spokesperson`: unknown field `level`",
    );
}

#[test]
fn duplicate_id_is_an_error() {
    rule_error(
        &format!(
            "{USER_RULE}{}",
            USER_RULE.replace("[pack]\nname = \"newsroom\"\n", "")
        ),
        "18:6: rule `newsroom.unnamed-spokesperson`: duplicate rule id (first defined at line 6, column 6)",
    );
}

#[test]
fn invalid_regex_is_an_error() {
    rule_error(
        &USER_RULE.replace(
            "phrases = [\"a spokesperson said\", \"a spokesman said\"]",
            "patterns = ['(?P<x>spokes']",
        ),
        "11:13: rule `newsroom.unnamed-spokesperson`: invalid regex",
    );
}

#[test]
fn missing_field_is_an_error() {
    rule_error(
        &USER_RULE.replace("message = \"Name the spokesperson\"\n", ""),
        "6:6: rule `newsroom.unnamed-spokesperson`: missing field `message`",
    );
}

#[test]
fn wrong_type_and_bad_severity_are_errors() {
    rule_error(
        &USER_RULE.replace("weight = 5", "weight = \"five\""),
        "9:10: rule `newsroom.unnamed-spokesperson`: invalid type",
    );
    rule_error(
        &USER_RULE.replace("severity = \"error\"", "severity = \"fatal\""),
        "8:12: rule `newsroom.unnamed-spokesperson`: unknown variant `fatal`",
    );
}

#[test]
fn toml_syntax_error_is_located() {
    rule_error("[[rule]\nid = \"x\"\n", "1:");
}

#[test]
fn missing_rule_pack_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(dir.path(), "a.txt", CLEAN);
    credence()
        .args(["check", "--rules", "no/such/pack.toml", &article])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/pack.toml: cannot read rule pack",
        ));
}

#[test]
fn usage_errors_exit_2() {
    credence()
        .args(["check", "--format", "yaml", EXAMPLE])
        .assert()
        .code(2);
    credence()
        .args(["check", "--no-such-flag"])
        .assert()
        .code(2);
}

#[test]
fn explain_shows_the_score_ledger() {
    credence()
        .args(["check", "--fail-on", "never", "--explain", EXAMPLE])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Score term"))
        .stdout(predicate::str::contains("anonymous.sources-say"))
        .stdout(predicate::str::contains("= score"));
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

#[test]
fn output_file_is_written_whole_and_quiet_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    credence()
        .args([
            "check",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
            EXAMPLE,
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(written["summary"]["documents"], 1);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("report.json")]);

    credence()
        .args(["check", "--quiet", EXAMPLE])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::is_empty());
    // --quiet with --output still writes the report.
    fs::remove_file(&report).unwrap();
    credence()
        .args([
            "check",
            "--quiet",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
            EXAMPLE,
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    assert!(report.is_file());
    credence()
        .args(["check", "--quiet", "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.txt"));
}

#[test]
fn include_and_exclude_globs_pick_the_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "news/a.txt", CLEAN);
    write(dir.path(), "news/b.txt", CLEAN);
    write(dir.path(), "opinion/c.txt", CLEAN);
    let paths = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "jsonl"];
        args.extend_from_slice(extra);
        args.push(dir.path().to_str().unwrap());
        let out = credence().args(&args).assert().code(0);
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                v["path"]
                    .as_str()
                    .map(|p| p.rsplit('/').next().unwrap().to_owned())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&[]), ["a.txt", "b.txt", "c.txt"]);
    assert_eq!(paths(&["--exclude", "opinion/"]), ["a.txt", "b.txt"]);
    assert_eq!(
        paths(&["--include", "news/*.txt", "--exclude", "b.txt"]),
        ["a.txt"]
    );
}

#[test]
fn completions_and_man_page_are_generated() {
    credence()
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("credence"));
    credence()
        .args(["man"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH credence"));
}

#[test]
fn baseline_survives_edits_above_a_finding_and_reports_only_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "story.txt",
        "Talks stall\n\nThe deal was reportedly close, the minister said in a statement.\n",
    );
    let baseline = dir.path().join("baseline.json");
    credence()
        .args([
            "check",
            "--fail-on",
            "info",
            "--write-baseline",
            baseline.to_str().unwrap(),
            &article,
        ])
        .assert()
        .code(1);
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(written["findings"].as_array().unwrap().len(), 1);
    // An edit above the finding shifts its line; a new finding is added below.
    fs::write(
        &article,
        "Talks stall\n\nA new first paragraph, added by the editor.\n\nThe deal was reportedly close, the minister said in a statement.\n\nThe vote was reportedly close too.\n",
    )
    .unwrap();
    let out = credence()
        .args([
            "check",
            "--fail-on",
            "info",
            "--format",
            "json",
            "--baseline",
            baseline.to_str().unwrap(),
            &article,
        ])
        .assert()
        .code(1);
    let report = json(&out.get_output().stdout);
    let findings = report["documents"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["line"], 7);
    // With the new finding in the baseline too, the run is clean.
    credence()
        .args([
            "check",
            "--fail-on",
            "info",
            "--write-baseline",
            baseline.to_str().unwrap(),
            &article,
        ])
        .assert()
        .code(1);
    credence()
        .args([
            "check",
            "--fail-on",
            "info",
            "--baseline",
            baseline.to_str().unwrap(),
            &article,
        ])
        .assert()
        .code(0);
    let leftovers = fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "no temporary file is left behind");
    // A broken baseline is an error that names its place.
    fs::write(&baseline, "{\"version\": 1, \"findings\": [}").unwrap();
    credence()
        .args(["check", "--baseline", baseline.to_str().unwrap(), &article])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("baseline.json:1:"));
}

#[test]
fn inline_suppressions_in_markdown_and_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let md = write(
        dir.path(),
        "a.md",
        "# Talks\n\n<!-- credence-disable-next-line anonymous.reportedly -->\nThe deal was reportedly close.\n\n<!-- credence-disable-next-line garbled -->\nThe vote was close, the minister said.\n",
    );
    let out = credence()
        .args(["check", "--format", "json", "--fail-on", "never", &md])
        .assert()
        .code(0);
    let report = json(&out.get_output().stdout);
    let rules: Vec<&str> = report["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["suppression.unused"]);
    let txt = write(
        dir.path(),
        "b.txt",
        "Talks\n\n# credence-disable-next-line anonymous-source\nIt was reportedly close.\n",
    );
    credence()
        .args(["check", "--format", "concise", "--fail-on", "info", &txt])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Found 0 findings"));
}

fn config_error(config: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "custom.toml", config);
    let article = write(dir.path(), "a.txt", CLEAN);
    credence()
        .args(["check", "--no-config", "--config", &path, &article])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!("{path}:{expected}")));
}

#[test]
fn configuration_errors_name_their_place() {
    config_error("fail-under = 50\n[rule\n", "2:6: ");
    config_error(
        "fail-under = 50\ncolour = \"red\"\n",
        "2:1: unknown field `colour`",
    );
    config_error("fail-under = \"high\"\n", "1:14: invalid type");
    config_error("fail-under = 150\n", "1:14: fail-under must be 0 to 100");
    config_error(
        "fail-on = \"sometimes\"\n",
        "1:11: unknown variant `sometimes`",
    );
    config_error(
        "[rule.\"anonymous.no-such-rule\"]\nenabled = false\n",
        "1:7: rule `anonymous.no-such-rule`: no rule or category",
    );
    config_error(
        "[rule.\"anonymous.reportedly\"]\nloudness = 3\n",
        "2:1: unknown field `loudness`",
    );
    config_error(
        "rules = [\"packs/missing.toml\"]\n",
        "1:10: rule pack `packs/missing.toml` does not exist",
    );
    config_error(
        "[scoring]\nunsourced = 500\n",
        "1:1: scoring.unsourced must be between 0 and 100",
    );
    config_error("[[per-path]]\npaths = [\"a/[\"]\n", "1:1: invalid glob");
}

#[test]
fn project_file_is_found_and_layers_merge_in_order() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "credence.toml",
        "fail-on = \"warning\"\n[rule.\"anonymous.reportedly\"]\nseverity = \"warning\"\n[[per-path]]\npaths = [\"opinion/**\"]\nfail-on = \"never\"\n",
    );
    write(
        dir.path(),
        "news/a.txt",
        "Title\n\nIt was reportedly done, the minister said.\n",
    );
    write(
        dir.path(),
        "opinion/b.txt",
        "Title\n\nIt was reportedly done, the minister said.\n",
    );
    let nested = dir.path().join("news");
    // Found from a folder below; the retuned rule is a warning, so news/ fails.
    credence()
        .current_dir(&nested)
        .args(["check", "a.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("warning"));
    // The opinion path is held to another threshold.
    credence()
        .current_dir(dir.path())
        .args(["check", "opinion"])
        .assert()
        .code(0);
    // Flags win over the file.
    credence()
        .current_dir(&nested)
        .args(["check", "--fail-on", "error", "a.txt"])
        .assert()
        .code(0);
    // --no-config ignores the project file: the rule is info again.
    credence()
        .current_dir(&nested)
        .args(["check", "--no-config", "--fail-on", "warning", "a.txt"])
        .assert()
        .code(0);
    credence()
        .current_dir(&nested)
        .args(["config", "--dump"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fail-on = \"warning\""))
        .stdout(predicate::str::contains("[rule.\"anonymous.reportedly\"]"));
}

#[test]
fn init_writes_starters_that_pass_their_own_tests_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    credence()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0);
    assert!(dir.path().join("credence.toml").is_file());
    credence()
        .current_dir(dir.path())
        .args(["rules", "test", "rules/"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("all pass"));
    credence()
        .current_dir(dir.path())
        .args(["check", "--fail-on", "never", "."])
        .assert()
        .code(0);
    credence()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never overwrites"));
}

#[test]
fn rules_list_test_and_explain() {
    credence()
        .args(["rules", "list", "--category", "republication"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "republication.content-farm-notice",
        ))
        .stdout(predicate::str::contains("anonymous.").not());
    credence()
        .args(["rules", "test"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("all pass"));
    let dir = tempfile::tempdir().unwrap();
    let pack = write(
        dir.path(),
        "bad-example.toml",
        USER_RULE.replace(
            "no-match = [\"Jane Doe, a spokesman, said\"]",
            "no-match = [\"a spokesman said it\"]",
        ),
    );
    credence()
        .args(["rules", "test", &pack])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("newsroom.unnamed-spokesperson"))
        .stdout(predicate::str::contains("a spokesman said it"));
    credence()
        .args(["explain", "garbled.truncated-name"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("President Donald"));
    credence()
        .args(["explain", "no.such-rule"])
        .assert()
        .code(2);
}

#[test]
fn jsonl_corpus_records_are_documents_and_a_bad_line_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write(
        dir.path(),
        "site.jsonl",
        "{\"url\": \"https://example.org/a\", \"body\": \"Officials said the talks failed, sources say.\"}\n{not json\n\n{\"url\": \"https://example.org/b\", \"body\": \"The ministry said it was ready. The finance committee said so too.\"}\n",
    );
    let out = credence()
        .args([
            "check",
            "--format",
            "jsonl",
            "--jsonl-text",
            "body",
            "--jsonl-id",
            "url",
            &corpus,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("site.jsonl:2: not a JSON object"));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "document")
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["https://example.org/a", "https://example.org/b"]);
    assert!(lines.iter().any(|l| l["type"] == "error"));
}

#[test]
fn bom_utf16_and_crlf_inputs_are_read_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Talks stall\r\n\r\nThe deal was reportedly close.\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let files = [
        write(dir.path(), "utf16.txt", utf16),
        write(
            dir.path(),
            "bom.txt",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        write(dir.path(), "crlf.txt", text),
    ];
    for file in &files {
        let out = credence()
            .args(["check", "--format", "json", file])
            .assert()
            .code(0);
        let report = json(&out.get_output().stdout);
        let finding = &report["documents"][0]["findings"][0];
        assert_eq!(finding["rule"], "anonymous.reportedly", "{file}");
        assert_eq!(
            (finding["line"].as_u64(), finding["column"].as_u64()),
            (Some(3), Some(14)),
            "{file}"
        );
        assert_eq!(finding["text"], "reportedly");
    }
    credence()
        .args(["check", &files[0]])
        .assert()
        .stderr(predicate::str::contains("decoded as UTF-16LE"));
}

#[test]
fn markdown_front_matter_and_code_blocks_are_not_prose() {
    let dir = tempfile::tempdir().unwrap();
    let md = write(
        dir.path(),
        "story.md",
        "---\ntitle: \"Embassy to close, sources say\"\nsource: The National\n---\n\n# Embassy to close\n\n```\nreportedly\n```\n\nThe embassy will reportedly close, the ministry said.\n",
    );
    let out = credence()
        .args(["check", "--format", "json", &md])
        .assert()
        .code(0);
    let report = json(&out.get_output().stdout);
    let doc = &report["documents"][0];
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(12), Some(18))
    );
    assert_eq!(
        doc["provenance"]["original"],
        serde_json::json!(["The National"])
    );
}
