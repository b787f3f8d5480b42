//! SITE-005: the secure guest access setting says false.

use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::LockdownMode;
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// `Sharing.settings` has `enableSecureGuestAccess` false.
    /// ## Why it matters
    /// Since API 50.0 (Winter '21) the setting is always on and the file value changes
    /// nothing: information only. For an `--as-of` date before the lockdown it meant the
    /// guest's record access was not secured (medium).
    /// ## Example
    /// ```xml
    /// <SharingSettings><enableSecureGuestAccess>false</enableSecureGuestAccess>
    /// ```
    /// ## How to fix
    /// Nothing to do today; retrieve settings again to get the current value.
    SecureGuestAccessFalse = "SITE-005", since "0.1.0", severity Info
}

fn check(rule: &SecureGuestAccessFalse, cx: &Context<'_>, out: &mut Findings) {
    let Some(setting) = cx.org.settings.get("Sharing.enableSecureGuestAccess") else {
        return;
    };
    if !setting.value.eq_ignore_ascii_case("false") {
        return;
    }
    let (severity, state) = match cx.mode() {
        LockdownMode::Post2021 => (
            Severity::Info,
            "inert since API 50.0, the setting is always on",
        ),
        LockdownMode::Pre2021 => (Severity::Medium, "guest record access was not secured"),
    };
    let message = format!("enableSecureGuestAccess is false: {state}");
    let c = vec![Cause {
        span: setting.span.clone(),
        what: "Sharing enableSecureGuestAccess=false".into(),
    }];
    out.push(rule, severity, message, c, None, None);
}
