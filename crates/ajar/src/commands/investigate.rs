//! `ajar investigate`: from the org's metadata, history, logs and data export to the incident
//! facts, the legal decisions and the drafts (issue #7).

mod history;
mod intrusion;
mod logs;
mod outputs;
mod pipeline;

use crate::cli::Ctx;
use clap::{Args, ValueEnum};
use miette::Result;
use std::path::PathBuf;

pub(crate) use logs::LOGS_SUPPORTED;
pub(crate) use outputs::{summary, write as write_outputs};
pub(crate) use pipeline::{Investigation, investigate};

/// The language of the report and the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl LangArg {
    pub(crate) fn lang(self) -> ajar_render::view::Lang {
        match self {
            Self::Ja => ajar_render::view::Lang::Ja,
            Self::En => ajar_render::view::Lang::En,
        }
    }
}

/// Establish what was exposed and read, decide what the law requires, and draft the documents.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  ajar investigate --metadata org/metadata --export org/export \\\n    --logs org/logs --geoip org/geoip/ip-country.csv --history org/history \\\n    --discovered 2020-11-24 --out incident/"
)]
pub(crate) struct InvestigateArgs {
    /// The metadata tree while the exposure was open (sfdx or mdapi); optional for an
    /// intrusion (`--ioc`, `--actor`).
    #[arg(long, value_name = "DIR", required_unless_present_any = ["ioc", "actor"])]
    pub(crate) metadata: Option<PathBuf>,
    /// Indicators of compromise naming an intruder (CSV `type,value[,source]`, as `hunt
    /// --ioc`): the incident is then an intrusion through the API. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub(crate) ioc: Vec<PathBuf>,
    /// One indicator, `TYPE=VALUE` (as `hunt --actor`). Repeatable.
    #[arg(long, value_name = "TYPE=VALUE")]
    pub(crate) actor: Vec<String>,
    /// The Data Export: its zip files or their extracted folder.
    #[arg(long, value_name = "DIR|ZIP", num_args = 1.., required = true)]
    pub(crate) export: Vec<PathBuf>,
    /// The export's encoding, as chosen at export time (`utf-8`, `cp932`, `iso-8859-1`...).
    #[arg(long, value_name = "LABEL", default_value = "utf-8")]
    pub(crate) export_encoding: String,
    /// Event logs (files or folders) for the confirmed set; without them it is "unknown".
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub(crate) logs: Vec<PathBuf>,
    /// A finished `ajar hunt --format json` report, instead of `--logs`.
    #[arg(long, value_name = "FILE", conflicts_with = "logs")]
    pub(crate) hunt_report: Option<PathBuf>,
    /// Setup Audit Trail CSV (with `--logs`).
    #[arg(long, value_name = "FILE")]
    pub(crate) audit_trail: Option<PathBuf>,
    /// Zone of the audit trail's dates (IANA name; default the home country's zone).
    #[arg(long, value_name = "ZONE")]
    pub(crate) audit_tz: Option<String>,
    /// Locale of the audit trail's dates (`en_US`, `en_GB`, `ja_JP`), as downloaded.
    #[arg(long, value_name = "LOCALE")]
    pub(crate) audit_locale: Option<String>,
    /// The metadata history: a git repository of metadata snapshots.
    #[arg(long, value_name = "GIT_DIR")]
    pub(crate) history: Option<PathBuf>,
    /// IP → country database (mmdb or `start,end,country` CSV), with `--logs`.
    #[arg(long, value_name = "FILE")]
    pub(crate) geoip: Option<PathBuf>,
    /// The day the organisation knew (知った日), YYYY-MM-DD: deadlines count from it.
    #[arg(long, value_name = "DATE")]
    pub(crate) discovered: Option<jiff::civil::Date>,
    /// When the controller became aware, for the GDPR's 72 hours (default: the start of
    /// `--discovered` in the home country's zone).
    #[arg(long, value_name = "TIMESTAMP")]
    pub(crate) aware_at: Option<jiff::Timestamp>,
    /// The organisation's country (ISO code): national phone numbers and "abroad".
    #[arg(long, value_name = "CC", default_value = "JP", value_parser = home_country)]
    pub(crate) home_country: String,
    /// Apply a regime even when none of its persons appear in the export: `EU` (GDPR), `KR`
    /// (PIPA), `SG` (PDPA), `US-CA` (Civil Code §1798.82, applied only when asked). Repeatable.
    #[arg(long, value_name = "REGION", value_parser = ["EU", "KR", "SG", "US-CA"], value_delimiter = ',')]
    pub(crate) jurisdiction: Vec<String>,
    /// The country (ISO code) of the organisation's main establishment in the EU/EEA, when it
    /// has one: the GDPR then applies under Art. 3(1) and the authority there leads (Art. 56).
    /// Default: `--home-country` when it is in the EU/EEA.
    #[arg(long, value_name = "CC", value_parser = home_country)]
    pub(crate) controller_establishment: Option<String>,
    /// The organisation handles the data for another business (a processor, 委託先): it tells
    /// the business that entrusted the data (APPI Rules Art. 9; GDPR Art. 33(2)).
    #[arg(long)]
    pub(crate) processor: bool,
    /// The organisation is a public body (行政機関等): APPI Art. 68 and Rules Art. 43 apply
    /// instead of Art. 26 (more than 100 persons, not 1,000).
    #[arg(long)]
    pub(crate) public_body: bool,
    /// A field (`Object.Field`) protected by advanced encryption whose key was not compromised:
    /// left out of the APPI events (Rules Art. 7). Repeatable.
    #[arg(long, value_name = "FIELD")]
    pub(crate) encrypted: Vec<String>,
    /// Language of the HTML report and the summary (drafts are written in both).
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub(crate) lang: LangArg,
    /// Write every output without personal data.
    #[arg(long)]
    pub(crate) redact: bool,
    /// "Now", for the platform rules when nothing else dates the incident (YYYY-MM-DD;
    /// default `SOURCE_DATE_EPOCH`, else today).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of_now: Option<jiff::civil::Date>,
    /// PermissionSetAssignment CSV, passed to the scan.
    #[arg(long, value_name = "CSV")]
    pub(crate) assignments: Option<PathBuf>,
    /// Where to write incident.json, the drafts, the notification list and report.html.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Also write the exposed records as a table for DuckDB, Spark or Trino: `parquet DIR` or
    /// `jsonl DIR` (docs/scale-out.md; `ajar sql` prints the queries).
    #[arg(long, num_args = 2, value_names = ["FORMAT", "DIR"])]
    pub(crate) emit: Vec<String>,
}

/// The organisation's side of the law input: establishment, role, exposed fields and the
/// encryption exemption (issue #14). Fails when `--encrypted` names no exposed field.
pub(crate) fn organisation_facts(
    input: &mut ajar_analyze::law::LawInput,
    args: &InvestigateArgs,
    exposed: &ajar_model::incident::Exposed,
) -> Result<()> {
    input.establishment = args
        .controller_establishment
        .clone()
        .or_else(|| Some(args.home_country.to_ascii_uppercase()))
        .filter(|c| ajar_analyze::law::gdpr::is_eea(c));
    input.processor = args.processor;
    input.public_body = args.public_body;
    input.fields = exposed
        .by_object
        .iter()
        .flat_map(|o| &o.fields)
        .filter(|f| f.non_empty > 0)
        .filter_map(|f| {
            f.class.map(|class| ajar_analyze::law::FieldFact {
                field: f.field.clone(),
                class,
                my_number: ajar_model::classify::is_my_number(&f.field, f.label.as_deref()),
            })
        })
        .collect();
    // At most the object's persons, at most the records holding a value (law.md §1.9).
    let my_number_persons: u64 = exposed
        .by_object
        .iter()
        .map(|o| {
            o.fields
                .iter()
                .filter(|f| ajar_model::classify::is_my_number(&f.field, f.label.as_deref()))
                .map(|f| f.non_empty.min(o.persons))
                .max()
                .unwrap_or(0)
        })
        .sum();
    input.my_number_persons = my_number_persons.min(exposed.persons);
    for e in &args.encrypted {
        if !input.fields.iter().any(|f| f.field.eq_ignore_ascii_case(e)) {
            return Err(miette::miette!(
                "`--encrypted {e}` names no exposed personal field (expected Object.Field, one of: {})",
                input
                    .fields
                    .iter()
                    .map(|f| f.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    input.encrypted_fields = input
        .fields
        .iter()
        .filter(|f| {
            args.encrypted
                .iter()
                .any(|e| e.eq_ignore_ascii_case(&f.field))
        })
        .map(|f| f.field.clone())
        .collect();
    // A class is exempt only when every exposed field of it is encrypted (Rules Art. 7).
    let mut classes: Vec<_> = input.fields.iter().map(|f| f.class).collect();
    classes.sort();
    classes.dedup();
    input.encrypted = classes
        .into_iter()
        .filter(|c| {
            input
                .fields
                .iter()
                .filter(|f| f.class == *c)
                .all(|f| input.encrypted_fields.contains(&f.field))
        })
        .collect();
    Ok(())
}

fn home_country(value: &str) -> std::result::Result<String, String> {
    crate::output::country_code("--home-country", value).map_err(|e| e.to_string())
}

/// Refuses outputs over inputs and dates that cannot be (issue #15).
fn check_args(args: &InvestigateArgs) -> Result<()> {
    let mut inputs: Vec<&std::path::Path> = args.metadata.iter().map(PathBuf::as_path).collect();
    inputs.extend(args.ioc.iter().map(PathBuf::as_path));
    inputs.extend(args.export.iter().map(PathBuf::as_path));
    inputs.extend(args.logs.iter().map(PathBuf::as_path));
    for p in [
        &args.hunt_report,
        &args.audit_trail,
        &args.history,
        &args.geoip,
        &args.assignments,
    ]
    .into_iter()
    .flatten()
    {
        inputs.push(p.as_path());
    }
    crate::output::refuse_over_inputs(&args.out, "--out", &inputs)?;
    if let Some(d) = args.discovered {
        // The machine's clock, not `--as-of-now`: a day of knowing after today is a typo.
        let today = jiff::ZonedDateTime::now().date();
        if today.tomorrow().is_ok_and(|t| d > t) {
            return Err(miette::miette!(
                "`--discovered {d}` is in the future (today is {today})"
            ));
        }
    }
    Ok(())
}

pub(crate) fn run(args: InvestigateArgs, ctx: &Ctx) -> Result<u8> {
    check_args(&args)?;
    let emit = super::emit::Emit::from_args(&args.emit)?;
    if let Some(e) = &emit {
        e.prepare(&["exposed"])?;
    }
    let inv = investigate(&args, ctx)?;
    let written = write_outputs(&inv, &args)?;
    if let Some(e) = &emit {
        let t = write_exposed(&inv, e)?;
        ctx.note(&format!(
            "emit: {} exposed record(s) in {} file(s) under {}",
            t.rows,
            t.files.len(),
            e.dir.display()
        ));
    }
    let text = summary(&inv, args.lang.lang(), &written, &args.out);
    crate::output::emit(None, text.as_bytes(), crate::output::Sensitivity::Public)?;
    Ok(crate::EXIT_OK)
}

/// Writes the exposed records, with the window's days, as the `exposed` table.
fn write_exposed(
    inv: &Investigation,
    emit: &super::emit::Emit,
) -> Result<ajar_render::tables::Written> {
    let window = &inv.facts.window;
    let mut w = emit.writer::<ajar_model::table::ExposedRecord>(0)?;
    for r in &inv.records {
        let mut r = r.clone();
        r.window_start = window.start.date;
        r.window_end = window.end.date;
        w.write(r).map_err(|e| miette::miette!("{e}"))?;
    }
    super::emit::finish(w, &emit.dir)
}
