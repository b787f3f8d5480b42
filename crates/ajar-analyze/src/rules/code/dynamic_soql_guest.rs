//! CODE-002: a guest can call Apex that builds SOQL at run time.

use super::cause;
use crate::rules::guest::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::SharingMode;
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// An entry point a guest can call runs `Database.query`, `Database.queryWithBinds` or
    /// `Database.getQueryLocator` with a query built at run time (in the entry or in code it
    /// calls). Critical when it runs without sharing, or when the query text is built from a
    /// parameter of the method, that is from what the anonymous caller sends.
    /// ## Why it matters
    /// If a caller's parameter reaches the string, the anonymous caller chooses what is
    /// queried (SOQL injection): objects and fields far beyond what the page shows.
    /// ## Example
    /// ```apex
    /// @AuraEnabled public static List<SObject> search(String f) {
    ///     return Database.query('SELECT Id FROM Contact WHERE ' + f);
    /// }
    /// ```
    /// ## How to fix
    /// Use static SOQL with bind variables, or `Database.queryWithBinds` with a fixed query
    /// and `AccessLevel.USER_MODE`; never concatenate caller input.
    DynamicSoqlGuest = "CODE-002", since "0.1.0", severity High
}

fn check(rule: &DynamicSoqlGuest, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for e in p.code.iter().filter(|e| e.dynamic_soql) {
            let without = e.sharing == SharingMode::Without
                || e.callees
                    .iter()
                    .any(|c| c.dynamic_soql && c.sharing == SharingMode::Without);
            let from_params = e.dynamic_soql_from_params;
            let severity = if without || from_params {
                Severity::Critical
            } else {
                Severity::High
            };
            let mut how = String::new();
            if from_params {
                how.push_str(" from the caller's input");
            }
            if without {
                how.push_str(" without sharing");
            }
            let message = format!(
                "{} can call `{}`, which builds SOQL at run time{how}",
                who(p),
                e.entry
            );
            out.push(rule, severity, message, vec![cause(e)], Some(p), None);
        }
    }
}
