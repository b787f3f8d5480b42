//! Apex classes, Visualforce pages and Flows as parsed from org metadata: the input of code
//! reach (which entry points a principal can call, in which sharing mode, reading what).
//!
//! These types say what the files contain, never what it means for a guest: the sharing mode
//! actually in force is decided by the analysis (`ajar-analyze`, `exposure::code`), following
//! formats.md §1.7.

mod flow;

use crate::span::{CoverageGap, Span};
use serde::{Deserialize, Serialize};

pub use flow::{Flow, FlowApexAction, FlowLookup, FlowRunMode, FlowWrite, FlowWriteKind};

/// Every parsed code artefact of one org: the input of the code-reach analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeInventory {
    /// Top-level Apex classes (inner classes sit inside them), sorted by name.
    pub classes: Vec<ApexClass>,
    /// Visualforce pages, sorted by name.
    pub pages: Vec<VfPage>,
    /// Flows, sorted by name.
    pub flows: Vec<Flow>,
    /// Apex and Visualforce files whose source could not be parsed and were left out (kind
    /// `unreadable-code`, with file and line): what they run is unknown, not safe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<CoverageGap>,
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
    /// Parameters in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<ApexParam>,
    /// Line of the declaration.
    pub line: u64,
    /// What the body does that matters for reach.
    #[serde(flatten)]
    pub body: CodeBody,
}

/// A method parameter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ApexParam {
    /// The type as written, without spaces (`List<String>`, `Map<String,Object>`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// The name.
    pub name: String,
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
    /// Static SOQL and SOSL (`[SELECT ...]`, `[FIND ... RETURNING ...]`) and literal-only
    /// `Database.query('...')` / `Search.query('...')`, in source order.
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
    /// Record IDs taken from the client (page parameters, cookies, the request body, or a
    /// parameter of the method) and used to select or change records, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_ids: Vec<ClientIdUse>,
    /// Responses that any web origin may read: `Access-Control-Allow-Origin: *`, or a JSONP
    /// callback name taken from the request and written into the response.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_responses: Vec<OpenResponse>,
}

/// Where a client-supplied value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientSource {
    /// A page parameter (`ApexPages.currentPage().getParameters()`) or a REST request
    /// parameter (`RestContext.request.params`).
    PageParameter,
    /// A cookie (`getCookies()`, `Cookie.getValue()`).
    Cookie,
    /// The Apex REST request body (`RestContext.request.requestBody`).
    RequestBody,
    /// A parameter of the method: what an Aura, remote or REST caller sends.
    Parameter,
}

impl ClientSource {
    /// Words for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PageParameter => "a page parameter",
            Self::Cookie => "a cookie",
            Self::RequestBody => "the request body",
            Self::Parameter => "a parameter the caller sends",
        }
    }
}

/// A record ID from the client used to select or change records.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClientIdUse {
    /// Where the value comes from.
    pub source: ClientSource,
    /// What it selects or changes: `query Registration__c`, `update`, `delete`...
    pub sink: String,
    /// The variable bound or written (`regId`).
    pub variable: String,
    /// Line of the query or DML statement.
    pub line: u64,
}

/// A response readable from any web origin.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OpenResponse {
    /// `cors_wildcard` or `jsonp_callback`.
    pub kind: OpenResponseKind,
    /// Where.
    pub line: u64,
}

/// Kinds of [`OpenResponse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenResponseKind {
    /// `addHeader('Access-Control-Allow-Origin', '*')`.
    CorsWildcard,
    /// A callback name from the request wrapped around the response (JSONP).
    JsonpCallback,
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
    /// Whether an argument carries a parameter of the calling method, or a local assigned
    /// from one: caller input when the caller received any.
    #[serde(default)]
    pub passes_params: bool,
    /// Whether an argument carries request data (`ApexPages...getParameters()`,
    /// `RestContext`), directly or through a local: input whoever the caller is.
    #[serde(default)]
    pub passes_request: bool,
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

/// A SOQL query found in Apex, or one `RETURNING` object of a SOSL search (fields as listed,
/// `Id` when none are).
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
    /// Whether the query text carries a parameter of the method, or a local variable assigned
    /// from one earlier in the body (best effort: one pass in source order; escaped or cast
    /// input counts too, see `input_sanitized`).
    #[serde(default)]
    pub from_parameter: bool,
    /// Whether the query text carries request data (`ApexPages.currentPage().getParameters()`,
    /// `RestContext`), directly or through a local.
    #[serde(default)]
    pub from_request: bool,
    /// Whether every input that reaches the text is escaped (`String.escapeSingleQuotes`) or
    /// cast to a type that cannot carry quotes (`Id`, `Date`, `Datetime`, numbers, `Boolean`:
    /// a typed parameter, a typed local, `(Id) x`, `Id.valueOf(x)`). False when no input does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub input_sanitized: bool,
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
