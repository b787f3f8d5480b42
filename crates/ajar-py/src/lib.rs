//! `ajar_py`: ajar's log normaliser as a Python module, for engines that hand over a data
//! lake's files one by one: Spark's `mapInArrow` over the `binaryFile` source (issue #19;
//! recipe in docs/scale-out.md).
//!
//! ```python
//! import ajar_py
//! n = ajar_py.Normaliser(users="User.csv", geoip="ip-country.csv", principals=["guest", "external"])
//! batches = n.normalise("2022-10-01/ApiEvent.csv", data)   # list of pyarrow.RecordBatch
//! ```
//!
//! The batches have the columns of the `events` table (`docs/schema/`), the rows
//! `ajar hunt --emit` writes for that file ([`ajar_pipeline::normalise`] says where a per-file
//! reader differs from a whole hunt), plus `event_date` (the UTC day), the partition column
//! `hunt --emit` writes as folder names. They cross into Python through the Arrow C data
//! interface (PyCapsules), without a copy.

use ajar_model::event::PrincipalClass;
use ajar_model::table::EventRow;
use ajar_pipeline::hunt::HuntOptions;
use ajar_render::tables::{BATCH_ROWS, ParquetRow};
use arrow_array::builder::Date32Builder;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_pyarrow::ToPyArrow;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// The events table's columns and `event_date`.
fn schema() -> SchemaRef {
    let events = EventRow::schema();
    let mut fields: Vec<Field> = events.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("event_date", DataType::Date32, false));
    Arc::new(Schema::new(fields))
}

/// Spark's name of an Arrow type of the events table.
fn spark_type(t: &DataType) -> &'static str {
    match t {
        DataType::Utf8 => "STRING",
        DataType::Int64 => "BIGINT",
        DataType::Timestamp(..) => "TIMESTAMP",
        DataType::Date32 => "DATE",
        _ => "BINARY",
    }
}

/// The schema as a Spark DDL string (`event_time TIMESTAMP, …`), for `mapInArrow`.
fn ddl() -> String {
    schema()
        .fields()
        .iter()
        .map(|f| {
            let null = if f.is_nullable() { "" } else { " NOT NULL" };
            format!("{} {}{null}", f.name(), spark_type(f.data_type()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows as batches of at most [`BATCH_ROWS`] rows, with `event_date`.
fn batches(rows: &[EventRow]) -> Result<Vec<RecordBatch>, arrow_schema::ArrowError> {
    let schema = schema();
    rows.chunks(BATCH_ROWS)
        .map(|chunk| {
            let batch = EventRow::batch(chunk)?;
            let mut days = Date32Builder::with_capacity(chunk.len());
            for r in chunk {
                let day = r.event_time.as_microsecond().div_euclid(MICROS_PER_DAY);
                days.append_value(i32::try_from(day).unwrap_or(i32::MAX));
            }
            let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
            columns.push(Arc::new(days.finish()));
            RecordBatch::try_new(Arc::clone(&schema), columns)
        })
        .collect()
}

fn principal(name: &str) -> PyResult<PrincipalClass> {
    match name.trim().to_ascii_lowercase().as_str() {
        "guest" => Ok(PrincipalClass::Guest),
        "external" => Ok(PrincipalClass::External),
        "internal" => Ok(PrincipalClass::Internal),
        "unknown" => Ok(PrincipalClass::Unknown),
        other => Err(PyValueError::new_err(format!(
            "principal {other:?}: expected guest, external, internal or unknown"
        ))),
    }
}

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// A hunt's context (users, key prefixes, GeoIP, principals kept), loaded once per Python
/// worker, that turns log files into `events` batches.
#[pyclass(frozen, module = "ajar_py")]
struct Normaliser {
    inner: ajar_pipeline::normalise::Normaliser,
}

#[pymethods]
impl Normaliser {
    /// `users`: a User export CSV (guests and user types), `export`: a Data Export folder
    /// (custom key prefixes), `geoip`: an mmdb or `start,end,country` CSV, `principals`: the
    /// classes kept (default: all, as `hunt --principal guest,external,internal,unknown`),
    /// `key_prefixes`: prefix → object, winning over the export's; `strict`: a malformed row is
    /// an error; `tz` and `locale`: as
    /// `hunt --tz --locale`, for Setup Audit Trail dates (which give no events). Paths are local files (on a
    /// cluster: shipped with `--files`, found with `SparkFiles.get`).
    #[new]
    #[pyo3(signature = (
        users=None, export=None, geoip=None, principals=None, key_prefixes=None, tz=None,
        locale=None, strict=false,
    ))]
    #[expect(clippy::too_many_arguments, reason = "Python keyword arguments")]
    fn new(
        users: Option<PathBuf>,
        export: Option<PathBuf>,
        geoip: Option<PathBuf>,
        principals: Option<Vec<String>>,
        key_prefixes: Option<BTreeMap<String, String>>,
        tz: Option<String>,
        locale: Option<String>,
        strict: bool,
    ) -> PyResult<Self> {
        let principals = principals
            .unwrap_or_default()
            .iter()
            .map(|p| principal(p))
            .collect::<PyResult<BTreeSet<_>>>()?;
        let opts = HuntOptions {
            users_csv: users,
            export,
            geoip,
            principals,
            key_prefixes: key_prefixes.unwrap_or_default(),
            tz,
            locale,
            strict,
            ..HuntOptions::default()
        };
        let inner = ajar_pipeline::normalise::Normaliser::new(&opts).map_err(value_error)?;
        Ok(Self { inner })
    }

    /// The `events` rows of one log file (`data`, plain or gzip) as a list of
    /// `pyarrow.RecordBatch`; `name` fills `source_file` and hints the event type of CamelCase
    /// CSVs (`…/ApiEvent.csv`). A file that is not a log ajar reads gives no batch.
    fn normalise<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        data: Vec<u8>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // The GIL is released while Rust reads the file (pyo3 guide, "Parallelism").
        let got = py
            .detach(|| {
                self.inner
                    .file(name, data)
                    .and_then(|n| batches(&n.rows).map_err(|e| miette::miette!("{e}")))
            })
            .map_err(value_error)?;
        got.to_pyarrow(py)
    }
}

/// The batches' schema, as a `pyarrow.Schema`.
#[pyfunction]
fn events_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    schema().as_ref().to_pyarrow(py)
}

/// The batches' schema as Spark DDL, the schema argument of `mapInArrow`.
#[pyfunction]
fn events_ddl() -> String {
    ddl()
}

/// The Python module.
#[pymodule]
fn ajar_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Normaliser>()?;
    m.add_function(wrap_pyfunction!(events_schema, m)?)?;
    m.add_function(wrap_pyfunction!(events_ddl, m)?)?;
    Ok(())
}
