use super::*;

/// Parses `q`, asserting it is refused at `offset` with a reason containing `why`.
fn refuses(q: &str, why: &str, offset: usize) {
    let r = parse(q).unwrap_err();
    assert!(r.reason.contains(why), "{q}: {r}");
    assert_eq!(r.offset, offset, "{q}: {r}");
}

#[test]
fn constructs_that_the_export_cannot_answer_are_refused_with_their_reason() {
    refuses(
        "SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account)",
        "semi-join",
        43,
    );
    refuses(
        "SELECT Id FROM Contact WHERE AccountId NOT IN (SELECT Id FROM Account)",
        "anti-join",
        47,
    );
    refuses(
        "SELECT LeadSource, COUNT(Id) FROM Lead GROUP BY LeadSource",
        "`COUNT` beside other fields",
        19,
    );
    refuses(
        "SELECT COUNT(Id) FROM Lead GROUP BY LeadSource",
        "`GROUP BY`",
        27,
    );
    refuses(
        "SELECT COUNT(Id) FROM Lead HAVING COUNT(Id) > 1",
        "`GROUP BY`",
        27,
    );
    refuses(
        "SELECT SUM(Amount) FROM Opportunity",
        "other than `COUNT`",
        7,
    );
    refuses("SELECT MAX(CreatedDate) FROM Case", "other than `COUNT`", 7);
    refuses(
        "SELECT COUNT_DISTINCT(Email) FROM Lead",
        "other than `COUNT`",
        7,
    );
    refuses(
        "SELECT TYPEOF What WHEN Account THEN Name END FROM Event",
        "`TYPEOF`",
        7,
    );
    refuses(
        "SELECT Id FROM Account USING SCOPE mine",
        "`USING SCOPE`",
        23,
    );
    refuses(
        "SELECT Id FROM Account WHERE DISTANCE(Loc__c, GEOLOCATION(35.6, 139.7), 'km') < 20",
        "geolocation",
        29,
    );
    refuses(
        "SELECT Id, convertCurrency(Amount) FROM Opportunity",
        "`convertCurrency()`",
        11,
    );
    refuses(
        "SELECT Id FROM Opportunity WHERE convertCurrency(Amount) > 10",
        "`convertCurrency()`",
        33,
    );
    refuses(
        "SELECT Name, (SELECT LastName FROM Contacts) FROM Account",
        "subquery in the select list",
        13,
    );
    refuses(
        "SELECT Id FROM Case WHERE CreatedDate = THIS_FISCAL_YEAR",
        "fiscal year settings",
        40,
    );
    refuses(
        "SELECT Id FROM Case WHERE CALENDAR_YEAR(CreatedDate) = 2025",
        "date function",
        26,
    );
    refuses("SELECT Id FROM Case WHERE Id IN :ids", "bind variable", 32);
    refuses(
        "SELECT Id FROM Case WHERE OwnerId = :me",
        "bind variable",
        36,
    );
    refuses("SELECT Id FROM Case ALL ROWS", "`ALL ROWS`", 20);
    refuses(
        "SELECT Title FROM KnowledgeArticleVersion WITH DATA CATEGORY Geo__c AT usa__c",
        "`WITH` clause",
        42,
    );
    refuses(
        "SELECT Id FROM Case ORDER BY convertCurrency(Amount)",
        "`ORDER BY`",
        29,
    );
    refuses(
        "SELECT Account.Name FROM Contact.Account",
        "relationship",
        25,
    );
    refuses(
        "SELECT Id FROM Contact WHERE Name = Email",
        "another field",
        36,
    );
}

#[test]
fn a_field_the_export_lacks_is_named_not_read_as_false() {
    let t = table("Contact", "003", "Name|Email", &["Ann|a@example.com"]);
    let r = run(
        "SELECT Id FROM Contact WHERE Email = 'secret@example.com' OR Score__c > 3",
        &t,
    )
    .unwrap_err();
    assert!(r.reason.contains("`Score__c`"), "{r}");
    assert!(
        r.reason.contains("formula fields are never exported"),
        "{r}"
    );
    assert_eq!(r.offset, 61);
    // Neither the query's values nor the export's appear in a reason.
    assert!(!r.to_string().contains("secret"), "{r}");
    let r = run("SELECT Id FROM Contact ORDER BY Owner.Name", &t).unwrap_err();
    assert!(r.reason.contains("`OwnerId`"), "{r}");
    let r = run("SELECT COUNT(Phone) FROM Contact", &t).unwrap_err();
    assert!(r.reason.contains("`Phone`"), "{r}");
    let r = run("SELECT Id FROM Contact WHERE Name > 3", &t).unwrap_err();
    assert!(!r.to_string().contains("Ann"), "{r}");
}

#[test]
fn without_created_dates_records_made_after_the_query_cannot_be_dropped() {
    let mut t = table("Case", "500", "Subject", &["a"]);
    t.columns.retain(|c| c != "CreatedDate");
    let r = refused("SELECT Id FROM Case", &t);
    assert!(r.contains("no `CreatedDate` column"), "{r}");
    let t = table("Case", "500", "CreatedDate", &["yesterday"]);
    let r = refused("SELECT Id FROM Case", &t);
    assert!(
        r.contains("`CreatedDate` of Case.csv:2 is not a date-time"),
        "{r}"
    );
}

#[test]
fn a_misaligned_row_or_another_table_is_refused() {
    let mut t = table("Case", "500", "Subject", &["a"]);
    t.problems.push(ajar_model::export::RowProblem {
        id: id("500", 1),
        source: Span::new("Case.csv", 2),
        kind: ajar_model::export::RowProblemKind::Misaligned,
    });
    let r = refused("SELECT Id FROM Case", &t);
    assert!(r.contains("Case.csv:2 does not match its header"), "{r}");
    let t = table("Case", "500", "Subject", &["a"]);
    let r = refused("SELECT Id FROM Contact", &t);
    assert!(r.contains("given the table of `Case`"), "{r}");
    // The object's name matches without regard to case.
    assert_eq!(rows_of("SELECT Id FROM case", &t), [1]);
}
