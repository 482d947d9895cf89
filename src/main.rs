//! The `credence` binary: parses arguments, loads rules, walks inputs, runs
//! the library's analysis on all cores, picks a reporter and sets the exit
//! status (0 clean, 1 threshold crossed, 2 usage, configuration or input error).

mod extract_cmd;
mod reading;
mod rules_cmd;

use clap::{Args, Parser, Subcommand, ValueEnum};
use credence::config::{self, Settings};
use credence::extract::{InputFormat, Prepared};
use credence::report::{self, DocumentReport, Format, InputFailure, RenderOptions, Summary};
use credence::{InputError, RuleSet, RuleSource, analyze};
use rayon::prelude::*;
use reading::{Input, ReadOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "credence",
    version,
    about = "Audit news articles for source credibility and provenance"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles: sourcing, wire copy, republication, garbled text, boilerplate.
    Check(Box<CheckArgs>),
    /// Show what credence reads from an input: title, byline, date, body,
    /// captions and navigation.
    Extract(ExtractArgs),
    /// Inspect the loaded rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Describe a rule: what it flags, why it matters, its patterns and examples.
    Explain {
        /// The rule's id, e.g. `anonymous.sources-say`.
        rule_id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Show the configuration in force.
    Config {
        /// Print the merged configuration (built-in defaults, credence.toml, --config) as TOML.
        #[arg(long)]
        dump: bool,
        /// A configuration file to apply on top of the project's credence.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Write a commented starter credence.toml and an example rule pack here.
    Init,
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(Args)]
struct ExtractArgs {
    /// A file, an http(s) URL, or `-` for standard input.
    path: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    format: ExtractFormat,

    /// Read the input as this format, whatever its extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormatArg>,

    /// Name to give standard input (its extension, if any, says the format).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_name: String,

    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    /// The parts under headings, for people.
    Text,
    /// `{"title", "byline", "date", "body", "captions": [..], "navigation": [..]}`.
    Json,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// A table of every loaded rule: id, category, severity, weight, pack, enabled.
    List {
        #[command(flatten)]
        rules: RuleArgs,
        /// Only the rules of this category.
        #[arg(long)]
        category: Option<String>,
    },
    /// Run every rule's examples (must match / must not match); exit 1 on a failure.
    Test {
        /// Rule packs to test (files or folders); with none, the built-in pack.
        paths: Vec<PathBuf>,
        /// Test the given packs on top of the built-in pack instead of alone.
        #[arg(long)]
        with_default_rules: bool,
    },
    /// Print every enabled regex as it is run (lexicons expanded, phrases
    /// joined), one per line: a pattern file for `rg -f`, for comparisons.
    Patterns(RuleArgs),
}

/// Which rule packs to load.
#[derive(Args)]
struct RuleArgs {
    /// Add a rule pack (a .toml file or a folder of them) on top of the
    /// built-in pack; repeatable, later packs override earlier ones by rule id.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,

    /// Leave the built-in rule pack out.
    #[arg(long)]
    no_default_rules: bool,
}

impl RuleArgs {
    /// The project's configuration (if any), then these flags.
    fn load(&self) -> Result<RuleSet, ExitCode> {
        let mut settings = project_settings(None)?;
        settings.packs.extend(self.rules.iter().cloned());
        if self.no_default_rules {
            settings.default_rules = Some(false);
        }
        load_rules(&settings)
    }
}

/// The project file found from the current folder, then `extra`.
fn project_settings(extra: Option<&Path>) -> Result<Settings, ExitCode> {
    let mut settings = Settings::default();
    let fail = |err: credence::RuleError| {
        print_error(&err.to_string());
        ExitCode::from(EXIT_ERROR)
    };
    if let Ok(cwd) = std::env::current_dir()
        && let Some(project) = config::find_project_file(&cwd)
    {
        settings.merge_file(&project).map_err(fail)?;
    }
    if let Some(path) = extra {
        settings.merge_file(path).map_err(fail)?;
    }
    Ok(settings)
}

#[derive(Args)]
struct CheckArgs {
    /// Files, folders or http(s) URLs to analyse (folders are walked for
    /// .txt, .md, .html and .htm files, respecting .gitignore); `-` reads
    /// standard input. Defaults to `.`.
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,

    #[command(flatten)]
    rules: RuleArgs,

    /// Exit 1 if any document scores below SCORE (0-100).
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u32).range(0..=100))]
    fail_under: Option<u32>,

    /// Exit 1 if any finding is at least this severe [default: error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,

    /// A configuration file to apply on top of the project's credence.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Do not look for a credence.toml in this folder or above.
    #[arg(long)]
    no_config: bool,

    /// Show the score ledger: each term, its count, weight and effect.
    #[arg(long)]
    explain: bool,

    /// Extra detail in the table: `attributions` lists every claim and its source.
    #[arg(long, value_enum, value_delimiter = ',')]
    show: Vec<ShowArg>,

    /// Write the report to FILE (atomically: a temporary file, then a rename).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print nothing but errors; the exit status still tells.
    #[arg(long, short = 'q')]
    quiet: bool,

    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    statistics: bool,

    /// Record today's findings in FILE (written atomically), so that later
    /// runs with --baseline report only new ones.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// Report only findings that FILE (written by --write-baseline) does not hold.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// File extensions to pick up when walking folders (comma-separated) [default: txt,md,html,htm].
    #[arg(long, value_delimiter = ',')]
    extensions: Option<Vec<String>>,

    /// Only walk files matching this glob (gitignore syntax); repeatable.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,

    /// Skip files matching this glob (gitignore syntax); repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,

    /// In JSON Lines corpora (.jsonl, .ndjson), the field holding each record's text.
    #[arg(long, value_name = "FIELD", default_value = "text")]
    jsonl_text: String,

    /// In JSON Lines corpora, the field naming each record in reports
    /// (default: the file and line number).
    #[arg(long, value_name = "FIELD")]
    jsonl_id: Option<String>,

    /// Name to report standard input under (its extension, if any, says
    /// the format).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_name: String,

    /// Read every input as this format, whatever its extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormatArg>,

    /// Number of worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// A table per document for people (the default).
    Table,
    /// One `path:line:col: severity rule message` line per finding.
    Concise,
    /// One JSON document for the run (version 1, documented in the README).
    Json,
    /// JSON Lines: one object per document as it finishes, then a summary line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML: one test case per document.
    Junit,
    /// A Markdown summary for a pull-request comment.
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Concise => Format::Concise,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            FormatArg::Junit => Format::Junit,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

/// `--input-format`.
#[derive(Clone, Copy, ValueEnum)]
enum InputFormatArg {
    /// Plain text: title, byline and caption lines found by the pack's `[zones]`.
    Text,
    /// Markdown: front matter and code blocks are not analysed.
    Markdown,
    /// A web page: the article is extracted; captions and navigation kept apart.
    Html,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Markdown => InputFormat::Markdown,
            InputFormatArg::Html => InputFormat::Html,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ShowArg {
    Attributions,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Info,
    Warning,
    Error,
    /// Never fail on findings (only --fail-under applies).
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Extract(args) => extract(&args),
        Command::Rules(RulesCommand::Patterns(args)) => rule_patterns(&args),
        Command::Rules(RulesCommand::List { rules, category }) => match rules.load() {
            Ok(set) => finish_write(rules_cmd::list(
                &set,
                category.as_deref(),
                &mut io::stdout().lock(),
            )),
            Err(code) => code,
        },
        Command::Rules(RulesCommand::Test {
            paths,
            with_default_rules,
        }) => {
            // The packs alone (or on the built-in one), without the
            // project's retuning: the examples test the packs as written.
            let settings = Settings {
                packs: paths.clone(),
                default_rules: Some(paths.is_empty() || with_default_rules),
                ..Settings::default()
            };
            match load_rules(&settings) {
                Ok(set) => match rules_cmd::test(&set, &mut io::stdout().lock()) {
                    Ok(true) => ExitCode::SUCCESS,
                    Ok(false) => ExitCode::from(EXIT_FINDINGS),
                    Err(err) => write_failed(&err),
                },
                Err(code) => code,
            }
        }
        Command::Explain { rule_id, rules } => match rules.load() {
            Ok(set) => match set.rule(&rule_id) {
                Some(rule) => finish_write(rules_cmd::explain(rule, &mut io::stdout().lock())),
                None => {
                    print_error(&format!(
                        "no rule `{rule_id}`; `credence rules list` shows the loaded rules"
                    ));
                    ExitCode::from(EXIT_ERROR)
                }
            },
            Err(code) => code,
        },
        Command::Config { dump, config } => {
            if !dump {
                print_error("`credence config` needs --dump");
                return ExitCode::from(EXIT_ERROR);
            }
            match project_settings(config.as_deref()).and_then(|s| load_rules(&s).map(|_| s)) {
                Ok(settings) => {
                    finish_write(io::stdout().lock().write_all(settings.dump().as_bytes()))
                }
                Err(code) => code,
            }
        }
        Command::Init => init(),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "credence", &mut io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(command).render(&mut io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => write_failed(&err),
            }
        }
    }
}

/// A unit of work for the analysis threads.
enum Job {
    /// Read and analyse a file or standard input.
    Read(Input),
    /// Analyse a corpus record already read.
    Text { name: String, text: String },
    /// A record or corpus that could not be read.
    Failed(InputError),
}

/// Inputs expanded lazily into jobs: a JSON Lines corpus is read a record at
/// a time as the batches ask for more, so it is never held whole.
struct Jobs<'a> {
    inputs: std::vec::IntoIter<Input>,
    corpus: Option<(
        String,
        credence::jsonl_input::Records<io::BufReader<std::fs::File>>,
    )>,
    text_field: &'a str,
    id_field: Option<&'a str>,
}

impl Iterator for Jobs<'_> {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if let Some((path, records)) = &mut self.corpus {
                match records.next() {
                    Some(Ok(record)) => {
                        let name = match record.id {
                            Some(id) => id,
                            None => format!("{path}:{}", record.line),
                        };
                        return Some(Job::Text {
                            name,
                            text: record.text,
                        });
                    }
                    Some(Err(err)) => {
                        return Some(Job::Failed(InputError::Record {
                            path: path.clone(),
                            line: err.line,
                            message: err.message,
                        }));
                    }
                    None => self.corpus = None,
                }
            }
            match self.inputs.next()? {
                Input::Jsonl(path) => {
                    let name = path.display().to_string();
                    match std::fs::File::open(&path) {
                        Ok(file) => {
                            let records = credence::jsonl_input::Records::new(
                                io::BufReader::new(file),
                                self.text_field,
                                self.id_field,
                            );
                            self.corpus = Some((name, records));
                        }
                        Err(source) => {
                            return Some(Job::Failed(InputError::Io { path: name, source }));
                        }
                    }
                }
                other => return Some(Job::Read(other)),
            }
        }
    }
}

/// The configuration layers: project file, `--config`, then the flags.
fn settings(args: &CheckArgs) -> Result<Settings, ExitCode> {
    let mut settings = Settings::default();
    let fail = |err: credence::RuleError| {
        print_error(&err.to_string());
        ExitCode::from(EXIT_ERROR)
    };
    if !args.no_config
        && let Ok(cwd) = std::env::current_dir()
        && let Some(project) = config::find_project_file(&cwd)
    {
        settings.merge_file(&project).map_err(fail)?;
    }
    if let Some(path) = &args.config {
        settings.merge_file(path).map_err(fail)?;
    }
    settings.packs.extend(args.rules.rules.iter().cloned());
    if args.rules.no_default_rules {
        settings.default_rules = Some(false);
    }
    if let Some(v) = args.fail_under {
        settings.fail_under = Some(v);
    }
    if let Some(v) = args.fail_on {
        settings.fail_on = Some(match v {
            FailOn::Info => config::FailOn::Info,
            FailOn::Warning => config::FailOn::Warning,
            FailOn::Error => config::FailOn::Error,
            FailOn::Never => config::FailOn::Never,
        });
    }
    if let Some(v) = &args.extensions {
        settings.extensions = Some(v.clone());
    }
    settings.include.extend(args.include.iter().cloned());
    settings.exclude.extend(args.exclude.iter().cloned());
    Ok(settings)
}

/// Load the rule packs the settings name and apply their rule changes.
fn load_rules(settings: &Settings) -> Result<RuleSet, ExitCode> {
    let mut sources = Vec::new();
    if settings.default_rules.unwrap_or(true) {
        sources.push(RuleSource::Builtin);
    }
    sources.extend(settings.packs.iter().cloned().map(RuleSource::Path));
    let mut rules = RuleSet::load(&sources).map_err(|err| {
        for message in err.messages() {
            print_error(&message);
        }
        ExitCode::from(EXIT_ERROR)
    })?;
    settings.apply(&mut rules).map_err(|errors| {
        for err in errors {
            print_error(&err.to_string());
        }
        ExitCode::from(EXIT_ERROR)
    })?;
    Ok(rules)
}

fn check(args: CheckArgs) -> ExitCode {
    let settings = match settings(&args) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let rules = match load_rules(&settings) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    if let Some(threads) = args.threads
        && let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
    {
        eprintln!("error: cannot start {threads} threads: {err}");
        return ExitCode::from(EXIT_ERROR);
    }

    let baseline_filter = match &args.baseline {
        None => None,
        Some(path) => match read_baseline(path) {
            Ok(baseline) => Some(baseline.filter()),
            Err(message) => {
                print_error(&message);
                return ExitCode::from(EXIT_ERROR);
            }
        },
    };
    let (inputs, failures) = collect_inputs(&args, &settings);
    let read_options = ReadOptions {
        stdin_name: args.stdin_name.clone(),
        format: args.input_format.map(InputFormat::from),
        fetch: credence::fetch::FetchOptions::default(),
    };
    for failure in &failures {
        print_error(&failure.message);
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
        width: if stdout_tty {
            None
        } else {
            Some(
                std::env::var("COLUMNS")
                    .ok()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(120),
            )
        },
        explain: args.explain,
        show_attributions: args.show.contains(&ShowArg::Attributions),
        thresholds: settings.thresholds(),
        rules: report::RuleInfo::all(&rules),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let thresholds = options.thresholds.clone();
    let format = if args.statistics {
        Format::Statistics
    } else {
        args.format.into()
    };
    let mut output = match Output::open(args.output.as_deref(), args.quiet) {
        Ok(output) => output,
        Err(err) => {
            print_error(&err);
            return ExitCode::from(EXIT_ERROR);
        }
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
        thresholds,
        failed: false,
    };
    // Inputs are analysed in parallel a batch at a time and reported in
    // input order, so output is deterministic and memory holds two batches.
    // While one batch is written, the next is analysed.
    let mut pending: Vec<Result<DocumentReport, InputError>> = Vec::new();
    let mut jobs = Jobs {
        inputs: inputs.into_iter(),
        corpus: None,
        text_field: &args.jsonl_text,
        id_field: args.jsonl_id.as_deref(),
    };
    loop {
        let batch: Vec<Job> = jobs.by_ref().take(BATCH_SIZE).collect();
        if batch.is_empty() {
            break;
        }
        let (written, results) = rayon::join(
            || emitter.emit(std::mem::take(&mut pending)),
            || {
                batch
                    .into_par_iter()
                    .map(|job| match job {
                        Job::Read(input) => analyse_input(&input, &read_options, &rules),
                        Job::Text { name, text } => analyse_prepared(
                            reading::prepare_record(name, text, &read_options, &rules.zones),
                            Vec::new(),
                            &rules,
                        ),
                        Job::Failed(err) => Err(err),
                    })
                    .collect::<Vec<_>>()
            },
        );
        if let Err(err) = written {
            return write_failed(&err);
        }
        pending = results;
    }
    if let Err(err) = emitter.emit(pending) {
        return write_failed(&err);
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
    if let (Some(path), Some(entries)) = (&args.write_baseline, baseline_entries)
        && let Err(message) = write_baseline(path, entries)
    {
        print_error(&message);
        return ExitCode::from(EXIT_ERROR);
    }
    summary.errors = failures;
    if let Err(err) = reporter
        .finish(&summary, &mut out)
        .and_then(|()| out.flush())
    {
        return write_failed(&err);
    }
    drop(out);
    if let Err(err) = output.commit() {
        print_error(&err);
        return ExitCode::from(EXIT_ERROR);
    }

    if !summary.errors.is_empty() {
        ExitCode::from(EXIT_ERROR)
    } else if failed {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// `credence extract`: read one input as `check` would and print its parts.
fn extract(args: &ExtractArgs) -> ExitCode {
    let rules = match args.rules.load() {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let input = Input::for_argument(&args.path);
    if let Input::File(path) | Input::Jsonl(path) = &input
        && path.is_dir()
    {
        print_error(&format!(
            "{}: is a folder; `credence extract` reads one file or URL",
            path.display()
        ));
        return ExitCode::from(EXIT_ERROR);
    }
    let options = ReadOptions {
        stdin_name: args.stdin_name.clone(),
        format: args.input_format.map(InputFormat::from),
        fetch: credence::fetch::FetchOptions::default(),
    };
    let (prepared, warnings) = match reading::read_prepared(&input, &options, &rules.zones) {
        Ok(read) => read,
        Err(err) => {
            print_error(&err.to_string());
            return ExitCode::from(EXIT_ERROR);
        }
    };
    for warning in warnings {
        eprintln!("warning: {}: {warning}", prepared.document.name);
    }
    let mut out = io::stdout().lock();
    let written = match args.format {
        ExtractFormat::Text => extract_cmd::write_text(&prepared.extracted, &mut out),
        ExtractFormat::Json => extract_cmd::write_json(&prepared.extracted, &mut out),
    };
    finish_write(written.and_then(|()| out.flush()))
}

/// Runs with at least this many inputs show a progress bar (on a terminal).
const PROGRESS_MIN_INPUTS: usize = 200;

/// Where the report goes: standard output, nowhere (`--quiet`), or a file
/// written under a temporary name and renamed into place when complete, so an
/// interrupted run never leaves a half-written report.
enum Output {
    Stdout,
    Quiet,
    File {
        temporary: PathBuf,
        target: PathBuf,
        file: Option<std::fs::File>,
    },
}

impl Output {
    /// `--quiet` silences standard output; a report asked for with
    /// `--output` is still written.
    fn open(target: Option<&Path>, quiet: bool) -> Result<Output, String> {
        let Some(target) = target else {
            return Ok(if quiet { Output::Quiet } else { Output::Stdout });
        };
        let temporary = temporary_path(target);
        let file = std::fs::File::create(&temporary)
            .map_err(|err| format!("{}: cannot write the report: {err}", target.display()))?;
        Ok(Output::File {
            temporary,
            target: target.to_path_buf(),
            file: Some(file),
        })
    }

    fn writer(&mut self) -> Box<dyn Write + Send> {
        match self {
            Output::Stdout => Box::new(io::BufWriter::new(io::stdout())),
            Output::Quiet => Box::new(io::sink()),
            Output::File { file, .. } => match file.take() {
                Some(file) => Box::new(io::BufWriter::new(file)),
                None => Box::new(io::sink()),
            },
        }
    }

    /// Move a finished report file into place.
    fn commit(&mut self) -> Result<(), String> {
        if let Output::File {
            temporary, target, ..
        } = self
        {
            std::fs::rename(&*temporary, &*target)
                .map_err(|err| format!("{}: cannot write the report: {err}", target.display()))?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // A report that was not committed is removed; after a commit the
        // temporary name no longer exists and this does nothing.
        if let Output::File { temporary, .. } = self {
            let _ = std::fs::remove_file(&*temporary);
        }
    }
}

/// Everything that turns analysed documents into output, in input order.
struct Emitter {
    reporter: Box<dyn report::Reporter + Send>,
    summary: Summary,
    out: Box<dyn Write + Send>,
    quiet: bool,
    progress: indicatif::ProgressBar,
    baseline_filter: Option<credence::baseline::BaselineFilter>,
    /// Every finding seen, when a baseline is being written.
    baseline_entries: Option<Vec<credence::baseline::Entry>>,
    failures: Vec<InputFailure>,
    thresholds: config::Thresholds,
    /// Some document crossed its thresholds.
    failed: bool,
}

impl Emitter {
    fn emit(&mut self, results: Vec<Result<DocumentReport, InputError>>) -> io::Result<()> {
        for result in results {
            self.progress.inc(1);
            let doc = match result {
                Ok(doc) => doc,
                Err(err) => {
                    self.progress.suspend(|| print_error(&err.to_string()));
                    self.failures.push(InputFailure {
                        path: err.path().to_owned(),
                        message: err.to_string(),
                    });
                    continue;
                }
            };
            if !self.quiet {
                for warning in &doc.warnings {
                    self.progress
                        .suspend(|| eprintln!("warning: {}: {warning}", doc.document.name));
                }
            }
            let mut doc = doc;
            if let Some(entries) = &mut self.baseline_entries {
                entries.extend(
                    doc.analysis
                        .findings
                        .iter()
                        .map(|f| credence::baseline::Entry::of(&doc.document, f)),
                );
            }
            if let Some(filter) = &mut self.baseline_filter {
                filter.retain_new(&doc.document, &mut doc.analysis.findings);
                doc.analysis.counts = credence::engine::category_counts(&doc.analysis.findings);
            }
            self.failed |= self.thresholds.fails(&doc.document.name, &doc.analysis);
            self.summary.add(&doc);
            self.reporter.document(&doc, &self.summary, &mut self.out)?;
        }
        Ok(())
    }
}

/// Documents analysed together before their reports are written.
const BATCH_SIZE: usize = 512;

/// Where a file is written before it is renamed into place at `target`: a
/// hidden name beside it (same file system, so the rename is atomic).
fn temporary_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.credence-{}.tmp", std::process::id()))
}

fn read_baseline(path: &Path) -> Result<credence::baseline::Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("{}: cannot read the baseline: {err}", path.display()))?;
    serde_json::from_str(&text).map_err(|err| {
        format!(
            "{}:{}:{}: not a credence baseline: {err}",
            path.display(),
            err.line(),
            err.column()
        )
    })
}

/// Write a baseline under a temporary name, then rename it into place, so an
/// interrupted run never leaves a broken baseline.
fn write_baseline(path: &Path, entries: Vec<credence::baseline::Entry>) -> Result<(), String> {
    let fail = |err: &dyn std::fmt::Display| {
        format!("{}: cannot write the baseline: {err}", path.display())
    };
    let baseline = credence::baseline::Baseline::new(entries);
    let text = serde_json::to_string_pretty(&baseline).map_err(|e| fail(&e))?;
    let temporary = temporary_path(path);
    std::fs::write(&temporary, text + "\n").map_err(|e| fail(&e))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(&e)
    })
}

const STARTER_CONFIG: &str = include_str!("../examples/starter/credence.toml");
const STARTER_PACK: &str = include_str!("../examples/starter/rules/newsroom.toml");

/// `credence init`: write the starter files, never over existing ones.
fn init() -> ExitCode {
    let files = [
        (PathBuf::from(config::PROJECT_FILE), STARTER_CONFIG),
        (PathBuf::from("rules/newsroom.toml"), STARTER_PACK),
    ];
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        print_error(&format!(
            "{} already exists; credence init never overwrites a file",
            existing.display()
        ));
        return ExitCode::from(EXIT_ERROR);
    }
    for (path, text) in &files {
        let written = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, text));
        if let Err(err) = written {
            print_error(&format!("{}: {err}", path.display()));
            return ExitCode::from(EXIT_ERROR);
        }
        println!("wrote {}", path.display());
    }
    println!(
        "next: edit rules/newsroom.toml, then run `credence rules test rules/` and `credence check`"
    );
    ExitCode::SUCCESS
}

fn finish_write(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => write_failed(&err),
    }
}

/// A closed pipe (`credence check ... | head`) ends the run quietly; any
/// other write failure is an error.
fn write_failed(err: &io::Error) -> ExitCode {
    if err.kind() == io::ErrorKind::BrokenPipe {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: cannot write the report: {err}");
        ExitCode::from(EXIT_ERROR)
    }
}

fn rule_patterns(args: &RuleArgs) -> ExitCode {
    let rules = match args.load() {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = rules
        .rules()
        .iter()
        .filter(|r| r.enabled)
        .flat_map(|r| r.patterns.iter())
        .try_for_each(|p| writeln!(out, "{p}"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => write_failed(&err),
    }
}

/// `error: ` before the first line of a message, its other lines indented.
fn print_error(message: &str) {
    let mut lines = message.lines();
    eprintln!("error: {}", lines.next().unwrap_or_default());
    for line in lines {
        eprintln!("  {line}");
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

/// Expand the command line into inputs: files as given, folders walked in
/// sorted order. Paths that do not exist are failures, reported by name.
fn collect_inputs(args: &CheckArgs, settings: &Settings) -> (Vec<Input>, Vec<InputFailure>) {
    let default = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() {
        &default[..]
    } else {
        &args.paths[..]
    };
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        let input = Input::for_argument(path);
        if matches!(input, Input::Stdin | Input::Url(_)) {
            inputs.push(input);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, settings, &mut inputs, &mut failures),
            Ok(_) => inputs.push(Input::for_path(path.clone())),
            Err(err) => failures.push(InputFailure {
                path: path.display().to_string(),
                message: format!("{}: {err}", path.display()),
            }),
        }
    }
    (inputs, failures)
}

/// What a folder walk picks up when no extensions are configured.
const DEFAULT_EXTENSIONS: [&str; 4] = ["txt", "md", "html", "htm"];

fn walk(
    root: &Path,
    settings: &Settings,
    inputs: &mut Vec<Input>,
    failures: &mut Vec<InputFailure>,
) {
    let default_extensions = DEFAULT_EXTENSIONS.map(str::to_owned);
    let extensions = settings
        .extensions
        .as_deref()
        .unwrap_or(&default_extensions);
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    let globs = settings
        .include
        .iter()
        .cloned()
        .chain(settings.exclude.iter().map(|g| format!("!{g}")));
    for glob in globs {
        if let Err(err) = overrides.add(&glob) {
            failures.push(InputFailure {
                path: glob.clone(),
                message: format!("invalid glob `{glob}`: {err}"),
            });
            return;
        }
    }
    let overrides = match overrides.build() {
        Ok(overrides) => overrides,
        Err(err) => {
            failures.push(InputFailure {
                path: root.display().to_string(),
                message: format!("invalid globs: {err}"),
            });
            return;
        }
    };
    // Walked on all cores; the paths are sorted afterwards, so the order of
    // the report never depends on which thread found a file first.
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .overrides(overrides)
        .build_parallel()
        .run(|| {
            let found = &found;
            Box::new(move |entry| {
                let mut lock = match found.lock() {
                    Ok(lock) => lock,
                    Err(poisoned) => poisoned.into_inner(),
                };
                match entry {
                    Ok(entry) => {
                        let path = entry.path();
                        let wanted = entry.file_type().is_some_and(|t| t.is_file())
                            && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                                extensions
                                    .iter()
                                    .any(|x| x.trim_start_matches('.').eq_ignore_ascii_case(e))
                            });
                        if wanted {
                            lock.0.push(path.to_path_buf());
                        }
                    }
                    Err(err) => lock.1.push(InputFailure {
                        path: root.display().to_string(),
                        message: format!("{}: {err}", root.display()),
                    }),
                }
                ignore::WalkState::Continue
            })
        });
    let (mut paths, mut walk_failures) = match found.into_inner() {
        Ok(found) => found,
        Err(poisoned) => poisoned.into_inner(),
    };
    paths.sort();
    walk_failures.sort_by(|a, b| a.message.cmp(&b.message));
    inputs.extend(paths.into_iter().map(Input::for_path));
    failures.extend(walk_failures);
}

fn analyse_input(
    input: &Input,
    options: &ReadOptions,
    rules: &RuleSet,
) -> Result<DocumentReport, InputError> {
    let (prepared, warnings) = reading::read_prepared(input, options, &rules.zones)?;
    analyse_prepared(prepared, warnings, rules)
}

/// Analyse one prepared document. A panic (a bug) costs this document, not
/// the run: it becomes an input error and the others are still analysed.
fn analyse_prepared(
    prepared: Prepared,
    warnings: Vec<String>,
    rules: &RuleSet,
) -> Result<DocumentReport, InputError> {
    let Prepared {
        document,
        stated_source,
        ..
    } = prepared;
    let mut analysis =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyze(&document, rules)))
            .map_err(|panic| InputError::Internal {
                path: document.name.clone(),
                message: panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "panic".to_owned()),
            })?;
    // Where the input itself says the text came from is provenance too.
    if let Some(source) = stated_source {
        analysis.provenance.add_original(source);
    }
    Ok(DocumentReport {
        document,
        analysis,
        warnings,
    })
}
