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
            let text = std::fs::read_to_string(&file).map_err(|source| LoadError::Io {
                path: file.clone(),
                source,
            })?;
            Ok(PackSource::new(file.display().to_string(), text))
        })
        .collect()
}
