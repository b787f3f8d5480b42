//! One assembly of the incident facts for both kinds of incident: the law's input from the
//! impact and the organisation's facts, the decisions, the verdicts that missing evidence makes
//! undecidable, and the facts themselves.

use super::{InvestigateOptions, Investigation};
use ajar_analyze::impact::{self, Impact};
use ajar_analyze::law::{self, FieldFact, LawInput, OutsideAccess};
use ajar_model::actor::{Actor, IdentityReach};
use ajar_model::classify::is_my_number;
use ajar_model::incident::{Exposed, IncidentFacts, IncidentKind, LogCoverage, Window};
use miette::{Result, miette};

/// What differs between a guest exposure and an intrusion.
pub(super) struct Case {
    /// The kind of incident.
    pub(super) kind: IncidentKind,
    /// The intruder (an intrusion).
    pub(super) actor: Option<Actor>,
    /// What the stolen identities could read (an intrusion with metadata).
    pub(super) identity_reach: Option<IdentityReach>,
    /// When the data was open or taken.
    pub(super) window: Window,
    /// The logs' coverage and every gap found.
    pub(super) coverage: LogCoverage,
    /// What the logs show of outside access.
    pub(super) access: OutsideAccess,
    /// Whether outside access is ruled out.
    pub(super) ruled_out: bool,
    /// Whether anyone on the internet could have viewed the records.
    pub(super) public_exposure: bool,
}

/// The incident facts of `case`, with the legal decisions for `result`.
pub(super) fn assemble(
    opts: &InvestigateOptions,
    case: Case,
    result: Impact,
) -> Result<Investigation> {
    let mut law_input = LawInput {
        known: opts.discovered,
        aware_at: law::aware_at(opts.aware_at, opts.discovered, &opts.home_country),
        persons: result.exposed.persons,
        records: result.exposed.records,
        persons_confirmed: result.confirmed.persons,
        items: result.exposed.items.clone(),
        encrypted: Vec::new(),
        access: case.access,
        ruled_out: case.ruled_out,
        processor_notified: None,
        persons_without_channel: result.persons_without_channel,
        persons_by_country: result.persons_by_country.clone(),
        forced: opts.jurisdiction.clone(),
        public_exposure: case.public_exposure,
        ..LawInput::empty()
    };
    organisation_facts(&mut law_input, opts, &result.exposed)?;
    let mut decisions = law::decide(&law_input);
    // A verdict never turns to "no" by losing evidence (issue #15).
    law::undecidable(
        &mut decisions,
        &impact::missing_evidence(&case.coverage.gaps, &result.confirmed),
    );
    let facts = IncidentFacts {
        schema: IncidentFacts::SCHEMA.to_owned(),
        tool_version: crate::TOOL_VERSION.to_owned(),
        discovered: opts.discovered,
        home_country: opts.home_country.to_ascii_uppercase(),
        kind: case.kind,
        actor: case.actor,
        identity_reach: case.identity_reach,
        window: case.window,
        exposed: result.exposed,
        confirmed: result.confirmed,
        secrets: result.secrets,
        coverage: case.coverage,
        decisions,
    };
    Ok(Investigation {
        facts,
        persons: result.persons,
        records: result.records,
    })
}

/// The organisation's side of the law input: establishment, role, exposed fields and the
/// encryption exemption (issue #14). Fails when `encrypted` names no exposed field.
fn organisation_facts(
    input: &mut LawInput,
    opts: &InvestigateOptions,
    exposed: &Exposed,
) -> Result<()> {
    input.establishment = opts
        .controller_establishment
        .clone()
        .or_else(|| Some(opts.home_country.to_ascii_uppercase()))
        .filter(|c| law::gdpr::is_eea(c));
    input.processor = opts.processor;
    input.public_body = opts.public_body;
    input.fields = exposed
        .by_object
        .iter()
        .flat_map(|o| &o.fields)
        .filter(|f| f.non_empty > 0)
        .filter_map(|f| {
            f.class.map(|class| FieldFact {
                field: f.field.clone(),
                class,
                my_number: is_my_number(&f.field, f.label.as_deref()),
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
                .filter(|f| is_my_number(&f.field, f.label.as_deref()))
                .map(|f| f.non_empty.min(o.persons))
                .max()
                .unwrap_or(0)
        })
        .sum();
    input.my_number_persons = my_number_persons.min(exposed.persons);
    encrypted_fields(input, &opts.encrypted)
}

/// The encryption exemption (Rules Art. 7): the fields named, and the classes every exposed
/// field of which is encrypted.
fn encrypted_fields(input: &mut LawInput, encrypted: &[String]) -> Result<()> {
    for e in encrypted {
        if !input.fields.iter().any(|f| f.field.eq_ignore_ascii_case(e)) {
            return Err(miette!(
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
        .filter(|f| encrypted.iter().any(|e| e.eq_ignore_ascii_case(&f.field)))
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
