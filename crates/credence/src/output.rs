//! Where a written file goes (the report of `--output`, the baseline of
//! `--write-baseline`), handled as users of ripgrep and ruff expect:
//! `-` and `/dev/stdout` are standard output; a device, FIFO or socket is
//! written directly; a symbolic link is followed to its target; a regular
//! file is written under a temporary name of its own beside the target and
//! renamed into place when complete, keeping the owner and mode of the file
//! it replaces (or refusing when they cannot be kept). An interrupted run
//! never leaves a half-written file, nor, after SIGINT or SIGTERM, a
//! temporary one (`interrupt`).

use crate::interrupt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where a file named on the command line is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `-`, `/dev/stdout` and the like.
    Stdout,
    /// A device, FIFO or socket: written in place, never replaced.
    Direct(PathBuf),
    /// A regular file, or none yet: written beside `path` and renamed
    /// over it. `path` has its symbolic links resolved.
    Replace(PathBuf),
}

impl Target {
    /// What `named` is, as a place to write. An error names the path.
    pub fn resolve(named: &Path, what: &str) -> Result<Target, String> {
        let fail = |err: &dyn std::fmt::Display| cannot_write(named, what, err);
        if is_stdout(named) {
            return Ok(Target::Stdout);
        }
        match std::fs::metadata(named) {
            Ok(meta) if meta.is_dir() => Err(fail(&"is a folder")),
            Ok(meta) if meta.is_file() => {
                let real = std::fs::canonicalize(named).map_err(|e| fail(&e))?;
                // Replacing a file is writing it: refuse what could not be
                // opened for writing.
                OpenOptions::new()
                    .write(true)
                    .open(&real)
                    .map_err(|e| fail(&e))?;
                Ok(Target::Replace(real))
            }
            Ok(_) => Ok(Target::Direct(named.to_path_buf())),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Target::Replace(
                dangling_target(named).map_err(|e| fail(&e))?,
            )),
            Err(err) => Err(fail(&err)),
        }
    }

    /// The file this target is, for telling it apart from inputs and other
    /// targets: its resolved path (the parent's, for a file not there yet).
    pub fn identity(&self) -> Option<PathBuf> {
        match self {
            Target::Stdout => None,
            Target::Direct(path) => std::fs::canonicalize(path).ok(),
            Target::Replace(path) => Some(path.clone()),
        }
    }
}

/// Names that mean this process's standard output.
fn is_stdout(path: &Path) -> bool {
    matches!(
        path.to_str(),
        Some("-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1")
    )
}

/// Where a file that does not exist yet will be: beside the folder's
/// resolved path, or, for a dangling symbolic link, at the link's target.
fn dangling_target(named: &Path) -> io::Result<PathBuf> {
    let mut path = named.to_path_buf();
    // A chain of links is followed; a loop ends in an error.
    for _ in 0..40 {
        match std::fs::read_link(&path) {
            Ok(target) => {
                path = match path.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Err(_) => return resolved_parent(&path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn resolved_parent(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?;
    Ok(std::fs::canonicalize(folder_of(path))?.join(name))
}

/// The folder a path names its file in: `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The message for a file that cannot be written, naming it and what it is.
pub fn cannot_write(path: &Path, what: &str, err: &dyn std::fmt::Display) -> String {
    format!("{}: cannot write the {what}: {err}", path.display())
}

/// An open destination, written then committed.
pub enum Output {
    Stdout,
    /// `--quiet` without `--output`: the report goes nowhere.
    Quiet,
    Direct(Option<File>),
    Replace(Option<Box<Replacement>>),
}

/// A file being written under a temporary name beside its target.
pub struct Replacement {
    temporary: tempfile::NamedTempFile,
    target: PathBuf,
    /// What the replaced file was, whose owner and mode are kept.
    replaced: Option<Metadata>,
    what: &'static str,
}

impl Output {
    /// Open `target` for writing the `what` ("report", "baseline").
    pub fn open(target: &Target, what: &'static str) -> Result<Output, String> {
        match target {
            Target::Stdout => Ok(Output::Stdout),
            Target::Direct(path) => OpenOptions::new()
                .write(true)
                .open(path)
                .map(|file| Output::Direct(Some(file)))
                .map_err(|err| cannot_write(path, what, &err)),
            Target::Replace(path) => {
                Replacement::new(path, what).map(|r| Output::Replace(Some(Box::new(r))))
            }
        }
    }

    /// The writer; a file's writer is handed out once.
    pub fn writer(&mut self) -> Box<dyn Write + Send> {
        match self {
            Output::Stdout => Box::new(io::BufWriter::new(io::stdout())),
            Output::Quiet => Box::new(io::sink()),
            Output::Direct(file) => match file.take() {
                Some(file) => Box::new(io::BufWriter::new(file)),
                None => Box::new(io::sink()),
            },
            Output::Replace(replacement) => match replacement
                .as_mut()
                .and_then(|r| r.temporary.as_file().try_clone().ok())
            {
                Some(file) => Box::new(io::BufWriter::new(file)),
                None => Box::new(io::sink()),
            },
        }
    }

    /// Put a finished file in place (after its writer is flushed).
    pub fn commit(&mut self) -> Result<(), String> {
        match self {
            Output::Replace(replacement) => match replacement.take() {
                Some(replacement) => replacement.commit(),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }
}

impl Replacement {
    fn new(target: &Path, what: &'static str) -> Result<Replacement, String> {
        let fail = |err: &dyn std::fmt::Display| cannot_write(target, what, err);
        let folder = folder_of(target);
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let replaced = std::fs::metadata(target).ok();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".credence.tmp");
        // A new file gets the mode `File::create` would give it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temporary = builder.tempfile_in(folder).map_err(|e| fail(&e))?;
        interrupt::remove_on_signal(temporary.path());
        Ok(Replacement {
            temporary,
            target: target.to_path_buf(),
            replaced,
            what,
        })
    }

    fn commit(self) -> Result<(), String> {
        let Replacement {
            temporary,
            target,
            replaced,
            what,
        } = self;
        let fail = |err: &dyn std::fmt::Display| cannot_write(&target, what, err);
        let path = temporary.path().to_path_buf();
        let result = (|| {
            if let Some(replaced) = &replaced {
                keep_owner_and_mode(temporary.as_file(), replaced)?;
            }
            temporary.as_file().sync_all().ok();
            temporary.persist(&target).map_err(|e| e.error)?;
            Ok::<(), io::Error>(())
        })();
        interrupt::forget(&path);
        result.map_err(|e| fail(&e))
    }
}

/// Give the new file the owner, group and mode of the one it replaces;
/// an error when they cannot be given (the file is then not replaced).
fn keep_owner_and_mode(file: &File, replaced: &Metadata) -> io::Result<()> {
    file.set_permissions(replaced.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (replaced.uid(), replaced.gid()) {
            std::os::unix::fs::fchown(file, Some(replaced.uid()), Some(replaced.gid())).map_err(
                |err| {
                    io::Error::new(
                        err.kind(),
                        format!(
                            "cannot keep its owner ({}:{}): {err}",
                            replaced.uid(),
                            replaced.gid()
                        ),
                    )
                },
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_standard_output_are_standard_output() {
        for name in ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            assert_eq!(
                Target::resolve(Path::new(name), "report"),
                Ok(Target::Stdout)
            );
        }
    }

    #[test]
    fn a_device_is_written_in_place() {
        assert_eq!(
            Target::resolve(Path::new("/dev/null"), "report"),
            Ok(Target::Direct(PathBuf::from("/dev/null")))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let target = Target::resolve(&link, "report").unwrap();
        assert_eq!(
            target,
            Target::Replace(std::fs::canonicalize(&real).unwrap())
        );
        let mut output = Output::open(&target, "report").unwrap();
        let mut writer = output.writer();
        writer.write_all(b"new").unwrap();
        writer.flush().unwrap();
        drop(writer);
        output.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "no temporary file is left");
    }

    #[test]
    fn a_dangling_link_is_written_at_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("report.json");
        #[cfg(unix)]
        std::os::unix::fs::symlink("out/real.json", &link).unwrap();
        std::fs::create_dir(dir.path().join("out")).unwrap();
        let target = Target::resolve(&link, "report").unwrap();
        let expected = std::fs::canonicalize(dir.path().join("out"))
            .unwrap()
            .join("real.json");
        assert_eq!(target, Target::Replace(expected));
    }

    #[test]
    fn an_uncommitted_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = Target::resolve(&dir.path().join("r.json"), "report").unwrap();
        let mut output = Output::open(&target, "report").unwrap();
        output.writer().write_all(b"partial").unwrap();
        drop(output);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
