//! The folder walk: the paths named on the command line expanded into
//! inputs. Folders are walked on all cores (respecting .gitignore, the
//! configured extensions, includes and excludes), and the paths are sorted
//! afterwards, so the report's order never depends on thread timing.

use crate::project::Project;
use crate::settings::{DEFAULT_EXTENSIONS, Settings};
use credence_core::report::InputFailure;
use credence_input::Input;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An input and the name it is reported under: its project path; `None`
/// for standard input and URLs, which keep their own names.
pub struct NamedInput {
    pub input: Input,
    pub name: Option<String>,
}

/// What the command line expands into.
#[derive(Default)]
pub struct Collected {
    pub inputs: Vec<NamedInput>,
    pub failures: Vec<InputFailure>,
    /// Files named on the command line that an exclude glob skipped
    /// (`force-exclude`).
    pub force_excluded: usize,
}

/// Expand the command line into inputs: files as given, folders walked in
/// sorted order. Paths that do not exist are failures, reported by name.
/// A walked file that is one of `reserved` (resolved paths of the files the
/// run writes) is left out. Files named explicitly are excluded only with
/// `force_exclude`, as pre-commit (which names every file) needs.
pub fn collect_inputs(
    paths: &[PathBuf],
    settings: &Settings,
    project: &Arc<Project>,
    reserved: &[PathBuf],
) -> Collected {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let force_exclude = settings.force_exclude.unwrap_or(false);
    let mut collected = Collected::default();
    for path in paths {
        let input = Input::for_argument(path);
        if matches!(input, Input::Stdin | Input::Url(_)) {
            collected.inputs.push(NamedInput { input, name: None });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                if force_exclude && project.is_excluded(path, true, None) {
                    collected.force_excluded += 1;
                } else {
                    walk(path, settings, project, reserved, &mut collected);
                }
            }
            Ok(_) => {
                let fallback = path.file_name().map(Path::new);
                if force_exclude && project.is_excluded(path, false, fallback) {
                    collected.force_excluded += 1;
                } else {
                    collected.inputs.push(NamedInput {
                        input: Input::for_path(path.clone()),
                        name: Some(project.name(path)),
                    });
                }
            }
            Err(err) => {
                let name = project.name(path);
                collected.failures.push(InputFailure {
                    message: format!("{name}: {err}"),
                    path: name,
                });
            }
        }
    }
    collected
}

/// The paths named, for a message: `.` when none were.
pub fn describe_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return ".".into();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The extensions a walk picks up, for a message.
pub fn describe_extensions(settings: &Settings) -> String {
    let extensions: Vec<String> = match &settings.extensions {
        Some(configured) => configured.clone(),
        None => DEFAULT_EXTENSIONS.map(str::to_owned).to_vec(),
    };
    let listed: Vec<String> = extensions
        .iter()
        .map(|e| format!("*.{}", e.trim_start_matches('.')))
        .collect();
    let mut text = listed.join(", ");
    if !settings.include.is_empty() || !settings.exclude.is_empty() {
        text.push_str(", with the configured includes and excludes");
    }
    text
}

fn walk(
    root: &Path,
    settings: &Settings,
    project: &Arc<Project>,
    reserved: &[PathBuf],
    collected: &mut Collected,
) {
    let default_extensions = DEFAULT_EXTENSIONS.map(str::to_owned);
    let extensions = settings
        .extensions
        .as_deref()
        .unwrap_or(&default_extensions);
    // Excluded folders are not entered; the globs see project paths, and
    // below-the-walked-folder paths only for a folder outside the project.
    let pruning = Arc::clone(project);
    let walked_root = root.to_path_buf();
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let below = entry.path().strip_prefix(&walked_root).ok();
            entry.depth() == 0 || !pruning.is_excluded(entry.path(), is_dir, below)
        })
        .build_parallel()
        .run(|| {
            let found = &found;
            Box::new(move |entry| {
                let mut lock = match found.lock() {
                    Ok(lock) => lock,
                    Err(poisoned) => poisoned.into_inner(),
                };
                match entry {
                    Ok(entry) => {
                        let path = entry.path();
                        let wanted = entry.file_type().is_some_and(|t| t.is_file())
                            && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                                extensions
                                    .iter()
                                    .any(|x| x.trim_start_matches('.').eq_ignore_ascii_case(e))
                            })
                            && project.is_included(path, path.strip_prefix(root).ok());
                        if wanted {
                            lock.0.push(path.to_path_buf());
                        }
                    }
                    Err(err) => {
                        let name = project.name(root);
                        lock.1.push(InputFailure {
                            message: format!("{name}: {err}"),
                            path: name,
                        });
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let (paths, mut walk_failures) = match found.into_inner() {
        Ok(found) => found,
        Err(poisoned) => poisoned.into_inner(),
    };
    let mut named: Vec<(String, PathBuf)> = paths
        .into_iter()
        .filter(|path| {
            // Names first, so that only a file called like a reserved one
            // is resolved.
            let named_alike = reserved.iter().any(|r| r.file_name() == path.file_name());
            !(named_alike && std::fs::canonicalize(path).is_ok_and(|p| reserved.contains(&p)))
        })
        .map(|path| (project.name(&path), path))
        .collect();
    named.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
    collected
        .inputs
        .extend(named.into_iter().map(|(name, path)| NamedInput {
            input: Input::for_path(path),
            name: Some(name),
        }));
    walk_failures.sort_by(|a, b| a.message.cmp(&b.message));
    collected.failures.extend(walk_failures);
}
