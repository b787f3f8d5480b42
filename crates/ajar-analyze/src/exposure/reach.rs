//! Wires code reach (`exposure::code`) into a principal: which code it can run, the records
//! that code reads for it without sharing, and the fields it returns without FLS
//! (formats.md §1.7, §1.9 R8).

use super::code::{CodeAccess, CodeContext, code_gaps, code_reach};
use super::principals::Seed;
use ajar_model::exposure::{
    CodeEntry, LockdownMode, ObjectAccess, ReadableField, RecordPath, RecordPathKind, RecordReach,
    SharingMode,
};
use ajar_model::org::Org;
use ajar_model::span::{Cause, CoverageGap};

/// The code a principal's proven grants reach, and the gaps (granted code not in the input).
pub(crate) fn code(
    org: &Org,
    seed: &Seed<'_>,
    mode: LockdownMode,
) -> (Vec<CodeEntry>, Option<CoverageGap>) {
    let mut access = CodeAccess::default();
    for h in seed
        .profile
        .into_iter()
        .chain(seed.assigned.iter().copied())
    {
        access.classes.extend(h.class_accesses.keys().cloned());
        access.pages.extend(h.page_accesses.keys().cloned());
        access.flows.extend(h.flow_accesses.keys().cloned());
    }
    if let Some(site) = seed.site {
        // Every page slot of a site is served to its guest (formats.md §1.4).
        access.pages.extend(site.pages.values().cloned());
    }
    let ctx = CodeContext {
        mode,
        aura_access_check: org.setting_bool("Apex.enableAuraApexCtrlGuestUserAccessCheckPref"),
        aura_implicit_with_sharing: org.setting_bool("Apex.enableApexCtrlImplicitWithSharingPref"),
    };
    let entries = code_reach(&org.code, &access, &ctx);
    let gaps = code_gaps(&org.code, &access);
    // One gap per principal: a profile may grant hundreds of classes that were not retrieved.
    let gap = (!gaps.is_empty()).then(|| {
        let names: Vec<&str> = gaps
            .iter()
            .filter_map(|g| g.message.split('`').nth(1))
            .take(8)
            .collect();
        let more = gaps.len().saturating_sub(names.len());
        let tail = if more > 0 { format!(", and {more} more") } else { String::new() };
        CoverageGap {
            kind: "missing-code".into(),
            message: format!(
                "`{}`: {} granted classes, pages or flows are not in the input ({}{tail}): what they run is unknown",
                seed.name,
                gaps.len(),
                names.join(", ")
            ),
            span: seed.profile.map(|p| p.span.clone()),
        }
    });
    (entries, gap)
}

/// Adds to `objects` the records and fields that code running without sharing (or without
/// FLS) reads for the principal.
pub(crate) fn apply(objects: &mut Vec<ObjectAccess>, code: &[CodeEntry]) {
    for entry in code {
        for read in &entry.reads {
            let Some((object, field)) = read.split_once('.') else {
                continue;
            };
            let idx = match objects.iter().position(|o| o.object == object) {
                Some(i) => i,
                None => {
                    objects.push(empty(object));
                    objects.len() - 1
                }
            };
            let Some(o) = objects.get_mut(idx) else {
                continue;
            };
            let cause = Cause {
                span: entry.span.clone(),
                what: format!("`{}` reads {read} ({})", entry.entry, entry.sharing_reason),
            };
            if entry.sharing == SharingMode::Without {
                let path = RecordPath {
                    kind: RecordPathKind::Code {
                        entry: entry.entry.clone(),
                    },
                    effective: true,
                    causes: vec![cause.clone()],
                };
                if !o.record_paths.contains(&path) {
                    o.record_paths.push(path);
                    o.record_paths.sort();
                }
                if o.read || !entry.enforces_fls {
                    o.records = o.records.max(RecordReach::Criteria);
                }
            }
            // In system mode the code returns fields whatever the FLS says.
            if !entry.enforces_fls && !o.readable_fields.iter().any(|f| f.field == *read) {
                o.readable_fields.push(ReadableField {
                    field: read.clone(),
                    classification: super::classify::classify(object, field, None),
                    via: cause,
                });
                o.readable_fields.sort();
            }
        }
    }
    objects.sort();
}

fn empty(object: &str) -> ObjectAccess {
    ObjectAccess {
        object: object.to_owned(),
        create: false,
        read: false,
        edit: false,
        delete: false,
        view_all: false,
        modify_all: false,
        records: RecordReach::None,
        record_paths: Vec::new(),
        readable_fields: Vec::new(),
        via: Vec::new(),
        candidate: false,
    }
}
