//! The investigation as SQL for DuckDB, Spark and Trino, over the tables of [`crate::tables`]
//! (issue #9). The query texts live in `crates/ajar-render/sql/`: one setup file per dialect
//! (how the engine finds the files) and one set of queries in the SQL the three share.

/// The SQL dialect asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB (`read_parquet` with Hive partitioning).
    DuckDb,
    /// Spark SQL (`parquet.` + backquoted path).
    Spark,
    /// Trino over a Hive catalog (external tables).
    Trino,
}

/// Where the tables are, and the home country.
#[derive(Debug, Clone, Copy)]
pub struct SqlParams<'a> {
    /// The events table's folder (`out/events`, `s3://bucket/ajar/events`).
    pub events: &'a str,
    /// The exposed table's folder.
    pub exposed: &'a str,
    /// ISO code of the organisation's country: reads from elsewhere are "abroad".
    pub home_country: &'a str,
}

/// The names of the queries, in the order they are printed; each follows a `-- query: NAME`
/// line.
pub const QUERIES: &[&str] = &["confirmed", "totals", "by_country", "by_ip", "by_day"];

const QUERIES_SQL: &str = include_str!("../sql/queries.sql");
const SETUP_DUCKDB: &str = include_str!("../sql/setup-duckdb.sql");
const SETUP_SPARK: &str = include_str!("../sql/setup-spark.sql");
const SETUP_TRINO: &str = include_str!("../sql/setup-trino.sql");

/// A string literal's content: quotes doubled (ANSI SQL).
fn literal(s: &str) -> String {
    s.replace('\'', "''")
}

/// A backquoted identifier's content (Spark): backquotes doubled.
fn backquoted(s: &str) -> String {
    s.replace('`', "``")
}

fn folder(s: &str) -> &str {
    let t = s.trim_end_matches('/');
    if t.is_empty() { s } else { t }
}

/// The whole script: setup, then every query.
pub fn render(dialect: Dialect, params: &SqlParams<'_>) -> String {
    let setup = match dialect {
        Dialect::DuckDb => SETUP_DUCKDB,
        Dialect::Spark => SETUP_SPARK,
        Dialect::Trino => SETUP_TRINO,
    };
    let events = folder(params.events);
    let exposed = folder(params.exposed);
    let home: String = params
        .home_country
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let fill = |t: &str| {
        t.replace("{{events_bt}}", &backquoted(events))
            .replace("{{exposed_bt}}", &backquoted(exposed))
            .replace("{{events}}", &literal(events))
            .replace("{{exposed}}", &literal(exposed))
            .replace("{{home}}", &home)
    };
    let mut out = fill(setup);
    out.push('\n');
    out.push_str(&fill(QUERIES_SQL));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_is_named_in_order() {
        let names: Vec<&str> = QUERIES_SQL
            .lines()
            .filter_map(|l| l.strip_prefix("-- query: "))
            .collect();
        assert_eq!(names, QUERIES);
    }

    #[test]
    fn paths_are_quoted_and_the_home_country_is_letters_only() {
        let s = render(
            Dialect::Spark,
            &SqlParams {
                events: "s3a://b/it's`/events/",
                exposed: "x",
                home_country: "jp'; DROP",
            },
        );
        assert!(s.contains("parquet.`s3a://b/it's``/events`"));
        assert!(s.contains("<> 'JPDROP'"));
        let d = render(
            Dialect::DuckDb,
            &SqlParams {
                events: "o'k",
                exposed: "x",
                home_country: "JP",
            },
        );
        assert!(d.contains("read_parquet('o''k/*/*.parquet'"));
    }
}
