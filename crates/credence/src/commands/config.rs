//! `credence config --dump`: the configuration in force (built-in defaults,
//! credence.toml, --config) as one configuration file, after checking it
//! loads; `--no-config --config` reads it back to the same settings.

use crate::cli::ConfigArgs;
use crate::settings::Settings;
use crate::status;
use std::io::{self, Write};
use std::process::ExitCode;

/// Print the merged configuration; `dump` must be asked for.
pub fn run(dump: bool, args: &ConfigArgs) -> ExitCode {
    if !dump {
        status::print_error("`credence config` needs --dump");
        return status::error_exit();
    }
    let settings = match Settings::layered(args) {
        Ok(settings) => settings,
        Err(err) => return status::fail_with(&[err.to_string()]),
    };
    let rules = match settings.load_rules() {
        Ok(rules) => rules,
        Err(messages) => return status::fail_with(&messages),
    };
    status::finish_write(
        io::stdout()
            .lock()
            .write_all(settings.dump(&rules).as_bytes()),
    )
}
