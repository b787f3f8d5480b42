//! A best-effort call graph: from a body's calls to the classes and methods of the inventory,
//! collecting what each callee reads in its own sharing mode.

use super::{mode, names_match};
use ajar_model::code::{ApexClass, ClientSource, CodeBody, CodeInventory, Flow, SoqlQuery};
use ajar_model::exposure::{CodeStep, SharingMode};
use ajar_model::span::Span;
use std::collections::{BTreeMap, BTreeSet};

/// Calls deeper than this are not followed (a guard against pathological inputs; real call
/// chains to a query are short).
const MAX_DEPTH: usize = 12;

/// Classes by lower-case qualified name (`outer.inner` for inner classes) and flows by name.
pub(crate) struct Index<'a> {
    classes: BTreeMap<String, &'a ApexClass>,
    flows: BTreeMap<String, &'a Flow>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(code: &'a CodeInventory) -> Self {
        let mut classes = BTreeMap::new();
        for class in &code.classes {
            add(&mut classes, class);
        }
        let flows = code
            .flows
            .iter()
            .map(|f| (f.name.to_ascii_lowercase(), f))
            .collect();
        Self { classes, flows }
    }

    /// A top-level class by name (case-insensitive; `ns__Class` matches `Class`).
    pub(crate) fn top(&self, name: &str) -> Option<&'a ApexClass> {
        if let Some(class) = self.classes.get(&name.to_ascii_lowercase()) {
            return Some(class);
        }
        self.classes
            .values()
            .copied()
            .find(|c| c.outer.is_none() && names_match(&c.name, name))
    }

    pub(crate) fn flow(&self, name: &str) -> Option<&'a Flow> {
        self.flows.get(&name.to_ascii_lowercase()).copied()
    }

    /// What `class` takes from its `extends` chain: the nearest ancestor's keyword and the
    /// first ancestor at API 67.0 or later. Stops at a parent outside the inventory, and at a
    /// cycle or after [`MAX_DEPTH`] ancestors.
    pub(crate) fn lineage(&self, class: &ApexClass) -> mode::Lineage {
        let mut out = mode::Lineage::default();
        let parent = class
            .extends
            .as_deref()
            .and_then(|e| self.resolve(class, e));
        let Some(parent) = parent else {
            return out;
        };
        let mut seen = BTreeSet::from([class.qualified_name().to_ascii_lowercase()]);
        let mut current = Some(parent);
        while let Some(ancestor) = current {
            if seen.len() > MAX_DEPTH
                || !seen.insert(ancestor.qualified_name().to_ascii_lowercase())
            {
                break;
            }
            if out.declared.is_none()
                && let Some(keyword) = ancestor.sharing
            {
                out.declared = Some((keyword, parent.name.clone(), ancestor.name.clone()));
            }
            if out.api67.is_none() && mode::api67(ancestor) {
                out.api67 = Some(ancestor.name.clone());
            }
            current = ancestor
                .extends
                .as_deref()
                .and_then(|e| self.resolve(ancestor, e));
        }
        out
    }

    /// A class named `name` as seen from code in `from`: `Outer.Inner`, an inner class of the
    /// same outer class, or a top-level class.
    fn resolve(&self, from: &ApexClass, name: &str) -> Option<&'a ApexClass> {
        let lower = name.to_ascii_lowercase();
        let outer = from
            .outer
            .as_deref()
            .unwrap_or(&from.name)
            .to_ascii_lowercase();
        self.classes
            .get(&format!("{outer}.{lower}"))
            .or_else(|| self.classes.get(&lower))
            .copied()
    }
}

fn add<'a>(map: &mut BTreeMap<String, &'a ApexClass>, class: &'a ApexClass) {
    map.insert(class.qualified_name().to_ascii_lowercase(), class);
    for inner in &class.inner {
        add(map, inner);
    }
}

/// Where a walk stands: the mode code runs in, whether the current code received caller
/// input, and the depth.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At {
    pub(crate) caller: SharingMode,
    pub(crate) input: bool,
    pub(crate) depth: usize,
}

/// Collects the [`CodeStep`]s reached from an entry; each `class.method` once.
pub(crate) struct Walker<'i, 'a> {
    index: &'i Index<'a>,
    visited: BTreeSet<String>,
    pub(crate) steps: Vec<CodeStep>,
}

impl<'i, 'a> Walker<'i, 'a> {
    pub(crate) fn new(index: &'i Index<'a>) -> Self {
        Self {
            index,
            visited: BTreeSet::new(),
            steps: Vec::new(),
        }
    }

    /// Follows the calls of `body` (code of `from`) and appends a step for each callee that
    /// reads data.
    pub(crate) fn walk(&mut self, from: &ApexClass, body: &CodeBody, at: At) {
        if at.depth >= MAX_DEPTH {
            return;
        }
        let index = self.index;
        let mut instantiated: Vec<&'a ApexClass> = body
            .calls
            .iter()
            .filter(|c| c.method == "new")
            .filter_map(|c| c.receiver.as_deref().and_then(|r| index.resolve(from, r)))
            .collect();
        instantiated.sort_by_key(|c| c.qualified_name().to_ascii_lowercase());
        instantiated.dedup_by_key(|c| c.qualified_name().to_ascii_lowercase());
        for call in &body.calls {
            for (class, callee) in targets(index, from, call, &instantiated) {
                let (name, line, callee_body) = match callee {
                    Callee::Initializers => ("<init>", class.span.line, &class.initializers),
                    Callee::Method(m) => (m.name.as_str(), m.line, &m.body),
                };
                let key = format!("{}.{name}", class.qualified_name()).to_ascii_lowercase();
                if !self.visited.insert(key) {
                    continue;
                }
                let class67 = mode::api67(class);
                let lineage = index.lineage(class);
                let (sharing, sharing_reason) = mode::callee_mode(class, &lineage, at.caller);
                // Request data is input whoever calls; parameters only when the caller had input.
                let input = (at.input && call.passes_params) || call.passes_request;
                let reads = reads(callee_body);
                let dynamic_soql = !callee_body.dynamic_soql.is_empty();
                if !reads.is_empty() || dynamic_soql {
                    self.steps.push(CodeStep {
                        entry: format!("{}.{name}", class.qualified_name()),
                        sharing,
                        sharing_reason,
                        enforces_fls: mode::body_enforces_fls(callee_body, class67)
                            .unwrap_or(class67),
                        reads: sorted_unique(reads),
                        dynamic_soql,
                        dynamic_soql_from_params: callee_body
                            .dynamic_soql
                            .iter()
                            .filter(|d| !d.input_sanitized)
                            .any(|d| (input && d.from_parameter) || d.from_request),
                        span: Span::new(class.span.file.clone(), line),
                        client_ids: callee_body
                            .client_ids
                            .iter()
                            .filter(|u| input || u.source != ClientSource::Parameter)
                            .cloned()
                            .collect(),
                    });
                }
                let next = At {
                    caller: sharing,
                    input,
                    depth: at.depth + 1,
                };
                self.walk(class, callee_body, next);
            }
        }
    }
}

/// The methods a call may land on.
fn targets<'a>(
    index: &Index<'a>,
    from: &ApexClass,
    call: &ajar_model::code::Call,
    instantiated: &[&'a ApexClass],
) -> Vec<(&'a ApexClass, Callee<'a>)> {
    if call.method == "new" {
        let Some(class) = call
            .receiver
            .as_deref()
            .and_then(|r| index.resolve(from, r))
        else {
            return Vec::new();
        };
        let mut t = vec![(class, Callee::Initializers)];
        t.extend(
            class
                .methods
                .iter()
                .filter(|m| m.constructor)
                .map(|m| (class, Callee::Method(m))),
        );
        return t;
    }
    let classes: Vec<&'a ApexClass> = match call.receiver.as_deref() {
        None => own_and_outer(index, from),
        Some(r) if r.eq_ignore_ascii_case("this") => own_and_outer(index, from),
        Some(r) if r.eq_ignore_ascii_case("super") => from
            .extends
            .as_deref()
            .and_then(|e| index.resolve(from, e))
            .into_iter()
            .collect(),
        // A variable: best effort, the classes this body instantiates.
        Some(r) => index
            .resolve(from, r)
            .map_or_else(|| instantiated.to_vec(), |c| vec![c]),
    };
    classes
        .into_iter()
        .flat_map(|c| {
            c.methods
                .iter()
                .filter(|m| !m.constructor && m.name.eq_ignore_ascii_case(&call.method))
                .map(move |m| (c, Callee::Method(m)))
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Callee<'a> {
    Initializers,
    Method(&'a ajar_model::code::ApexMethod),
}

/// A bare call resolves to the class itself, then to its outer class.
fn own_and_outer<'a>(index: &Index<'a>, from: &ApexClass) -> Vec<&'a ApexClass> {
    let own = index
        .classes
        .get(&from.qualified_name().to_ascii_lowercase())
        .copied();
    let outer = from
        .outer
        .as_deref()
        .and_then(|o| index.classes.get(&o.to_ascii_lowercase()).copied());
    own.into_iter().chain(outer).collect()
}

/// `Object.Field` for every field a body's queries select; `Parent.Relationship.Field` for
/// parent-to-child subqueries.
pub(crate) fn reads(body: &CodeBody) -> Vec<String> {
    let mut out = Vec::new();
    for query in &body.soql {
        query_reads(query, &query.object, &mut out);
    }
    out
}

fn query_reads(query: &SoqlQuery, prefix: &str, out: &mut Vec<String>) {
    out.extend(query.fields.iter().map(|f| format!("{prefix}.{f}")));
    for sub in &query.subqueries {
        query_reads(sub, &format!("{prefix}.{}", sub.object), out);
    }
}

/// Sorted, without duplicates that differ only in case (Salesforce names are
/// case-insensitive); the first spelling in sort order is kept.
pub(crate) fn sorted_unique(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    let mut seen = BTreeSet::new();
    items.retain(|i| seen.insert(i.to_ascii_lowercase()));
    items
}
