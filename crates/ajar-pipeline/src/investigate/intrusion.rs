//! An intrusion through the API (`--ioc`, `--actor`; issue #16): the logs through the hunt
//! with the indicators, the actor's takes against the export
//! (`ajar_analyze::impact::assess_intrusion`), what the stolen identities could read, and the
//! law with a third party's wrongful access.

use super::assemble::{Case, assemble};
use super::{InvestigateOptions, Investigation};
use crate::{Progress, step};
use ajar_adapters::export::{self, Export};
use ajar_analyze::impact::{self, assess_intrusion};
use ajar_analyze::law::OutsideAccess;
use ajar_model::actor::{Actor, IdentityReach, Indicator};
use ajar_model::event::HuntReport;
use ajar_model::incident::{Bound, Confidence, IncidentKind, LogCoverage, Window};
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
    opts: &InvestigateOptions,
    progress: &dyn Progress,
    indicators: Vec<Indicator>,
) -> Result<Investigation> {
    if opts.logs.is_empty() {
        return Err(miette!(
            "`--ioc`/`--actor` need `--logs`: the intruder is found in the event logs"
        ));
    }
    let encoding = super::encoding(opts)?;
    let export = step(progress, "reading the data export", || {
        export::load(&opts.export, None, encoding)
            .into_diagnostic()
            .wrap_err("cannot read the data export")
    })?;
    let hunt = step(progress, "reading logs", || {
        super::logs::hunt(
            opts,
            export.table("User"),
            super::logs::held_key_prefixes(&export),
            indicators,
        )
    })?;
    let actor = hunt.actor.clone().unwrap_or_default();
    let win = window(&actor);
    let result = step(
        progress,
        "counting the records taken and their persons",
        || Ok(assess_intrusion(&actor, &export.tables, &opts.home_country)),
    )?;
    let (identity_reach, reach_gaps) = reach(opts, progress, &actor, &export)?;
    let mut coverage = ajar_analyze::impact::confirmed::coverage(Some(&hunt), &win);
    coverage.gaps.extend(reach_gaps);
    for g in &result.gaps {
        if !coverage.gaps.contains(g) {
            coverage.gaps.push(g.clone());
        }
    }
    actor_gaps(&mut coverage, &actor, &hunt);
    let case = Case {
        kind: IncidentKind::Intrusion,
        // A third party using stolen credentials: access for a wrongful purpose
        // (intrusions.md §5, law.md §1.2 E3).
        access: if actor.events.is_empty() {
            OutsideAccess::NoneSeen
        } else {
            OutsideAccess::Wrongful
        },
        actor: Some(actor),
        identity_reach,
        window: win,
        coverage,
        ruled_out: false,
        public_exposure: false,
    };
    assemble(opts, case, result)
}

/// With `--metadata`: what the stolen identities could have read, beside what they took, and
/// the gaps of that answer.
fn reach(
    opts: &InvestigateOptions,
    progress: &dyn Progress,
    actor: &Actor,
    export: &Export,
) -> Result<(Option<IdentityReach>, Vec<CoverageGap>)> {
    let Some(dir) = opts.metadata.as_deref() else {
        return Ok((None, Vec::new()));
    };
    let (org, mut gaps) = step(progress, "reading the identity's permissions", || {
        ajar_adapters::metadata::load(dir)
            .into_diagnostic()
            .wrap_err_with(|| format!("{}: cannot read the metadata", dir.display()))
    })?;
    let reach = impact::identity_reach(&actor.users, &org, &export.tables);
    for u in &reach.users {
        for h in &u.unread {
            gaps.push(CoverageGap {
                kind: "identity-holder-not-in-metadata".to_owned(),
                message: format!(
                    "{h} of user {} is not in the metadata: what the identity could read may be wider",
                    u.user_id
                ),
                span: None,
            });
        }
    }
    Ok((Some(reach), gaps))
}

/// The API logs' days missing within the actor's activity, and an actor no event matched.
fn actor_gaps(coverage: &mut LogCoverage, actor: &Actor, hunt: &HuntReport) {
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
}
