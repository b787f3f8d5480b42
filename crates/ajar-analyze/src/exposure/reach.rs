//! Wires code reach (`exposure::code`) into a principal: which code it can run, proven or
//! through a candidate permission set (formats.md §1.3, §1.7, §1.9 R8). Code is reported in `code[]` and by the CODE-* rules; it does not add
//! record paths, because what a query returns depends on its WHERE clause and parameters,
//! which `investigate` cannot evaluate against the export (an unfiltered path would count
//! every record as exposed).

use super::code::{CodeAccess, CodeContext, code_gaps, code_reach};
use super::principals::Seed;
use ajar_model::exposure::{CodeEntry, EntryKind, LockdownMode};
use ajar_model::org::{Org, PermissionHolder};
use ajar_model::span::CoverageGap;
use std::collections::BTreeSet;

/// The code a principal reaches: through its proven grants (profile, assigned sets, site page
/// slots), and through candidate permission sets (no `--assignments`), those entries marked
/// `candidate` (formats.md §1.3: listed, never merged). With the gap: granted code not in the
/// input, candidates' grants included.
pub(crate) fn code(
    org: &Org,
    seed: &Seed<'_>,
    mode: LockdownMode,
    as_of: jiff::civil::Date,
) -> (Vec<CodeEntry>, Option<CoverageGap>) {
    let mut proven = CodeAccess::default();
    for h in seed
        .profile
        .into_iter()
        .chain(seed.assigned.iter().copied())
    {
        add(&mut proven, h);
    }
    if let Some(site) = seed.site {
        // Every page slot of a site is served to its guest (formats.md §1.4).
        proven.pages.extend(site.pages.values().cloned());
    }
    let mut all = proven.clone();
    for h in &seed.candidates {
        add(&mut all, h);
    }
    // Until Spring '23, RunFlow let a guest start any flow not restricted to the profiles and
    // permission sets granted it (formats.md §1.10).
    if seed.kind == ajar_model::exposure::PrincipalKind::Guest
        && !super::era::SPRING_23.in_force(as_of)
    {
        let open_flows = || {
            org.code
                .flows
                .iter()
                .filter(|f| !f.additional_permission_required)
                .map(|f| f.name.clone())
        };
        let runs = |h: &&PermissionHolder| h.user_permissions.contains_key("RunFlow");
        if seed
            .profile
            .into_iter()
            .chain(seed.assigned.iter().copied())
            .any(|h| runs(&h))
        {
            proven.flows.extend(open_flows());
            all.flows.extend(open_flows());
        } else if seed.candidates.iter().any(runs) {
            all.flows.extend(open_flows());
        }
    }
    let ctx = CodeContext {
        mode,
        aura_access_check: org.setting_bool("Apex.enableAuraApexCtrlGuestUserAccessCheckPref"),
        aura_implicit_with_sharing: org.setting_bool("Apex.enableApexCtrlImplicitWithSharingPref"),
        aura_with_sharing_enforced: super::era::SPRING_21.in_force(as_of),
    };
    let sure: BTreeSet<(String, EntryKind)> = code_reach(&org.code, &proven, &ctx)
        .into_iter()
        .map(|e| (e.entry, e.kind))
        .collect();
    let mut entries = if all == proven {
        code_reach(&org.code, &proven, &ctx)
    } else {
        code_reach(&org.code, &all, &ctx)
    };
    for e in &mut entries {
        e.candidate = !sure.contains(&(e.entry.clone(), e.kind));
    }
    let gaps = code_gaps(&org.code, &all);
    let sure_gaps = code_gaps(&org.code, &proven);
    // One gap per principal: a profile may grant hundreds of classes that were not retrieved.
    let gap = (!gaps.is_empty()).then(|| {
        let names: Vec<&str> = gaps
            .iter()
            .filter_map(|g| g.message.split('`').nth(1))
            .take(8)
            .collect();
        let more = gaps.len().saturating_sub(names.len());
        let tail = if more > 0 { format!(", and {more} more") } else { String::new() };
        let through = gaps.len().saturating_sub(sure_gaps.len());
        let candidates = if through > 0 {
            format!(" ({through} of them granted only by candidate permission sets)")
        } else {
            String::new()
        };
        CoverageGap {
            kind: "missing-code".into(),
            message: format!(
                "`{}`: {} granted classes, pages or flows are not in the input{candidates} ({}{tail}): what they run is unknown",
                seed.name,
                gaps.len(),
                names.join(", ")
            ),
            span: seed.profile.map(|p| p.span.clone()),
        }
    });
    (entries, gap)
}

fn add(access: &mut CodeAccess, h: &PermissionHolder) {
    access.classes.extend(h.class_accesses.keys().cloned());
    access.pages.extend(h.page_accesses.keys().cloned());
    access.flows.extend(h.flow_accesses.keys().cloned());
}
