//! Element names: local names only, the common ones shared instead of allocated.

use std::borrow::Cow;

// Match by local name: `.cls-meta.xml` files use a second namespace and some trees a prefix
// (formats.md §1.1).
pub(super) fn local(e: &quick_xml::events::BytesStart<'_>) -> Cow<'static, str> {
    intern(e.local_name().as_ref())
}

/// The element names that make up most of a profile or permission set, shared instead of
/// allocated once per element (a 1 MB profile has about 30,000 of them).
fn intern(name: &str) -> Cow<'static, str> {
    // A `match` compiles to a dispatch on length and bytes, cheaper than a scan of a list.
    Cow::Borrowed(match name {
        "fieldPermissions" => "fieldPermissions",
        "field" => "field",
        "readable" => "readable",
        "editable" => "editable",
        "objectPermissions" => "objectPermissions",
        "object" => "object",
        "allowCreate" => "allowCreate",
        "allowRead" => "allowRead",
        "allowEdit" => "allowEdit",
        "allowDelete" => "allowDelete",
        "viewAllRecords" => "viewAllRecords",
        "modifyAllRecords" => "modifyAllRecords",
        "viewAllFields" => "viewAllFields",
        "classAccesses" => "classAccesses",
        "apexClass" => "apexClass",
        "enabled" => "enabled",
        "pageAccesses" => "pageAccesses",
        "apexPage" => "apexPage",
        "flowAccesses" => "flowAccesses",
        "flow" => "flow",
        "userPermissions" => "userPermissions",
        "name" => "name",
        "layoutAssignments" => "layoutAssignments",
        "layout" => "layout",
        "recordType" => "recordType",
        "recordTypeVisibilities" => "recordTypeVisibilities",
        "visible" => "visible",
        "default" => "default",
        "personAccountDefault" => "personAccountDefault",
        "tabVisibilities" => "tabVisibilities",
        "tab" => "tab",
        "visibility" => "visibility",
        "applicationVisibilities" => "applicationVisibilities",
        "application" => "application",
        "customMetadataTypeAccesses" => "customMetadataTypeAccesses",
        "customSettingAccesses" => "customSettingAccesses",
        "fields" => "fields",
        "fullName" => "fullName",
        "label" => "label",
        "type" => "type",
        "required" => "required",
        "criteriaItems" => "criteriaItems",
        "operation" => "operation",
        "value" => "value",
        _ => return Cow::Owned(name.to_owned()),
    })
}
