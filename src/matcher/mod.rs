//! Routing tickets: the literal evaluator of conditions, the reference router
//! (the oracle), and the compiled matcher.
#![deny(clippy::indexing_slicing)]

pub mod eval;
pub mod reference;
pub mod compiled;
mod decision_ref;
mod fold_fast;

pub use compiled::Cache;
pub use decision_ref::DecisionRef;
