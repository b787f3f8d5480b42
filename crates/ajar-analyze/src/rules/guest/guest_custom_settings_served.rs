//! GUEST-012: custom settings and custom metadata served to guests before October 2022.

use super::who;
use crate::exposure::era::WINTER_23;
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// The input holds custom settings (`customSettingsType`) or custom metadata types
    /// (`__mdt`) that are not protected, and a guest's site serves Lightning (Aura) requests.
    /// ## Why it matters
    /// Until October 2022 (taken as Winter '23, 2022-10-15) Lightning controllers handed custom
    /// settings and public custom metadata to guests, whatever the guest profile said: API keys,
    /// endpoints and configuration stored there were public. Medium for an `--as-of` date
    /// before then; information only after, since the records were exposed in that era.
    /// ## Example
    /// ```xml
    /// <CustomObject><customSettingsType>Hierarchy</customSettingsType><visibility>Public</visibility>...
    /// ```
    /// ## How to fix
    /// Keep secrets in named credentials or protected custom metadata of a managed package, and
    /// rotate any secret a public custom setting held before October 2022.
    GuestCustomSettingsServed = "GUEST-012", since "0.1.0", severity Medium
}

fn check(rule: &GuestCustomSettingsServed, cx: &Context<'_>, out: &mut Findings) {
    let served: Vec<_> = cx
        .org
        .objects
        .values()
        .filter(|d| d.custom_settings_type.is_some() || d.name.ends_with("__mdt"))
        .filter(|d| {
            !d.visibility
                .as_deref()
                .is_some_and(|v| v.to_ascii_lowercase().contains("protected"))
        })
        .collect();
    if served.is_empty() {
        return;
    }
    // formats.md §1.10: before October 2022 Lightning controllers served them to guests.
    let before = !WINTER_23.in_force(cx.report.as_of);
    for p in cx.guests() {
        let Some(site) = p.site.as_deref().and_then(|s| cx.org.sites.get(s)) else {
            continue;
        };
        let lightning = site.aura_requests
            || site
                .site_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("ChatterNetwork"));
        if !lightning {
            continue;
        }
        for d in &served {
            let kind = if d.custom_settings_type.is_some() {
                "custom setting"
            } else {
                "custom metadata type"
            };
            let (severity, state) = if before {
                (
                    Severity::Medium,
                    "served to guests by Lightning controllers".to_owned(),
                )
            } else {
                (
                    Severity::Info,
                    format!(
                        "served to guests by Lightning controllers until {} ({}), not since",
                        WINTER_23.name, WINTER_23.last
                    ),
                )
            };
            let message = format!("{} can read {kind} `{}`: {state}", who(p), d.name);
            let c = vec![
                Cause {
                    span: d.span.clone(),
                    what: format!("{kind} {}", d.name),
                },
                Cause {
                    span: site.span.clone(),
                    what: format!("site {} serves Lightning requests", site.name),
                },
            ];
            out.push(rule, severity, message, c, Some(p), Some(&d.name));
        }
    }
}
