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

/// What a class takes from its `extends` chain (formats.md §1.7): a class without a keyword
/// takes its parent's, and up to API 66.0 a keyword-less class runs with sharing
/// when any class in its inheritance chain is at 67.0 or later. ajar reads the chain as the
/// class's ancestors: a subclass does not change how its parent's code runs (the wider reading).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lineage {
    /// The nearest ancestor that declares a keyword: the keyword, the direct parent's name and
    /// the declaring ancestor's name (the same class when the parent declares it).
    pub(crate) declared: Option<(SharingKeyword, String, String)>,
    /// The first ancestor at API 67.0 or later, by name.
    pub(crate) api67: Option<String>,
}

/// A class's own declaration, or the one it takes from its chain, with the words saying so.
enum Declared {
    Keyword(SharingKeyword, String),
    /// No keyword anywhere, and API 67.0 or later in the class or its chain: with sharing.
    Default67(String),
}

fn declared(class: &ApexClass, lineage: &Lineage) -> Option<Declared> {
    if let Some(keyword) = class.sharing {
        let why = format!("class declares {}", keyword_words(keyword));
        return Some(Declared::Keyword(keyword, why));
    }
    if let Some((keyword, parent, origin)) = &lineage.declared {
        let why = if parent == origin {
            format!(
                "no keyword; extends {parent}, which declares {}",
                keyword_words(*keyword)
            )
        } else {
            format!(
                "no keyword; extends {parent}, which takes {} from {origin}",
                keyword_words(*keyword)
            )
        };
        return Some(Declared::Keyword(*keyword, why));
    }
    if api67(class) {
        let why = format!(
            "no keyword at {}: with sharing by default",
            version_words(class)
        );
        return Some(Declared::Default67(why));
    }
    lineage.api67.as_ref().map(|ancestor| {
        Declared::Default67(format!(
            "no keyword at {}; {ancestor} in its inheritance chain is at API 67.0 or later: \
             with sharing by default",
            version_words(class)
        ))
    })
}

fn keyword_words(keyword: SharingKeyword) -> &'static str {
    match keyword {
        SharingKeyword::With => "with sharing",
        SharingKeyword::Without => "without sharing",
        SharingKeyword::Inherited => "inherited sharing",
    }
}

/// The mode an entry method runs in. `flow_mode` is the calling flow's mode for an
/// `@InvocableMethod`, which is then the caller.
pub(crate) fn entry_mode(
    class: &ApexClass,
    lineage: &Lineage,
    kind: EntryKind,
    ctx: &CodeContext,
    flow_mode: Option<SharingMode>,
) -> (SharingMode, String) {
    match declared(class, lineage) {
        Some(Declared::Keyword(SharingKeyword::With, why) | Declared::Default67(why)) => {
            (SharingMode::With, why)
        }
        Some(Declared::Keyword(SharingKeyword::Without, why)) => (SharingMode::Without, why),
        Some(Declared::Keyword(SharingKeyword::Inherited, why)) => match flow_mode {
            Some(mode) => (
                mode,
                format!("{why}: the calling flow's mode, {}", words(mode)),
            ),
            None => (
                SharingMode::With,
                format!("{why}: with sharing at an entry point"),
            ),
        },
        None => keywordless_entry_mode(class, kind, ctx, flow_mode),
    }
}

/// An entry whose class and chain declare nothing, up to API 66.0.
fn keywordless_entry_mode(
    class: &ApexClass,
    kind: EntryKind,
    ctx: &CodeContext,
    flow_mode: Option<SharingMode>,
) -> (SharingMode, String) {
    let version = version_words(class);
    if kind == EntryKind::Aura && ctx.aura_with_sharing_enforced {
        let why =
            format!("no keyword at {version}: with sharing for Aura controllers since Spring '21");
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

/// The mode a callee runs in when called in `caller` mode: its own or inherited keyword, with
/// sharing at API 67.0 (its own version or its inheritance chain's, never the call chain's),
/// else the caller's mode.
pub(crate) fn callee_mode(
    class: &ApexClass,
    lineage: &Lineage,
    caller: SharingMode,
) -> (SharingMode, String) {
    match declared(class, lineage) {
        Some(Declared::Keyword(SharingKeyword::With, why) | Declared::Default67(why)) => {
            (SharingMode::With, why)
        }
        Some(Declared::Keyword(SharingKeyword::Without, why)) => (SharingMode::Without, why),
        Some(Declared::Keyword(SharingKeyword::Inherited, why)) => (
            caller,
            format!("{why}: the caller's mode, {}", words(caller)),
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
