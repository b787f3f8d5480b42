//! Credentials inside record text: what an intruder who took the records can use next
//! (intrusions.md §1: the 2025 token thefts were after keys stored in Cases; §5: a second
//! incident to contain by rotating them, not personal data).
//!
//! [`scan`] finds, in one text value, AWS access key IDs, PEM private key blocks, Slack tokens,
//! GitHub tokens, Snowflake credentials in connection strings and `password=` pairs. Each shape,
//! its public source and the near-misses it leaves alone are in `docs/secrets.md`. Matching is
//! hand-written (no regular-expression engine): every shape starts with a fixed prefix.
//!
//! A hit never carries the secret: its preview is at most the first four characters of the
//! match, which for every shape are the public prefix (`AKIA`, `----`, `xoxb`, `ghp_`, `snow`,
//! `pass`).
//!
//! ```
//! use ajar_analyze::secrets::{scan, SecretKind};
//! let hits = scan("key AKIAIOSFODNN7EXAMPLE in a note");
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].kind, SecretKind::AwsAccessKeyId);
//! assert_eq!(hits[0].preview, "AKIA");
//! ```

use ajar_model::export::{Row, Table};
use ajar_model::sfid::SfId;
use serde::Serialize;
use std::collections::BTreeMap;

#[cfg(test)]
mod tests;

/// Which kind of credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    /// `AKIA` (long-term) or `ASIA` (temporary) and 16 upper-case letters or digits.
    AwsAccessKeyId,
    /// A PEM block `-----BEGIN … PRIVATE KEY-----`.
    PrivateKey,
    /// `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-` or `xapp-` and the token's body.
    SlackToken,
    /// `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` and 36 or more characters, or `github_pat_`.
    GithubToken,
    /// `snowflake://user:password@…`.
    SnowflakeCredential,
    /// `password=`, `passwd=` or `pwd=` followed by a value.
    PasswordPair,
}

impl SecretKind {
    /// The kebab-case name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwsAccessKeyId => "aws-access-key-id",
            Self::PrivateKey => "private-key",
            Self::SlackToken => "slack-token",
            Self::GithubToken => "github-token",
            Self::SnowflakeCredential => "snowflake-credential",
            Self::PasswordPair => "password-pair",
        }
    }

    /// What to do about it, in words.
    pub fn rotate(self) -> &'static str {
        match self {
            Self::AwsAccessKeyId => "deactivate the AWS access key and issue a new one",
            Self::PrivateKey => {
                "replace the key pair and revoke the public key wherever it is trusted"
            }
            Self::SlackToken => "revoke the Slack token and reinstall the app",
            Self::GithubToken => "revoke the GitHub token",
            Self::SnowflakeCredential => "change the Snowflake user's password",
            Self::PasswordPair => "change the password wherever it is used",
        }
    }
}

/// One credential found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Which kind.
    pub kind: SecretKind,
    /// Byte offset of the match in the text.
    pub offset: usize,
    /// At most the first four characters of the match (the kind's public prefix).
    pub preview: String,
}

/// One credential found in an exported record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretHit {
    /// Which kind.
    pub kind: SecretKind,
    /// The object's API name.
    pub object: String,
    /// The record.
    pub record_id: SfId,
    /// The field's API name.
    pub field: String,
    /// At most the first four characters of the match.
    pub preview: String,
}

/// The longest preview, in characters.
pub const PREVIEW_CHARS: usize = 4;

/// Every credential in `text`, in order; matches do not overlap.
pub fn scan(text: &str) -> Vec<Hit> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let found = match b.get(i) {
            Some(b'A') => aws(b, i).map(|n| (SecretKind::AwsAccessKeyId, n)),
            Some(b'-') => pem(b, i).map(|n| (SecretKind::PrivateKey, n)),
            Some(b'x') => slack(b, i).map(|n| (SecretKind::SlackToken, n)),
            Some(b'g') => github(b, i).map(|n| (SecretKind::GithubToken, n)),
            Some(b's' | b'S') => snowflake(b, i).map(|n| (SecretKind::SnowflakeCredential, n)),
            Some(b'p' | b'P') => password(b, i).map(|n| (SecretKind::PasswordPair, n)),
            _ => None,
        };
        match found {
            Some((kind, len)) => {
                out.push(Hit {
                    kind,
                    offset: i,
                    preview: text
                        .get(i..)
                        .unwrap_or("")
                        .chars()
                        .take(PREVIEW_CHARS.min(len))
                        .collect(),
                });
                i += len.max(1);
            }
            None => i += 1,
        }
    }
    out
}

/// Every credential in every value of `table`.
pub fn scan_table(table: &Table) -> Vec<SecretHit> {
    scan_records(table, &table.rows, None)
}

/// Every credential in the given rows of `table`, in the fields named (all when `None`;
/// matched without regard to case, as export headers are).
pub fn scan_records<'a>(
    table: &Table,
    rows: impl IntoIterator<Item = &'a Row>,
    fields: Option<&[String]>,
) -> Vec<SecretHit> {
    let columns: Vec<(usize, &String)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| fields.is_none_or(|f| f.iter().any(|x| x.eq_ignore_ascii_case(c))))
        .collect();
    let mut out = Vec::new();
    for row in rows {
        for (i, col) in &columns {
            let Some(v) = row.get(*i) else { continue };
            for h in scan(v) {
                out.push(SecretHit {
                    kind: h.kind,
                    object: table.object.clone(),
                    record_id: row.id,
                    field: (*col).clone(),
                    preview: h.preview,
                });
            }
        }
    }
    out
}

/// Hits per kind.
pub fn by_kind(hits: &[SecretHit]) -> BTreeMap<SecretKind, u64> {
    let mut out = BTreeMap::new();
    for h in hits {
        *out.entry(h.kind).or_insert(0) += 1;
    }
    out
}

fn word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether the byte before `i` ends a word (or there is none).
fn starts_word(b: &[u8], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| b.get(p))
        .is_none_or(|&c| !word(c))
}

/// How many bytes from `i` satisfy `ok`, up to `max`.
fn run(b: &[u8], i: usize, max: usize, ok: impl Fn(u8) -> bool) -> usize {
    b.get(i..)
        .unwrap_or(&[])
        .iter()
        .take(max)
        .take_while(|&&c| ok(c))
        .count()
}

fn at(b: &[u8], i: usize, lit: &[u8]) -> bool {
    b.get(i..i + lit.len()) == Some(lit)
}

fn at_ci(b: &[u8], i: usize, lit: &[u8]) -> bool {
    b.get(i..i + lit.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(lit))
}

/// `AKIA`/`ASIA` + 16 of `[A-Z0-9]`, not inside a longer word.
fn aws(b: &[u8], i: usize) -> Option<usize> {
    if !(at(b, i, b"AKIA") || at(b, i, b"ASIA")) || !starts_word(b, i) {
        return None;
    }
    let n = run(b, i + 4, 17, |c| {
        c.is_ascii_uppercase() || c.is_ascii_digit()
    });
    let after = b.get(i + 20).is_none_or(|&c| !word(c));
    (n == 16 && after).then_some(20)
}

/// `-----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED |…]PRIVATE KEY-----` up to its `-----END …`
/// line when there is one.
fn pem(b: &[u8], i: usize) -> Option<usize> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    if !at(b, i, BEGIN) {
        return None;
    }
    let label = i + BEGIN.len();
    // At most two words of capitals before `PRIVATE KEY`.
    let n = run(b, label, 24, |c| c.is_ascii_uppercase() || c == b' ');
    let words = b.get(label..label + n)?;
    let pos = words.windows(11).position(|w| w == b"PRIVATE KEY")?;
    let end_label = label + pos + 11;
    if !at(b, end_label, b"-----") {
        return None;
    }
    let header_end = end_label + 5;
    let rest = b.get(header_end..)?;
    let len = match rest.windows(9).position(|w| w == b"-----END ") {
        Some(p) => {
            let from = header_end + p + 9;
            let close = b
                .get(from..)?
                .windows(5)
                .position(|w| w == b"-----")
                .map_or(0, |q| q + 5);
            from + close - i
        }
        None => header_end - i,
    };
    Some(len)
}

/// `xox[abprs]-` or `xapp-` and at least 20 of `[A-Za-z0-9-]` holding a digit.
fn slack(b: &[u8], i: usize) -> Option<usize> {
    if !starts_word(b, i) {
        return None;
    }
    let prefix =
        if at(b, i, b"xox") && matches!(b.get(i + 3), Some(b'a' | b'b' | b'p' | b'r' | b's')) {
            if b.get(i + 4) != Some(&b'-') {
                return None;
            }
            5
        } else if at(b, i, b"xapp-") {
            5
        } else {
            return None;
        };
    let n = run(b, i + prefix, 256, |c| {
        c.is_ascii_alphanumeric() || c == b'-'
    });
    let body = b.get(i + prefix..i + prefix + n)?;
    (n >= 20 && body.iter().any(u8::is_ascii_digit)).then_some(prefix + n)
}

/// `gh[pousr]_` + 36 to 251 of `[A-Za-z0-9_]`, or `github_pat_` + at least 50 of them.
fn github(b: &[u8], i: usize) -> Option<usize> {
    if !starts_word(b, i) {
        return None;
    }
    let tok = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    if at(b, i, b"github_pat_") {
        let n = run(b, i + 11, 256, tok);
        return (n >= 50).then_some(11 + n);
    }
    let classic = at(b, i, b"gh")
        && matches!(b.get(i + 2), Some(b'p' | b'o' | b'u' | b's' | b'r'))
        && b.get(i + 3) == Some(&b'_');
    if !classic {
        return None;
    }
    let n = run(b, i + 4, 256, tok);
    ((36..=251).contains(&n)).then_some(4 + n)
}

/// `snowflake://` + a user + `:` + a password + `@` (the connector's URL form).
fn snowflake(b: &[u8], i: usize) -> Option<usize> {
    const SCHEME: &[u8] = b"snowflake://";
    if !at_ci(b, i, SCHEME) {
        return None;
    }
    let user = i + SCHEME.len();
    let stop = |c: u8| !(c.is_ascii_whitespace() || matches!(c, b':' | b'@' | b'/' | b'"'));
    let nu = run(b, user, 256, stop);
    if nu == 0 || b.get(user + nu) != Some(&b':') {
        return None;
    }
    let pass = user + nu + 1;
    let np = run(b, pass, 256, |c| {
        !(c.is_ascii_whitespace() || matches!(c, b'@' | b'/' | b'"'))
    });
    (np > 0 && b.get(pass + np) == Some(&b'@')).then_some(pass + np + 1 - i)
}

/// Placeholders that are not passwords.
const PLACEHOLDERS: &[&str] = &["null", "none", "true", "false", "redacted", "empty"];

/// `password=`, `passwd=` or `pwd=` (any case, spaces around `=` allowed) and a value of at
/// least three characters that is not a placeholder (`***`, `xxx`, `<…>`, `${…}`, `{{…}}`, `%s`).
fn password(b: &[u8], i: usize) -> Option<usize> {
    if !starts_word(b, i) {
        return None;
    }
    let key = [b"password".as_slice(), b"passwd", b"pwd"]
        .into_iter()
        .find(|k| at_ci(b, i, k))?;
    let mut j = i + key.len();
    j += run(b, j, 8, |c| c == b' ');
    if b.get(j) != Some(&b'=') {
        return None;
    }
    j += 1;
    j += run(b, j, 8, |c| c == b' ');
    if matches!(b.get(j), Some(b'"' | b'\'')) {
        j += 1;
    }
    let n = run(b, j, 256, |c| {
        !(c.is_ascii_whitespace() || matches!(c, b';' | b'&' | b',' | b'"' | b'\''))
    });
    let value = b.get(j..j + n)?;
    let first = *value.first()?;
    let filler = value
        .iter()
        .all(|&c| matches!(c, b'*' | b'x' | b'X' | b'.' | b'#'));
    let templated = matches!(first, b'<' | b'$' | b'{' | b'%' | b'[');
    let named = PLACEHOLDERS
        .iter()
        .any(|p| p.as_bytes().eq_ignore_ascii_case(value));
    (n >= 3 && !filler && !templated && !named).then_some(j + n - i)
}
