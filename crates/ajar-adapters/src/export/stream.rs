//! An object's rows read from the export as a stream, as often as needed, instead of held in
//! memory (issue #19). [`locate`] finds each object's files in the order [`super::load`] reads
//! them; [`index`] reads an object once and keeps what holding it would tell besides its rows
//! (its header, its rows' problems, which rows repeat an earlier `Id` and are dropped); then
//! [`for_each_row`] gives the rows a held [`Table`] would hold, in the same order, as often as
//! it is called. Memory stays at a few bytes a row while indexing (the sorted `Id`s) and at one
//! row while streaming.

use super::project::ColumnPlan;
use super::read::{CsvRows, RowKey, by_id};
use super::{ExportEncoding, ExportError, ObjectFilter, file_label, object_of, wanted};
use ajar_model::export::{Row, RowProblem, RowProblemKind, Table};
use ajar_model::sfid::SfId;
use ajar_model::span::Span;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where one file of an object is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// A CSV in an export folder.
    Plain(PathBuf),
    /// An entry of a zip, by index.
    Zip { zip: PathBuf, entry: usize },
}

/// One file of an object: where it is and the name it goes by in spans and errors.
#[derive(Debug, Clone, PartialEq, Eq)]
struct File {
    source: Source,
    label: String,
}

/// An object's files in the export, in the order [`super::load`] reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectFiles {
    /// The object's API name, as the first file names it.
    pub object: String,
    files: Vec<File>,
}

impl ObjectFiles {
    /// How many files the object spans.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it has no file (never, once located).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The files of each object `filter` names in the export at `paths` (zips and/or folders),
/// by object, without reading them. An object split across zips has a file in each.
pub fn locate(
    paths: &[PathBuf],
    filter: ObjectFilter<'_>,
) -> Result<BTreeMap<String, ObjectFiles>, ExportError> {
    let mut out: BTreeMap<String, ObjectFiles> = BTreeMap::new();
    let mut add = |object: &str, source: Source, label: String| {
        if wanted(filter, object) {
            out.entry(object.to_owned())
                .or_insert_with(|| ObjectFiles {
                    object: object.to_owned(),
                    files: Vec::new(),
                })
                .files
                .push(File { source, label });
        }
    };
    for path in paths {
        let mut found = false;
        if path.is_dir() {
            let entries = fs_err::read_dir(path).map_err(|source| ExportError::Io {
                path: path.clone(),
                source,
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                // The entry's own type, not its target's: a symlink is never followed out of
                // the export folder (issue #8).
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.path())
                .collect();
            files.sort();
            for file in files {
                let name = file.to_string_lossy().into_owned();
                let is_zip = file
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
                if is_zip {
                    found = true;
                    zip_entries(&file, &mut add)?;
                } else if let Some(object) = object_of(&name) {
                    found = true;
                    let label = file_label(&file);
                    add(object, Source::Plain(file.clone()), label);
                }
            }
        } else {
            found = true;
            zip_entries(path, &mut add)?;
        }
        if !found {
            return Err(ExportError::Empty { path: path.clone() });
        }
    }
    Ok(out)
}

fn zip_err(path: &Path) -> impl Fn(zip::result::ZipError) -> ExportError + '_ {
    move |source| ExportError::Zip {
        path: path.to_path_buf(),
        source,
    }
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<std::io::BufReader<fs_err::File>>, ExportError> {
    let file = fs_err::File::open(path).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(zip_err(path))
}

/// The CSV entries of the zip at `path`, in the zip's order.
fn zip_entries(path: &Path, add: &mut impl FnMut(&str, Source, String)) -> Result<(), ExportError> {
    let mut archive = open_zip(path)?;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(zip_err(path))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(zip_err(path))?.into_owned();
        let Some(object) = object_of(&name) else {
            continue;
        };
        let label = format!("{}/{name}", file_label(path));
        add(
            object,
            Source::Zip {
                zip: path.to_path_buf(),
                entry: i,
            },
            label,
        );
    }
    Ok(())
}

/// Runs `read` on the file's bytes.
fn with_reader<T>(
    file: &File,
    read: impl FnOnce(&mut dyn Read) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    match &file.source {
        Source::Plain(path) => {
            let f = fs_err::File::open(path).map_err(|source| ExportError::Io {
                path: path.clone(),
                source,
            })?;
            read(&mut std::io::BufReader::with_capacity(1 << 16, f))
        }
        Source::Zip { zip, entry } => {
            let mut archive = open_zip(zip)?;
            let entry = archive.by_index(*entry).map_err(zip_err(zip))?;
            read(&mut std::io::BufReader::with_capacity(1 << 16, entry))
        }
    }
}

/// Reads each file of `files` in turn, giving each file's table (without rows: its columns and
/// file) and its rows to `each`; `hashed`: each row's values are hashed.
fn read_files(
    files: &ObjectFiles,
    plan: Option<&ColumnPlan>,
    encoding: ExportEncoding,
    hashed: bool,
    mut each: impl FnMut(
        usize,
        Table,
        &mut dyn FnMut() -> Result<Option<super::read::ReadRow>, ExportError>,
    ) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    for (k, file) in files.files.iter().enumerate() {
        with_reader(file, |reader| {
            let (mut rows, table) =
                CsvRows::open(reader, &files.object, &file.label, encoding, plan)?;
            if !hashed {
                rows.without_hashes();
            }
            each(k, table, &mut || rows.next())
        })?;
    }
    Ok(())
}

/// Reads each file of `files` whole, in turn, as [`super::read_csv_with`] does.
pub(super) fn read_tables(
    files: &ObjectFiles,
    plan: Option<&ColumnPlan>,
    encoding: ExportEncoding,
    mut each: impl FnMut(Table),
) -> Result<(), ExportError> {
    for file in &files.files {
        let table = with_reader(file, |reader| {
            super::read_csv_with(reader, &files.object, &file.label, encoding, plan)
        })?;
        each(table);
    }
    Ok(())
}

/// What reading an object once tells besides its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectIndex {
    /// The object's table as [`super::load`] would hold it, without its rows: the columns held
    /// (the first file's), every file, the rows' problems.
    pub header: Table,
    /// How many rows it holds.
    pub rows: usize,
    /// The `Id` of its first row (a custom object's key prefix is learned from it).
    pub first: Option<SfId>,
    /// The rows dropped (repeats of an earlier row's `Id`), by their place among all the rows
    /// read in file order, ascending.
    skip: Vec<u64>,
}

/// The hasher of rows' values: fixed, so that the same values hash the same in every read
/// (foldhash's quality hash: a few times faster than the standard library's here, issue #19).
pub(super) fn hasher() -> impl Hasher {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x726f_7773_2121_6a61).build_hasher()
}

/// A hash of a row's values (and of the digest of those not held), the same for the same
/// values whichever file they came from.
pub(super) fn values_hash(text: &str, ends: &[u32], digest: Option<u64>) -> u64 {
    let mut h = hasher();
    match digest {
        Some(d) => (text, ends, d).hash(&mut h),
        None => (text, ends).hash(&mut h),
    }
    h.finish()
}

/// Reads the object once: its header, its rows' problems and the rows to drop, decided as
/// [`super::load`] decides them (within a file, then against the earlier files).
pub fn index(
    files: &ObjectFiles,
    plan: Option<&ColumnPlan>,
    encoding: ExportEncoding,
) -> Result<ObjectIndex, ExportError> {
    let mut header: Option<Table> = None;
    let mut skip = Vec::new();
    let mut rows = 0usize;
    // The earlier files' rows kept: `Id` and the hash of their values under the first
    // file's columns, sorted (only while a later file is to come).
    let mut kept: Vec<([u8; 12], u64)> = Vec::new();
    let mut base = 0u64;
    let mut first = None;
    let last = files.len().saturating_sub(1);
    read_files(files, plan, encoding, true, |k, table, next| {
        let map = header.as_ref().and_then(|h| remap(h, &table));
        let label = table.files.first().cloned().unwrap_or_default();
        let mut keys: Vec<RowKey> = Vec::new();
        // Each row's number, by place (for the problems).
        let mut lines: Vec<u64> = Vec::new();
        // The hashes under the first file's columns, when this file's differ.
        let mut canon: Vec<u64> = Vec::new();
        let mut misaligned: Vec<(u32, SfId)> = Vec::new();
        while let Some(r) = next()? {
            // The first row read is never a repeat.
            first.get_or_insert(r.row.id);
            let at = u32::try_from(keys.len()).map_err(|_| ExportError::TooManyRows {
                file: label.clone(),
            })?;
            if let Some(map) = &map {
                let (text, ends) = remapped(&r.row, map);
                canon.push(values_hash(&text, &ends, r.row.digest()));
            }
            if r.misaligned {
                misaligned.push((at, r.row.id));
            }
            keys.push(RowKey {
                id: r.row.id.packed(),
                at,
                hash: r.hash,
            });
            lines.push(r.row.line());
        }
        let n = keys.len() as u64;
        let problem = |at: u32, id: SfId, kind| {
            let line = lines.get(at as usize).copied().unwrap_or_default();
            (
                at,
                RowProblem {
                    id,
                    source: Span::new(label.clone(), line),
                    kind,
                },
            )
        };
        // This file's own problems (repeats with other values, misaligned rows) and those
        // against the earlier files, each by place, then in row order.
        let mut own: Vec<(u32, RowProblem)> = Vec::new();
        let mut cross: Vec<(u32, RowProblem)> = Vec::new();
        let mut repeats: Vec<u32> = Vec::new();
        let mut mine: Vec<([u8; 12], u64)> = Vec::new();
        by_id(&mut keys, |key, earlier| {
            let id = || SfId::from_packed(key.id);
            if let Some(f) = earlier {
                repeats.push(key.at);
                if f.hash != key.hash {
                    own.push(problem(key.at, id(), RowProblemKind::DuplicateId));
                }
                return;
            }
            let hash = canon.get(key.at as usize).copied().unwrap_or(key.hash);
            match kept.binary_search_by_key(&key.id, |k| k.0) {
                Ok(i) => {
                    // The same record in two zips: a repeat, unless its values differ (then
                    // one of them is lost, and that is said: issue #15).
                    if kept.get(i).is_some_and(|k| k.1 != hash) {
                        cross.push(problem(key.at, id(), RowProblemKind::DuplicateId));
                    }
                    skip.push(base + u64::from(key.at));
                }
                Err(_) => {
                    rows += 1;
                    if k < last {
                        mine.push((key.id, hash));
                    }
                }
            }
        });
        drop(keys);
        repeats.sort_unstable();
        for &(at, id) in &misaligned {
            // A repeat is reported as one, whether or not it is also misaligned.
            if repeats.binary_search(&at).is_err() {
                own.push(problem(at, id, RowProblemKind::Misaligned));
            }
        }
        own.sort_by_key(|p| p.0);
        cross.sort_by_key(|p| p.0);
        let (own, cross): (Vec<RowProblem>, Vec<RowProblem>) = (
            own.into_iter().map(|p| p.1).collect(),
            cross.into_iter().map(|p| p.1).collect(),
        );
        skip.extend(repeats.iter().map(|&at| base + u64::from(at)));
        kept.extend(mine);
        kept.sort_unstable();
        base += n;
        match header.as_mut() {
            None => {
                let mut t = table;
                t.problems = own;
                header = Some(t);
            }
            Some(h) => {
                h.files.extend(table.files);
                h.problems.extend(cross);
                h.problems.extend(own);
            }
        }
        Ok(())
    })?;
    skip.sort_unstable();
    let header = header.ok_or_else(|| ExportError::Empty {
        path: PathBuf::from(&files.object),
    })?;
    Ok(ObjectIndex {
        header,
        rows,
        first,
        skip,
    })
}

/// Where each of the first file's columns is in `table`, when the columns differ.
fn remap(first: &Table, table: &Table) -> Option<Vec<Option<usize>>> {
    (first.columns != table.columns)
        .then(|| first.columns.iter().map(|c| table.column(c)).collect())
}

/// A row's values under the first file's columns (missing ones empty), concatenated, with
/// their end offsets.
fn remapped(row: &Row, map: &[Option<usize>]) -> (String, Vec<u32>) {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(map.len());
    for i in map {
        text.push_str(i.and_then(|i| row.get(i)).unwrap_or_default());
        ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
    }
    (text, ends)
}

/// Gives `each` the rows of the object that [`index`] indexed, as a held table would hold
/// them: in file order, repeats dropped, a later file's values under the first file's columns.
pub fn for_each_row(
    files: &ObjectFiles,
    index: &ObjectIndex,
    plan: Option<&ColumnPlan>,
    encoding: ExportEncoding,
    mut each: impl FnMut(&Table, &Row),
) -> Result<(), ExportError> {
    let mut ordinal = 0u64;
    let mut skip = index.skip.iter().copied().peekable();
    read_files(files, plan, encoding, false, |_, table, next| {
        let map = remap(&index.header, &table);
        while let Some(r) = next()? {
            let at = ordinal;
            ordinal += 1;
            if skip.next_if_eq(&at).is_some() {
                continue;
            }
            match &map {
                None => each(&index.header, &r.row),
                Some(map) => {
                    let values = map
                        .iter()
                        .map(|i| i.and_then(|i| r.row.get(i)).unwrap_or_default());
                    // The same values in another order: never larger than the row read.
                    if let Ok(row) = r.row.with_values(values) {
                        each(&index.header, &row);
                    }
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests;
