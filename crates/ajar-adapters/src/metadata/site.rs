//! Sites, networks and settings (formats.md §1.4, §1.6).

use super::xml::Node;
use super::{FileCtx, MetadataError};
use ajar_model::org::{Experience, Network, Org, Setting, Site};

/// Page slots a guest can load on any site (formats.md §1.4).
const PAGE_SLOTS: &[&str] = &[
    "indexPage",
    "selfRegPage",
    "authorizationRequiredPage",
    "bandwidthExceededPage",
    "fileNotFoundPage",
    "genericErrorPage",
    "inMaintenancePage",
    "inactiveIndexPage",
    "changePasswordPage",
    "forgotPasswordPage",
    "myProfilePage",
    "serverIsDown",
];

/// Reads a `CustomSite`.
pub(crate) fn read_site(
    ctx: &FileCtx<'_>,
    doc: &Node,
    name: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    ctx.expect_root(doc, "CustomSite")?;
    let pages = PAGE_SLOTS
        .iter()
        .filter_map(|slot| {
            doc.child_text(slot)
                .filter(|p| !p.is_empty())
                .map(|p| ((*slot).to_owned(), super::strip_token(p)))
        })
        .collect();
    org.sites.insert(
        name.to_owned(),
        Site {
            name: name.to_owned(),
            master_label: doc.child_text("masterLabel").map(str::to_owned),
            active: doc.child_bool("active"),
            site_type: doc.child_text("siteType").map(str::to_owned),
            aura_requests: doc.child_bool("enableAuraRequests"),
            pages,
            span: ctx.span(doc.line),
            lines: element_lines(doc),
        },
    );
    Ok(())
}

/// One site defined in two files of one tree (two snapshots, or two package directories): the
/// later file (in path order) is read, the page slots of the earlier one that differ are kept
/// under `<slot> (<file>)`, and `active`/`enableAuraRequests` are true if either says so, so
/// that whatever either snapshot serves is analysed. The duplicate is reported, never merged
/// silently (issue #21, item 8).
pub(crate) fn merge_duplicate(
    earlier: Site,
    mut later: Site,
    gaps: &mut Vec<ajar_model::span::CoverageGap>,
) -> Site {
    let mut differ: Vec<String> = Vec::new();
    if earlier.active != later.active {
        differ.push("active".into());
    }
    if earlier.aura_requests != later.aura_requests {
        differ.push("enableAuraRequests".into());
    }
    for (slot, page) in &earlier.pages {
        if later.pages.get(slot) != Some(page) {
            differ.push(slot.clone());
            later
                .pages
                .insert(format!("{slot} ({})", earlier.span.file), page.clone());
        }
    }
    let what = if differ.is_empty() {
        "identical".to_owned()
    } else {
        format!("they differ in {}", differ.join(", "))
    };
    gaps.push(ajar_model::span::CoverageGap {
        kind: "duplicate-component".into(),
        message: format!(
            "site `{}` is defined in two files ({} and {}): {what}; read as one site with the page slots, `active` and `enableAuraRequests` of either",
            later.name, earlier.span.file, later.span.file
        ),
        span: Some(later.span.clone()),
    });
    later.active |= earlier.active;
    later.aura_requests |= earlier.aura_requests;
    later
}

/// Reads a `Network`.
pub(crate) fn read_network(
    ctx: &FileCtx<'_>,
    doc: &Node,
    name: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    ctx.expect_root(doc, "Network")?;
    org.networks.insert(
        name.to_owned(),
        Network {
            name: name.to_owned(),
            site: doc.child_text("site").map(str::to_owned),
            status: doc.child_text("status").map(str::to_owned),
            guest_chatter: doc.child_bool("enableGuestChatter"),
            guest_file_access: doc.child_bool("enableGuestFileAccess"),
            guest_member_visibility: doc.child_bool("enableGuestMemberVisibility"),
            self_registration: doc.child_bool("selfRegistration"),
            self_reg_profile: doc
                .child_text("selfRegProfile")
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            picasso_site: doc
                .child_text("picassoSite")
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            span: ctx.span(doc.line),
            lines: element_lines(doc),
        },
    );
    Ok(())
}

/// The first line of each top-level element (formats.md R12: file and line per element).
pub(crate) fn element_lines(doc: &Node) -> std::collections::BTreeMap<String, u64> {
    let mut out = std::collections::BTreeMap::new();
    for el in doc.children() {
        out.entry(el.name.to_string()).or_insert(el.line);
    }
    out
}

/// Reads `settings/<Name>.settings`: every simple element becomes `<Name>.<element>`.
pub(crate) fn read_settings(
    ctx: &FileCtx<'_>,
    doc: &Node,
    name: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    if !doc.name.ends_with("Settings") {
        return ctx.expect_root(doc, "...Settings");
    }
    for el in doc.children().filter(|c| c.children().len() == 0) {
        org.settings.insert(
            format!("{name}.{}", el.name),
            Setting {
                value: el.text.to_string(),
                span: ctx.span(el.line),
            },
        );
    }
    Ok(())
}

/// Reads an ExperienceBundle's `config/<site>.json` (formats.md §1.4): `isAvailableToGuests`
/// (Aura) or `authenticationType` (LWR).
pub(crate) fn read_experience_config(
    ctx: &FileCtx<'_>,
    json: &serde_json::Value,
    bundle: &str,
    org: &mut Org,
) {
    let e = experience(org, bundle);
    if let Some(b) = json
        .get("isAvailableToGuests")
        .and_then(serde_json::Value::as_bool)
    {
        e.available_to_guests = Some(b);
    }
    if let Some(a) = json
        .get("authenticationType")
        .and_then(serde_json::Value::as_str)
    {
        e.authentication = Some(a.to_owned());
    }
    e.span = Some(ctx.span(1));
}

/// Reads an ExperienceBundle route (`routes/<route>.json`): is its `pageAccess` `Public`?
pub(crate) fn read_experience_route(
    json: &serde_json::Value,
    bundle: &str,
    route: &str,
    org: &mut Org,
) {
    let e = experience(org, bundle);
    if json.get("pageAccess").and_then(serde_json::Value::as_str) == Some("Public") {
        e.public_routes.push(route.to_owned());
        e.public_routes.sort();
        e.public_routes.dedup();
    }
}

fn experience<'a>(org: &'a mut Org, bundle: &str) -> &'a mut Experience {
    org.experiences
        .entry(bundle.to_owned())
        .or_insert_with(|| Experience {
            name: bundle.to_owned(),
            ..Experience::default()
        })
}
