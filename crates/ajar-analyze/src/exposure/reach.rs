//! Wires code reach (`exposure::code`) into a principal: which code it can run (formats.md
//! §1.7, §1.9 R8). Code is reported in `code[]` and by the CODE-* rules; it does not add
//! record paths, because what a query returns depends on its WHERE clause and parameters,
//! which `investigate` cannot evaluate against the export (an unfiltered path would count
//! every record as exposed).

use super::code::{CodeAccess, CodeContext, code_gaps, code_reach};
use super::principals::Seed;
use ajar_model::exposure::{CodeEntry, LockdownMode};
use ajar_model::org::Org;
use ajar_model::span::CoverageGap;

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
