//! `--assignments`: a CSV export of `PermissionSetAssignment` joined to the assignee's profile,
//! e.g. `SELECT Assignee.Profile.Name, PermissionSet.Name FROM PermissionSetAssignment`.
//! Assignments are data, not metadata (formats.md §1.3): without them, grants in permission
//! sets are only candidates.

use super::MetadataError;
use ajar_model::org::Assignments;
use std::path::Path;

const PROFILE_COLUMNS: &[&str] = &["assignee.profile.name", "profilename", "profile"];
const SET_COLUMNS: &[&str] = &["permissionset.name", "permissionsetname", "permissionset"];

/// Reads an assignments CSV (header names matched case-insensitively).
pub fn parse_assignments(path: &Path) -> Result<Assignments, MetadataError> {
    let bytes = fs_err::read(path).map_err(|source| MetadataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    let err = |row: u64, message: String| MetadataError::Csv {
        path: path.to_path_buf(),
        row,
        message,
    };
    let headers = reader.headers().map_err(|e| err(0, e.to_string()))?.clone();
    let find = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let profile = find(PROFILE_COLUMNS)
        .ok_or_else(|| err(0, "missing column `Assignee.Profile.Name`".into()))?;
    let set =
        find(SET_COLUMNS).ok_or_else(|| err(0, "missing column `PermissionSet.Name`".into()))?;
    let mut out = Assignments::default();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 1;
        let record = record.map_err(|e| err(row, e.to_string()))?;
        let (Some(p), Some(s)) = (record.get(profile), record.get(set)) else {
            return Err(err(row, "too few columns".into()));
        };
        if p.is_empty() || s.is_empty() {
            continue;
        }
        out.by_profile
            .entry(p.to_owned())
            .or_default()
            .push(s.to_owned());
    }
    for sets in out.by_profile.values_mut() {
        sets.sort();
        sets.dedup();
    }
    Ok(out)
}
