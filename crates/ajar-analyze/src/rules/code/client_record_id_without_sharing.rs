//! CODE-004: guest-reachable code selects or changes records by an ID the client chose.

use super::{can, cause};
use crate::rules::guest::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::code::ClientIdUse;
use ajar_model::exposure::{EntryKind, SharingMode};
use ajar_model::finding::Severity;
use ajar_model::span::{Cause, Span};

rule! {
    /// ## What it checks
    /// An entry point a guest can call (a controller of a granted page, `@AuraEnabled`,
    /// `@RemoteAction`, `@RestResource`, `webservice`), or a method it calls, runs **without
    /// sharing** and takes a record ID from the client (a page parameter, a cookie, the REST request body, or a
    /// parameter of the method) and binds it in a query (`WHERE Id = :regId`) or changes
    /// the record with it (`update`, `delete`, `upsert`, `undelete`): an insecure direct
    /// object reference. Best effort: the value must reach the query or DML in the same
    /// method through locals assigned in source order, or be passed as an argument to the
    /// method that runs it; a bound variable counts as an ID when its name or the field it is
    /// compared with ends in `Id`.
    /// ## Why it matters
    /// Without sharing, the platform no longer checks whose record it is: any visitor who
    /// changes the `id` in the URL, edits a cookie, or replays the request with another ID
    /// reads or changes someone else's registration. A cookie or a hidden field is not proof
    /// of identity; encrypting the ID only helps if the code checks it was issued to this
    /// visitor.
    /// ## Example
    /// ```apex
    /// public without sharing class RegistrationController {
    ///     public Registration__c reg { get; set; }
    ///     public RegistrationController() {
    ///         Id regId = ApexPages.currentPage().getParameters().get('regId');
    ///         reg = [SELECT Name, Email__c FROM Registration__c WHERE Id = :regId];
    ///     }
    /// }
    /// ```
    /// ## How to fix
    /// Run the query with sharing (`with sharing`, `WITH USER_MODE`), or check that the
    /// record belongs to the caller (a secret token issued with the record and compared on
    /// every request), and never trust an ID from the URL, a cookie or the request body alone.
    ClientRecordIdWithoutSharing = "CODE-004", since "0.1.0", severity High
}

fn check(rule: &ClientRecordIdWithoutSharing, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for e in p.code.iter().filter(|e| e.kind != EntryKind::Flow) {
            // The entry's own uses when it runs without sharing, and those of every callee
            // that runs without sharing (a `with sharing` page handing the ID to a helper).
            let own = (e.sharing == SharingMode::Without)
                .then(|| e.client_ids.iter().map(|u| (u, &e.span, e.entry.as_str())))
                .into_iter()
                .flatten();
            let deeper = e
                .callees
                .iter()
                .filter(|c| c.sharing == SharingMode::Without)
                .flat_map(|c| {
                    c.client_ids
                        .iter()
                        .map(move |u| (u, &c.span, c.entry.as_str()))
                });
            let uses: Vec<(&ClientIdUse, &Span, &str)> = own.chain(deeper).collect();
            if uses.is_empty() {
                continue;
            }
            let words: Vec<String> = uses
                .iter()
                .map(|(u, _, at)| {
                    let place = if *at == e.entry {
                        String::new()
                    } else {
                        format!(" in `{at}`")
                    };
                    format!(
                        "`{}` from {} ({}{place})",
                        u.variable,
                        u.source.as_str(),
                        u.sink
                    )
                })
                .collect();
            let mut causes = vec![cause(e)];
            causes.extend(uses.iter().map(|(u, span, at)| Cause {
                span: Span::new(span.file.clone(), u.line),
                what: format!(
                    "`{at}` runs without sharing: {} on `{}`, taken from {}",
                    u.sink,
                    u.variable,
                    u.source.as_str()
                ),
            }));
            let message = format!(
                "{} {} call `{}`, which selects or changes records without sharing by an ID the client chose: {}",
                who(p),
                can(e),
                e.entry,
                words.join(", ")
            );
            let object = uses
                .iter()
                .find_map(|(u, _, _)| u.sink.strip_prefix("query "))
                .filter(|o| !o.is_empty());
            out.push(rule, Severity::High, message, causes, Some(p), object);
        }
    }
}
