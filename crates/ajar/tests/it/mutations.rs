//! Nothing lost silently (issue #15): a generated org, mutated one way at a time, must give the
//! same figures, or a coverage gap or an error that names the cause; a legal verdict never turns
//! to "no" by losing evidence, and no error prints a record's value.
//!
//! The org is generated once per test binary (the `small` scenario) and copied per mutation.
//! Adding a mutation is one line in [`MUTATIONS`]: a name (`cN:` for the issue's class N), what
//! to do to the copy, extra arguments, and what must follow. Each class has a `#[test]` that
//! runs its mutations; `other_mutations_keep_the_invariant` runs the rest.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

mod direct;
mod memory;
mod ops;
use ops::*;

/// The exposed object's export file.
const BTA: &str = "export/Balance_Transfer_Application__c.csv";
/// A day of plain CSV logs, and the last day (gzipped).
const DAY: &str = "logs/2022-10-01";
const LAST: &str = "logs/2022-10-30";
/// The GeoIP table.
const GEO: &str = "geoip/ip-country.csv";

/// What must follow a mutation.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exit 0 and the same figures and verdicts as the unmutated org.
    Same,
    /// Exit 0, the same figures, and a gap of this kind (something was set aside, openly).
    SameWithGap(&'static str),
    /// Exit 0, a gap of this kind, and no verdict "no".
    Gap(&'static str),
    /// Exit 2, this text in the message, no `incident.json` written.
    Error(&'static str),
}
use Expect::{Error, Gap, Same, SameWithGap};

struct Mutation {
    name: &'static str,
    apply: fn(&Path),
    args: &'static [&'static str],
    expect: Expect,
}

const fn m(
    name: &'static str,
    apply: fn(&Path),
    args: &'static [&'static str],
    expect: Expect,
) -> Mutation {
    Mutation {
        name,
        apply,
        args,
        expect,
    }
}

fn none(_: &Path) {}

/// The mutations. One line each.
#[rustfmt::skip]
const MUTATIONS: &[Mutation] = &[
    // Class 1: an exposed object's export lost.
    m("c1: export reduced to its header", |o| keep_records(&o.join(BTA), 1), &[], Gap("empty-export-object")),
    m("c1: export file missing", |o| rm(&o.join(BTA)), &[], Gap("no-export-object")),
    // Class 2: export rows cut short, repeated ids.
    m("c2: 50 export rows cut short", |o| cut_rows(&o.join(BTA), 50), &[], Gap("misaligned-export-rows")),
    m("c2: an export row with an extra field", |o| extra_field(&o.join(BTA)), &[], Gap("misaligned-export-rows")),
    m("c2: a repeated Id with other values", |o| repeat_id(&o.join(BTA), true), &[], Gap("duplicate-export-id")),
    m("c2: a repeated Id, same values", |o| repeat_id(&o.join(BTA), false), &[], Same),
    // Class 3: a stray row does not stretch the logs' coverage.
    m("c3: a log row two years early", |o| stray_row(&o.join(DAY).join("URI.csv")), &[], SameWithGap("stray-log-rows")),
    // Class 4: rows and files hunt skips reach investigate.
    m("c4: a log row with a bad timestamp", |o| bad_timestamp(&o.join(DAY).join("URI.csv")), &[], Gap("skipped-rows")),
    m("c4: a log row with too few fields", |o| append(&o.join(DAY).join("URI.csv"), b"\"URI\",\"x\"\n"), &[], Gap("skipped-rows")),
    m("c4: an unreadable file among the logs", |o| write(&o.join(DAY).join("blob.bin"), &[0u8, 1, 2, 3, 255, 254]), &[], Gap("skipped-files")),
    m("c4: an empty file among the logs", |o| write(&o.join(DAY).join("Empty.csv"), b""), &[], Gap("skipped-files")),
    m("c4: a log file reduced to its header", |o| keep_lines(&o.join(DAY).join("URI.csv"), 1), &[], Gap("empty-log-file")),
    m("c4: a .gz that is not gzip", |o| write(&o.join(DAY).join("More.csv.gz"), b"\x1f\x8bnot really gzip"), &[], Gap("skipped-files")),
    m("c4: the last day's gzip cut in half", |o| halve(&o.join(LAST).join("URI.csv.gz")), &[], Gap("partial-file")),
    m("c4: a day of logs removed", |o| rm_dir(&o.join("logs/2022-10-15")), &[], Gap("missing-log-day")),
    // Class 5: symlinked log files and day folders are read inside the tree, reported outside it.
    m("c5: a day folder linked from inside the tree", |o| link_day(o, "logs/.store"), &[], Same),
    m("c5: a day folder linked from outside the tree", |o| link_day(o, "elsewhere"), &[], Gap("skipped-files")),
    m("c5: a log file linked from outside the tree", link_file_outside, &[], SameWithGap("skipped-files")),
    // Class 6: GeoIP ranges that cannot be right are refused, naming the line.
    m("c6: a reversed GeoIP range", |o| append(&o.join(GEO), b"10.9.0.0,10.8.0.0,JP\n"), &[], Error("ends before it starts")),
    m("c6: overlapping GeoIP ranges", |o| append(&o.join(GEO), b"10.8.0.0,10.8.0.255,JP\n10.8.0.128,10.8.1.0,CN\n"), &[], Error("overlaps")),
    m("c6: a nested GeoIP range", |o| append(&o.join(GEO), b"10.8.0.0,10.8.255.255,JP\n10.8.1.0,10.8.1.255,US\n"), &[], Error("overlaps")),
    m("same: a GeoIP range repeated", |o| repeat_last_line(&o.join(GEO)), &[], Same),
    // Class 7: a REST answer that says it is one page of several.
    m("c7: a REST page with done false", |o| write(&o.join(DAY).join("page.json"), REST_PAGE), &[], SameWithGap("partial-file")),
    // Class 8: the same events in another format or a wider file count once.
    m("c8: a day's rows also as JSON lines", |o| to_json_lines(&o.join(DAY).join("URI.csv")), &[], SameWithGap("duplicate-rows")),
    m("c8: a week's file beside its daily files", week_file, &[], SameWithGap("duplicate-rows")),
    // Class 9: a gzip stream cut short or followed by junk: what decodes is used, the rest said.
    m("c9: junk after a small gzip", |o| append(&o.join(LAST).join("URI.csv.gz"), b"junk after the stream"), &[], Gap("partial-file")),
    m("c9: a gzip cut to its first bytes", |o| keep_bytes(&o.join(LAST).join("API.csv.gz"), 40), &[], Gap("skipped-files")),
    // Class 10: options that cannot be right are refused.
    m("c10: --home-country JPN", none, &["--home-country", "JPN"], Error("--home-country")),
    m("c10: --home-country Japan", none, &["--home-country", "Japan"], Error("--home-country")),
    m("c10: --home-country XX", none, &["--home-country", "XX"], Error("--home-country")),
    m("c10: --discovered before the exposure", none, &["--discovered", "2010-01-01"], Error("before the exposure began")),
    m("c10: --discovered in the future", none, &["--discovered", "2999-01-01"], Error("in the future")),
    m("c10: hunt --outside JPN", none, &["hunt", "--outside", "JPN"], Error("--outside")),
    m("c10: hunt --since after --until", none, &["hunt", "--since", "2022-10-20", "--until", "2022-10-10"], Error("--since")),
    // Class 11: outputs never land on inputs.
    m("c11: --out is the export folder", none, &["--out", "{org}/export"], Error("refusing to write over evidence")),
    m("c11: --out inside the logs", none, &["--out", "{org}/logs/report"], Error("refusing to write over evidence")),
    m("c11: hunt --output onto a log file", none, &["hunt", "--output", "{org}/logs/2022-10-01/URI.csv"], Error("refusing to write over evidence")),
    m("c11: --out locked by another run", lock_folder, &["--out", "{org}/locked"], Error(".ajar.lock")),
    // Class 13: a duplicated header column.
    m("c13: a duplicated export column", |o| dup_column(&o.join(BTA)), &[], Error("appears twice")),
    m("c13: a duplicated log column", |o| dup_log_column(&o.join(DAY).join("URI.csv")), &[], Gap("skipped-files")),
    // Class 14: `--strict` stops at unusable rows.
    m("c14: hunt --strict and a bad timestamp", |o| { bad_timestamp(&o.join(DAY).join("URI.csv")); rm(&o.join("logs/SetupAuditTrail.csv")) }, &["hunt", "--strict"], Error("URI.csv")),
    // Formats that must change nothing.
    m("same: nothing changed", none, &[], Same),
    m("same: export with a BOM", |o| prepend(&o.join(BTA), b"\xEF\xBB\xBF"), &[], Same),
    m("same: export with CRLF line ends", |o| crlf_records(&o.join(BTA)), &[], Same),
    m("same: an exact repeat of an export row", |o| repeat_id(&o.join(BTA), false), &[], Same),
    m("same: a blank line at the end of the export", |o| append(&o.join(BTA), b"\n"), &[], Same),
    m("same: logs with CRLF line ends", |o| crlf(&o.join(DAY).join("URI.csv")), &[], Same),
    m("same: a day's CSV gzipped", |o| gzip(&o.join(DAY).join("URI.csv")), &[], Same),
    m("same: a day's gzip unpacked", |o| gunzip(&o.join(LAST).join("URI.csv.gz")), &[], Same),
    m("same: a day split into two files", |o| split(&o.join(DAY).join("URI.csv")), &[], Same),
    m("same: a day's logs one folder deeper", |o| deeper(&o.join(DAY)), &[], Same),
    m("same: a day's file also downloaded hourly", |o| copy_as(&o.join(DAY).join("URI.csv"), "URI-hour00.csv"), &[], SameWithGap("duplicate-rows")),
    m("same: a gzip of two members", |o| two_members(&o.join(DAY).join("URI.csv")), &[], Same),
    m("same: a README among the logs", |o| write(&o.join("logs/README.txt"), b"downloaded by the SOC\n"), &[], SameWithGap("skipped-files")),
    m("same: GeoIP table with CRLF", |o| crlf(&o.join("geoip/ip-country.csv")), &[], Same),
    m("same: User export rows reversed", |o| reverse_records(&o.join("export/User.csv")), &[], Same),
    m("same: export rows reversed", |o| reverse_records(&o.join(BTA)), &[], Same),
    m("same: the Setup Audit Trail removed", |o| rm(&o.join("logs/SetupAuditTrail.csv")), &[], Same),
];

// ---- the org, once ----------------------------------------------------------------------

struct Org {
    _dir: tempfile::TempDir,
    root: PathBuf,
    base_dir: PathBuf,
    base: Value,
    /// A value from the export that no message may print.
    planted: String,
}

/// `ajar args…` with "now" on 2023-11-14 (`SOURCE_DATE_EPOCH`).
fn run_2023(args: &[String]) -> Output {
    crate::support::ajar()
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap()
}

fn org() -> &'static Org {
    static ORG: OnceLock<Org> = OnceLock::new();
    ORG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("org");
        let out = run_2023(&s(&[
            "synth",
            "--scenario",
            "small",
            "--out",
            p(&root),
            "--quiet",
        ]));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The ground truth stays out of what investigate reads.
        std::fs::rename(root.join("truth"), dir.path().join("truth")).unwrap();
        let (out, base) = investigate(&root, &dir.path().join("base"), &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let base = base.unwrap();
        let text = std::fs::read_to_string(root.join(BTA)).unwrap();
        let planted = text
            .lines()
            .nth(1)
            .and_then(|l| l.split("\",\"").nth(9))
            .unwrap()
            .to_owned();
        Org {
            base_dir: dir.path().join("base"),
            _dir: dir,
            root,
            base,
            planted,
        }
    })
}

fn s(a: &[&str]) -> Vec<String> {
    a.iter().map(|x| (*x).to_owned()).collect()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn hunt(org: &Path, extra: &[&str]) -> Output {
    let mut args = s(&[
        "hunt",
        p(&org.join("logs")),
        "--geoip",
        p(&org.join("geoip/ip-country.csv")),
        "--users",
        p(&org.join("export/User.csv")),
        "--format",
        "json",
    ]);
    args.extend(s(extra));
    run_2023(&args)
}

fn investigate(org: &Path, out: &Path, extra: &[&str]) -> (Output, Option<Value>) {
    let mut args = s(&[
        "investigate",
        "--metadata",
        p(&org.join("metadata")),
        "--export",
        p(&org.join("export")),
        "--logs",
        p(&org.join("logs")),
        "--geoip",
        p(&org.join("geoip/ip-country.csv")),
        "--history",
        p(&org.join("history")),
        "--discovered",
        "2022-10-28",
        "--out",
        p(out),
    ]);
    // A flag given by the mutation replaces the default one.
    for flag in extra.iter().filter(|a| a.starts_with("--")) {
        if let Some(i) = args.iter().position(|a| a == flag) {
            args.drain(i..i + 2);
        }
    }
    args.extend(s(extra));
    let o = run_2023(&args);
    let inc = std::fs::read(out.join("incident.json"))
        .ok()
        .map(|b| serde_json::from_slice(&b).unwrap());
    (o, inc)
}

/// The figures and verdicts a mutation must not change silently.
fn figures(inc: &Value) -> Value {
    let verdicts: Vec<Value> = inc["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| serde_json::json!([d["jurisdiction"], d["reportable"], d["notify_individuals"]]))
        .collect();
    serde_json::json!({
        "exposed": [inc["exposed"]["records"], inc["exposed"]["persons"], inc["exposed"]["items"]],
        "confirmed": [inc["confirmed"]["records"], inc["confirmed"]["persons"],
            inc["confirmed"]["records_abroad"], inc["confirmed"]["persons_abroad"]],
        "verdicts": verdicts,
    })
}

fn has_gap(inc: &Value, kind: &str) -> bool {
    inc["coverage"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["kind"] == kind)
}

/// Runs one mutation; `Err` says what went wrong.
fn check(mu: &Mutation) -> Result<(), String> {
    let org = org();
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("org");
    copy_tree(&org.root, &copy);
    (mu.apply)(&copy);
    let out = work.path().join("out");
    let args: Vec<String> = mu
        .args
        .iter()
        .map(|a| a.replace("{org}", p(&copy)))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (o, inc) = match args.split_first() {
        Some((&"hunt", rest)) => (hunt(&copy, rest), None),
        _ => investigate(&copy, &out, &args),
    };
    // Messages are wrapped to the terminal's width: compare words.
    let stderr = String::from_utf8_lossy(&o.stderr)
        .split_whitespace()
        .filter(|w| !matches!(*w, "|" | "│"))
        .collect::<Vec<_>>()
        .join(" ");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    if stderr.contains(&org.planted) {
        return Err("stderr prints a value from the export".into());
    }
    let code = o.status.code();
    let base = figures(&org.base);
    match (mu.expect, inc) {
        (Error(text), inc) => {
            if code != Some(2) {
                return Err(format!("exit {code:?}, not 2; stderr: {stderr}"));
            }
            if !stderr.contains(text) {
                return Err(format!("the error does not name `{text}`: {stderr}"));
            }
            if inc.is_some() || (out.exists() && std::fs::read_dir(&out).unwrap().next().is_some())
            {
                return Err("an output was written despite the error".into());
            }
            Ok(())
        }
        (_, None) => Err(format!("exit {code:?}, no incident.json; stderr: {stderr}")),
        (_, Some(_)) if code != Some(0) => Err(format!("exit {code:?}; stderr: {stderr}")),
        (Same, Some(inc)) => {
            let got = figures(&inc);
            (got == base)
                .then_some(())
                .ok_or_else(|| format!("figures changed: {got} vs {base}\n{stdout}"))
        }
        (SameWithGap(kind), Some(inc)) => {
            let got = figures(&inc);
            if got != base {
                return Err(format!("figures changed: {got} vs {base}"));
            }
            has_gap(&inc, kind)
                .then_some(())
                .ok_or_else(|| format!("no `{kind}` gap: {}", inc["coverage"]["gaps"]))
        }
        (Gap(kind), Some(inc)) => {
            if !has_gap(&inc, kind) {
                return Err(format!("no `{kind}` gap: {}", inc["coverage"]["gaps"]));
            }
            // The unmutated org is reportable: a "no" here came from lost evidence.
            for d in inc["decisions"].as_array().unwrap() {
                if d["reportable"] == "no" || d["notify_individuals"] == "no" {
                    return Err(format!("verdict turned to no: {d}"));
                }
            }
            Ok(())
        }
    }
}

fn run(prefix: &str) {
    let chosen: Vec<&Mutation> = MUTATIONS
        .iter()
        .filter(|mu| mu.name.starts_with(prefix))
        .collect();
    assert!(!chosen.is_empty(), "no mutation named {prefix}*");
    let failures: Vec<String> = chosen
        .iter()
        .filter_map(|mu| check(mu).err().map(|e| format!("{}: {e}", mu.name)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn there_are_at_least_thirty_mutations_with_unique_names() {
    assert!(MUTATIONS.len() >= 30, "{}", MUTATIONS.len());
    let names: std::collections::BTreeSet<&str> = MUTATIONS.iter().map(|m| m.name).collect();
    assert_eq!(names.len(), MUTATIONS.len());
}

/// Issue #15, class 1: an exposed object's export reduced to its header or missing.
#[test]
fn issue15_c1_lost_export_is_a_gap_and_never_no() {
    run("c1:");
}

/// Issue #15, class 2: short rows and repeated ids in the export.
#[test]
fn issue15_c2_bad_export_rows_are_gaps() {
    run("c2:");
}

/// Issue #15, class 3: a stray row two years early does not stretch coverage.
#[test]
fn issue15_c3_a_stray_row_is_a_gap() {
    run("c3:");
}

/// Issue #15, class 4: rows and files hunt skips reach investigate.
#[test]
fn issue15_c4_skipped_log_input_reaches_investigate() {
    run("c4:");
}

/// Issue #15, class 5: symlinked logs.
#[test]
fn issue15_c5_symlinks_are_read_inside_the_tree_or_reported() {
    run("c5:");
}

/// Issue #15, class 6: GeoIP ranges validated.
#[test]
fn issue15_c6_bad_geoip_ranges_are_refused() {
    run("c6:");
}

/// Issue #15, class 7: a REST answer with more pages is partial.
#[test]
fn issue15_c7_a_rest_page_is_partial() {
    run("c7:");
}

/// Issue #15, class 8: the same events as CSV and JSON lines, or in a weekly file beside the
/// daily ones, count once.
#[test]
fn issue15_c8_events_in_two_files_count_once() {
    run("c8:");
}

/// Issue #15, class 9: damaged gzip streams, at any size.
#[test]
fn issue15_c9_damaged_gzip_is_used_as_far_as_it_decodes() {
    run("c9:");
}

/// Issue #15, class 10: country codes and dates validated.
#[test]
fn issue15_c10_impossible_options_are_refused() {
    run("c10:");
}

/// Issue #15, class 11: outputs never land on inputs.
#[test]
fn issue15_c11_outputs_over_inputs_are_refused() {
    run("c11:");
}

/// Issue #15, class 13: a duplicated header column.
#[test]
fn issue15_c13_duplicate_columns_are_refused() {
    run("c13:");
}

/// Issue #15, class 14: `--strict` stops at unusable rows.
#[test]
fn issue15_c14_strict_stops() {
    run("c14:");
}

#[test]
fn other_mutations_keep_the_invariant() {
    run("same:");
}
