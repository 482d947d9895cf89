//! Why an input could not be read: each error names the input (a path, a
//! URL, a corpus record) so the run can report it and go on without it.

/// An input document that could not be analysed; the run goes on without it.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: looks like a binary file (contains NUL bytes); skipped")]
    Binary { path: String },
    /// A page whose article could not be extracted.
    #[error("{path}: {error}; skipped")]
    Page {
        path: String,
        error: crate::html::PageError,
    },
    #[error("{path}: internal error while analysing this file ({message}); please report it")]
    Internal { path: String, message: String },
    #[error("{path}:{line}: {message}; record skipped")]
    Record {
        path: String,
        line: usize,
        message: String,
    },
    /// A URL that could not be fetched; the message names the URL.
    #[error("{message}")]
    Fetch { path: String, message: String },
}

impl InputError {
    pub fn path(&self) -> &str {
        match self {
            InputError::Io { path, .. }
            | InputError::Binary { path }
            | InputError::Page { path, .. }
            | InputError::Internal { path, .. }
            | InputError::Record { path, .. }
            | InputError::Fetch { path, .. } => path,
        }
    }
}
