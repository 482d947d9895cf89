//! One file per subcommand. Each takes its parsed arguments, goes through
//! the one settings layering, and returns the exit status.

pub mod check;
pub mod config;
pub mod explain;
pub mod extract;
pub mod init;
pub mod man;
pub mod rules;

use crate::cli::RuleArgs;
use crate::settings::Settings;
use crate::status;
use credence_core::RuleSet;
use std::process::ExitCode;

/// The rules that the configuration layers and the rule flags name, loaded;
/// an error has been printed when this fails.
pub fn load_rules(args: &RuleArgs) -> Result<RuleSet, ExitCode> {
    let mut settings =
        Settings::layered(&args.config).map_err(|err| status::fail_with(&[err.to_string()]))?;
    settings.add_rule_flags(args);
    settings
        .load_rules()
        .map_err(|messages| status::fail_with(&messages))
}
