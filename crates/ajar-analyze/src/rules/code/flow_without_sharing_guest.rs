//! CODE-003: a guest can run a flow in system mode without sharing.

use super::{can, cause, reads};
use crate::rules::guest::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::{EntryKind, SharingMode};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A flow granted to the guest (`flowAccesses`, or reached from a granted flow) has
    /// `runInMode` `SystemModeWithoutSharing`.
    /// ## Why it matters
    /// The flow's Get Records elements then return any record, whatever the guest's sharing,
    /// object and field permissions; a screen flow shows them, an autolaunched one acts on
    /// them.
    /// ## Example
    /// ```xml
    /// <Flow><runInMode>SystemModeWithoutSharing</runInMode>...
    /// ```
    /// ## How to fix
    /// Run the flow in `DefaultMode` (user context) or `SystemModeWithSharing`, and filter
    /// lookups by what the caller may see.
    FlowWithoutSharingGuest = "CODE-003", since "0.1.0", severity High
}

fn check(rule: &FlowWithoutSharingGuest, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for e in p
            .code
            .iter()
            .filter(|e| e.kind == EntryKind::Flow && e.sharing == SharingMode::Without)
        {
            let what = if e.reads.is_empty() {
                String::new()
            } else {
                format!(", reading {}", reads(e))
            };
            let message = format!(
                "{} {} run flow `{}` in system mode without sharing{what}",
                who(p),
                can(e),
                e.entry
            );
            out.push(rule, Severity::High, message, vec![cause(e)], Some(p), None);
        }
    }
}
