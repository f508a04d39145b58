//! Witnesses that carry only what the change needs: every fact of a
//! reported ticket (an attribute, or one keyword of a text) is needed for it
//! to change hands between the same two owners.
//!
//! The solver already prefers missing values, but a question asks for more
//! than the handover needs (both items' conditions, and the blockers'
//! failures), so a witness can carry a keyword or a value that plays no part
//! in who owns it. Each fact is dropped in turn, and the drop is kept when
//! routing both versions still moves the ticket between the same leads;
//! one pass over the facts, then again while anything was dropped.

use super::{handover, Handover};
use crate::decision::Decision;
use crate::ir::RuleSet;
use crate::matcher::reference::route;
use crate::ticket::{Strictness, Ticket};
use serde_json::{Map, Value};

/// How the solver joins the keywords of one text (see `logic::witness`):
/// the readable separator it tries first.
const SEPARATOR: &str = "，";

/// Routes a witness through both versions: read leniently into the old
/// schema, strictly into the new one.
fn route_both(old: &RuleSet, new: &RuleSet, witness: &Value) -> Option<(Decision, Decision)> {
    let before = Ticket::from_value(&old.attrs, witness, Strictness::Lenient).ok()?;
    let after = Ticket::from_value(&new.attrs, witness, Strictness::Strict).ok()?;
    Some((route(old, &before), route(new, &after)))
}

/// The tickets one fact smaller than `ticket`: without one attribute, or
/// with one keyword fewer in a text.
fn smaller(ticket: &Map<String, Value>) -> Vec<Map<String, Value>> {
    let mut out = Vec::new();
    for (key, value) in ticket {
        // Rebuilt rather than `remove`d, which may reorder the keys.
        out.push(ticket.iter().filter(|(k, _)| *k != key).map(|(k, v)| (k.clone(), v.clone())).collect());
        let Some(text) = value.as_str() else { continue };
        let pieces: Vec<&str> = text.split(SEPARATOR).collect();
        if pieces.len() < 2 {
            continue;
        }
        for k in 0..pieces.len() {
            let rest: Vec<&str> = pieces.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, p)| *p).collect();
            let mut fewer = ticket.clone();
            fewer.insert(key.clone(), Value::String(rest.join(SEPARATOR)));
            out.push(fewer);
        }
    }
    out
}

/// Drops the facts of `h`'s witness that its change of hands does not need,
/// and describes the smaller ticket's routing.
pub(super) fn shrink(old: &RuleSet, new: &RuleSet, h: &mut Handover) {
    let Value::Object(mut ticket) = h.witness.clone() else { return };
    let mut best = None;
    'again: loop {
        for candidate in smaller(&ticket) {
            let json = Value::Object(candidate.clone());
            let Some((before, after)) = route_both(old, new, &json) else { continue };
            if before.lead == h.from && after.lead == h.to {
                ticket = candidate;
                best = Some((before, after));
                continue 'again;
            }
        }
        break;
    }
    if let Some((before, after)) = best {
        *h = handover(&before, &after, Value::Object(ticket));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fact_fewer() {
        let Value::Object(t) = serde_json::json!({"a": "x，y", "b": 1}) else { return };
        let texts: Vec<String> = smaller(&t).into_iter().map(|m| Value::Object(m).to_string()).collect();
        assert_eq!(texts, [r#"{"b":1}"#, r#"{"a":"y","b":1}"#, r#"{"a":"x","b":1}"#, r#"{"a":"x，y"}"#]);
    }
}
