#![allow(clippy::unwrap_used, reason = "tests")]
use super::super::{ColumnPlans, Export, load_with, plan_of};
use super::*;
use proptest::prelude::*;
use std::io::Write;

/// The export as the stream gives it: each object indexed, then its rows streamed into a table.
fn streamed(paths: &[PathBuf], plans: &ColumnPlans) -> Result<Export, ExportError> {
    let mut export = Export::default();
    for files in locate(paths, None)?.values() {
        let plan = plan_of(plans, &files.object);
        let ix = index(files, plan, ExportEncoding::Utf8)?;
        let mut table = ix.header.clone();
        for_each_row(files, &ix, plan, ExportEncoding::Utf8, |_, row| {
            table.rows.push(row.clone());
        })?;
        assert_eq!(table.rows.len(), ix.rows);
        assert_eq!(table.rows.first().map(|r| r.id), ix.first);
        export.tables.insert(table.object.clone(), table);
    }
    Ok(export)
}

fn zip_with(path: &Path, files: &[(String, String)]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    for (name, body) in files {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

const IDS: [&str; 4] = [
    "0015j00000AbCdEAAV",
    "0015j00000AbCdFAAV",
    "0015j00000AbCdGAAV",
    "0015j00000AbCdHAAV",
];
const COLUMNS: [&str; 4] = ["Id", "Name", "Memo__c", "Phone"];

/// One file: a header (the columns in some order, maybe one left out) and rows drawn from a
/// few IDs and values, some short or long.
fn file() -> impl Strategy<Value = String> {
    let header = (
        Just(COLUMNS.to_vec()).prop_shuffle(),
        0..4usize,
        any::<bool>(),
    )
        .prop_map(|(mut cols, drop, dropped)| {
            if dropped && cols.get(drop).is_some_and(|c| *c != "Id") {
                cols.remove(drop);
            }
            cols
        });
    let row = (0..4usize, proptest::collection::vec(0..3usize, 0..6));
    (header, proptest::collection::vec(row, 0..8)).prop_map(|(cols, rows)| {
        let mut out = cols
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        for (id, values) in rows {
            let mut cells = Vec::new();
            let mut vals = values.iter();
            for c in &cols {
                if *c == "Id" {
                    cells.push(format!("\"{}\"", IDS.get(id).unwrap()));
                } else if let Some(v) = vals.next() {
                    cells.push(format!("\"{}\"", ["", "a", "b"].get(*v).unwrap()));
                }
            }
            // Rows with fewer or more values than the header: misaligned.
            cells.extend(vals.skip(1).map(|_| "\"x\"".to_owned()));
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Streamed, an export gives the tables `load_with` holds: the same rows in the same order,
    /// the same files and problems, with or without a plan, an object in one to three zips.
    #[test]
    fn streaming_an_object_gives_the_table_loading_holds(
        files in proptest::collection::vec(file(), 1..4),
        planned in any::<bool>(),
        loose in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (i, body) in files.iter().enumerate() {
            if loose && i == 0 {
                std::fs::write(dir.path().join("Account.csv"), body).unwrap();
            } else {
                zip_with(
                    &dir.path().join(format!("WE_00D_{i}.ZIP")),
                    &[("Account.csv".to_owned(), body.clone())],
                );
            }
        }
        let mut plans = ColumnPlans::new();
        if planned {
            let mut plan = ColumnPlan::default();
            plan.values.insert("Name".to_owned());
            plan.presence.insert("Phone".to_owned());
            plans.insert("Account".to_owned(), plan);
        }
        let paths = [dir.path().to_path_buf()];
        let held = load_with(&paths, None, &plans, ExportEncoding::Utf8);
        let stream = streamed(&paths, &plans);
        match (held, stream) {
            (Ok(h), Ok(s)) => prop_assert_eq!(h, s),
            (Err(h), Err(s)) => prop_assert_eq!(h.to_string(), s.to_string()),
            (h, s) => prop_assert!(false, "load {h:?}, stream {s:?}"),
        }
    }
}

#[test]
fn locating_lists_each_objects_files_in_reading_order_and_refuses_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let body = "\"Id\"\n\"0015j00000AbCdEAAV\"\n".to_owned();
    zip_with(
        &dir.path().join("WE_00D_2.ZIP"),
        &[("Account.csv".to_owned(), body.clone())],
    );
    zip_with(
        &dir.path().join("WE_00D_1.ZIP"),
        &[
            ("Account.csv".to_owned(), body.clone()),
            ("Contact.csv".to_owned(), body.clone()),
        ],
    );
    let found = locate(&[dir.path().to_path_buf()], None).unwrap();
    let labels: Vec<(&str, Vec<&str>)> = found
        .values()
        .map(|f| {
            (
                f.object.as_str(),
                f.files.iter().map(|x| x.label.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            (
                "Account",
                vec!["WE_00D_1.ZIP/Account.csv", "WE_00D_2.ZIP/Account.csv"]
            ),
            ("Contact", vec!["WE_00D_1.ZIP/Contact.csv"]),
        ]
    );
    let only: std::collections::BTreeSet<String> = ["Contact".to_owned()].into();
    assert_eq!(
        locate(&[dir.path().to_path_buf()], Some(&only))
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["Contact"]
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        locate(&[empty.path().to_path_buf()], None),
        Err(ExportError::Empty { .. })
    ));
}
