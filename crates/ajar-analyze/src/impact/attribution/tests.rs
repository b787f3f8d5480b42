use super::*;
use ajar_model::event::{Client, ClientRead, RequestEvidence, Submission};

fn t(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn id(n: u32) -> SfId {
    SfId::parse(&format!("a0B5g0000{n:06}")).unwrap()
}

fn client(ip: &str, ua: &str) -> Client {
    Client {
        ip: Some(ip.parse().unwrap()),
        user_agent: Some(ua.into()),
        session_key: None,
    }
}

fn read(n: u32, c: &Client, first: &str, last: &str) -> ClientRead {
    ClientRead {
        record_id: id(n),
        client: c.clone(),
        first: t(first),
        last: t(last),
        reads: 1,
    }
}

fn post(at: &str, c: &Client) -> Submission {
    Submission {
        time: t(at),
        client: c.clone(),
    }
}

const CREATED: &str = "2020-11-20T03:00:00Z";

fn evidence(reads: Vec<ClientRead>, mut submissions: Vec<Submission>) -> RequestEvidence {
    submissions.sort();
    RequestEvidence { reads, submissions }
}

#[test]
fn the_creating_client_reading_back_within_the_window_is_the_data_subject() {
    let me = client("2001:218::1", "iPhone");
    let ev = evidence(
        vec![read(1, &me, "2020-11-20T03:00:02Z", "2020-11-20T03:00:02Z")],
        vec![post("2020-11-20T02:59:59.400Z", &me)],
    );
    let created = [(t(CREATED), id(1))];
    let a = Attributor::new(Some(&ev), &created);
    assert_eq!(a.attribute(id(1), Some(t(CREATED))), Ok(()));
}

#[test]
fn windows_are_bounded_on_both_sides() {
    let me = client("2001:218::1", "iPhone");
    // The read one hour after creation is still the creator's; a second later it is not.
    let at_edge = evidence(
        vec![read(1, &me, "2020-11-20T03:00:02Z", "2020-11-20T04:00:00Z")],
        vec![post("2020-11-20T02:59:50Z", &me)],
    );
    assert_eq!(
        Attributor::new(Some(&at_edge), &[(t(CREATED), id(1))]).attribute(id(1), Some(t(CREATED))),
        Ok(())
    );
    let late = evidence(
        vec![read(1, &me, "2020-11-20T03:00:02Z", "2020-11-20T04:00:01Z")],
        vec![post("2020-11-20T02:59:50Z", &me)],
    );
    assert_eq!(
        Attributor::new(Some(&late), &[(t(CREATED), id(1))]).attribute(id(1), Some(t(CREATED))),
        Err(ThirdParty::LateRead)
    );
    // A submission 11 s before CreatedDate, or 2 s after, did not create it.
    for at in ["2020-11-20T02:59:49Z", "2020-11-20T03:00:02Z"] {
        let ev = evidence(
            vec![read(1, &me, "2020-11-20T03:00:05Z", "2020-11-20T03:00:05Z")],
            vec![post(at, &me)],
        );
        assert_eq!(
            Attributor::new(Some(&ev), &[(t(CREATED), id(1))]).attribute(id(1), Some(t(CREATED))),
            Err(ThirdParty::NoCreatingRequest),
            "{at}"
        );
    }
}

#[test]
fn another_client_or_an_ambiguous_creator_is_a_third_party() {
    let me = client("2001:218::1", "iPhone");
    let other = client("175.16.199.1", "curl/7.68");
    let same_ip_other_agent = client("2001:218::1", "Android");
    let both = evidence(
        vec![
            read(1, &me, "2020-11-20T03:00:02Z", "2020-11-20T03:00:02Z"),
            read(1, &other, "2020-11-20T03:10:00Z", "2020-11-20T03:10:00Z"),
        ],
        vec![post("2020-11-20T02:59:59Z", &me)],
    );
    assert_eq!(
        Attributor::new(Some(&both), &[(t(CREATED), id(1))]).attribute(id(1), Some(t(CREATED))),
        Err(ThirdParty::OtherClient)
    );
    let agent = evidence(
        vec![read(
            1,
            &same_ip_other_agent,
            "2020-11-20T03:00:02Z",
            "2020-11-20T03:00:02Z",
        )],
        vec![post("2020-11-20T02:59:59Z", &me)],
    );
    assert_eq!(
        Attributor::new(Some(&agent), &[(t(CREATED), id(1))]).attribute(id(1), Some(t(CREATED))),
        Err(ThirdParty::OtherClient)
    );
    // Someone posting every few seconds makes every creation ambiguous: never the subject's.
    let spam = evidence(
        vec![read(
            1,
            &other,
            "2020-11-20T03:00:02Z",
            "2020-11-20T03:00:02Z",
        )],
        vec![
            post("2020-11-20T02:59:59Z", &me),
            post("2020-11-20T02:59:57Z", &other),
        ],
    );
    assert_eq!(
        Attributor::new(Some(&spam), &[(t(CREATED), id(1))]).attribute(id(1), Some(t(CREATED))),
        Err(ThirdParty::AmbiguousCreator)
    );
}

#[test]
fn a_shared_session_key_attributes_without_the_address() {
    let mut me = client("2001:218::1", "iPhone");
    me.session_key = Some("sk1".into());
    let mut later = client("203.0.113.9", "iPhone");
    later.session_key = Some("sk1".into());
    let ev = evidence(
        vec![read(
            1,
            &later,
            "2020-11-21T03:00:02Z",
            "2020-11-21T03:00:02Z",
        )],
        vec![post("2020-11-20T02:59:59Z", &me)],
    );
    assert_eq!(
        Attributor::new(Some(&ev), &[(t(CREATED), id(1))]).attribute(id(1), Some(t(CREATED))),
        Ok(())
    );
}

#[test]
fn without_evidence_the_read_stays_a_third_partys_with_the_reason() {
    let me = client("2001:218::1", "iPhone");
    assert_eq!(
        Attributor::new(None, &[]).attribute(id(1), Some(t(CREATED))),
        Err(ThirdParty::NoRequestEvidence)
    );
    let ev = evidence(
        vec![read(1, &me, "2020-11-20T03:00:02Z", "2020-11-20T03:00:02Z")],
        vec![],
    );
    let created = [(t(CREATED), id(1))];
    let a = Attributor::new(Some(&ev), &created);
    assert_eq!(
        a.attribute(id(2), Some(t(CREATED))),
        Err(ThirdParty::NoClient)
    );
    assert_eq!(a.attribute(id(1), None), Err(ThirdParty::NoCreatedDate));
    assert_eq!(
        a.attribute(id(1), Some(t(CREATED))),
        Err(ThirdParty::NoCreatingRequest)
    );
    assert!(
        ThirdParty::NoCreatingRequest
            .reason()
            .starts_with("third party: ")
    );
    assert!(rule().contains("60 minutes") && rule().contains("10s before"));
}

#[test]
fn two_forms_in_the_same_second_pair_by_their_reads_or_stay_third_party() {
    let a = client("2001:218::1", "iPhone");
    let b = client("126.128.32.168", "Android");
    let posts = vec![
        post("2020-11-20T02:59:59.169Z", &a),
        post("2020-11-20T02:59:59.353Z", &b),
    ];
    let created = [(t(CREATED), id(1)), (t(CREATED), id(2))];
    // Each record read by a different one of the two clients: each is its creator's.
    let paired = evidence(
        vec![
            read(1, &a, "2020-11-20T03:00:02Z", "2020-11-20T03:00:02Z"),
            read(2, &b, "2020-11-20T03:00:03Z", "2020-11-20T03:00:03Z"),
        ],
        posts.clone(),
    );
    let w = Attributor::new(Some(&paired), &created);
    assert_eq!(w.attribute(id(1), Some(t(CREATED))), Ok(()));
    assert_eq!(w.attribute(id(2), Some(t(CREATED))), Ok(()));
    // One client reads one record and the other record is unread: the pairing is not shown,
    // so the read stays a third party's (an outsider posting beside an applicant).
    let alone = evidence(
        vec![read(1, &a, "2020-11-20T03:00:02Z", "2020-11-20T03:00:02Z")],
        posts.clone(),
    );
    assert_eq!(
        Attributor::new(Some(&alone), &created).attribute(id(1), Some(t(CREATED))),
        Err(ThirdParty::AmbiguousCreator)
    );
    // Both records read by the same client: no pairing either.
    let same = evidence(
        vec![
            read(1, &a, "2020-11-20T03:00:02Z", "2020-11-20T03:00:02Z"),
            read(2, &a, "2020-11-20T03:00:03Z", "2020-11-20T03:00:03Z"),
        ],
        posts,
    );
    assert_eq!(
        Attributor::new(Some(&same), &created).attribute(id(2), Some(t(CREATED))),
        Err(ThirdParty::AmbiguousCreator)
    );
}

#[test]
fn a_submission_explained_by_an_earlier_record_is_not_a_candidate() {
    // Two applicants three seconds apart: the earlier record's window holds only its own
    // submission, so the later one's creator is the other client.
    let a = client("2001:218::1", "iPhone");
    let b = client("126.128.32.168", "Android");
    let ev = evidence(
        vec![read(2, &b, "2020-11-20T03:00:02Z", "2020-11-20T03:00:02Z")],
        vec![
            post("2020-11-20T02:59:56.444Z", &a),
            post("2020-11-20T02:59:59.394Z", &b),
        ],
    );
    let created = [(t("2020-11-20T02:59:57Z"), id(1)), (t(CREATED), id(2))];
    assert_eq!(
        Attributor::new(Some(&ev), &created).attribute(id(2), Some(t(CREATED))),
        Ok(())
    );
    // Without the earlier record in the export, both submissions remain: a third party's.
    assert_eq!(
        Attributor::new(Some(&ev), &created[1..]).attribute(id(2), Some(t(CREATED))),
        Err(ThirdParty::AmbiguousCreator)
    );
}
