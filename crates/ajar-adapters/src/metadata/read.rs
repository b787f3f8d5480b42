//! Reading the files of a tree: each file is read, hashed and parsed on a rayon thread, and
//! the parts are merged in path order as soon as they are ready, so that the result does not
//! depend on scheduling.

use super::{FileCtx, MetadataError, holder, manifest, parse_into, site, walk, xml};
use ajar_model::exposure::InputFile;
use ajar_model::org::Org;
use ajar_model::span::{CoverageGap, Span};
use sha2::Digest;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The merged result so far.
struct Merged<'a> {
    org: &'a mut Org,
    gaps: &'a mut Vec<CoverageGap>,
    declared: &'a mut Vec<manifest::Member>,
    /// The first error in path order, which stops the merge.
    error: Option<MetadataError>,
}

/// Parts read but not yet merged, by the index of their file, and the next index to merge.
#[derive(Default)]
struct Ready {
    next: usize,
    parts: BTreeMap<usize, Result<Part, MetadataError>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reads every file and merges the parts into `org`, `gaps` and `declared` in path order; the
/// first error in path order stops. The files are started in order (FIFO), so parts wait only
/// for an earlier file still being parsed (usually few; behind one very large file, those read
/// meanwhile), and whichever thread finishes a file merges what is ready: no thread waits at a
/// barrier, and the merge overlaps the parsing of later files.
pub(super) fn read_all(
    files: &[walk::File],
    org: &mut Org,
    gaps: &mut Vec<CoverageGap>,
    declared: &mut Vec<manifest::Member>,
) -> Result<(), MetadataError> {
    let ready = Mutex::new(Ready::default());
    let merged = Mutex::new(Merged {
        org,
        gaps,
        declared,
        error: None,
    });
    let failed = AtomicBool::new(false);
    let repeats = holder::repeats(files);
    rayon::scope_fifo(|s| {
        for (i, (file, &repeat)) in files.iter().zip(&repeats).enumerate() {
            let (ready, merged, failed) = (&ready, &merged, &failed);
            s.spawn_fifo(move |_| {
                // After an error only the parts before it matter, and those are merged.
                if failed.load(Ordering::Relaxed) {
                    return;
                }
                let part = read_file(file, repeat);
                lock(ready).parts.insert(i, part);
                // Another thread merging will take this part, or the next file's thread will.
                if let Ok(m) = merged.try_lock() {
                    merge_ready(ready, m, failed);
                }
            });
        }
    });
    merge_ready(&ready, lock(&merged), &failed);
    match merged
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .error
    {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Merges the parts that are next in path order, until one is missing or is an error.
fn merge_ready(ready: &Mutex<Ready>, mut m: MutexGuard<'_, Merged<'_>>, failed: &AtomicBool) {
    while m.error.is_none() {
        let part = {
            let mut r = lock(ready);
            let next = r.next;
            let Some(part) = r.parts.remove(&next) else {
                return;
            };
            r.next += 1;
            part
        };
        match part {
            Ok(mut part) => {
                let m = &mut *m;
                m.declared.append(&mut part.manifest);
                absorb(m.org, m.gaps, part);
            }
            Err(e) => {
                failed.store(true, Ordering::Relaxed);
                m.error = Some(e);
            }
        }
    }
}

/// What one file contributes, read on any thread.
struct Part {
    input: InputFile,
    org: Org,
    gaps: Vec<CoverageGap>,
    manifest: Vec<manifest::Member>,
    /// The field permissions of a holder file that repeats an earlier one.
    repeat: Option<holder::RepeatFields>,
}

/// Reads, hashes and parses one file; `repeat` when it repeats a holder of an earlier file.
fn read_file(file: &walk::File, repeat: bool) -> Result<Part, MetadataError> {
    let bytes = crate::bounded::read_file(&file.abs, crate::bounded::MAX_METADATA_FILE).map_err(
        |source| match crate::bounded::is_over_cap(&source) {
            true => MetadataError::TooLarge {
                path: file.abs.clone(),
            },
            false => MetadataError::Io {
                path: file.abs.clone(),
                source,
            },
        },
    )?;
    let input = InputFile {
        path: file.rel.clone(),
        sha256: hex(&sha2::Sha256::digest(&bytes)),
    };
    let mut org = Org::default();
    let mut gaps = Vec::new();
    if file.kind == walk::Kind::Manifest {
        // A manifest is not needed to read a tree: a broken one is a gap, not an error.
        let manifest = match xml::parse(&file.abs, &bytes) {
            Ok(doc) => {
                let ctx = FileCtx {
                    abs: &file.abs,
                    rel: &file.rel,
                };
                manifest::read(&ctx, &doc.root())
            }
            Err(e) => {
                let line = match &e {
                    MetadataError::Xml { line, .. }
                    | MetadataError::TooDeep { line, .. }
                    | MetadataError::Doctype { line, .. }
                    | MetadataError::Entity { line, .. } => *line,
                    _ => 1,
                };
                gaps.push(CoverageGap {
                    kind: "unreadable-manifest".into(),
                    message: format!(
                        "`{}` is not a readable manifest (line {line}): what it declares is unknown",
                        file.rel
                    ),
                    span: Some(Span::new(file.rel.clone(), line)),
                });
                Vec::new()
            }
        };
        return Ok(Part {
            input,
            org,
            gaps,
            manifest,
            repeat: None,
        });
    }
    let mut repeat = match (&file.kind, repeat) {
        (walk::Kind::Holder(kind), true) => {
            Some(holder::RepeatFields::new(*kind, &file.name, &file.rel))
        }
        _ => None,
    };
    parse_into(file, &bytes, &mut org, &mut gaps, repeat.as_mut())?;
    Ok(Part {
        input,
        org,
        gaps,
        manifest: Vec::new(),
        repeat,
    })
}

/// Merges one file's contribution, in path order.
fn absorb(org: &mut Org, gaps: &mut Vec<CoverageGap>, part: Part) {
    org.files.push(part.input);
    gaps.extend(part.gaps);
    let p = part.org;
    for h in p.profiles.into_values() {
        holder::insert(&mut org.profiles, h, gaps);
    }
    for h in p.permission_sets.into_values() {
        holder::insert(&mut org.permission_sets, h, gaps);
    }
    for h in p.muting_permission_sets.into_values() {
        holder::insert(&mut org.muting_permission_sets, h, gaps);
    }
    if let Some(r) = part.repeat {
        holder::add_repeat(org, &r);
    }
    org.permission_set_groups.extend(p.permission_set_groups);
    for (name, o) in p.objects {
        match org.objects.get_mut(&name) {
            None => {
                org.objects.insert(name, o);
            }
            Some(e) => {
                // An object file and its field files arrive separately (source format).
                if o.has_definition {
                    e.has_definition = true;
                    e.span = o.span;
                    e.lines = o.lines;
                }
                e.sharing_model = o.sharing_model.or(e.sharing_model.take());
                e.external_sharing_model =
                    o.external_sharing_model.or(e.external_sharing_model.take());
                e.fields.extend(o.fields);
            }
        }
    }
    org.sharing_rules.extend(p.sharing_rules);
    for (name, site) in p.sites {
        match org.sites.remove(&name) {
            None => {
                org.sites.insert(name, site);
            }
            Some(earlier) => {
                let merged = site::merge_duplicate(earlier, site, gaps);
                org.sites.insert(name, merged);
            }
        }
    }
    org.networks.extend(p.networks);
    org.settings.extend(p.settings);
    // A bundle's config and route files arrive separately.
    for (name, e) in p.experiences {
        let mine = org.experiences.entry(name).or_insert_with(|| e.clone());
        mine.available_to_guests = e.available_to_guests.or(mine.available_to_guests);
        mine.authentication = e.authentication.or(mine.authentication.take());
        mine.span = e.span.or(mine.span.take());
        mine.public_routes.extend(e.public_routes);
        mine.public_routes.sort();
        mine.public_routes.dedup();
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
