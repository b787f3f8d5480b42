//! `ajar sql`: every dialect's script parses, so a typo cannot ship (issue #9).

use sqlparser::dialect::{DatabricksDialect, Dialect, DuckDbDialect, GenericDialect, HiveDialect};
use sqlparser::parser::Parser;

use crate::support::run;

fn script(dialect: &str) -> String {
    let o = run(&[
        "sql",
        "--dialect",
        dialect,
        "--events",
        "s3://lake/ajar/events",
        "--exposed",
        "s3://lake/ajar/exposed",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Parses `sql` and returns the statements' kinds (first keyword).
fn parse(dialect: &dyn Dialect, sql: &str) -> Vec<String> {
    let statements = Parser::parse_sql(dialect, sql)
        .unwrap_or_else(|e| panic!("{dialect:?} does not parse: {e}\n{sql}"));
    statements
        .iter()
        .map(|s| {
            s.to_string()
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// The five queries come last, as SELECT or WITH statements.
fn ends_with_the_queries(kinds: &[String]) {
    let n = ajar_queries();
    assert!(kinds.len() > n);
    for k in &kinds[kinds.len() - n..] {
        assert!(k == "WITH" || k == "SELECT", "{k}");
    }
}

fn ajar_queries() -> usize {
    5
}

#[test]
fn duckdb_script_parses() {
    let sql = script("duckdb");
    assert!(
        sql.contains("read_parquet('s3://lake/ajar/events/*/*.parquet', hive_partitioning = true)")
    );
    let kinds = parse(&DuckDbDialect {}, &sql);
    assert_eq!(kinds.len(), 7, "two views, five queries");
    ends_with_the_queries(&kinds);
}

#[test]
fn spark_script_parses() {
    let sql = script("spark");
    assert!(sql.contains("parquet.`s3://lake/ajar/events`"));
    for d in [&DatabricksDialect {} as &dyn Dialect, &HiveDialect {}] {
        let kinds = parse(d, &sql);
        assert_eq!(kinds.len(), 7);
        ends_with_the_queries(&kinds);
    }
}

#[test]
fn trino_script_parses() {
    let sql = script("trino");
    assert!(sql.contains("external_location = 's3://lake/ajar/events'"));
    assert!(sql.contains("partitioned_by = ARRAY['event_date']"));
    let kinds = parse(&GenericDialect {}, &sql);
    assert_eq!(
        kinds[..5],
        ["CREATE", "CREATE", "CALL", "CREATE", "USE"].map(String::from)
    );
    ends_with_the_queries(&kinds);
}

#[test]
fn a_bad_home_country_is_a_usage_error() {
    let o = run(&["sql", "--dialect", "duckdb", "--home-country", "Japan"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("two-letter ISO code"));
}

#[test]
fn the_duckdb_script_is_pinned() {
    insta::assert_snapshot!(script("duckdb"));
}
