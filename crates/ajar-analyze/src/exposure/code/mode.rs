//! Which sharing mode and CRUD/FLS enforcement code runs with (formats.md §1.7; Apex Developer
//! Guide, "Using the with sharing, without sharing, and inherited sharing Keywords").

use super::CodeContext;
use ajar_model::code::{
    ApexClass, CodeBody, FlowRunMode, FlsMarkerKind, SharingKeyword, SoqlMode, SoqlQuery,
};
use ajar_model::exposure::{EntryKind, SharingMode};

/// An API version (`58.0`) as numbers, so that `9.0 < 10.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiVersion {
    /// `58` in `58.0`.
    pub major: u32,
    /// `0` in `58.0`.
    pub minor: u32,
}

impl ApiVersion {
    /// Summer '26: Apex without a sharing keyword runs with sharing and in user mode.
    pub const WITH_SHARING_DEFAULT: Self = Self {
        major: 67,
        minor: 0,
    };

    /// Parses `58.0` or `58`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let (major, minor) = text.trim().split_once('.').unwrap_or((text.trim(), "0"));
        Some(Self {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

/// Whether the class's file is at API 67.0 or later.
pub(crate) fn api67(class: &ApexClass) -> bool {
    class
        .api_version
        .as_deref()
        .and_then(ApiVersion::parse)
        .is_some_and(|v| v >= ApiVersion::WITH_SHARING_DEFAULT)
}

fn version_words(class: &ApexClass) -> String {
    match &class.api_version {
        Some(v) => format!("API {v}"),
        None => "unknown API version".to_owned(),
    }
}

fn entry_words(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Aura => "an Aura entry",
        EntryKind::RemoteAction => "a remote action entry",
        EntryKind::Rest => "a REST entry",
        EntryKind::Webservice => "a SOAP web service entry",
        EntryKind::Invocable => "a flow action",
        EntryKind::VisualforceController => "a Visualforce entry",
        EntryKind::Flow => "a flow",
    }
}

fn words(mode: SharingMode) -> &'static str {
    match mode {
        SharingMode::With => "with sharing",
        SharingMode::Without => "without sharing",
        SharingMode::Inherited => "inherited sharing",
    }
}

/// The mode an entry method runs in. `flow_mode` is the calling flow's mode for an
/// `@InvocableMethod`, which is then the caller.
pub(crate) fn entry_mode(
    class: &ApexClass,
    kind: EntryKind,
    ctx: &CodeContext,
    flow_mode: Option<SharingMode>,
) -> (SharingMode, String) {
    match class.sharing {
        Some(SharingKeyword::With) => (SharingMode::With, "class declares with sharing".to_owned()),
        Some(SharingKeyword::Without) => (
            SharingMode::Without,
            "class declares without sharing".to_owned(),
        ),
        Some(SharingKeyword::Inherited) => match flow_mode {
            Some(mode) => (
                mode,
                format!(
                    "class declares inherited sharing: the calling flow's mode, {}",
                    words(mode)
                ),
            ),
            None => (
                SharingMode::With,
                "class declares inherited sharing: with sharing at an entry point".to_owned(),
            ),
        },
        None if api67(class) => (
            SharingMode::With,
            format!(
                "no keyword at {}: with sharing by default",
                version_words(class)
            ),
        ),
        None => {
            let version = version_words(class);
            if kind == EntryKind::Aura && ctx.aura_with_sharing_enforced {
                let why = format!(
                    "no keyword at {version}: with sharing for Aura controllers since Spring '21"
                );
                return (SharingMode::With, why);
            }
            if kind == EntryKind::Aura && ctx.aura_implicit_with_sharing == Some(true) {
                let why = format!(
                    "no keyword at {version}: with sharing for Aura controllers \
                     (enableApexCtrlImplicitWithSharingPref)"
                );
                return (SharingMode::With, why);
            }
            if kind == EntryKind::Aura {
                // Before Spring '21 the default depended on the org's creation date, which
                // metadata does not hold: the wider answer is assumed (formats.md §1.10).
                let why = format!(
                    "no keyword at {version}: without sharing for Aura controllers before \
                     Spring '21, assuming an org created after Spring '18 (older orgs ran them \
                     with sharing)"
                );
                return (SharingMode::Without, why);
            }
            match flow_mode {
                Some(mode) => (
                    mode,
                    format!(
                        "no keyword at {version}: the calling flow's mode, {}",
                        words(mode)
                    ),
                ),
                None => (
                    SharingMode::Without,
                    format!(
                        "no keyword at {version}: caller's mode, without sharing at {}",
                        entry_words(kind)
                    ),
                ),
            }
        }
    }
}

/// The mode a callee runs in when called in `caller` mode; `chain67` says whether any class in
/// the chain so far (this one included) is at API 67.0 or later.
pub(crate) fn callee_mode(
    class: &ApexClass,
    caller: SharingMode,
    chain67: bool,
) -> (SharingMode, String) {
    match class.sharing {
        Some(SharingKeyword::With) => (SharingMode::With, "class declares with sharing".to_owned()),
        Some(SharingKeyword::Without) => (
            SharingMode::Without,
            "class declares without sharing".to_owned(),
        ),
        Some(SharingKeyword::Inherited) => (
            caller,
            format!(
                "class declares inherited sharing: the caller's mode, {}",
                words(caller)
            ),
        ),
        None if chain67 => (
            SharingMode::With,
            "no keyword, API 67.0 or later in the call chain: with sharing by default".to_owned(),
        ),
        None => (
            caller,
            format!(
                "no keyword at {}: the caller's mode, {}",
                version_words(class),
                words(caller)
            ),
        ),
    }
}

/// Whether every query of a body enforces CRUD/FLS: `WITH USER_MODE` or `SECURITY_ENFORCED`,
/// `AccessLevel.USER_MODE` on a dynamic query, `Security.stripInaccessible` on the results, or
/// user mode by default at API 67.0 unless `WITH SYSTEM_MODE`. `None` for a body without
/// queries: it neither enforces nor bypasses anything.
pub(crate) fn body_enforces_fls(body: &CodeBody, api67: bool) -> Option<bool> {
    if body.soql.is_empty() && body.dynamic_soql.is_empty() {
        return None;
    }
    if body
        .fls_markers
        .iter()
        .any(|m| m.kind == FlsMarkerKind::StripInaccessible)
    {
        return Some(true);
    }
    let static_ok = |q: &SoqlQuery| match q.mode {
        Some(SoqlMode::UserMode | SoqlMode::SecurityEnforced) => true,
        Some(SoqlMode::SystemMode) => false,
        None => api67,
    };
    Some(body.soql.iter().all(static_ok) && body.dynamic_soql.iter().all(|d| d.user_mode || api67))
}

/// A flow's mode from `runInMode`; `caller` is the calling flow's mode and FLS enforcement for
/// a subflow. Returns the mode, why, and whether CRUD/FLS are enforced.
pub(crate) fn flow_mode(
    run: Option<FlowRunMode>,
    caller: Option<(SharingMode, bool)>,
) -> (SharingMode, String, bool) {
    match (run, caller) {
        (Some(FlowRunMode::SystemModeWithoutSharing), _) => (
            SharingMode::Without,
            "runInMode SystemModeWithoutSharing".to_owned(),
            false,
        ),
        (Some(FlowRunMode::SystemModeWithSharing), _) => (
            SharingMode::With,
            "runInMode SystemModeWithSharing: sharing only, no CRUD/FLS".to_owned(),
            false,
        ),
        (_, Some((mode, fls))) => (
            mode,
            format!("default run mode: the calling flow's mode, {}", words(mode)),
            fls,
        ),
        // A flow the principal launches itself runs in its user context by default.
        (_, None) => (
            SharingMode::With,
            "default run mode: the running user's context".to_owned(),
            true,
        ),
    }
}
