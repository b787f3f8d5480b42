#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::*;
use ajar_model::span::Span;
use proptest::prelude::*;

// Test values are assembled from pieces so that no whole credential-shaped literal sits in the
// source (they are fake either way).
fn aws_key() -> String {
    format!("{}{}", "AKIA", "IOSFODNN7EXAMPLE")
}

fn gh_token() -> String {
    format!("{}{}", "ghp_", "SynthTest0123456789abcdefghijklmnopq")
}

fn slack_token() -> String {
    format!(
        "{}{}",
        "xoxb-", "12345678901-1234567890123-SynthTestAbCdEfGhIjKlMnOp"
    )
}

fn kinds(text: &str) -> Vec<SecretKind> {
    scan(text).into_iter().map(|h| h.kind).collect()
}

#[test]
fn aws_access_key_ids_long_term_and_temporary() {
    let t = format!("upload key {} ok", aws_key());
    let h = scan(&t);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, SecretKind::AwsAccessKeyId);
    assert_eq!(h[0].offset, 11);
    assert_eq!(h[0].preview, "AKIA");
    let temp = format!("{}{}", "ASIA", "Y34FZKBOKMUTVV7A");
    assert_eq!(kinds(&format!("({temp})")), [SecretKind::AwsAccessKeyId]);
}

#[test]
fn aws_near_misses_do_not_fire() {
    // 15 characters after the prefix, lower case, inside a longer word, another IAM prefix.
    for t in [
        format!("{}{}", "AKIA", "IOSFODNN7EXAMP"),
        format!("{}{}", "akia", "iosfodnn7example"),
        format!("X{}", aws_key()),
        format!("{}Z", aws_key()),
        format!("{}{}", "AIDA", "IOSFODNN7EXAMPLE"),
        "Rotate the AWS key every 90 days".to_string(),
    ] {
        assert!(scan(&t).is_empty(), "{t}");
    }
}

#[test]
fn pem_private_key_blocks_of_every_label() {
    for label in ["", "RSA ", "EC ", "OPENSSH ", "ENCRYPTED "] {
        let t = format!(
            "key:\n-----BEGIN {label}PRIVATE KEY-----\nMIIEow\n-----END {label}PRIVATE KEY-----\ntrailer"
        );
        let h = scan(&t);
        assert_eq!(h.len(), 1, "{label}");
        assert_eq!(h[0].kind, SecretKind::PrivateKey);
        assert_eq!(h[0].preview, "----");
        assert_eq!(h[0].offset, 5);
    }
    // A header without its end (a value cut short) still counts.
    assert_eq!(
        kinds("-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
        [SecretKind::PrivateKey]
    );
}

#[test]
fn pem_public_parts_do_not_fire() {
    for t in [
        "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "-----BEGIN RSA PRIVATE KEY",
        "the private key is kept in the vault",
    ] {
        assert!(scan(t).is_empty(), "{t}");
    }
}

#[test]
fn slack_tokens_of_each_type() {
    let t = format!("bot {} end", slack_token());
    let h = scan(&t);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, SecretKind::SlackToken);
    assert_eq!(h[0].preview, "xoxb");
    for p in ["xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-"] {
        let t = format!("{p}1-A0123456789-1234567890123-abcdef");
        assert_eq!(kinds(&t), [SecretKind::SlackToken], "{p}");
    }
}

#[test]
fn slack_near_misses_do_not_fire() {
    for t in [
        "xoxo-hugs-and-kisses-from-the-team".to_string(),
        "xoxb-".to_string(),
        "xoxb-short-123".to_string(),
        "xoxb-only-letters-and-dashes-here".to_string(),
        format!("a{}", slack_token()),
        "Slack channel #kumo-support for escalations.".to_string(),
    ] {
        assert!(scan(&t).is_empty(), "{t}");
    }
}

#[test]
fn github_tokens_classic_and_fine_grained() {
    let t = format!("hook {} end", gh_token());
    let h = scan(&t);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, SecretKind::GithubToken);
    assert_eq!(h[0].preview, "ghp_");
    for p in ["gho_", "ghu_", "ghs_", "ghr_"] {
        let t = format!("{p}{}", "a".repeat(36));
        assert_eq!(kinds(&t), [SecretKind::GithubToken], "{p}");
    }
    let fine = format!("{}{}_{}", "github_pat_", "A".repeat(22), "b".repeat(59));
    let h = scan(&fine);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].preview, "gith");
}

#[test]
fn github_near_misses_do_not_fire() {
    for t in [
        format!("{}{}", "ghp_", "a".repeat(35)),
        format!("{}{}", "ghx_", "a".repeat(36)),
        format!("my_{}", gh_token()),
        format!("{}{}", "github_pat_", "a".repeat(20)),
        "see github.com/kumo/ops".to_string(),
    ] {
        assert!(scan(&t).is_empty(), "{t}");
    }
}

#[test]
fn snowflake_connection_strings_with_credentials() {
    let t = "ETL: snowflake://svc_etl:S3cret-Pw@xy12345.ap-northeast-1.aws/ANALYTICS?warehouse=WH";
    let h = scan(t);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, SecretKind::SnowflakeCredential);
    assert_eq!(h[0].preview, "snow");
    assert_eq!(
        kinds("SNOWFLAKE://u:p@acct/db"),
        [SecretKind::SnowflakeCredential]
    );
    // A JDBC URL carries the password as a pair.
    assert_eq!(
        kinds("jdbc:snowflake://acct.snowflakecomputing.com/?user=etl&password=S3cret-Pw"),
        [SecretKind::PasswordPair]
    );
}

#[test]
fn snowflake_near_misses_do_not_fire() {
    for t in [
        "snowflake://xy12345.ap-northeast-1.aws/ANALYTICS",
        "snowflake://user@acct/db",
        "snowflake://:pw@acct",
        "a snowflake schema in the warehouse",
    ] {
        assert!(scan(t).is_empty(), "{t}");
    }
}

#[test]
fn password_pairs_in_their_spellings() {
    for t in [
        "user=ops password=Tr0ub4dor",
        "PWD=hunter22;server=db",
        "passwd = 'c0rrect-h0rse'",
        "Password=abc123",
    ] {
        let h = scan(t);
        assert_eq!(h.len(), 1, "{t}");
        assert_eq!(h[0].kind, SecretKind::PasswordPair);
        assert!(h[0].preview.len() <= 4);
        // The preview ends before the value starts.
        let value = h[0].offset + t[h[0].offset..].find('=').unwrap() + 1;
        assert!(
            h[0].offset + h[0].preview.len() <= value,
            "{t}: {}",
            h[0].preview
        );
    }
    assert_eq!(scan("pwd=abcd")[0].preview, "pwd=");
}

#[test]
fn password_near_misses_do_not_fire() {
    for t in [
        "Customer asked for a password reset link",
        "password=",
        "password=***",
        "password=xxxx",
        "password=<your password>",
        "password=${DB_PASSWORD}",
        "password={{secret}}",
        "password=%s",
        "password=null",
        "pwd=ab",
        "forgot_password=true",
        "passwords: see vault",
    ] {
        assert!(scan(t).is_empty(), "{t}");
    }
}

#[test]
fn several_secrets_in_one_value_in_order() {
    let t = format!("a {} b password=Zz9!long c {}", aws_key(), gh_token());
    let h = scan(&t);
    assert_eq!(
        h.iter().map(|x| x.kind).collect::<Vec<_>>(),
        [
            SecretKind::AwsAccessKeyId,
            SecretKind::PasswordPair,
            SecretKind::GithubToken
        ]
    );
    assert!(h.windows(2).all(|w| w[0].offset < w[1].offset));
}

#[test]
fn clean_text_has_no_hit() {
    for t in [
        "",
        "Delivery delayed, customer informed.",
        "東京都港区 090-1234-5678 山田太郎",
        "Called back, issue closed. Key account: quarterly review in Q4.",
    ] {
        assert!(scan(t).is_empty(), "{t}");
    }
}

fn table() -> Table {
    let id1 = SfId::parse("5007F0000000WjKQAU").unwrap();
    let id2 = SfId::parse("5007F0000000WjOQAU").unwrap();
    let desc = format!("Printer key {} (test)", aws_key());
    Table {
        object: "Case".into(),
        columns: vec!["Id".into(), "Subject".into(), "Description".into()],
        rows: vec![
            Row::new(
                id1,
                [id1.as_str(), "pwd=Secr3t!", desc.as_str()],
                Span::new("Case.csv", 2),
            )
            .unwrap(),
            Row::new(
                id2,
                [id2.as_str(), "Delivery delayed", ""],
                Span::new("Case.csv", 3),
            )
            .unwrap(),
        ],
        files: vec!["Case.csv".into()],
        problems: Vec::new(),
    }
}

#[test]
fn a_table_gives_kind_object_record_and_field_never_the_secret() {
    let t = table();
    let hits = scan_table(&t);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].kind, SecretKind::PasswordPair);
    assert_eq!(hits[0].field, "Subject");
    assert_eq!(hits[1].kind, SecretKind::AwsAccessKeyId);
    assert_eq!(hits[1].object, "Case");
    assert_eq!(hits[1].record_id.as_str(), "5007F0000000WjKQAU");
    assert_eq!(hits[1].field, "Description");
    let json = serde_json::to_string(&hits).unwrap();
    assert!(
        !json.contains("IOSFODNN7") && !json.contains("Secr3t"),
        "{json}"
    );
    assert!(json.contains("\"aws-access-key-id\""));
    let per = by_kind(&hits);
    assert_eq!(per.get(&SecretKind::AwsAccessKeyId), Some(&1));
}

#[test]
fn only_the_fields_and_rows_that_left() {
    let t = table();
    let fields = vec!["description".to_string()];
    let hits = scan_records(&t, &t.rows, Some(&fields));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].field, "Description");
    let none = scan_records(&t, t.rows.get(1..).unwrap(), None);
    assert!(none.is_empty());
}

proptest! {
    #[test]
    fn the_preview_never_exceeds_four_characters_of_the_value(
        before in "\\PC{0,40}",
        after in "\\PC{0,40}",
        which in 0usize..6,
    ) {
        let secret = [
            aws_key(),
            "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----".to_string(),
            slack_token(),
            gh_token(),
            "snowflake://u:Pw0rd-x@acct/db".to_string(),
            "password=Tr0ub4dor".to_string(),
        ][which].clone();
        let text = format!("{before} {secret} {after}");
        let hits = scan(&text);
        for h in &hits {
            prop_assert!(h.preview.chars().count() <= PREVIEW_CHARS);
            prop_assert!(text.get(h.offset..).unwrap().starts_with(&h.preview));
        }
        // The planted one is found, and its preview is the public prefix only.
        let start = before.len() + 1;
        let found = hits.iter().find(|h| h.offset == start);
        prop_assert!(found.is_some(), "{:?}", hits);
        let p = &found.unwrap().preview;
        prop_assert!(secret.starts_with(p.as_str()) && p.chars().count() <= 4);
    }

    #[test]
    fn any_text_gives_previews_of_at_most_four_characters(text in "\\PC{0,200}") {
        for h in scan(&text) {
            prop_assert!(h.preview.chars().count() <= PREVIEW_CHARS);
            prop_assert!(text.get(h.offset..).unwrap().starts_with(&h.preview));
        }
    }
}
