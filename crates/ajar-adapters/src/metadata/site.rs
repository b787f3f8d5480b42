//! Sites, networks and settings (formats.md §1.4, §1.6).

use super::xml::Node;
use super::{FileCtx, MetadataError};
use ajar_model::org::{Network, Org, Setting, Site};

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
