//! A hostile user's run: odd output targets (devices, links, files of
//! another owner), a report inside the walked folder, signals, closed
//! pipes and a closed standard error, FIFOs, file names with control
//! characters. Nothing written is lost or replaced that should not be, and
//! no run panics.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod common;

use common::{credence, files_in, json, write};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STORY: &str = "The transport minister, Jane Doe, said on Monday that the bridge would reopen. Sources say the repairs cost more than planned.\n";

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("credence")
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Make a FIFO at `path`.
fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn output_to_dev_null_writes_into_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let story = write(dir.path(), "story.txt", STORY);
    let before = std::fs::metadata("/dev/null").unwrap();
    let output = credence()
        .args(["check", "--no-config", "-o", "/dev/null", &story])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = std::fs::metadata("/dev/null").unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &after.file_type()
    ));
    assert_eq!(before.ino(), after.ino(), "/dev/null is the same device");
}

#[test]
fn output_to_dev_stdout_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let story = write(dir.path(), "story.txt", STORY);
    let output = credence()
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "-o",
            "/dev/stdout",
            &story,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("anonymous.sources-say"), "{stdout}");
}

#[test]
fn output_through_a_symbolic_link_replaces_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let story = write(dir.path(), "story.txt", STORY);
    let real = write(dir.path(), "reports/real.json", "old");
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let output = credence()
        .args(["check", "--no-config", "--format", "json", "-o"])
        .arg(&link)
        .arg(&story)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let report = json(&std::fs::read(&real).unwrap());
    assert_eq!(report["documents"][0]["path"], story.as_str());
    assert_eq!(files_in(&dir.path().join("reports")), ["real.json"]);
}

#[test]
fn a_replaced_report_keeps_its_owner_and_mode_or_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let story = write(dir.path(), "story.txt", STORY);
    let report = write(dir.path(), "report.txt", "old report\n");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o444)).unwrap();
    if is_root() {
        // Another owner's read-only file: root writes it as `>` would, and
        // it keeps its owner and mode.
        std::os::unix::fs::chown(&report, Some(65534), Some(65534)).unwrap();
    }
    let output = credence()
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "-o",
            &report,
            &story,
        ])
        .output()
        .unwrap();
    let meta = std::fs::metadata(&report).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o444);
    if is_root() {
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
        assert!(
            std::fs::read_to_string(&report)
                .unwrap()
                .contains("anonymous.sources-say")
        );
    } else {
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "old report\n");
    }
    assert_eq!(
        files_in(dir.path()),
        ["report.txt", "story.txt"],
        "no temporary file is left"
    );
}

#[test]
fn a_report_written_into_the_walked_folder_is_never_analysed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "content/story.txt", STORY);
    let content = dir.path().join("content");
    let report = content.join("report.txt");
    let mut counts = Vec::new();
    for _ in 0..3 {
        let output = credence()
            .args([
                "check",
                "--no-config",
                "--format",
                "concise",
                "--fail-on",
                "never",
                "-o",
            ])
            .arg(&report)
            .arg(&content)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        counts.push(std::fs::read_to_string(&report).unwrap().lines().count());
    }
    assert!(counts[0] > 0);
    assert_eq!(
        counts, [counts[0]; 3],
        "the report does not grow from run to run"
    );
}

/// A run blocked reading standard input (the test never writes to it nor
/// closes it), with its report and baseline being written meanwhile.
fn run_stopped_by(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(binary())
        .args(["check", "--no-config", "-o"])
        .arg(dir.path().join("report.json"))
        .arg("--write-baseline")
        .arg(dir.path().join("baseline.json"))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // Both temporary files exist while the run waits.
    while files_in(dir.path())
        .iter()
        .filter(|n| n.ends_with(".credence.tmp"))
        .count()
        < 2
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            files_in(dir.path())
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        Command::new("kill")
            .args(["-s", signal])
            .arg(child.id().to_string())
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{signal}");
    assert!(
        files_in(dir.path()).is_empty(),
        "{signal} leaves {:?}",
        files_in(dir.path())
    );
}

/// Open the FIFO's writing end on a thread, as a process substitution's
/// writer holds it before credence starts; write `text` a moment later,
/// then close it.
fn writer_for(fifo: &Path, text: &'static str) -> std::thread::JoinHandle<()> {
    let fifo = fifo.to_path_buf();
    std::thread::spawn(move || {
        let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        std::io::Write::write_all(&mut writer, text.as_bytes()).unwrap();
    })
}

#[test]
fn sigint_removes_the_temporary_files() {
    run_stopped_by("INT");
}

#[test]
fn sigterm_removes_the_temporary_files() {
    run_stopped_by("TERM");
}

#[test]
fn a_fifo_with_no_writer_is_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("nobody.txt");
    mkfifo(&fifo);
    let story = write(dir.path(), "story.txt", STORY);
    let output = credence()
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--fail-on",
            "never",
        ])
        .arg(&fifo)
        .arg(&story)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("a FIFO with no writer"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("story.txt"));
}

#[test]
fn a_fifo_with_a_writer_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("piped.txt");
    mkfifo(&fifo);
    let writer = writer_for(&fifo, STORY);
    // The writer's open counts as soon as it is waiting for a reader.
    std::thread::sleep(Duration::from_millis(100));
    let output = credence()
        .args(["check", "--no-config", "--format", "concise"])
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    writer.join().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("anonymous.sources-say"), "{stdout}");
}

/// Run credence with its standard output (and, with `stderr_too`, its
/// standard error) a pipe closed at once, as `| head -0` leaves it.
fn run_into_closed_pipe(args: &[&str], stderr_too: bool) -> (Option<i32>, String) {
    let mut command = Command::new(binary());
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0");
    let mut child = command.spawn().unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    if stderr_too {
        drop(child.stderr.take());
    } else {
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
    }
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn closed_pipes_end_the_run_quietly_in_every_streaming_format() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        write(dir.path(), &format!("story-{i:03}.txt"), STORY);
    }
    let folder = dir.path().display().to_string();
    for format in ["jsonl", "sarif", "json", "concise", "table", "github"] {
        let (code, stderr) = run_into_closed_pipe(
            &["check", "--no-config", "--format", format, &folder],
            false,
        );
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{format}: {stderr}"
        );
        // Warnings and errors on a closed standard error too.
        let (code, _) = run_into_closed_pipe(
            &[
                "check",
                "--no-config",
                "--format",
                format,
                &folder,
                "missing.txt",
            ],
            true,
        );
        assert_ne!(
            code,
            Some(101),
            "{format} panicked with standard error closed"
        );
    }
    for _ in 0..20 {
        let (code, stderr) = run_into_closed_pipe(&["completions", "fish"], false);
        assert_eq!(code, Some(0), "{stderr}");
    }
}

#[test]
fn control_characters_in_file_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "bad\nname\u{1b}[31m.txt";
    write(dir.path(), name, STORY);
    for format in ["concise", "table"] {
        let output = credence()
            .current_dir(dir.path())
            .args([
                "check",
                "--no-config",
                "--format",
                format,
                "--fail-on",
                "never",
                name,
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.contains('\u{1b}'), "{format}: {stdout}");
        assert!(
            stdout.contains("bad\\nname\\u{1b}[31m.txt"),
            "{format}: {stdout}"
        );
        if format == "concise" {
            let findings: Vec<&str> = stdout
                .lines()
                .filter(|l| l.contains("anonymous."))
                .collect();
            assert!(!findings.is_empty(), "{stdout}");
            assert!(
                findings.iter().all(|l| l.starts_with("bad\\nname")),
                "{stdout}"
            );
        }
    }
    let output = credence()
        .current_dir(dir.path())
        .args(["check", "--no-config", "missing\u{1b}]0;title\u{7}.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr}"
    );
}
