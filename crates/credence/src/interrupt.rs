//! SIGINT and SIGTERM (Ctrl-C, a CI job cancelled): the temporary files
//! being written are removed before the process exits with status 130, so
//! an interrupted run leaves neither a partial file nor a hidden one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files to remove if the run is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit status after an interruption (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: i32 = 130;

/// Install the handler; called once, before any file is written.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let pending = match PENDING.lock() {
            Ok(pending) => pending,
            Err(poisoned) => poisoned.into_inner(),
        };
        for path in pending.iter() {
            let _ = std::fs::remove_file(path);
        }
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// Remove `path` if the run is interrupted before [`forget`].
pub fn remove_on_signal(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

/// `path` is renamed into place or removed; an interruption leaves it.
pub fn forget(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}
