//! The normalised tables as files for DuckDB, Spark and Trino (`--emit parquet|jsonl DIR` of
//! `hunt` and `investigate`; issue #9; columns in `docs/schema/`).

use ajar_render::tables::{Opener, TableError, TableFormat, TableRow, TableWriter, Written};
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where and how to write the tables.
#[derive(Debug, Clone)]
pub struct Emit {
    /// Parquet or JSON lines.
    pub format: TableFormat,
    /// The folder that holds one sub-folder per table.
    pub dir: PathBuf,
}

/// The `created_by` of every Parquet file: pinned to ajar's version, never the library's.
pub const CREATED_BY: &str = concat!("ajar ", env!("CARGO_PKG_VERSION"));

impl Emit {
    /// Reads the two values of `--emit FORMAT DIR` (none: no tables).
    pub fn parse(values: &[String]) -> Result<Option<Self>> {
        let [format, dir] = values else {
            return Ok(None);
        };
        let format = match format.as_str() {
            "parquet" => TableFormat::Parquet,
            "jsonl" => TableFormat::Jsonl,
            other => {
                return Err(miette!(
                    "`--emit {other}`: expected `parquet` or `jsonl`, then a folder"
                ));
            }
        };
        if !format.available() {
            return Err(TableError::Unavailable).into_diagnostic();
        }
        Ok(Some(Self {
            format,
            dir: PathBuf::from(dir),
        }))
    }

    /// Creates `DIR` and refuses a table folder that already exists: two runs' partitions
    /// mixed in one table would be counted together.
    pub fn prepare(&self, tables: &[&str]) -> Result<()> {
        fs_err::create_dir_all(&self.dir).into_diagnostic()?;
        for t in tables {
            let p = self.dir.join(t);
            if std::fs::symlink_metadata(&p).is_ok() {
                return Err(miette!(
                    "{}: already exists; remove it or choose another `--emit` folder",
                    p.display()
                ));
            }
        }
        Ok(())
    }

    /// A writer of table `R`, part number `part`.
    pub fn writer<R>(&self, part: u32) -> Result<TableWriter<R>>
    where
        R: TableRow + ajar_render::tables::ParquetRow,
    {
        TableWriter::new(
            self.format,
            part,
            CREATED_BY,
            Box::new(DirOpener {
                root: self.dir.clone(),
            }),
        )
        .into_diagnostic()
        .wrap_err_with(|| format!("{}: cannot write the tables", self.dir.display()))
    }
}

/// Creates table files below a folder, 0600 (they hold IPs and user IDs), never over an
/// existing file or symlink.
#[derive(Debug, Clone)]
pub(crate) struct DirOpener {
    root: PathBuf,
}

impl Opener for DirOpener {
    fn open(&mut self, rel: &str) -> std::io::Result<Box<dyn Write + Send>> {
        let path = rel
            .split('/')
            .fold(self.root.clone(), |p, part| p.join(part));
        if let Some(parent) = path.parent() {
            fs_err::create_dir_all(parent)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        Ok(Box::new(std::io::BufWriter::with_capacity(1 << 16, file)))
    }
}

/// Finishes a writer, naming the folder on error.
pub(crate) fn finish<R>(w: TableWriter<R>, dir: &Path) -> Result<Written>
where
    R: TableRow + ajar_render::tables::ParquetRow,
{
    w.finish()
        .into_diagnostic()
        .wrap_err_with(|| format!("{}: cannot write the tables", dir.display()))
}

/// What the event sinks of one run wrote, shared between the parallel tasks.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) written: Written,
    pub(crate) error: Option<TableError>,
}

/// Shared [`Outcome`].
pub(crate) type Shared = std::sync::Arc<std::sync::Mutex<Outcome>>;

/// Writes a hunt's events into part `part` of the events table.
pub(crate) struct EventsSink {
    writer: TableWriter<ajar_model::table::EventRow>,
    error: Option<TableError>,
    shared: Shared,
}

impl EventsSink {
    pub(crate) fn new(emit: &Emit, part: u32, shared: Shared) -> Result<Self> {
        Ok(Self {
            writer: emit.writer(part)?,
            error: None,
            shared,
        })
    }
}

fn record(shared: &Shared, result: std::result::Result<Written, TableError>) {
    // A poisoned lock means another task panicked; its own error is reported instead.
    if let Ok(mut o) = shared.lock() {
        match result {
            Ok(w) => {
                o.written.rows += w.rows;
                o.written.files.extend(w.files);
                o.written.files.sort();
            }
            Err(e) => {
                if o.error.is_none() {
                    o.error = Some(e);
                }
            }
        }
    }
}

impl ajar_analyze::forensics::EventSink for EventsSink {
    fn row(&mut self, row: &ajar_model::table::EventRef<'_>) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.writer.write(*row) {
            self.error = Some(e);
        }
    }

    fn close(self: Box<Self>) {
        let Self {
            writer,
            error,
            shared,
        } = *self;
        let result = match error {
            Some(e) => Err(e),
            None => writer.finish(),
        };
        record(&shared, result);
    }
}

/// The outcome of a run's sinks: the files written, or the first error.
pub(crate) fn outcome(shared: &Shared, dir: &Path) -> Result<Written> {
    let mut o = shared
        .lock()
        .map_err(|_| miette!("{}: a writer task failed", dir.display()))?;
    if let Some(e) = o.error.take() {
        return Err(e)
            .into_diagnostic()
            .wrap_err_with(|| format!("{}: cannot write the tables", dir.display()));
    }
    Ok(std::mem::take(&mut o.written))
}
