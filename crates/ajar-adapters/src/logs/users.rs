//! What a Data Export tells the log analysis: which users are guests (`User.csv`, `UserType`)
//! and which object each custom key prefix belongs to (the `Id` column of `<Object>.csv`).
//! Header names are matched case-insensitively (formats.md §2.8).

use ajar_model::sfid::SfId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why an export file could not be used: the Data Export's error, for `User.csv` as for the
/// other object files.
pub use crate::export::ExportError;

/// One user of a User export.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UserEntry {
    /// `Id`, 18 characters.
    pub id: SfId,
    /// `UserType` (`Standard`, `Guest`, `PowerPartner`...), as exported.
    pub user_type: String,
    /// `Username`, when the export has the column.
    pub username: Option<String>,
}

/// The IDs of users whose `UserType` is `Guest` in a User export (`Id,UserType,...`).
pub fn guest_users(path: &Path) -> Result<Vec<SfId>, ExportError> {
    let mut out: Vec<SfId> = users(path)?
        .into_iter()
        .filter(|u| u.user_type.eq_ignore_ascii_case("Guest"))
        .map(|u| u.id)
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Every user of a User export (`Id,UserType[,Username],...`), sorted by ID: rows without a
/// user type in the logs are classed by it, whatever the type (formats.md §2.2), and an
/// indicator naming a username finds its ID in it. Rows with an invalid ID are left out.
pub fn users(path: &Path) -> Result<Vec<UserEntry>, ExportError> {
    let file = fs_err::File::open(path).map_err(|e| ExportError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(e.kind(), "open failed"),
    })?;
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let mut rec = csv::ByteRecord::new();
    let row_err = |line| ExportError::Row {
        path: path.to_path_buf(),
        line,
    };
    if !csv.read_byte_record(&mut rec).map_err(|_| row_err(1))? {
        return Ok(Vec::new());
    }
    let col = |name: &str| {
        rec.iter().position(|h| {
            let h = h.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(h);
            h.eq_ignore_ascii_case(name.as_bytes())
        })
    };
    let id = col("Id").ok_or(ExportError::MissingColumn {
        path: path.to_path_buf(),
        column: "Id",
    })?;
    let ut = col("UserType").ok_or(ExportError::MissingColumn {
        path: path.to_path_buf(),
        column: "UserType",
    })?;
    let un = col("Username");
    let text = |rec: &csv::ByteRecord, i: usize| {
        rec.get(i)
            .and_then(|v| std::str::from_utf8(v).ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mut out = Vec::new();
    loop {
        let line = csv.position().line();
        if !csv.read_byte_record(&mut rec).map_err(|_| row_err(line))? {
            break;
        }
        let Some(uid) = text(&rec, id).and_then(|v| SfId::parse(&v).ok()) else {
            continue;
        };
        let Some(user_type) = text(&rec, ut) else {
            continue;
        };
        out.push(UserEntry {
            id: uid,
            user_type,
            username: un.and_then(|i| text(&rec, i)),
        });
    }
    out.sort();
    out.dedup_by(|a, b| a.id == b.id);
    Ok(out)
}

/// Key prefix → object, from the first `Id` of every `<Object>.csv` in an export folder.
pub fn key_prefixes(dir: &Path) -> Result<BTreeMap<String, String>, ExportError> {
    let io = |e: std::io::Error| ExportError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut out = BTreeMap::new();
    let mut entries: Vec<PathBuf> = fs_err::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    entries.sort();
    for p in entries {
        let Some(object) = p.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Ok(file) = fs_err::File::open(&p) else {
            continue;
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::BufReader::new(file));
        let mut head = csv::ByteRecord::new();
        let mut rec = csv::ByteRecord::new();
        if !csv.read_byte_record(&mut head).unwrap_or(false)
            || !csv.read_byte_record(&mut rec).unwrap_or(false)
        {
            continue;
        }
        let Some(i) = head.iter().position(|h| {
            let h = h.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(h);
            h.eq_ignore_ascii_case(b"Id")
        }) else {
            continue;
        };
        if let Some(id) = rec
            .get(i)
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| SfId::parse(v).ok())
        {
            out.insert(id.key_prefix().to_string(), object.to_string());
        }
    }
    Ok(out)
}
