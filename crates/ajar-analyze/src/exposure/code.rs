//! Code reach: which Apex entry points, Visualforce controllers and Flows a principal can run,
//! the sharing mode each runs in, whether it enforces CRUD/FLS, and what its SOQL reads
//! (formats.md §1.7, issue #5).
//!
//! Wiring, per principal: [`CodeAccess`] holds the names of its effective `classAccesses`,
//! `pageAccesses` and `flowAccesses` (profile, assigned or candidate permission sets);
//! [`CodeContext`] holds the lockdown mode at `--as-of` and the two `Apex.settings` flags.
//! The inventory comes from `ajar_adapters::metadata::apex::read_inventory`. [`code_gaps`]
//! lists granted code whose source the input lacks; the inventory's own `skipped` list (source
//! files that did not parse) belongs in the report's coverage once per scan.
//!
//! ```
//! use ajar_analyze::exposure::code::{code_reach, CodeAccess, CodeContext};
//! use ajar_model::code::CodeInventory;
//! let entries = code_reach(&CodeInventory::default(), &CodeAccess::default(), &CodeContext::default());
//! assert!(entries.is_empty());
//! ```

mod flow;
mod gaps;
mod mode;
mod walk;

use ajar_model::code::{ApexClass, ApexMethod, CodeBody, CodeInventory};
use ajar_model::exposure::{CodeEntry, EntryKind, LockdownMode, SharingMode};
use ajar_model::span::Span;
use std::collections::BTreeSet;

pub use gaps::code_gaps;
pub use mode::ApiVersion;

/// The code a principal is granted, by name: `classAccesses/apexClass`,
/// `pageAccesses/apexPage`, `flowAccesses/flow` of its profile and permission sets. Names are
/// matched ignoring case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeAccess {
    /// Apex classes granted.
    pub classes: BTreeSet<String>,
    /// Visualforce pages granted.
    pub pages: BTreeSet<String>,
    /// Flows granted.
    pub flows: BTreeSet<String>,
}

/// The platform rules in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeContext {
    /// Before Winter '21 any `@AuraEnabled` method was callable by guests; from then on only
    /// those of classes in `classAccesses` (formats.md §1.8).
    pub mode: LockdownMode,
    /// `Apex.settings` `enableAuraApexCtrlGuestUserAccessCheckPref`, when known: the class
    /// access check switched on before it was enforced.
    pub aura_access_check: Option<bool>,
    /// `Apex.settings` `enableApexCtrlImplicitWithSharingPref`, when known: keyword-less
    /// `@AuraEnabled` controllers run with sharing (formats.md §1.6).
    pub aura_implicit_with_sharing: Option<bool>,
    /// Whether the date is on or after Spring '21, which made keyword-less `@AuraEnabled`
    /// controllers run with sharing in every org (formats.md §1.10).
    pub aura_with_sharing_enforced: bool,
}

impl Default for CodeContext {
    fn default() -> Self {
        Self {
            mode: LockdownMode::Post2021,
            aura_access_check: None,
            aura_implicit_with_sharing: None,
            aura_with_sharing_enforced: true,
        }
    }
}

impl CodeContext {
    /// Whether an `@AuraEnabled` method needs its class in `classAccesses`.
    pub fn aura_needs_class_access(&self) -> bool {
        self.mode == LockdownMode::Post2021 || self.aura_access_check == Some(true)
    }
}

/// Every entry point `access` reaches in `code`, sorted: `@AuraEnabled` methods, page
/// controllers and their `@RemoteAction` methods, `@RestResource` HTTP methods, `webservice`
/// methods, flows, and the `@InvocableMethod`s those flows call. Calls are followed
/// best-effort into other classes; a callee's own sharing keyword applies to its queries, and
/// each callee that reads data is listed in [`CodeEntry::callees`].
pub fn code_reach(code: &CodeInventory, access: &CodeAccess, ctx: &CodeContext) -> Vec<CodeEntry> {
    let index = walk::Index::new(code);
    let granted = |set: &BTreeSet<String>, name: &str| set.iter().any(|n| names_match(n, name));
    let mut out = Vec::new();

    // Test classes cannot be called, and a deleted class no longer runs.
    let runnable = |c: &&ApexClass| {
        !c.has_annotation("IsTest")
            && !c
                .status
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("Deleted"))
    };
    for class in code.classes.iter().filter(runnable) {
        let class_granted = granted(&access.classes, &class.name);
        let aura_ok = class_granted || !ctx.aura_needs_class_access();
        // Apex REST and SOAP web services check the caller's class access like any profile
        // (Apex Developer Guide, "Exposing Apex Classes as REST Web Services").
        let rest = class.has_annotation("RestResource");
        let soap = class.has_modifier("global");
        for method in class.methods.iter().filter(|m| !m.constructor) {
            let kind = if method.has_annotation("AuraEnabled") && aura_ok {
                Some(EntryKind::Aura)
            } else if rest
                && class_granted
                && HTTP_ANNOTATIONS.iter().any(|a| method.has_annotation(a))
            {
                Some(EntryKind::Rest)
            } else if soap && class_granted && method.has_modifier("webservice") {
                Some(EntryKind::Webservice)
            } else {
                None
            };
            if let Some(kind) = kind {
                out.push(method_entry(&index, class, method, kind, ctx, None));
            }
        }
    }

    for page in code
        .pages
        .iter()
        .filter(|p| granted(&access.pages, &p.name))
    {
        let classes = page
            .controller
            .iter()
            .chain(&page.extensions)
            .filter_map(|name| index.top(name));
        for class in classes {
            out.push(controller_entry(&index, class, ctx));
            for method in class
                .methods
                .iter()
                .filter(|m| m.has_annotation("RemoteAction"))
            {
                out.push(method_entry(
                    &index,
                    class,
                    method,
                    EntryKind::RemoteAction,
                    ctx,
                    None,
                ));
            }
        }
    }

    for flow in code
        .flows
        .iter()
        .filter(|f| granted(&access.flows, &f.name))
    {
        let (entry, actions) = flow::flow_entry(&index, flow);
        out.push(entry);
        for (class, caller_mode) in actions {
            for method in class
                .methods
                .iter()
                .filter(|m| m.has_annotation("InvocableMethod"))
            {
                out.push(method_entry(
                    &index,
                    class,
                    method,
                    EntryKind::Invocable,
                    ctx,
                    Some(caller_mode),
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `@HttpGet` and siblings mark the methods of an `@RestResource` class.
const HTTP_ANNOTATIONS: &[&str] = &["HttpGet", "HttpPost", "HttpPut", "HttpPatch", "HttpDelete"];

/// Names are case-insensitive; a namespaced `ns__Class` matches `Class` (Apex, page and flow
/// names cannot contain `__` themselves, so `__` always ends a namespace prefix).
pub(crate) fn names_match(a: &str, b: &str) -> bool {
    let strip = |s: &str| -> String {
        let lower = s.to_ascii_lowercase();
        match lower.split_once("__") {
            Some((ns, rest)) if !rest.is_empty() && !ns.is_empty() && !rest.contains("__") => {
                rest.to_owned()
            }
            _ => lower,
        }
    };
    a.eq_ignore_ascii_case(b) || strip(a) == strip(b)
}

fn method_entry(
    index: &walk::Index<'_>,
    class: &ApexClass,
    method: &ApexMethod,
    kind: EntryKind,
    ctx: &CodeContext,
    flow_mode: Option<SharingMode>,
) -> CodeEntry {
    let lineage = index.lineage(class);
    let (sharing, sharing_reason) = mode::entry_mode(class, &lineage, kind, ctx, flow_mode);
    let span = Span::new(class.span.file.clone(), method.line);
    entry(
        index,
        class,
        &method.body,
        format!("{}.{}", class.name, method.name),
        kind,
        sharing,
        sharing_reason,
        span,
    )
}

/// A page controller or extension: instantiating it runs its initializers and constructor, and
/// the page may call any getter or action, so every method of the class counts.
fn controller_entry(index: &walk::Index<'_>, class: &ApexClass, ctx: &CodeContext) -> CodeEntry {
    let mut body = class.initializers.clone();
    for method in &class.methods {
        merge(&mut body, &method.body);
    }
    let lineage = index.lineage(class);
    let (sharing, reason) =
        mode::entry_mode(class, &lineage, EntryKind::VisualforceController, ctx, None);
    let kind = EntryKind::VisualforceController;
    let mut out = entry(
        index,
        class,
        &body,
        class.name.clone(),
        kind,
        sharing,
        reason,
        class.span.clone(),
    );
    // `stripInaccessible` in one method protects that method's queries only: judge each body
    // on its own rather than the merged one.
    let api67 = mode::api67(class);
    let own = std::iter::once(&class.initializers)
        .chain(class.methods.iter().map(|m| &m.body))
        .filter_map(|b| mode::body_enforces_fls(b, api67));
    let callees = out.callees.iter().map(|c| c.enforces_fls);
    let all: Vec<bool> = own.chain(callees).collect();
    out.enforces_fls = if all.is_empty() {
        api67
    } else {
        all.iter().all(|b| *b)
    };
    out
}

#[expect(
    clippy::too_many_arguments,
    reason = "one private constructor for the three entry shapes"
)]
fn entry(
    index: &walk::Index<'_>,
    class: &ApexClass,
    body: &CodeBody,
    name: String,
    kind: EntryKind,
    sharing: SharingMode,
    sharing_reason: String,
    span: Span,
) -> CodeEntry {
    let api67 = mode::api67(class);
    let mut walker = walk::Walker::new(index);
    // An entry's parameters are what the principal sends.
    let at = walk::At {
        caller: sharing,
        input: true,
        depth: 0,
    };
    walker.walk(class, body, at);
    let callees = walker.steps;
    let mut reads = walk::reads(body);
    let mut dynamic_soql = !body.dynamic_soql.is_empty();
    // Escaped or cast input cannot reshape the query (issue #21, item 6).
    let raw = |d: &&ajar_model::code::DynamicQuery| !d.input_sanitized;
    let mut from_params = body
        .dynamic_soql
        .iter()
        .filter(raw)
        .any(|d| d.from_parameter || d.from_request);
    let sanitized = body.dynamic_soql.iter().any(|d| d.input_sanitized);
    // Code without any query takes the class default (user mode from API 67.0).
    let mut enforces_fls = mode::body_enforces_fls(body, api67);
    for step in &callees {
        reads.extend(step.reads.iter().cloned());
        dynamic_soql |= step.dynamic_soql;
        from_params |= step.dynamic_soql_from_params;
        enforces_fls = Some(enforces_fls.unwrap_or(true) && step.enforces_fls);
    }
    let enforces_fls = enforces_fls.unwrap_or(api67);
    // A page controller's own methods take no client parameters (Visualforce actions and
    // getters have none): only request data counts there.
    let client_ids = body
        .client_ids
        .iter()
        .filter(|u| {
            kind != EntryKind::VisualforceController
                || u.source != ajar_model::code::ClientSource::Parameter
        })
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let open_responses = body
        .open_responses
        .iter()
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    CodeEntry {
        entry: name,
        kind,
        sharing,
        sharing_reason,
        enforces_fls,
        reads: walk::sorted_unique(reads),
        dynamic_soql,
        dynamic_soql_from_params: from_params,
        span,
        callees,
        candidate: false,
        dynamic_soql_input_sanitized: sanitized && !from_params,
        client_ids,
        open_responses,
    }
}

fn merge(into: &mut CodeBody, from: &CodeBody) {
    into.soql.extend(from.soql.iter().cloned());
    into.dynamic_soql.extend(from.dynamic_soql.iter().cloned());
    into.fls_markers.extend(from.fls_markers.iter().cloned());
    into.calls.extend(from.calls.iter().cloned());
    into.client_ids.extend(from.client_ids.iter().cloned());
    into.open_responses
        .extend(from.open_responses.iter().cloned());
}

#[cfg(test)]
mod tests;
