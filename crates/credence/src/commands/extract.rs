//! `credence extract`: what credence reads from one input (title, byline,
//! date, body, captions, navigation), so a user can see what was analysed
//! and which zone each part fell in. A JSON Lines corpus is read through
//! the same jobs as `check`, so each record is shown as it is analysed.

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::pipeline::{self, Job, Jobs};
use crate::status;
use credence_core::analysis::{printable, printable_line};
use credence_input::html::Extracted;
use credence_input::{Input, InputFormat, ReadOptions, read};
use std::io::{self, Write};
use std::process::ExitCode;

/// `credence extract`: read one input as `check` would and print its parts;
/// a JSON Lines corpus record by record, each named as `check` names it.
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
    let corpus = matches!(input, Input::Jsonl(_));
    let options = ReadOptions::new(
        args.stdin_name.clone(),
        args.input_format.map(InputFormat::from),
    );
    let input = crate::walk::NamedInput { input, name: None };
    let jobs = Jobs::new(vec![input], &args.jsonl_text, args.jsonl_id.as_deref());
    let mut out = io::stdout().lock();
    let mut failed = false;
    let mut first = true;
    for job in jobs {
        let read = match job {
            Job::Read { input, name } => {
                let name = name.unwrap_or_else(|| input.name(&options));
                pipeline::isolated(name.clone(), || {
                    read::read_prepared_as(&input, name, &options, &rules.zones)
                })
            }
            Job::Text { name, text } => pipeline::isolated(name.clone(), || {
                read::prepare_record(name, text, &options, &rules.zones).map(|p| (p, Vec::new()))
            }),
            Job::Failed(err) => Err(err),
        };
        let (prepared, warnings) = match read {
            Ok(read) => read,
            Err(err) => {
                status::print_error(&err.to_string());
                failed = true;
                continue;
            }
        };
        for warning in warnings {
            status::print_warning(&format!("{}: {warning}", prepared.document.name));
        }
        let name = corpus.then_some(prepared.document.name.as_str());
        let written = match args.format {
            ExtractFormat::Text => write_text(name, first, &prepared.extracted, &mut out),
            ExtractFormat::Json => write_json(name, &prepared.extracted, &mut out),
        };
        first = false;
        if let Err(err) = written {
            return status::write_failed(&err);
        }
    }
    match out.flush() {
        Ok(()) if failed => status::error_exit(),
        result => status::finish_write(result),
    }
}

/// The parts as plain text: a header of fields, then each part under a rule.
/// Control characters in the article are shown escaped, never sent raw to
/// the terminal.
/// A corpus record's parts come under a `=== NAME ===` line, after a blank
/// line from the record before.
fn write_text(
    record: Option<&str>,
    first: bool,
    extracted: &Extracted,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Some(name) = record {
        if !first {
            writeln!(out)?;
        }
        writeln!(out, "=== {} ===", printable_line(name))?;
    }
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
/// `{"title", "byline", "date", "body", "captions": [..], "navigation": [..]}`;
/// a corpus record's as one line of JSON Lines, `{"name", "title", …}`.
fn write_json(record: Option<&str>, extracted: &Extracted, out: &mut dyn Write) -> io::Result<()> {
    match record {
        None => serde_json::to_writer_pretty(&mut *out, extracted)?,
        Some(name) => {
            let mut object = serde_json::Map::new();
            object.insert("name".into(), name.into());
            if let serde_json::Value::Object(parts) = serde_json::to_value(extracted)? {
                object.extend(parts);
            }
            serde_json::to_writer(&mut *out, &object)?;
        }
    }
    writeln!(out)
}
