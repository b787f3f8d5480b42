//! SITE-004: a network lets anyone self-register.

use crate::exposure::{compatible_with_external, owd};
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::org::PermissionHolder;
use ajar_model::span::{Cause, Span};

rule! {
    /// ## What it checks
    /// A network with `selfRegistration` on: anyone can create an external user with the
    /// `selfRegProfile` (or the default) profile. High when those users can read an object
    /// whose external org-wide default is `Read` or wider (`externalSharingModel`): through
    /// the self-registration profile, or, when it is not in the input, through a permission
    /// set an external user could hold (no licence, or an external one).
    /// ## Why it matters
    /// The self-registration profile is a second anonymous principal: whatever it reads, any
    /// visitor with an e-mail address reads too, without the guest lockdown's limits.
    /// ## Example
    /// ```xml
    /// <Network><selfRegistration>true</selfRegistration><selfRegProfile>Customer Community User</selfRegProfile>
    /// ```
    /// ## How to fix
    /// Turn off self-registration, or give the self-registration profile no access beyond
    /// what a guest may see.
    SelfRegistration = "SITE-004", since "0.1.0", severity Low
}

fn check(rule: &SelfRegistration, cx: &Context<'_>, out: &mut Findings) {
    for n in cx.org.networks.values().filter(|n| n.self_registration) {
        let profile = n
            .self_reg_profile
            .as_deref()
            .unwrap_or("the default external profile");
        let mut c = vec![Cause {
            span: n.at("selfRegistration"),
            what: format!("Network {} selfRegistration=true", n.name),
        }];
        let open = open_objects(cx, n.self_reg_profile.as_deref());
        let (severity, tail) = if open.is_empty() {
            (Severity::Low, String::new())
        } else {
            let names: Vec<String> = open
                .iter()
                .map(|(o, model, _, _)| format!("`{o}` ({model})"))
                .collect();
            for (o, model, span, via) in &open {
                c.push(Cause {
                    span: span.clone(),
                    what: format!("{o}: external org-wide default {model}"),
                });
                c.push(Cause {
                    span: via.span.clone(),
                    what: via.what.clone(),
                });
            }
            (
                Severity::High,
                format!(
                    "; its users can read every record of {} (external org-wide default)",
                    names.join(", ")
                ),
            )
        };
        let message = format!(
            "network `{}` lets anyone self-register as `{profile}`{tail}",
            n.name
        );
        out.push(rule, severity, message, c, None, None);
    }
}

/// Objects the self-registered users can read whose external OWD opens every record:
/// `(object, model, where the model is, the grant)`.
fn open_objects(cx: &Context<'_>, profile: Option<&str>) -> Vec<(String, String, Span, Cause)> {
    let holders: Vec<&PermissionHolder> = match profile.and_then(|p| find_profile(cx, p)) {
        Some(h) => vec![h],
        // The profile is not in the input: any set an external user could hold may be its.
        None => cx
            .org
            .permission_sets
            .values()
            .filter(|s| compatible_with_external(s))
            .collect(),
    };
    let mut out: Vec<(String, String, Span, Cause)> = Vec::new();
    for h in holders {
        for (object, perm) in h
            .objects
            .iter()
            .filter(|(_, p)| p.read || p.view_all || p.modify_all)
        {
            let Some((model, span, _)) = owd(cx.org, object, 0) else {
                continue;
            };
            if !matches!(
                model.as_str(),
                "Read" | "ReadSelect" | "ReadWrite" | "ReadWriteTransfer" | "FullAccess"
            ) || out.iter().any(|(o, ..)| o == object)
            {
                continue;
            }
            let kind = if h.kind == ajar_model::org::HolderKind::Profile {
                "profile"
            } else {
                "permission set"
            };
            let via = Cause {
                span: perm.span.clone(),
                what: format!("{kind} `{}` objectPermissions {object}: allowRead", h.name),
            };
            out.push((object.clone(), model, span, via));
        }
    }
    out
}

/// Profile names in `selfRegProfile` are written in lower case in retrieved networks
/// (Summit Events: `customer community login user`).
fn find_profile<'a>(cx: &Context<'a>, name: &str) -> Option<&'a PermissionHolder> {
    cx.org
        .profiles
        .values()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}
