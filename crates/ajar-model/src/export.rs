//! Records from a Salesforce Data Export.

use crate::sfid::SfId;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One exported record: its object, ID and every exported column (API name → value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Object API name (the CSV's file stem).
    pub object: String,
    /// The record ID.
    pub id: SfId,
    /// Column API name → value, as exported. Empty values are kept as empty strings.
    pub fields: BTreeMap<String, String>,
    /// Where the row is (file and record number).
    pub source: Span,
}

impl Record {
    /// A field's value, matching the API name case-insensitively as the export header may
    /// differ in case from the metadata.
    pub fn get(&self, field: &str) -> Option<&str> {
        if let Some(v) = self.fields.get(field) {
            return Some(v);
        }
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, v)| v.as_str())
    }
}

/// One exported object as a table: the header once, then one row per record. This is how the
/// export is held in memory (a [`Record`] per row would repeat every column name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Object API name (the CSV's file stem).
    pub object: String,
    /// Column API names, as in the header.
    pub columns: Vec<String>,
    /// Rows, in file order, one per distinct `Id`.
    pub rows: Vec<Row>,
    /// Files the rows came from (relative to the export root, `zip name/entry` inside zips).
    pub files: Vec<String>,
}

/// One exported row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The record ID.
    pub id: SfId,
    /// Values in column order (missing trailing values are empty).
    pub values: Vec<String>,
    /// Where the row is.
    pub source: Span,
}

impl Table {
    /// The index of a column, matching API names case-insensitively (formats.md §2.8).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name).or_else(|| {
            self.columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name))
        })
    }

    /// A row's value in a column, by name.
    pub fn value<'a>(&self, row: &'a Row, name: &str) -> Option<&'a str> {
        self.column(name)
            .and_then(|i| row.values.get(i))
            .map(String::as_str)
    }

    /// A row as a [`Record`].
    pub fn record(&self, row: &Row) -> Record {
        Record {
            object: self.object.clone(),
            id: row.id,
            fields: self
                .columns
                .iter()
                .cloned()
                .zip(row.values.iter().cloned())
                .collect(),
            source: row.source.clone(),
        }
    }
}
