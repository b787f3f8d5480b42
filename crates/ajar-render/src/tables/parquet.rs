//! Parquet encoding of the tables, through Arrow arrays.
//!
//! Types are chosen so that DuckDB, Spark and Trino read them without casts: times are
//! `TIMESTAMP(MICROS, isAdjustedToUTC=true)`, days `DATE`, counts signed `INT64` (Spark has no
//! unsigned 64-bit type), everything else UTF-8 strings; data items a list of strings.

use super::TableError;
use ajar_model::event::{Outcome, PrincipalClass};
use ajar_model::table::{AuditRow, EventRow, ExposedRecord};
use arrow_array::builder::{
    Date32Builder, Int64Builder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::ArrowWriterOptions;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use std::io::Write;
use std::sync::Arc;

/// Row groups hold at most this many rows.
const ROW_GROUP_ROWS: usize = 128 * 1024;

mod events;

pub use events::EventColumns;

/// A row type with an Arrow schema.
pub trait ParquetRow: Sized {
    /// Where a file's rows wait to be encoded.
    type Columns: Columns + Send;
    /// The columns.
    fn schema() -> SchemaRef;
    /// Rows as one Arrow batch.
    fn batch(rows: &[Self]) -> Result<RecordBatch, ArrowError>;
}

/// Rows waiting to be encoded as one Arrow batch.
pub trait Columns {
    /// Nothing yet.
    fn new() -> Self;
    /// How many rows wait.
    fn len(&self) -> usize;
    /// Whether none wait.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The rows as a batch; none wait after.
    fn finish(&mut self) -> Result<RecordBatch, ArrowError>;
    /// The columns of a finished file, which [`Columns::new`] may hand out again.
    fn recycle(self)
    where
        Self: Sized,
    {
    }
}

/// Owned rows, encoded by [`ParquetRow::batch`] (the small tables).
#[derive(Debug)]
pub struct Rows<R>(Vec<R>);

impl<R> Rows<R> {
    /// Adds a row.
    pub fn push(&mut self, row: R) {
        self.0.push(row);
    }
}

impl<R: ParquetRow> Columns for Rows<R> {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let batch = R::batch(&self.0);
        self.0.clear();
        batch
    }
}

fn utc_micros() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn principal(p: PrincipalClass) -> &'static str {
    match p {
        PrincipalClass::Guest => "guest",
        PrincipalClass::External => "external",
        PrincipalClass::Internal => "internal",
        PrincipalClass::Unknown => "unknown",
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Read => "read",
        Outcome::Attempt => "attempt",
    }
}

fn strings<'a, R: 'a>(rows: &'a [R], f: impl Fn(&'a R) -> Option<&'a str>) -> ArrayRef {
    let mut b = StringBuilder::with_capacity(rows.len(), rows.len() * 16);
    for r in rows {
        b.append_option(f(r));
    }
    Arc::new(b.finish())
}

fn times<R>(rows: &[R], f: impl Fn(&R) -> jiff::Timestamp) -> ArrayRef {
    let mut b = TimestampMicrosecondBuilder::with_capacity(rows.len()).with_timezone("UTC");
    for r in rows {
        b.append_value(f(r).as_microsecond());
    }
    Arc::new(b.finish())
}

fn ints<R>(rows: &[R], f: impl Fn(&R) -> Option<u64>) -> ArrayRef {
    let mut b = Int64Builder::with_capacity(rows.len());
    for r in rows {
        b.append_option(f(r).map(|v| i64::try_from(v).unwrap_or(i64::MAX)));
    }
    Arc::new(b.finish())
}

fn days_since_epoch(d: jiff::civil::Date) -> Option<i32> {
    let days = jiff::civil::date(1970, 1, 1).until(d).ok()?.get_days();
    Some(days)
}

fn dates<R>(rows: &[R], f: impl Fn(&R) -> Option<jiff::civil::Date>) -> ArrayRef {
    let mut b = Date32Builder::with_capacity(rows.len());
    for r in rows {
        b.append_option(f(r).and_then(days_since_epoch));
    }
    Arc::new(b.finish())
}

impl ParquetRow for EventRow {
    type Columns = EventColumns;

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("event_time", utc_micros(), false),
            text("event_type", false),
            text("principal", false),
            text("principal_reason", false),
            text("user_id", true),
            text("ip", true),
            text("country", true),
            text("country_source", true),
            text("outcome", false),
            text("record_id", true),
            text("object", true),
            text("uri", true),
            text("request_id", true),
            text("user_agent", true),
            text("source_file", false),
            Field::new("source_line", DataType::Int64, false),
        ]))
    }

    fn batch(rows: &[Self]) -> Result<RecordBatch, ArrowError> {
        let mut c = EventColumns::new();
        for r in rows {
            c.push(&r.view());
        }
        c.finish()
    }
}

impl ParquetRow for AuditRow {
    type Columns = Rows<Self>;

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("event_time", utc_micros(), false),
            text("user", false),
            text("section", false),
            text("action", false),
            text("source_file", false),
            Field::new("source_line", DataType::Int64, false),
        ]))
    }

    fn batch(rows: &[Self]) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            times(rows, |r| r.event_time),
            strings(rows, |r| Some(r.user.as_str())),
            strings(rows, |r| Some(r.section.as_str())),
            strings(rows, |r| Some(r.action.as_str())),
            strings(rows, |r| Some(r.source_file.as_str())),
            ints(rows, |r| Some(r.source_line)),
        ];
        RecordBatch::try_new(Self::schema(), columns)
    }
}

impl ParquetRow for ExposedRecord {
    type Columns = Rows<Self>;

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            text("record_id", false),
            text("object", false),
            Field::new("person", DataType::Int64, true),
            Field::new(
                "items",
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                false,
            ),
            Field::new("window_start", DataType::Date32, true),
            Field::new("window_end", DataType::Date32, true),
        ]))
    }

    fn batch(rows: &[Self]) -> Result<RecordBatch, ArrowError> {
        let mut items = ListBuilder::new(StringBuilder::new());
        for r in rows {
            for i in &r.items {
                items.values().append_value(i.as_str());
            }
            items.append(true);
        }
        let columns: Vec<ArrayRef> = vec![
            strings(rows, |r| Some(r.record_id.as_str())),
            strings(rows, |r| Some(r.object.as_str())),
            ints(rows, |r| r.person),
            Arc::new(items.finish()),
            dates(rows, |r| r.window_start),
            dates(rows, |r| r.window_end),
        ];
        RecordBatch::try_new(Self::schema(), columns)
    }
}

/// One Parquet file being written.
pub(super) struct ParquetFile<R: ParquetRow> {
    writer: ArrowWriter<Box<dyn Write + Send>>,
    buffer: R::Columns,
    rows: u64,
}

impl<R: super::TableRow + ParquetRow> ParquetFile<R> {
    pub(super) fn new(
        file: Box<dyn Write + Send>,
        created_by: &str,
        path: &str,
    ) -> Result<Self, TableError> {
        let props = WriterProperties::builder()
            .set_created_by(created_by.to_owned())
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "ajar.schema".to_owned(),
                R::SCHEMA.to_owned(),
            )]))
            .build();
        // No embedded Arrow schema: its bytes depend on the arrow version, and the Parquet
        // logical types already say everything (UTC timestamps, dates, lists).
        let options = ArrowWriterOptions::new()
            .with_properties(props)
            .with_skip_arrow_metadata(true);
        let writer =
            ArrowWriter::try_new_with_options(file, R::schema(), options).map_err(|e| {
                TableError::Encode {
                    path: path.to_owned(),
                    row: 0,
                    source: Box::new(e),
                }
            })?;
        Ok(Self {
            writer,
            buffer: R::Columns::new(),
            rows: 0,
        })
    }

    fn encode(&mut self, path: &str) -> Result<(), TableError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let err = |rows: u64, e: Box<dyn std::error::Error + Send + Sync>| TableError::Encode {
            path: path.to_owned(),
            row: rows,
            source: e,
        };
        let batch = self
            .buffer
            .finish()
            .map_err(|e| err(self.rows, Box::new(e)))?;
        self.writer
            .write(&batch)
            .map_err(|e| err(self.rows, Box::new(e)))
    }

    pub(super) fn write<V: super::RowOf<R>>(
        &mut self,
        row: V,
        path: &str,
    ) -> Result<(), TableError> {
        self.rows += 1;
        row.append(&mut self.buffer);
        if self.buffer.len() >= super::BATCH_ROWS {
            self.encode(path)?;
        }
        Ok(())
    }

    pub(super) fn finish(mut self, path: &str) -> Result<(), TableError> {
        self.encode(path)?;
        self.buffer.recycle();
        self.writer.finish().map_err(|e| TableError::Encode {
            path: path.to_owned(),
            row: self.rows,
            source: Box::new(e),
        })?;
        self.writer
            .inner_mut()
            .flush()
            .map_err(|source| TableError::Io {
                path: path.to_owned(),
                source,
            })
    }
}
