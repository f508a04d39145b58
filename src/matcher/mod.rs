//! Routing tickets: the literal evaluator of conditions, the reference router
//! (the oracle), and the compiled matcher.

pub mod eval;
pub mod reference;
