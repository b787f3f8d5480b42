//! INV-002: permission set assignments are unknown.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// The scan ran without `--assignments` while permission sets exist that a guest or
    /// external user could hold.
    /// ## Why it matters
    /// Which sets a guest user holds is data, not metadata. Without it the scan lists
    /// candidates and cannot prove what the guest reads through sets.
    /// ## Example
    /// `ajar scan force-app` on a tree with `permissionsets/*.permissionset-meta.xml`.
    /// ## How to fix
    /// Export `SELECT Assignee.Profile.Name, PermissionSet.Name FROM PermissionSetAssignment`
    /// and pass it with `--assignments`.
    UnknownInputs = "INV-002", since "0.1.0", severity Info
}

fn check(rule: &UnknownInputs, cx: &Context<'_>, out: &mut Findings) {
    for g in cx
        .report
        .coverage
        .iter()
        .filter(|g| g.kind == "assignments-unknown")
    {
        let c = vec![Cause {
            span: g.span.clone().unwrap_or_default(),
            what: g.kind.clone(),
        }];
        out.push(rule, Severity::Info, g.message.clone(), c, None, None);
    }
}
