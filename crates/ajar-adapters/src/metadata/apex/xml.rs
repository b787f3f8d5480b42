//! The code metadata files (`.cls-meta.xml`, `.page-meta.xml`, `.flow-meta.xml`) are read with
//! the metadata element tree ([`crate::metadata::xml`]); this maps its errors to [`CodeError`],
//! whose spans are relative to the input root.

use super::CodeError;
use crate::metadata::MetadataError;
pub(crate) use crate::metadata::xml::{Doc, Node};
use std::path::Path;

/// Parses a whole document.
pub(crate) fn parse<'a>(file: &str, src: &'a str) -> Result<Doc<'a>, CodeError> {
    crate::metadata::xml::parse(Path::new(file), src.as_bytes()).map_err(|e| {
        let file = file.to_owned();
        match e {
            MetadataError::Doctype { line, .. } => CodeError::Doctype { file, line },
            MetadataError::Entity { line, .. } => CodeError::Syntax {
                file,
                line,
                what: "undefined XML entity",
            },
            MetadataError::TooDeep { line, .. } => CodeError::Syntax {
                file,
                line,
                what: "XML nested too deeply",
            },
            MetadataError::Xml { line, message, .. } => CodeError::Xml {
                file,
                line,
                message,
            },
            other => CodeError::Xml {
                file,
                line: 1,
                message: other.to_string(),
            },
        }
    })
}
