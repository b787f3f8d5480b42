use super::*;
use ajar_model::event::{AccessEvent, Outcome, PrincipalClass};
use ajar_model::sfid::SfId;
use ajar_model::span::Span;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

type Files = Arc<Mutex<BTreeMap<String, Vec<u8>>>>;

/// Keeps every file in memory.
#[derive(Default)]
struct Memory(Files);

struct MemFile(Files, String, Vec<u8>);

impl Write for MemFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.2.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .insert(self.1.clone(), self.2.clone());
        Ok(())
    }
}

impl Opener for Memory {
    fn open(&mut self, rel: &str) -> std::io::Result<Box<dyn Write + Send>> {
        Ok(Box::new(MemFile(
            self.0.clone(),
            rel.to_owned(),
            Vec::new(),
        )))
    }
}

fn event(time: &str, principal: PrincipalClass, ids: &[&str], line: u64) -> AccessEvent {
    AccessEvent {
        time: time.parse().unwrap(),
        event_type: "URI".into(),
        principal,
        principal_reason: "USER_TYPE Guest".into(),
        user_id: Some("0055j000000utlPAAQ".into()),
        ip: Some("81.2.69.142".parse().unwrap()),
        log_country: None,
        outcome: Outcome::Read,
        record_ids: ids.iter().map(|i| SfId::parse(i).unwrap()).collect(),
        objects: vec!["Case".into()],
        uri: Some("/s/case/5005j00000AbCdE".into()),
        request_id: Some("4exLFFQZ0yZ".into()),
        session_key: None,
        user_agent: None,
        actions: vec![],
        api: None,
        source: Span::new("URI/2020-11-20.csv", line),
    }
}

fn rows() -> Vec<EventRow> {
    let evs = [
        event(
            "2020-11-20T10:00:00.123Z",
            PrincipalClass::Guest,
            &["5005j00000AbCdE", "5005j00000AbCdF"],
            2,
        ),
        event("2020-11-20T23:59:59.999Z", PrincipalClass::Internal, &[], 3),
        event(
            "2020-11-21T00:00:00Z",
            PrincipalClass::External,
            &["5005j00000AbCdE"],
            4,
        ),
    ];
    let mut rows = Vec::new();
    for e in &evs {
        ajar_model::table::each_row(
            e,
            Some(("GB", "geoip")),
            |_| Some("Case"),
            |r| rows.push(r.to_row()),
        );
    }
    rows
}

fn write_events(format: TableFormat) -> BTreeMap<String, Vec<u8>> {
    let mem = Memory::default();
    let files = mem.0.clone();
    let mut w = TableWriter::<EventRow>::new(format, 0, "ajar test", Box::new(mem)).unwrap();
    for r in rows() {
        w.write(r).unwrap();
    }
    let written = w.finish().unwrap();
    assert_eq!(written.rows, 4);
    let got = files.lock().unwrap().clone();
    assert_eq!(written.files, got.keys().cloned().collect::<Vec<_>>());
    got
}

#[test]
fn events_are_flattened_per_record() {
    let r = rows();
    assert_eq!(r.len(), 4, "two records, no record, one record");
    assert_eq!(r[2].record_id, None);
    assert_eq!(r[2].object.as_deref(), Some("Case"), "the one object named");
    assert_eq!(r[0].record_id.unwrap().as_str().len(), 18);
}

#[test]
fn jsonl_is_partitioned_by_utc_day_with_every_column() {
    let files = write_events(TableFormat::Jsonl);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "events/event_date=2020-11-20/part-00000.jsonl",
            "events/event_date=2020-11-21/part-00000.jsonl"
        ]
    );
    let day1 = String::from_utf8(files[names[0]].clone()).unwrap();
    insta::assert_snapshot!("events_jsonl", day1);
    // Absent values are null, not missing: every line has the same keys.
    for line in day1.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v.as_object().unwrap().len(), 16);
    }
}

#[cfg(feature = "parquet")]
mod parquet_files {
    use super::*;
    use ::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Int64Type, TimestampMicrosecondType};

    fn read(
        bytes: &[u8],
    ) -> (
        arrow_array::RecordBatch,
        ::parquet::file::metadata::ParquetMetaData,
    ) {
        let b =
            ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::copy_from_slice(bytes)).unwrap();
        let meta = b.metadata().as_ref().clone();
        let mut reader = b.build().unwrap();
        let batch = reader.next().unwrap().unwrap();
        assert!(reader.next().is_none());
        (batch, meta)
    }

    #[test]
    fn parquet_round_trips_with_utc_micro_timestamps() {
        let files = write_events(TableFormat::Parquet);
        let day1 = &files["events/event_date=2020-11-20/part-00000.parquet"];
        let (batch, meta) = read(day1);
        assert_eq!(batch.num_rows(), 3);
        assert_eq!(
            batch.schema().field(0).data_type(),
            &arrow_schema::DataType::Timestamp(
                arrow_schema::TimeUnit::Microsecond,
                Some("UTC".into())
            )
        );
        let t = batch.column(0).as_primitive::<TimestampMicrosecondType>();
        assert_eq!(t.value(0), 1_605_866_400_123_000);
        let rec = batch
            .column_by_name("record_id")
            .unwrap()
            .as_string::<i32>();
        assert_eq!(rec.value(0), "5005j00000AbCdEAAV");
        assert!(rec.is_null(2), "the internal event names no record");
        let line = batch
            .column_by_name("source_line")
            .unwrap()
            .as_primitive::<Int64Type>();
        assert_eq!(line.value(2), 3);
        let p = batch
            .column_by_name("principal")
            .unwrap()
            .as_string::<i32>();
        assert_eq!(p.value(2), "internal");
        let fm = meta.file_metadata();
        assert_eq!(fm.created_by(), Some("ajar test"));
        let kv = fm.key_value_metadata().unwrap();
        assert!(
            kv.iter()
                .any(|k| k.key == "ajar.schema" && k.value.as_deref() == Some("ajar.events/1"))
        );
        assert!(kv.iter().all(|k| k.key != "ARROW:schema"));
    }

    #[test]
    fn same_rows_give_same_bytes() {
        assert_eq!(
            write_events(TableFormat::Parquet),
            write_events(TableFormat::Parquet)
        );
    }

    #[test]
    fn parquet_and_jsonl_have_the_same_columns() {
        let pq = write_events(TableFormat::Parquet);
        let js = write_events(TableFormat::Jsonl);
        let (batch, _) = read(&pq["events/event_date=2020-11-21/part-00000.parquet"]);
        let cols: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let line =
            String::from_utf8(js["events/event_date=2020-11-21/part-00000.jsonl"].clone()).unwrap();
        let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
        let keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        let mut a = cols.clone();
        a.sort();
        assert_eq!(a, keys);
    }

    #[test]
    fn many_rows_stream_in_batches() {
        let mem = Memory::default();
        let files = mem.0.clone();
        let mut w =
            TableWriter::<EventRow>::new(TableFormat::Parquet, 7, "ajar test", Box::new(mem))
                .unwrap();
        let n = BATCH_ROWS * 2 + 5;
        let r = rows().remove(0);
        for i in 0..n {
            let mut r = r.clone();
            r.source_line = i as u64;
            w.write(r).unwrap();
        }
        w.finish().unwrap();
        let files = files.lock().unwrap();
        let bytes = &files["events/event_date=2020-11-20/part-00007.parquet"];
        let b =
            ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::copy_from_slice(bytes)).unwrap();
        assert_eq!(b.metadata().file_metadata().num_rows(), n as i64);
        let mut last = -1;
        for batch in b.build().unwrap() {
            let l = batch.unwrap();
            let l = l
                .column_by_name("source_line")
                .unwrap()
                .as_primitive::<Int64Type>();
            for v in l.values() {
                assert_eq!(*v, last + 1, "rows keep their order");
                last = *v;
            }
        }
        assert_eq!(last, n as i64 - 1);
    }

    #[test]
    fn exposed_records_have_items_and_window_dates() {
        let mem = Memory::default();
        let files = mem.0.clone();
        let mut w =
            TableWriter::<ExposedRecord>::new(TableFormat::Parquet, 0, "ajar test", Box::new(mem))
                .unwrap();
        w.write(ExposedRecord {
            record_id: SfId::parse("5005j00000AbCdE").unwrap(),
            object: "Case".into(),
            person: Some(1),
            items: vec![
                ajar_model::classify::DataClass::Name,
                ajar_model::classify::DataClass::Phone,
            ],
            window_start: Some(jiff::civil::date(2016, 1, 15)),
            window_end: Some(jiff::civil::date(2020, 11, 26)),
        })
        .unwrap();
        w.write(ExposedRecord {
            record_id: SfId::parse("5005j00000AbCdF").unwrap(),
            object: "Case".into(),
            person: None,
            items: vec![],
            window_start: None,
            window_end: None,
        })
        .unwrap();
        assert_eq!(w.finish().unwrap().files, ["exposed/part-00000.parquet"]);
        let files = files.lock().unwrap();
        let (batch, _) = read(&files["exposed/part-00000.parquet"]);
        let start = batch
            .column_by_name("window_start")
            .unwrap()
            .as_primitive::<Date32Type>();
        assert_eq!(
            start.value(0),
            16815,
            "2016-01-15 is day 16815 of the Unix epoch"
        );
        assert!(start.is_null(1));
        let items = batch.column_by_name("items").unwrap().as_list::<i32>();
        let first = items.value(0);
        let first = first.as_string::<i32>();
        assert_eq!((first.value(0), first.value(1)), ("name", "phone"));
        assert_eq!(items.value(1).len(), 0);
        let person = batch
            .column_by_name("person")
            .unwrap()
            .as_primitive::<Int64Type>();
        assert!(person.is_null(1));
    }
}

#[test]
fn a_rows_partition_is_its_utc_date() {
    // Around midnight, before 1970, far ahead; every 97 minutes over a few years.
    let mut secs: Vec<i64> = vec![
        -1,
        0,
        1,
        86_399,
        86_400,
        -86_401,
        4_102_444_799,
        4_102_444_800,
    ];
    secs.extend((0..20_000).map(|i| 1_577_836_800 + i * 97 * 60 - 1));
    for s in secs {
        let t = jiff::Timestamp::from_second(s).unwrap();
        assert_eq!(
            utc_date(t),
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
            "{t}"
        );
    }
}

proptest::proptest! {
    /// Each row goes to the file of its UTC date, whatever the order of the days (the writer
    /// keeps the last row's day), before 1970 and with fractions of a second.
    #[test]
    fn each_row_lands_in_its_days_file(
        micros in proptest::collection::vec(
            proptest::prop_oneof![
                -200_000_000_000i64..200_000_000_000,
                -1_000_000i64..1_000_000,
                -4_000_000_000_000_000i64..4_000_000_000_000_000,
            ],
            1..40,
        )
    ) {
        use proptest::prop_assert_eq;
        let mem = Memory::default();
        let files = mem.0.clone();
        let mut w = TableWriter::<EventRow>::new(TableFormat::Jsonl, 0, "t", Box::new(mem)).unwrap();
        let base = rows().remove(0);
        for (i, us) in micros.iter().enumerate() {
            let mut r = base.clone();
            r.event_time = jiff::Timestamp::from_microsecond(*us).unwrap();
            r.source_line = i as u64;
            w.write(r).unwrap();
        }
        w.finish().unwrap();
        let mut seen = 0;
        for (name, bytes) in files.lock().unwrap().iter() {
            for line in std::str::from_utf8(bytes).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                let i = usize::try_from(v["source_line"].as_u64().unwrap()).unwrap();
                let t = jiff::Timestamp::from_microsecond(micros[i]).unwrap();
                let day = t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
                prop_assert_eq!(name, &format!("events/event_date={day}/part-00000.jsonl"));
                seen += 1;
            }
        }
        prop_assert_eq!(seen, micros.len());
    }
}
