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
