//! Baseline files: read before a run (`--baseline`) and written after it
//! (`--write-baseline`), through `output` like the report, so a baseline is
//! replaced whole or not at all. What a baseline holds and how it matches
//! findings is credence-core's `baseline`.

use crate::output::{self, Output};
use credence_core::baseline::{Baseline, Entry};
use std::io::Write;
use std::path::Path;

/// The baseline file version this credence reads and writes.
const VERSION: u32 = 1;

/// Read a baseline written by `--write-baseline` (a leading byte-order
/// mark, as some editors save, is allowed).
pub fn read(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("{}: cannot read the baseline: {err}", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let baseline: Baseline = serde_json::from_str(text).map_err(|err| {
        format!(
            "{}:{}:{}: not a credence baseline: {err}",
            path.display(),
            err.line(),
            err.column()
        )
    })?;
    if baseline.version != VERSION {
        return Err(format!(
            "{}: baseline version {} is not one this credence reads (version {VERSION}); write it again with --write-baseline",
            path.display(),
            baseline.version
        ));
    }
    Ok(baseline)
}

/// Write the baseline of these findings into `output`, opened before the
/// run, and put it in place.
pub fn write(output: &mut Output, path: &Path, entries: Vec<Entry>) -> Result<(), String> {
    let fail = |err: &dyn std::fmt::Display| output::cannot_write(path, "baseline", err);
    let baseline = Baseline::new(entries);
    let text = serde_json::to_string_pretty(&baseline).map_err(|e| fail(&e))?;
    let mut writer = output.writer();
    writer
        .write_all(text.as_bytes())
        .and_then(|()| writer.write_all(b"\n"))
        .and_then(|()| writer.flush())
        .map_err(|e| fail(&e))?;
    drop(writer);
    output.commit()
}
