//! One notion of a document's path. Every file is named relative to the
//! project root (the folder of the `credence.toml` in use, else the current
//! folder), normalised: no `./`, no `..`, `/` separators. Excludes,
//! includes, per-path settings, baselines and every report see this name, so
//! a run gives the same result wherever it is started and however its paths
//! are typed (`content/a.md`, `./content/a.md`, an absolute path, or
//! `a.md` from inside `content/`).

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Component, Path, PathBuf};

/// The project root and the globs that choose its files.
#[derive(Debug, Clone)]
pub struct Project {
    /// Absolute and normalised.
    root: PathBuf,
    /// The current folder, absolute and normalised: relative paths are
    /// typed from here.
    cwd: PathBuf,
    /// `exclude` globs, gitignore syntax, relative to the root.
    excludes: Gitignore,
    /// `include` globs; `None` when there are none (everything is taken).
    includes: Option<Gitignore>,
}

impl Project {
    /// A project rooted at `root` (else the current folder), choosing files
    /// by gitignore-syntax `include` and `exclude` globs relative to it.
    pub fn new(
        root: Option<&Path>,
        include: &[String],
        exclude: &[String],
    ) -> Result<Project, String> {
        let cwd = std::env::current_dir()
            .map(|cwd| normalise(&cwd))
            .map_err(|err| format!("cannot read the current folder: {err}"))?;
        let root = root.map_or_else(|| cwd.clone(), |root| normalise(&cwd.join(root)));
        let excludes = matcher(exclude)?;
        let includes = if include.is_empty() {
            None
        } else {
            Some(matcher(include)?)
        };
        Ok(Project {
            root,
            cwd,
            excludes,
            includes,
        })
    }

    /// The absolute, normalised form of a path typed from the current folder.
    pub fn absolute(&self, typed: &Path) -> PathBuf {
        normalise(&self.cwd.join(typed))
    }

    /// The path relative to the root, when the file is inside the project.
    pub fn relative(&self, typed: &Path) -> Option<PathBuf> {
        let absolute = self.absolute(typed);
        if let Ok(inside) = absolute.strip_prefix(&self.root) {
            return Some(inside.to_path_buf());
        }
        // The same folder reached through a symbolic link.
        let real = std::fs::canonicalize(&absolute).ok()?;
        let root = std::fs::canonicalize(&self.root).ok()?;
        real.strip_prefix(root).ok().map(Path::to_path_buf)
    }

    /// The name a file is reported and matched under: relative to the root
    /// inside the project, else the path as typed, normalised.
    pub fn name(&self, typed: &Path) -> String {
        match self.relative(typed) {
            Some(inside) if inside.as_os_str().is_empty() => ".".into(),
            Some(inside) => slashed(&inside),
            None => slashed(&normalise(typed)),
        }
    }

    /// Whether an exclude glob matches this file or folder, or a folder
    /// above it inside the project. `fallback` is matched instead when the
    /// path is outside the project (the path below the folder walked).
    pub fn is_excluded(&self, typed: &Path, is_dir: bool, fallback: Option<&Path>) -> bool {
        self.matches(&self.excludes, typed, is_dir, fallback)
    }

    /// Whether the include globs take this file (all files when there are
    /// none). `fallback` as for `is_excluded`.
    pub fn is_included(&self, typed: &Path, fallback: Option<&Path>) -> bool {
        self.includes
            .as_ref()
            .is_none_or(|includes| self.matches(includes, typed, false, fallback))
    }

    /// Whether `globs` match the project path of `typed` or a folder above
    /// it; `fallback` stands in for a path outside the project, and with no
    /// fallback such a path matches nothing.
    fn matches(
        &self,
        globs: &Gitignore,
        typed: &Path,
        is_dir: bool,
        fallback: Option<&Path>,
    ) -> bool {
        self.relative(typed)
            .or_else(|| fallback.map(Path::to_path_buf))
            .is_some_and(|path| {
                matches!(
                    globs.matched_path_or_any_parents(&path, is_dir),
                    Match::Ignore(_)
                )
            })
    }
}

/// Gitignore-syntax globs relative to the project root (unclosed character
/// classes are errors, not literals).
fn matcher(globs: &[String]) -> Result<Gitignore, String> {
    let mut builder = GitignoreBuilder::new("");
    builder.allow_unclosed_class(false);
    for glob in globs {
        builder
            .add_line(None, glob)
            .map_err(|err| format!("invalid glob `{glob}`: {err}"))?;
    }
    builder
        .build()
        .map_err(|err| format!("invalid globs: {err}"))
}

/// `path` with `.` removed and each `..` taking away the part before it,
/// without touching the file system (so it holds for paths that do not
/// exist). A `..` with nothing before it is kept.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A path written with `/` between its parts, whatever the platform.
fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(root: &str, include: &[&str], exclude: &[&str]) -> Project {
        let strings = |globs: &[&str]| globs.iter().map(|g| (*g).to_owned()).collect::<Vec<_>>();
        Project {
            root: PathBuf::from(root),
            cwd: PathBuf::from("/repo/content"),
            excludes: matcher(&strings(exclude)).unwrap(),
            includes: (!include.is_empty()).then(|| matcher(&strings(include)).unwrap()),
        }
    }

    #[test]
    fn normalising_removes_dots_and_parent_steps() {
        assert_eq!(normalise(Path::new("./a/./b/../c")), Path::new("a/c"));
        assert_eq!(normalise(Path::new("../a")), Path::new("../a"));
        assert_eq!(normalise(Path::new("/x/../../y")), Path::new("/y"));
    }

    #[test]
    fn one_file_has_one_name_however_it_is_typed() {
        let p = project("/repo", &[], &[]);
        for typed in [
            "op.txt",
            "./op.txt",
            "../content/op.txt",
            "/repo/content/op.txt",
        ] {
            assert_eq!(p.name(Path::new(typed)), "content/op.txt", "{typed}");
        }
        assert_eq!(p.name(Path::new("/elsewhere/./a.txt")), "/elsewhere/a.txt");
    }

    #[test]
    fn excludes_match_from_the_root_not_from_the_folder_walked() {
        let p = project("/repo", &[], &["content/news/", "drafts"]);
        assert!(p.is_excluded(Path::new("news/a.md"), false, None));
        assert!(p.is_excluded(Path::new("news"), true, None));
        assert!(!p.is_excluded(Path::new("opinion/a.md"), false, None));
        // An unanchored glob matches at any depth.
        assert!(p.is_excluded(Path::new("drafts/x.md"), false, None));
        assert!(p.is_excluded(Path::new("/repo/drafts"), true, None));
    }

    #[test]
    fn includes_take_matching_files_only() {
        let p = project("/repo", &["content/**/*.md"], &[]);
        assert!(p.is_included(Path::new("a.md"), None));
        assert!(p.is_included(Path::new("news/a.md"), None));
        assert!(!p.is_included(Path::new("a.txt"), None));
        assert!(project("/repo", &[], &[]).is_included(Path::new("a.txt"), None));
    }

    #[test]
    fn outside_the_project_globs_see_the_fallback() {
        let p = project("/repo", &["*.md"], &["b.md"]);
        let outside = Path::new("/other/b.md");
        assert!(p.is_excluded(outside, false, Some(Path::new("b.md"))));
        assert!(!p.is_excluded(outside, false, None));
        assert!(p.is_included(outside, Some(Path::new("b.md"))));
    }
}
