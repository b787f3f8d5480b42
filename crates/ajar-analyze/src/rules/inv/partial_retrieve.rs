//! INV-001: part of the org is not in the input.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

/// Gap kinds that mean "a piece of the answer is missing".
const KINDS: &[&str] = &[
    "partial-profile",
    "missing-object",
    "missing-code",
    "unknown-site",
    "duplicate-component",
    "declared-not-retrieved",
    "unreadable-manifest",
];

rule! {
    /// ## What it checks
    /// A profile without object or field permissions (a partial retrieve), an object that is
    /// granted but not in the input, a guest sharing rule naming a site that is not in the
    /// input, a component defined twice, or a member a `package.xml` declares that the tree
    /// lacks ("declared, not retrieved"), or a `package.xml` that cannot be read.
    /// ## Why it matters
    /// A retrieve contains object permissions only for the objects in the same retrieve:
    /// absent is not denied. A scan of a partial tree under-reports, silently, unless it says
    /// what it did not see.
    /// ## Example
    /// A 1.3 MB profile re-retrieved with only `userPermissions` (GSA `_HEAD_fcb9670`).
    /// ## How to fix
    /// Retrieve profiles together with every object they grant (`sf project retrieve start
    /// -m Profile -m CustomObject`), and the sites.
    PartialRetrieve = "INV-001", since "0.1.0", severity Info
}

fn check(rule: &PartialRetrieve, cx: &Context<'_>, out: &mut Findings) {
    for g in cx
        .report
        .coverage
        .iter()
        .filter(|g| KINDS.contains(&g.kind.as_str()))
    {
        let c = vec![Cause {
            span: g.span.clone().unwrap_or_default(),
            what: g.kind.clone(),
        }];
        out.push(rule, Severity::Info, g.message.clone(), c, None, None);
    }
}
