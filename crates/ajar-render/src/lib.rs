//! Renderers: reports and drafted documents as bytes. Renderers format, never compute.
//!
//! - [`incident_json`]: `incident.json` (`ajar.incident/1`).
//! - [`drafts`]: regulator report, notice to individuals, public announcement (ja, en).
//! - [`notification_csv`]: the notification list.
//! - [`html`]: the self-contained HTML report.
//!
//! ```
//! assert_eq!(ajar_render::view::thousands(89141), "89,141");
//! ```
#![deny(missing_docs)]

pub mod drafts;
pub mod html;
pub mod incident_json;
pub mod notification_csv;
pub mod view;

#[cfg(test)]
mod incident_tests;
