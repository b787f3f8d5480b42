use super::*;
use ajar_model::span::Span;
use std::io::Write;

const APPS: &str = "\"ID\",\"Applicant_Name__c\",\"Channel__c\",\"CreatedDate\"\r\n\
\"a0B5j00000AbCdEEAV\",\"山田 太郎\",\"Web\",\"2016-03-01T09:12:44.000Z\"\r\n\
\"a0B5j00000AbCdFEAV\",\"表 次郎\",\"Web\nPhone\",\"2017-03-01T09:12:44.000Z\"\r\n";

fn tables(bytes: &[u8], enc: ExportEncoding) -> Result<Table, ExportError> {
    read_csv(bytes, "Application__c", "Application__c.csv", enc)
}

#[test]
fn utf8_with_bom_and_case_insensitive_id() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(APPS.as_bytes());
    let t = tables(&bytes, ExportEncoding::Utf8).unwrap();
    assert_eq!(t.columns[0], "ID");
    assert_eq!(t.rows.len(), 2);
    let r = &t.rows[1];
    assert_eq!(t.value(r, "applicant_name__c"), Some("表 次郎"));
    // A quoted newline stays inside the value (Replace carriage returns off).
    assert_eq!(t.value(r, "Channel__c"), Some("Web\nPhone"));
    assert_eq!(r.source(), Span::new("Application__c.csv", 3));
}

#[test]
fn trap_29_shift_jis_trail_byte_0x5c_round_trips() {
    let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(APPS);
    assert!(!bad);
    // `表` is 0x95 0x5C in Shift_JIS: the trail byte is a backslash.
    assert!(sjis.windows(2).any(|w| w == [0x95, 0x5C]));
    let t = tables(&sjis, ExportEncoding::parse("cp932").unwrap()).unwrap();
    assert_eq!(t.value(&t.rows[1], "Applicant_Name__c"), Some("表 次郎"));
    assert_eq!(t.value(&t.rows[0], "Applicant_Name__c"), Some("山田 太郎"));
}

#[test]
fn shift_jis_read_as_utf8_suggests_cp932_without_quoting_values() {
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(APPS);
    let err = tables(&sjis, ExportEncoding::Utf8).unwrap_err().to_string();
    assert!(err.contains("cp932"), "{err}");
    assert!(err.contains("row 2"), "{err}");
    assert!(!err.contains("山田") && !err.contains("Web"), "{err}");
}

#[test]
fn a_character_cut_between_two_values_is_not_utf8() {
    // The record as a whole is valid UTF-8 ("あ" is E3 81 82), but its first value ends
    // inside the character and the second starts inside it: neither value is UTF-8.
    let mut csv = b"Id,A__c,B__c\n001000000000001,x".to_vec();
    csv.extend_from_slice(&[0xE3, 0x81, b',', 0x82]);
    csv.extend_from_slice(b"\n");
    let err = tables(&csv, ExportEncoding::Utf8).unwrap_err().to_string();
    assert!(err.contains("row 2"), "{err}");
    // Cut at a character boundary instead, the same bytes are read.
    let mut ok = b"Id,A__c,B__c\n001000000000001,x".to_vec();
    ok.extend_from_slice(&[0xE3, 0x81, 0x82, b',', b'y']);
    ok.extend_from_slice(b"\n");
    let t = tables(&ok, ExportEncoding::Utf8).unwrap();
    let row = t.rows.first().unwrap();
    assert_eq!(t.value(row, "A__c"), Some("xあ"));
    assert_eq!(t.value(row, "B__c"), Some("y"));
}

#[test]
fn iso_8859_1() {
    let (latin, _, _) = encoding_rs::WINDOWS_1252
        .encode("\"Id\",\"Name\"\n\"0035j00000AbCdEAAV\",\"Zoë Müller\"\n");
    let t = tables(&latin, ExportEncoding::parse("iso-8859-1").unwrap()).unwrap();
    assert_eq!(t.value(&t.rows[0], "Name"), Some("Zoë Müller"));
}

#[test]
fn missing_id_column_names_the_file() {
    let err = tables(b"\"Name\"\n\"x\"\n", ExportEncoding::Utf8).unwrap_err();
    assert!(matches!(err, ExportError::MissingId { .. }));
    assert_eq!(
        err.to_string(),
        "Application__c.csv: no `Id` column in the header: not a Data Export object file"
    );
}

#[test]
fn an_unclosed_quote_in_the_last_row_is_an_error_not_a_long_value() {
    // The `csv` crate would end the field at end of file and return one row holding the rest.
    let csv = "\"Id\",\"Name\"\n\"a0B5g000001AbCdEAK\",\"Yamada\nTaro\"\n\
               \"a0B5g000001AbCeEAK\",\"Sato\n\"a0B5g000001AbCfEAK\",\"Ito\"\n";
    let err = tables(csv.as_bytes(), ExportEncoding::Utf8).unwrap_err();
    assert!(
        matches!(err, ExportError::Unclosed { line: 5, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Application__c.csv: line 5: a quoted field opened here is never closed"
    );
    // Balanced quotes, doubled inner quotes and a quoted newline still read.
    let ok = "\"Id\",\"Name\"\n\"a0B5g000001AbCdEAK\",\"Ya\"\"ma\nda\"\n";
    let table = tables(ok.as_bytes(), ExportEncoding::Utf8).unwrap();
    assert_eq!(table.rows.len(), 1);
}

#[test]
fn bad_id_names_the_row_not_the_value() {
    let err = tables(
        b"\"Id\",\"Name\"\n\"090-1234-5678\",\"x\"\n",
        ExportEncoding::Utf8,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "Application__c.csv: row 2: the `Id` is not a Salesforce ID"
    );
}

fn zip_with(path: &Path, files: &[(&str, &str)]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    for (name, body) in files {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn an_object_spanning_two_zips_merges_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let head = "\"Id\",\"Name\"\n";
    zip_with(
        &dir.path().join("WE_00D_1.ZIP"),
        &[
            (
                "Account.csv",
                &format!("{head}\"0015j00000AbCdEAAV\",\"a\"\n"),
            ),
            (
                "User.csv",
                "\"Id\",\"UserType\"\n\"0055j000000utlPAAQ\",\"Guest\"\n",
            ),
        ],
    );
    zip_with(
        &dir.path().join("WE_00D_2.ZIP"),
        &[(
            "Account.csv",
            &format!("{head}\"0015j00000AbCdEAAV\",\"a\"\n\"0015j00000AbCdFAAV\",\"b\"\n"),
        )],
    );
    let e = load(&[dir.path().to_path_buf()], None, ExportEncoding::Utf8).unwrap();
    let acc = e.table("account").unwrap();
    assert_eq!(acc.rows.len(), 2);
    assert_eq!(
        acc.files,
        vec!["WE_00D_1.ZIP/Account.csv", "WE_00D_2.ZIP/Account.csv"]
    );
    assert_eq!(e.tables.len(), 2);
    // A filter keeps only the named objects.
    let only: BTreeSet<String> = ["User".to_owned()].into();
    let e = load(
        &[dir.path().join("WE_00D_1.ZIP")],
        Some(&only),
        ExportEncoding::Utf8,
    )
    .unwrap();
    assert_eq!(e.tables.keys().collect::<Vec<_>>(), vec!["User"]);
}

#[test]
fn an_empty_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        load(&[dir.path().to_path_buf()], None, ExportEncoding::Utf8),
        Err(ExportError::Empty { .. })
    ));
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
        let _ = tables(&bytes, ExportEncoding::Utf8);
        let _ = tables(&bytes, ExportEncoding::parse("shift_jis").unwrap());
    }
}

/// Issue #15, class 2: a short row is kept and reported, a repeated `Id` with other values is
/// reported, an exact repeat is not.
#[test]
fn issue15_misaligned_rows_and_repeated_ids_are_reported() {
    let csv = "\"Id\",\"Name\",\"Channel__c\"\n\
\"a0B5j00000AbCdEEAV\",\"A\",\"Web\"\n\
\"a0B5j00000AbCdFEAV\",\"B\"\n\
\"a0B5j00000AbCdEEAV\",\"A\",\"Web\"\n\
\"a0B5j00000AbCdEEAV\",\"C\",\"Web\"\n\
\"a0B5j00000AbCdFEAV\",\"B\"\n\
\"a0B5j00000AbCdFEAV\",\"Z\"\n";
    let t = tables(csv.as_bytes(), ExportEncoding::Utf8).unwrap();
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows.get(1).and_then(|r| r.get(1)), Some("B"));
    let kinds: Vec<_> = t.problems.iter().map(|p| (p.kind, p.source.line)).collect();
    assert_eq!(
        kinds,
        [
            (ajar_model::export::RowProblemKind::Misaligned, 3),
            (ajar_model::export::RowProblemKind::DuplicateId, 5),
            // A repeat is reported as one, whether or not it is also misaligned.
            (ajar_model::export::RowProblemKind::DuplicateId, 7)
        ]
    );
}

/// Issue #15, class 13: a column named twice is refused, naming the column, not a value.
#[test]
fn issue15_a_duplicated_column_is_refused() {
    let csv = "\"Id\",\"Name\",\"name\"\n\"a0B5j00000AbCdEEAV\",\"山田\",\"x\"\n";
    let e = tables(csv.as_bytes(), ExportEncoding::Utf8).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("`name` appears twice"), "{msg}");
    assert!(!msg.contains("山田"));
}

fn plan(values: &[&str], presence: &[&str]) -> ColumnPlan {
    ColumnPlan {
        values: values.iter().map(|c| (*c).to_owned()).collect(),
        presence: presence.iter().map(|c| (*c).to_owned()).collect(),
    }
}

/// `A__c.csv` (UTF-8) read under `p`.
fn read_planned(csv: &str, p: &ColumnPlan) -> Table {
    read_csv_with(
        csv.as_bytes(),
        "A__c",
        "A__c.csv",
        ExportEncoding::Utf8,
        Some(p),
    )
    .unwrap()
}

/// Issue #19: a plan holds its value columns as they are, its presence columns as `*` or
/// empty, and leaves the others out; `Id` is always held.
#[test]
fn a_plan_holds_values_presence_and_nothing_else() {
    let csv = "\"Id\",\"Name\",\"Memo__c\",\"Status__c\",\"Phone__c\"\n\
\"a0B5j00000AbCdEEAV\",\"山田\",\"secret\",\"Open\",\"090\"\n\
\"a0B5j00000AbCdFEAV\",\"表\",\"\",\"  \",\"\"\n";
    let p = plan(&["name", "PHONE__C"], &["Status__c"]);
    let t = read_planned(csv, &p);
    assert_eq!(t.columns, ["Id", "Name", "Status__c", "Phone__c"]);
    assert_eq!(t.column("Memo__c"), None);
    let (a, b) = (&t.rows[0], &t.rows[1]);
    assert_eq!(
        a.values().collect::<Vec<_>>(),
        ["a0B5j00000AbCdEEAV", "山田", PRESENT, "090"]
    );
    // A blank value is not a value.
    assert_eq!(
        b.values().collect::<Vec<_>>(),
        ["a0B5j00000AbCdFEAV", "表", "", ""]
    );
    assert_eq!(b.source(), Span::new("A__c.csv", 3));
    assert!(a.digest().is_some() && a.digest() != b.digest());
    // Without a plan, every column is held.
    let whole = tables(csv.as_bytes(), ExportEncoding::Utf8).unwrap();
    assert_eq!(whole.columns.len(), 5);
    assert_eq!(whole.rows[0].digest(), None);
}

/// Issue #19: a column left out is still decoded (its encoding error names the row) and
/// still tells a repeated `Id` with other values from an exact repeat.
#[test]
fn a_plan_still_checks_the_columns_it_leaves_out() {
    let p = plan(&["Name"], &["Status__c"]);
    let mut bad = b"\"Id\",\"Name\",\"Memo__c\"\n\"a0B5j00000AbCdEEAV\",\"x\",\"".to_vec();
    bad.extend_from_slice(b"\xff\"\n");
    let err = read_csv_with(&bad[..], "A__c", "A__c.csv", ExportEncoding::Utf8, Some(&p))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("A__c.csv: row 2: not valid UTF-8"), "{err}");
    let csv = "\"Id\",\"Name\",\"Memo__c\",\"Status__c\"\n\
\"a0B5j00000AbCdEEAV\",\"A\",\"m\",\"Open\"\n\
\"a0B5j00000AbCdEEAV\",\"A\",\"m\",\"Open\"\n\
\"a0B5j00000AbCdEEAV\",\"A\",\"other\",\"Open\"\n\
\"a0B5j00000AbCdEEAV\",\"A\",\"m\",\"Closed\"\n";
    let t = read_planned(csv, &p);
    assert_eq!(t.rows.len(), 1);
    let lines: Vec<_> = t.problems.iter().map(|p| (p.kind, p.source.line)).collect();
    let dup = ajar_model::export::RowProblemKind::DuplicateId;
    assert_eq!(lines, [(dup, 4), (dup, 5)]);
}

/// Issue #19: an object spanning zips, read under a plan, is a repeat when the rows are the
/// same (whatever the column order) and a problem when a column left out differs.
#[test]
fn a_plan_keeps_the_merge_of_zips_exact() {
    let dir = tempfile::tempdir().unwrap();
    let first = "\"Id\",\"Name\",\"Memo__c\"\n\"0015j00000AbCdEAAV\",\"a\",\"m\"\n\
\"0015j00000AbCdFAAV\",\"b\",\"m\"\n";
    // The same first record in another column order; the second with another memo.
    let second = "\"Memo__c\",\"Id\",\"Name\"\n\"m\",\"0015j00000AbCdEAAV\",\"a\"\n\
\"n\",\"0015j00000AbCdFAAV\",\"b\"\n";
    zip_with(&dir.path().join("WE_00D_1.ZIP"), &[("Account.csv", first)]);
    zip_with(&dir.path().join("WE_00D_2.ZIP"), &[("Account.csv", second)]);
    let plans: ColumnPlans = [("account".to_owned(), plan(&["Name"], &[]))].into();
    let paths = [dir.path().to_path_buf()];
    let e = load_with(&paths, None, &plans, ExportEncoding::Utf8).unwrap();
    let acc = e.table("Account").unwrap();
    assert_eq!(acc.columns, ["Id", "Name"]);
    assert_eq!(acc.rows.len(), 2);
    let lines: Vec<_> = acc.problems.iter().map(|p| p.source.clone()).collect();
    assert_eq!(lines, [Span::new("WE_00D_2.ZIP/Account.csv", 3)]);
    // The same as without a plan.
    let whole = load(&paths, None, ExportEncoding::Utf8).unwrap();
    assert_eq!(whole.table("Account").unwrap().problems, acc.problems);
}
