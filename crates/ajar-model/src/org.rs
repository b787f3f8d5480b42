//! An org's security metadata as read from a retrieved tree: who holds which grants, which
//! objects and fields exist, the sharing rules, sites, networks and settings.
//!
//! Adapters fill this in without deciding anything; `ajar-analyze` computes exposure from it.
//! Every element keeps the [`Span`] of the file and line it came from.

use crate::exposure::Predicate;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of permission holder a file defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderKind {
    /// A profile (`.profile`).
    Profile,
    /// A permission set (`.permissionset`).
    PermissionSet,
    /// A muting permission set (`.mutingpermissionset`): its `true` flags are removed.
    MutingPermissionSet,
}

/// Object permissions of one holder on one object (`objectPermissions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectPerm {
    /// `allowCreate`.
    pub create: bool,
    /// `allowRead`.
    pub read: bool,
    /// `allowEdit`.
    pub edit: bool,
    /// `allowDelete`.
    pub delete: bool,
    /// `viewAllRecords`.
    pub view_all: bool,
    /// `modifyAllRecords`.
    pub modify_all: bool,
    /// `viewAllFields` (API 63+).
    pub view_all_fields: bool,
    /// Where the element is.
    pub span: Span,
}

impl ObjectPerm {
    /// Adds `other`'s flags to these (one holder's entries for one object, read from two places).
    pub fn absorb(&mut self, other: &ObjectPerm) {
        self.create |= other.create;
        self.read |= other.read;
        self.edit |= other.edit;
        self.delete |= other.delete;
        self.view_all |= other.view_all;
        self.modify_all |= other.modify_all;
        self.view_all_fields |= other.view_all_fields;
    }
}

/// Field permissions of one holder on one field (`fieldPermissions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FieldPerm {
    /// `readable`.
    pub readable: bool,
    /// `editable`.
    pub editable: bool,
    /// Where the element is.
    pub span: Span,
}

/// A profile, permission set or muting permission set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionHolder {
    /// The name (file name, percent-decoded, without extension).
    pub name: String,
    /// Which kind.
    pub kind: HolderKind,
    /// `userLicense` (profiles) or `license` (permission sets), when present.
    pub license: Option<String>,
    /// `label`, when present.
    pub label: Option<String>,
    /// The file (line 1 is the root element).
    pub span: Span,
    /// Line of the licence element, when present.
    pub license_span: Option<Span>,
    /// `objectPermissions`, by object API name.
    pub objects: BTreeMap<String, ObjectPerm>,
    /// `fieldPermissions`, by `Object.Field`.
    pub fields: BTreeMap<String, FieldPerm>,
    /// Enabled `userPermissions`, by name.
    pub user_permissions: BTreeMap<String, Span>,
    /// Enabled `classAccesses`, by class name.
    pub class_accesses: BTreeMap<String, Span>,
    /// Enabled `pageAccesses`, by page name.
    pub page_accesses: BTreeMap<String, Span>,
    /// Enabled `flowAccesses`, by flow name.
    pub flow_accesses: BTreeMap<String, Span>,
    /// Which top-level element names the file held (to recognise partial retrieves).
    pub sections: Vec<String>,
}

impl PermissionHolder {
    /// An empty holder.
    pub fn new(name: impl Into<String>, kind: HolderKind, span: Span) -> Self {
        Self {
            name: name.into(),
            kind,
            license: None,
            label: None,
            span,
            license_span: None,
            objects: BTreeMap::new(),
            fields: BTreeMap::new(),
            user_permissions: BTreeMap::new(),
            class_accesses: BTreeMap::new(),
            page_accesses: BTreeMap::new(),
            flow_accesses: BTreeMap::new(),
            sections: Vec::new(),
        }
    }

    /// Whether the licence marks a guest (`Guest User License`, matched case-insensitively;
    /// formats.md §1.2).
    pub fn is_guest_license(&self) -> bool {
        self.license
            .as_deref()
            .is_some_and(|l| l.to_ascii_lowercase().contains("guest"))
    }
}

/// A permission set group (`.permissionsetgroup`): the union of its sets minus its muting sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionSetGroup {
    /// The group's name.
    pub name: String,
    /// Member permission sets.
    pub permission_sets: Vec<String>,
    /// Muting permission sets.
    pub muting_permission_sets: Vec<String>,
    /// The file.
    pub span: Span,
}

/// A custom or standard field definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// Field API name (without the object).
    pub name: String,
    /// `type` (`Text`, `Phone`, `Email`, `MasterDetail`...).
    pub field_type: Option<String>,
    /// `label`.
    pub label: Option<String>,
    /// `required`.
    pub required: bool,
    /// Whether it is a formula.
    pub formula: bool,
    /// `referenceTo`, for lookups and master-detail.
    pub reference_to: Option<String>,
    /// `complianceGroup` values (`PII`, `GDPR`...), split on `;`.
    pub compliance_groups: Vec<String>,
    /// `securityClassification`.
    pub security_classification: Option<String>,
    /// `description`, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `inlineHelpText`, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_text: Option<String>,
    /// Where it is defined.
    pub span: Span,
}

/// An object definition (`.object`, with fields inline or in `fields/`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectDef {
    /// Object API name.
    pub name: String,
    /// `sharingModel` (internal OWD); `None` when absent (unknown).
    pub sharing_model: Option<String>,
    /// `externalSharingModel` (API 31+); `None` when absent.
    pub external_sharing_model: Option<String>,
    /// Whether the object file itself was in the input (not only field files).
    pub has_definition: bool,
    /// `customSettingsType` (`List`, `Hierarchy`): the object is a custom setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_settings_type: Option<String>,
    /// `visibility` of a custom setting or custom metadata type (`Public`, `Protected`,
    /// `PackageProtected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// Fields by API name.
    pub fields: BTreeMap<String, FieldDef>,
    /// The object file, or the first field file.
    pub span: Span,
    /// The line of each top-level element read, by element name (`selfRegistration`,
    /// `sharingModel`...), so that a finding points at the element, not the file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lines: BTreeMap<String, u64>,
}

impl ObjectDef {
    /// Where `element` is in the object file, or the file when it was not read.
    pub fn at(&self, element: &str) -> Span {
        element_span(&self.span, &self.lines, element)
    }
}

fn element_span(file: &Span, lines: &BTreeMap<String, u64>, element: &str) -> Span {
    lines
        .get(element)
        .map_or_else(|| file.clone(), |l| Span::new(file.file.clone(), *l))
}

/// The kind of a sharing rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingRuleKind {
    /// `sharingCriteriaRules`.
    Criteria,
    /// `sharingOwnerRules`.
    Owner,
    /// `sharingGuestRules` (API 47+).
    Guest,
    /// `sharingTerritoryRules`.
    Territory,
}

/// A sharing rule, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingRule {
    /// The object the rule shares.
    pub object: String,
    /// `fullName`.
    pub name: String,
    /// Which kind.
    pub kind: SharingRuleKind,
    /// `accessLevel` (`Read`, `Edit`).
    pub access_level: String,
    /// `sharedTo`: the recipient kind (`guestUser`, `group`, `role`, `allInternalUsers`...).
    pub shared_to_kind: String,
    /// `sharedTo`: the recipient name (a site's `fullName` for `guestUser`).
    pub shared_to: String,
    /// The records it shares (criteria rules); empty items for owner rules.
    pub predicate: Predicate,
    /// Where the rule starts.
    pub span: Span,
}

/// A site (`CustomSite`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// The site's full name (file name).
    pub name: String,
    /// `masterLabel`.
    pub master_label: Option<String>,
    /// `active`.
    pub active: bool,
    /// `siteType` (`Visualforce`, `Siteforce`, `ChatterNetwork`).
    pub site_type: Option<String>,
    /// `enableAuraRequests`.
    pub aura_requests: bool,
    /// Guest-reachable page slots (`indexPage`, `selfRegPage`...), by slot.
    pub pages: BTreeMap<String, String>,
    /// The file.
    pub span: Span,
    /// The line of each top-level element read, by element name (`selfRegistration`,
    /// `sharingModel`...), so that a finding points at the element, not the file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lines: BTreeMap<String, u64>,
}

impl Site {
    /// Where `element` is in the site file, or the file when absent.
    pub fn at(&self, element: &str) -> Span {
        element_span(&self.span, &self.lines, element)
    }
}

/// An Experience Cloud network (`Network`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// The network's full name.
    pub name: String,
    /// `site`: the CustomSite it serves.
    pub site: Option<String>,
    /// `status` (`Live`, `UnderConstruction`, `DownForMaintenance`).
    pub status: Option<String>,
    /// `enableGuestChatter`.
    pub guest_chatter: bool,
    /// `enableGuestFileAccess`.
    pub guest_file_access: bool,
    /// `enableGuestMemberVisibility`.
    pub guest_member_visibility: bool,
    /// `selfRegistration`.
    pub self_registration: bool,
    /// `selfRegProfile`.
    pub self_reg_profile: Option<String>,
    /// `picassoSite`: the Experience Builder bundle (`experiences/<name>/`) of its pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picasso_site: Option<String>,
    /// The file.
    pub span: Span,
    /// The line of each top-level element read, by element name (`selfRegistration`,
    /// `sharingModel`...), so that a finding points at the element, not the file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lines: BTreeMap<String, u64>,
}

impl Network {
    /// Where `element` is in the network file, or the file when absent.
    pub fn at(&self, element: &str) -> Span {
        element_span(&self.span, &self.lines, element)
    }
}

/// An Experience Builder site's bundle (`experiences/<name>/`, formats.md §1.4): whether its
/// pages are open to guests. Login and error pages are public on every active site whatever
/// this says; it widens what a guest can browse, not what the guest profile can read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Experience {
    /// The bundle's name (its folder).
    pub name: String,
    /// `isAvailableToGuests` of `config/<site>.json` (Aura sites); `None` when absent.
    pub available_to_guests: Option<bool>,
    /// `authenticationType` of an LWR site (`AUTHENTICATED`,
    /// `AUTHENTICATED_WITH_PUBLIC_ACCESS_ENABLED`, `UNAUTHENTICATED`).
    pub authentication: Option<String>,
    /// Routes (file names under `routes/`) whose `pageAccess` is `Public`, sorted.
    pub public_routes: Vec<String>,
    /// The config file, when read.
    pub span: Option<Span>,
}

impl Experience {
    /// Whether guests may open the site's pages: `None` when the bundle does not say.
    pub fn public(&self) -> Option<bool> {
        match self.authentication.as_deref() {
            Some("UNAUTHENTICATED" | "AUTHENTICATED_WITH_PUBLIC_ACCESS_ENABLED") => Some(true),
            Some("AUTHENTICATED") => Some(false),
            _ => self.available_to_guests,
        }
    }
}

/// One settings value (`settings/<Name>.settings`): `Sharing.enableSecureGuestAccess`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// The value as written.
    pub value: String,
    /// Where.
    pub span: Span,
}

/// A permission set assignment from a data export (`--assignments`): which permission sets the
/// users of a profile hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignments {
    /// Profile name → assigned permission set (or group) names.
    pub by_profile: BTreeMap<String, Vec<String>>,
}

/// Everything read from a metadata tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    /// Profiles by name.
    pub profiles: BTreeMap<String, PermissionHolder>,
    /// Permission sets by name.
    pub permission_sets: BTreeMap<String, PermissionHolder>,
    /// Muting permission sets by name.
    pub muting_permission_sets: BTreeMap<String, PermissionHolder>,
    /// Permission set groups by name.
    pub permission_set_groups: BTreeMap<String, PermissionSetGroup>,
    /// Objects by API name.
    pub objects: BTreeMap<String, ObjectDef>,
    /// Sharing rules, sorted by object and name.
    pub sharing_rules: Vec<SharingRule>,
    /// Sites by full name.
    pub sites: BTreeMap<String, Site>,
    /// Networks by full name.
    pub networks: BTreeMap<String, Network>,
    /// Experience Builder bundles by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub experiences: BTreeMap<String, Experience>,
    /// Settings values by `<Settings name>.<element>` (`Sharing.enableSecureGuestAccess`).
    pub settings: BTreeMap<String, Setting>,
    /// Inputs read, sorted by path.
    pub files: Vec<crate::exposure::InputFile>,
    /// Apex classes, Visualforce pages and flows.
    pub code: crate::code::CodeInventory,
}

impl Org {
    /// A settings flag, `None` when absent.
    pub fn setting_bool(&self, key: &str) -> Option<bool> {
        self.settings
            .get(key)
            .map(|s| s.value.eq_ignore_ascii_case("true"))
    }
}

/// Whether `s` can be an object's or field's API name: letters, digits and `_`, not empty
/// (`Contact`, `Balance__c`). Names from logs pass through it before they go into SOQL.
pub fn is_api_name(s: &str) -> bool {
    // A fold without an early exit, which the compiler makes into wide compares.
    !s.is_empty()
        && s.bytes()
            .fold(true, |ok, b| ok & (b.is_ascii_alphanumeric() | (b == b'_')))
}
