//! Rules about authenticated external users (community, portal, partner licences).

mod external_org_wide_default_open;
mod external_view_all;

pub use external_org_wide_default_open::ExternalOrgWideDefaultOpen;
pub use external_view_all::ExternalViewAll;

use ajar_model::exposure::{PrincipalExposure, PrincipalKind};

/// External principals.
pub(crate) fn externals<'a>(
    cx: &'a crate::rules::Context<'_>,
) -> impl Iterator<Item = &'a PrincipalExposure> {
    cx.report
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::External)
}
