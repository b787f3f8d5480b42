//! A row's whole event written over a previous row's, keeping its buffers: a hunt over every
//! principal builds an event for nearly every row, and a dozen strings allocated and freed per
//! row were about a tenth of it (issue #19).

use super::principal::{Reason, describe_into};
use super::{Context, Head, evidence, ids, put, refill_api};
use ajar_model::event::AccessEvent;
use ajar_model::logrow::{Field, LogRow};
use std::fmt::Write as _;

/// Writes the event of a row whose head is known over `ev` (every field); returns whether
/// `Records` was cut. The same values as a freshly built event. `ip` is the row's
/// [`super::client_ip`].
pub(crate) fn refill(
    ev: &mut AccessEvent,
    row: &dyn LogRow,
    h: &Head<'_>,
    file: &str,
    ctx: &Context,
    ip: Option<std::net::IpAddr>,
) -> bool {
    ev.record_ids.clear();
    ev.objects.clear();
    let found = evidence(row, ctx, &mut ev.record_ids, &mut ev.objects);
    ev.time = h.time;
    ev.event_type.clear();
    ev.event_type.push_str(h.event_type);
    ev.principal = h.principal;
    match h.reason {
        Reason::UserExport => {
            ev.principal_reason.clear();
            // Writing into a String cannot fail.
            let _ = write!(
                ev.principal_reason,
                "UserType {} in the User export",
                h.user_id
                    .and_then(|u| ctx.user_types.get(&u))
                    .map_or("", String::as_str)
            );
        }
        // The head read `USER_TYPE` when it decided the class.
        r => describe_into(r, h.user_type, &mut ev.principal_reason),
    }
    // The row's user: its validated ID, else the value as logged; its IP, country, outcome.
    super::put_who(ev, row, h, ip);
    put(&mut ev.uri, found.uri);
    put(&mut ev.request_id, row.get(Field::RequestId));
    // Only a row without a user type is ever joined by its session.
    put(
        &mut ev.session_key,
        (h.reason == Reason::NoUserType)
            .then(|| row.get(Field::SessionKey))
            .flatten(),
    );
    put(&mut ev.user_agent, row.get(Field::UserAgent));
    match row.get(Field::ActionMessage) {
        Some(v) => ids::aura_actions(v, &mut ev.actions),
        None => ev.actions.clear(),
    }
    if ctx.api_detail {
        let mut api = ev.api.take().unwrap_or_default();
        refill_api(&mut api, row);
        ev.api = (!api.is_empty()).then_some(api);
    } else {
        ev.api = None;
    }
    ev.source.file.clear();
    ev.source.file.push_str(file);
    ev.source.line = row.line();
    found.truncated
}
