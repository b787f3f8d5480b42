//! CODE-001: a guest can call Apex that reads data without sharing.

use super::{can, cause, reads};
use crate::rules::guest::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::{EntryKind, SharingMode};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// An Apex entry point the guest can call (`@AuraEnabled` in a granted class,
    /// `@RemoteAction` or the controller of a granted page, `@RestResource`, `webservice`)
    /// runs **without sharing** and queries data: `without sharing` declared on the class that
    /// defines the method, or no keyword at API 66.0 or lower when entered from Visualforce,
    /// REST or a remote action (caller's mode = system). An entry that calls methods of
    /// `without sharing` classes is flagged too, even when declared `with sharing`: the
    /// callee's own keyword governs its queries (formats.md trap 15). One finding per entry
    /// point, listing its `without sharing` callees. Critical when a query runs in system mode
    /// (no `WITH USER_MODE`/`WITH SECURITY_ENFORCED`/`stripInaccessible`).
    /// ## Why it matters
    /// Sharing rules, the guest lockdown and the guest OWD do not apply to such code: whatever
    /// its SOQL selects, the anonymous caller receives. Scanners flag `without sharing`
    /// everywhere; this rule flags it where a guest can reach it.
    /// ## Example
    /// ```apex
    /// public without sharing class AppsController {
    ///     @AuraEnabled public static List<Application__c> find(String email) { ... }
    /// }
    /// ```
    /// ## How to fix
    /// Declare `with sharing` (or `inherited sharing`) on the class, query `WITH USER_MODE`,
    /// and return only the records and fields the caller may see.
    ApexWithoutSharingGuest = "CODE-001", since "0.1.0", severity High
}

fn check(rule: &ApexWithoutSharingGuest, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for e in p.code.iter().filter(|e| e.kind != EntryKind::Flow) {
            finding(rule, p, e, out);
        }
    }
}

/// One finding per entry point: the entry itself when it runs without sharing and queries,
/// and every `without sharing` callee that queries, listed in the message and the causes.
fn finding(
    rule: &ApexWithoutSharingGuest,
    p: &ajar_model::exposure::PrincipalExposure,
    e: &ajar_model::exposure::CodeEntry,
    out: &mut Findings,
) {
    let own = e.sharing == SharingMode::Without && !e.reads.is_empty();
    let callees: Vec<&ajar_model::exposure::CodeStep> = e
        .callees
        .iter()
        .filter(|c| c.sharing == SharingMode::Without && !c.reads.is_empty())
        .collect();
    if !own && callees.is_empty() {
        return;
    }
    let system = (own && !e.enforces_fls) || callees.iter().any(|c| !c.enforces_fls);
    let (severity, fls) = if system {
        (Severity::Critical, " in system mode (no FLS)")
    } else {
        (Severity::High, "")
    };
    let mut causes = vec![cause(e)];
    let listed: Vec<String> = callees
        .iter()
        .map(|c| {
            causes.push(ajar_model::span::Cause {
                span: c.span.clone(),
                what: format!("`{}` runs without sharing: {}", c.entry, c.sharing_reason),
            });
            format!("`{}` ({})", c.entry, short(&c.reads))
        })
        .collect();
    let message = if own {
        let tail = if listed.is_empty() {
            String::new()
        } else {
            format!("; without-sharing callees: {}", listed.join(", "))
        };
        format!(
            "{} {} call `{}`, which reads {} without sharing{fls}{tail}",
            who(p),
            can(e),
            e.entry,
            reads(e)
        )
    } else {
        format!(
            "{} {} call `{}`, which calls without-sharing code{fls}: {}",
            who(p),
            can(e),
            e.entry,
            listed.join(", ")
        )
    };
    let first = if own {
        e.reads.first()
    } else {
        callees.first().and_then(|c| c.reads.first())
    };
    let object = first.and_then(|r| r.split_once('.')).map(|(o, _)| o);
    out.push(rule, severity, message, causes, Some(p), object);
}

/// Up to four `Object.Field`s read, "and N more".
fn short(reads: &[String]) -> String {
    let shown: Vec<&str> = reads.iter().take(4).map(String::as_str).collect();
    let more = reads.len().saturating_sub(shown.len());
    if more > 0 {
        format!("reads {} and {more} more", shown.join(", "))
    } else {
        format!("reads {}", shown.join(", "))
    }
}
