//! The command line as clap parses it: raw arguments only. What they mean
//! together with the configuration files is settled in `settings`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use credence_core::report::Format;
use credence_input::InputFormat;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "credence",
    version,
    about = "Audit news articles for source credibility and provenance"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Analyse articles: sourcing, wire copy, republication, garbled text, boilerplate.
    Check(Box<CheckArgs>),
    /// Show what credence reads from an input: title, byline, date, body,
    /// captions and navigation (for a JSON Lines corpus, of each record).
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
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write a commented starter credence.toml and an example rule pack here.
    Init,
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of credence or of one of its commands, or
    /// write every page into a folder.
    Man {
        /// The command whose page to print, e.g. `check` or `rules list`;
        /// none prints credence(1).
        command: Vec<String>,
        /// Write every page (credence.1, credence-check.1, …) into DIR
        /// instead, creating it if needed.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

#[derive(Args)]
pub struct ExtractArgs {
    /// A file, a JSON Lines corpus, an http(s) URL, or `-` for standard input.
    pub path: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    pub format: ExtractFormat,

    /// Read the input as this format, whatever its extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,

    /// Name to give standard input (its extension, if any, says the format).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_name: String,

    /// In JSON Lines corpora (.jsonl, .ndjson), the field holding each record's text.
    #[arg(long, value_name = "FIELD", default_value = "text")]
    pub jsonl_text: String,

    /// In JSON Lines corpora, the field naming each record (default: the
    /// file and line number).
    #[arg(long, value_name = "FIELD")]
    pub jsonl_id: Option<String>,

    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// The parts under headings, for people.
    Text,
    /// `{"title", "byline", "date", "body", "captions": [..], "navigation": [..]}`;
    /// for a JSON Lines corpus, one such object per line with the record's `name` first.
    Json,
}

#[derive(Subcommand)]
pub enum RulesCommand {
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
        /// Rule packs to test (files or folders); with none, the packs the
        /// configuration loads (the built-in pack and credence.toml's `rules`).
        paths: Vec<PathBuf>,
        /// Test the given packs on top of the built-in pack instead of alone.
        #[arg(long)]
        with_default_rules: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print every enabled regex as it is run (lexicons expanded, phrases
    /// joined), one per line: a pattern file for `rg -f`, for comparisons
    /// (capture names dropped; a line break, which a line never holds,
    /// matches nothing).
    Patterns(RuleArgs),
}

/// Which configuration files are read (see `settings`).
#[derive(Args)]
pub struct ConfigArgs {
    /// A configuration file to apply on top of the project's credence.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not look for a credence.toml in this folder or above.
    #[arg(long)]
    pub no_config: bool,
}

/// Which rule packs to load, and the configuration that retunes them.
#[derive(Args)]
pub struct RuleArgs {
    /// Add a rule pack (a .toml file or a folder of them) on top of the
    /// built-in pack; repeatable, later packs override earlier ones by rule id.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Leave the built-in rule pack out.
    #[arg(long)]
    pub no_default_rules: bool,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files, folders or http(s) URLs to analyse (folders are walked for
    /// .txt, .md, .markdown, .html and .htm files, respecting .gitignore); `-` reads
    /// standard input. Defaults to `.`.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    #[command(flatten)]
    pub rules: RuleArgs,

    /// Exit 1 if any document scores below SCORE (0-100).
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub fail_under: Option<u32>,

    /// Exit 1 if any finding is at least this severe [default: error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Show the score ledger: each term, its count, weight and effect.
    #[arg(long)]
    pub explain: bool,

    /// Extra detail in the table: `attributions` lists every claim and its source.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub show: Vec<ShowArg>,

    /// Write the report to FILE (atomically: a temporary file, then a rename).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print nothing but errors; the exit status still tells.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Record today's findings in FILE (written atomically), so that later
    /// runs with --baseline report only new ones.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Report only findings that FILE (written by --write-baseline) does not hold.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// File extensions to pick up when walking folders (comma-separated) [default: txt,md,markdown,html,htm].
    #[arg(long, value_delimiter = ',')]
    pub extensions: Option<Vec<String>>,

    /// Only walk files matching this glob (gitignore syntax, relative to the
    /// project root); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip files matching this glob (gitignore syntax, relative to the
    /// project root); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Apply the excludes to files named on the command line too, as a
    /// pre-commit hook (which names every changed file) needs.
    #[arg(long, overrides_with = "no_force_exclude")]
    pub force_exclude: bool,

    /// Read files named on the command line even when an exclude matches them.
    #[arg(long, overrides_with = "force_exclude")]
    pub no_force_exclude: bool,

    /// In JSON Lines corpora (.jsonl, .ndjson), the field holding each record's text.
    #[arg(long, value_name = "FIELD", default_value = "text")]
    pub jsonl_text: String,

    /// In JSON Lines corpora, the field naming each record in reports
    /// (default: the file and line number).
    #[arg(long, value_name = "FIELD")]
    pub jsonl_id: Option<String>,

    /// Name to report standard input under (its extension, if any, says
    /// the format).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_name: String,

    /// Read every input as this format, whatever its extension or content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,

    /// Number of worker threads, 1 to 256 (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// When to colour the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
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
    /// One self-contained HTML page with the findings and sources marked in each article.
    Html,
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
            FormatArg::Html => Format::Html,
        }
    }
}

/// `--input-format`.
#[derive(Clone, Copy, ValueEnum)]
pub enum InputFormatArg {
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
pub enum ShowArg {
    Attributions,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    /// Never fail on findings (only --fail-under applies).
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
