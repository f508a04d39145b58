//! Conditions as formulas over atoms: satisfiability and implication, decided
//! exactly over every possible ticket, with witness tickets.
//!
//! (Skeleton: the solver is being written; see `implies` and `satisfiable`.)

use crate::ir::{Cond, RuleSet};
use crate::ticket::Ticket;

/// The outcome of an exact question about all tickets.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// No ticket is a counterexample / no ticket satisfies it.
    No,
    /// This ticket is one.
    Yes(Ticket),
    /// The search budget ran out before an answer (the reason says where).
    TooComplex(String),
}

/// Whether some ticket satisfies `cond` (SPEC §8's theory: a symbol has one
/// value, numbers are ordered, keyword containment, missing attributes make
/// atoms false, closed domains are complete).
pub fn satisfiable(rules: &RuleSet, cond: &Cond) -> Answer {
    let _ = (rules, cond);
    Answer::TooComplex("solver not yet written".into())
}

/// Whether `a` implies `b` for every possible ticket. `Some(false)` carries no
/// witness; use [`satisfiable`] on `a and not b` for one. `None` when too complex.
pub fn implies(rules: &RuleSet, a: &Cond, b: &Cond) -> Option<bool> {
    let counter = Cond::and([a.clone(), Cond::Not(Box::new(b.clone()))]);
    match counter.map(|c| satisfiable(rules, &c)) {
        Some(Answer::No) => Some(true),
        Some(Answer::Yes(_)) => Some(false),
        Some(Answer::TooComplex(_)) => None,
        None => Some(true),
    }
}
