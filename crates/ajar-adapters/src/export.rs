//! Salesforce Data Export: zips or their extracted folder, one `<Object>.csv` per object.
//!
//! Facts (formats.md §2.8; Salesforce "Export Backup Data from Salesforce", S8): the header holds
//! field API names, matched case-insensitively; every value is quoted (RFC 4180); IDs are 18
//! characters; the encoding is chosen per export (UTF-8 or e.g. Shift_JIS), so a BOM is honoured
//! and `--export-encoding` names any other. Shift_JIS trail bytes never equal `"` `,` CR or LF,
//! so the CSV is split into fields as bytes first and each field decoded afterwards (trap 29:
//! `表` = 0x95 0x5C round-trips). An object can span several zips: rows merge by `Id`.
//! Errors name the file and row, never a value.

mod project;
mod read;
mod stream;
#[cfg(test)]
mod tests;

use ajar_model::export::Table;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use crate::bounded::MAX_ROW;
pub use project::{ColumnPlan, PRESENT};
pub use read::{read_csv, read_csv_with};
pub use stream::{ObjectFiles, ObjectIndex, for_each_row, index, locate};

/// How the export's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportEncoding {
    /// UTF-8 (a BOM is stripped); invalid UTF-8 is an error that suggests `cp932`.
    Utf8,
    /// Another encoding known to the WHATWG Encoding Standard (`shift_jis`, `iso-8859-1`...).
    Other(&'static encoding_rs::Encoding),
}

impl ExportEncoding {
    /// Parses a label (`utf-8`, `shift_jis`, `cp932`, `iso-8859-1`, `windows-1252`...).
    pub fn parse(label: &str) -> Option<Self> {
        let label = label.trim();
        // `cp932` is what Japanese Windows and Salesforce's export settings call Shift_JIS; the
        // WHATWG label set spells it `windows-31j`/`ms932`.
        let enc = if label.eq_ignore_ascii_case("cp932") {
            encoding_rs::SHIFT_JIS
        } else {
            encoding_rs::Encoding::for_label(label.as_bytes())?
        };
        Some(if enc == encoding_rs::UTF_8 {
            Self::Utf8
        } else {
            Self::Other(enc)
        })
    }
}

/// Why an export cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file or folder cannot be read.
    #[error("{}: cannot read", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A zip is damaged.
    #[error("{}: not a readable zip archive", .path.display())]
    Zip {
        /// The zip.
        path: PathBuf,
        /// The cause.
        source: zip::result::ZipError,
    },
    /// A CSV row is malformed.
    #[error("{file}: row {row}: malformed CSV")]
    Csv {
        /// The file (inside a zip: `zip/entry`).
        file: String,
        /// 1-based row number (the header is row 1).
        row: u64,
        /// The cause.
        source: csv::Error,
    },
    /// A row over [`MAX_ROW`] bytes (32 MiB).
    #[error("{file}: row {row}: the row is over 32 MiB: not a Data Export row")]
    RowTooLarge {
        /// The file.
        file: String,
        /// 1-based row number.
        row: u64,
    },
    /// A quoted field is never closed: the rest of the file would be one value.
    #[error("{file}: line {line}: a quoted field opened here is never closed")]
    Unclosed {
        /// The file.
        file: String,
        /// 1-based physical line of the opening quote.
        line: u64,
    },
    /// The header has no `Id` column.
    #[error("{file}: no `Id` column in the header: not a Data Export object file")]
    MissingId {
        /// The file.
        file: String,
    },
    /// A column the reader needs is not in the header (`UserType` of `User.csv`).
    #[error("{}: no `{column}` column", .path.display())]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// Which.
        column: &'static str,
    },
    /// A row is not CSV (a file read whole, as `User.csv`; line of the row).
    #[error("{}:{line}: malformed CSV row", .path.display())]
    Row {
        /// The file.
        path: PathBuf,
        /// The row's line.
        line: u64,
    },
    /// The header names one column twice: which copy holds the value is unknown (issue #15).
    #[error("{file}: column `{column}` appears twice in the header: which copy to read is unknown")]
    DuplicateColumn {
        /// The file.
        file: String,
        /// The column's name (from the header, never a record).
        column: String,
    },
    /// More rows than an in-memory table indexes (4,294,967,295).
    #[error("{file}: more than 4,294,967,295 rows: too many to hold")]
    TooManyRows {
        /// The file.
        file: String,
    },
    /// A row's `Id` is not a Salesforce ID.
    #[error("{file}: row {row}: the `Id` is not a Salesforce ID")]
    BadId {
        /// The file.
        file: String,
        /// 1-based row number.
        row: u64,
    },
    /// The bytes are not valid in the chosen encoding.
    #[error("{file}: row {row}: not valid {encoding}{hint}")]
    Encoding {
        /// The file.
        file: String,
        /// 1-based row number.
        row: u64,
        /// The encoding tried.
        encoding: &'static str,
        /// Advice.
        hint: &'static str,
    },
    /// Nothing to read.
    #[error("{}: no `.csv` file found", .path.display())]
    Empty {
        /// The path given.
        path: PathBuf,
    },
}

/// A whole export: one table per object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    /// Tables by object API name.
    pub tables: BTreeMap<String, Table>,
}

impl Export {
    /// An object's table, matching the name case-insensitively.
    pub fn table(&self, object: &str) -> Option<&Table> {
        self.tables.get(object).or_else(|| {
            self.tables
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(object))
                .map(|(_, t)| t)
        })
    }

    fn merge(&mut self, table: Table) {
        match self.tables.get_mut(&table.object) {
            None => {
                self.tables.insert(table.object.clone(), table);
            }
            Some(have) => {
                // An object spanning zips: same header in practice; map by name otherwise.
                let map: Vec<Option<usize>> =
                    have.columns.iter().map(|c| table.column(c)).collect();
                let seen: BTreeMap<_, usize> = have
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id, i))
                    .collect();
                for row in table.rows {
                    let values = map
                        .iter()
                        .map(|i| i.and_then(|i| row.get(i)).unwrap_or_default());
                    if let Some(&i) = seen.get(&row.id) {
                        // The same record in two zips: a repeat, unless its values differ
                        // (then one of them is lost, and that is said: issue #15).
                        // Projected rows (issue #19) also compare what they leave out.
                        let same = have
                            .rows
                            .get(i)
                            .is_some_and(|h| h.values().eq(values) && h.digest() == row.digest());
                        if !same {
                            have.problems.push(ajar_model::export::RowProblem {
                                id: row.id,
                                source: row.source(),
                                kind: ajar_model::export::RowProblemKind::DuplicateId,
                            });
                        }
                        continue;
                    }
                    // The same values in another order: never larger than the row read.
                    if let Ok(r) = row.with_values(values) {
                        have.rows.push(r);
                    }
                }
                have.files.extend(table.files);
                have.problems.extend(table.problems);
            }
        }
    }
}

/// Which objects to read; `None` reads every object.
pub type ObjectFilter<'a> = Option<&'a BTreeSet<String>>;

/// Which columns to hold of each object (by API name, any case); an object without a plan is
/// held whole.
pub type ColumnPlans = BTreeMap<String, ColumnPlan>;

/// The plan of `object`, any case.
pub fn plan_of<'p>(plans: &'p ColumnPlans, object: &str) -> Option<&'p ColumnPlan> {
    plans.get(object).or_else(|| {
        plans
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(object))
            .map(|(_, p)| p)
    })
}

fn wanted(filter: ObjectFilter<'_>, object: &str) -> bool {
    filter.is_none_or(|f| f.iter().any(|o| o.eq_ignore_ascii_case(object)))
}

fn object_of(name: &str) -> Option<&str> {
    let file = name.rsplit(['/', '\\']).next()?;
    let (stem, ext) = file.rsplit_once('.')?;
    (ext.eq_ignore_ascii_case("csv") && !stem.is_empty()).then_some(stem)
}

/// Reads the export at `paths` (zips and/or folders), keeping the objects `filter` names.
pub fn load(
    paths: &[PathBuf],
    filter: ObjectFilter<'_>,
    encoding: ExportEncoding,
) -> Result<Export, ExportError> {
    load_with(paths, filter, &ColumnPlans::new(), encoding)
}

/// As [`load`], holding of each object only the columns its plan in `plans` names (issue #19).
pub fn load_with(
    paths: &[PathBuf],
    filter: ObjectFilter<'_>,
    plans: &ColumnPlans,
    encoding: ExportEncoding,
) -> Result<Export, ExportError> {
    let mut export = Export::default();
    for files in stream::locate(paths, filter)?.values() {
        let plan = plan_of(plans, &files.object);
        stream::read_tables(files, plan, encoding, |table| export.merge(table))?;
    }
    Ok(export)
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
