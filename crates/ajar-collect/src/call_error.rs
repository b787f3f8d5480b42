//! A failed call in words a user can act on, and Salesforce's error bodies read into it
//! (REST API Developer Guide, "Status Codes and Error Responses"; docs/collect.md §4).

/// Why a call failed, in words a user can act on. Never holds the token or a record's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// 401: the token expired or was revoked.
    #[error("{call}: the session expired or is invalid (HTTP 401); log in again")]
    Session {
        /// `GET /services/…`.
        call: String,
    },
    /// 403: the collecting user lacks a permission.
    #[error("{call}: permission denied (HTTP 403 `{code}`); the collecting user needs {needs}")]
    Permission {
        /// The call.
        call: String,
        /// Salesforce's `errorCode`.
        code: String,
        /// The permission this call needs.
        needs: String,
    },
    /// 400 `INVALID_TYPE` or 404: the object or record does not exist in this org.
    #[error("{call}: not in this org (HTTP {status} `{code}`)")]
    NotInOrg {
        /// The call.
        call: String,
        /// 400 or 404.
        status: u16,
        /// Salesforce's `errorCode`.
        code: String,
    },
    /// Another HTTP status.
    #[error("{call}: HTTP {status} `{code}`")]
    Http {
        /// The call.
        call: String,
        /// The status.
        status: u16,
        /// Salesforce's `errorCode`, or empty.
        code: String,
    },
    /// The connection failed, even after retries.
    #[error("{call}: {reason}")]
    Transport {
        /// The call.
        call: String,
        /// What happened (no URL query, no token).
        reason: String,
    },
    /// The body ended before its announced size.
    #[error("{call}: body shorter than announced ({got} of {announced} bytes)")]
    Short {
        /// The call.
        call: String,
        /// Bytes received.
        got: u64,
        /// Bytes announced (`LogFileLength`).
        announced: u64,
    },
    /// The answer is not the JSON expected.
    #[error("{call}: unexpected answer ({reason})")]
    Shape {
        /// The call.
        call: String,
        /// What was wrong.
        reason: String,
    },
    /// The next call would pass `--max-api-percent` of the daily allowance.
    #[error(
        "stopped before {call}: {used} of {max} daily API requests used, the limit set is {percent}%"
    )]
    Budget {
        /// The call not made.
        call: String,
        /// Requests used today.
        used: u64,
        /// The daily allowance.
        max: u64,
        /// `--max-api-percent`.
        percent: u8,
    },
}

impl CallError {
    /// True when no later call can succeed either (session gone, allowance spent).
    pub fn is_fatal(&self) -> bool {
        matches!(self, Self::Session { .. } | Self::Budget { .. })
    }
}

/// Salesforce's error code: `errorCode` of a REST error list, or the `faultcode` of a SOAP fault
/// (`sf:INVALID_SESSION_ID`, prefix dropped) (Metadata API Developer Guide, "Error Handling").
pub(crate) fn error_code(body: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let first = v.as_array().and_then(|a| a.first()).unwrap_or(&v);
    let soap = soap_fault(body);
    first
        .get("errorCode")
        .or_else(|| first.get("error"))
        .and_then(serde_json::Value::as_str)
        .or(soap.as_deref())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(64)
        .collect()
}

/// The `faultcode` text of a SOAP fault, without its namespace prefix.
fn soap_fault(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let start = text.find("<faultcode>")? + "<faultcode>".len();
    let end = start + text.get(start..)?.find('<')?;
    let code = text.get(start..end)?;
    Some(code.rsplit(':').next().unwrap_or(code).to_string())
}

pub(crate) fn classify(call: &str, status: u16, code: String, needs: &str) -> CallError {
    let call = call.to_string();
    match status {
        401 => CallError::Session { call },
        403 => {
            let needs = if code == "API_DISABLED_FOR_ORG" || code == "API_CURRENTLY_DISABLED" {
                "API Enabled".to_string()
            } else {
                needs.to_string()
            };
            CallError::Permission { call, code, needs }
        }
        404 => CallError::NotInOrg { call, status, code },
        400 if code == "INVALID_TYPE" || code == "NOT_FOUND" => {
            CallError::NotInOrg { call, status, code }
        }
        _ => CallError::Http { call, status, code },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_read_and_sanitised() {
        assert_eq!(
            error_code(br#"[{"message":"x","errorCode":"INVALID_SESSION_ID"}]"#),
            "INVALID_SESSION_ID"
        );
        assert_eq!(error_code(b"<html>"), "");
        assert_eq!(error_code(br#"[{"errorCode":"A<b>"}]"#), "Ab");
        assert_eq!(
            error_code(
                b"<soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode></soapenv:Fault>"
            ),
            "INVALID_SESSION_ID"
        );
    }
}
