//! `credence check`: the main job. Settings are layered, rules loaded,
//! inputs walked, and the pipeline analyses them on all cores while the
//! reporter writes in input order; the exit status says whether any
//! document crossed its thresholds (1) or any input or setting failed (2).

use crate::cli::{CheckArgs, ColorChoice, FailOn, FormatArg, ShowArg};
use crate::output::{Output, Target};
use crate::pipeline::{self, Emitter, Jobs};
use crate::project::Project;
use crate::settings::{self, Settings};
use crate::{baseline_file, status, walk};
use credence_core::report::{self, Format, RenderOptions, Summary};
use credence_core::{RuleError, RuleSet};
use credence_input::{Input, InputFormat, ReadOptions};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// Runs with at least this many inputs show a progress bar (on a terminal).
const PROGRESS_MIN_INPUTS: usize = 200;

/// The configuration layers, then the flags of `check`.
fn settings_for(args: &CheckArgs) -> Result<Settings, RuleError> {
    let mut settings = Settings::layered(&args.rules.config)?;
    settings.add_rule_flags(&args.rules);
    if let Some(v) = args.fail_under {
        settings.fail_under = Some(v);
    }
    if let Some(v) = args.fail_on {
        settings.fail_on = Some(match v {
            FailOn::Info => settings::FailOn::Info,
            FailOn::Warning => settings::FailOn::Warning,
            FailOn::Error => settings::FailOn::Error,
            FailOn::Never => settings::FailOn::Never,
        });
    }
    if let Some(v) = &args.extensions {
        settings.extensions = Some(v.clone());
    }
    settings.include.extend(args.include.iter().cloned());
    settings.exclude.extend(args.exclude.iter().cloned());
    if args.force_exclude {
        settings.force_exclude = Some(true);
    } else if args.no_force_exclude {
        settings.force_exclude = Some(false);
    }
    Ok(settings)
}

/// `credence check`: analyse every input and report; exit 0, 1 or 2.
pub fn run(args: &CheckArgs) -> ExitCode {
    let format = match (args.statistics, args.format) {
        (false, format) => format.into(),
        (true, FormatArg::Table) => Format::Statistics,
        (true, FormatArg::Json) => Format::StatisticsJson,
        (true, _) => {
            return status::fail_with(&[
                "--statistics prints a table (--format table) or JSON (--format json)".into(),
            ]);
        }
    };
    if !args.quiet && !matches!(format, Format::Table | Format::Json | Format::Jsonl) {
        for (given, flag) in [
            (args.explain, "--explain"),
            (!args.show.is_empty(), "--show"),
        ] {
            if given {
                status::print_warning(&format!(
                    "{flag} only changes the table (the JSON formats always carry the score ledger and attributions); this format leaves it out"
                ));
            }
        }
    }
    let settings = match settings_for(args) {
        Ok(settings) => settings,
        Err(err) => return status::fail_with(&[err.to_string()]),
    };
    let rules = match settings.load_rules() {
        Ok(rules) => rules,
        Err(messages) => return status::fail_with(&messages),
    };
    if let Some(threads) = args.threads
        && let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
    {
        status::print_error(&format!("cannot start {threads} threads: {err}"));
        return status::error_exit();
    }

    let baseline_filter = match &args.baseline {
        None => None,
        Some(path) => match baseline_file::read(path) {
            Ok(baseline) => Some(baseline.filter()),
            Err(message) => {
                status::print_error(&message);
                return status::error_exit();
            }
        },
    };
    // Where the run writes is settled, and opened, before anything is
    // read: a bad target costs seconds, not the whole analysis.
    let targets = match Targets::of(args) {
        Ok(targets) => targets,
        Err(message) => return status::fail_with(&[message]),
    };
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return status::fail_with(&[
            "standard input (`-`) is named more than once; it can be read once".into(),
        ]);
    }
    let project = match Project::new(
        settings.root.as_deref(),
        &settings.include,
        &settings.exclude,
    ) {
        Ok(project) => std::sync::Arc::new(project),
        Err(message) => return status::fail_with(&[message]),
    };
    let walk::Collected {
        inputs,
        failures,
        force_excluded,
    } = walk::collect_inputs(&args.paths, &settings, &project, &targets.reserved());
    if inputs.is_empty() && failures.is_empty() && force_excluded > 0 {
        // pre-commit named only excluded files: nothing to audit is right.
        if !args.quiet {
            status::print_warning(&format!(
                "{} excluded by the exclude globs (force-exclude); nothing to check",
                if force_excluded == 1 {
                    "the one path named is".to_owned()
                } else {
                    format!("all {force_excluded} paths named are")
                }
            ));
        }
        return ExitCode::SUCCESS;
    }
    if inputs.is_empty() && failures.is_empty() {
        return status::fail_with(&[format!(
            "no files to check in {} (the walk reads {}); nothing was analysed",
            walk::describe_paths(&args.paths),
            walk::describe_extensions(&settings)
        )]);
    }
    if let Err(message) = targets.check_inputs(&inputs) {
        return status::fail_with(&[message]);
    }
    let mut output = match &targets.report {
        Some(target) => match Output::open(target, "report") {
            Ok(output) => output,
            Err(message) => return status::fail_with(&[message]),
        },
        // Writing a baseline records the findings instead of reporting
        // them, unless --output asks for the report too.
        None if args.quiet || args.write_baseline.is_some() => Output::Quiet,
        None => Output::Stdout,
    };
    let mut baseline_output = match &targets.baseline {
        Some(target) => match Output::open(target, "baseline") {
            Ok(output) => Some(output),
            Err(message) => return status::fail_with(&[message]),
        },
        None => None,
    };
    let read_options = ReadOptions::new(
        args.stdin_name.clone(),
        args.input_format.map(InputFormat::from),
    );
    for failure in &failures {
        status::print_error(&failure.message);
    }

    let stdout_tty = io::stdout().is_terminal();
    let options = RenderOptions {
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        },
        width: report_width(stdout_tty),
        explain: args.explain,
        show_attributions: args.show.contains(&ShowArg::Attributions),
        rules: report::RuleInfo::all(&rules),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let progress =
        if !args.quiet && inputs.len() >= PROGRESS_MIN_INPUTS && io::stderr().is_terminal() {
            indicatif::ProgressBar::new(inputs.len() as u64)
        } else {
            indicatif::ProgressBar::hidden()
        };
    let mut emitter = Emitter {
        reporter: report::reporter(format, options),
        summary: Summary::new(&categories(&rules)),
        out: output.writer(),
        quiet: args.quiet,
        progress: progress.clone(),
        baseline_filter,
        baseline_entries: args.write_baseline.as_ref().map(|_| Vec::new()),
        failures,
        thresholds: settings.thresholds(),
        failed: false,
    };
    let jobs = Jobs::new(inputs, &args.jsonl_text, args.jsonl_id.as_deref());
    if let Err(err) = pipeline::run(jobs, &mut emitter, &read_options, &rules) {
        return status::write_failed(&err);
    }
    progress.finish_and_clear();
    let Emitter {
        mut reporter,
        mut summary,
        mut out,
        failures,
        failed,
        baseline_entries,
        ..
    } = emitter;
    if let (Some(path), Some(output), Some(entries)) =
        (&args.write_baseline, &mut baseline_output, baseline_entries)
    {
        let recorded = entries.len();
        if let Err(message) = baseline_file::write(output, path, entries) {
            status::print_error(&message);
            return status::error_exit();
        }
        if !args.quiet {
            status::print_note(&format!(
                "wrote {recorded} finding{} of {} document{} to {}",
                if recorded == 1 { "" } else { "s" },
                summary.documents,
                if summary.documents == 1 { "" } else { "s" },
                path.display()
            ));
        }
    }
    summary.errors = failures;
    if let Err(err) = reporter
        .finish(&summary, &mut out)
        .and_then(|()| out.flush())
    {
        return status::write_failed(&err);
    }
    drop(out);
    if let Err(err) = output.commit() {
        status::print_error(&err);
        return status::error_exit();
    }

    // Formats a person does not read on the terminal say why the run fails
    // on standard error as well.
    let report_elsewhere = targets.report.is_some()
        || matches!(
            format,
            Format::Json | Format::Jsonl | Format::Sarif | Format::Junit
        );
    if failed
        && args.write_baseline.is_none()
        && report_elsewhere
        && !args.quiet
        && let Some(lines) = summary.failure_lines()
    {
        status::print_note(&lines.join("\n"));
    }
    if !summary.errors.is_empty() {
        status::error_exit()
    } else if failed && args.write_baseline.is_none() {
        ExitCode::from(status::EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// The width the table wraps to: `COLUMNS` when set, else the terminal's;
/// none (no wrapping) in a pipe, so logs and files keep whole lines.
fn report_width(stdout_tty: bool) -> Option<u16> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| *c > 0)
    {
        return Some(columns);
    }
    if stdout_tty {
        terminal_size::terminal_size().map(|(width, _)| width.0)
    } else {
        None
    }
}

/// The files the run writes, resolved.
struct Targets {
    report: Option<Target>,
    baseline: Option<Target>,
}

impl Targets {
    /// `--output` and `--write-baseline`, refused when they name one file,
    /// or when the report would replace the baseline being read.
    fn of(args: &CheckArgs) -> Result<Targets, String> {
        let report = args
            .output
            .as_deref()
            .map(|path| Target::resolve(path, "report"))
            .transpose()?;
        let baseline = args
            .write_baseline
            .as_deref()
            .map(|path| Target::resolve(path, "baseline"))
            .transpose()?;
        let report_file = report.as_ref().and_then(Target::identity);
        if let (Some(report_file), Some(baseline_file)) =
            (&report_file, baseline.as_ref().and_then(Target::identity))
            && *report_file == baseline_file
        {
            return Err(format!(
                "{}: --output and --write-baseline name the same file",
                report_file.display()
            ));
        }
        if let (Some(report_file), Some(read)) = (&report_file, &args.baseline)
            && std::fs::canonicalize(read).is_ok_and(|read| read == *report_file)
        {
            return Err(format!(
                "{}: --output names the baseline being read (--baseline); the report would replace it",
                read.display()
            ));
        }
        Ok(Targets { report, baseline })
    }

    /// The files the walk must not pick up: the run's own report, even one
    /// an earlier run left, and its baseline.
    fn reserved(&self) -> Vec<std::path::PathBuf> {
        [&self.report, &self.baseline]
            .into_iter()
            .flatten()
            .filter_map(Target::identity)
            .collect()
    }

    /// An input named on the command line that the run would overwrite.
    fn check_inputs(&self, inputs: &[walk::NamedInput]) -> Result<(), String> {
        let reserved = self.reserved();
        if reserved.is_empty() {
            return Ok(());
        }
        for walk::NamedInput { input, .. } in inputs {
            if let Input::File(path) | Input::Jsonl(path) = input
                && std::fs::canonicalize(path).is_ok_and(|p| reserved.contains(&p))
            {
                return Err(format!(
                    "{}: is an input and the file --output or --write-baseline would write; it would be overwritten",
                    path.display()
                ));
            }
        }
        Ok(())
    }
}

fn categories(rules: &RuleSet) -> Vec<String> {
    let mut categories: Vec<String> = rules
        .rules()
        .iter()
        .filter(|r| r.enabled)
        .map(|r| r.category.clone())
        .collect();
    categories.sort();
    categories.dedup();
    categories
}
