//! credence in a content repository's CI, as the README and the examples
//! tell a newsroom to use it: the example workflow's file selection and
//! annotation steps run in a real git repository, the pre-commit hook run as
//! pre-commit runs it, and every command of the README's "Use in CI"
//! walkthrough. What is tested is read from the files a user copies, so the
//! examples cannot drift from what works.

// The helpers here and in `common` are test code too, but clippy.toml's
// allow-unwrap-in-tests reaches only #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder holding the built binary, to put first on PATH, as an
/// installed credence would be.
fn bin_dir() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_credence"));
    bin.parent()
        .expect("the binary is in a folder")
        .to_path_buf()
}

fn path_with_credence() -> std::ffi::OsString {
    let mut paths = vec![bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).expect("PATH joins")
}

fn has_git() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `git` in `dir`, with an identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=editor@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `bash -c script` in `dir` with credence on PATH and `env` set.
fn bash(dir: &Path, script: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.args(["-c", script])
        .current_dir(dir)
        .env("PATH", path_with_credence())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("bash runs")
}

/// The `run:` script of the step called `name` in a GitHub workflow: a
/// one-line value or a `|` block, its indentation removed.
fn step_script(workflow: &str, name: &str) -> String {
    let lines: Vec<&str> = workflow.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let start = lines
        .iter()
        .position(|l| l.trim() == format!("- name: {name}"))
        .unwrap_or_else(|| panic!("no step `{name}` in the workflow"));
    let step_indent = indent(lines[start]);
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if !line.trim().is_empty() && indent(line) <= step_indent {
            break;
        }
        let Some(value) = line.trim().strip_prefix("run:") else {
            continue;
        };
        if value.trim() != "|" {
            return value.trim().to_owned();
        }
        let key_indent = indent(line);
        let block: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|l| l.trim().is_empty() || indent(l) > key_indent)
            .copied()
            .collect();
        let block_indent = block
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .min()
            .unwrap_or(0);
        return block
            .iter()
            .map(|l| l.get(block_indent..).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
    }
    panic!("step `{name}` has no run:");
}

/// A repository with a `main` branch and a `feature` branch that adds,
/// modifies, renames-and-edits, deletes and leaves alone articles.
fn newsroom_repository(dir: &Path) {
    let article = |headline: &str| {
        format!(
            "{headline}\n\nThe council approved the budget on Monday, the mayor said in a statement.\nShe said the vote was close.\nThe plan takes effect in May.\n"
        )
    };
    common::write(
        dir,
        "credence.toml",
        "exclude = [\"content/drafts/\"]\nfail-on = \"error\"\n",
    );
    for name in [
        "content/keep.md",
        "content/news/modified.md",
        "content/news/deleted.md",
        "content/to-rename.md",
    ] {
        common::write(dir, name, article(name));
    }
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "articles"]);
    git(dir, &["checkout", "-q", "-b", "feature"]);
    common::write(dir, "content/top-level.md", article("Top level"));
    common::write(dir, "content/news/nested.md", article("Nested"));
    common::write(dir, "content/drafts/idea.md", article("Draft"));
    common::write(
        dir,
        "content/news/modified.md",
        article("Modified") + "Officials reportedly disagreed.\n",
    );
    git(dir, &["mv", "content/to-rename.md", "content/renamed.md"]);
    let renamed = std::fs::read_to_string(dir.join("content/renamed.md")).unwrap();
    common::write(dir, "content/renamed.md", renamed + "It was edited too.\n");
    std::fs::remove_file(dir.join("content/news/deleted.md")).unwrap();
    common::write(dir, "notes.txt", "Not an article: outside content/.\n");
    common::write(dir, "content/photo.png", [0u8, 1, 2, 3]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "edits"]);
}

#[test]
fn the_workflow_picks_exactly_the_changed_articles_and_annotates_them() {
    if !has_git() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let workflow = include_str!("../examples/github-workflow.yml");
    let dir = tempfile::tempdir().unwrap();
    newsroom_repository(dir.path());
    let outputs = dir.path().join("github-output");
    let select = step_script(workflow, "Changed articles");
    let run = bash(
        dir.path(),
        &select,
        &[
            ("BASE", "main"),
            ("GITHUB_OUTPUT", outputs.to_str().unwrap()),
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let changed = std::fs::read(dir.path().join("changed.txt")).unwrap();
    let picked: BTreeSet<String> = changed
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8(name.to_vec()).unwrap())
        .collect();
    let expected: BTreeSet<String> = [
        "content/drafts/idea.md",
        "content/news/modified.md",
        "content/news/nested.md",
        "content/renamed.md",
        "content/top-level.md",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(picked, expected);
    assert_eq!(std::fs::read_to_string(&outputs).unwrap().trim(), "count=5");

    // The annotation step audits them, the draft left out by credence.toml.
    let annotate = bash(
        dir.path(),
        &step_script(workflow, "Annotate the pull request"),
        &[],
    );
    let stdout = String::from_utf8_lossy(&annotate.stdout);
    assert_eq!(annotate.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("file=content/news/modified.md,line=6"),
        "{stdout}"
    );
    assert!(!stdout.contains("drafts"), "{stdout}");
}

#[test]
fn the_pre_commit_hook_skips_excluded_files_that_pre_commit_names() {
    let hooks = include_str!("../.pre-commit-hooks.yaml");
    let field = |key: &str| {
        hooks
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{key}:")))
            .unwrap_or_else(|| panic!("the hook has no {key}"))
            .trim()
            .to_owned()
    };
    let entry = field("entry");
    let files = regex::Regex::new(&field("files")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "credence.toml",
        "exclude = [\"content/drafts/\"]\n",
    );
    let staged = [
        "content/drafts/idea.md",
        "content/news/story.md",
        "content/photo.png",
        "content/page.html",
    ];
    for name in staged {
        common::write(
            dir.path(),
            name,
            "Talks\n\nThe deal was reportedly close.\n",
        );
    }
    // pre-commit appends the staged files that match `files` to `entry`.
    let named: Vec<&str> = staged
        .into_iter()
        .filter(|name| files.is_match(name))
        .collect();
    assert_eq!(
        named,
        [
            "content/drafts/idea.md",
            "content/news/story.md",
            "content/page.html"
        ]
    );
    let run = bash(dir.path(), &format!("{entry} {}", named.join(" ")), &[]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("content/news/story.md:3:14"), "{stdout}");
    assert!(
        stdout.contains("Found 2 findings in 2 documents."),
        "{stdout}"
    );
    assert!(!stdout.contains("drafts"), "{stdout}");
}

/// The commands of the README's "Use in CI" section: each `$ ` line of its
/// console blocks, with the exit status a `# exit N` comment gives (else 0).
fn walkthrough_commands(readme: &str) -> Vec<(String, i32)> {
    let section = readme
        .split("\n## Use in CI\n")
        .nth(1)
        .expect("README has a `## Use in CI` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut commands = Vec::new();
    let mut in_console = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ").filter(|_| in_console) {
            let (command, status) = match command.rsplit_once("# exit ") {
                Some((command, status)) => (command.trim(), status.trim().parse().unwrap()),
                None => (command.trim(), 0),
            };
            commands.push((command.to_owned(), status));
        }
    }
    commands
}

#[test]
fn every_command_of_the_readme_walkthrough_runs_as_shown() {
    if !has_git() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let commands = walkthrough_commands(include_str!("../README.md"));
    assert!(commands.len() >= 8, "{commands:?}");
    // One shell, so `cd` and files carry from one command to the next; each
    // command's status is checked as it ends.
    let mut script = String::from("set -u\n");
    for (i, (command, status)) in commands.iter().enumerate() {
        script.push_str(&format!(
            "{command}\nstatus=$?\nif [ \"$status\" != {status} ]; then echo \"command {i} ({}) exited $status, not {status}\" >&2; exit 99; fi\n",
            command.replace('"', "'")
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let source = env!("CARGO_MANIFEST_DIR");
    let run = bash(
        dir.path(),
        &script,
        &[
            ("CREDENCE_SRC", source),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_CONFIG_GLOBAL", "/dev/null"),
            ("GIT_AUTHOR_NAME", "Editor"),
            ("GIT_AUTHOR_EMAIL", "editor@example.org"),
            ("GIT_COMMITTER_NAME", "Editor"),
            ("GIT_COMMITTER_EMAIL", "editor@example.org"),
        ],
    );
    assert!(
        run.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn walkthrough_commands_are_read_with_their_statuses() {
    let readme = "x\n## Use in CI\n```console\n$ credence init\nwrote x\n$ credence check # exit 1\n```\n```toml\n$ not = 1\n```\n## Next\n```console\n$ never\n```\n";
    assert_eq!(
        walkthrough_commands(readme),
        [
            ("credence init".to_owned(), 0),
            ("credence check".to_owned(), 1)
        ]
    );
}

#[test]
fn step_scripts_are_read_from_the_workflow() {
    let workflow = "    steps:\n      - name: A\n        run: echo a\n      - name: B\n        env:\n          X: 1\n        run: |\n          one \\\n            two\n          three\n      - name: C\n";
    assert_eq!(step_script(workflow, "A"), "echo a");
    assert_eq!(step_script(workflow, "B"), "one \\\n  two\nthree");
}
