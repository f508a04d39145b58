//! Replaying a finding's witness: does routing it still show the finding?

use crate::decision::{Decision, Method};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::RuleSet;
use crate::ticket::{Strictness, Ticket, TicketError};

/// Routes the witness of `finding` with `route` and checks that the decision
/// shows what the finding claims: an `overlap` or listed `mixed-topics`
/// witness is `disputed` with both items among the candidates; a `gap`
/// witness goes outside its matter by analogy or to the coordinator; a
/// `shadowed` witness goes elsewhere with the item among the candidates; a
/// `no-coordinator` witness is disputed or unclaimed with no lead. A finding
/// without a witness passes. `Err` says what routing showed instead
/// ([`NotReproduced`]).
///
/// ```
/// let rules = zeren::load::load_str("a.rules", r#"
///   schema { text: text }
///   department a
///   department b
///   item 甲 { when text has "退费" lead a basis "x" }
///   item 乙 { when text has "退费" lead b basis "y" }
/// "#)?;
/// let mut route = |t: &zeren::ticket::Ticket| zeren::matcher::reference::route(&rules, t);
/// for finding in zeren::analyze::analyze(&rules, &Default::default()).diagnostics {
///     zeren::analyze::reproduce(&rules, &finding, &mut route)?;
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn reproduce(
    rules: &RuleSet,
    finding: &Diagnostic,
    route: &mut dyn FnMut(&Ticket) -> Decision,
) -> Result<(), NotReproduced> {
    let Some(json) = &finding.witness else {
        return Ok(());
    };
    let ticket = Ticket::from_value(&rules.attrs, json, Strictness::Strict)
        .map_err(|error| NotReproduced::InvalidWitness { code: finding.code, witness: json.clone(), error })?;
    let d = route(&ticket);
    let has = |name: &String| d.candidates.contains(name);
    let ok = match finding.code {
        Code::Overlap | Code::MixedTopics => {
            d.method == Method::Disputed && finding.items.len() >= 2 && finding.items.iter().all(has)
        }
        Code::Gap => {
            let outside = finding.items.first().is_some_and(|m| !d.path.contains(m));
            outside && matches!(d.method, Method::Analogy | Method::Unclaimed | Method::Disputed)
        }
        Code::Shadowed => finding.items.first().is_some_and(|i| has(i) && d.item.as_ref() != Some(i)),
        Code::NoCoordinator => d.lead.is_none() && matches!(d.method, Method::Disputed | Method::Unclaimed),
        _ => true,
    };
    match ok {
        true => Ok(()),
        false => Err(NotReproduced::Routed {
            code: finding.code,
            message: finding.message.clone(),
            witness: json.clone(),
            decision: Box::new(d),
        }),
    }
}

/// Why [`reproduce`] failed: the witness does not show its finding.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum NotReproduced {
    /// The witness is not a ticket of the rule set's schema.
    #[error("{code} witness {witness} is not a valid ticket: {error}")]
    InvalidWitness {
        /// The finding's code.
        code: Code,
        /// The witness.
        witness: serde_json::Value,
        /// Why the schema rejects it.
        error: TicketError,
    },
    /// Routing the witness does not show the finding.
    #[error("{code} finding `{message}` is not reproduced by its witness {witness}: routing gives {}", serde_json::to_string(decision).unwrap_or_default())]
    Routed {
        /// The finding's code.
        code: Code,
        /// The finding's message.
        message: String,
        /// The witness.
        witness: serde_json::Value,
        /// What routing decided instead.
        decision: Box<Decision>,
    },
}
