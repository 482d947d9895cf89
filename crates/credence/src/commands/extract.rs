//! `credence extract`: what credence reads from one input (title, byline,
//! date, body, captions, navigation), so a user can see what was analysed
//! and which zone each part fell in.

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::{pipeline, status};
use credence_core::analysis::{printable, printable_line};
use credence_input::html::Extracted;
use credence_input::{Input, InputFormat, ReadOptions, read};
use std::io::{self, Write};
use std::process::ExitCode;

/// `credence extract`: read one input as `check` would and print its parts.
pub fn run(args: &ExtractArgs) -> ExitCode {
    let rules = match super::load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let input = Input::for_argument(&args.path);
    if let Input::File(path) | Input::Jsonl(path) = &input
        && path.is_dir()
    {
        status::print_error(&format!(
            "{}: is a folder; `credence extract` reads one file or URL",
            path.display()
        ));
        return status::error_exit();
    }
    let options = ReadOptions::new(
        args.stdin_name.clone(),
        args.input_format.map(InputFormat::from),
    );
    let name = input.name(&options);
    let read = pipeline::isolated(name, || read::read_prepared(&input, &options, &rules.zones));
    let (prepared, warnings) = match read {
        Ok(read) => read,
        Err(err) => {
            status::print_error(&err.to_string());
            return status::error_exit();
        }
    };
    for warning in warnings {
        status::print_warning(&format!("{}: {warning}", prepared.document.name));
    }
    let mut out = io::stdout().lock();
    let written = match args.format {
        ExtractFormat::Text => write_text(&prepared.extracted, &mut out),
        ExtractFormat::Json => write_json(&prepared.extracted, &mut out),
    };
    status::finish_write(written.and_then(|()| out.flush()))
}

/// The parts as plain text: a header of fields, then each part under a rule.
/// Control characters in the article are shown escaped, never sent raw to
/// the terminal.
fn write_text(extracted: &Extracted, out: &mut dyn Write) -> io::Result<()> {
    let field = |value: &Option<String>| {
        value
            .as_deref()
            .map_or_else(|| "-".to_owned(), printable_line)
    };
    writeln!(out, "title:   {}", field(&extracted.title))?;
    writeln!(out, "byline:  {}", field(&extracted.byline))?;
    writeln!(out, "date:    {}", field(&extracted.date))?;
    writeln!(out, "\n--- body ---")?;
    writeln!(out, "{}", printable(&extracted.body))?;
    for (heading, items) in [
        ("captions", &extracted.captions),
        ("navigation", &extracted.navigation),
    ] {
        writeln!(out, "\n--- {heading} ({}) ---", items.len())?;
        for item in items {
            writeln!(out, "{}", printable_line(item))?;
        }
    }
    Ok(())
}

/// The parts as one JSON object:
/// `{"title", "byline", "date", "body", "captions": [..], "navigation": [..]}`.
fn write_json(extracted: &Extracted, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, extracted)?;
    writeln!(out)
}
