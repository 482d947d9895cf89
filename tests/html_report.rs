//! The HTML report as a person sees it: rendered by headless Chromium (Debian's
//! `chromium`, which `.ci/run` installs), the screenshot must not be blank, and
//! the page's DOM must hold a highlight for every finding of the reference
//! article; markup in an article must stay text. Skipped with a message when
//! no Chromium is installed, except in CI, where it must be.

// The helpers here and in `common` are test code too, but clippy.toml's
// allow-unwrap-in-tests reaches only #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(PathBuf::from);
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (.ci/run does) for the HTML report test"
        );
        eprintln!("SKIPPED: no chromium installed; the HTML report is not rendered");
    }
    found
}

/// Chromium, headless, on a local file: `args` then the file's URL.
fn headless(browser: &Path, page: &Path, args: &[&str]) -> Vec<u8> {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn report(dir: &Path, name: &str, inputs: &[&str]) -> PathBuf {
    let page = dir.join(name);
    let mut args = vec![
        "check",
        "--format",
        "html",
        "--output",
        page.to_str().unwrap(),
    ];
    args.extend_from_slice(inputs);
    let status = common::credence()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(&args)
        .output()
        .unwrap()
        .status;
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    page
}

/// The share of pixels that differ from the most common colour.
fn ink(png_file: &Path) -> f64 {
    let decoder = png::Decoder::new(std::fs::File::open(png_file).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).unwrap();
    let bytes = &buffer[..info.buffer_size()];
    let step = info.color_type.samples();
    let pixels: Vec<&[u8]> = bytes.chunks(step).map(|p| &p[..3.min(p.len())]).collect();
    let mut counts = std::collections::HashMap::new();
    for p in &pixels {
        *counts.entry(*p).or_insert(0usize) += 1;
    }
    let background = counts.values().max().copied().unwrap_or(0);
    1.0 - background as f64 / pixels.len().max(1) as f64
}

#[test]
fn the_reference_article_renders_with_every_finding_highlighted() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = report(
        dir.path(),
        "report.html",
        &["examples/embassy-republished.txt"],
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("src=") && !html.contains("<link") && !html.contains("@import"),
        "the page must not fetch anything"
    );

    let screenshot = dir.path().join("report.png");
    headless(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,1600",
        ],
    );
    let ink = ink(&screenshot);
    assert!(ink > 0.05, "the screenshot is nearly blank ({ink:.3} ink)");

    let dom = String::from_utf8(headless(&browser, &page, &["--dump-dom"])).unwrap();
    let json = common::credence()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--format",
            "json",
            "examples/embassy-republished.txt",
        ])
        .output()
        .unwrap();
    let expected = common::json(&json.stdout)["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .len();
    let marked = regex::Regex::new(r#"<mark class="[^"]*" data-f="([0-9 ]*)""#).unwrap();
    let highlighted: BTreeSet<usize> = marked
        .captures_iter(&dom)
        .flat_map(|c| {
            c[1].split_whitespace()
                .map(|i| i.parse::<usize>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(highlighted, (0..expected).collect::<BTreeSet<_>>());
    for kind in ["k-named", "k-anonymous", "cue"] {
        assert!(dom.contains(kind), "no {kind} marked");
    }
}

#[test]
fn a_folder_gets_an_index_and_article_markup_stays_text() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    common::write(
        &folder,
        "hostile.txt",
        "Talks <img src=x onerror=\"document.title='owned'\"> stall\n\nThe deal was reportedly close, sources say. <script>document.title='owned'</script>\n",
    );
    common::write(
        &folder,
        "plain.txt",
        "Budget passes\n\nThe council approved the budget on Monday, the mayor said.\n",
    );
    let page = report(dir.path(), "folder.html", &[folder.to_str().unwrap()]);
    let dom = String::from_utf8(headless(&browser, &page, &["--dump-dom"])).unwrap();
    assert!(dom.contains("<title>credence report</title>"), "{dom}");
    assert!(!dom.contains("<img"), "article markup became an element");
    assert!(dom.contains("&lt;script&gt;document.title"), "{dom}");
    let index = dom.split("<nav class=\"index\">").nth(1).expect("an index");
    let hostile = index.find("hostile.txt").unwrap();
    let plain = index.find("plain.txt").unwrap();
    assert!(hostile < plain, "the index lists the lowest score first");
}
