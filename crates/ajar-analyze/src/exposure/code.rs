//! Code reach: which Apex entry points, Visualforce controllers and Flows a principal can run,
//! the sharing mode each runs in, whether it enforces CRUD/FLS, and what its SOQL reads
//! (formats.md §1.7, issue #5).
//!
//! ```
//! use ajar_analyze::exposure::code::{code_reach, CodeAccess, CodeContext};
//! use ajar_model::code::CodeInventory;
//! let entries = code_reach(&CodeInventory::default(), &CodeAccess::default(), &CodeContext::default());
//! assert!(entries.is_empty());
//! ```

mod mode;
mod walk;

use ajar_model::code::{ApexClass, ApexMethod, CodeBody, CodeInventory, Flow};
use ajar_model::exposure::{CodeEntry, CodeStep, EntryKind, LockdownMode, SharingMode};
use ajar_model::span::{CoverageGap, Span};
use std::collections::BTreeSet;

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
}

impl Default for CodeContext {
    fn default() -> Self {
        Self {
            mode: LockdownMode::Post2021,
            aura_access_check: None,
            aura_implicit_with_sharing: None,
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
        let (entry, actions) = flow_entry(&index, flow);
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

/// What the input lacks to judge `access`: granted classes, pages and flows whose source is not
/// in `code` (not retrieved, or managed-package code), and page controllers likewise. Their
/// entry points are unknown, not absent (formats.md §1.9, R11).
pub fn code_gaps(code: &CodeInventory, access: &CodeAccess) -> Vec<CoverageGap> {
    let index = walk::Index::new(code);
    let mut out = Vec::new();
    let mut gap = |message: String, span: Option<Span>| {
        out.push(CoverageGap {
            kind: "missing-code".to_owned(),
            message,
            span,
        });
    };
    let unknown = "is granted but its source is not in the input: what it runs is unknown";
    for name in access.classes.iter().filter(|n| index.top(n).is_none()) {
        gap(format!("Apex class `{name}` {unknown}"), None);
    }
    for name in &access.pages {
        match code.pages.iter().find(|p| names_match(&p.name, name)) {
            None => gap(format!("Visualforce page `{name}` {unknown}"), None),
            Some(page) => {
                for class in page
                    .controller
                    .iter()
                    .chain(&page.extensions)
                    .filter(|c| index.top(c).is_none())
                {
                    let message = format!(
                        "Apex class `{class}`, controller of granted page `{}`, is not in the input: what it runs is unknown",
                        page.name
                    );
                    gap(message, Some(page.span.clone()));
                }
            }
        }
    }
    for name in access.flows.iter().filter(|n| index.flow(n).is_none()) {
        gap(format!("flow `{name}` {unknown}"), None);
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
    let (sharing, sharing_reason) = mode::entry_mode(class, kind, ctx, flow_mode);
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
    let (sharing, reason) = mode::entry_mode(class, EntryKind::VisualforceController, ctx, None);
    let kind = EntryKind::VisualforceController;
    entry(
        index,
        class,
        &body,
        class.name.clone(),
        kind,
        sharing,
        reason,
        class.span.clone(),
    )
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
    let mut callees = Vec::new();
    let mut visited = BTreeSet::new();
    walk::walk(
        index,
        class,
        body,
        sharing,
        api67,
        &mut visited,
        &mut callees,
        0,
    );
    let mut reads = walk::reads(body);
    let mut dynamic_soql = !body.dynamic_soql.is_empty();
    // Code without any query takes the class default (user mode from API 67.0).
    let mut enforces_fls = mode::body_enforces_fls(body, api67);
    for step in &callees {
        reads.extend(step.reads.iter().cloned());
        dynamic_soql |= step.dynamic_soql;
        enforces_fls = Some(enforces_fls.unwrap_or(true) && step.enforces_fls);
    }
    let enforces_fls = enforces_fls.unwrap_or(api67);
    CodeEntry {
        entry: name,
        kind,
        sharing,
        sharing_reason,
        enforces_fls,
        reads: walk::sorted_unique(reads),
        dynamic_soql,
        span,
        callees,
    }
}

fn merge(into: &mut CodeBody, from: &CodeBody) {
    into.soql.extend(from.soql.iter().cloned());
    into.dynamic_soql.extend(from.dynamic_soql.iter().cloned());
    into.fls_markers.extend(from.fls_markers.iter().cloned());
    into.calls.extend(from.calls.iter().cloned());
}

/// A granted flow with its subflows, and the Apex classes its actions call with the mode they
/// are called in.
fn flow_entry<'a>(
    index: &walk::Index<'a>,
    flow: &'a Flow,
) -> (CodeEntry, Vec<(&'a ApexClass, SharingMode)>) {
    let (sharing, mut sharing_reason, enforces_fls) = mode::flow_mode(flow.run_in_mode, None);
    // The file holds one version; a draft or obsolete one says nothing of the active version.
    if let Some(status) = flow
        .status
        .as_deref()
        .filter(|s| !s.eq_ignore_ascii_case("Active"))
    {
        sharing_reason.push_str(&format!(" (this version's status is {status})"));
    }
    let mut callees = Vec::new();
    let mut actions = Vec::new();
    let mut visited = BTreeSet::from([flow.name.to_ascii_lowercase()]);
    collect_flow_actions(index, flow, sharing, &mut actions);
    let mut queue = vec![(flow, sharing, enforces_fls)];
    while let Some((current, mode, fls)) = queue.pop() {
        for name in &current.subflows {
            let Some(sub) = index.flow(name) else {
                continue;
            };
            if !visited.insert(sub.name.to_ascii_lowercase()) {
                continue;
            }
            let (sub_mode, reason, sub_fls) = mode::flow_mode(sub.run_in_mode, Some((mode, fls)));
            collect_flow_actions(index, sub, sub_mode, &mut actions);
            let reads = flow_reads(sub);
            if !reads.is_empty() {
                callees.push(CodeStep {
                    entry: sub.name.clone(),
                    sharing: sub_mode,
                    sharing_reason: reason,
                    enforces_fls: sub_fls,
                    reads,
                    dynamic_soql: false,
                    span: sub.span.clone(),
                });
            }
            queue.push((sub, sub_mode, sub_fls));
        }
    }
    let mut reads = flow_reads(flow);
    reads.extend(callees.iter().flat_map(|c| c.reads.iter().cloned()));
    let enforces_fls = enforces_fls && callees.iter().all(|c| c.enforces_fls);
    callees.sort();
    let entry = CodeEntry {
        entry: flow.name.clone(),
        kind: EntryKind::Flow,
        sharing,
        sharing_reason,
        enforces_fls,
        reads: walk::sorted_unique(reads),
        dynamic_soql: false,
        span: flow.span.clone(),
        callees,
    };
    (entry, actions)
}

fn collect_flow_actions<'a>(
    index: &walk::Index<'a>,
    flow: &Flow,
    mode: SharingMode,
    out: &mut Vec<(&'a ApexClass, SharingMode)>,
) {
    for action in &flow.apex_actions {
        if let Some(class) = index.top(&action.class) {
            out.push((class, mode));
        }
    }
}

/// `Object.Field` per Get Records field; `Object.*` when the element stores every field.
fn flow_reads(flow: &Flow) -> Vec<String> {
    let mut reads = Vec::new();
    for lookup in &flow.lookups {
        if lookup.all_fields {
            reads.push(format!("{}.*", lookup.object));
        }
        reads.extend(
            lookup
                .fields
                .iter()
                .map(|f| format!("{}.{f}", lookup.object)),
        );
    }
    walk::sorted_unique(reads)
}

#[cfg(test)]
mod tests;
