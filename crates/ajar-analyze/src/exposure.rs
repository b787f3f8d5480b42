//! What a guest or external user can reach: objects, records, fields and code paths, computed
//! from an [`Org`] at a date (`--as-of`), with the reasons.
//!
//! [`analyze`] is the whole pipeline: principals, effective access, coverage gaps, then the
//! rules of [`crate::rules`] produce the findings of a [`ScanReport`].

pub mod classify;
pub mod code;
pub mod era;
mod objects;
mod paths;
mod principals;
mod reach;

use ajar_model::exposure::{LockdownMode, PrincipalExposure, PrincipalKind, ScanReport};
use ajar_model::org::{Assignments, Org};
use ajar_model::span::CoverageGap;
use std::collections::BTreeSet;

pub(crate) use paths::owd;
pub use paths::{matches_all, matches_all_of};
pub(crate) use principals::compatible_with_external;
pub use principals::profile_matches_site;

/// How to analyse.
#[derive(Debug, Clone)]
pub struct ExposureOptions {
    /// The date whose platform rules apply.
    pub as_of: jiff::civil::Date,
    /// Permission set assignments per profile, when known (`--assignments`).
    pub assignments: Option<Assignments>,
}

/// The first day ajar treats as after the Winter '21 guest lockdown. Winter '21 (API 50)
/// enforced the secure-guest rules in September–October 2020 (formats.md §1.8); the last
/// production release weekend was 9–10 October 2020, so from 2020-10-10 every org had them.
/// A date inside the rollout gets the earlier rules and a `release-rollout` gap
/// (formats.md §1.10).
pub const LOCKDOWN: jiff::civil::Date = era::WINTER_21.last;

/// The lockdown mode at a date.
pub fn mode_at(date: jiff::civil::Date) -> LockdownMode {
    if date < LOCKDOWN {
        LockdownMode::Pre2021
    } else {
        LockdownMode::Post2021
    }
}

/// User permissions worth reporting on a guest or external user (formats.md §1.2).
pub const RISKY_USER_PERMISSIONS: &[&str] = &[
    "ApexRestServices",
    "ApiEnabled",
    "AuthorApex",
    "ManageUsers",
    "ModifyAllData",
    "RunFlow",
    "ViewAllData",
    "ViewAllUsers",
    "ViewSetup",
];

/// Computes every principal's exposure, the coverage gaps, and the findings of every rule.
/// `gaps` are the reader's gaps (partial retrieves, skipped files).
pub fn analyze(org: &Org, gaps: Vec<CoverageGap>, opts: &ExposureOptions) -> ScanReport {
    let mode = mode_at(opts.as_of);
    let era = era::Era::at(org, opts.as_of);
    let mut coverage = gaps;
    coverage.extend(era.gaps.iter().cloned());
    let seeds = principals::seeds(org, opts.assignments.as_ref(), opts.as_of, &mut coverage);
    let mut code_gaps = Vec::new();
    let mut principals: Vec<PrincipalExposure> = seeds
        .iter()
        .map(|seed| {
            let mut sets: Vec<String> = seed
                .assigned
                .iter()
                .chain(seed.candidates.iter())
                .map(|s| s.name.clone())
                .collect();
            sets.sort();
            sets.dedup();
            let mut user_permissions: Vec<String> = seed
                .profile
                .into_iter()
                .chain(seed.assigned.iter().copied())
                .flat_map(|h| h.user_permissions.keys())
                .filter(|p| RISKY_USER_PERMISSIONS.contains(&p.as_str()))
                .cloned()
                .collect();
            user_permissions.sort();
            user_permissions.dedup();
            let (code, gap) = reach::code(org, seed, mode, opts.as_of);
            code_gaps.extend(gap);
            let objects = objects::objects(org, seed, &era, &mut code_gaps);
            PrincipalExposure {
                kind: seed.kind,
                name: seed.name.clone(),
                site: seed.site.map(|s| s.name.clone()),
                permission_sets: sets,
                assignments_known: seed.assignments_known,
                user_permissions,
                objects,
                code,
            }
        })
        .collect();
    coverage.extend(code_gaps);
    principals.sort_by(|a, b| (a.kind, &a.site, &a.name).cmp(&(b.kind, &b.site, &b.name)));
    coverage.extend(analysis_gaps(org, &principals, opts.assignments.is_some()));
    coverage.sort();
    coverage.dedup();
    let mut report = ScanReport {
        schema: ScanReport::SCHEMA.to_owned(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        as_of: opts.as_of,
        mode,
        principals,
        findings: Vec::new(),
        coverage,
        inputs: org.files.clone(),
        closed: Vec::new(),
    };
    report.findings = crate::rules::run(org, &report);
    report
}

fn analysis_gaps(
    org: &Org,
    principals: &[PrincipalExposure],
    assignments_known: bool,
) -> Vec<CoverageGap> {
    let mut out = Vec::new();
    let mut missing: BTreeSet<&str> = BTreeSet::new();
    for p in principals
        .iter()
        .filter(|p| p.kind != PrincipalKind::Internal)
    {
        for o in p.objects.iter().filter(|o| o.read) {
            if !org.objects.get(&o.object).is_some_and(|d| d.has_definition) {
                missing.insert(&o.object);
            }
        }
    }
    for object in missing {
        // An unretrieved object is unknown, not denied (formats.md §1.1, trap 3).
        out.push(CoverageGap {
            kind: "missing-object".into(),
            message: format!(
                "object `{object}` is readable by a guest or external user but its definition is not in the input: sharing model and required fields unknown"
            ),
            span: None,
        });
    }
    for r in &org.sharing_rules {
        if r.shared_to_kind == "guestUser" && !org.sites.contains_key(&r.shared_to) {
            out.push(CoverageGap {
                kind: "unknown-site".into(),
                message: format!(
                    "guest sharing rule `{}` on `{}` shares to site `{}`, which is not in the input",
                    r.name, r.object, r.shared_to
                ),
                span: Some(r.span.clone()),
            });
        }
    }
    if !assignments_known && principals.iter().any(|p| !p.permission_sets.is_empty()) {
        out.push(CoverageGap {
            kind: "assignments-unknown".into(),
            message: "no --assignments export: permission sets are listed as candidates a guest or external user could hold; the answer is incomplete".into(),
            span: None,
        });
    }
    // Never in metadata (formats.md §1.4, §1.9 R11).
    out.push(CoverageGap {
        kind: "not-in-metadata".into(),
        message: "not in metadata: share rows and manual shares, group membership, the guest user record, \"Allow guest users to access public APIs\", managed-package code".into(),
        span: None,
    });
    out
}

/// The objects a site guest reads through an effective record path: what `investigate` counts
/// as exposed, and what each commit of the metadata history is compared on.
pub fn exposing(report: &ScanReport) -> BTreeSet<String> {
    report
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
        .flat_map(|p| p.objects.iter())
        .filter(|o| o.read && !o.candidate && o.record_paths.iter().any(|r| r.effective))
        .map(|o| o.object.clone())
        .collect()
}
