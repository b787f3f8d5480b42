//! Finds the metadata files of a tree and recognises their type by suffix (formats.md §1.1).

use super::{MetadataError, percent_decode, strip_token};
use ajar_model::org::HolderKind;
use std::path::{Path, PathBuf};

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Holder(HolderKind),
    PermissionSetGroup,
    Object,
    Field {
        object: String,
    },
    SharingRules,
    SharingRule {
        object: String,
    },
    Site,
    Network,
    Settings,
    /// `experiences/<bundle>/config/<site>.json`.
    ExperienceConfig {
        bundle: String,
    },
    /// `experiences/<bundle>/routes/<route>.json`.
    ExperienceRoute {
        bundle: String,
    },
    /// `package.xml`: the manifest of a retrieve.
    Manifest,
}

impl Kind {
    /// JSON rather than XML.
    pub(crate) fn is_json(&self) -> bool {
        matches!(
            self,
            Self::ExperienceConfig { .. } | Self::ExperienceRoute { .. }
        )
    }
}

/// A file to read.
#[derive(Debug)]
pub(crate) struct File {
    pub(crate) abs: PathBuf,
    /// Relative to the root, `/`-separated.
    pub(crate) rel: String,
    pub(crate) kind: Kind,
    /// The component name (percent-decoded file name without its suffix).
    pub(crate) name: String,
}

/// Suffixes of the source format; the mdapi format drops `-meta.xml`.
const SUFFIXES: &[(&str, Simple)] = &[
    (".profile", Simple::Holder(HolderKind::Profile)),
    (".permissionset", Simple::Holder(HolderKind::PermissionSet)),
    (
        ".mutingpermissionset",
        Simple::Holder(HolderKind::MutingPermissionSet),
    ),
    (".permissionsetgroup", Simple::Group),
    (".object", Simple::Object),
    (".field", Simple::Field),
    (".sharingRules", Simple::SharingRules),
    // decomposeSharingRulesBeta: one file per rule under sharingRules/<Object>/<kind>/.
    (".sharingGuestRule", Simple::OneRule),
    (".sharingCriteriaRule", Simple::OneRule),
    (".sharingOwnerRule", Simple::OneRule),
    (".sharingTerritoryRule", Simple::OneRule),
    (".site", Simple::Site),
    (".network", Simple::Network),
    (".settings", Simple::Settings),
];

#[derive(Debug, Clone, Copy)]
enum Simple {
    Holder(HolderKind),
    Group,
    Object,
    Field,
    SharingRules,
    OneRule,
    Site,
    Network,
    Settings,
}

/// Every regular file under `root`, sorted by path. Hidden folders and `node_modules` are
/// skipped; symbolic links are not followed. An error names the path it occurred at.
pub(crate) fn tree(root: &Path) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let keep = |e: &walkdir::DirEntry| {
        e.depth() == 0 || !e.file_type().is_dir() || {
            let name = e.file_name().to_string_lossy();
            !name.starts_with('.') && name != "node_modules"
        }
    };
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(keep)
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            let kind = e
                .io_error()
                .map_or(std::io::ErrorKind::Other, std::io::Error::kind);
            (path, std::io::Error::new(kind, e.to_string()))
        })?;
        if entry.file_type().is_file() {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// Every metadata file under `root`, sorted by relative path. Hidden directories and
/// `node_modules` are skipped.
pub(crate) fn files(root: &Path) -> Result<Vec<File>, MetadataError> {
    let mut out = Vec::new();
    for path in tree(root).map_err(|(path, source)| MetadataError::Io { path, source })? {
        let rel = rel_path(root, &path);
        if let Some((kind, component)) = classify(&rel) {
            out.push(File {
                abs: path,
                rel,
                kind,
                name: component,
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Recognises a file by its relative path.
pub(crate) fn classify(rel: &str) -> Option<(Kind, String)> {
    let parts: Vec<&str> = rel.split('/').collect();
    let file = *parts.last()?;
    let parent = |up: usize| {
        parts
            .len()
            .checked_sub(1 + up)
            .and_then(|i| parts.get(i).copied())
    };
    let stem_of = |file: &str| -> Option<(Simple, String)> {
        let base = file.strip_suffix("-meta.xml").unwrap_or(file);
        SUFFIXES.iter().find_map(|(suffix, simple)| {
            base.strip_suffix(suffix)
                .filter(|s| !s.is_empty())
                .map(|s| (*simple, strip_token(&percent_decode(s))))
        })
    };
    // ExperienceBundle: experiences/<bundle>/{config,routes}/<name>.json (formats.md §1.4).
    if let (Some(stem), Some(section), Some(bundle), Some("experiences")) =
        (file.strip_suffix(".json"), parent(1), parent(2), parent(3))
    {
        let bundle = percent_decode(bundle);
        return match section {
            "config" => Some((Kind::ExperienceConfig { bundle }, percent_decode(stem))),
            "routes" => Some((Kind::ExperienceRoute { bundle }, percent_decode(stem))),
            _ => None,
        };
    }
    if file == "package.xml" {
        return Some((Kind::Manifest, String::new()));
    }
    let (simple, name) = stem_of(file)?;
    let kind = match simple {
        Simple::Holder(k) => Kind::Holder(k),
        Simple::Group => Kind::PermissionSetGroup,
        Simple::Object => Kind::Object,
        Simple::Field => Kind::Field {
            // objects/<Object>/fields/<Field>.field-meta.xml
            object: strip_token(&percent_decode(parent(2)?)),
        },
        Simple::SharingRules => Kind::SharingRules,
        Simple::OneRule => Kind::SharingRule {
            object: strip_token(&percent_decode(parent(2)?)),
        },
        Simple::Site => {
            // ExperienceBundle descriptors (`experiences/<S>.site-meta.xml`) and SiteDotCom
            // blobs (`siteDotComSites/<S>.site`, binary) share the suffix (formats.md §1.1).
            if matches!(parent(1), Some("experiences" | "siteDotComSites")) {
                return None;
            }
            Kind::Site
        }
        Simple::Network => Kind::Network,
        Simple::Settings => Kind::Settings,
    };
    Some((kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_and_encoded_names() {
        assert_eq!(
            classify("force-app/main/default/profiles/Leasing Profile.profile-meta.xml"),
            Some((Kind::Holder(HolderKind::Profile), "Leasing Profile".into()))
        );
        assert_eq!(
            classify("src/profiles/Volunteers %28Site%29.profile"),
            Some((
                Kind::Holder(HolderKind::Profile),
                "Volunteers (Site)".into()
            ))
        );
        assert_eq!(
            classify("objects/Product__c/fields/MSRP__c.field-meta.xml"),
            Some((
                Kind::Field {
                    object: "Product__c".into()
                },
                "MSRP__c".into()
            ))
        );
        assert_eq!(
            classify("sharingRules/Account/sharingGuestRules/G.sharingGuestRule-meta.xml"),
            Some((
                Kind::SharingRule {
                    object: "Account".into()
                },
                "G".into()
            ))
        );
        assert_eq!(classify("experiences/E_Bikes1.site-meta.xml"), None);
        assert_eq!(
            classify("force-app/experiences/E_Bikes1/config/eBikes.json"),
            Some((
                Kind::ExperienceConfig {
                    bundle: "E_Bikes1".into()
                },
                "eBikes".into()
            ))
        );
        assert_eq!(
            classify("experiences/E_Bikes1/routes/home.json"),
            Some((
                Kind::ExperienceRoute {
                    bundle: "E_Bikes1".into()
                },
                "home".into()
            ))
        );
        assert_eq!(classify("experiences/E_Bikes1/views/home.json"), None);
        assert_eq!(classify("classes/Foo.cls-meta.xml"), None);
        assert_eq!(
            classify("src/package.xml"),
            Some((Kind::Manifest, String::new()))
        );
    }
}
