//! `credence man`: the man pages, generated from the argument definitions.
//! credence(1) names a page for each command (credence-check(1), …) and
//! each of those for its own commands, so every page it names can be
//! printed or written: `credence man rules list`, `credence man --dir DIR`.

use crate::cli::Cli;
use crate::status;
use clap::CommandFactory;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// Print the page of `command` (a path of command names; none is credence
/// itself), or write every page into `dir`.
pub fn run(command: &[String], dir: Option<&Path>) -> ExitCode {
    let root = pages_root();
    if let Some(dir) = dir {
        return write_all(&root, dir);
    }
    let mut page = &root;
    for name in command {
        match page.find_subcommand(name) {
            Some(sub) if !sub.is_hide_set() => page = sub,
            _ => {
                let names: Vec<&str> = page
                    .get_subcommands()
                    .filter(|s| !s.is_hide_set())
                    .map(clap::Command::get_name)
                    .collect();
                let parent = page.get_bin_name().unwrap_or(page.get_name());
                status::print_error(&format!(
                    "`{parent}` has no command `{name}`{}; its commands are: {}",
                    credence_core::suggest::hint(name, names.iter().copied()),
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ));
                return status::error_exit();
            }
        }
    }
    // Rendered whole, then written: a closed pipe is not an error.
    let mut roff = Vec::new();
    if let Err(err) = man(page).render(&mut roff) {
        return status::write_failed(&err);
    }
    status::finish_write(io::stdout().lock().write_all(&roff))
}

/// The command tree the pages describe, built so that every command has
/// its page name (`credence-rules-list`). `help` is left out: clap's help
/// command has no page of its own, so no page may name it.
fn pages_root() -> clap::Command {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    root
}

/// The page of one command; every page says it is part of credence.
fn man(page: &clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(page.clone()).source(format!("credence {}", env!("CARGO_PKG_VERSION")))
}

/// Write every page into `dir` (created if missing) and list the files
/// written, a command's page before its commands'.
fn write_all(root: &clap::Command, dir: &Path) -> ExitCode {
    if let Err(err) = std::fs::create_dir_all(dir) {
        status::print_error(&format!(
            "{}: cannot create the folder: {err}",
            dir.display()
        ));
        return status::error_exit();
    }
    let mut written = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(page) = pending.pop() {
        match man(&page).generate_to(dir) {
            Ok(path) => written.push(path),
            Err(err) => {
                status::print_error(&format!(
                    "{}: cannot write a man page: {err}",
                    dir.display()
                ));
                return status::error_exit();
            }
        }
        let mut subs: Vec<clap::Command> = page
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        subs.reverse();
        pending.extend(subs);
    }
    let mut listing = String::new();
    for path in written {
        listing.push_str(&format!("{}\n", path.display()));
    }
    status::finish_write(io::stdout().lock().write_all(listing.as_bytes()))
}
