//! Credentials: an access token and the instance it belongs to. The token lives only in memory:
//! it is never printed, logged, written, nor accepted as a command-line flag.

use crate::CollectError;
use std::fmt;

/// An OAuth access token (a session ID). `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token; surrounding whitespace is dropped.
    pub fn new(s: &str) -> Self {
        Self(s.trim().to_string())
    }

    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// The session ID itself, for the SOAP `SessionHeader` of the Metadata API.
    pub(crate) fn session_id(&self) -> &str {
        &self.0
    }

    /// True when the token is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}

/// Where to call and with which token.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// `https://<my domain>.my.salesforce.com`, without a trailing slash.
    pub instance_url: String,
    /// The access token.
    pub token: Token,
}

impl Credentials {
    /// Checks the instance URL (HTTPS, or plain HTTP to a loopback address) and builds the
    /// credentials.
    pub fn new(instance_url: &str, token: Token) -> Result<Self, CollectError> {
        let url = instance_url.trim().trim_end_matches('/');
        check_instance_url(url)?;
        if token.is_empty() {
            return Err(CollectError::Credentials(
                "the access token is empty".into(),
            ));
        }
        Ok(Self {
            instance_url: url.to_string(),
            token,
        })
    }

    /// Runs `sf org display --json --target-org ALIAS` and takes `accessToken` and
    /// `instanceUrl` from its `result` (the token never reaches a terminal or a file).
    pub fn from_sf(alias: &str) -> Result<Self, CollectError> {
        let out = std::process::Command::new("sf")
            .args(["org", "display", "--json", "--target-org", alias])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .map_err(|e| {
                CollectError::Credentials(format!(
                    "cannot run `sf org display` ({e}); install the Salesforce CLI or set \
                     `SF_ACCESS_TOKEN` and pass `--instance-url`"
                ))
            })?;
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|_| {
            CollectError::Credentials("`sf org display --json` did not print JSON".into())
        })?;
        let result = value.get("result");
        let field = |k: &str| {
            result
                .and_then(|r| r.get(k))
                .and_then(serde_json::Value::as_str)
        };
        match (field("instanceUrl"), field("accessToken")) {
            (Some(url), Some(token)) => Self::new(url, Token::new(token)),
            _ => Err(CollectError::Credentials(format!(
                "`sf org display --target-org {alias}` gave no access token (exit status {}); \
                 log in with `sf org login web --alias {alias}`",
                out.status.code().unwrap_or(-1)
            ))),
        }
    }
}

/// HTTPS only, except plain HTTP to a loopback address (the tests' fake org).
pub fn check_instance_url(url: &str) -> Result<(), CollectError> {
    let bad = |why: &str| CollectError::Credentials(format!("`--instance-url` {why}"));
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("must start with https://"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(bad("must name a host, without user information"));
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => Err(bad(
            "must use https (plain http is allowed for loopback only)",
        )),
        _ => Err(bad("must start with https://")),
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_only_except_loopback() {
        assert!(check_instance_url("https://acme.my.salesforce.com").is_ok());
        assert!(check_instance_url("http://127.0.0.1:8080").is_ok());
        assert!(check_instance_url("http://[::1]:8080").is_ok());
        assert!(check_instance_url("http://localhost:1").is_ok());
        assert!(check_instance_url("http://acme.my.salesforce.com").is_err());
        assert!(check_instance_url("http://127.0.0.1.evil.example").is_err());
        assert!(check_instance_url("ftp://x").is_err());
        assert!(check_instance_url("https://u:p@x").is_err());
    }

    #[test]
    fn token_is_hidden_in_debug() {
        let t = Token::new("00Dxx!SECRET");
        assert!(!format!("{t:?}").contains("SECRET"));
        let c = Credentials::new("https://x.my.salesforce.com/", t).unwrap();
        assert!(!format!("{c:?}").contains("SECRET"));
    }
}
