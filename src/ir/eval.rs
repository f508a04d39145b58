//! Conditions evaluated on one ticket, literally (docs/spec.md §4), and the proximity
//! score of docs/spec.md §5 step 5: the one definition of what a condition means.
//! Used by the reference router, the explainer, the logic layer's witness
//! checks and the analyzer; the compiled matcher is a deliberate second copy,
//! held to this one by the differential test. Clarity over speed.

use super::input::{TicketSource, Value};
use super::{Atom, CmpOp, Cond, Keyword, RuleSet, Value as IrValue};
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
        (Atom::Cmp { op, value, .. }, v) => match number_of(v) {
            Some(n) => match op {
                CmpOp::Lt => n < *value,
                CmpOp::Le => n <= *value,
                CmpOp::Gt => n > *value,
                CmpOp::Ge => n >= *value,
            },
            None => false,
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
        (IrValue::Number(x), v) => number_of(v).map(|n| n == *x),
        _ => None,
    }
}

/// A number or a date as the number conditions compare it (a date is its
/// day number, as the model stores date bounds).
fn number_of(v: Value<'_>) -> Option<f64> {
    match v {
        Value::Number(n) => Some(n),
        Value::Date(d) => Some(f64::from(d.days())),
        _ => None,
    }
}

/// The keywords of a `has` atom that the ticket's text contains by sound and
/// not exactly, each with the run of the folded text that sounds like it
/// (docs/spec.md §5 step 5); empty without `homophone`. For explanations.
pub fn by_sound<'r>(rules: &RuleSet, atom: &'r Atom, ticket: &impl TicketSource) -> Vec<(&'r Keyword, String)> {
    let (Atom::Has { keywords, .. }, Some(Value::Text(text)), Some(_)) =
        (atom, ticket.value(atom.attr()), rules.homophone)
    else {
        return Vec::new();
    };
    let text = fold(text);
    keywords
        .iter()
        .filter(|k| !text.contains(k.folded.as_str()))
        .filter_map(|k| crate::sound::find_by_sound(&text, &k.folded).map(|run| (k, run)))
        .collect()
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
        // `has all` scores the mean of its keywords' scores, `has any` its
        // best keyword's: 1 when contained, W when contained by sound (v2).
        Cond::Atom(atom @ Atom::Has { keywords, all, .. }) => match ticket.value(atom.attr()) {
            Some(Value::Text(text)) if !keywords.is_empty() => {
                let text = fold(text);
                let weight = rules.homophone.unwrap_or(0.0);
                let kw_score = |k: &Keyword| {
                    if text.contains(k.folded.as_str()) {
                        1.0
                    } else if weight > 0.0 && crate::sound::find_by_sound(&text, &k.folded).is_some() {
                        weight
                    } else {
                        0.0
                    }
                };
                if *all {
                    keywords.iter().map(kw_score).sum::<f64>() / keywords.len() as f64
                } else {
                    keywords.iter().map(kw_score).fold(0.0, f64::max)
                }
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
