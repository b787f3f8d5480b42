//! Rules about code a guest can run: Apex entry points and flows (formats.md §1.7).

mod apex_without_sharing_guest;
mod client_record_id_without_sharing;
mod dynamic_soql_guest;
mod flow_without_sharing_guest;
mod open_cross_origin_response;

pub use apex_without_sharing_guest::ApexWithoutSharingGuest;
pub use client_record_id_without_sharing::ClientRecordIdWithoutSharing;
pub use dynamic_soql_guest::DynamicSoqlGuest;
pub use flow_without_sharing_guest::FlowWithoutSharingGuest;
pub use open_cross_origin_response::OpenCrossOriginResponse;

use ajar_model::exposure::CodeEntry;
use ajar_model::span::Cause;

/// The entry's own location and mode, as a cause.
pub(crate) fn cause(e: &CodeEntry) -> Cause {
    let candidate = if e.candidate {
        " (granted only by a candidate permission set)"
    } else {
        ""
    };
    Cause {
        span: e.span.clone(),
        what: format!(
            "`{}` runs {} sharing: {}{candidate}",
            e.entry,
            mode(e.sharing),
            e.sharing_reason
        ),
    }
}

/// "can", or for an entry granted only by candidate permission sets, "could, through a
/// candidate permission set,".
pub(crate) fn can(e: &CodeEntry) -> &'static str {
    if e.candidate {
        "could, through a candidate permission set,"
    } else {
        "can"
    }
}

fn mode(s: ajar_model::exposure::SharingMode) -> &'static str {
    match s {
        ajar_model::exposure::SharingMode::With => "with",
        ajar_model::exposure::SharingMode::Without => "without",
        ajar_model::exposure::SharingMode::Inherited => "inherited",
    }
}

/// `Object.Field` list, shortened.
pub(crate) fn reads(e: &CodeEntry) -> String {
    let shown: Vec<&str> = e.reads.iter().take(6).map(String::as_str).collect();
    let more = e.reads.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
