//! `logs/SetupAuditTrail.csv`: the Setup → View Setup Audit Trail download, 180 days up to the
//! export (formats.md §2.5). Columns `Date,User,Source Namespace Prefix,Action,Section,Delegate
//! User`, newest first. `Date` is in the downloader's locale and zone; this generator writes the
//! en_US form in Asia/Tokyo (`11/26/2020, 3:14:07 PM JST`), so read it with `--locale en_US
//! --tz Asia/Tokyo`. `Action` is the English sentence of the UI.

use crate::csvw::Row;
use crate::plan::{DAY_MS, Day, GUEST_PROFILE, JST_MS, Plan};
use crate::rng::stream;
use crate::world::{ADMIN, World};
use crate::{Stats, SynthError};
use rand::Rng as _;
use std::path::Path;

const ORDINARY: &[(&str, &str)] = &[
    (
        "Changed Apex Class code: ApplicationReminderBatch",
        "Apex Class",
    ),
    (
        "Changed Application Layout page layout for Balance Transfer Application",
        "Customize Balance Transfer Applications",
    ),
    (
        "Changed picklist values for Device Type on Balance Transfer Application",
        "Customize Balance Transfer Applications",
    ),
    (
        "Reset password for ops03@emoney-rescue.example.jp",
        "Manage Users",
    ),
    (
        "Changed email template Application Received",
        "Email Templates",
    ),
    (
        "Changed report type Applications with Status",
        "Report Types",
    ),
    (
        "Changed Session Settings: Lock sessions to the IP address from which they originated from Disabled to Enabled",
        "Session Settings",
    ),
    (
        "Created new list view Open Applications for Balance Transfer Application",
        "Customize Balance Transfer Applications",
    ),
];

/// The closure: what the admin changed on the fix day, in the UI's words.
fn closure_actions() -> Vec<(String, &'static str)> {
    let mut v = Vec::new();
    for f in ["Applicant Name", "Broken Device Phone", "E-money Number"] {
        v.push((
            format!("Changed profile {GUEST_PROFILE}: field-level security for Balance Transfer Application: {f} was changed from Read Only to No Access"),
            "Manage Users",
        ));
    }
    v.push((
        format!("Changed profile {GUEST_PROFILE}: object permissions for Balance Transfer Application changed from Read, Create to No Access"),
        "Manage Users",
    ));
    v.push((
        format!(
            "Changed profile {GUEST_PROFILE}: removed Visualforce page access ApplicationStatus"
        ),
        "Manage Users",
    ));
    v
}

/// en_US date-time in JST: `11/26/2020, 3:14:07 PM JST`.
fn us_date(ms: i64) -> String {
    let local = ms + JST_MS;
    let day = Day::of_ms(local);
    let (y, m, d) = day.civil();
    let sec = (local - day.ms()) / 1000;
    let (h, mi, s) = (sec / 3600, sec / 60 % 60, sec % 60);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{m}/{d}/{y}, {h12}:{mi:02}:{s:02} {ampm} JST")
}

pub(crate) fn write(
    plan: &Plan,
    world: &World,
    path: &Path,
    stats: &mut Stats,
) -> Result<u64, SynthError> {
    let mut r = stream(plan.seed, "audit", 0);
    let admin = world
        .users
        .get(ADMIN)
        .map(|u| u.username.clone())
        .unwrap_or_default();
    let mut rows: Vec<(i64, String, &str)> = Vec::new();
    let end = plan.export_day.ms();
    let start = end - 180 * DAY_MS;
    let mut t = start + r.random_range(0..3 * DAY_MS);
    while t < end {
        let (a, s) = ORDINARY
            .get(r.random_range(0..ORDINARY.len()))
            .copied()
            .unwrap_or(("", ""));
        rows.push((t, a.to_string(), s));
        t += r.random_range(DAY_MS / 2..5 * DAY_MS);
    }
    for (k, (a, s)) in closure_actions().into_iter().enumerate() {
        rows.push((plan.fix_ms - 90_000 + k as i64 * 17_000, a, s));
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut buf =
        b"\"Date\",\"User\",\"Source Namespace Prefix\",\"Action\",\"Section\",\"Delegate User\"\n"
            .to_vec();
    for (ms, action, section) in &rows {
        Row::new(&mut buf)
            .s(&us_date(*ms))
            .s(&admin)
            .s("")
            .s(action)
            .s(section)
            .s("")
            .end();
    }
    stats.write(path, &buf)?;
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jst_en_us() {
        let ms = Day::ymd(2020, 11, 26).ms() + 6 * 3_600_000 + 14 * 60_000 + 7_000;
        assert_eq!(us_date(ms), "11/26/2020, 3:14:07 PM JST");
        assert_eq!(
            us_date(Day::ymd(2020, 11, 26).ms() + 15 * 3_600_000),
            "11/27/2020, 12:00:00 AM JST"
        );
    }
}
