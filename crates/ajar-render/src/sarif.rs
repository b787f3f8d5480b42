//! SARIF 2.1.0 (OASIS) as typed serde structs, shared by the renderers that write it (the scan's
//! and the hunt's): the subset ajar fills (one run, its tool's rules, results with locations,
//! suppressions and properties). A result's property bag is the renderer's own struct.
//!
//! Two key orders: the hunt's log is written in the structs' order ([`to_string`]); the scan's
//! has always had every object's keys sorted ([`to_sorted_string`]).

use crate::RuleInfo;
use ajar_model::finding::Severity;
use serde::Serialize;
use std::collections::BTreeMap;

/// A SARIF log; `P` is its results' property bag.
#[derive(Debug, Serialize)]
pub struct Log<'a, P> {
    /// The schema URI.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// Always `2.1.0`.
    pub version: &'static str,
    /// One run.
    pub runs: Vec<Run<'a, P>>,
}

/// One run of the tool.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run<'a, P> {
    /// The tool.
    pub tool: Tool<'a>,
    /// `uriBaseId`s and what they stand for.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub original_uri_base_ids: BTreeMap<&'static str, UriBase>,
    /// The results.
    pub results: Vec<SarifResult<P>>,
}

/// What a `uriBaseId` stands for.
#[derive(Debug, Serialize)]
pub struct UriBase {
    /// In words.
    pub description: Text,
}

/// The tool.
#[derive(Debug, Serialize)]
pub struct Tool<'a> {
    /// Its driver.
    pub driver: Driver<'a>,
}

/// The tool's driver.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver<'a> {
    /// `ajar`.
    pub name: &'static str,
    /// ajar's version.
    pub version: &'a str,
    /// Where to read about it.
    pub information_uri: &'static str,
    /// The rules.
    pub rules: Vec<Rule<'a>>,
}

/// A plain text.
#[derive(Debug, Serialize)]
pub struct Text {
    /// The text.
    pub text: String,
}

/// A rule's help, as text and Markdown.
#[derive(Debug, Serialize)]
pub struct Help {
    /// Text.
    pub text: String,
    /// Markdown.
    pub markdown: String,
}

/// A rule.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule<'a> {
    /// The code.
    pub id: &'a str,
    /// The name.
    pub name: &'a str,
    /// The first paragraph of its docs.
    pub short_description: Text,
    /// Its docs.
    pub help: Help,
    /// Its default level.
    pub default_configuration: Level,
    /// Its severity.
    pub properties: SeverityProperty,
}

/// A level.
#[derive(Debug, Serialize)]
pub struct Level {
    /// `error`, `warning`, `note`.
    pub level: &'static str,
}

/// ajar's severity.
#[derive(Debug, Serialize)]
pub struct SeverityProperty {
    /// `critical`…`info`.
    pub severity: &'static str,
}

/// One result; `P` is its property bag.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult<P> {
    /// The rule's code.
    pub rule_id: String,
    /// The rule's index in the driver's rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_index: Option<usize>,
    /// The level.
    pub level: &'static str,
    /// The message.
    pub message: Text,
    /// Where.
    pub locations: Vec<Location>,
    /// Why it is suppressed, when it is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// ajar's own fields.
    pub properties: P,
}

/// A suppression (§3.35).
#[derive(Debug, Serialize)]
pub struct Suppression {
    /// `external`: a baseline outside the scanned tree.
    pub kind: &'static str,
    /// The baseline entry's reason.
    pub justification: String,
}

/// A hunt finding's own fields, in alphabetical order (as the hunt's SARIF has always had
/// them).
#[derive(Debug, Serialize)]
pub struct HuntProperties<'a> {
    /// What would confirm it.
    pub confirm: &'a str,
    /// What would dismiss it.
    pub dismiss: &'a str,
    /// First event behind it.
    pub first: jiff::Timestamp,
    /// Indicator lines.
    pub ioc: &'a [String],
    /// Client IPs.
    pub ips: &'a [std::net::IpAddr],
    /// Last event behind it.
    pub last: jiff::Timestamp,
    /// Login or session keys.
    pub sessions: &'a [String],
    /// `critical`…`info`.
    pub severity: &'static str,
    /// The user concerned, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<&'a str>,
}

/// A location.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// In a file.
    pub physical_location: PhysicalLocation,
}

/// A file and a line.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    /// The file.
    pub artifact_location: ArtifactLocation,
    /// The line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

/// A file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    /// Its path.
    pub uri: String,
    /// What the path is relative to.
    pub uri_base_id: &'static str,
}

/// A line.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// 1-based.
    pub start_line: u64,
}

/// The SARIF level of a severity (§3.27.10: error, warning, note).
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The first paragraph of a rule's docs (after its first heading).
pub fn first_paragraph(doc: &str) -> String {
    doc.lines()
        .map(str::trim)
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The driver's rules from their docs.
pub fn rules<'a>(infos: &[RuleInfo<'a>]) -> Vec<Rule<'a>> {
    infos
        .iter()
        .map(|r| {
            let doc = crate::scan::markdown::dedent(r.doc);
            Rule {
                id: r.code,
                name: r.name,
                short_description: Text {
                    text: first_paragraph(&doc),
                },
                help: Help {
                    text: doc.clone(),
                    markdown: doc,
                },
                default_configuration: Level {
                    level: level(r.severity),
                },
                properties: SeverityProperty {
                    severity: r.severity.as_str(),
                },
            }
        })
        .collect()
}

/// A location in `file` at `line` (0: the whole file), relative to `base`.
pub fn location(file: &str, line: u64, base: &'static str) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: file.to_string(),
                uri_base_id: base,
            },
            region: (line > 0).then_some(Region { start_line: line }),
        },
    }
}

/// ajar's log: one run of ajar `version` with `rules`, its results' paths relative to `base`
/// (`description` says what that is).
pub fn log<'a, P>(
    version: &'a str,
    rules: Vec<Rule<'a>>,
    base: (&'static str, &str),
    results: Vec<SarifResult<P>>,
) -> Log<'a, P> {
    let (name, description) = base;
    let mut bases = BTreeMap::new();
    bases.insert(
        name,
        UriBase {
            description: Text {
                text: description.to_owned(),
            },
        },
    );
    Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "ajar",
                    version,
                    information_uri: "https://example.invalid/ajar",
                    rules,
                },
            },
            original_uri_base_ids: bases,
            results,
        }],
    }
}

/// The log as pretty JSON with a final newline, keys in the structs' order.
pub fn to_string<P: Serialize>(log: &Log<'_, P>) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(log)?;
    s.push('\n');
    Ok(s)
}

/// The log as pretty JSON with a final newline, every object's keys sorted (through a
/// `serde_json::Value`, whose maps are sorted).
pub fn to_sorted_string<P: Serialize>(log: &Log<'_, P>) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(&serde_json::to_value(log)?)?;
    s.push('\n');
    Ok(s)
}
