//! Rule packs on disk: a `.toml` file or a folder of them, read into the
//! named texts that credence-core merges and compiles. The built-in pack
//! comes embedded in credence-core.

use credence_core::{PackError, PackSource, RuleSet};
use std::path::{Path, PathBuf};

/// Where rules come from: the pack built into the binary, or files on disk.
#[derive(Debug, Clone)]
pub enum RuleSource {
    Builtin,
    Path(PathBuf),
}

/// A rule pack that could not be read, or packs that do not compile.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read rule pack: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no rule files (*.toml) in this folder")]
    EmptyFolder { path: PathBuf },
    #[error("{}:{line}:{column}: not UTF-8 (rule packs and configuration are UTF-8 text)", path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error(transparent)]
    Pack(#[from] PackError),
}

impl LoadError {
    /// One message per error, in the order found.
    pub fn messages(&self) -> Vec<String> {
        match self {
            LoadError::Pack(err) => err.messages(),
            other => vec![other.to_string()],
        }
    }
}

/// Load the given sources in order: the built-in pack (if asked) then each
/// path, a file or a folder of `*.toml`.
pub fn load(sources: &[RuleSource]) -> Result<RuleSet, LoadError> {
    let mut packs = Vec::new();
    for source in sources {
        match source {
            RuleSource::Builtin => packs.extend(RuleSet::builtin_sources()),
            RuleSource::Path(path) => packs.extend(read(path)?),
        }
    }
    Ok(RuleSet::from_sources(&packs)?)
}

/// Read a rule file, or every `*.toml` in a folder (sorted by name).
pub fn read(path: &Path) -> Result<Vec<PackSource>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    let files = if meta.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(LoadError::EmptyFolder {
                path: path.to_path_buf(),
            });
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    files
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).map_err(|source| LoadError::Io {
                path: file.clone(),
                source,
            })?;
            let text = utf8_text(bytes).map_err(|(line, column)| LoadError::NotUtf8 {
                path: file.clone(),
                line,
                column,
            })?;
            Ok(PackSource::new(file.display().to_string(), text))
        })
        .collect()
}

/// A TOML file's bytes as text, or the 1-based line and column (in
/// characters) of its first byte that is not UTF-8.
pub fn utf8_text(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let valid = &bytes[..err.utf8_error().valid_up_to()];
        // Valid up to here, so the prefix is text.
        let prefix = String::from_utf8_lossy(valid);
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        let line = prefix.matches('\n').count() + 1;
        (line, prefix[line_start..].chars().count() + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_that_is_not_utf8_is_placed() {
        assert_eq!(
            utf8_text(b"[pack]\nname = \"caf\xe9\"\n".to_vec()),
            Err((2, 12))
        );
        assert_eq!(utf8_text(b"ok".to_vec()), Ok("ok".to_owned()));
    }
}
