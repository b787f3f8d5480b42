//! SITE-004: a network lets anyone self-register.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A network with `selfRegistration` on: anyone can create an external user with the
    /// `selfRegProfile` (or the default) profile.
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
        let message = format!(
            "network `{}` lets anyone self-register as `{profile}`",
            n.name
        );
        let c = vec![Cause {
            span: n.span.clone(),
            what: format!("Network {} selfRegistration=true", n.name),
        }];
        out.push(rule, Severity::Low, message, c, None, None);
    }
}
