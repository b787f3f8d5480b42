//! Flows as entry points: `runInMode`, subflows, and the invocable Apex they call.

use super::{mode, walk};
use ajar_model::code::{ApexClass, Flow};
use ajar_model::exposure::{CodeEntry, CodeStep, EntryKind, SharingMode};
use std::collections::BTreeSet;

/// A granted flow with its subflows, and the Apex classes its actions call with the mode they
/// are called in.
pub(super) fn flow_entry<'a>(
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
                    dynamic_soql_from_params: false,
                    span: sub.span.clone(),
                    client_ids: Vec::new(),
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
        dynamic_soql_from_params: false,
        span: flow.span.clone(),
        callees,
        candidate: false,
        dynamic_soql_input_sanitized: false,
        client_ids: Vec::new(),
        open_responses: Vec::new(),
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
