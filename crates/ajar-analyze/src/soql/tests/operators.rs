use super::*;

/// Five contacts; row 4 has empty values.
fn contacts() -> Table {
    table(
        "Contact",
        "003",
        "Name|Amount__c|Active__c|Birthdate|LastSeen__c|Tags__c|AccountId",
        &[
            "Ann Lee|10|true|1990-05-01|2025-08-12T09:00:00.000Z|Red;Blue|001000000000001",
            "bob stone|9|false|1985-12-31|2025-08-11T23:00:00.000Z|Blue|001000000000002",
            "CARL_100%|100.5|1|2001-01-01|2025-08-12T10:00:00.000Z|Green;Red;Blue|",
            "||||||",
            "Dana|-2|0|1990-05-01|2024-01-01T00:00:00.000Z|red|001000000000009",
        ],
    )
}

#[test]
fn equals_ignores_case_for_text() {
    let t = contacts();
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name = 'BOB STONE'", &t),
        [2]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE name = 'ann lee'", &t),
        [1]
    );
}

#[test]
fn not_equals_in_both_spellings_includes_null_values() {
    let t = contacts();
    let want = [1, 3, 4, 5];
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name != 'Bob Stone'", &t),
        want
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name <> 'Bob Stone'", &t),
        want
    );
}

#[test]
fn numbers_compare_numerically() {
    let t = contacts();
    // As text, "9" > "10"; as numbers it is not.
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Amount__c > 9", &t),
        [1, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Amount__c >= 9", &t),
        [1, 2, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Amount__c < 9", &t),
        [5]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Amount__c <= 9.0", &t),
        [2, 5]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Amount__c = 100.50", &t),
        [3]
    );
}

#[test]
fn text_orders_without_regard_to_case() {
    let t = contacts();
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name < 'C'", &t),
        [1, 2]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name >= 'c'", &t),
        [3, 5]
    );
}

#[test]
fn checkboxes_read_true_false_and_one_zero() {
    let t = contacts();
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Active__c = true", &t),
        [1, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Active__c = FALSE", &t),
        [2, 5]
    );
}

#[test]
fn dates_and_date_times_compare_by_day_and_instant() {
    let t = contacts();
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Birthdate = 1990-05-01", &t),
        [1, 5]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Birthdate > 1990-05-01", &t),
        [3]
    );
    // 19:00 at +09:00 is 10:00 UTC.
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE LastSeen__c >= 2025-08-12T19:00:00+09:00",
            &t
        ),
        [3]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE LastSeen__c < 2025-08-12T00:00:00Z",
            &t
        ),
        [2, 5]
    );
}

#[test]
fn null_matches_empty_values_and_comparisons_with_null_are_false() {
    let t = contacts();
    assert_eq!(rows_of("SELECT Id FROM Contact WHERE Name = null", &t), [4]);
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name != null", &t),
        [1, 2, 3, 5]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Amount__c < 1000", &t),
        [1, 2, 3, 5]
    );
    assert!(rows_of("SELECT Id FROM Contact WHERE Amount__c > null", &t).is_empty());
}

#[test]
fn in_and_not_in() {
    let t = contacts();
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE Name IN ('dana', 'Ann Lee', 'nobody')",
            &t
        ),
        [1, 5]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE Name NOT IN ('dana', 'Ann Lee')",
            &t
        ),
        [2, 3, 4]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Amount__c IN (9, 10)", &t),
        [1, 2]
    );
}

#[test]
fn like_wildcards_ignore_case_and_honour_escapes() {
    let t = contacts();
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name LIKE 'a%'", &t),
        [1]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name LIKE '%STONE'", &t),
        [2]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name LIKE '_ana'", &t),
        [5]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name LIKE '%o%'", &t),
        [2]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name LIKE 'dana'", &t),
        [5]
    );
    // `_` and `%` escaped stand for themselves.
    assert_eq!(
        rows_of(r"SELECT Id FROM Contact WHERE Name LIKE '%\_100\%'", &t),
        [3]
    );
    assert!(rows_of(r"SELECT Id FROM Contact WHERE Name LIKE 'carl\%'", &t).is_empty());
    // NOT, in both placements; an empty value does not match, so NOT LIKE keeps it.
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE NOT Name LIKE '%a%'", &t),
        [2, 4]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Name NOT LIKE '%a%'", &t),
        [2, 4]
    );
}

#[test]
fn includes_needs_every_value_of_one_entry() {
    let t = contacts();
    // 'red;blue' means both.
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE Tags__c INCLUDES ('red;blue')",
            &t
        ),
        [1, 3]
    );
    // Entries are alternatives.
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE Tags__c INCLUDES ('Green', 'blue;red')",
            &t
        ),
        [1, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Tags__c INCLUDES ('red')", &t),
        [1, 3, 5]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Contact WHERE Tags__c EXCLUDES ('red')", &t),
        [2, 4]
    );
}

#[test]
fn and_or_not_with_precedence_and_parentheses() {
    let t = contacts();
    // AND binds tighter than OR.
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE Name = 'dana' OR Amount__c > 9 AND Active__c = false",
            &t
        ),
        [5]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE (Name = 'dana' OR Amount__c > 9) AND Active__c = false",
            &t
        ),
        [5]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE (Name = 'dana' OR Amount__c > 9) AND Active__c = true",
            &t
        ),
        [1, 3]
    );
    // NOT binds tighter than AND.
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE NOT Active__c = true AND Amount__c > 0",
            &t
        ),
        [2]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE NOT (Active__c = true OR Name = null)",
            &t
        ),
        [2, 5]
    );
}

#[test]
fn ids_match_in_both_forms() {
    let t = contacts();
    let id18 = id("001", 1).to_string();
    let q = format!("SELECT Id FROM Contact WHERE AccountId = '{id18}'");
    assert_eq!(rows_of(&q, &t), [1]);
    assert_eq!(
        rows_of(
            "SELECT Id FROM Contact WHERE AccountId = '001000000000001'",
            &t
        ),
        [1]
    );
    let own = id("003", 2).to_string();
    assert_eq!(
        rows_of(&format!("SELECT Id FROM Contact WHERE Id = '{own}'"), &t),
        [2]
    );
}

#[test]
fn a_relationship_path_is_read_through_the_parent_table() {
    let c = contacts();
    let accounts = table("Account", "001", "Name|Industry", &["Acme|Tech", "Globex|"]);
    let ctx = Context {
        lookups: Lookups::new([&accounts]),
        ..Context::new(at())
    };
    let eval = |q: &str| evaluate(&parse(q).unwrap(), &c, &ctx);
    let sel =
        eval("SELECT Id, Account.Name FROM Contact WHERE Name != 'dana' AND Account.Name = 'ACME'")
            .unwrap();
    assert_eq!(numbers(&sel.ids), [1]);
    // Contact 5's parent (001…9) is not in the export: its name cannot be known.
    let r = eval("SELECT Id FROM Contact WHERE Account.Industry = null").unwrap_err();
    assert!(
        r.reason.contains("parent record that is not in the export"),
        "{r}"
    );
    assert_eq!(r.offset, 29);
    // Without the Account table the path is refused, naming it.
    let r = run("SELECT Id FROM Contact WHERE Account.Name = 'x'", &c).unwrap_err();
    assert!(r.reason.contains("`Account.Name`"), "{r}");
    assert!(
        r.reason.contains("parent object that is not in the export"),
        "{r}"
    );
    // Rows without a parent read null (rows 3 and 4), and 5's parent is not consulted when
    // an earlier condition already decides.
    let sel = eval(
        "SELECT Id FROM Contact WHERE AccountId != '001000000000009' AND (Account.Name = null OR Account.Industry = 'tech')",
    )
    .unwrap();
    assert_eq!(numbers(&sel.ids), [1, 3, 4]);
}

#[test]
fn a_value_of_the_wrong_type_is_refused_not_read_as_false() {
    let t = contacts();
    let r = refused("SELECT Id FROM Contact WHERE Name > 5", &t);
    assert!(r.contains("`Name` of Contact.csv:2 is not a number"), "{r}");
    let r = refused("SELECT Id FROM Contact WHERE Name = true", &t);
    assert!(r.contains("not a checkbox"), "{r}");
    let r = refused("SELECT Id FROM Contact WHERE LastSeen__c = 2025-08-12", &t);
    assert!(r.contains("not a date"), "{r}");
    let r = refused(
        "SELECT Id FROM Contact WHERE Birthdate = 2025-08-12T00:00:00Z",
        &t,
    );
    assert!(r.contains("not a date-time"), "{r}");
}
