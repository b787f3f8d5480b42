//! Apex classes, Visualforce pages and Flows as parsed from org metadata: the input of code
//! reach (which entry points a principal can call, in which sharing mode, reading what).
//!
//! These types say what the files contain, never what it means for a guest: the sharing mode
//! actually in force is decided by the analysis (`ajar-analyze`, `exposure::code`), following
//! formats.md §1.7.

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// Every parsed code artefact of one org: the input of the code-reach analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeInventory {
    /// Top-level Apex classes (inner classes sit inside them), sorted by name.
    pub classes: Vec<ApexClass>,
    /// Visualforce pages, sorted by name.
    pub pages: Vec<VfPage>,
    /// Flows, sorted by name.
    pub flows: Vec<Flow>,
}

/// The sharing keyword written on a class declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingKeyword {
    /// `with sharing`.
    With,
    /// `without sharing`.
    Without,
    /// `inherited sharing`.
    Inherited,
}

/// What an Apex type declaration declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// `class`.
    Class,
    /// `interface`.
    Interface,
    /// `enum`.
    Enum,
}

/// An annotation as written (`@RestResource(urlMapping='/apps/*')`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Annotation {
    /// The name without `@`, as written (Apex is case-insensitive: compare with [`Annotation::is`]).
    pub name: String,
    /// `key=value` parameters in order (`cacheable=true`, `urlMapping='/apps/*'`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<AnnotationParam>,
}

/// One annotation parameter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AnnotationParam {
    /// The key as written; empty for a bare value.
    pub key: String,
    /// The value, string literals without their quotes.
    pub value: String,
}

impl Annotation {
    /// Whether this annotation has the given name, ignoring case.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The value of a parameter, key compared ignoring case.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.key.eq_ignore_ascii_case(key))
            .map(|p| p.value.as_str())
    }
}

/// An Apex class, interface or enum: one top-level type of a `.cls` file, or an inner type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApexClass {
    /// The simple name as declared (`ProductController`, `Row` for an inner class).
    pub name: String,
    /// For an inner class, the enclosing top-level class's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer: Option<String>,
    /// Class, interface or enum.
    pub kind: TypeKind,
    /// The sharing keyword on this declaration; inner classes have their own (formats.md §1.7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing: Option<SharingKeyword>,
    /// Modifiers, lower-cased, in source order (`global`, `public`, `virtual`, `abstract`, ...).
    #[serde(default)]
    pub modifiers: Vec<String>,
    /// Class annotations (`@RestResource(urlMapping='/apps/*')`, `@IsTest`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// `extends` type, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// `implements` types, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implements: Vec<String>,
    /// `apiVersion` from the `.cls-meta.xml` (`"58.0"`); inner classes carry their file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// `status` from the `.cls-meta.xml` (`Active`, `Deleted`, `Inactive`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Methods and constructors, in source order. Property accessors with a body appear as
    /// methods named after the property.
    pub methods: Vec<ApexMethod>,
    /// Code outside methods: field initializers and initializer blocks (they run when the class
    /// is loaded or instantiated, e.g. by a Visualforce page).
    #[serde(default)]
    pub initializers: CodeBody,
    /// Inner types, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inner: Vec<ApexClass>,
    /// Where the declaration starts.
    pub span: Span,
}

impl ApexClass {
    /// The qualified name: `Outer.Inner` for an inner class, else the name.
    pub fn qualified_name(&self) -> String {
        match &self.outer {
            Some(outer) => format!("{outer}.{}", self.name),
            None => self.name.clone(),
        }
    }

    /// Whether the class carries the annotation, ignoring case.
    pub fn has_annotation(&self, name: &str) -> bool {
        self.annotations.iter().any(|a| a.is(name))
    }

    /// Whether the class has the modifier (lower-case), e.g. `global`.
    pub fn has_modifier(&self, modifier: &str) -> bool {
        self.modifiers.iter().any(|m| m == modifier)
    }
}

/// An Apex method, constructor or property accessor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApexMethod {
    /// The name as declared; a constructor has its class's name.
    pub name: String,
    /// Whether it is a constructor.
    #[serde(default)]
    pub constructor: bool,
    /// Annotations (`@AuraEnabled(cacheable=true)`, `@RemoteAction`, `@HttpGet`,
    /// `@InvocableMethod`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// Modifiers, lower-cased (`global`, `public`, `static`, `webservice`, `override`, ...).
    #[serde(default)]
    pub modifiers: Vec<String>,
    /// Line of the declaration.
    pub line: u64,
    /// What the body does that matters for reach.
    #[serde(flatten)]
    pub body: CodeBody,
}

impl ApexMethod {
    /// Whether the method carries the annotation, ignoring case.
    pub fn has_annotation(&self, name: &str) -> bool {
        self.annotations.iter().any(|a| a.is(name))
    }

    /// Whether the method has the modifier (lower-case), e.g. `webservice`.
    pub fn has_modifier(&self, modifier: &str) -> bool {
        self.modifiers.iter().any(|m| m == modifier)
    }
}

/// What a block of Apex code does that matters for reach: queries, dynamic queries, CRUD/FLS
/// enforcement and calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeBody {
    /// Static SOQL (`[SELECT ...]`) and literal-only `Database.query('...')`, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub soql: Vec<SoqlQuery>,
    /// Queries built at run time (`Database.query(q)`, `Database.queryWithBinds`,
    /// `Database.getQueryLocator(q)`, `Database.countQuery`, `Search.query`) whose text is not a
    /// single string literal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dynamic_soql: Vec<DynamicQuery>,
    /// CRUD/FLS enforcement written in the code outside SOQL text (`AccessLevel.USER_MODE`,
    /// `Security.stripInaccessible`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fls_markers: Vec<FlsMarker>,
    /// Calls and instantiations, for a best-effort call graph, in source order, deduplicated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<Call>,
}

/// A call written in Apex: `receiver.method(...)`, `method(...)` or `new Type(...)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Call {
    /// The dotted expression before the method name (`Util`, `Outer.Inner`, `helper`, `this`);
    /// for `new Type(...)` the type name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver: Option<String>,
    /// The method name; `new` for an instantiation.
    pub method: String,
    /// Line of the call.
    pub line: u64,
}

/// A `WITH` clause that sets how a SOQL query enforces CRUD/FLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SoqlMode {
    /// `WITH USER_MODE`: sharing, CRUD and FLS of the running user.
    UserMode,
    /// `WITH SECURITY_ENFORCED`: CRUD and FLS on selected fields.
    SecurityEnforced,
    /// `WITH SYSTEM_MODE`: explicitly ignores CRUD/FLS.
    SystemMode,
}

/// A SOQL query found in Apex.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SoqlQuery {
    /// The `FROM` object as written (`Account`); for a parent-to-child subquery, the child
    /// relationship name (`Contacts`).
    pub object: String,
    /// Selected fields as written, relationship paths kept (`Owner.Name`); the argument of an
    /// aggregate or `toLabel(...)` (`Id` for `COUNT(Id)`); `TYPEOF What WHEN Account THEN Phone`
    /// gives `What.Phone`. Aliases are dropped.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Parent-to-child subqueries in the select list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subqueries: Vec<SoqlQuery>,
    /// The `WITH USER_MODE` / `SECURITY_ENFORCED` / `SYSTEM_MODE` clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<SoqlMode>,
    /// Line where the query starts.
    pub line: u64,
}

/// A query whose text is computed at run time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DynamicQuery {
    /// The API called (`Database.query`, `Database.queryWithBinds`, `Database.getQueryLocator`,
    /// `Database.countQuery`, `Search.query`).
    pub api: String,
    /// Whether the call passes `AccessLevel.USER_MODE`.
    #[serde(default)]
    pub user_mode: bool,
    /// Line of the call.
    pub line: u64,
}

/// CRUD/FLS enforcement written in Apex outside SOQL text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FlsMarker {
    /// What was written.
    pub kind: FlsMarkerKind,
    /// Where.
    pub line: u64,
}

/// Kinds of [`FlsMarker`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlsMarkerKind {
    /// `AccessLevel.USER_MODE` passed to a `Database` method.
    AccessLevelUserMode,
    /// `Security.stripInaccessible(...)`.
    StripInaccessible,
}

/// A Visualforce page (`.page` + `.page-meta.xml`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct VfPage {
    /// The page name (file name without extension, percent-decoded).
    pub name: String,
    /// `controller="X"`: a custom controller class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// `extensions="A,B"`: extension classes, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// `standardController="Obj"`: the object whose standard controller the page uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_controller: Option<String>,
    /// `apiVersion` from the `.page-meta.xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The `<apex:page` tag.
    pub span: Span,
}

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
    /// `recordLookups` (Get Records) elements.
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
