//! The collection folder: files written under a temporary name, hashed while written, renamed,
//! then made read-only; the previous manifest, to resume a run.

use crate::CollectError;
use crate::manifest::{self, Call, FileEntry, Manifest};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Counts CSV records in a byte stream: line feeds outside quotes (RFC 4180 doubles a quote
/// inside a quoted value, which toggles twice and changes nothing).
#[derive(Debug, Default, Clone)]
pub(crate) struct RowCounter {
    in_quotes: bool,
    records: u64,
    last: Option<u8>,
}

impl RowCounter {
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        while let Some(i) = memchr::memchr2(b'"', b'\n', rest) {
            let tail = rest.get(i..).unwrap_or_default();
            match tail.first() {
                Some(b'"') => self.in_quotes = !self.in_quotes,
                Some(_) if !self.in_quotes => self.records += 1,
                _ => {}
            }
            rest = tail.get(1..).unwrap_or_default();
        }
        if let Some(&b) = chunk.last() {
            self.last = Some(b);
        }
    }

    /// Data rows: records after the header.
    pub(crate) fn rows(&self) -> u64 {
        let unterminated = u64::from(self.last.is_some_and(|b| b != b'\n'));
        (self.records + unterminated).saturating_sub(1)
    }
}

/// The folder being filled.
#[derive(Debug)]
pub(crate) struct Store {
    root: PathBuf,
    previous: BTreeMap<String, FileEntry>,
    entries: Mutex<BTreeMap<String, FileEntry>>,
    resumed: std::sync::atomic::AtomicUsize,
}

/// A file being written: temporary name, running hash, size and row count.
pub(crate) struct Pending<'a> {
    store: &'a Store,
    rel: String,
    tmp: PathBuf,
    out: BufWriter<File>,
    hash: Sha256,
    bytes: u64,
    rows: RowCounter,
}

impl Store {
    /// Opens (creating) the folder and reads the manifest of a previous run, if any.
    pub(crate) fn open(root: &Path) -> Result<Self, CollectError> {
        fs_err::create_dir_all(root)?;
        let path = root.join(manifest::FILE_NAME);
        let previous = if path.exists() {
            let text = fs_err::read_to_string(&path)?;
            let m: Manifest = serde_json::from_str(&text).map_err(|e| CollectError::Manifest {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            if m.schema != manifest::SCHEMA {
                return Err(CollectError::Manifest {
                    path,
                    reason: format!("schema is `{}`, not `{}`", m.schema, manifest::SCHEMA),
                });
            }
            m.files
        } else {
            BTreeMap::new()
        };
        Ok(Self {
            root: root.to_path_buf(),
            previous,
            entries: Mutex::new(BTreeMap::new()),
            resumed: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// True (and the entry kept) when a previous run wrote `rel` from the same call and the
    /// file still has the recorded hash.
    pub(crate) fn resume(&self, rel: &str, call: &Call) -> bool {
        let Some(prev) = self.previous.get(rel) else {
            return false;
        };
        if prev.call != *call {
            return false;
        }
        match hash_file(&self.root.join(rel)) {
            Ok((sha, bytes)) if sha == prev.sha256 && bytes == prev.bytes => {
                self.record(rel, prev.clone());
                self.resumed
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    fn record(&self, rel: &str, entry: FileEntry) {
        if let Ok(mut e) = self.entries.lock() {
            e.insert(rel.to_string(), entry);
        }
    }

    /// Starts writing `rel` (a `/`-separated path) under a temporary name, created 0600.
    pub(crate) fn create(&self, rel: &str) -> Result<Pending<'_>, CollectError> {
        let path = self.root.join(rel);
        let dir = path.parent().unwrap_or(&self.root);
        fs_err::create_dir_all(dir)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.part"));
        let file = create_private(&tmp)?;
        Ok(Pending {
            store: self,
            rel: rel.to_string(),
            tmp,
            out: BufWriter::with_capacity(256 * 1024, file),
            hash: Sha256::new(),
            bytes: 0,
            rows: RowCounter::default(),
        })
    }

    /// Files kept from a previous run.
    pub(crate) fn resumed(&self) -> usize {
        self.resumed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The entries written or kept so far.
    pub(crate) fn entries(&self) -> BTreeMap<String, FileEntry> {
        self.entries.lock().map(|e| e.clone()).unwrap_or_default()
    }

    /// Writes `bytes` as `rel` atomically (for the manifest itself), read-only.
    pub(crate) fn write_whole(&self, rel: &str, bytes: &[u8]) -> Result<(), CollectError> {
        let path = self.root.join(rel);
        let tmp = self.root.join(format!(".{rel}.part"));
        {
            let mut f = create_private(&tmp)?;
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .map_err(|e| CollectError::io(&tmp, e))?;
        }
        finish_file(&tmp, &path)
    }
}

impl Pending<'_> {
    /// Appends bytes.
    pub(crate) fn write(&mut self, chunk: &[u8]) -> Result<(), CollectError> {
        self.hash.update(chunk);
        self.rows.feed(chunk);
        self.bytes += chunk.len() as u64;
        self.out
            .write_all(chunk)
            .map_err(|e| CollectError::io(&self.tmp, e))
    }

    /// Copies a reader to the file without holding more than one buffer.
    pub(crate) fn copy_from(&mut self, r: &mut dyn Read) -> std::io::Result<u64> {
        let mut buf = vec![0u8; 256 * 1024];
        let mut total = 0;
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => return Ok(total),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let chunk = buf.get(..n).unwrap_or_default();
            self.write(chunk).map_err(std::io::Error::other)?;
            total += n as u64;
        }
    }

    pub(crate) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Data rows so far.
    pub(crate) fn rows(&self) -> u64 {
        self.rows.rows()
    }

    /// Flushes, renames into place, makes read-only and records the entry.
    pub(crate) fn commit(self, call: Call) -> Result<FileEntry, CollectError> {
        let Pending {
            store,
            rel,
            tmp,
            out,
            hash,
            bytes,
            rows,
        } = self;
        let file = out
            .into_inner()
            .map_err(|e| CollectError::io(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| CollectError::io(&tmp, e))?;
        drop(file);
        finish_file(&tmp, &store.root.join(&rel))?;
        let entry = FileEntry {
            call,
            fetched: jiff::Timestamp::now().to_string(),
            bytes,
            rows: rows.rows(),
            sha256: hex(&hash.finalize()),
        };
        store.record(&rel, entry.clone());
        Ok(entry)
    }

    /// Drops the temporary file (a failed download leaves nothing half-written).
    pub(crate) fn abandon(self) {
        let tmp = self.tmp.clone();
        drop(self);
        let _ = std::fs::remove_file(tmp);
    }
}

fn create_private(path: &Path) -> Result<File, CollectError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map_err(|e| CollectError::io(path, e))
}

/// Renames `tmp` over `path` (a read-only file from an earlier run is replaced: renaming needs
/// only the folder's permission) and makes it read-only.
fn finish_file(tmp: &Path, path: &Path) -> Result<(), CollectError> {
    fs_err::rename(tmp, path)?;
    let mut perm = fs_err::metadata(path)?.permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        perm.set_mode(0o400);
    }
    #[cfg(not(unix))]
    perm.set_readonly(true);
    fs_err::set_permissions(path, perm)?;
    Ok(())
}

/// SHA-256 (hex) and size of a file, read in chunks.
pub(crate) fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = File::open(path)?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hash.update(buf.get(..n).unwrap_or_default());
        total += n as u64;
    }
    Ok((hex(&hash.finalize()), total))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::RowCounter;

    fn rows(s: &str) -> u64 {
        let mut c = RowCounter::default();
        for chunk in s.as_bytes().chunks(3) {
            c.feed(chunk);
        }
        c.rows()
    }

    #[test]
    fn counts_records_not_lines() {
        assert_eq!(rows(""), 0);
        assert_eq!(rows("\"A\",\"B\"\n"), 0);
        assert_eq!(rows("\"A\"\n\"x\ny\"\n\"z\"\"q\"\n"), 2);
        assert_eq!(rows("\"A\"\n\"1\"\n\"2\""), 2);
    }
}
