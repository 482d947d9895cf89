//! What the CLI test files share: the binary as a user runs it, files
//! written into a temporary folder, JSON read from standard output, the
//! files a run left behind.

// Each test file uses some of these helpers, never all.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::Path;

/// The real binary, with no terminal width or colour from the environment,
/// and no proxy: tests that fetch reach their local server directly.
pub fn credence() -> Command {
    let mut cmd = Command::cargo_bin("credence").expect("binary built");
    cmd.env_remove("COLUMNS").env("NO_COLOR", "1");
    for proxy in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        cmd.env_remove(proxy);
    }
    cmd
}

/// Write `contents` to `dir/name` (creating folders) and return the path.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

pub fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("valid JSON on stdout")
}

/// The names in a folder, sorted: what a run left behind.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The `path` of every document of a JSON report, in order.
pub fn document_paths(report: &serde_json::Value) -> Vec<&str> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect()
}

/// The JSON figures an evaluation script in scripts/ prints for the binary
/// as built (`--json --binary BIN` then `args`); `None`, with a message,
/// when python3 cannot run. A script that fails fails the test.
pub fn script_figures(script: &str, args: &[&str]) -> Option<serde_json::Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = match std::process::Command::new("python3")
        .arg(root.join("scripts").join(script))
        .args(["--json", "--binary", env!("CARGO_BIN_EXE_credence")])
        .args(args)
        .output()
    {
        Ok(run) => run,
        Err(e) => {
            eprintln!("skipping: python3 cannot run ({e})");
            return None;
        }
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    Some(serde_json::from_slice(&run.stdout).expect("JSON figures"))
}
