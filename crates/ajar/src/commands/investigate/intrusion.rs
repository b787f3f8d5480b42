//! `ajar investigate --ioc/--actor`: an intrusion through the API (issue #16). Wiring only:
//! the logs through `hunt` with the indicators, the actor's takes against the export
//! (`ajar_analyze::impact::assess_intrusion`), the law with a third party's wrongful access.

use super::InvestigateArgs;
use super::pipeline::{Investigation, home_zone, step};
use crate::cli::Ctx;
use ajar_adapters::export::{self, ExportEncoding};
use ajar_analyze::impact::{self, assess_intrusion};
use ajar_analyze::law::{self, LawInput, OutsideAccess};
use ajar_model::actor::{Actor, Indicator};
use ajar_model::incident::{Bound, Confidence, IncidentFacts, IncidentKind, Window};
use ajar_model::span::CoverageGap;
use miette::{IntoDiagnostic, Result, WrapErr, miette};

/// The window of an intrusion: from the actor's first event to its last (with the login that
/// began it).
fn window(actor: &Actor) -> Window {
    let bound = |t: Option<jiff::Timestamp>, what: &str| Bound {
        date: t.map(impact::utc_date),
        source: "logs".to_owned(),
        confidence: if t.is_some() {
            Confidence::High
        } else {
            Confidence::Low
        },
        detail: match t {
            Some(t) => format!("{what} event of the actor: {t}"),
            None => "the indicators matched no event in the logs".to_owned(),
        },
    };
    let mut start = bound(actor.first, "first");
    if let Some(b) = &actor.began_with {
        start.detail = format!(
            "{}; it began with a {} login ({}) at {}",
            start.detail,
            b.operation.as_deref().unwrap_or("logged"),
            b.source,
            b.time
        );
    }
    Window {
        start,
        end: bound(actor.last, "last"),
        sources: vec!["logs: the actor's events (--ioc, --actor)".to_owned()],
    }
}

/// Runs the investigation of an intrusion.
pub(super) fn investigate(
    args: &InvestigateArgs,
    ctx: &Ctx,
    indicators: Vec<Indicator>,
) -> Result<Investigation> {
    if args.logs.is_empty() {
        return Err(miette!(
            "`--ioc`/`--actor` need `--logs`: the intruder is found in the event logs"
        ));
    }
    let encoding = ExportEncoding::parse(&args.export_encoding).ok_or_else(|| {
        miette!(
            "unknown `--export-encoding` `{}` (utf-8, cp932, shift_jis, iso-8859-1...)",
            args.export_encoding
        )
    })?;
    let export = step(ctx, "reading the data export", || {
        export::load(&args.export, None, encoding)
            .into_diagnostic()
            .wrap_err("cannot read the data export")
    })?;
    let hunt = step(ctx, "reading logs", || {
        super::logs::analyze_logs_with(args, &export, indicators)
    })?;
    let actor = hunt.actor.clone().unwrap_or_default();
    let win = window(&actor);
    let result = step(ctx, "counting the records taken and their persons", || {
        Ok(assess_intrusion(&actor, &export.tables, &args.home_country))
    })?;
    // With `--metadata`: what the stolen identities could have read, beside what they took.
    let mut reach_gaps = Vec::new();
    let identity_reach = match args.metadata.as_deref() {
        Some(dir) => {
            let (org, gaps) = step(ctx, "reading the identity's permissions", || {
                ajar_adapters::metadata::load(dir)
                    .into_diagnostic()
                    .wrap_err_with(|| format!("{}: cannot read the metadata", dir.display()))
            })?;
            reach_gaps.extend(gaps);
            let reach = impact::identity_reach(&actor.users, &org, &export.tables);
            for u in &reach.users {
                for h in &u.unread {
                    reach_gaps.push(CoverageGap {
                        kind: "identity-holder-not-in-metadata".to_owned(),
                        message: format!(
                            "{h} of user {} is not in the metadata: what the identity could read may be wider",
                            u.user_id
                        ),
                        span: None,
                    });
                }
            }
            Some(reach)
        }
        None => None,
    };
    let mut coverage = ajar_analyze::impact::confirmed::coverage(Some(&hunt), &win);
    coverage.gaps.extend(reach_gaps);
    for g in &result.gaps {
        if !coverage.gaps.contains(g) {
            coverage.gaps.push(g.clone());
        }
    }
    if let (Some(first), Some(last)) = (actor.first, actor.last) {
        for g in impact::api_coverage(
            &hunt.coverage,
            impact::utc_date(first),
            impact::utc_date(last),
        ) {
            coverage.gaps.push(g);
        }
    }
    if actor.events.is_empty() {
        coverage.gaps.push(CoverageGap {
            kind: "actor-not-found".to_owned(),
            message: "no event of the logs matches an indicator: the intruder's activity cannot be established from these logs".to_owned(),
            span: None,
        });
    }
    let zone = home_zone(&args.home_country);
    let aware_at = args.aware_at.or_else(|| {
        args.discovered
            .and_then(|d| d.to_zoned_datetime(zone.clone()).ok())
            .map(|z| z.timestamp())
    });
    let mut law_input = LawInput {
        known: args.discovered,
        aware_at,
        persons: result.exposed.persons,
        records: result.exposed.records,
        persons_confirmed: result.confirmed.persons,
        items: result.exposed.items.clone(),
        encrypted: Vec::new(),
        // A third party using stolen credentials: access for a wrongful purpose
        // (intrusions.md §5, law.md §1.2 E3).
        access: if actor.events.is_empty() {
            OutsideAccess::NoneSeen
        } else {
            OutsideAccess::Wrongful
        },
        ruled_out: false,
        processor_notified: None,
        persons_without_channel: result.persons_without_channel,
        persons_by_country: result.persons_by_country.clone(),
        forced: args.jurisdiction.clone(),
        ..LawInput::empty()
    };
    super::organisation_facts(&mut law_input, args, &result.exposed)?;
    let mut decisions = law::decide(&law_input);
    law::undecidable(
        &mut decisions,
        &impact::missing_evidence(&coverage.gaps, &result.confirmed),
    );
    let facts = IncidentFacts {
        schema: IncidentFacts::SCHEMA.to_owned(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        discovered: args.discovered,
        home_country: args.home_country.to_ascii_uppercase(),
        kind: IncidentKind::Intrusion,
        actor: Some(actor),
        identity_reach,
        window: win,
        exposed: result.exposed,
        confirmed: result.confirmed,
        secrets: result.secrets,
        coverage,
        decisions,
    };
    Ok(Investigation {
        facts,
        persons: result.persons,
        records: result.records,
    })
}
