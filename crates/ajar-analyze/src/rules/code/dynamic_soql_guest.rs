//! CODE-002: a guest can call Apex that builds SOQL at run time.

use super::{can, cause};
use crate::rules::guest::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::SharingMode;
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// An entry point a guest can call runs `Database.query`, `Database.queryWithBinds` or
    /// `Database.getQueryLocator` with a query built at run time (in the entry or in code it
    /// calls). Critical when the query text is built from what the anonymous caller sends (a
    /// parameter of the method, page parameters, cookies, the REST request) without escaping
    /// or casting it; high otherwise. Input passed through `String.escapeSingleQuotes` or
    /// converted to `Id`, `Date`, `Datetime`, a number or `Boolean` (a typed parameter or
    /// local, `(Id) x`, `Id.valueOf(x)`) cannot reshape the query and is not critical. Without
    /// sharing, the query still returns any record: CODE-001 reports that.
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
            // Escaped or cast input cannot reshape the query: injection is ruled out, what
            // remains is a query the guest runs (issue #21, item 6).
            let severity = if from_params {
                Severity::Critical
            } else {
                Severity::High
            };
            let mut how = String::new();
            if from_params {
                how.push_str(" from the caller's input");
            } else if e.dynamic_soql_input_sanitized {
                how.push_str(" from the caller's input, escaped or cast");
            }
            if without {
                how.push_str(" without sharing");
            }
            let message = format!(
                "{} {} call `{}`, which builds SOQL at run time{how}",
                who(p),
                can(e),
                e.entry
            );
            out.push(rule, severity, message, vec![cause(e)], Some(p), None);
        }
    }
}
