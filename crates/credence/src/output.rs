//! Where a report goes: standard output, nowhere (`--quiet`), or a file
//! written under a temporary name and renamed into place when complete, so
//! an interrupted run never leaves a half-written report.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The report's destination for one run.
pub enum Output {
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
    pub fn open(target: Option<&Path>, quiet: bool) -> Result<Output, String> {
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

    /// The writer for the report; a file's writer is handed out once.
    pub fn writer(&mut self) -> Box<dyn Write + Send> {
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
    pub fn commit(&mut self) -> Result<(), String> {
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

/// Where a file is written before it is renamed into place at `target`: a
/// hidden name beside it (same file system, so the rename is atomic).
pub fn temporary_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.credence-{}.tmp", std::process::id()))
}
