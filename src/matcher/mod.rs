//! Routing tickets: the reference router
//! (the oracle), and the compiled matcher.
#![deny(clippy::indexing_slicing)]

pub mod compiled;
mod decision_ref;
mod rules;
pub mod reference;

pub use compiled::Cache;
pub use decision_ref::DecisionRef;
pub use rules::Rules;
