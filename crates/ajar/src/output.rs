//! Writing outputs: atomically (temporary file in the same directory, then rename), never
//! through a symlink, and 0600 when the file holds personal data.

use miette::{IntoDiagnostic, Result, WrapErr, miette};
use std::io::Write;
use std::path::Path;

/// Whether the file holds personal data (then it is created 0600).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sensitivity {
    /// No personal data: the usual mode (0644 under a 022 umask).
    Public,
    /// Personal data: 0600 whatever the umask.
    Personal,
}

/// Writes `bytes` to `path` atomically. Refuses to replace a symlink. A path that names an
/// existing device or pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place: renaming
/// over it would replace the device with a regular file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], sensitivity: Sensitivity) -> Result<()> {
    write_atomic_with(path, sensitivity, |w| w.write_all(bytes))
}

/// [`write_atomic`] with the bytes written by `fill` as it goes, never held whole (issue #19:
/// a notification list of millions of persons): into a temporary file (0600 until it is known
/// to be public) renamed over `path` once complete and synced.
pub(crate) fn write_atomic_with(
    path: &Path,
    sensitivity: Sensitivity,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() && !path.starts_with("/dev") {
            return Err(miette!(
                "{}: refusing to write through a symlink",
                path.display()
            ));
        }
        let target = std::fs::metadata(path).ok();
        if target.is_some_and(|m| !m.is_file() && !m.is_dir()) {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .into_diagnostic()
                .wrap_err_with(|| format!("{}: cannot write", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            return fill(&mut w)
                .and_then(|()| w.flush())
                .into_diagnostic()
                .wrap_err_with(|| format!("{}: cannot write", path.display()));
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".ajar-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("{}: cannot create a temporary file", dir.display()))?;
    // tempfile creates 0600; public outputs get the conventional mode.
    #[cfg(unix)]
    if sensitivity == Sensitivity::Public {
        use std::os::unix::fs::PermissionsExt;
        let umask_safe = std::fs::Permissions::from_mode(0o644);
        tmp.as_file()
            .set_permissions(umask_safe)
            .into_diagnostic()
            .wrap_err_with(|| format!("{}: cannot set permissions", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = sensitivity;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        fill(&mut w)
            .and_then(|()| w.flush())
            .into_diagnostic()
            .wrap_err_with(|| format!("{}: cannot write", path.display()))?;
    }
    tmp.as_file()
        .sync_all()
        .into_diagnostic()
        .wrap_err_with(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .into_diagnostic()
        .wrap_err_with(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

/// The lock file a run holds in its output folder while it writes there.
pub(crate) const LOCK: &str = ".ajar.lock";

/// A run's hold on an output folder: two runs writing one folder at once could leave a mixed
/// set of files (issue #15). Taken with `create_new`, so only one run holds it; removed when
/// dropped. A lock left by a run that was killed is named in the error, for the user to remove.
#[derive(Debug)]
pub(crate) struct FolderLock(std::path::PathBuf);

impl FolderLock {
    /// Takes the lock of `dir` (which must exist), or says which run holds it.
    pub(crate) fn take(dir: &Path) -> Result<Self> {
        let path = dir.join(LOCK);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                // For whoever finds a stale lock: which process held it.
                let _ = writeln!(f, "{}", std::process::id());
                Ok(Self(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(miette!(
                "{}: another ajar run is writing to this folder (lock file `{LOCK}`); wait for it to end, or remove `{}` if no run is active",
                dir.display(),
                path.display()
            )),
            Err(e) => Err(e)
                .into_diagnostic()
                .wrap_err_with(|| format!("{}: cannot create the lock file", dir.display())),
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Writes a command's main output to `--output FILE`, or to stdout.
pub(crate) fn emit(output: Option<&Path>, bytes: &[u8], sensitivity: Sensitivity) -> Result<()> {
    match output {
        Some(path) => write_atomic(path, bytes, sensitivity),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .into_diagnostic()
        }
    }
}

/// [`emit`] with the bytes written by `fill` as it goes (buffered), never held whole.
pub(crate) fn emit_with(
    output: Option<&Path>,
    sensitivity: Sensitivity,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match output {
        Some(path) => write_atomic_with(path, sensitivity, fill),
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            fill(&mut out).and_then(|()| out.flush()).into_diagnostic()
        }
    }
}

/// Whether an error is a closed stdout (`ajar ... | head`), which is not a failure.
pub(crate) fn is_broken_pipe(report: &miette::Report) -> bool {
    report.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The absolute form of a path that may not exist yet: its nearest existing ancestor resolved
/// (symlinks included), the rest appended.
fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut tail = Vec::new();
    let mut head = abs.as_path();
    loop {
        if let Ok(real) = head.canonicalize() {
            let mut out = real;
            out.extend(tail.iter().rev());
            return Some(out);
        }
        tail.push(head.file_name()?.to_owned());
        head = head.parent()?;
    }
}

/// Refuses an output path equal to or inside an input: writing there would overwrite
/// or mix with the evidence (issue #15). Devices (`/dev/stdout`) are never inputs here.
pub(crate) fn refuse_over_inputs(output: &Path, flag: &str, inputs: &[&Path]) -> Result<()> {
    let Some(out) = resolved(output) else {
        return Ok(());
    };
    for input in inputs {
        let Some(inp) = resolved(input) else {
            continue;
        };
        if out.starts_with(&inp) {
            return Err(miette!(
                "{}: `{flag}` is, or lies inside, the input {}: refusing to write over evidence",
                output.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// Checks an ISO 3166-1 alpha-2 country code's shape, refusing the user-assigned codes (`AA`,
/// `QM`–`QZ`, `XA`–`XZ`, `ZZ`) that no country has: `JPN`, `Japan` and `XX` are mistakes.
pub(crate) fn country_code(flag: &str, value: &str) -> Result<String> {
    let up = value.trim().to_ascii_uppercase();
    let b = up.as_bytes();
    let shape = b.len() == 2 && b.iter().all(u8::is_ascii_uppercase);
    let user_assigned = matches!(
        b,
        [b'A', b'A'] | [b'Q', b'M'..=b'Z'] | [b'X', _] | [b'Z', b'Z']
    );
    if !shape || user_assigned {
        return Err(miette!(
            "`{flag} {value}`: not an ISO 3166-1 alpha-2 country code (e.g. JP, DE, US)"
        ));
    }
    Ok(up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_files_are_0600_and_public_0644() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("list.csv");
        write_atomic(&p, b"x", Sensitivity::Personal).unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let q = dir.path().join("report.json");
        write_atomic(&q, b"y", Sensitivity::Public).unwrap();
        assert_eq!(
            std::fs::metadata(&q).unwrap().permissions().mode() & 0o777,
            0o644
        );
        // Nothing else left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn devices_and_pipes_are_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"through", Sensitivity::Public).unwrap();
        assert_eq!(reader.join().unwrap(), b"through");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
    }

    #[test]
    fn refuses_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, b"keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(write_atomic(&link, b"x", Sensitivity::Public).is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
    }
}
