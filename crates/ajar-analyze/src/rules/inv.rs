//! Rules about the input itself: what was not retrieved, what metadata cannot say.

mod partial_retrieve;
mod unknown_inputs;

pub use partial_retrieve::PartialRetrieve;
pub use unknown_inputs::UnknownInputs;
