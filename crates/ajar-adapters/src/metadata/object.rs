//! Objects and fields (formats.md §1.5): sharing models and field definitions, inline in an
//! mdapi `.object` or one file per field in the source format.

use super::xml::Node;
use super::{FileCtx, MetadataError};
use ajar_model::org::{FieldDef, ObjectDef, Org};

fn entry<'a>(org: &'a mut Org, object: &str, ctx: &FileCtx<'_>, line: u64) -> &'a mut ObjectDef {
    org.objects
        .entry(object.to_owned())
        .or_insert_with(|| ObjectDef {
            name: object.to_owned(),
            span: ctx.span(line),
            ..ObjectDef::default()
        })
}

/// Reads an object file.
pub(crate) fn read_object(
    ctx: &FileCtx<'_>,
    doc: &Node,
    name: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    ctx.expect_root(doc, "CustomObject")?;
    let obj = entry(org, name, ctx, doc.line);
    obj.has_definition = true;
    obj.span = ctx.span(doc.line);
    // Only the elements ajar cites: an mdapi object holds thousands of `fields` children.
    for el in doc.children().filter(|c| c.name != "fields") {
        obj.lines.entry(el.name.to_string()).or_insert(el.line);
    }
    if let Some(m) = doc.child_text("sharingModel") {
        obj.sharing_model = Some(m.to_owned());
    }
    if let Some(m) = doc.child_text("externalSharingModel") {
        obj.external_sharing_model = Some(m.to_owned());
    }
    if let Some(t) = doc.child_text("customSettingsType") {
        obj.custom_settings_type = Some(t.to_owned());
    }
    if let Some(v) = doc.child_text("visibility") {
        obj.visibility = Some(v.to_owned());
    }
    for f in doc.children_named("fields") {
        if let Some(def) = field_def(ctx, &f, None) {
            obj.fields.insert(def.name.clone(), def);
        }
    }
    Ok(())
}

/// Reads a source-format field file (`objects/<O>/fields/<F>.field-meta.xml`).
pub(crate) fn read_field(
    ctx: &FileCtx<'_>,
    doc: &Node,
    object: &str,
    name: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    ctx.expect_root(doc, "CustomField")?;
    let obj = entry(org, object, ctx, doc.line);
    if let Some(def) = field_def(ctx, doc, Some(name)) {
        obj.fields.insert(def.name.clone(), def);
    }
    Ok(())
}

fn field_def(ctx: &FileCtx<'_>, el: &Node, file_name: Option<&str>) -> Option<FieldDef> {
    let name = el
        .child_text("fullName")
        .filter(|s| !s.is_empty())
        .or(file_name)
        .map(super::strip_token)?;
    // complianceGroup is `PII;GDPR` or repeated elements (formats.md §1.5).
    let compliance_groups = el
        .children_named("complianceGroup")
        .flat_map(|n| n.text_str().split(';'))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    Some(FieldDef {
        name,
        field_type: el.child_text("type").map(str::to_owned),
        label: el.child_text("label").map(str::to_owned),
        required: el.child_bool("required"),
        formula: el.child("formula").is_some(),
        reference_to: el.child_text("referenceTo").map(super::strip_token),
        compliance_groups,
        security_classification: el
            .child_text("securityClassification")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        description: el
            .child_text("description")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        help_text: el
            .child_text("inlineHelpText")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        span: ctx.span(el.line),
    })
}
