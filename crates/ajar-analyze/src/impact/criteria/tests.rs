use super::*;

struct Row(Vec<(&'static str, &'static str)>);
impl Fields for Row {
    fn field(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

fn item(field: &str, op: &str, value: Option<&str>) -> CriteriaItem {
    CriteriaItem {
        field: field.into(),
        operation: op.into(),
        value: value.map(Into::into),
        value_field: None,
    }
}

fn pred(items: Vec<CriteriaItem>, filter: Option<&str>) -> Predicate {
    Predicate {
        items,
        boolean_filter: filter.map(Into::into),
        include_hvu_owned: false,
    }
}

fn m(p: &Predicate, row: &Row) -> Result<bool, Unevaluable> {
    let mut l = Lookups::default();
    l.record_type_labels
        .insert("0125j000000AbCdAAK".into(), "RSAP".into());
    Compiled::new(p).matches(row, &l)
}

#[test]
fn no_items_match_every_record() {
    assert_eq!(m(&pred(vec![], None), &Row(vec![])), Ok(true));
}

#[test]
fn trap_10_record_type_is_matched_by_label() {
    let p = pred(vec![item("RecordTypeId", "equals", Some("RSAP"))], None);
    assert_eq!(
        m(&p, &Row(vec![("RecordTypeId", "0125j000000AbCdAAK")])),
        Ok(true)
    );
    assert_eq!(
        m(&p, &Row(vec![("RecordTypeId", "0125j000000ZzZzAAK")])),
        Ok(false)
    );
}

#[test]
fn trap_11_comma_is_or_and_boolean_filter_is_honoured() {
    let p = pred(vec![item("Channel__c", "equals", Some("Web,Phone"))], None);
    assert_eq!(m(&p, &Row(vec![("Channel__c", "phone")])), Ok(true));
    assert_eq!(m(&p, &Row(vec![("Channel__c", "Store")])), Ok(false));
    let p = pred(
        vec![
            item("A__c", "equals", Some("1x")),
            item("B__c", "equals", Some("2x")),
            item("C__c", "equals", Some("3x")),
            item("D__c", "equals", Some("4x")),
        ],
        Some("(1 AND 2) OR (3 AND 4)"),
    );
    let row = |a, b, c, d| Row(vec![("A__c", a), ("B__c", b), ("C__c", c), ("D__c", d)]);
    assert_eq!(m(&p, &row("1x", "2x", "", "")), Ok(true));
    assert_eq!(m(&p, &row("1x", "", "3x", "4x")), Ok(true));
    assert_eq!(m(&p, &row("1x", "", "3x", "")), Ok(false));
    // Without the filter the same items are ANDed.
    let and = pred(p.items.clone(), None);
    assert_eq!(m(&and, &row("1x", "2x", "", "")), Ok(false));
}

#[test]
fn negative_operations_with_a_comma_exclude_every_value() {
    let p = pred(
        vec![item("Channel__c", "notEqual", Some("Web,Phone"))],
        None,
    );
    assert_eq!(m(&p, &Row(vec![("Channel__c", "Web")])), Ok(false));
    assert_eq!(m(&p, &Row(vec![("Channel__c", "Store")])), Ok(true));
}

#[test]
fn checkboxes_are_true_false() {
    let p = pred(vec![item("Public__c", "equals", Some("True"))], None);
    assert_eq!(m(&p, &Row(vec![("Public__c", "true")])), Ok(true));
    assert_eq!(m(&p, &Row(vec![("Public__c", "1")])), Ok(true));
    assert_eq!(m(&p, &Row(vec![("Public__c", "false")])), Ok(false));
}

#[test]
fn trap_12_not_equal_empty_means_not_blank() {
    for v in [None, Some(""), Some("null")] {
        let p = pred(vec![item("Name", "notEqual", v)], None);
        assert_eq!(m(&p, &Row(vec![("Name", "x")])), Ok(true));
        assert_eq!(m(&p, &Row(vec![("Name", "")])), Ok(false));
    }
}

#[test]
fn trap_13_percent_encoded_picklist_equals_plain() {
    let p = pred(
        vec![item("Status__c", "equals", Some("Posted%2FActive"))],
        None,
    );
    assert_eq!(m(&p, &Row(vec![("Status__c", "Posted/Active")])), Ok(true));
    let p = pred(
        vec![item("Status__c", "equals", Some("Posted/Active"))],
        None,
    );
    assert_eq!(
        m(&p, &Row(vec![("Status__c", "Posted%2FActive")])),
        Ok(true)
    );
}

#[test]
fn numbers_dates_and_text_operations() {
    let p = pred(vec![item("Amount__c", "greaterThan", Some("100"))], None);
    assert_eq!(m(&p, &Row(vec![("Amount__c", "99.5")])), Ok(false));
    assert_eq!(m(&p, &Row(vec![("Amount__c", "1000")])), Ok(true));
    assert_eq!(m(&p, &Row(vec![("Amount__c", "")])), Ok(false));
    let p = pred(vec![item("D__c", "lessOrEqual", Some("2020-11-26"))], None);
    assert_eq!(m(&p, &Row(vec![("D__c", "2020-11-26")])), Ok(true));
    let p = pred(vec![item("Name", "startsWith", Some("ab"))], None);
    assert_eq!(m(&p, &Row(vec![("Name", "ABC")])), Ok(true));
    let p = pred(vec![item("Tags__c", "includes", Some("b"))], None);
    assert_eq!(m(&p, &Row(vec![("Tags__c", "a;b")])), Ok(true));
    let p = pred(vec![item("Name", "notContain", Some("test"))], None);
    assert_eq!(m(&p, &Row(vec![("Name", "a Test row")])), Ok(false));
}

#[test]
fn a_missing_column_is_undecidable_unless_another_item_is_false() {
    let p = pred(
        vec![
            item("Formula__c", "equals", Some("x")),
            item("A__c", "equals", Some("y")),
        ],
        None,
    );
    assert_eq!(
        m(&p, &Row(vec![("A__c", "y")])),
        Err(Unevaluable::MissingColumn("Formula__c".into()))
    );
    assert_eq!(m(&p, &Row(vec![("A__c", "z")])), Ok(false));
}

#[test]
fn bad_filters_and_operations_are_reported() {
    let p = pred(vec![item("A__c", "equals", Some("y"))], Some("(1 AND 2"));
    assert!(matches!(
        m(&p, &Row(vec![("A__c", "y")])),
        Err(Unevaluable::Filter(_))
    ));
    let p = pred(vec![item("A__c", "equals", Some("y"))], Some("1 AND 2"));
    assert!(matches!(
        m(&p, &Row(vec![("A__c", "y")])),
        Err(Unevaluable::Filter(_))
    ));
    let p = pred(vec![item("Loc__c", "within", Some("1"))], None);
    assert!(matches!(
        m(&p, &Row(vec![("Loc__c", "y")])),
        Err(Unevaluable::Operation(_))
    ));
    let p = pred(vec![item("A__c", "equals", Some("y"))], Some("NOT 1"));
    assert_eq!(m(&p, &Row(vec![("A__c", "y")])), Ok(false));
}

proptest::proptest! {
    #[test]
    fn any_boolean_filter_is_evaluated_or_refused_never_a_panic(filter in "[0-9()ANDORTN ]{0,24}") {
        let p = pred(vec![item("A__c", "equals", Some("y")), item("B__c", "equals", Some("z"))], Some(&filter));
        let _ = m(&p, &Row(vec![("A__c", "y"), ("B__c", "q")]));
    }
}

/// Found by `bench/fuzz.sh` (issue #8): a deeply nested filter overflowed the stack (SIGSEGV
/// in the `criteria` target). Deep or huge filter logic is now refused as unevaluable.
#[test]
fn issue_8_deep_filter_logic_is_refused_not_a_stack_overflow() {
    let p = |filter: String| pred(vec![item("A__c", "equals", Some("x"))], Some(&filter));
    let row = Row(vec![("A__c", "x")]);
    for filter in [
        format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("{}1", "NOT ".repeat(100_000)),
        format!("1{}", " AND 1".repeat(100_000)),
    ] {
        assert!(m(&p(filter), &row).is_err());
    }
    // Nesting a real filter would use still works.
    let ok = format!("{}1{}", "(".repeat(20), ")".repeat(20));
    assert_eq!(m(&p(ok), &row), Ok(true));
    assert_eq!(m(&p("NOT NOT 1".into()), &row), Ok(true));
}
