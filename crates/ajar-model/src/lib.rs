//! ajar's vendor-neutral data model.
//!
//! Data flows one way through ajar: adapters parse Salesforce files into these types, analyses
//! compute over them, renderers turn the resulting reports into bytes. Every type here is plain
//! serde data; collections that reach an output are ordered (`BTreeMap`, sorted `Vec`) so that
//! the same input always gives the same bytes.
//!
//! ```
//! use ajar_model::sfid::SfId;
//! let id = SfId::parse("0055j000000utlP").unwrap();
//! assert_eq!(id.as_str(), "0055j000000utlPAAQ");
//! ```
#![deny(missing_docs)]

pub mod actor;
pub mod classify;
pub mod code;
pub mod detection;
pub mod event;
pub mod export;
pub mod exposure;
pub mod finding;
pub mod incident;
pub mod logrow;
pub mod number;
pub mod org;
pub mod persons;
pub mod sfid;
pub mod span;
pub mod table;
