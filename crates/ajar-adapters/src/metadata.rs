//! sfdx and mdapi metadata trees: profiles, permission sets, objects, sharing rules, sites,
//! networks and settings, read into [`ajar_model::org::Org`].
//!
//! Both layouts are read by walking the whole tree and recognising each file by its suffix
//! (formats.md §1.1): `Foo.profile-meta.xml` (source) and `Foo.profile` (mdapi) are the same
//! thing. Elements are matched by local name, so both XML namespaces and prefixes work.

pub mod apex;
mod assignments;
pub mod flow;
mod holder;
mod manifest;
mod namespace;
mod object;
pub mod page;
mod read;
mod sharing;
mod site;
mod walk;
mod xml;

pub use assignments::parse_assignments;

use ajar_model::org::Org;
use ajar_model::span::{CoverageGap, Span};
use std::path::{Path, PathBuf};

/// Why a metadata tree could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// A file or directory could not be read.
    #[error("{}: cannot read", .path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file over [`crate::bounded::MAX_METADATA_FILE`] (128 MiB).
    #[error("{}: the file is over 128 MiB: not a metadata file ajar can read", .path.display())]
    TooLarge {
        /// The path.
        path: PathBuf,
    },
    /// The input root is not a directory.
    #[error("{}: not a directory of metadata", .path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// Malformed XML.
    #[error("{}:{line}: malformed XML: {message}", .path.display())]
    Xml {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Malformed JSON (ExperienceBundle files).
    #[error("{}:{line}: malformed JSON: {message}", .path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A DOCTYPE declaration (refused: metadata never needs one, and DTDs carry entity attacks).
    #[error("{}:{line}: refusing an XML document type declaration (DOCTYPE)", .path.display())]
    Doctype {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
    },
    /// Elements nested deeper than any metadata file.
    #[error("{}:{line}: XML nested too deeply", .path.display())]
    TooDeep {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
    },
    /// An entity reference that is not one of XML's five predefined ones.
    #[error("{}:{line}: refusing an undeclared XML entity", .path.display())]
    Entity {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
    },
    /// The file's root element is not the metadata type its name promises.
    #[error("{}:{line}: expected a `{expected}` document, found `<{found}>`", .path.display())]
    WrongRoot {
        /// The file.
        path: PathBuf,
        /// The line of the root element.
        line: u64,
        /// The root element expected.
        expected: &'static str,
        /// The root element found.
        found: String,
    },
    /// An Apex class, Visualforce page or flow could not be read.
    #[error(transparent)]
    Code(#[from] apex::CodeError),
    /// A CSV input (`--assignments`) is malformed.
    #[error("{}: row {row}: {message}", .path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The 1-based data row (0 for the header).
        row: u64,
        /// What is wrong.
        message: String,
    },
}

/// Reads every metadata file under `root` into an [`Org`], with what could not be read as
/// coverage gaps (skipped files, partial retrieves).
pub fn load(root: &Path) -> Result<(Org, Vec<CoverageGap>), MetadataError> {
    let meta = fs_err::metadata(root).map_err(|source| MetadataError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(MetadataError::NotADirectory {
            path: root.to_path_buf(),
        });
    }
    let files = walk::files(root)?;
    let mut org = Org::default();
    let mut gaps = Vec::new();
    let mut declared = Vec::new();
    read::read_all(&files, &mut org, &mut gaps, &mut declared)?;
    org.code = apex::read_inventory(root, root)?;
    namespace::join(&mut org, &mut gaps);
    let rule_files = files
        .iter()
        .filter_map(|f| match &f.kind {
            walk::Kind::SharingRules => Some(f.name.clone()),
            walk::Kind::SharingRule { object } => Some(object.clone()),
            _ => None,
        })
        .collect();
    gaps.extend(manifest::gaps(
        &declared,
        &manifest::present(&org, &rule_files),
    ));
    org.sharing_rules
        .sort_by(|a, b| (&a.object, &a.name, &a.span).cmp(&(&b.object, &b.name, &b.span)));
    namespace::dedupe_rules(&mut org, &mut gaps);
    org.files.sort();
    gaps.sort();
    gaps.dedup();
    Ok((org, gaps))
}

/// Parses one metadata file's bytes as if it sat at `rel` (a `/`-separated path relative to a
/// tree's root, such as `profiles/Guest.profile-meta.xml`), for fuzzing and tests. A path that
/// names no metadata type gives an empty [`Org`].
pub fn parse_bytes(rel: &str, bytes: &[u8]) -> Result<Org, MetadataError> {
    let Some((kind, name)) = walk::classify(rel) else {
        return Ok(Org::default());
    };
    let file = walk::File {
        abs: PathBuf::from(rel),
        rel: rel.to_owned(),
        kind,
        name,
    };
    let mut org = Org::default();
    let mut gaps = Vec::new();
    parse_into(&file, bytes, &mut org, &mut gaps, None)?;
    Ok(org)
}

/// Parses a file's bytes (XML, or JSON for ExperienceBundle files) into `org`; the field
/// permissions of a holder file that repeats an earlier one into `repeat`.
fn parse_into(
    file: &walk::File,
    bytes: &[u8],
    org: &mut Org,
    gaps: &mut Vec<CoverageGap>,
    repeat: Option<&mut holder::RepeatFields>,
) -> Result<(), MetadataError> {
    if file.kind.is_json() {
        let json: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| MetadataError::Json {
                path: file.abs.clone(),
                line: e.line() as u64,
                message: e.to_string(),
            })?;
        let ctx = FileCtx {
            abs: &file.abs,
            rel: &file.rel,
        };
        match &file.kind {
            walk::Kind::ExperienceConfig { bundle } => {
                site::read_experience_config(&ctx, &json, bundle, org);
            }
            walk::Kind::ExperienceRoute { bundle } => {
                site::read_experience_route(&json, bundle, &file.name, org);
            }
            _ => {}
        }
        return Ok(());
    }
    let doc = xml::parse(&file.abs, bytes)?;
    dispatch(file, &doc.root(), org, gaps, repeat)
}

fn dispatch(
    file: &walk::File,
    doc: &xml::Node,
    org: &mut Org,
    gaps: &mut Vec<CoverageGap>,
    repeat: Option<&mut holder::RepeatFields>,
) -> Result<(), MetadataError> {
    let ctx = FileCtx {
        abs: &file.abs,
        rel: &file.rel,
    };
    let name = &file.name;
    match &file.kind {
        walk::Kind::Holder(kind) => holder::read(&ctx, doc, (*kind, name), org, gaps, repeat),
        walk::Kind::PermissionSetGroup => holder::read_group(&ctx, doc, name, org),
        walk::Kind::Object => object::read_object(&ctx, doc, name, org),
        walk::Kind::Field { object } => object::read_field(&ctx, doc, object, name, org),
        walk::Kind::SharingRules => sharing::read_file(&ctx, doc, name, org),
        walk::Kind::SharingRule { object } => sharing::read_one(&ctx, doc, object, org),
        walk::Kind::Site => site::read_site(&ctx, doc, name, org),
        walk::Kind::Network => site::read_network(&ctx, doc, name, org),
        walk::Kind::Settings => site::read_settings(&ctx, doc, name, org),
        walk::Kind::ExperienceConfig { .. } | walk::Kind::ExperienceRoute { .. } => Ok(()),
        // Read by `load`: a manifest adds no grant, only what to expect.
        walk::Kind::Manifest => Ok(()),
    }
}

/// The file being read.
pub(crate) struct FileCtx<'a> {
    pub(crate) abs: &'a Path,
    pub(crate) rel: &'a str,
}

impl FileCtx<'_> {
    pub(crate) fn span(&self, line: u64) -> Span {
        Span::new(self.rel, line)
    }

    pub(crate) fn expect_root(
        &self,
        doc: &xml::Node,
        expected: &'static str,
    ) -> Result<(), MetadataError> {
        if doc.name == expected {
            Ok(())
        } else {
            Err(MetadataError::WrongRoot {
                path: self.abs.to_path_buf(),
                line: doc.line,
                expected,
                found: doc.name.to_string(),
            })
        }
    }
}

/// Removes build tokens from a name or reference (V4S, formats.md §1.1, trap 17). Packaging
/// tools (CumulusCI's namespace injection) replace `%%%NAMESPACE%%%`, `%%%NAMESPACED_ORG%%%`,
/// `%%%NAMESPACE_DOT%%%` with the namespace prefix, or with nothing in an unmanaged deploy,
/// which is how the tree's own object files are named; the `…_OR_C%%%` forms become `c` (the
/// default namespace of Lightning components) when there is none; `___NAMESPACE___` is the
/// same token in file names. Any other `%%%WORD%%%` is removed like the first kind.
pub fn strip_token(name: &str) -> String {
    strip_token_cow(name).into_owned()
}

/// [`strip_token`], borrowing the name when it has no token (most names).
pub(crate) fn strip_token_cow(name: &str) -> std::borrow::Cow<'_, str> {
    // Most names have no `%` and no `___`: one byte scan each instead of substring searches.
    if memchr::memchr(b'%', name.as_bytes()).is_none()
        && !name.as_bytes().windows(3).any(|w| w == b"___")
    {
        return name.into();
    }
    if !name.contains("%%%") && !name.contains("___NAMESPACE___") {
        return name.into();
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name.replace("___NAMESPACE___", "");
    while let Some(start) = rest.find("%%%") {
        let after = rest.get(start + 3..).unwrap_or_default();
        let token_len = after.find("%%%").filter(|&end| {
            after.get(..end).is_some_and(|w| {
                !w.is_empty() && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
            })
        });
        match token_len {
            Some(end) => {
                out.push_str(rest.get(..start).unwrap_or_default());
                if after.get(..end).is_some_and(|w| w.ends_with("_OR_C")) {
                    out.push('c');
                }
                rest = after.get(end + 3..).unwrap_or_default().to_owned();
            }
            None => {
                out.push_str(rest.get(..start + 3).unwrap_or_default());
                rest = after.to_owned();
            }
        }
    }
    out.push_str(&rest);
    out.into()
}

/// Decodes `%XX` escapes in a file or component name (`Volunteers %28Site%29` →
/// `Volunteers (Site)`, `Posted%2FActive` → `Posted/Active`; formats.md §1.1). Invalid escapes
/// are kept as written.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_owned(), std::borrow::Cow::into_owned)
}

#[cfg(test)]
mod tests;
