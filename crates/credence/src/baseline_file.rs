//! Baseline files: read before a run (`--baseline`) and written after it
//! (`--write-baseline`), atomically. What a baseline holds and how it
//! matches findings is credence-core's `baseline`.

use crate::output::temporary_path;
use credence_core::baseline::{Baseline, Entry};
use std::path::Path;

/// Read a baseline written by `--write-baseline`.
pub fn read(path: &Path) -> Result<Baseline, String> {
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
pub fn write(path: &Path, entries: Vec<Entry>) -> Result<(), String> {
    let fail = |err: &dyn std::fmt::Display| {
        format!("{}: cannot write the baseline: {err}", path.display())
    };
    let baseline = Baseline::new(entries);
    let text = serde_json::to_string_pretty(&baseline).map_err(|e| fail(&e))?;
    let temporary = temporary_path(path);
    std::fs::write(&temporary, text + "\n").map_err(|e| fail(&e))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(&e)
    })
}
