//! A metadata history kept in git (what teams keep with metadata backups), read through the
//! `git` command: commits with their dates, and a file's bytes at a commit.
//!
//! Works on bare repositories and on work trees (`DIR/.git`). Commit dates are the committer
//! dates as recorded (`%cI`), which backup tools set to the retrieve time.

use jiff::civil::Date;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Why the history cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// `git` could not be started.
    #[error("cannot run `git` (is it installed?)")]
    Spawn {
        /// The cause.
        source: std::io::Error,
    },
    /// `git` failed on this repository.
    #[error("{}: not a readable git repository (`git {command}` failed)", .path.display())]
    Git {
        /// The repository.
        path: PathBuf,
        /// The subcommand.
        command: String,
    },
    /// `git log` printed a line ajar does not understand.
    #[error("{}: unexpected `git log` output on line {line}", .path.display())]
    Format {
        /// The repository.
        path: PathBuf,
        /// 1-based line of the output.
        line: u64,
    },
}

/// One commit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Commit {
    /// Full hash.
    pub id: String,
    /// Committer time.
    pub time: jiff::Timestamp,
    /// The committer date as written (in the committer's own offset).
    pub date: Date,
}

impl Commit {
    /// The first 7 characters of the hash.
    pub fn short(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }
}

/// A git repository holding metadata snapshots.
#[derive(Debug, Clone)]
pub struct History {
    git_dir: PathBuf,
}

impl History {
    /// Opens `path` (a bare repository, or a work tree with `.git`).
    pub fn open(path: &Path) -> Result<Self, HistoryError> {
        let dot_git = path.join(".git");
        let git_dir = if dot_git.exists() {
            dot_git
        } else {
            path.to_path_buf()
        };
        let h = Self { git_dir };
        h.run(&["rev-parse", "--git-dir"])?;
        Ok(h)
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, HistoryError> {
        let out = Command::new("git")
            .arg("--git-dir")
            .arg(&self.git_dir)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .map_err(|source| HistoryError::Spawn { source })?;
        if !out.status.success() {
            return Err(HistoryError::Git {
                path: self.git_dir.clone(),
                command: args.first().copied().unwrap_or_default().to_owned(),
            });
        }
        Ok(out.stdout)
    }

    /// Commits reachable from `HEAD`, oldest first (first parents only).
    pub fn commits(&self) -> Result<Vec<Commit>, HistoryError> {
        let out = self.run(&[
            "log",
            "--first-parent",
            "--reverse",
            "--format=%H %cI",
            "HEAD",
        ])?;
        let text = String::from_utf8_lossy(&out);
        let mut commits = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let bad = || HistoryError::Format {
                path: self.git_dir.clone(),
                line: n as u64 + 1,
            };
            let (id, when) = line.split_once(' ').ok_or_else(bad)?;
            let time: jiff::Timestamp = when.parse().map_err(|_| bad())?;
            let date: Date = when
                .get(..10)
                .and_then(|d| d.parse().ok())
                .ok_or_else(bad)?;
            commits.push(Commit {
                id: id.to_owned(),
                time,
                date,
            });
        }
        Ok(commits)
    }

    /// Paths of every file at a commit, sorted.
    pub fn files(&self, commit: &str) -> Result<Vec<String>, HistoryError> {
        let out = self.run(&["ls-tree", "-r", "--name-only", "-z", commit])?;
        let mut files: Vec<String> = out
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        files.sort();
        Ok(files)
    }

    /// Writes the tree of a commit into `dest` (an empty folder), through `git archive`.
    pub fn extract(&self, commit: &str, dest: &Path) -> Result<(), HistoryError> {
        let bytes = self.run(&["archive", "--format=zip", commit])?;
        let bad = |_| HistoryError::Git {
            path: self.git_dir.clone(),
            command: "archive".to_owned(),
        };
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
        zip.extract(dest).map_err(bad)
    }

    /// A file's bytes at a commit, `None` when it does not exist there.
    pub fn show(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        let spec = format!("{commit}:{path}");
        match self.run(&["cat-file", "-e", &spec]) {
            Ok(_) => self.run(&["cat-file", "blob", &spec]).map(Some),
            Err(HistoryError::Git { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str], date: &str) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn reads_commits_files_and_blobs_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(
            d,
            &["init", "-q", "-b", "main"],
            "2015-01-01T00:00:00+09:00",
        );
        std::fs::write(d.join("a.xml"), "one").unwrap();
        git(d, &["add", "."], "2015-01-01T00:00:00+09:00");
        git(d, &["commit", "-qm", "first"], "2016-01-15T10:00:00+09:00");
        std::fs::write(d.join("a.xml"), "two").unwrap();
        std::fs::write(d.join("b.xml"), "new").unwrap();
        git(d, &["add", "."], "2020-11-26T09:30:00+09:00");
        git(d, &["commit", "-qm", "second"], "2020-11-26T09:30:00+09:00");
        let h = History::open(d).unwrap();
        let c = h.commits().unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].date, jiff::civil::date(2016, 1, 15));
        assert_eq!(c[1].date, jiff::civil::date(2020, 11, 26));
        assert_eq!(h.files(&c[0].id).unwrap(), vec!["a.xml"]);
        assert_eq!(h.show(&c[0].id, "a.xml").unwrap().unwrap(), b"one");
        assert_eq!(h.show(&c[1].id, "a.xml").unwrap().unwrap(), b"two");
        assert_eq!(h.show(&c[0].id, "b.xml").unwrap(), None);
        let out = tempfile::tempdir().unwrap();
        h.extract(&c[1].id, out.path()).unwrap();
        assert_eq!(std::fs::read(out.path().join("b.xml")).unwrap(), b"new");
    }

    #[test]
    fn a_plain_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            History::open(dir.path()),
            Err(HistoryError::Git { .. })
        ));
    }
}
