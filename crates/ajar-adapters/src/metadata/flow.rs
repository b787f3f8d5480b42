//! Flows (`flows/<F>.flow-meta.xml`, mdapi `.flow`; formats.md §1.1) into [`Flow`]: run mode,
//! what they read (`recordLookups`), write, and which Apex and subflows they call (Metadata
//! API Developer Guide, "Flow").

use super::apex::{CodeError, files_with_suffix, name_before, read_text, relative, xml};
use ajar_model::code::{Flow, FlowApexAction, FlowLookup, FlowRunMode, FlowWrite, FlowWriteKind};
use ajar_model::span::Span;
use std::collections::BTreeMap;
use std::path::Path;

/// Parses a flow definition named `name`.
pub fn parse_flow(file: &str, name: &str, source: &str) -> Result<Flow, CodeError> {
    let doc = xml::parse(file, source)?;
    let root = doc.root();
    if root.name != "Flow" {
        return Err(CodeError::Syntax {
            file: file.to_owned(),
            line: root.line,
            what: "root element is not `Flow`",
        });
    }
    let run_in_mode = match root.value("runInMode") {
        None => None,
        Some("DefaultMode") => Some(FlowRunMode::DefaultMode),
        Some("SystemModeWithSharing") => Some(FlowRunMode::SystemModeWithSharing),
        Some("SystemModeWithoutSharing") => Some(FlowRunMode::SystemModeWithoutSharing),
        Some(_) => {
            let line = root
                .children_named("runInMode")
                .next()
                .map_or(root.line, |e| e.line);
            return Err(CodeError::Syntax {
                file: file.to_owned(),
                line,
                what: "unknown `runInMode` value",
            });
        }
    };
    // Variable name -> objectType, to name the object of `inputReference` updates.
    let variable_types: BTreeMap<&str, &str> = root
        .children_named("variables")
        .filter_map(|v| Some((v.value("name")?, v.value("objectType")?)))
        .collect();
    let element_name = |e: &xml::Node| e.value("name").unwrap_or_default().to_owned();

    let mut lookups: Vec<FlowLookup> = root
        .children_named("recordLookups")
        .filter_map(|e| {
            let object = e.value("object")?.to_owned();
            let mut fields: Vec<String> = e
                .children_named("queriedFields")
                .map(|f| f.text.trim().to_owned())
                .collect();
            fields.extend(
                e.children_named("outputAssignments")
                    .filter_map(|a| a.value("field").map(str::to_owned)),
            );
            // With `storeOutputAutomatically` and no field list, the record variable holds
            // every field the flow later references: treat it as all fields.
            let automatic = e.value("storeOutputAutomatically") == Some("true");
            Some(FlowLookup {
                name: element_name(&e),
                object,
                all_fields: automatic && fields.is_empty(),
                fields,
                line: e.line,
            })
        })
        .collect();
    // A record choice set shows records to whoever sees the screen: its display and value
    // fields and its output assignments are read (Metadata API, FlowDynamicChoiceSet). A
    // picklist choice set (`picklistField`) reads no records.
    lookups.extend(
        root.children_named("dynamicChoiceSets")
            .filter(|e| e.value("picklistField").is_none())
            .filter_map(|e| {
                let object = e.value("object")?.to_owned();
                let mut fields: Vec<String> = ["displayField", "valueField"]
                    .iter()
                    .filter_map(|f| e.value(f).map(str::to_owned))
                    .collect();
                fields.extend(
                    e.children_named("outputAssignments")
                        .filter_map(|a| a.value("field").map(str::to_owned)),
                );
                Some(FlowLookup {
                    name: element_name(&e),
                    object,
                    fields,
                    all_fields: false,
                    line: e.line,
                })
            }),
    );

    let mut writes = Vec::new();
    for (tag, kind) in [
        ("recordCreates", FlowWriteKind::Create),
        ("recordUpdates", FlowWriteKind::Update),
        ("recordDeletes", FlowWriteKind::Delete),
    ] {
        for e in root.children_named(tag) {
            let object = e.value("object").or_else(|| {
                let reference = e.value("inputReference")?;
                variable_types.get(reference).copied()
            });
            writes.push(FlowWrite {
                name: element_name(&e),
                kind,
                object: object.map(str::to_owned),
                line: e.line,
            });
        }
    }

    let apex_actions = root
        .children_named("actionCalls")
        .filter(|e| e.value("actionType") == Some("apex"))
        .filter_map(|e| {
            Some(FlowApexAction {
                name: element_name(&e),
                class: e.value("actionName")?.to_owned(),
                line: e.line,
            })
        })
        .collect();
    let mut subflows: Vec<String> = root
        .children_named("subflows")
        .filter_map(|e| e.value("flowName").map(str::to_owned))
        .collect();
    subflows.sort();
    subflows.dedup();

    Ok(Flow {
        name: name.to_owned(),
        process_type: root.value("processType").map(str::to_owned),
        status: root.value("status").map(str::to_owned),
        run_in_mode,
        api_version: root.value("apiVersion").map(str::to_owned),
        lookups,
        writes,
        apex_actions,
        subflows,
        additional_permission_required: root
            .value("isAdditionalPermissionRequiredToRun")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        span: Span::new(file, root.line),
    })
}

/// Reads one flow file (`.flow-meta.xml` or mdapi `.flow`).
pub fn read_flow(root: &Path, path: &Path) -> Result<Flow, CodeError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let suffix = if file_name.ends_with(".flow-meta.xml") {
        ".flow-meta.xml"
    } else {
        ".flow"
    };
    parse_flow(
        &relative(root, path),
        &name_before(path, suffix),
        &read_text(path)?,
    )
}

/// Reads every flow in `dir` (both layouts), sorted by name.
pub fn read_flows(root: &Path, dir: &Path) -> Result<Vec<Flow>, CodeError> {
    let mut paths = files_with_suffix(dir, ".flow-meta.xml")?;
    paths.extend(files_with_suffix(dir, ".flow")?);
    let mut flows = paths
        .iter()
        .map(|p| read_flow(root, p))
        .collect::<Result<Vec<_>, _>>()?;
    flows.sort();
    Ok(flows)
}

#[cfg(test)]
mod tests;
