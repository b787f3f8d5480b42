use super::*;

fn names(q: &Query) -> Vec<String> {
    q.fields().iter().map(|p| p.to_string()).collect()
}

#[test]
fn the_select_list_gives_fields_and_relationship_paths() {
    let q = parse("SELECT Id, Name, Account.Name, Account.Owner.Email FROM Contact").unwrap();
    assert_eq!(q.object(), "Contact");
    assert_eq!(
        names(&q),
        ["Id", "Name", "Account.Name", "Account.Owner.Email"]
    );
    assert!(!q.is_count());
    assert_eq!(q.fields()[2].segments, ["Account", "Name"]);
}

#[test]
fn keywords_are_case_insensitive() {
    let q = parse(
        "select id from contact where name = 'x' order by name desc nulls last limit 5 offset 2",
    )
    .unwrap();
    assert_eq!(q.object(), "contact");
    assert_eq!(q.limit(), Some(5));
    assert_eq!(q.offset(), Some(2));
    assert!(q.order()[0].descending && q.order()[0].nulls_last);
}

#[test]
fn the_alias_is_removed_from_paths() {
    let q = parse("SELECT c.Name, c.Account.Name FROM Contact c WHERE c.Email != null").unwrap();
    assert_eq!(names(&q), ["Name", "Account.Name"]);
    let q = parse("SELECT c.Name FROM Contact AS c").unwrap();
    assert_eq!(names(&q), ["Name"]);
}

#[test]
fn count_forms_are_counts() {
    let q = parse("SELECT COUNT() FROM Account").unwrap();
    assert!(q.is_count());
    assert_eq!(q.select(), [SelectItem::Count(None)]);
    assert!(q.fields().is_empty());
    let q = parse("SELECT COUNT(Id) total FROM Account").unwrap();
    assert!(q.is_count());
    assert!(matches!(&q.select()[0], SelectItem::Count(Some(p)) if p.to_string() == "Id"));
}

#[test]
fn fields_sets_are_listed() {
    for (text, set) in [
        ("ALL", FieldSet::All),
        ("standard", FieldSet::Standard),
        ("Custom", FieldSet::Custom),
    ] {
        let q = parse(&format!("SELECT FIELDS({text}) FROM Case LIMIT 200")).unwrap();
        assert_eq!(q.field_sets(), [set]);
    }
}

#[test]
fn to_label_and_format_read_their_field() {
    let q = parse("SELECT toLabel(Status), FORMAT(Amount) FROM Opportunity").unwrap();
    assert_eq!(names(&q), ["Status", "Amount"]);
}

#[test]
fn string_escapes_are_decoded() {
    let q = parse(r"SELECT Id FROM A WHERE Name = 'O\'Brien \\ \n \u00e9'").unwrap();
    let Some(Condition::Compare(_, Op::Eq, Literal::Text(t))) = q.filter() else {
        panic!("{q:?}")
    };
    assert_eq!(t, "O'Brien \\ \n é");
    // Outside LIKE, `\%` is an error in SOQL.
    assert!(parse(r"SELECT Id FROM A WHERE Name = '100\%'").is_err());
    assert!(parse(r"SELECT Id FROM A WHERE Name = '\q'").is_err());
}

#[test]
fn literals_of_every_type() {
    let q = parse(
        "SELECT Id FROM A WHERE A = 12.5 AND B = -3 AND C = true AND D = FALSE AND E = null \
         AND F = 2025-08-12 AND G = 2025-08-12T10:00:00Z AND H = 2025-08-12T19:00:00.000+09:00 \
         AND I = LAST_N_DAYS:7",
    )
    .unwrap();
    let Some(Condition::And(parts)) = q.filter() else {
        panic!()
    };
    let lits: Vec<&Literal> = parts
        .iter()
        .map(|p| match p {
            Condition::Compare(_, _, l) => l,
            _ => panic!(),
        })
        .collect();
    assert_eq!(lits[0], &Literal::Number(12.5));
    assert_eq!(lits[1], &Literal::Number(-3.0));
    assert_eq!(lits[2], &Literal::Bool(true));
    assert_eq!(lits[3], &Literal::Bool(false));
    assert_eq!(lits[4], &Literal::Null);
    assert_eq!(lits[5], &Literal::Date(jiff::civil::date(2025, 8, 12)));
    assert_eq!(lits[6], &Literal::DateTime(at()));
    // The offset gives the same instant.
    assert_eq!(lits[7], &Literal::DateTime(at()));
    assert_eq!(
        lits[8],
        &Literal::Relative(DateLiteral::LastN(DateUnit::Day, 7))
    );
}

#[test]
fn a_date_time_without_a_zone_is_not_soql() {
    let r = parse("SELECT Id FROM A WHERE CreatedDate > 2025-08-12T10:00:00").unwrap_err();
    assert!(r.reason.contains("zone"), "{r}");
    assert_eq!(r.offset, 37);
}

#[test]
fn precedence_is_not_then_and_then_or() {
    let q = parse("SELECT Id FROM A WHERE NOT X = 1 AND Y = 2 OR Z = 3").unwrap();
    let Some(Condition::Or(parts)) = q.filter() else {
        panic!("{q:?}")
    };
    assert!(matches!(&parts[0], Condition::And(a) if matches!(a[0], Condition::Not(_))));
    assert!(matches!(&parts[1], Condition::Compare(..)));
}

#[test]
fn security_clauses_and_for_view_are_accepted() {
    let q = parse("SELECT Id FROM A WITH SECURITY_ENFORCED").unwrap();
    assert_eq!(q.access_mode(), Some(AccessMode::SecurityEnforced));
    let q = parse("SELECT Id FROM A WHERE X = 1 WITH USER_MODE ORDER BY Id LIMIT 1").unwrap();
    assert_eq!(q.access_mode(), Some(AccessMode::UserMode));
    assert!(parse("SELECT Id FROM A LIMIT 1 FOR VIEW").is_ok());
    assert!(parse("SELECT Id FROM A FOR REFERENCE").is_ok());
    assert!(parse("SELECT Id FROM A UPDATE TRACKING").is_ok());
}

#[test]
fn malformed_queries_are_refused_with_their_place() {
    for (q, offset) in [
        ("SELECT Id", 9),
        ("SELECT Id FROM", 14),
        ("SELECT Id FROM A WHERE", 22),
        ("SELECT Id FROM A WHERE X = 'open", 27),
        ("SELECT Id FROM A WHERE X ~ 1", 25),
        ("SELECT Id FROM A LIMIT x", 23),
        ("SELECT Id FROM A trailing words", 26),
        ("", 0),
    ] {
        let r = parse(q).unwrap_err();
        assert_eq!(r.offset, offset, "{q}: {r}");
    }
}

#[test]
fn recon_queries_from_the_drift_intrusion_parse() {
    // intrusions.md §1: the reconnaissance and extraction queries of shape A.
    for q in [
        "SELECT COUNT() FROM Account",
        "SELECT Id, Username, Email, LastLoginDate FROM User WHERE IsActive=true ORDER BY LastLoginDate DESC NULLS LAST LIMIT 20",
        "SELECT Id, Name FROM Organization LIMIT 1",
        "SELECT Id, Subject, Description FROM Case LIMIT 10000",
    ] {
        parse(q).unwrap();
    }
}
