//! Flows as parsed from `.flow-meta.xml`: run mode, reads, writes and calls.

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// How a flow runs (`runInMode`; formats.md §1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FlowRunMode {
    /// `DefaultMode` or no element: the context the flow is launched in.
    DefaultMode,
    /// `SystemModeWithSharing`.
    SystemModeWithSharing,
    /// `SystemModeWithoutSharing`.
    SystemModeWithoutSharing,
}

/// A flow (`.flow-meta.xml`, mdapi `.flow`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Flow {
    /// The flow API name (file name without extension).
    pub name: String,
    /// `processType` (`Flow` = screen flow, `AutoLaunchedFlow`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process_type: Option<String>,
    /// `status` (`Active`, `Draft`, `Obsolete`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `runInMode`; `None` when the element is absent (the default mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_in_mode: Option<FlowRunMode>,
    /// `apiVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// `recordLookups` (Get Records) elements, then record `dynamicChoiceSets`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lookups: Vec<FlowLookup>,
    /// `recordUpdates`, `recordCreates` and `recordDeletes` elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<FlowWrite>,
    /// `actionCalls` of `actionType` `apex`: invocable Apex.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apex_actions: Vec<FlowApexAction>,
    /// `subflows`: the flows this one calls (`flowName`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subflows: Vec<String>,
    /// `isAdditionalPermissionRequiredToRun`: only profiles and permission sets granted the flow
    /// may run it; without it, `RunFlow` was enough until Spring '23 (formats.md §1.10).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub additional_permission_required: bool,
    /// The `<Flow>` root element.
    pub span: Span,
}

/// A Get Records element.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FlowLookup {
    /// The element's `name`.
    pub name: String,
    /// `object`.
    pub object: String,
    /// `queriedFields` and the `field`s of `outputAssignments`, in order.
    #[serde(default)]
    pub fields: Vec<String>,
    /// `storeOutputAutomatically` without `queriedFields`: every field of the object may be read.
    #[serde(default)]
    pub all_fields: bool,
    /// Line of the element.
    pub line: u64,
}

/// What a flow writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowWriteKind {
    /// `recordCreates`.
    Create,
    /// `recordUpdates`.
    Update,
    /// `recordDeletes`.
    Delete,
}

/// A Create/Update/Delete Records element.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FlowWrite {
    /// The element's `name`.
    pub name: String,
    /// Create, update or delete.
    pub kind: FlowWriteKind,
    /// `object`, or the `objectType` of the variable named by `inputReference`; `None` when
    /// neither says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// Line of the element.
    pub line: u64,
}

/// An Apex action call in a flow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FlowApexAction {
    /// The element's `name`.
    pub name: String,
    /// `actionName`: the class holding the `@InvocableMethod` (`ns__Class` when namespaced).
    pub class: String,
    /// Line of the element.
    pub line: u64,
}
