//! Routing tickets: the reference router
//! (the oracle), and the compiled matcher.
#![deny(clippy::indexing_slicing)]

pub mod compiled;
mod decision_ref;
pub mod reference;
mod rules;

pub use compiled::Cache;
pub use decision_ref::{DecisionRef, SplitPartRef};
pub use rules::Rules;
