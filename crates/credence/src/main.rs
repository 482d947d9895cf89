//! The `credence` binary: parses arguments, hands each subcommand to its
//! file in `commands`, and exits with its status (0 clean, 1 threshold
//! crossed, 2 usage, configuration or input error).

mod baseline_file;
mod cli;
mod commands;
mod interrupt;
mod output;
mod packs;
mod panics;
mod pipeline;
mod project;
mod settings;
mod status;
mod walk;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command};
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    panics::install_hook();
    interrupt::install();
    match Cli::parse().command {
        Command::Check(args) => commands::check::run(&args),
        Command::Extract(args) => commands::extract::run(&args),
        Command::Rules(command) => commands::rules::run(&command),
        Command::Explain { rule_id, rules } => commands::explain::run(&rule_id, &rules),
        Command::Config { dump, config } => commands::config::run(dump, &config),
        Command::Init => commands::init::run(),
        Command::Completions { shell } => {
            // Generated whole, then written: clap_complete panics on a
            // failed write (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "credence", &mut script);
            status::finish_write(io::stdout().lock().write_all(&script))
        }
        Command::Man { command, dir } => commands::man::run(&command, dir.as_deref()),
    }
}
