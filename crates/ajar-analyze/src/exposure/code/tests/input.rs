//! Caller input and request data followed into dynamic SOQL (formats.md §1.9 R8).

use super::*;

/// formats.md R8: critical when the caller's input reaches dynamic SOQL.
#[test]
fn caller_input_is_followed_into_dynamic_soql() {
    let inv = classes(&[
        (
            "58.0",
            "public class E { @AuraEnabled public static void a(String t) { Q.run(t); } @AuraEnabled public static void b(String t) { Q.run('x'); } @AuraEnabled public static void c(String t) { Database.query(t); } }",
        ),
        (
            "58.0",
            "public class Q { public static void run(String w) { Database.query('SELECT Id FROM Lead WHERE ' + w); } }",
        ),
    ]);
    let entries = code_reach(&inv, &access(&["E"], &[], &[]), &POST);
    let flags: Vec<_> = entries
        .iter()
        .map(|e| (e.entry.as_str(), e.dynamic_soql, e.dynamic_soql_from_params))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("E.a", true, true),
            ("E.b", true, false),
            ("E.c", true, true)
        ]
    );
}

/// Request data is input whoever the caller is (a REST entry's private helper reading
/// `RestContext` and handing the query to a `without sharing` inner class, as Summit Events'
/// feed does).
#[test]
fn request_data_reaches_dynamic_soql_through_helpers() {
    let inv = classes(&[(
        "58.0",
        "@RestResource(urlMapping='/feed/*') global with sharing class Feed {\n\
           @HttpGet global static void get() { run(); }\n\
           private static void run() {\n\
             RestRequest req = RestContext.request;\n\
             String q = 'SELECT Id FROM Lead WHERE Name = ' + req.params.get('name');\n\
             Crud c = new Crud(); c.exec(q);\n\
           }\n\
           private without sharing class Crud { List<SObject> exec(String q) { return Database.query(q); } }\n}",
    )]);
    let entry = &code_reach(&inv, &access(&["Feed"], &[], &[]), &POST)[0];
    assert_eq!(entry.entry, "Feed.get");
    assert!(entry.dynamic_soql_from_params);
    let step = entry
        .callees
        .iter()
        .find(|s| s.entry == "Feed.Crud.exec")
        .unwrap();
    assert_eq!(step.sharing, SharingMode::Without);
    assert!(step.dynamic_soql_from_params);
}
