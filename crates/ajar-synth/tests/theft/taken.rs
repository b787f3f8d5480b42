//! What the actor's requests took, re-derived from the logs and the Data Export, and the
//! checks of the truth's objects and credentials against it.

use super::reader::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What the actor's requests took, per object: record IDs, evidence strengths, last access.
pub(crate) struct Taken {
    pub(crate) ids: BTreeMap<String, BTreeSet<String>>,
    strength: BTreeMap<String, BTreeSet<&'static str>>,
    last_access: BTreeMap<String, i64>,
}

/// What each actor request took, from the logs and the export alone.
pub(crate) fn taken_by_requests(t: &Value, ex: &BTreeMap<String, Rows>, actor: &[&Ev]) -> Taken {
    let id_of = |o: &str, id: &str| -> String {
        // A 15- or 18-char ID in the logs names an 18-char export ID.
        ex[o]
            .iter()
            .find(|r| r["Id"].starts_with(id) || id.starts_with(&r["Id"][..15]))
            .map(|r| r["Id"].clone())
            .unwrap_or_else(|| panic!("{o} {id} is not in the export"))
    };
    let mut taken: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut strength: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut last_access: BTreeMap<String, i64> = BTreeMap::new();
    let mut note = |o: &str, s: &'static str, at: i64, ids: Vec<String>| {
        strength.entry(o.into()).or_default().insert(s);
        let e = last_access.entry(o.into()).or_insert(at);
        *e = (*e).max(at);
        taken.entry(o.into()).or_default().extend(ids);
    };
    let mut count_queries = 0;
    for e in actor {
        match e.kind.as_str() {
            "ApiEvent" => {
                let q = &e.row["Query"];
                let rows: u64 = e.row["RowsProcessed"].parse().unwrap();
                let o = e.row["QueriedEntities"].clone();
                if q.starts_with("SELECT COUNT()") {
                    count_queries += 1;
                    continue;
                }
                let recs = &e.row["Records"];
                if recs.is_empty() {
                    // SOQL and a count: evaluated on the export as of the query's time; the
                    // count must agree.
                    let got = evaluate(q, &ex[&o], e.ms);
                    assert_eq!(got.len() as u64, rows, "{q}");
                    note(
                        &o,
                        "evaluated",
                        e.ms,
                        got.iter().map(|r| r["Id"].clone()).collect(),
                    );
                } else {
                    let j: Value = serde_json::from_str(recs).unwrap();
                    let ids: Vec<String> = j["records"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| id_of(&o, r["Id"].as_str().unwrap()))
                        .collect();
                    assert_eq!(ids.len() as u64, rows);
                    assert!(ids.len() < 1000, "a page of fewer than 1000 IDs (trap 26)");
                    // The logged IDs are what the SOQL gives as of that time.
                    let all: BTreeSet<String> = evaluate(q, &ex[&o], e.ms)
                        .iter()
                        .map(|r| r["Id"].clone())
                        .collect();
                    assert_eq!(j["totalSize"].as_u64().unwrap(), all.len() as u64);
                    assert!(ids.iter().all(|i| all.contains(i)));
                    note(&o, "logged-ids", e.ms, ids);
                }
            }
            "RestApi" if e.row["METHOD"] == "GET" => {
                let uri = &e.row["URI"];
                let parts: Vec<&str> = uri.split('/').collect();
                if let ["", "services", "data", _, "sobjects", o, id] = parts.as_slice() {
                    assert_eq!(e.row["STATUS_CODE"], "200");
                    assert_eq!(&e.row["URI_ID_DERIVED"], id);
                    note(o, "logged-ids", e.ms, vec![id_of(o, id)]);
                }
            }
            "BulkApi2" if e.row["JOB_STATUS"] == "JobComplete" => {
                // Count only: equal to the object's count at that time means every record.
                let o = e.row["ENTITY_TYPE"].clone();
                let n: u64 = e.row["RECORDS_PROCESSED"].parse().unwrap();
                let existing: Vec<String> = ex[&o]
                    .iter()
                    .filter(|r| created(r) < e.ms)
                    .map(|r| r["Id"].clone())
                    .collect();
                assert_eq!(existing.len() as u64, n, "every {o} record at that time");
                note(&o, "count-only", e.ms, existing);
            }
            _ => {}
        }
    }
    assert_eq!(
        count_queries,
        t["not_counted"]["count_queries"].as_u64().unwrap()
    );
    assert!(count_queries >= 5, "SELECT COUNT() across objects");
    Taken {
        ids: taken,
        strength,
        last_access,
    }
}

/// Per object: the records taken, their evidence, persons, and records created afterwards.
pub(crate) fn check_objects(t: &Value, ex: &BTreeMap<String, Rows>, taken: &Taken) {
    let (strength, last_access, taken) = (&taken.strength, &taken.last_access, &taken.ids);
    let mut total = 0;
    let mut all_person_rows = Vec::new();
    for obj in t["objects"].as_array().unwrap() {
        let o = obj["object"].as_str().unwrap();
        let want = strs(&obj["ids"]);
        let got = taken.get(o).cloned().unwrap_or_default();
        assert_eq!(got, want, "{o}: records taken");
        assert_eq!(want.len() as u64, obj["records"].as_u64().unwrap());
        let ev: BTreeSet<String> = strength
            .get(o)
            .map(|s| s.iter().map(|x| (*x).to_string()).collect())
            .unwrap_or_default();
        assert_eq!(ev, strs(&obj["evidence"]), "{o}: evidence");
        // Self-consistency: every ID is in the export and existed before the last access.
        let rows: Vec<&BTreeMap<String, String>> =
            ex[o].iter().filter(|r| want.contains(&r["Id"])).collect();
        assert_eq!(rows.len(), want.len(), "{o}: IDs in the export");
        let last = last_access[o];
        assert!(rows.iter().all(|r| created(r) < last));
        let after = ex[o].iter().filter(|r| created(r) > last).count() as u64;
        assert_eq!(after, obj["created_after"].as_u64().unwrap(), "{o}");
        assert!(after > 0, "{o}: records created after the actor's access");
        assert_eq!(
            after,
            t["not_counted"]["created_after"][o].as_u64().unwrap()
        );
        if o != "Account" {
            let own: Vec<(String, &BTreeMap<String, String>)> =
                rows.iter().map(|r| (o.to_string(), *r)).collect();
            assert_eq!(
                persons(&own) as u64,
                obj["persons"].as_u64().unwrap(),
                "{o}: persons"
            );
            all_person_rows.extend(own);
        } else {
            assert_eq!(obj["persons"], 0);
        }
        total += want.len() as u64;
    }
    for o in ["Case", "Lead"] {
        let obj = t["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["object"] == o)
            .unwrap();
        assert!(
            obj["created_after_matching"].as_u64().unwrap() > 0,
            "{o}: later records matching the query"
        );
    }
    assert_eq!(total, t["records_taken"].as_u64().unwrap());
    let p = persons(&all_person_rows) as u64;
    assert_eq!(p, t["persons_taken"].as_u64().unwrap());
    let per_object: u64 = t["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["persons"].as_u64().unwrap())
        .sum();
    assert!(p < per_object, "some persons are in several objects");
    let strengths: BTreeSet<String> = t["objects"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| strs(&o["evidence"]))
        .collect();
    assert_eq!(
        strengths,
        ["count-only", "evaluated", "logged-ids"]
            .iter()
            .map(|s| (*s).to_string())
            .collect()
    );
}

/// Credentials: found in the export by their shapes; taken when the record left with the field.
pub(crate) fn check_secrets(
    t: &Value,
    ex: &BTreeMap<String, Rows>,
    taken: &BTreeMap<String, BTreeSet<String>>,
) {
    let mut found = BTreeSet::new();
    for (o, rows) in ex {
        for r in rows {
            for (f, v) in r {
                for (marker, kind) in SECRET_MARKERS {
                    if v.contains(marker) {
                        assert!(v.contains("synthetic test value"), "{v}");
                        found.insert((kind.to_string(), o.clone(), r["Id"].clone(), f.clone()));
                    }
                }
            }
        }
    }
    let planted: BTreeSet<(String, String, String, String)> = t["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap().to_string(),
                s["object"].as_str().unwrap().to_string(),
                s["record_id"].as_str().unwrap().to_string(),
                s["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found, planted);
    let mut taken_secrets = 0;
    for s in t["secrets"].as_array().unwrap() {
        let o = s["object"].as_str().unwrap();
        let obj = t["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["object"] == o)
            .unwrap();
        let in_set = taken
            .get(o)
            .is_some_and(|ids| ids.contains(s["record_id"].as_str().unwrap()));
        // Fields of Case records differ per request, but every Case request read Description.
        let field_read = strs(&obj["fields"]).contains(s["field"].as_str().unwrap());
        assert_eq!(s["taken"].as_bool().unwrap(), in_set && field_read, "{s}");
        taken_secrets += u64::from(in_set && field_read);
    }
    assert_eq!(taken_secrets, t["secrets_taken"].as_u64().unwrap());
    assert!(taken_secrets >= 5 && t["not_counted"]["secrets_not_taken"].as_u64().unwrap() >= 3);
}
