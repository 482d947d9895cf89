//! The batch pipeline of `credence check`: inputs become jobs (a JSON Lines
//! corpus a record at a time), jobs are read, prepared and analysed on all
//! cores a batch at a time, and the emitter writes each batch's reports in
//! input order while the next batch is analysed.

use crate::panics;
use crate::settings::PathThresholds;
use crate::status;
use crate::walk::NamedInput;
use credence_core::analysis::category_counts;
use credence_core::baseline::{BaselineFilter, Entry};
use credence_core::document::shared_lines::SharedLines;
use credence_core::report::{DocumentReport, InputFailure, Reporter, Summary, Thresholds};
use credence_core::{RuleSet, analyze};
use credence_input::jsonl::Records;
use credence_input::{Input, InputError, Prepared, ReadOptions, read};
use rayon::prelude::*;
use std::io::{self, Write};
use std::sync::Arc;

/// A unit of work for the analysis threads.
pub enum Job {
    /// Read and analyse a file or standard input, reported under `name`
    /// (else the input's own name).
    Read { input: Input, name: Option<String> },
    /// Analyse a corpus record already read.
    Text { name: String, text: String },
    /// A record or corpus that could not be read.
    Failed(InputError),
}

/// Inputs expanded lazily into jobs: a JSON Lines corpus is read a record at
/// a time as the batches ask for more, so it is never held whole.
pub struct Jobs<'a> {
    inputs: std::vec::IntoIter<NamedInput>,
    corpus: Option<(String, Records<Box<dyn io::BufRead + Send>>)>,
    text_field: &'a str,
    id_field: Option<&'a str>,
}

impl<'a> Jobs<'a> {
    /// The jobs for these inputs; corpora's records are read from
    /// `text_field`, named by `id_field` (else file and line).
    pub fn new(inputs: Vec<NamedInput>, text_field: &'a str, id_field: Option<&'a str>) -> Self {
        Jobs {
            inputs: inputs.into_iter(),
            corpus: None,
            text_field,
            id_field,
        }
    }
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
            let NamedInput { input, name } = self.inputs.next()?;
            match input {
                Input::Jsonl(path) => {
                    let name = name.unwrap_or_else(|| path.display().to_string());
                    match read::open_corpus(&path) {
                        Ok(reader) => {
                            let records = Records::new(reader, self.text_field, self.id_field);
                            self.corpus = Some((name, records));
                        }
                        Err(source) => {
                            return Some(Job::Failed(InputError::Io { path: name, source }));
                        }
                    }
                }
                other => return Some(Job::Read { input: other, name }),
            }
        }
    }
}

/// Everything that turns analysed documents into output, in input order.
pub struct Emitter {
    pub reporter: Box<dyn Reporter + Send>,
    pub summary: Summary,
    pub out: Box<dyn Write + Send>,
    pub quiet: bool,
    pub progress: indicatif::ProgressBar,
    pub baseline_filter: Option<BaselineFilter>,
    /// Every finding seen, when a baseline is being written.
    pub baseline_entries: Option<Vec<Entry>>,
    pub failures: Vec<InputFailure>,
    pub thresholds: PathThresholds,
    /// Some document crossed its thresholds.
    pub failed: bool,
}

impl Emitter {
    pub fn emit(&mut self, results: Vec<Result<DocumentReport, InputError>>) -> io::Result<()> {
        for result in results {
            self.progress.inc(1);
            let doc = match result {
                Ok(doc) => doc,
                Err(err) => {
                    self.progress
                        .suspend(|| status::print_error(&err.to_string()));
                    self.failures.push(InputFailure {
                        path: err.path().to_owned(),
                        message: err.to_string(),
                    });
                    continue;
                }
            };
            if !self.quiet {
                for warning in &doc.warnings {
                    self.progress.suspend(|| {
                        status::print_warning(&format!("{}: {warning}", doc.document.name));
                    });
                }
            }
            let mut doc = doc;
            if let Some(entries) = &mut self.baseline_entries {
                entries.extend(
                    doc.analysis
                        .findings
                        .iter()
                        .map(|f| Entry::of(&doc.document, f)),
                );
            }
            if let Some(filter) = &mut self.baseline_filter {
                filter.retain_new(&doc.document, &mut doc.analysis.findings);
                doc.analysis.counts = category_counts(&doc.analysis.findings);
            }
            doc.thresholds = self.thresholds.for_path(&doc.document.name);
            self.summary.add(&doc);
            // A document is rendered whole before any of it is written, so
            // a panic while rendering it costs its report, not the run's.
            let mut rendered = Vec::new();
            let reporter = &mut self.reporter;
            let summary = &self.summary;
            match panics::catch(|| reporter.document(&doc, summary, &mut rendered)) {
                Ok(written) => written?,
                Err(message) => {
                    let message = format!(
                        "{}: internal error while writing the report of this file ({message}); please report it",
                        doc.document.name
                    );
                    self.progress.suspend(|| status::print_error(&message));
                    self.failures.push(InputFailure {
                        path: doc.document.name.clone(),
                        message,
                    });
                    continue;
                }
            }
            self.failed |= doc.thresholds.fails(&doc.analysis);
            self.out.write_all(&rendered)?;
        }
        Ok(())
    }
}

/// Documents analysed together before their reports are written.
const BATCH_SIZE: usize = 512;

/// Run every job and hand each result to the emitter, in input order.
/// Jobs are analysed in parallel a batch at a time; while one batch is
/// written, the next is analysed, so output is deterministic and memory
/// holds two batches whatever the number of inputs. The documents of a
/// batch are analysed together: each knows which of its lines the others
/// carry (a site's banners and footers, see `SharedLines`).
pub fn run(
    mut jobs: Jobs<'_>,
    emitter: &mut Emitter,
    options: &ReadOptions,
    rules: &RuleSet,
) -> io::Result<()> {
    let mut pending: Vec<Result<DocumentReport, InputError>> = Vec::new();
    loop {
        let batch: Vec<Job> = jobs.by_ref().take(BATCH_SIZE).collect();
        if batch.is_empty() {
            break;
        }
        let (written, results) = rayon::join(
            || emitter.emit(std::mem::take(&mut pending)),
            || analyse_batch(batch, options, rules),
        );
        written?;
        pending = results;
    }
    emitter.emit(pending)
}

/// Read and prepare a batch's jobs, count the lines its documents share,
/// then analyse each document knowing them.
fn analyse_batch(
    batch: Vec<Job>,
    options: &ReadOptions,
    rules: &RuleSet,
) -> Vec<Result<DocumentReport, InputError>> {
    let prepared: Vec<_> = batch
        .into_par_iter()
        .map(|job| {
            let started = std::time::Instant::now();
            prepare_job(job, options, rules)
                .map(|(prepared, warnings)| (prepared, warnings, started.elapsed()))
        })
        .collect();
    let documents = prepared.iter().filter(|p| p.is_ok()).count();
    let shared = (documents > 1).then(|| {
        Arc::new(SharedLines::count(
            prepared
                .iter()
                .filter_map(|p| p.as_ref().ok())
                .map(|(prepared, ..)| prepared.document.text.as_str()),
        ))
    });
    prepared
        .into_par_iter()
        .map(|result| {
            let (mut prepared, warnings, reading) = result?;
            if let Some(shared) = &shared {
                prepared.document = prepared.document.with_shared_lines(Arc::clone(shared));
            }
            let started = std::time::Instant::now();
            let name = prepared.document.name.clone();
            let mut report = isolated(name, || Ok(analyse_prepared(prepared, warnings, rules)))?;
            report.elapsed = reading + started.elapsed();
            Ok(report)
        })
        .collect()
}

/// Read and prepare one job. A panic anywhere in it (a bug, here or in a
/// crate that parses the untrusted input) costs this document, not the
/// run: it becomes an input error and the others are still analysed.
fn prepare_job(
    job: Job,
    options: &ReadOptions,
    rules: &RuleSet,
) -> Result<(Prepared, Vec<String>), InputError> {
    let name = match &job {
        Job::Read { input, name } => name.clone().unwrap_or_else(|| input.name(options)),
        Job::Text { name, .. } => name.clone(),
        Job::Failed(_) => String::new(),
    };
    isolated(name, || match job {
        Job::Read { input, name } => {
            let name = name.unwrap_or_else(|| input.name(options));
            read::read_prepared_as(&input, name, options, &rules.zones)
        }
        Job::Text { name, text } => Ok((
            read::prepare_record(name, text, options, &rules.zones)?,
            Vec::new(),
        )),
        Job::Failed(err) => Err(err),
    })
}

/// Run `work` on the input called `name`; a panic in it becomes that
/// input's error instead of ending the process.
pub fn isolated<T>(
    name: String,
    work: impl FnOnce() -> Result<T, InputError>,
) -> Result<T, InputError> {
    panics::catch(work).unwrap_or_else(|message| {
        Err(InputError::Internal {
            path: name,
            message,
        })
    })
}

/// Analyse one prepared document.
fn analyse_prepared(prepared: Prepared, warnings: Vec<String>, rules: &RuleSet) -> DocumentReport {
    let Prepared {
        document,
        stated_source,
        ..
    } = prepared;
    let mut warnings = warnings;
    if document.text.trim().is_empty() {
        warnings.push("no text to audit: the document is empty, so its score says nothing".into());
    }
    let mut analysis = analyze(&document, rules);
    // Where the input itself says the text came from is provenance too.
    if let Some(source) = stated_source {
        analysis.provenance.add_original(source);
    }
    DocumentReport {
        document,
        analysis,
        warnings,
        thresholds: Thresholds::default(),
        elapsed: std::time::Duration::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_isolated_work_is_that_inputs_error() {
        crate::panics::install_hook();
        let caught: Result<(), InputError> =
            isolated("a.html".into(), || panic!("index out of bounds"));
        let err = caught.unwrap_err();
        assert_eq!(err.path(), "a.html");
        let message = err.to_string();
        assert!(
            message.starts_with(
                "a.html: internal error while analysing this file (index out of bounds, at "
            ),
            "{message}"
        );
    }
}
