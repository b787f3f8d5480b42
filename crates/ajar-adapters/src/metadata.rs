//! Salesforce org metadata (source and mdapi layouts) into the model.

pub mod apex;
pub mod flow;
pub mod page;
