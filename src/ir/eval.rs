//! Conditions evaluated on one ticket, literally (docs/spec.md §4), and the proximity
//! score of docs/spec.md §5 step 5: the one definition of what a condition means.
//! Used by the reference router, the explainer, the logic layer's witness
//! checks and the analyzer; the compiled matcher is a deliberate second copy,
//! held to this one by the differential test. Clarity over speed.

use super::input::{TicketSource, Value};
use super::{Atom, CmpOp, Cond, RuleSet, Value as IrValue};
use crate::fold::fold;

/// Whether `cond` holds for `ticket`.
pub fn holds(rules: &RuleSet, cond: &Cond, ticket: &impl TicketSource) -> bool {
    match cond {
        Cond::And(ops) => ops.iter().all(|c| holds(rules, c, ticket)),
        Cond::Or(ops) => ops.iter().any(|c| holds(rules, c, ticket)),
        Cond::Not(c) => !holds(rules, c, ticket),
        Cond::Atom(a) => atom_holds(rules, a, ticket),
    }
}

/// Whether one atom holds. An atom on a missing attribute is false; so is an
/// atom whose attribute carries a value of another type.
pub fn atom_holds(rules: &RuleSet, atom: &Atom, ticket: &impl TicketSource) -> bool {
    let _ = rules;
    let Some(v) = ticket.value(atom.attr()) else {
        return false;
    };
    match (atom, v) {
        (Atom::Has { keywords, all, .. }, Value::Text(text)) => {
            let text = fold(text);
            let mut present = keywords.iter().map(|k| text.contains(k.folded.as_str()));
            if *all {
                present.all(|p| p)
            } else {
                present.any(|p| p)
            }
        }
        (Atom::Eq { value, .. }, v) => value_eq(value, v) == Some(true),
        (Atom::Ne { value, .. }, v) => value_eq(value, v) == Some(false),
        (Atom::In { values, .. }, v) => values.iter().any(|x| value_eq(x, v) == Some(true)),
        (Atom::Cmp { op, value, .. }, Value::Number(n)) => match op {
            CmpOp::Lt => n < *value,
            CmpOp::Le => n <= *value,
            CmpOp::Gt => n > *value,
            CmpOp::Ge => n >= *value,
        },
        (Atom::IsTrue { .. }, Value::Bool(b)) => b,
        _ => false,
    }
}

/// `Some(equal)` when the ticket value has the atom value's type, else `None`.
fn value_eq(expected: &IrValue, actual: Value<'_>) -> Option<bool> {
    match (expected, actual) {
        (IrValue::Symbol(s), Value::Symbol(v)) => Some(s == v),
        (IrValue::Bool(b), Value::Bool(v)) => Some(*b == v),
        _ => None,
    }
}

/// Whether an operand counts as *negative* in an `and` (docs/spec.md §5 step 5):
/// `not …` and `!=` atoms can only veto, never add proximity.
pub fn is_negative(cond: &Cond) -> bool {
    matches!(cond, Cond::Not(_) | Cond::Atom(Atom::Ne { .. }))
}

/// The proximity score of `cond` for `ticket`, in [0, 1] (docs/spec.md §5 step 5).
pub fn score(rules: &RuleSet, cond: &Cond, ticket: &impl TicketSource) -> f64 {
    if holds(rules, cond, ticket) {
        return 1.0;
    }
    match cond {
        Cond::Atom(atom @ Atom::Has { keywords, all: true, .. }) => match ticket.value(atom.attr()) {
            Some(Value::Text(text)) if !keywords.is_empty() => {
                let text = fold(text);
                let present = keywords.iter().filter(|k| text.contains(k.folded.as_str())).count();
                present as f64 / keywords.len() as f64
            }
            _ => 0.0,
        },
        Cond::Atom(_) | Cond::Not(_) => 0.0,
        Cond::Or(ops) => ops.iter().map(|c| score(rules, c, ticket)).fold(0.0, f64::max),
        Cond::And(ops) => {
            let (neg, pos): (Vec<&Cond>, Vec<&Cond>) = ops.iter().partition(|c| is_negative(c));
            let mean = if pos.is_empty() {
                1.0
            } else {
                pos.iter().map(|c| score(rules, c, ticket)).sum::<f64>() / pos.len() as f64
            };
            let veto = neg.iter().map(|c| score(rules, c, ticket)).fold(1.0, f64::min);
            mean * veto
        }
    }
}
