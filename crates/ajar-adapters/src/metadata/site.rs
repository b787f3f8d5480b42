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
                .map(|p| ((*slot).to_owned(), p.to_owned()))
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
        },
    );
    Ok(())
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
        },
    );
    Ok(())
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
    for el in doc.children.iter().filter(|c| c.children.is_empty()) {
        org.settings.insert(
            format!("{name}.{}", el.name),
            Setting {
                value: el.text.clone(),
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
