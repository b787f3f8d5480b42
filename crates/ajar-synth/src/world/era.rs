//! The applications under the platform rules of their dates (issue #20, item 13; the eras in
//! `docs/eras.md`). Until the default owner came into force, everything a visitor filed through
//! the form was owned by the site's guest user, and the guest profile's Read showed all of it to
//! every visitor; from then on new guest records went to a default owner the guest cannot read
//! (formats.md §1.10). Staff-created applications are never guest-owned.
//!
//! Applied after every application has been drawn, with a stream of its own, so that the names,
//! numbers and repeat applicants of a seed (and so its person count) do not move.

use super::{App, DEFAULT_OWNER, DEVICES, GUEST, Kind, MEMOS, STATUSES, pick, when};
use crate::ids::id15;
use crate::people::{Person, emoney};
use crate::plan::{Day, KEY_PREFIX, Plan, default_owner_day};
use crate::rng::stream;
use rand::Rng as _;

/// Exposed applications are filed before the default owner; the form's later applications go
/// to it; owners follow; IDs are handed out again in creation order.
pub(super) fn apply(plan: &Plan, apps: &mut Vec<App>, mut counter: u64) {
    let cutoff = default_owner_day();
    let cutoff_ms = cutoff.ms();
    if plan.fix_ms > cutoff_ms {
        squeeze_exposed(plan, apps, cutoff);
        let span = u64::try_from(plan.fix_ms - plan.opened_ms)
            .unwrap_or(1)
            .max(1);
        let after = u64::try_from(plan.fix_ms - cutoff_ms).unwrap_or(0);
        let filed = u64::from(plan.exposed) * after / span;
        let mut r = stream(plan.seed, "apps-default-owner", 0);
        for _ in 0..filed {
            counter += r.random_range(1..4);
            let ms = when(&mut r, cutoff, plan.closure, cutoff_ms, plan.fix_ms);
            let person = Person::random(&mut r);
            apps.push(App {
                id: id15(KEY_PREFIX, counter),
                created_ms: ms,
                kind: Kind::DefaultOwned,
                name: person.name(false),
                phone: person.phone(true),
                person_key: format!("{}{}|{}", person.family, person.given, person.phone(false)),
                emoney: emoney(&mut r),
                email: None,
                birth_day: person.birth_day,
                device: pick(&mut r, DEVICES),
                channel: "Web",
                status: pick(&mut r, STATUSES),
                memo: pick(&mut r, MEMOS),
                owner: DEFAULT_OWNER,
                created_by: GUEST,
                handler: super::FIRST_STAFF + r.random_range(0..super::STAFF),
            });
        }
    }
    for a in apps.iter_mut() {
        a.owner = if a.created_by != GUEST {
            a.handler
        } else if a.created_ms < cutoff_ms {
            GUEST
        } else {
            DEFAULT_OWNER
        };
    }
    let mut ids: Vec<[u8; 15]> = apps.iter().map(|a| a.id).collect();
    ids.sort_unstable();
    apps.sort_by_key(|a| a.created_ms);
    for (a, id) in apps.iter_mut().zip(ids) {
        a.id = id;
    }
}

/// Moves each exposed application's day into the days before `cutoff`, keeping the order of
/// days and the time of day (so 00:00–14:59 UTC still holds); only the first day's applications
/// stay on the first day, after the exposing commit.
fn squeeze_exposed(plan: &Plan, apps: &mut [App], cutoff: Day) {
    let days = plan.closure.0 - plan.window_start.0 + 1;
    let before = cutoff.0 - plan.window_start.0;
    if before <= 0 || days <= 0 {
        return;
    }
    for a in apps.iter_mut().filter(|a| a.kind == Kind::Exposed) {
        let day = Day::of_ms(a.created_ms);
        let d = day.0 - plan.window_start.0;
        let moved = ((d * before + days - 1) / days).min(before - 1);
        a.created_ms = plan.window_start.plus(moved).ms() + (a.created_ms - day.ms());
    }
}
