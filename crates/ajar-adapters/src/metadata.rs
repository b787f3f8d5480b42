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
mod object;
pub mod page;
mod sharing;
mod site;
mod walk;
mod xml;

pub use assignments::parse_assignments;

use ajar_model::exposure::InputFile;
use ajar_model::org::Org;
use ajar_model::span::{CoverageGap, Span};
use sha2::Digest;
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
    /// A DOCTYPE declaration (refused: metadata never needs one, and DTDs carry entity attacks).
    #[error("{}:{line}: refusing an XML document type declaration (DOCTYPE)", .path.display())]
    Doctype {
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
    for file in files {
        let bytes = fs_err::read(&file.abs).map_err(|source| MetadataError::Io {
            path: file.abs.clone(),
            source,
        })?;
        org.files.push(InputFile {
            path: file.rel.clone(),
            sha256: hex(&sha2::Sha256::digest(&bytes)),
        });
        let doc = xml::parse(&file.abs, &bytes)?;
        let ctx = FileCtx {
            abs: &file.abs,
            rel: &file.rel,
        };
        match &file.kind {
            walk::Kind::Holder(kind) => {
                holder::read(&ctx, &doc, *kind, &file.name, &mut org, &mut gaps)?
            }
            walk::Kind::PermissionSetGroup => holder::read_group(&ctx, &doc, &file.name, &mut org)?,
            walk::Kind::Object => object::read_object(&ctx, &doc, &file.name, &mut org)?,
            walk::Kind::Field { object } => {
                object::read_field(&ctx, &doc, object, &file.name, &mut org)?;
            }
            walk::Kind::SharingRules => sharing::read_file(&ctx, &doc, &file.name, &mut org)?,
            walk::Kind::SharingRule { object } => sharing::read_one(&ctx, &doc, object, &mut org)?,
            walk::Kind::Site => site::read_site(&ctx, &doc, &file.name, &mut org)?,
            walk::Kind::Network => site::read_network(&ctx, &doc, &file.name, &mut org)?,
            walk::Kind::Settings => site::read_settings(&ctx, &doc, &file.name, &mut org)?,
        }
    }
    org.sharing_rules
        .sort_by(|a, b| (&a.object, &a.name, &a.span).cmp(&(&b.object, &b.name, &b.span)));
    org.files.sort();
    gaps.sort();
    gaps.dedup();
    Ok((org, gaps))
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
                found: doc.name.clone(),
            })
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Removes the `%%%NAMESPACE%%%` build token (V4S, formats.md §1.1): packaging replaces it
/// with the namespace prefix, or nothing in an unmanaged deploy, which is how the tree's own
/// object files are named.
pub fn strip_token(name: &str) -> String {
    name.replace("%%%NAMESPACE%%%", "")
}

/// Decodes `%XX` escapes in a file or component name (`Volunteers %28Site%29` →
/// `Volunteers (Site)`, `Posted%2FActive` → `Posted/Active`; formats.md §1.1). Invalid escapes
/// are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hexpair = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hexpair.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests;
