//! The independent reader of the token-theft scenario's files: the csv crate, serde_json and
//! a few lines of SOQL for the query shapes the scenario uses.

use ajar_synth::{Encoding, Options, Scenario};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub(super) fn generate(seed: u64, scale: f64) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    ajar_synth::generate(
        &Options {
            scenario: Scenario::TokenTheft,
            seed,
            scale,
            encoding: Encoding::Utf8,
        },
        &org,
    )
    .unwrap();
    (tmp, org)
}

pub(super) type Rows = Vec<BTreeMap<String, String>>;

pub(super) fn read_csv(path: &Path) -> (Vec<String>, Rows) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), header.len(), "{}", path.display());
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

/// Every value double-quoted, as ELF and RTEM exports write them.
pub(super) fn assert_quoted(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with('"') && first.ends_with('"'),
        "{}",
        path.display()
    );
}

/// Unix ms of `2025-08-12T03:14:07.123Z` or `…+0000`.
pub(super) fn ms(s: &str) -> i64 {
    let s = format!("{}Z", s.trim_end_matches("+0000").trim_end_matches('Z'));
    let t: jiff::Timestamp = s.parse().unwrap();
    t.as_millisecond()
}

#[derive(Debug, Clone)]
pub(super) struct Ev {
    pub(super) kind: String,
    pub(super) ms: i64,
    pub(super) ip: String,
    pub(super) ua: String,
    pub(super) login_key: String,
    pub(super) session_key: String,
    pub(super) row: BTreeMap<String, String>,
}

pub(super) fn events(org: &Path) -> Vec<Ev> {
    let mut out = Vec::new();
    let logs = org.join("logs");
    let mut days: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    days.sort();
    for d in days {
        for f in std::fs::read_dir(&d).unwrap() {
            let p = f.unwrap().path();
            assert_quoted(&p);
            let (header, rows) = read_csv(&p);
            assert!(
                header
                    .iter()
                    .all(|h| h.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
            );
            assert!(
                !rows.is_empty(),
                "{}: days without events have no file",
                p.display()
            );
            for row in rows {
                let ip = row
                    .get("CLIENT_IP")
                    .or(row.get("SOURCE_IP"))
                    .cloned()
                    .unwrap_or_default();
                out.push(Ev {
                    kind: row["EVENT_TYPE"].clone(),
                    ms: ms(&row["TIMESTAMP_DERIVED"]),
                    ip,
                    ua: row
                        .get("USER_AGENT")
                        .or(row.get("BROWSER_TYPE"))
                        .cloned()
                        .unwrap_or_default(),
                    login_key: row.get("LOGIN_KEY").cloned().unwrap_or_default(),
                    session_key: row.get("SESSION_KEY").cloned().unwrap_or_default(),
                    row,
                });
            }
        }
    }
    let p = logs.join("ApiEvent.csv");
    assert_quoted(&p);
    let (header, rows) = read_csv(&p);
    assert!(header.contains(&"Records".to_string()) && header.contains(&"EventDate".to_string()));
    for row in rows {
        out.push(Ev {
            kind: "ApiEvent".into(),
            ms: ms(&row["EventDate"]),
            ip: row["SourceIp"].clone(),
            ua: row["UserAgent"].clone(),
            login_key: row["LoginKey"].clone(),
            session_key: row["SessionKey"].clone(),
            row,
        });
    }
    out
}

/// Export rows by object, as read.
pub(super) fn export(org: &Path) -> BTreeMap<String, Rows> {
    ["Account", "Contact", "Case", "Lead"]
        .iter()
        .map(|o| {
            (
                (*o).to_string(),
                read_csv(&org.join(format!("export/{o}.csv"))).1,
            )
        })
        .collect()
}

pub(super) fn created(row: &BTreeMap<String, String>) -> i64 {
    ms(&row["CreatedDate"])
}

/// The three WHERE shapes the scenario's queries use: `F = 'v'`, `F IN ('a', 'b')`,
/// `F < <datetime literal>`; the rows that existed at `at`.
pub(super) fn evaluate<'a>(
    soql: &str,
    rows: &'a Rows,
    at: i64,
) -> Vec<&'a BTreeMap<String, String>> {
    let (_, cond) = soql.split_once(" WHERE ").unwrap();
    rows.iter()
        .filter(|r| created(r) < at)
        .filter(|r| {
            if let Some((f, v)) = cond.split_once(" = ") {
                r[f.trim()] == v.trim().trim_matches('\'')
            } else if let Some((f, list)) = cond.split_once(" IN ") {
                list.trim_matches(|c| c == '(' || c == ')')
                    .split(',')
                    .any(|v| r[f.trim()] == v.trim().trim_matches('\''))
            } else if let Some((f, lit)) = cond.split_once(" < ") {
                ms(&r[f.trim()]) < ms(lit.trim())
            } else {
                panic!("unexpected WHERE {cond}")
            }
        })
        .collect()
}

pub(super) fn e164(raw: &str) -> Option<String> {
    let plus = raw.trim().starts_with('+');
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return None;
    }
    Some(if plus {
        format!("+{digits}")
    } else {
        format!("+81{}", digits.strip_prefix('0').unwrap_or(&digits))
    })
}

/// Persons among rows by the investigation's keys (email; name + E.164 phone).
pub(super) fn persons(rows: &[(String, &BTreeMap<String, String>)]) -> usize {
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, (object, r)) in rows.iter().enumerate() {
        let (name, email, phone) = match object.as_str() {
            "Case" => (
                r["SuppliedName"].clone(),
                r["SuppliedEmail"].clone(),
                r["SuppliedPhone"].clone(),
            ),
            _ => (
                format!("{}{}", r["FirstName"], r["LastName"]),
                r["Email"].clone(),
                r["Phone"].clone(),
            ),
        };
        let mut keys = Vec::new();
        let email = email.trim().to_lowercase();
        if email.contains('@') {
            keys.push(format!("e:{email}"));
        }
        let name: String = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if let Some(p) = e164(&phone)
            && !name.is_empty()
        {
            keys.push(format!("np:{name}|{p}"));
        }
        for k in keys {
            match first.get(&k) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    first.insert(k, i);
                }
            }
        }
    }
    (0..rows.len())
        .map(|i| find(&mut parent, i))
        .collect::<BTreeSet<_>>()
        .len()
}

pub(super) const SECRET_MARKERS: &[(&str, &str)] = &[
    ("AKIA", "aws-access-key-id"),
    ("-----BEGIN RSA PRIVATE KEY-----", "private-key"),
    ("xoxb-", "slack-token"),
    ("ghp_", "github-token"),
    ("snowflake://", "snowflake-credential"),
    ("password=", "password-pair"),
];

pub(super) fn truth(org: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap()
}

pub(super) fn strs(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}
