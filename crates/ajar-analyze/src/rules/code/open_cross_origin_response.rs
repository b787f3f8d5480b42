//! CODE-005: a guest-reachable response any web site may read (CORS `*`, JSONP).

use super::{can, cause};
use crate::rules::guest::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::code::OpenResponseKind;
use ajar_model::finding::Severity;
use ajar_model::span::{Cause, Span};

rule! {
    /// ## What it checks
    /// An entry point a guest can call (Apex REST, a Visualforce controller, a remote or
    /// Aura action) sets `Access-Control-Allow-Origin: *` on its response
    /// (`addHeader`, `getHeaders().put`), or wraps its response in a callback name taken
    /// from the request (JSONP: `params.get('callback')` written into `responseBody`).
    /// ## Why it matters
    /// Either one lets any web site read the response from a visitor's browser, and JSONP
    /// also lets the caller choose the script that runs. Combined with data the guest can
    /// read, another site can harvest it silently; combined with a record ID from the client
    /// (CODE-004), it can walk through records.
    /// ## Example
    /// ```apex
    /// @HttpGet global static void feed() {
    ///     RestContext.response.addHeader('Access-Control-Allow-Origin', '*');
    /// }
    /// ```
    /// ## How to fix
    /// Name the allowed origins (Setup → CORS allowlist, or the exact origin in the
    /// header), return JSON rather than JSONP, and never echo a callback name from the
    /// request.
    OpenCrossOriginResponse = "CODE-005", since "0.1.0", severity Medium
}

fn check(rule: &OpenCrossOriginResponse, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for e in p.code.iter().filter(|e| !e.open_responses.is_empty()) {
            let kinds: Vec<&str> = e
                .open_responses
                .iter()
                .map(|o| match o.kind {
                    OpenResponseKind::CorsWildcard => "sets `Access-Control-Allow-Origin: *`",
                    OpenResponseKind::JsonpCallback => {
                        "wraps its response in a callback named by the request (JSONP)"
                    }
                })
                .collect();
            let mut causes = vec![cause(e)];
            causes.extend(e.open_responses.iter().map(|o| Cause {
                span: Span::new(e.span.file.clone(), o.line),
                what: match o.kind {
                    OpenResponseKind::CorsWildcard => "Access-Control-Allow-Origin: *".to_owned(),
                    OpenResponseKind::JsonpCallback => {
                        "callback name from the request written into the response".to_owned()
                    }
                },
            }));
            let message = format!(
                "{} {} call `{}`, which {}: any web site can read its response",
                who(p),
                can(e),
                e.entry,
                kinds.join(" and ")
            );
            out.push(rule, Severity::Medium, message, causes, Some(p), None);
        }
    }
}
