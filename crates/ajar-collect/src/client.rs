//! The HTTP side: one blocking `ureq` agent, the bearer token, the daily API allowance, retries
//! with jittered backoff, and Salesforce's error bodies turned into one-line reasons.
//!
//! Facts used here (docs/collect.md §3, §4): every REST response carries
//! `Sforce-Limit-Info: api-usage=<used>/<max>` (REST API Developer Guide, "Limit Info Header");
//! `/services/data/vXX.X/limits` gives `DailyApiRequests` `Max` and `Remaining` (REST API
//! Developer Guide, "Limits"); errors are a JSON list of `{"message", "errorCode"}` (REST API
//! Developer Guide, "Status Codes and Error Responses"): 401 `INVALID_SESSION_ID`, 403
//! `REQUEST_LIMIT_EXCEEDED` or `INSUFFICIENT_ACCESS`/`API_DISABLED_FOR_ORG`, 400
//! `INVALID_TYPE`, 404 `NOT_FOUND`; 429 and 5xx are worth another try.

use crate::auth::Credentials;
use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub use crate::call_error::CallError;
use crate::call_error::{classify, error_code};

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first backoff; doubled each time, with up to 50% jitter, capped at 30 s.
    pub base: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            retries: 5,
            base: Duration::from_millis(500),
        }
    }
}

/// A blocking client for one org.
pub(crate) struct Client {
    agent: ureq::Agent,
    creds: Credentials,
    pub(crate) api: String,
    retry: RetryPolicy,
    max_percent: u8,
    usage: Mutex<Usage>,
    calls: AtomicU64,
    jitter: AtomicU64,
}

#[derive(Debug, Default, Clone, Copy)]
struct Usage {
    used: u64,
    max: u64,
}

/// A response whose status was 2xx.
pub(crate) struct Ok200 {
    pub(crate) resp: ureq::http::Response<ureq::Body>,
}

impl Ok200 {
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.resp
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    pub(crate) fn reader(&mut self) -> impl Read + '_ {
        self.resp.body_mut().as_reader()
    }

    /// The whole body, refused past `limit` bytes.
    pub(crate) fn bytes(&mut self, call: &str, limit: u64) -> Result<Vec<u8>, CallError> {
        self.resp
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| transport(call, &e))
    }

    pub(crate) fn json(&mut self, call: &str) -> Result<serde_json::Value, CallError> {
        let bytes = self
            .resp
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| transport(call, &e))?;
        serde_json::from_slice(&bytes).map_err(|e| CallError::Shape {
            call: call.to_string(),
            reason: format!("not JSON: {}", e.classify_name()),
        })
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

fn transport(call: &str, e: &ureq::Error) -> CallError {
    let reason = match e {
        ureq::Error::Io(io) => format!("connection failed ({})", io.kind()),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::BodyExceedsLimit(n) => format!("answer larger than {n} bytes"),
        ureq::Error::Decompress(what, _) => format!("cannot decompress the {what} body"),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => "TLS handshake failed".to_string(),
        ureq::Error::Protocol(_) => "HTTP protocol error".to_string(),
        _ => "request failed".to_string(),
    };
    CallError::Transport {
        call: call.to_string(),
        reason,
    }
}

/// A method and its body.
pub(crate) enum Method<'a> {
    Get,
    PostJson(&'a serde_json::Value),
    /// A SOAP envelope and its `SOAPAction` (the Metadata API, docs/collect.md §2).
    PostSoap(&'a str, &'a str),
}

impl Client {
    pub(crate) fn new(creds: Credentials, api: &str, retry: RetryPolicy, max_percent: u8) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .https_only(false)
            .timeout_connect(Some(Duration::from_secs(30)))
            .timeout_recv_response(Some(Duration::from_secs(300)))
            .timeout_per_read(Some(Duration::from_secs(300)))
            .max_redirects(0)
            .user_agent(concat!("ajar-collect/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
            creds,
            api: api.to_string(),
            retry,
            max_percent,
            usage: Mutex::new(Usage::default()),
            calls: AtomicU64::new(0),
            jitter: AtomicU64::new(0x9E37_79B9_7F4A_7C15),
        }
    }

    /// `/services/data/v62.0` + `rest`.
    pub(crate) fn data(&self, rest: &str) -> String {
        format!("/services/data/v{}{rest}", self.api)
    }

    /// The session ID for a SOAP envelope (it goes in the request body there).
    pub(crate) fn token_for_soap(&self) -> &str {
        self.creds.token.session_id()
    }

    pub(crate) fn instance(&self) -> &str {
        &self.creds.instance_url
    }

    /// Calls made (attempts included).
    pub(crate) fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// Records the allowance read from `/limits`.
    pub(crate) fn set_usage(&self, used: u64, max: u64) {
        if let Ok(mut u) = self.usage.lock() {
            *u = Usage { used, max };
        }
    }

    /// Used and max requests, as last seen.
    pub(crate) fn usage(&self) -> (u64, u64) {
        self.usage.lock().map(|u| (u.used, u.max)).unwrap_or((0, 0))
    }

    fn check_budget(&self, call: &str) -> Result<(), CallError> {
        let (used, max) = self.usage();
        if max > 0 && used.saturating_add(1) * 100 > max * u64::from(self.max_percent) {
            return Err(CallError::Budget {
                call: call.to_string(),
                used,
                max,
                percent: self.max_percent,
            });
        }
        Ok(())
    }

    fn note_limit_header(&self, value: Option<&str>) {
        // `api-usage=18/5000; per-app-api-usage=…` (docs/collect.md §3).
        let Some(v) = value else { return };
        for part in v.split(';') {
            if let Some(rest) = part.trim().strip_prefix("api-usage=")
                && let Some((u, m)) = rest.split_once('/')
                && let (Ok(used), Ok(max)) = (u.trim().parse(), m.trim().parse())
            {
                self.set_usage(used, max);
            }
        }
    }

    fn sleep_backoff(&self, attempt: u32, at_least: Option<Duration>) {
        let exp = self
            .retry
            .base
            .saturating_mul(1u32 << attempt.min(10))
            .min(Duration::from_secs(30));
        // xorshift: jitter spreads the retries of parallel workers; no randomness reaches output.
        let mut x = self.jitter.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.jitter.store(x, Ordering::Relaxed);
        let jitter = exp.mul_f64((x % 1000) as f64 / 2000.0);
        let wait = (exp + jitter).max(at_least.unwrap_or_default());
        std::thread::sleep(wait.min(Duration::from_secs(60)));
    }

    /// Sends a request, retrying 429, `REQUEST_LIMIT_EXCEEDED`, 5xx and cut connections.
    /// `path` starts with `/` and may carry a query string; `needs` names the permission the
    /// call requires, for a 403.
    pub(crate) fn send(
        &self,
        method: &Method<'_>,
        path: &str,
        needs: &str,
    ) -> Result<Ok200, CallError> {
        let verb = match method {
            Method::Get => "GET",
            Method::PostJson(_) | Method::PostSoap(..) => "POST",
        };
        let endpoint = path.split('?').next().unwrap_or(path);
        let call = format!("{verb} {endpoint}");
        let url = format!("{}{path}", self.creds.instance_url);
        let mut attempt = 0u32;
        loop {
            self.check_budget(&call)?;
            self.calls.fetch_add(1, Ordering::Relaxed);
            let auth = self.creds.token.bearer();
            let result = match method {
                Method::Get => self
                    .agent
                    .get(&url)
                    .header("Authorization", &auth)
                    .header("Accept-Encoding", "gzip")
                    .call(),
                Method::PostJson(body) => self
                    .agent
                    .post(&url)
                    .header("Authorization", &auth)
                    .header("Content-Type", "application/json")
                    .send(body.to_string()),
                // The SOAP call carries the session in its `SessionHeader`, not this header.
                Method::PostSoap(envelope, action) => self
                    .agent
                    .post(&url)
                    .header("Content-Type", "text/xml; charset=UTF-8")
                    .header("SOAPAction", *action)
                    .header("Accept-Encoding", "gzip")
                    .send(*envelope),
            };
            let retryable = attempt < self.retry.retries;
            let mut resp = match result {
                Ok(r) => r,
                Err(e) => {
                    if retryable {
                        self.sleep_backoff(attempt, None);
                        attempt += 1;
                        continue;
                    }
                    return Err(transport(&call, &e));
                }
            };
            self.note_limit_header(
                resp.headers()
                    .get("Sforce-Limit-Info")
                    .and_then(|v| v.to_str().ok()),
            );
            let status = resp.status().as_u16();
            if (200..300).contains(&status) {
                return Ok(Ok200 { resp });
            }
            let retry_after = resp
                .headers()
                .get("Retry-After")
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let body = resp
                .body_mut()
                .with_config()
                .limit(64 * 1024)
                .read_to_vec()
                .unwrap_or_default();
            let code = error_code(&body);
            // A SOAP fault comes as HTTP 500; an invalid session there is no server error.
            let status = if code == "INVALID_SESSION_ID" {
                401
            } else {
                status
            };
            let throttled = status == 429 || code == "REQUEST_LIMIT_EXCEEDED";
            if retryable && (throttled || status >= 500) {
                self.sleep_backoff(attempt + u32::from(throttled) * 2, retry_after);
                attempt += 1;
                continue;
            }
            return Err(classify(&call, status, code, needs));
        }
    }

    /// GET and parse JSON.
    pub(crate) fn get_json(&self, path: &str, needs: &str) -> Result<serde_json::Value, CallError> {
        let endpoint = path.split('?').next().unwrap_or(path);
        let mut r = self.send(&Method::Get, path, needs)?;
        r.json(&format!("GET {endpoint}"))
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters kept).
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_soql() {
        assert_eq!(encode("SELECT Id FROM User"), "SELECT%20Id%20FROM%20User");
        assert_eq!(encode("a>=b"), "a%3E%3Db");
    }
}
