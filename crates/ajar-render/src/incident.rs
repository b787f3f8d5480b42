//! `ajar investigate` outputs: `incident.json`, the drafted documents, the notification and
//! secrets lists and the HTML report.
//!
//! - [`json`]: `incident.json` (`ajar.incident/3`).
//! - [`drafts`]: regulator report, notice to individuals, public announcement (ja, en).
//! - [`notification_csv`]: the notification list.
//! - [`secrets_csv`]: the credentials found in what left.
//! - [`html`]: the self-contained HTML report.

pub mod drafts;
pub mod html;
pub mod json;
pub mod notification_csv;
pub mod secrets_csv;

#[cfg(test)]
mod entrust_tests;
#[cfg(test)]
mod tests;
