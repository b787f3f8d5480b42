//! What a principal can reach: the result of `ajar scan` (JSON schema `ajar.scan/1`).

use crate::classify::Classification;
use crate::finding::Finding;
use crate::span::{Cause, CoverageGap, Span};
use serde::{Deserialize, Serialize};

/// The kind of principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// A site's unauthenticated guest user.
    Guest,
    /// An authenticated external (community, portal, partner) user.
    External,
    /// An internal user.
    Internal,
}

/// How far a principal's record access reaches on an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordReach {
    /// No record is visible.
    None,
    /// Only records the principal owns (for a guest: records it created).
    Owned,
    /// Records matching sharing-rule criteria.
    Criteria,
    /// Every record.
    All,
}

/// One criterion of a criteria-based sharing rule, kept as written so it can be evaluated
/// against exported records later.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CriteriaItem {
    /// Field API name (`Status__c`, `RecordTypeId`).
    pub field: String,
    /// Operation as Salesforce names it (`equals`, `notEqual`, `contains`, ...).
    pub operation: String,
    /// The value; a comma means OR; `None` for an empty `<value/>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Another field to compare with, instead of a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_field: Option<String>,
}

/// A record predicate: criteria items combined by `boolean_filter`, or ANDed when it is absent.
/// No items at all means every record.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Predicate {
    /// Items, numbered from 1 in `boolean_filter`.
    pub items: Vec<CriteriaItem>,
    /// `(1 AND 2) OR 3`, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boolean_filter: Option<String>,
    /// Whether records owned by high-volume portal users are included (guest rules,
    /// `includeHVUOwnedRecords`).
    #[serde(default)]
    pub include_hvu_owned: bool,
}

/// Why records of an object are reachable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordPathKind {
    /// A sharing rule shares records to the principal.
    SharingRule {
        /// The rule's full name.
        rule: String,
        /// Which records.
        predicate: Predicate,
    },
    /// The (external) org-wide default opens every record.
    OrgWideDefault {
        /// The sharing model (`Read`, `ReadWrite`, ...).
        model: String,
    },
    /// View All / Modify All on the object, or View All Data.
    ViewAll,
    /// Records the principal owns.
    Owned,
    /// Code running without sharing reads the object for the principal.
    Code {
        /// `Class.method` or the flow name.
        entry: String,
    },
}

/// One way to reach records, with the elements that cause it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordPath {
    /// The path.
    #[serde(flatten)]
    pub kind: RecordPathKind,
    /// Whether the platform honours it in the analysis mode (`false` when a post-2021 lockdown
    /// clamps it; still reported).
    pub effective: bool,
    /// The elements behind it.
    pub causes: Vec<Cause>,
}

/// A field the principal can read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReadableField {
    /// `Object.Field`.
    pub field: String,
    /// Personal-data classification, when the field holds any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// Why it is readable (`fieldPermissions readable=true`, `required field`, `system field`).
    pub via: Cause,
}

/// A principal's effective access to one object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectAccess {
    /// Object API name.
    pub object: String,
    /// Can create.
    pub create: bool,
    /// Can read.
    pub read: bool,
    /// Can edit.
    pub edit: bool,
    /// Can delete.
    pub delete: bool,
    /// View All records.
    pub view_all: bool,
    /// Modify All records.
    pub modify_all: bool,
    /// How far record access reaches (the widest effective path).
    pub records: RecordReach,
    /// Every path to records, effective or clamped.
    pub record_paths: Vec<RecordPath>,
    /// Fields readable with the object, sorted.
    pub readable_fields: Vec<ReadableField>,
    /// The grants behind the object permissions.
    pub via: Vec<Cause>,
    /// True when the access comes only from permission sets that *could* be assigned to the
    /// principal (no `--assignments` given): a candidate, not a proven grant.
    #[serde(default)]
    pub candidate: bool,
}

/// How Apex code is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// `@AuraEnabled` method.
    Aura,
    /// `@RemoteAction` on a Visualforce controller.
    RemoteAction,
    /// `@RestResource` class method.
    Rest,
    /// `webservice` method.
    Webservice,
    /// `@InvocableMethod` reached through a flow.
    Invocable,
    /// A Visualforce page controller or extension.
    VisualforceController,
    /// A flow.
    Flow,
}

/// The sharing mode code runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingMode {
    /// Enforces sharing.
    With,
    /// Ignores sharing.
    Without,
    /// Runs in the caller's mode.
    Inherited,
}

/// A code entry point a principal can call.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CodeEntry {
    /// `Class.method`, or the flow or page name.
    pub entry: String,
    /// How it is entered.
    pub kind: EntryKind,
    /// The sharing mode in force.
    pub sharing: SharingMode,
    /// Why that mode (`class declares without sharing`, `no keyword at API 58.0: caller's mode`).
    pub sharing_reason: String,
    /// Whether CRUD/FLS are enforced (user mode, `WITH SECURITY_ENFORCED`, ...).
    pub enforces_fls: bool,
    /// `Object.Field` read by its SOQL, sorted.
    pub reads: Vec<String>,
    /// Whether it builds SOQL at run time (`Database.query`).
    pub dynamic_soql: bool,
    /// Whether such a query's text is built from a method parameter or request data, i.e. from
    /// what the caller sends, unescaped and uncast (best effort; see
    /// `ajar_model::code::DynamicQuery`).
    #[serde(default)]
    pub dynamic_soql_from_params: bool,
    /// Where it is defined.
    pub span: Span,
    /// Methods (or subflows) reached from the entry that read data, each in its own sharing
    /// mode (a callee's keyword applies to its own SOQL; formats.md §1.7). `reads`,
    /// `dynamic_soql` and `enforces_fls` above already include them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callees: Vec<CodeStep>,
    /// True when only candidate permission sets grant the class, page or flow behind it (no
    /// `--assignments`): reachable if such a set is assigned, not proven. Omitted when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub candidate: bool,
    /// Whether the caller's input reaches run-time SOQL only escaped or cast
    /// (`String.escapeSingleQuotes`, `Id`, `Date`, numbers). Omitted when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dynamic_soql_input_sanitized: bool,
    /// Record IDs the entry takes from the client (page parameters, cookies, the request body,
    /// its parameters) and uses to select or change records. Omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_ids: Vec<crate::code::ClientIdUse>,
    /// Responses of the entry that any web origin may read (CORS `*`, JSONP). Omitted when
    /// empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_responses: Vec<crate::code::OpenResponse>,
}

/// Code reached from an entry point, with the mode its own queries run in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CodeStep {
    /// `Class.method`, `Outer.Inner.method`, or a subflow name.
    pub entry: String,
    /// The sharing mode its queries run in.
    pub sharing: SharingMode,
    /// Why that mode.
    pub sharing_reason: String,
    /// Whether its queries enforce CRUD/FLS.
    pub enforces_fls: bool,
    /// `Object.Field` read by its own queries, sorted.
    pub reads: Vec<String>,
    /// Whether it builds SOQL at run time.
    pub dynamic_soql: bool,
    /// Whether such a query's text is built from one of its parameters, unescaped and uncast.
    #[serde(default)]
    pub dynamic_soql_from_params: bool,
    /// Where it is defined.
    pub span: Span,
    /// Record IDs from the client it uses to select or change records: request data it reads
    /// itself, or its parameters when the caller passed client input. Omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_ids: Vec<crate::code::ClientIdUse>,
}

/// A principal and everything it reaches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PrincipalExposure {
    /// Guest, external or internal.
    pub kind: PrincipalKind,
    /// The profile name.
    pub name: String,
    /// The site the guest belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Permission sets counted in (assigned, or candidates when assignments are unknown).
    pub permission_sets: Vec<String>,
    /// Whether the assignments were known (`--assignments`); when false, `permission_sets` are
    /// candidates and the answer is incomplete.
    #[serde(default)]
    pub assignments_known: bool,
    /// Risky user permissions held (`ApiEnabled`, `ViewAllData`, ...).
    pub user_permissions: Vec<String>,
    /// Per object, sorted by object.
    pub objects: Vec<ObjectAccess>,
    /// Code the principal can run.
    pub code: Vec<CodeEntry>,
}

/// What analysis mode the platform rules were applied in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockdownMode {
    /// Before the Winter '21 guest lockdown: files are taken at their word.
    Pre2021,
    /// After it: guest OWD Private, no View All/Edit/Delete for guests.
    Post2021,
}

/// Provenance of one input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct InputFile {
    /// Path relative to the input root.
    pub path: String,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
}

/// The result of `ajar scan`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Always [`ScanReport::SCHEMA`].
    pub schema: String,
    /// ajar's version.
    pub tool_version: String,
    /// The date whose platform rules apply (`--as-of`).
    pub as_of: jiff::civil::Date,
    /// The lockdown mode for that date.
    pub mode: LockdownMode,
    /// Principals, sorted by kind, site, name.
    pub principals: Vec<PrincipalExposure>,
    /// Findings, sorted by severity, code, file, line.
    pub findings: Vec<Finding>,
    /// What was not in the input.
    pub coverage: Vec<CoverageGap>,
    /// Every input file read, with its digest, sorted by path.
    #[serde(default)]
    pub inputs: Vec<InputFile>,
    /// With `--diff OLD_TREE`: findings of the old tree that the change closes (`findings`
    /// then holds only what it opens).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<Finding>,
}

impl ScanReport {
    /// The JSON schema identifier.
    pub const SCHEMA: &'static str = "ajar.scan/1";
}
