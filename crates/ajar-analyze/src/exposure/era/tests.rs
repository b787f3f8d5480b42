//! The era table on both sides of each change (issue #20).

use super::*;
use ajar_model::org::Setting;

fn org(settings: &[(&str, &str)]) -> Org {
    let mut o = Org::default();
    for (k, v) in settings {
        o.settings.insert(
            (*k).to_owned(),
            Setting {
                value: (*v).to_owned(),
                span: ajar_model::span::Span::default(),
            },
        );
    }
    o
}

#[test]
fn view_all_users_leaves_guests_with_summer_20_issue_20_item_5() {
    let o = org(&[]);
    assert!(Era::at(&o, date(2020, 7, 17)).view_all_users);
    assert!(!Era::at(&o, date(2020, 7, 18)).view_all_users);
    // Before Winter '21, where the old lockdown date put it.
    assert!(!Era::at(&o, date(2020, 9, 1)).view_all_users);
}

#[test]
fn rollout_dates_are_stated_issue_20_item_12() {
    let o = org(&[]);
    let inside = Era::at(&o, date(2020, 9, 20));
    assert_eq!(inside.gaps.len(), 1, "{:?}", inside.gaps);
    assert!(inside.gaps.iter().all(|g| g.kind == "release-rollout"));
    assert!(
        inside.gaps.iter().any(|g| g.message.contains("Winter '21")),
        "{:?}",
        inside.gaps
    );
    // The rules before the release apply inside it.
    assert!(!inside.secure_owd.on || inside.secure_owd.why.contains("enableSecureGuestAccess"));
    assert!(inside.object_perms_kept.on);
    assert!(Era::at(&o, date(2020, 10, 10)).gaps.is_empty());
    assert!(Era::at(&o, date(2020, 9, 11)).gaps.is_empty());
    assert_eq!(crate::exposure::LOCKDOWN, date(2020, 10, 10));
}

#[test]
fn secure_guest_access_before_enforcement_issue_20_item_3() {
    let on = org(&[("Sharing.enableSecureGuestAccess", "true")]);
    let off = org(&[("Sharing.enableSecureGuestAccess", "false")]);
    // Before Winter '20 the setting did not exist: a value in the file changes nothing.
    assert!(!Era::at(&on, date(2019, 6, 1)).secure_owd.on);
    // Winter '20 to Winter '21: the file decides.
    assert!(Era::at(&on, date(2020, 1, 15)).secure_owd.on);
    assert!(!Era::at(&off, date(2020, 1, 15)).secure_owd.on);
    assert!(!Era::at(&off, date(2020, 8, 1)).secure_owd.on);
    // Absent after Summer '20: on unless opted out; neither known is a stated assumption.
    let no_opt_out = org(&[("Communities.enableGuestSecurityOptOutCruc", "false")]);
    assert!(Era::at(&no_opt_out, date(2020, 8, 1)).secure_owd.on);
    let unknown = Era::at(&org(&[]), date(2020, 8, 1));
    assert!(!unknown.secure_owd.on);
    assert!(unknown.secure_owd.unsure.is_some());
    assert!(
        Era::at(&org(&[]), date(2020, 3, 1))
            .secure_owd
            .unsure
            .is_none()
    );
    // From Winter '21 the file value is inert.
    assert!(Era::at(&off, date(2020, 10, 10)).secure_owd.on);
}

#[test]
fn object_permission_opt_out_window_issue_20_item_4() {
    let opted = org(&[("Communities.enableGuestPermDisOptOutCruc", "true")]);
    let not = org(&[("Communities.enableGuestPermDisOptOutCruc", "false")]);
    assert!(Era::at(&not, date(2020, 10, 9)).object_perms_kept.on);
    assert!(!Era::at(&not, date(2020, 11, 1)).object_perms_kept.on);
    assert!(Era::at(&opted, date(2020, 11, 1)).object_perms_kept.on);
    assert!(!Era::at(&opted, date(2021, 2, 13)).object_perms_kept.on);
    let unknown = Era::at(&org(&[]), date(2020, 11, 1));
    assert!(unknown.object_perms_kept.on);
    assert!(unknown.object_perms_kept.unsure.is_some());
    assert!(
        Era::at(&org(&[]), date(2021, 3, 1))
            .object_perms_kept
            .unsure
            .is_none()
    );
}

#[test]
fn guest_licence_limits_standard_objects_issue_20_item_9() {
    assert!(!guest_licence_allows_wide("Case"));
    assert!(!guest_licence_allows_wide("Account"));
    assert!(guest_licence_allows_wide("Order"));
    assert!(guest_licence_allows_wide("Application__c"));
    assert!(guest_licence_allows_wide("ns__Thing__C"));
    let e = Era::at(&org(&[]), date(2019, 6, 1));
    assert!(!e.guest_wide_perm_effective("Case"));
    assert!(e.guest_wide_perm_effective("Application__c"));
}

#[test]
fn guest_ownership_of_new_records_issue_20_item_1() {
    let vf = Site {
        name: "Apply".into(),
        site_type: Some("Visualforce".into()),
        ..Site::default()
    };
    let net = Site {
        name: "Help".into(),
        site_type: Some("ChatterNetwork".into()),
        ..Site::default()
    };
    let none = org(&[]);
    assert!(
        Era::at(&none, date(2016, 1, 15))
            .guest_owns_new_records(&none, Some(&vf))
            .on
    );
    assert!(
        !Era::at(&none, date(2020, 10, 10))
            .guest_owns_new_records(&none, Some(&vf))
            .on
    );
    let reassign = org(&[("Site.enableSitesRecordReassignOrgPref", "true")]);
    let e = Era::at(&reassign, date(2020, 8, 1));
    assert!(!e.guest_owns_new_records(&reassign, Some(&vf)).on);
    // The Sites setting says nothing of an Experience site.
    assert!(e.guest_owns_new_records(&reassign, Some(&net)).on);
    let auto = org(&[("Communities.enableGuestSecurityOptOutCruc", "false")]);
    assert!(
        !Era::at(&auto, date(2020, 8, 1))
            .guest_owns_new_records(&auto, Some(&net))
            .on
    );
    assert!(
        Era::at(&auto, date(2020, 3, 1))
            .guest_owns_new_records(&auto, Some(&net))
            .on
    );
}
