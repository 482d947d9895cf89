//! `credence init`: a commented starter credence.toml and an example rule
//! pack, written into the current folder, never over existing files.

use crate::{settings, status};
use std::path::PathBuf;
use std::process::ExitCode;

const STARTER_CONFIG: &str = include_str!("../../../../examples/starter/credence.toml");
const STARTER_PACK: &str = include_str!("../../../../examples/starter/rules/newsroom.toml");

/// `credence init`: write the starter files, never over existing ones.
pub fn run() -> ExitCode {
    let files = [
        (PathBuf::from(settings::PROJECT_FILE), STARTER_CONFIG),
        (PathBuf::from("rules/newsroom.toml"), STARTER_PACK),
    ];
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        status::print_error(&format!(
            "{} already exists; credence init never overwrites a file",
            existing.display()
        ));
        return status::error_exit();
    }
    for (path, text) in &files {
        let written = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, text));
        if let Err(err) = written {
            status::print_error(&format!("{}: {err}", path.display()));
            return status::error_exit();
        }
        println!("wrote {}", path.display());
    }
    println!(
        "next: edit rules/newsroom.toml, then run `credence rules test rules/` and `credence check`"
    );
    ExitCode::SUCCESS
}
