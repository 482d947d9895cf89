//! The folder walk: the paths named on the command line expanded into
//! inputs. Folders are walked on all cores (respecting .gitignore, the
//! configured extensions, includes and excludes), and the paths are sorted
//! afterwards, so the report's order never depends on thread timing.

use crate::settings::Settings;
use credence_core::report::InputFailure;
use credence_input::Input;
use std::path::{Path, PathBuf};

/// Expand the command line into inputs: files as given, folders walked in
/// sorted order. Paths that do not exist are failures, reported by name.
/// A walked file that is one of `reserved` (resolved paths of the files the
/// run writes) is left out.
pub fn collect_inputs(
    paths: &[PathBuf],
    settings: &Settings,
    reserved: &[PathBuf],
) -> (Vec<Input>, Vec<InputFailure>) {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        let input = Input::for_argument(path);
        if matches!(input, Input::Stdin | Input::Url(_)) {
            inputs.push(input);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, settings, reserved, &mut inputs, &mut failures),
            Ok(_) => inputs.push(Input::for_path(path.clone())),
            Err(err) => failures.push(InputFailure {
                path: path.display().to_string(),
                message: format!("{}: {err}", path.display()),
            }),
        }
    }
    (inputs, failures)
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

/// What a folder walk picks up when no extensions are configured.
pub const DEFAULT_EXTENSIONS: [&str; 4] = ["txt", "md", "html", "htm"];

fn walk(
    root: &Path,
    settings: &Settings,
    reserved: &[PathBuf],
    inputs: &mut Vec<Input>,
    failures: &mut Vec<InputFailure>,
) {
    let default_extensions = DEFAULT_EXTENSIONS.map(str::to_owned);
    let extensions = settings
        .extensions
        .as_deref()
        .unwrap_or(&default_extensions);
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    let globs = settings
        .include
        .iter()
        .cloned()
        .chain(settings.exclude.iter().map(|g| format!("!{g}")));
    for glob in globs {
        if let Err(err) = overrides.add(&glob) {
            failures.push(InputFailure {
                path: glob.clone(),
                message: format!("invalid glob `{glob}`: {err}"),
            });
            return;
        }
    }
    let overrides = match overrides.build() {
        Ok(overrides) => overrides,
        Err(err) => {
            failures.push(InputFailure {
                path: root.display().to_string(),
                message: format!("invalid globs: {err}"),
            });
            return;
        }
    };
    // Walked on all cores; the paths are sorted afterwards, so the order of
    // the report never depends on which thread found a file first.
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .overrides(overrides)
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
                            });
                        if wanted {
                            lock.0.push(path.to_path_buf());
                        }
                    }
                    Err(err) => lock.1.push(InputFailure {
                        path: root.display().to_string(),
                        message: format!("{}: {err}", root.display()),
                    }),
                }
                ignore::WalkState::Continue
            })
        });
    let (mut paths, mut walk_failures) = match found.into_inner() {
        Ok(found) => found,
        Err(poisoned) => poisoned.into_inner(),
    };
    if !reserved.is_empty() {
        // Names first, so that only a file called like a reserved one is
        // resolved.
        paths.retain(|path| {
            let named_alike = reserved.iter().any(|r| r.file_name() == path.file_name());
            !(named_alike && std::fs::canonicalize(path).is_ok_and(|p| reserved.contains(&p)))
        });
    }
    paths.sort();
    walk_failures.sort_by(|a, b| a.message.cmp(&b.message));
    inputs.extend(paths.into_iter().map(Input::for_path));
    failures.extend(walk_failures);
}
