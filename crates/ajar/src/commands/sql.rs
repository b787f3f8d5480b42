//! `ajar sql`: print the investigation's queries for DuckDB, Spark or Trino, over the tables
//! `ajar hunt --emit parquet` and `ajar investigate --emit parquet` write (issue #9).

use crate::cli::Ctx;
use crate::output::{Sensitivity, emit};
use ajar_render::sql::{Dialect, SqlParams, render};
use clap::{Args, ValueEnum};
use miette::{Result, miette};
use std::path::PathBuf;

/// The SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DialectArg {
    /// DuckDB (local files, `read_parquet`).
    Duckdb,
    /// Spark SQL (`spark-sql -f`).
    Spark,
    /// Trino over a Hive catalog (external tables on object storage).
    Trino,
}

/// Print the SQL that computes the confirmed set, per-country and per-IP counts.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ajar hunt logs/ --users export/User.csv --emit parquet lake/\n  ajar investigate ... --emit parquet lake/\n  ajar sql --dialect duckdb --events lake/events \\\n    --exposed lake/exposed > q.sql && duckdb < q.sql\n  \
ajar sql --dialect spark --events s3a://bucket/ajar/events \\\n    --exposed s3a://bucket/ajar/exposed > q.sql && spark-sql -f q.sql"
)]
pub(crate) struct SqlArgs {
    /// The engine the queries are written for.
    #[arg(long, value_enum)]
    dialect: DialectArg,
    /// The events table: the `events` folder of an `--emit parquet` output (local path or URL).
    #[arg(long, value_name = "PATH", default_value = "ajar-lake/events")]
    events: String,
    /// The exposed-records table: the `exposed` folder of `ajar investigate --emit parquet`.
    #[arg(long, value_name = "PATH", default_value = "ajar-lake/exposed")]
    exposed: String,
    /// The organisation's country (ISO code): reads from any other are "abroad".
    #[arg(long, value_name = "CC", default_value = "JP")]
    home_country: String,
    /// Write to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: &SqlArgs, _ctx: &Ctx) -> Result<u8> {
    if args.home_country.len() != 2 || !args.home_country.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(miette!(
            "`--home-country {}`: expected a two-letter ISO code such as JP",
            args.home_country
        ));
    }
    let dialect = match args.dialect {
        DialectArg::Duckdb => Dialect::DuckDb,
        DialectArg::Spark => Dialect::Spark,
        DialectArg::Trino => Dialect::Trino,
    };
    let text = render(
        dialect,
        &SqlParams {
            events: &args.events,
            exposed: &args.exposed,
            home_country: &args.home_country,
        },
    );
    emit(args.output.as_deref(), text.as_bytes(), Sensitivity::Public)?;
    Ok(crate::EXIT_OK)
}
