//! The normalised tables as files for data lakes: Hive-partitioned Parquet (feature `parquet`)
//! or JSON lines with the same columns (issue #9).
//!
//! A table is a folder: `events/event_date=2020-11-20/part-00000.parquet`,
//! `audit/event_date=…/part-00000.parquet`, `exposed/part-00000.parquet`. Rows stream in: each
//! partition keeps at most [`BATCH_ROWS`] rows in memory before encoding them, so memory grows
//! with the number of days seen, not with the number of rows. The renderer never touches the
//! file system: the caller's [`Opener`] creates each file.
//!
//! Same rows in the same order give the same bytes: Parquet's `created_by` is set by the
//! caller, no Arrow schema blob or clock value is written.

#[cfg(feature = "parquet")]
mod parquet;

mod jsonl;

use ajar_model::table::{AuditRow, EventRef, EventRow, ExposedRecord};
use std::io::Write;

/// Rows buffered per partition before they are encoded.
pub const BATCH_ROWS: usize = 8192;

/// The file format of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Apache Parquet, snappy-compressed (needs the `parquet` feature).
    Parquet,
    /// One JSON object per line.
    Jsonl,
}

impl TableFormat {
    /// Whether this build can write the format.
    pub fn available(self) -> bool {
        match self {
            Self::Parquet => cfg!(feature = "parquet"),
            Self::Jsonl => true,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Parquet => "parquet",
            Self::Jsonl => "jsonl",
        }
    }
}

/// Creates the files of a table; `rel` is a `/`-separated path below the output folder.
pub trait Opener {
    /// Creates `rel` (and its folders) for writing.
    fn open(&mut self, rel: &str) -> std::io::Result<Box<dyn Write + Send>>;
}

/// Why a table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be created or written.
    #[error("{path}: cannot write")]
    Io {
        /// The file, relative to the output folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A row could not be encoded.
    #[error("{path}: cannot encode row {row}")]
    Encode {
        /// The file.
        path: String,
        /// The row's position in the file (1-based).
        row: u64,
        /// The cause.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The format needs a feature this build lacks.
    #[error(
        "this build of ajar cannot write Parquet (built without the `parquet` feature); use `--emit jsonl`"
    )]
    Unavailable,
}

/// A table's row type: its name, schema identifier and partition.
pub trait TableRow: serde::Serialize + Sized {
    /// The table's folder name.
    const TABLE: &'static str;
    /// The schema identifier written into each file's metadata.
    const SCHEMA: &'static str;
    /// The partition (`event_date`, UTC) of the row, or `None` for an unpartitioned table.
    fn partition(&self) -> Option<jiff::civil::Date>;
}

fn utc_date(t: jiff::Timestamp) -> jiff::civil::Date {
    // Through the fixed offset: no time zone is made for each row.
    jiff::tz::Offset::UTC.to_datetime(t).date()
}

impl TableRow for EventRow {
    const TABLE: &'static str = "events";
    const SCHEMA: &'static str = ajar_model::table::EVENTS_SCHEMA;
    fn partition(&self) -> Option<jiff::civil::Date> {
        Some(utc_date(self.event_time))
    }
}

impl TableRow for AuditRow {
    const TABLE: &'static str = "audit";
    const SCHEMA: &'static str = ajar_model::table::AUDIT_SCHEMA;
    fn partition(&self) -> Option<jiff::civil::Date> {
        Some(utc_date(self.event_time))
    }
}

impl TableRow for ExposedRecord {
    const TABLE: &'static str = "exposed";
    const SCHEMA: &'static str = ajar_model::table::EXPOSED_SCHEMA;
    fn partition(&self) -> Option<jiff::civil::Date> {
        None
    }
}

/// What can be written as a row of table `R`: an `R`, or for the events table a borrowed
/// [`EventRef`], copied straight into the Parquet columns (issue #19).
pub trait RowOf<R: TableRow + ParquetRow>: serde::Serialize {
    /// The row's partition, as [`TableRow::partition`].
    fn partition(&self) -> Option<jiff::civil::Date>;
    /// The time whose UTC date is the partition, for a table partitioned by day: rows of one
    /// day are placed without working out their date again.
    fn time(&self) -> Option<jiff::Timestamp> {
        None
    }
    /// Adds the row to the rows waiting to be encoded.
    #[cfg(feature = "parquet")]
    fn append(self, columns: &mut R::Columns);
}

macro_rules! owned_row_of {
    ($t:ty) => {
        impl RowOf<$t> for $t {
            fn partition(&self) -> Option<jiff::civil::Date> {
                TableRow::partition(self)
            }
            #[cfg(feature = "parquet")]
            fn append(self, columns: &mut <$t as ParquetRow>::Columns) {
                columns.push(self);
            }
        }
    };
}
owned_row_of!(AuditRow);
owned_row_of!(ExposedRecord);

impl RowOf<EventRow> for EventRow {
    fn partition(&self) -> Option<jiff::civil::Date> {
        TableRow::partition(self)
    }
    fn time(&self) -> Option<jiff::Timestamp> {
        Some(self.event_time)
    }
    #[cfg(feature = "parquet")]
    fn append(self, columns: &mut parquet::EventColumns) {
        columns.push(&self.view());
    }
}

impl RowOf<EventRow> for EventRef<'_> {
    fn partition(&self) -> Option<jiff::civil::Date> {
        Some(utc_date(self.event_time))
    }
    fn time(&self) -> Option<jiff::Timestamp> {
        Some(self.event_time)
    }
    #[cfg(feature = "parquet")]
    fn append(self, columns: &mut parquet::EventColumns) {
        columns.push(&self);
    }
}

/// The path of a partition's file: `events/event_date=2020-11-20/part-00003.parquet`.
pub fn file_path<R: TableRow>(
    format: TableFormat,
    partition: Option<jiff::civil::Date>,
    part: u32,
) -> String {
    let ext = format.extension();
    match partition {
        Some(d) => format!("{}/event_date={d}/part-{part:05}.{ext}", R::TABLE),
        None => format!("{}/part-{part:05}.{ext}", R::TABLE),
    }
}

/// One open file of a partition.
enum Sink<R: ParquetRow> {
    Jsonl(jsonl::JsonlFile),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet::ParquetFile<R>>),
    #[cfg(not(feature = "parquet"))]
    #[expect(dead_code, reason = "keeps `R` used when Parquet is compiled out")]
    Never(std::marker::PhantomData<R>),
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files, relative to the output folder, sorted.
    pub files: Vec<String>,
    /// Rows.
    pub rows: u64,
}

/// A streaming writer of one table, one file per partition.
pub struct TableWriter<R: TableRow + ParquetRow> {
    format: TableFormat,
    part: u32,
    created_by: String,
    opener: Box<dyn Opener + Send>,
    /// The open files, one per partition, and their paths.
    open: Vec<(Option<jiff::civil::Date>, String, Sink<R>)>,
    /// Where the last row went: its file in `open`, and its UTC day.
    last: Option<Last>,
    rows: u64,
}

/// The file of the last row written, and the UTC day it holds.
#[derive(Debug, Clone, Copy)]
struct Last {
    /// Its place in [`TableWriter::open`].
    file: usize,
    /// Days since 1970-01-01 (UTC).
    day: i64,
}

const DAY_MICROS: i64 = 86_400_000_000;

impl<R: TableRow + ParquetRow> std::fmt::Debug for TableWriter<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableWriter")
            .field("table", &R::TABLE)
            .field("partitions", &self.open.len())
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl<R: TableRow + ParquetRow> TableWriter<R> {
    /// A writer of part number `part` (several writers of one table use distinct numbers).
    /// `created_by` goes into each Parquet file (`ajar 0.1.0`).
    pub fn new(
        format: TableFormat,
        part: u32,
        created_by: &str,
        opener: Box<dyn Opener + Send>,
    ) -> Result<Self, TableError> {
        if !format.available() {
            return Err(TableError::Unavailable);
        }
        Ok(Self {
            format,
            part,
            created_by: created_by.to_owned(),
            opener,
            open: Vec::new(),
            last: None,
            rows: 0,
        })
    }

    /// Adds a row.
    pub fn write<V: RowOf<R>>(&mut self, row: V) -> Result<(), TableError> {
        // Rows come by time: a row of the last row's UTC day goes to its file, found without
        // working out the date (about 0.5 % of a hunt over every principal, issue #19). Days
        // rounded down (before 1970 too, where rounding toward zero would give the next day).
        let day = row
            .time()
            .map(|t| t.as_microsecond().div_euclid(DAY_MICROS));
        let file = match (self.last, day) {
            (Some(last), Some(d)) if last.day == d => last.file,
            _ => self.file_for(&row, day)?,
        };
        self.rows += 1;
        let Some((_, path, sink)) = self.open.get_mut(file) else {
            // `file_for` gives places in `open` only.
            return Err(TableError::Encode {
                path: R::TABLE.to_owned(),
                row: self.rows,
                source: "no open file for the row's partition".into(),
            });
        };
        match sink {
            Sink::Jsonl(f) => f.write(&row, path),
            #[cfg(feature = "parquet")]
            Sink::Parquet(f) => f.write(row, path),
            #[cfg(not(feature = "parquet"))]
            Sink::Never(_) => Ok(()),
        }
    }

    /// The place in `open` of the file of `row`'s partition, opened if need be; remembered as
    /// the last when the partition is a day (`day`, the row's).
    fn file_for<V: RowOf<R>>(&mut self, row: &V, day: Option<i64>) -> Result<usize, TableError> {
        let key = row.partition();
        let file = match self.open.iter().position(|(k, _, _)| *k == key) {
            Some(i) => i,
            None => {
                let path = file_path::<R>(self.format, key, self.part);
                let file = self.opener.open(&path).map_err(|source| TableError::Io {
                    path: path.clone(),
                    source,
                })?;
                let sink = match self.format {
                    TableFormat::Jsonl => Sink::Jsonl(jsonl::JsonlFile::new(file)),
                    #[cfg(feature = "parquet")]
                    TableFormat::Parquet => Sink::Parquet(Box::new(parquet::ParquetFile::new(
                        file,
                        &self.created_by,
                        &path,
                    )?)),
                    #[cfg(not(feature = "parquet"))]
                    TableFormat::Parquet => return Err(TableError::Unavailable),
                };
                self.open.push((key, path, sink));
                self.open.len() - 1
            }
        };
        self.last = day.map(|day| Last { file, day });
        Ok(file)
    }

    /// Flushes and closes every file.
    pub fn finish(self) -> Result<Written, TableError> {
        let _ = &self.created_by;
        let mut files = Vec::new();
        // In partition order, as the files were once kept.
        let mut open = self.open;
        open.sort_by_key(|(k, _, _)| *k);
        for (_, path, sink) in open {
            match sink {
                Sink::Jsonl(f) => f.finish(&path)?,
                #[cfg(feature = "parquet")]
                Sink::Parquet(f) => (*f).finish(&path)?,
                #[cfg(not(feature = "parquet"))]
                Sink::Never(_) => {}
            }
            files.push(path);
        }
        files.sort();
        Ok(Written {
            files,
            rows: self.rows,
        })
    }
}

#[cfg(feature = "parquet")]
pub use parquet::{Columns, EventColumns, ParquetRow, Rows};

/// Without the `parquet` feature every row type is trivially one.
#[cfg(not(feature = "parquet"))]
pub trait ParquetRow {}
#[cfg(not(feature = "parquet"))]
impl<T> ParquetRow for T {}

#[cfg(test)]
mod tests;
