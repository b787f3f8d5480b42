use super::*;

fn users() -> Table {
    table(
        "User",
        "005",
        "Name|LastLoginDate|Score__c|IsActive",
        &[
            "carol|2025-08-10T00:00:00.000Z|10|true",
            "Alice|2025-08-12T08:00:00.000Z|9|true",
            "bob||100|false",
            "dave|2025-08-11T00:00:00.000Z||true",
            "Eve|2025-08-09T00:00:00.000Z|9|true",
        ],
    )
}

#[test]
fn ascending_by_default_with_nulls_first() {
    let t = users();
    assert_eq!(
        rows_of("SELECT Id FROM User ORDER BY Name", &t),
        [2, 3, 1, 4, 5]
    );
    assert_eq!(
        rows_of("SELECT Id FROM User ORDER BY LastLoginDate", &t),
        [3, 5, 1, 4, 2]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM User ORDER BY LastLoginDate ASC NULLS LAST",
            &t
        ),
        [5, 1, 4, 2, 3]
    );
}

#[test]
fn descending_keeps_nulls_first_unless_told() {
    // The SOQL reference: "By default, null values are sorted first", whatever the direction.
    let t = users();
    assert_eq!(
        rows_of("SELECT Id FROM User ORDER BY LastLoginDate DESC", &t),
        [3, 2, 4, 1, 5]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM User ORDER BY LastLoginDate DESC NULLS LAST",
            &t
        ),
        [2, 4, 1, 5, 3]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM User ORDER BY LastLoginDate DESC NULLS FIRST",
            &t
        ),
        [3, 2, 4, 1, 5]
    );
}

#[test]
fn numbers_sort_numerically_and_later_keys_break_ties() {
    let t = users();
    assert_eq!(
        rows_of(
            "SELECT Id FROM User ORDER BY Score__c DESC NULLS LAST, Name",
            &t
        ),
        [3, 1, 2, 5, 4]
    );
}

#[test]
fn the_drift_recon_query_returns_the_last_logged_in_users() {
    let t = users();
    let q = "SELECT Id, Name FROM User WHERE IsActive=true ORDER BY LastLoginDate DESC NULLS LAST LIMIT 2";
    assert_eq!(rows_of(q, &t), [2, 4]);
    let sel = run(q, &t).unwrap();
    assert_eq!(sel.count, 2);
}

#[test]
fn limit_and_offset_cut_the_ordered_rows() {
    let t = users();
    assert_eq!(
        rows_of("SELECT Id FROM User ORDER BY Name LIMIT 2", &t),
        [2, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM User ORDER BY Name LIMIT 2 OFFSET 2", &t),
        [1, 4]
    );
    assert_eq!(
        rows_of("SELECT Id FROM User ORDER BY Name OFFSET 4", &t),
        [5]
    );
    assert!(rows_of("SELECT Id FROM User ORDER BY Name OFFSET 9", &t).is_empty());
    assert!(rows_of("SELECT Id FROM User LIMIT 0", &t).is_empty());
    // A limit above the row count leaves every row.
    assert_eq!(rows_of("SELECT Id FROM User LIMIT 10", &t), [1, 2, 3, 4, 5]);
}

#[test]
fn a_limit_without_order_gives_candidates_not_a_guess() {
    let t = users();
    let sel = run("SELECT Id FROM User LIMIT 2", &t).unwrap();
    assert!(!sel.is_exact());
    assert!(sel.ids.is_empty());
    assert_eq!(numbers(&sel.candidates), [1, 2, 3, 4, 5]);
    assert_eq!(sel.count, 2);
}

#[test]
fn a_limit_through_equal_keys_makes_only_the_tied_rows_candidates() {
    let t = users();
    // Scores 9 (Alice, Eve) tie across the cut after three rows.
    let sel = run(
        "SELECT Id FROM User ORDER BY Score__c DESC NULLS LAST LIMIT 3",
        &t,
    )
    .unwrap();
    assert_eq!(numbers(&sel.ids), [3, 1]);
    assert_eq!(numbers(&sel.candidates), [2, 5]);
    assert_eq!(sel.count, 3);
    // Text ties without regard to case.
    let t = table("Lead", "00Q", "Name", &["smith", "SMITH", "jones"]);
    assert_eq!(
        rows_of("SELECT Id FROM Lead ORDER BY Name OFFSET 1", &t),
        [1, 2]
    );
    let sel = run("SELECT Id FROM Lead ORDER BY Name OFFSET 2", &t).unwrap();
    assert!(sel.ids.is_empty());
    assert_eq!(numbers(&sel.candidates), [1, 2]);
    assert_eq!(sel.count, 1);
}

#[test]
fn records_created_after_the_query_are_left_out() {
    let t = table(
        "Case",
        "500",
        "Subject|CreatedDate",
        &[
            "a|2025-08-12T09:59:59.000Z",
            "b|2025-08-12T10:00:00.000Z",
            "c|2025-08-12T10:00:01.000Z",
        ],
    );
    assert_eq!(rows_of("SELECT Id FROM Case", &t), [1, 2]);
    assert_eq!(run("SELECT COUNT() FROM Case", &t).unwrap().count, 2);
}

#[test]
fn deleted_records_count_only_for_query_all() {
    let t = table("Case", "500", "IsDeleted", &["false", "true", "false"]);
    assert_eq!(rows_of("SELECT Id FROM Case", &t), [1, 3]);
    let ctx = Context {
        include_deleted: true,
        ..Context::new(at())
    };
    let sel = evaluate(&parse("SELECT Id FROM Case").unwrap(), &t, &ctx).unwrap();
    assert_eq!(numbers(&sel.ids), [1, 2, 3]);
}

#[test]
fn counts_count_matching_records_and_non_null_fields() {
    let t = users();
    let sel = run("SELECT COUNT() FROM User WHERE IsActive = true", &t).unwrap();
    assert_eq!(sel.count, 4);
    assert_eq!(numbers(&sel.ids), [1, 2, 4, 5]);
    assert_eq!(
        run("SELECT COUNT(Score__c) FROM User", &t).unwrap().count,
        4
    );
    assert_eq!(run("SELECT COUNT(Id) FROM User", &t).unwrap().count, 5);
    // A limit above the count changes nothing; one below is refused.
    assert_eq!(
        run("SELECT COUNT() FROM User LIMIT 10", &t).unwrap().count,
        5
    );
    let r = refused("SELECT COUNT() FROM User LIMIT 3", &t);
    assert!(r.contains("`LIMIT` or `OFFSET` on a `COUNT` query"), "{r}");
}

#[test]
fn access_clauses_and_for_view_return_the_same_rows() {
    let t = users();
    let plain = rows_of(
        "SELECT Id FROM User WHERE IsActive = true ORDER BY Name",
        &t,
    );
    for tail in [
        "WITH SECURITY_ENFORCED",
        "WITH USER_MODE",
        "WITH SYSTEM_MODE",
    ] {
        let q = format!("SELECT Id FROM User WHERE IsActive = true {tail} ORDER BY Name");
        assert_eq!(rows_of(&q, &t), plain, "{tail}");
    }
    let q = "SELECT Id FROM User WHERE IsActive = true ORDER BY Name FOR VIEW";
    assert_eq!(rows_of(q, &t), plain);
}
