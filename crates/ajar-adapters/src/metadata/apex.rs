//! Apex classes (`classes/<C>.cls` + `<C>.cls-meta.xml`, formats.md §1.1) into
//! [`ApexClass`]: declarations, sharing keywords, annotations, methods, SOQL and calls.
//!
//! A hand-written lexer: the maintained grammar crate (`tree-sitter-sfapex`) compiles several
//! megabytes of generated C with the tree-sitter runtime, far more than code reach needs.
//!
//! ```
//! use ajar_adapters::metadata::apex::parse_class;
//! let class = parse_class("classes/Apps.cls", "public without sharing class Apps {\n\
//!     @AuraEnabled public static List<Case> find() { return [SELECT Subject FROM Case]; }\n}").unwrap();
//! assert_eq!(class.methods[0].body.soql[0].object, "Case");
//! ```

mod body;
mod lexer;
mod parser;
mod soql;
pub(crate) mod xml;

use super::percent_decode;
use ajar_model::code::{ApexClass, CodeInventory};
use ajar_model::span::{CoverageGap, Span};
use std::path::{Path, PathBuf};

/// Why a code file (Apex, Visualforce, Flow) could not be read. Messages name the file and the
/// line, never a value from the file.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    /// The file could not be read (the message names the path).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The text is not valid Apex, Visualforce or metadata XML at this line.
    #[error("{file}:{line}: {what}")]
    Syntax {
        /// Path relative to the input root.
        file: String,
        /// 1-based line.
        line: u64,
        /// What is wrong (`unterminated string literal`).
        what: &'static str,
    },
    /// The XML is malformed.
    #[error("{file}:{line}: malformed XML: {message}")]
    Xml {
        /// Path relative to the input root.
        file: String,
        /// 1-based line.
        line: u64,
        /// What is wrong (the XML reader's words: tag names, never text).
        message: String,
    },
    /// The XML declares a DOCTYPE (entity expansion is refused).
    #[error("{file}:{line}: DOCTYPE is not allowed in metadata")]
    Doctype {
        /// Path relative to the input root.
        file: String,
        /// 1-based line.
        line: u64,
    },
}

/// What a `.cls-meta.xml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassMeta {
    /// `apiVersion` (`"58.0"`).
    pub api_version: Option<String>,
    /// `status` (`Active`).
    pub status: Option<String>,
}

/// Parses the source of one `.cls` file into its top-level type, inner types included.
/// `file` is the path relative to the input root, used in spans and errors.
pub fn parse_class(file: &str, source: &str) -> Result<ApexClass, CodeError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let tokens = lexer::tokenize(source).map_err(|e| CodeError::Syntax {
        file: file.to_owned(),
        line: e.line,
        what: e.what,
    })?;
    parser::Parser::new(&tokens, file)
        .file()
        .map_err(|e| CodeError::Syntax {
            file: file.to_owned(),
            line: e.line,
            what: e.what,
        })
}

/// Parses a `.cls-meta.xml` (either namespace).
pub fn parse_class_meta(file: &str, xml: &str) -> Result<ClassMeta, CodeError> {
    let doc = xml::parse(file, xml)?;
    let root = doc.root();
    Ok(ClassMeta {
        api_version: root.value("apiVersion").map(str::to_owned),
        status: root.value("status").map(str::to_owned),
    })
}

/// Reads `path` (a `.cls`) and its `-meta.xml` sibling when present; `root` is the input root
/// that spans are relative to.
pub fn read_class(root: &Path, path: &Path) -> Result<ApexClass, CodeError> {
    let file = relative(root, path);
    let mut class = parse_class(&file, &read_text(path)?)?;
    let meta_path = sibling(path, "-meta.xml");
    if meta_path.is_file() {
        let meta = parse_class_meta(&relative(root, &meta_path), &read_text(&meta_path)?)?;
        set_meta(&mut class, &meta);
    }
    Ok(class)
}

/// Inner classes are compiled with their file, so they share its API version and status.
fn set_meta(class: &mut ApexClass, meta: &ClassMeta) {
    class.api_version.clone_from(&meta.api_version);
    class.status.clone_from(&meta.status);
    for inner in &mut class.inner {
        set_meta(inner, meta);
    }
}

/// Reads every `.cls` in `dir` (not recursive), sorted by class name.
pub fn read_classes(root: &Path, dir: &Path) -> Result<Vec<ApexClass>, CodeError> {
    let mut classes = files_with_suffix(dir, ".cls")?
        .iter()
        .map(|path| read_class(root, path))
        .collect::<Result<Vec<_>, _>>()?;
    sort_classes(&mut classes);
    Ok(classes)
}

/// Reads every Apex class, Visualforce page and flow anywhere under `dir` (a source-format
/// package directory, an mdapi root, or a whole project), recognised by suffix: `.cls`,
/// `.page`, `.flow-meta.xml`, `.flow` (formats.md §1.1). Spans are relative to `root`. Hidden
/// folders and `node_modules` are skipped; symbolic links are not followed.
///
/// An Apex or Visualforce source that does not parse is left out and listed in
/// [`CodeInventory::skipped`]; I/O errors and malformed metadata XML are errors.
pub fn read_inventory(root: &Path, dir: &Path) -> Result<CodeInventory, CodeError> {
    let files = super::walk::tree(dir).map_err(|(path, e)| {
        CodeError::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })?;
    let mut inventory = CodeInventory::default();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let read = if name.ends_with(".cls") {
            read_class(root, path).map(|c| inventory.classes.push(c))
        } else if name.ends_with(".page") {
            super::page::read_page(root, path).map(|p| inventory.pages.push(p))
        } else if name.ends_with(".flow-meta.xml") || name.ends_with(".flow") {
            inventory.flows.push(super::flow::read_flow(root, path)?);
            Ok(())
        } else {
            Ok(())
        };
        match read {
            // Apex and Visualforce are read best-effort: one file this parser cannot follow
            // must not hide the rest of the org. It becomes a coverage gap.
            Err(CodeError::Syntax { file, line, what }) if is_source(&file) => {
                inventory.skipped.push(CoverageGap {
                    kind: "unreadable-code".to_owned(),
                    message: format!("{file}:{line}: {what}: left out, what it runs is unknown"),
                    span: Some(Span::new(file, line)),
                });
            }
            other => other?,
        }
    }
    sort_classes(&mut inventory.classes);
    inventory.pages.sort();
    inventory.flows.sort();
    Ok(inventory)
}

/// Whether a path is Apex or Visualforce source (not its `-meta.xml`).
fn is_source(file: &str) -> bool {
    file.ends_with(".cls") || file.ends_with(".page")
}

fn sort_classes(classes: &mut [ApexClass]) {
    classes.sort_by(|a, b| {
        let key = |c: &ApexClass| (c.name.to_ascii_lowercase(), c.span.file.clone());
        key(a).cmp(&key(b))
    });
}

/// Reads a text file, replacing invalid UTF-8 rather than failing on one stray byte.
pub(crate) fn read_text(path: &Path) -> Result<String, CodeError> {
    let bytes = fs_err::read(path)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `path` relative to `root`, with `/` separators (spans must not depend on where the input was
/// unpacked).
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `X.cls` -> `X.cls-meta.xml`.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Files in `dir` whose name ends with `suffix`, sorted by path.
pub(crate) fn files_with_suffix(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, CodeError> {
    let mut out = Vec::new();
    for entry in fs_err::read_dir(dir)? {
        let path = entry?.path();
        let matches = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(suffix));
        if matches && path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// A file name stem before `suffix`, percent-decoded (`My%20Page.page` -> `My Page`;
/// formats.md §1.1).
pub(crate) fn name_before(path: &Path, suffix: &str) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    percent_decode(name.strip_suffix(suffix).unwrap_or(&name))
}

#[cfg(test)]
mod tests;
