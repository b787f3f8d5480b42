//! Who read an exposed record: its data subject or a third party (issue #14).
//!
//! A person reading the record they have just filed is not a leak (PPC guideline 通則編
//! 3-5-1-1, FAQ Q6-1: a leak is a disclosure to a third party). On a public site the logs name
//! no person, only a client: an address, a user agent, sometimes a session. A read is the data
//! subject's when it comes from the client that created the record; everything else, including
//! every read that cannot be attributed, stays a third party's, with the reason.

use ajar_model::event::{Client, ClientRead, RequestEvidence, Submission};
use ajar_model::sfid::SfId;
use jiff::SignedDuration;
use std::collections::BTreeMap;

/// The creating request may start this long before `CreatedDate` (the insert runs inside it).
pub const CREATED_AFTER_REQUEST: SignedDuration = SignedDuration::from_secs(10);
/// `CreatedDate` is exported to the second: the request may start up to a second after it.
pub const CREATED_BEFORE_REQUEST: SignedDuration = SignedDuration::from_secs(1);
/// A read by the creating client's address and user agent counts as the data subject's only
/// this long after `CreatedDate` (an address may be reassigned later).
pub const READ_WITHIN: SignedDuration = SignedDuration::from_hours(1);

/// The rule, in words, for `confirmed.self_service.rule`.
pub fn rule() -> String {
    format!(
        "a read is the data subject's when every read of the record comes from the client that created it. \
         The creating request is an outsider form submission (a POST naming no record) between {}s before \
         and {}s after the record's CreatedDate, leaving out submissions that another record's creation alone \
         explains; when no single client remains, the reads are a third party's. A read with the creating \
         request's session key, or with its IP address and user agent within {} minutes of CreatedDate, is the \
         creator's; any other read, or a record whose creation the logs do not show, counts as a third party's",
        CREATED_AFTER_REQUEST.as_secs(),
        CREATED_BEFORE_REQUEST.as_secs(),
        READ_WITHIN.as_secs() / 60,
    )
}

/// Why a record's reads count as a third party's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ThirdParty {
    /// The hunt kept no request-level evidence (a `--hunt-report` given instead of logs).
    NoRequestEvidence,
    /// A read with no client of its own (a row joined to a guest request by its ID).
    NoClient,
    /// The export has no `CreatedDate` for the record.
    NoCreatedDate,
    /// No outsider form submission near `CreatedDate`: created before the logs begin, by
    /// staff, or by a request the logs do not show.
    NoCreatingRequest,
    /// Two or more clients submitted forms near `CreatedDate`.
    AmbiguousCreator,
    /// A client other than the creator read it.
    OtherClient,
    /// The creator's address and user agent read it more than [`READ_WITHIN`] after creation.
    LateRead,
}

impl ThirdParty {
    /// In words, for `confirmed.attribution[].reason`.
    pub fn reason(self) -> &'static str {
        match self {
            Self::NoRequestEvidence => {
                "third party: the hunt report holds no request-level evidence to attribute reads"
            }
            Self::NoClient => "third party: a read row has no client of its own to attribute",
            Self::NoCreatedDate => "third party: the export gives no CreatedDate for the record",
            Self::NoCreatingRequest => {
                "third party: no request creating the record is in the logs (created before the logs begin, or not through a logged form)"
            }
            Self::AmbiguousCreator => {
                "third party: several clients submitted forms when the record was created"
            }
            Self::OtherClient => "third party: read by a client other than the one that created it",
            Self::LateRead => {
                "third party: read by the creating client's address more than the attribution window after creation"
            }
        }
    }
}

/// The request-level evidence, indexed by record, with each submission's creations.
#[derive(Debug)]
pub struct Attributor<'a> {
    evidence: Option<&'a RequestEvidence>,
    reads: BTreeMap<SfId, Vec<&'a ClientRead>>,
    /// Submissions (indices) explained by one creation on its own, with that creation.
    used: BTreeMap<usize, jiff::Timestamp>,
    /// Every exported record's `CreatedDate` and ID, sorted.
    created: &'a [(jiff::Timestamp, SfId)],
}

impl<'a> Attributor<'a> {
    /// Indexes `evidence` (`None`: no request-level evidence was kept). `created` holds the
    /// `CreatedDate` and ID of every exported record, any object, sorted: a submission that is
    /// the only candidate for one record created that record, and is no candidate for another.
    pub fn new(
        evidence: Option<&'a RequestEvidence>,
        created: &'a [(jiff::Timestamp, SfId)],
    ) -> Self {
        let mut reads: BTreeMap<SfId, Vec<&ClientRead>> = BTreeMap::new();
        for r in evidence.iter().flat_map(|e| &e.reads) {
            reads.entry(r.record_id).or_default().push(r);
        }
        let mut used: BTreeMap<usize, jiff::Timestamp> = BTreeMap::new();
        if let Some(e) = evidence {
            // Candidate sets of every creation the logs may explain; a set narrowed to one
            // marks its submission as that creation's. Repeated while that narrows other sets
            // (two applicants filing seconds apart: each creation explains one submission).
            let sets: Vec<(jiff::Timestamp, Vec<usize>)> = created
                .iter()
                .map(|(c, _)| (*c, candidates(&e.submissions, *c)))
                .filter(|(_, s)| !s.is_empty())
                .collect();
            loop {
                let before = used.len();
                for (c, set) in &sets {
                    if let [only] = narrowed(set, &used, *c).as_slice() {
                        used.entry(*only).or_insert(*c);
                    }
                }
                if used.len() == before {
                    break;
                }
            }
        }
        Self {
            evidence,
            reads,
            used,
            created,
        }
    }

    /// Whether the outsider reads of `id`, created at `created`, are all its data subject's
    /// (`Ok`), else why they are a third party's.
    pub fn attribute(&self, id: SfId, created: Option<jiff::Timestamp>) -> Result<(), ThirdParty> {
        let evidence = self.evidence.ok_or(ThirdParty::NoRequestEvidence)?;
        let reads = self.reads.get(&id).ok_or(ThirdParty::NoClient)?;
        let created = created.ok_or(ThirdParty::NoCreatedDate)?;
        let clients = self.clients(evidence, created);
        let creator = match clients.as_slice() {
            [] => return Err(ThirdParty::NoCreatingRequest),
            [one] => *one,
            many => self
                .by_reads(evidence, created, many)
                .and_then(|m| m.get(&id).copied())
                .ok_or(ThirdParty::AmbiguousCreator)?,
        };
        for r in reads {
            if same_session(&r.client, creator) {
                continue;
            }
            if !same_address(&r.client, creator) {
                return Err(ThirdParty::OtherClient);
            }
            if r.last > created + READ_WITHIN {
                return Err(ThirdParty::LateRead);
            }
        }
        Ok(())
    }

    /// The distinct clients that may have created a record at `created`, sorted.
    fn clients(&self, evidence: &'a RequestEvidence, created: jiff::Timestamp) -> Vec<&'a Client> {
        let near = narrowed(
            &candidates(&evidence.submissions, created),
            &self.used,
            created,
        );
        let mut clients: Vec<&Client> = near
            .iter()
            .filter_map(|i| evidence.submissions.get(*i))
            .map(|s| &s.client)
            .collect();
        clients.sort();
        clients.dedup();
        clients
    }

    /// Several clients submitted forms when several records were created (same second): each
    /// record's creator is the one whose reads it has, when that pairs every record of the
    /// group with a different one of the clients and no record is read by anyone else.
    fn by_reads(
        &self,
        evidence: &'a RequestEvidence,
        created: jiff::Timestamp,
        group: &[&'a Client],
    ) -> Option<BTreeMap<SfId, &'a Client>> {
        // Creations that share a submission lie within one window's width of each other.
        let reach = CREATED_AFTER_REQUEST + CREATED_BEFORE_REQUEST;
        let lo = self.created.partition_point(|(t, _)| *t < created - reach);
        let hi = self.created.partition_point(|(t, _)| *t <= created + reach);
        let mut pairs: BTreeMap<SfId, &Client> = BTreeMap::new();
        for (t, id) in self.created.get(lo..hi.max(lo)).unwrap_or_default() {
            if self.clients(evidence, *t).as_slice() == group {
                let reads = self.reads.get(id)?;
                let mut who = group.iter().copied().filter(|c| {
                    reads
                        .iter()
                        .all(|r| same_session(&r.client, c) || same_address(&r.client, c))
                });
                let one = who.next()?;
                if who.next().is_some() {
                    return None;
                }
                pairs.insert(*id, one);
            }
        }
        let mut distinct: Vec<&Client> = pairs.values().copied().collect();
        distinct.sort();
        distinct.dedup();
        (pairs.len() == group.len() && distinct.len() == group.len()).then_some(pairs)
    }
}

/// Same session key, known.
fn same_session(a: &Client, b: &Client) -> bool {
    a.session_key.is_some() && a.session_key == b.session_key
}

/// A creation's candidates less those another creation explains; never narrowed to none.
fn narrowed(
    set: &[usize],
    used: &BTreeMap<usize, jiff::Timestamp>,
    created: jiff::Timestamp,
) -> Vec<usize> {
    let left: Vec<usize> = set
        .iter()
        .copied()
        .filter(|i| used.get(i).is_none_or(|c| *c == created))
        .collect();
    if left.is_empty() { set.to_vec() } else { left }
}

/// Whether a submission was made around `created`: a record created at no such time takes
/// no part in any attribution, so [`Attributor::new`] need not be given it (issue #19).
pub fn near_submission(evidence: &RequestEvidence, created: jiff::Timestamp) -> bool {
    !candidates(&evidence.submissions, created).is_empty()
}

/// Indices of the submissions made around `created`.
fn candidates(submissions: &[Submission], created: jiff::Timestamp) -> Vec<usize> {
    let from = created - CREATED_AFTER_REQUEST;
    let to = created + CREATED_BEFORE_REQUEST;
    let lo = submissions.partition_point(|s| s.time < from);
    let hi = submissions.partition_point(|s| s.time <= to);
    (lo..hi.max(lo)).collect()
}

/// Same IP address and user agent, both known.
fn same_address(a: &Client, b: &Client) -> bool {
    a.ip.is_some() && a.user_agent.is_some() && a.ip == b.ip && a.user_agent == b.user_agent
}

#[cfg(test)]
mod tests;
