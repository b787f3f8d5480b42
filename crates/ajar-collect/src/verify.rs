//! `ajar verify DIR`: re-hashes every file listed in `manifest.json` and lists what changed,
//! what is missing and what was added.

use crate::manifest::{self, Manifest};
use crate::store::hash_file;
use std::path::{Path, PathBuf};

/// What a folder looks like against its manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Files whose bytes or size differ from the manifest.
    pub changed: Vec<String>,
    /// Files listed but absent.
    pub missing: Vec<String>,
    /// Files present but not listed.
    pub extra: Vec<String>,
    /// Files that match.
    pub intact: usize,
}

impl Verdict {
    /// True when every file matches and nothing was added.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Why a folder cannot be verified.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// No manifest, or one that cannot be read.
    #[error("{}: {reason}", .path.display())]
    Manifest {
        /// `manifest.json`.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The folder cannot be listed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Re-hashes `dir` against `dir/manifest.json`.
pub fn verify(dir: &Path) -> Result<Verdict, VerifyError> {
    let path = dir.join(manifest::FILE_NAME);
    let text = std::fs::read_to_string(&path).map_err(|e| VerifyError::Manifest {
        path: path.clone(),
        reason: format!("cannot read the manifest ({})", e.kind()),
    })?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| VerifyError::Manifest {
        path: path.clone(),
        reason: format!(
            "not an ajar manifest (line {}, column {})",
            e.line(),
            e.column()
        ),
    })?;
    if m.schema != manifest::SCHEMA {
        return Err(VerifyError::Manifest {
            path,
            reason: format!("schema is `{}`, not `{}`", m.schema, manifest::SCHEMA),
        });
    }
    let mut v = Verdict::default();
    for (rel, entry) in &m.files {
        if rel.split('/').any(|p| p == ".." || p.is_empty()) {
            return Err(VerifyError::Manifest {
                path,
                reason: "a listed path leaves the folder".into(),
            });
        }
        match hash_file(&dir.join(rel)) {
            Ok((sha, bytes)) if sha == entry.sha256 && bytes == entry.bytes => v.intact += 1,
            Ok(_) => v.changed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => v.missing.push(rel.clone()),
            Err(_) => v.changed.push(rel.clone()),
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found)?;
    for rel in found {
        if rel != manifest::FILE_NAME && !m.files.contains_key(&rel) {
            v.extra.push(rel);
        }
    }
    v.extra.sort();
    Ok(v)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in fs_err::read_dir(dir)? {
        let entry = entry?;
        let p = entry.path();
        if entry.file_type()?.is_dir() {
            walk(root, &p, out)?;
        } else if let Ok(rel) = p.strip_prefix(root) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}
