use super::*;
use ajar_model::code::{FlsMarkerKind, SharingKeyword, SoqlMode, TypeKind};
use proptest::prelude::*;

fn class(src: &str) -> ApexClass {
    parse_class("classes/T.cls", src).unwrap()
}

#[test]
fn sharing_keywords_are_case_insensitive_and_per_class() {
    let c = class(
        "PUBLIC With Sharing CLASS Outer {\n  private WITHOUT sharing class In1 {}\n  \
         class In2 {}\n  public inherited sharing class In3 {}\n}",
    );
    assert_eq!(c.sharing, Some(SharingKeyword::With));
    assert_eq!(c.modifiers, vec!["public"]);
    let inner: Vec<_> = c
        .inner
        .iter()
        .map(|i| (i.name.as_str(), i.sharing, i.outer.as_deref()))
        .collect();
    assert_eq!(
        inner,
        vec![
            ("In1", Some(SharingKeyword::Without), Some("Outer")),
            ("In2", None, Some("Outer")),
            ("In3", Some(SharingKeyword::Inherited), Some("Outer")),
        ]
    );
    assert_eq!(c.inner[0].qualified_name(), "Outer.In1");
}

#[test]
fn keywords_in_comments_and_strings_are_not_code() {
    let c = class(
        "// without sharing\n/* without sharing class Fake { } */\npublic class Real {\n  \
         String s = 'without sharing [SELECT Id FROM Lead] // not a comment';\n  \
         String t = '\\'[';\n  void m() { String u = '/*'; List<Case> x = [SELECT Subject FROM Case]; }\n}",
    );
    assert_eq!(c.name, "Real");
    assert_eq!(c.sharing, None);
    assert!(c.initializers.soql.is_empty());
    assert_eq!(c.methods.len(), 1);
    assert_eq!(c.methods[0].body.soql[0].object, "Case");
    assert_eq!(c.methods[0].body.soql[0].line, 6);
}

#[test]
fn class_annotations_keep_parameters() {
    let c = class(
        "@RestResource(urlMapping='/apps/*')\nglobal with sharing class Apps extends Base implements Database.Batchable<SObject>, Schedulable {}",
    );
    assert!(c.has_annotation("restresource"));
    assert_eq!(c.annotations[0].param("URLMAPPING"), Some("/apps/*"));
    assert_eq!(c.span.line, 1);
    assert_eq!(c.extends.as_deref(), Some("Base"));
    assert_eq!(c.implements, vec!["Database.Batchable", "Schedulable"]);
}

#[test]
fn methods_constructors_properties_and_fields_are_told_apart() {
    let c = class(
        "public class C {\n  public static final Map<String, Integer> M = new Map<String, Integer>{ 'a' => 1 };\n  \
         public String p { get; set; }\n  public List<Account> q { get { return [SELECT Name FROM Account]; } }\n  \
         public C() { init(); }\n  @AuraEnabled(cacheable=true)\n  public static webservice Integer n(Integer a, String b) { return a; }\n  \
         public abstract void none();\n  static { Lead l = [SELECT Email FROM Lead LIMIT 1]; }\n}",
    );
    let names: Vec<_> = c
        .methods
        .iter()
        .map(|m| (m.name.as_str(), m.constructor, m.line))
        .collect();
    assert_eq!(
        names,
        vec![("q", false, 4), ("C", true, 5), ("n", false, 6)]
    );
    let n = &c.methods[2];
    assert!(n.has_annotation("AuraEnabled"));
    assert_eq!(n.annotations[0].param("cacheable"), Some("true"));
    assert!(n.has_modifier("webservice") && n.has_modifier("static"));
    assert_eq!(c.initializers.soql[0].object, "Lead");
}

#[test]
fn enums_and_interfaces_parse() {
    let c = class("public interface Svc { List<Account> run(String a); }");
    assert_eq!(c.kind, TypeKind::Interface);
    assert!(c.methods.is_empty());
    let e = class("public enum Color { RED, GREEN }");
    assert_eq!(e.kind, TypeKind::Enum);
}

#[test]
fn soql_fields_relationships_subqueries_and_modes() {
    let c = class(
        "class Q { void m(Id i) { List<Account> a = [SELECT Id, Owner.Name, toLabel(Industry), COUNT(Id) cnt, \
         (SELECT LastName, Email FROM Contacts WHERE Email != null), FIELDS(STANDARD) FROM Account a \
         WHERE Id IN (SELECT AccountId FROM Opportunity) AND Id = :i WITH USER_MODE]; } }",
    );
    let q = &c.methods[0].body.soql[0];
    assert_eq!(q.object, "Account");
    assert_eq!(q.fields, vec!["Id", "Owner.Name", "Industry", "Id", "*"]);
    assert_eq!(q.subqueries[0].object, "Contacts");
    assert_eq!(q.subqueries[0].fields, vec!["LastName", "Email"]);
    assert_eq!(q.mode, Some(SoqlMode::UserMode));
}

#[test]
fn comments_inside_inline_queries_are_skipped() {
    let c = class(
        "class C { void m() { List<Lead> l = [\n  SELECT Email // what's this? from Contact\n  \
         FROM Lead\n  /* don't: from Case ] */\n  WHERE Email != null\n]; } }",
    );
    let q = &c.methods[0].body.soql[0];
    assert_eq!(
        (q.object.as_str(), q.fields.clone()),
        ("Lead", vec!["Email".to_owned()])
    );
}

#[test]
fn lower_case_soql_and_sosl_returning_lists() {
    let c = class(
        "class S { void m(String t) {\n  List<Lead> l = [ select email from lead ];\n  \
         List<List<SObject>> r = [FIND :t IN ALL FIELDS RETURNING Account(Name, Phone WHERE Phone != null LIMIT 5), \
         Contact, Lead(Email) WITH USER_MODE LIMIT 20];\n  Search.query('FIND \\'x\\' RETURNING Case(Subject)');\n} }",
    );
    let queries: Vec<_> = c.methods[0]
        .body
        .soql
        .iter()
        .map(|q| (q.object.as_str(), q.fields.join(","), q.mode, q.line))
        .collect();
    assert_eq!(
        queries,
        vec![
            ("lead", "email".to_owned(), None, 2),
            (
                "Account",
                "Name,Phone".to_owned(),
                Some(SoqlMode::UserMode),
                3
            ),
            ("Contact", "Id".to_owned(), Some(SoqlMode::UserMode), 3),
            ("Lead", "Email".to_owned(), Some(SoqlMode::UserMode), 3),
            ("Case", "Subject".to_owned(), None, 4),
        ]
    );
    assert!(c.methods[0].body.dynamic_soql.is_empty());
}

#[test]
fn dynamic_soql_and_fls_markers() {
    let c = class(
        "class D { void m(String o) {\n  Database.query('SELECT Id FROM ' + o);\n  \
         Database.query('SELECT Name FROM Lead');\n  Database.queryWithBinds(q, binds, AccessLevel.USER_MODE);\n  \
         Database.getQueryLocator([SELECT Id FROM Case]);\n  Security.stripInaccessible(AccessType.READABLE, rows);\n} }",
    );
    let body = &c.methods[0].body;
    let dynamic: Vec<_> = body
        .dynamic_soql
        .iter()
        .map(|d| (d.api.as_str(), d.user_mode, d.line))
        .collect();
    assert_eq!(
        dynamic,
        vec![
            ("Database.query", false, 2),
            ("Database.queryWithBinds", true, 4)
        ]
    );
    let objects: Vec<_> = body.soql.iter().map(|q| q.object.as_str()).collect();
    assert_eq!(objects, vec!["Lead", "Case"]);
    let markers: Vec<_> = body.fls_markers.iter().map(|m| m.kind).collect();
    assert_eq!(
        markers,
        vec![
            FlsMarkerKind::AccessLevelUserMode,
            FlsMarkerKind::StripInaccessible
        ]
    );
}

#[test]
fn calls_record_receivers_and_instantiations() {
    let c = class(
        "class K { void m() { Helper.Inner.run(1); local(); new Selector(x).fetch(); h.go(); if (x) {} } }",
    );
    let calls: Vec<_> = c.methods[0]
        .body
        .calls
        .iter()
        .map(|c| (c.receiver.as_deref(), c.method.as_str()))
        .collect();
    assert_eq!(
        calls,
        vec![
            (Some("Helper.Inner"), "run"),
            (None, "local"),
            (Some("Selector"), "new"),
            (Some("?"), "fetch"),
            (Some("h"), "go"),
        ]
    );
}

#[test]
fn errors_name_file_and_line_without_quoting_code() {
    let err = parse_class(
        "classes/Bad.cls",
        "public class Bad {\n  String s = 'Taro Yamada 090-1234-5678\n}",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "classes/Bad.cls:2: unterminated string literal"
    );
    let err = parse_class(
        "classes/Bad.cls",
        "public class Bad {\n void m() { x = [SELECT Id FROM A; }",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "classes/Bad.cls:2: unterminated SOQL query"
    );
    let err = parse_class("classes/Bad.cls", "/* open\n\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "classes/Bad.cls:1: unterminated block comment"
    );
    let err = parse_class("classes/Bad.cls", "public class Bad {\n void m() {\n").unwrap_err();
    assert_eq!(err.to_string(), "classes/Bad.cls:1: unclosed type body");
    let err = parse_class("classes/Empty.cls", "// nothing\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "classes/Empty.cls:1: no class, interface or enum declaration"
    );
}

#[test]
fn class_meta_reads_both_namespaces() {
    for ns in [
        "http://soap.sforce.com/2006/04/metadata",
        "urn:metadata.tooling.soap.sforce.com",
    ] {
        let xml = format!(
            "<?xml version=\"1.0\"?>\n<ApexClass xmlns=\"{ns}\"><apiVersion>58.0</apiVersion><status>Active</status></ApexClass>"
        );
        let meta = parse_class_meta("c.cls-meta.xml", &xml).unwrap();
        assert_eq!(
            meta,
            ClassMeta {
                api_version: Some("58.0".into()),
                status: Some("Active".into())
            }
        );
    }
}

#[test]
fn class_meta_refuses_doctype_and_reports_malformed_lines() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e \"boom\">]>\n<ApexClass><apiVersion>&e;</apiVersion></ApexClass>";
    let err = parse_class_meta("c.cls-meta.xml", xml).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.cls-meta.xml:2: DOCTYPE is not allowed in metadata"
    );
    let err = parse_class_meta(
        "c.cls-meta.xml",
        "<ApexClass>\n<apiVersion>1</status>\n</ApexClass>",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.cls-meta.xml:2: malformed XML: ill-formed document: expected `</apiVersion>`, but `</status>` was found"
    );
}

#[test]
fn file_names_are_percent_decoded() {
    assert_eq!(
        name_before(Path::new("pages/My%20Page.page"), ".page"),
        "My Page"
    );
    assert_eq!(name_before(Path::new("flows/A%2x.flow"), ".flow"), "A%2x");
}

#[test]
fn parameters_and_caller_input_reach_dynamic_queries() {
    let c = class(
        "class T {\n  public static void m(Map<String, Object> opts, final String term, Integer n) {\n    \
         String safe = 'SELECT Id FROM Lead';\n    Database.query(safe);\n    \
         String q = 'SELECT Id FROM Lead WHERE Name = \\'' + String.escapeSingleQuotes(term);\n    \
         q += ' LIMIT 1';\n    Database.query(q);\n    \
         String id = ApexPages.currentPage().getParameters().get('id');\n    Database.query('SELECT Id FROM Case WHERE Id = ' + id);\n    \
         Helper.run(n); Helper.log(safe); Helper.send(id);\n  }\n}",
    );
    let m = &c.methods[0];
    let params: Vec<_> = m
        .params
        .iter()
        .map(|p| (p.type_name.as_str(), p.name.as_str()))
        .collect();
    assert_eq!(
        params,
        vec![
            ("Map<String,Object>", "opts"),
            ("String", "term"),
            ("Integer", "n")
        ]
    );
    let flags: Vec<_> = m
        .body
        .dynamic_soql
        .iter()
        .map(|d| (d.line, d.from_parameter, d.from_request))
        .collect();
    assert_eq!(
        flags,
        vec![(4, false, false), (7, true, false), (9, false, true)]
    );
    let calls: Vec<_> = m
        .body
        .calls
        .iter()
        .filter(|c| c.receiver.as_deref() == Some("Helper"))
        .map(|c| (c.method.as_str(), c.passes_params, c.passes_request))
        .collect();
    assert_eq!(
        calls,
        vec![
            ("run", true, false),
            ("log", false, false),
            ("send", false, true)
        ]
    );
}

#[test]
fn hostile_nesting_is_an_error_not_a_stack_overflow() {
    let src = format!("{}{}", "class A { ".repeat(20_000), "}".repeat(20_000));
    let err = parse_class("classes/W.cls", &src).unwrap_err();
    assert_eq!(
        err.to_string(),
        "classes/W.cls:1: a type declared inside an inner class"
    );
    let soql = format!(
        "class A {{ void m() {{ x = [SELECT {}Id{} FROM A]; }} }}",
        "(SELECT ".repeat(5000),
        ")".repeat(5000)
    );
    assert!(parse_class("classes/W.cls", &soql).is_ok());
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(src in "\\PC*") {
        let _ = parse_class("classes/P.cls", &src);
    }

    #[test]
    fn apex_like_text_never_panics(src in "[ \\n{}()\\[\\];=,.'@/*a-zA-Z0-9_]{0,200}") {
        let _ = parse_class("classes/P.cls", &src);
    }

    #[test]
    fn mutated_fixture_never_panics(cut in 0usize..3000, insert in "[\\[\\]{}()'/*@;]{0,3}") {
        let src = include_str!("../../../tests/fixtures/apex/classes/RepairApplicationController.cls");
        let mut cut = cut.min(src.len());
        while !src.is_char_boundary(cut) { cut -= 1; }
        let mutated = format!("{}{insert}{}", &src[..cut], &src[cut..]);
        let _ = parse_class("classes/P.cls", &mutated);
    }

    #[test]
    fn arbitrary_xml_never_panics(src in "\\PC*") {
        let _ = parse_class_meta("c.cls-meta.xml", &src);
    }
}
