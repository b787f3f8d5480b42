//! CODE-001: a guest can call Apex that reads data without sharing.

use super::{cause, reads};
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
    /// REST or a remote action (caller's mode = system). An entry declared `with sharing`
    /// that calls a method of a `without sharing` class is flagged for that callee: the
    /// callee's own keyword governs its queries (formats.md trap 15). Critical when the query
    /// runs in system mode (no `WITH USER_MODE`/`WITH SECURITY_ENFORCED`/`stripInaccessible`).
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
            if e.sharing != SharingMode::Without {
                callees(rule, p, e, out);
                continue;
            }
            if e.reads.is_empty() {
                continue;
            }
            let severity = if e.enforces_fls {
                Severity::High
            } else {
                Severity::Critical
            };
            let fls = if e.enforces_fls {
                ""
            } else {
                " in system mode (no FLS)"
            };
            let message = format!(
                "{} can call `{}`, which reads {} without sharing{fls}",
                who(p),
                e.entry,
                reads(e)
            );
            let object = e
                .reads
                .first()
                .and_then(|r| r.split_once('.'))
                .map(|(o, _)| o);
            out.push(rule, severity, message, vec![cause(e)], Some(p), object);
        }
    }
}

/// An entry that runs with (or inherited) sharing but reaches `without sharing` code that
/// queries: one finding per such callee.
fn callees(
    rule: &ApexWithoutSharingGuest,
    p: &ajar_model::exposure::PrincipalExposure,
    e: &ajar_model::exposure::CodeEntry,
    out: &mut Findings,
) {
    for c in &e.callees {
        if c.sharing != SharingMode::Without || c.reads.is_empty() {
            continue;
        }
        let (severity, fls) = if c.enforces_fls {
            (Severity::High, "")
        } else {
            (Severity::Critical, " in system mode (no FLS)")
        };
        let shown: Vec<&str> = c.reads.iter().take(6).map(String::as_str).collect();
        let more = c.reads.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let message = format!(
            "{} can call `{}`, which calls `{}`: it reads {}{more} without sharing{fls}",
            who(p),
            e.entry,
            c.entry,
            shown.join(", ")
        );
        let causes = vec![
            cause(e),
            ajar_model::span::Cause {
                span: c.span.clone(),
                what: format!("`{}` runs without sharing: {}", c.entry, c.sharing_reason),
            },
        ];
        let object = c
            .reads
            .first()
            .and_then(|r| r.split_once('.'))
            .map(|(o, _)| o);
        out.push(rule, severity, message, causes, Some(p), object);
    }
}
