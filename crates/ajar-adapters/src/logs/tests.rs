use super::*;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Default)]
struct Collect {
    rows: Vec<(u64, Option<String>, BTreeMap<Field, String>)>,
    bad: Vec<(u64, String)>,
    audit: Vec<AuditEvent>,
}

impl RowSink for Collect {
    fn row(&mut self, row: &RawRow<'_>) {
        let vals = fields::ALL
            .iter()
            .filter_map(|f| row.get(*f).map(|v| (*f, v.to_string())))
            .collect();
        self.rows
            .push((row.line, row.event_type.map(str::to_string), vals));
    }
    fn malformed(&mut self, line: u64, reason: &str) {
        self.bad.push((line, reason.to_string()));
    }
    fn audit(&mut self, event: AuditEvent) {
        self.audit.push(event);
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn read(path: &Path) -> (FileRead, Collect) {
    let mut c = Collect::default();
    let part = Part {
        path: path.to_path_buf(),
        display: "x".into(),
        range: None,
    };
    let r = read_part(&part, &ReadOptions::default(), &mut c).unwrap();
    (r, c)
}

const URI_CSV: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"USER_TYPE\",\"CLIENT_IP\",\"URI\",\"FORWARDED_FOR_IP\",\"TIMESTAMP_DERIVED\"\n\
\"URI\",\"20201120050707.128\",\"4exLFFQZ\",\"Guest\",\"81.2.69.142\",\"/s/detail/a0B5g00000XyZab\",\"1.1.1.1,2.2.2.2\",\"2020-11-20T05:07:07.128Z\"\n\
\"URI\",\"20201120050708\",\"4exLFFQa\",\"Standard\",\"Salesforce.com IP\",\"/home\",\"\",\"\"\n";

#[test]
fn elf_csv_reads_by_header() {
    let dir = tempfile::tempdir().unwrap();
    let (r, c) = read(&write(dir.path(), "a.csv", URI_CSV.as_bytes()));
    assert_eq!(r.kind, LogKind::ElfCsv);
    assert_eq!(r.rows, 2);
    assert_eq!(c.rows[0].0, 2);
    assert_eq!(c.rows[0].1.as_deref(), Some("URI"));
    assert_eq!(c.rows[0].2[&Field::Uri], "/s/detail/a0B5g00000XyZab");
    // An empty value is absent (trap 20's empty TIMESTAMP_DERIVED).
    assert!(!c.rows[1].2.contains_key(&Field::TimestampDerived));
}

#[test]
fn crlf_bom_and_reordered_columns_read_the_same() {
    // Traps 18 and the BOM/CRLF of formats.md §2.1.
    let dir = tempfile::tempdir().unwrap();
    let (_, plain) = read(&write(dir.path(), "a.csv", URI_CSV.as_bytes()));
    let mut crlf = vec![0xEF, 0xBB, 0xBF];
    crlf.extend_from_slice(URI_CSV.replace('\n', "\r\n").as_bytes());
    let (r, bom) = read(&write(dir.path(), "b.csv", &crlf));
    assert_eq!(r.kind, LogKind::ElfCsv);
    let norm = |c: &Collect| c.rows.iter().map(|r| r.2.clone()).collect::<Vec<_>>();
    assert_eq!(norm(&plain), norm(&bom));
    // Columns reversed.
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(URI_CSV.as_bytes());
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let rev: Vec<&str> = rec.iter().rev().collect();
        out.write_record(rev).unwrap();
    }
    let (_, rev) = read(&write(dir.path(), "c.csv", &out.into_inner().unwrap()));
    assert_eq!(norm(&plain), norm(&rev));
}

#[test]
fn triple_quotes_and_quoted_newlines() {
    // Trap 19 and a value holding a line break; the row after it keeps its line number.
    let text = "\"EVENT_TYPE\",\"TIMESTAMP\",\"URL\",\"URI\"\n\
\"ApexCallout\",\"20240311160000.000\",\"\"\"https://test.local.test\"\"\",\"a\nb\"\n\
\"ApexCallout\",\"20240311170000\",\"x\",\"/c\"\n";
    let dir = tempfile::tempdir().unwrap();
    let (_, c) = read(&write(dir.path(), "a.csv", text.as_bytes()));
    assert_eq!(c.rows.len(), 2);
    assert_eq!(c.rows[0].2[&Field::Uri], "a\nb");
    assert_eq!(c.rows[1].0, 4);
    let part = Part {
        path: write(dir.path(), "q.csv", text.as_bytes()),
        display: "q".into(),
        range: None,
    };
    let _ = part;
}

#[test]
fn forwarded_for_stays_one_field() {
    // Trap 23: `"a,b"` is one value; the row keeps its field count.
    let dir = tempfile::tempdir().unwrap();
    let (_, c) = read(&write(dir.path(), "a.csv", URI_CSV.as_bytes()));
    assert!(c.bad.is_empty());
    assert_eq!(c.rows[0].2[&Field::ClientIp], "81.2.69.142");
}

#[test]
fn short_row_is_skipped_with_its_line() {
    let text = format!("{URI_CSV}\"URI\",\"20201120050709\"\n");
    let dir = tempfile::tempdir().unwrap();
    let (r, c) = read(&write(dir.path(), "a.csv", text.as_bytes()));
    assert_eq!(r.rows, 2);
    assert_eq!(
        c.bad,
        vec![(4, "row has 2 fields, the header 8".to_string())]
    );
    let part = Part {
        path: dir.path().join("a.csv"),
        display: "a".into(),
        range: None,
    };
    let strict = ReadOptions {
        strict: true,
        ..Default::default()
    };
    let e = read_part(&part, &strict, &mut Collect::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("a.csv:4: row has 2 fields, the header 8"),
        "{e}"
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn gzip_is_found_by_magic_and_a_cut_one_is_partial() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::from(URI_CSV);
    for i in 0..20_000 {
        big.push_str(&format!(
            "\"URI\",\"20201120050707\",\"r{i}\",\"Guest\",\"81.2.69.142\",\"/s/{i}\",\"\",\"\"\n"
        ));
    }
    let gz = gzip(big.as_bytes());
    let (r, c) = read(&write(dir.path(), "whole.bin", &gz));
    assert_eq!(r.rows, 20_002);
    assert_eq!(r.truncated_after, None);
    assert_eq!(c.rows.len(), 20_002);
    let (r, c) = read(&write(dir.path(), "cut.csv.gz", &gz[..gz.len() / 2]));
    assert!(r.truncated_after.is_some(), "a truncated gzip is reported");
    assert!(
        !c.rows.is_empty() && c.rows.len() < 20_002,
        "rows before the cut are kept"
    );
}

#[test]
fn concatenated_gzip_members_are_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let (head, tail) = URI_CSV.split_at(URI_CSV.find("\"URI\",\"2020112005070").unwrap());
    let mut gz = gzip(head.as_bytes());
    gz.extend(gzip(tail.as_bytes()));
    let (r, _) = read(&write(dir.path(), "m.gz", &gz));
    assert_eq!(r.rows, 2);
}

#[test]
fn unknown_and_header_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let (r, _) = read(&write(dir.path(), "notes.csv", b"name,phone\nx,y\n"));
    assert!(matches!(r.kind, LogKind::Unknown(_)));
    let (r, _) = read(&write(
        dir.path(),
        "empty.csv",
        b"\"EVENT_TYPE\",\"TIMESTAMP\"\n",
    ));
    assert_eq!((r.kind, r.rows), (LogKind::ElfCsv, 0));
    let (r, _) = read(&write(dir.path(), "zero.csv", b""));
    assert!(matches!(r.kind, LogKind::Unknown(_)));
}

#[test]
fn json_lines_envelopes_and_rest_records() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"EVENT_TYPE":"URI","TIMESTAMP":"20201120050707","URI":"/s/a"}
{"channel":"/event/ApiEventStream","data":{"event":{"replayId":""},"payload":{"EventDate":"2023-03-21T19:42:13.264+0000","SourceIp":"198.51.100.1","RowsProcessed":2.0}}}
{
  "totalSize": 1,
  "done": true,
  "records": [{"attributes": {"type": "UriEvent"}, "EventDate": "2023-03-21T21:59:44.159+0000", "RecordId": "000000000000123AbC"}]
}
{"API_VERSION,USER_INITIATED_LOGOUT":"1","EVENT_TYPE":"Logout","USER_TYPE":"Standard(db=S,api=Standard)"}
not json
"#;
    let (r, c) = read(&write(dir.path(), "a.log", text.as_bytes()));
    assert_eq!(r.kind, LogKind::Json);
    let types: Vec<_> = c
        .rows
        .iter()
        .map(|r| (r.0, r.1.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        types,
        [
            (1, "URI".into()),
            (2, "ApiEvent".into()),
            (3, "UriEvent".into()),
            (8, "Logout".into())
        ]
    );
    assert_eq!(c.rows[1].2[&Field::RowsProcessed], "2.0");
    assert_eq!(c.rows[2].2[&Field::RecordId], "000000000000123AbC");
    // Trap 28: the odd key is ignored whole, the rest of the row is read.
    assert_eq!(c.rows[3].2[&Field::UserType], "Standard(db=S,api=Standard)");
    assert_eq!(c.bad.len(), 1);
    assert_eq!(c.bad[0].0, 9);
}

#[test]
fn a_truncated_json_line_costs_that_line_only() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"EVENT_TYPE":"URI","TIMESTAMP":"20201120050707","URI":"/s/a"}
{"EVENT_TYPE":"URI","TIMESTAMP":"2020112005
{"EVENT_TYPE":"URI","TIMESTAMP":"20201120050709","URI":"/s/c"}
{
  "EVENT_TYPE": "URI",
  "NESTED": {"a": 1}
}
"#;
    let (r, c) = read(&write(dir.path(), "cut.json", text.as_bytes()));
    assert_eq!(r.kind, LogKind::Json);
    let lines: Vec<u64> = c.rows.iter().map(|r| r.0).collect();
    assert_eq!(lines, [1, 3, 4]);
    assert_eq!(c.bad.len(), 1);
    assert_eq!(c.bad[0].0, 2);
}

#[test]
fn an_endless_json_value_is_skipped_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // 70 MiB in one line without a newline, then a sound row.
    let mut text = String::from("{\"EVENT_TYPE\":\"URI\",\"URI\":\"");
    text.push_str(&"x".repeat(70 << 20));
    text.push_str("\"}\n{\"EVENT_TYPE\":\"URI\",\"URI\":\"/s/b\"}\n");
    let (r, c) = read(&write(dir.path(), "big.json", text.as_bytes()));
    assert_eq!(r.kind, LogKind::Json);
    assert_eq!(c.rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2]);
    assert_eq!(c.bad.len(), 1);
    assert_eq!(c.bad[0].0, 1);
    assert!(c.bad[0].1.contains("over 64 MiB"), "{:?}", c.bad);
}

#[test]
fn audit_csv_needs_a_locale_for_day_month_dates() {
    // Trap 30.
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "SetupAuditTrail.csv",
        b"Date,User,Source Namespace Prefix,Action,Section,Delegate User\n\"9/10/2026, 4:21:14 AM UTC\",admin@example.com,,Changed sharing rule,Sharing Rules,\n",
    );
    let part = Part {
        path: p.clone(),
        display: "s".into(),
        range: None,
    };
    let e = read_part(&part, &ReadOptions::default(), &mut Collect::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("SetupAuditTrail.csv:2: audit trail date is ambiguous"),
        "{e}"
    );
    let opts = ReadOptions {
        audit: AuditOptions {
            locale: Some(crate::audit::Locale::MonthFirst),
            tz: None,
        },
        ..Default::default()
    };
    let mut c = Collect::default();
    let r = read_part(&part, &opts, &mut c).unwrap();
    assert_eq!(r.kind, LogKind::AuditCsv);
    assert_eq!(c.audit[0].time.to_string(), "2026-09-10T04:21:14Z");
    assert_eq!(c.audit[0].section, "Sharing Rules");
    assert_eq!(c.audit[0].source.line, 2);
}

#[test]
fn split_parts_read_the_same_rows_as_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(URI_CSV);
    for i in 0..3000 {
        let uri = if i % 5 == 0 {
            format!("/s/{i}\n\"\",\"\"x")
        } else {
            format!("/s/{i}")
        };
        text.push_str(&format!(
            "\"URI\",\"20201120050707\",\"r{i}\",\"Guest\",\"81.2.69.142\",\"{}\",\"\",\"\"\r\n",
            uri.replace('"', "\"\"")
        ));
    }
    let p = write(dir.path(), "big.csv", text.as_bytes());
    let (_, whole) = read(&p);
    // r0 spans lines 4–5 (a quoted line break), so r1 starts on line 6, CRLF or not.
    assert_eq!((whole.rows[2].0, whole.rows[3].0), (4, 6));
    let units = plan(&[(p.clone(), "big.csv".into())], 4096).unwrap();
    assert!(units.len() > 5, "the file was split");
    let mut rows = Vec::new();
    for u in &units {
        for part in &u.parts {
            let mut c = Collect::default();
            read_part(part, &ReadOptions::default(), &mut c).unwrap();
            assert!(c.bad.is_empty());
            rows.extend(c.rows);
        }
    }
    let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
    let wl: Vec<u64> = whole.rows.iter().map(|r| r.0).collect();
    assert_eq!(lines, wl);
    assert!(rows == whole.rows, "same rows, same absolute line numbers");
}

#[test]
fn overlapping_files_share_a_task() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "daily.csv", URI_CSV.as_bytes());
    let b = write(dir.path(), "hourly.csv", URI_CSV.as_bytes());
    let c = write(dir.path(), "other.log", b"{}\n");
    let units = plan(
        &[(a, "a".into()), (b, "b".into()), (c, "c".into())],
        1 << 20,
    )
    .unwrap();
    assert_eq!(units.len(), 2);
    assert!(units.iter().any(|u| u.may_overlap && u.parts.len() == 2));
}

#[test]
fn bytes_in_memory_read_as_the_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let (want_r, want) = read(&write(dir.path(), "URI.csv", URI_CSV.as_bytes()));
    for bytes in [URI_CSV.as_bytes().to_vec(), gzip(URI_CSV.as_bytes())] {
        let mut got = Collect::default();
        let r = super::read_bytes(bytes, "logs/day/URI.csv", &ReadOptions::default(), &mut got)
            .unwrap();
        assert_eq!(r, want_r);
        assert_eq!(got.rows, want.rows);
    }
    let mut c = Collect::default();
    let cut = gzip(URI_CSV.as_bytes());
    let r = super::read_bytes(
        cut[..cut.len() - 12].to_vec(),
        "u.gz",
        &Default::default(),
        &mut c,
    )
    .unwrap();
    assert!(
        r.truncated_after.is_some() || r.rows < 2,
        "a cut gzip is reported"
    );
}

fn read_bytes(bytes: &[u8]) {
    let kind = detect(bytes);
    let mut c = Collect::default();
    let opts = ReadOptions::default();
    let p = Path::new("fuzz.csv");
    let _ = match kind {
        LogKind::ElfCsv | LogKind::RtemCsv => csv_rows::read_rows(
            bytes,
            csv_rows::Header::InFile,
            p,
            kind,
            None,
            &opts,
            &mut c,
        ),
        LogKind::Json => json_rows::read_objects(bytes, p, &opts, &mut c),
        LogKind::AuditCsv => crate::audit::read_csv(bytes, p, &opts.audit, &mut c),
        LogKind::Unknown(_) => return,
    };
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        read_bytes(&bytes);
        let mut elf = b"\"EVENT_TYPE\",\"TIMESTAMP\",\"URI\"\n".to_vec();
        elf.extend_from_slice(&bytes);
        read_bytes(&elf);
        let mut json = b"{\"EVENT_TYPE\":".to_vec();
        json.extend_from_slice(&bytes);
        read_bytes(&json);
        let _ = split::find_boundary(&bytes, 3, true, true);
    }
}

/// A CSV log with the given rows under `EVENT_TYPE,URI,QUERY`, blank lines where `blank` says,
/// quoting every value or only those that need it; with each row's first line.
fn csv_text(
    rows: &[(Vec<String>, bool)],
    every: bool,
    term: &str,
    last: bool,
) -> (String, Vec<u64>) {
    let quote = |v: &str| {
        if every || v.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", v.replace('"', "\"\""))
        } else {
            v.to_string()
        }
    };
    let mut text = format!("EVENT_TYPE,URI,QUERY{term}");
    let mut lines = Vec::new();
    for (i, (vals, blank)) in rows.iter().enumerate() {
        if *blank {
            text.push_str(term);
        }
        lines.push(1 + text.matches('\n').count() as u64);
        text.push_str(&vals.iter().map(|v| quote(v)).collect::<Vec<_>>().join(","));
        if i + 1 < rows.len() || last {
            text.push_str(term);
        }
    }
    (text, lines)
}

proptest::proptest! {
    #[test]
    fn rows_lines_and_values_are_the_written_ones(
        rows in proptest::collection::vec(
            (proptest::collection::vec("(a|\"|,|\n|\r\n| |é){0,5}", 3), proptest::prelude::any::<bool>()),
            1..12,
        ),
        every: bool,
        crlf: bool,
        last: bool,
    ) {
        let (text, lines) = csv_text(&rows, every, if crlf { "\r\n" } else { "\n" }, last);
        let mut c = Collect::default();
        let kind = LogKind::ElfCsv;
        let p = Path::new("t.csv");
        let opts = ReadOptions::default();
        csv_rows::read_rows(text.as_bytes(), csv_rows::Header::InFile, p, kind, None, &opts, &mut c)
            .unwrap();
        proptest::prop_assert!(c.bad.is_empty());
        proptest::prop_assert_eq!(c.rows.len(), rows.len());
        for ((got, (vals, _)), line) in c.rows.iter().zip(&rows).zip(&lines) {
            proptest::prop_assert_eq!(got.0, *line);
            proptest::prop_assert_eq!(got.1.as_deref(), Some(vals[0].as_str()));
            let want: BTreeMap<Field, String> = [Field::Uri, Field::Query]
                .into_iter()
                .zip(&vals[1..])
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(f, v)| (f, v.trim().to_string()))
                .collect();
            let got_vals: BTreeMap<Field, String> = got.2.iter()
                .filter(|(f, _)| **f != Field::EventType)
                .map(|(f, v)| (*f, v.clone()))
                .collect();
            proptest::prop_assert_eq!(got_vals, want);
        }
    }
}
