//! Exit statuses and how errors reach the user: 0 clean, 1 a threshold
//! crossed, 2 a usage, configuration or input error. Every command reports
//! its errors through here, so they all read `error: …` on standard error.

use credence_core::analysis::printable;
use std::io::{self, Write};
use std::process::ExitCode;

/// Some document crossed its thresholds (or a rule example failed).
pub const EXIT_FINDINGS: u8 = 1;
/// A usage, configuration or input error.
pub const EXIT_ERROR: u8 = 2;

/// Exit status 2.
pub fn error_exit() -> ExitCode {
    ExitCode::from(EXIT_ERROR)
}

/// `error: ` before the first line of a message, its other lines indented.
pub fn print_error(message: &str) {
    print_labelled("error", message);
}

/// `warning: ` before the first line of a message, its other lines indented.
pub fn print_warning(message: &str) {
    print_labelled("warning", message);
}

/// `note: ` before the first line of a message, its other lines indented.
pub fn print_note(message: &str) {
    print_labelled("note", message);
}

/// A message on standard error. Control characters (from a file name or
/// an article) are shown escaped, never sent to the terminal; a closed or
/// full standard error loses the message, never the run.
fn print_labelled(label: &str, message: &str) {
    let mut text = String::new();
    for (i, line) in message.lines().enumerate() {
        let line = printable(line);
        if i == 0 {
            text.push_str(&format!("{label}: {line}\n"));
        } else {
            text.push_str(&format!("  {line}\n"));
        }
    }
    if text.is_empty() {
        text = format!("{label}:\n");
    }
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Print every message as an error and return exit status 2.
pub fn fail_with(messages: &[String]) -> ExitCode {
    for message in messages {
        print_error(message);
    }
    error_exit()
}

/// The exit status for a finished write to standard output.
pub fn finish_write(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => write_failed(&err),
    }
}

/// A closed pipe (`credence check ... | head`) ends the run quietly; any
/// other write failure is an error.
pub fn write_failed(err: &io::Error) -> ExitCode {
    if err.kind() == io::ErrorKind::BrokenPipe {
        ExitCode::SUCCESS
    } else {
        print_error(&format!("cannot write the report: {err}"));
        error_exit()
    }
}
