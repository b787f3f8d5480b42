//! A row's head: its time, event type, user and principal class, read from every row before
//! deciding whether the row is worth more work.

use super::principal::{self, Reason};
use super::slots::TextCache;
use super::{Context, RowSkip, ids, time};
use ajar_model::event::PrincipalClass;
use ajar_model::logrow::{Field, LogRow};
use ajar_model::sfid::SfId;

/// The cheap facts of a row, read before deciding whether the row is worth more work.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head<'a> {
    pub(crate) time: jiff::Timestamp,
    pub(crate) event_type: &'a str,
    pub(crate) principal: PrincipalClass,
    pub(crate) reason: Reason,
    pub(crate) user_id: Option<SfId>,
    /// `USER_TYPE` when it decided the class (`Reason::UserTypeName`, `Reason::UserTypeCode`):
    /// the event's reason quotes it, and it is not read twice.
    pub(crate) user_type: Option<&'a str>,
}

/// What the previous rows' heads found, for the next: a log's rows come in time order and
/// repeat their users, so most rows share the last row's date and one of a few users (issue
/// #19). [`HeadCache::default`] remembers no values (and allocates nothing), for a head read
/// alone.
#[derive(Debug, Default)]
pub(crate) struct HeadCache {
    day: time::DayCache,
    /// `USER_ID_DERIVED` values: their ID and whether it is a guest's.
    derived: TextCache<(Option<SfId>, bool)>,
    /// `USER_ID` values, the same.
    user: TextCache<(Option<SfId>, bool)>,
    /// `USER_TYPE` values and what they say.
    user_type: TextCache<(PrincipalClass, Reason)>,
}

/// How many user IDs a [`HeadCache`] keeps per column: in this crate's unit tests 2, so that
/// values share slots and push each other out.
const USERS: usize = if cfg!(test) { 2 } else { 64 };

impl HeadCache {
    /// A cache for the rows of a hunt.
    pub(crate) fn new() -> Self {
        Self {
            day: time::DayCache::default(),
            derived: TextCache::new(USERS),
            user: TextCache::new(USERS),
            user_type: TextCache::new(8),
        }
    }
}

/// A value read as one ID ([`ids::one`]), and whether it is one of `ctx`'s guest users.
fn user(v: &str, ctx: &Context) -> (Option<SfId>, bool) {
    let id = ids::one(v);
    (id, id.is_some_and(|u| ctx.guest_users.contains(&u)))
}

/// Time: `TIMESTAMP_DERIVED` when it parses, else `TIMESTAMP`, else `EventDate` (formats.md
/// §2.1: the derived value is preferred but may be empty, trap 20).
fn row_time(row: &dyn LogRow, day: &mut time::DayCache) -> Option<jiff::Timestamp> {
    row.get(Field::TimestampDerived)
        .and_then(|v| time::parse_iso_cached(v, day))
        .or_else(|| row.get(Field::Timestamp).and_then(time::parse_elf))
        .or_else(|| row.get(Field::EventDate).and_then(time::parse_iso))
}

/// A row's head, with nothing carried over from other rows.
pub(crate) fn head<'a>(row: &'a dyn LogRow, ctx: &Context) -> Result<Head<'a>, RowSkip> {
    head_cached(row, ctx, &mut HeadCache::default())
}

/// A row's head, reusing what `cache` kept of the previous rows'.
pub(crate) fn head_cached<'a>(
    row: &'a dyn LogRow,
    ctx: &Context,
    cache: &mut HeadCache,
) -> Result<Head<'a>, RowSkip> {
    let time = row_time(row, &mut cache.day).ok_or(RowSkip::NoTime)?;
    let (user_id, guest) = match row
        .get(Field::UserIdDerived)
        .map(|v| cache.derived.get(v, |v| user(v, ctx)))
    {
        Some((Some(id), guest)) => (Some(id), guest),
        _ => row
            .get(Field::UserId)
            .map_or((None, false), |v| cache.user.get(v, |v| user(v, ctx))),
    };
    // A guest user ID decides first: rows without USER_TYPE (ApexExecution, ApiEvent...) are
    // classed by it (formats.md §2.2, trap 25).
    let mut user_type = None;
    let (principal, reason) = if guest {
        (PrincipalClass::Guest, Reason::GuestUserId)
    } else if row.get(Field::IsGuest) == Some("1") {
        (PrincipalClass::Guest, Reason::IsGuest)
    } else if let Some(t) = row.get(Field::UserType) {
        user_type = Some(t);
        cache.user_type.get(t, principal::from_user_type)
    } else if let Some(t) = user_id.and_then(|u| ctx.user_types.get(&u)) {
        // Rows without a user type (ApiEvent, BulkApi...) of any user the export lists.
        (principal::from_user_type(t).0, Reason::UserExport)
    } else {
        (PrincipalClass::Unknown, Reason::NoUserType)
    };
    Ok(Head {
        time,
        event_type: row.event_type().unwrap_or("unknown"),
        principal,
        reason,
        user_id,
        user_type,
    })
}
