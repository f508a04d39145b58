//! Exact refinement: the searches for a ticket that routes a certain way
//! (`shadowed`, `gap`, `mixed-topics`, `no-coordinator`) ask the solver for a
//! ticket meeting some conditions, route it, and when it routes otherwise
//! exclude *exactly the tickets that route the same way for the same reason*
//! before asking again.
//!
//! Routing depends on a ticket only through the truth of the conditions it
//! consults: steps 1–4 through every item's effective and `near` condition and
//! every guard of a matter with its own lead (the ticket's *profile*); step 5
//! through the truth of every atom of the items' conditions (its scores are a
//! function of those). So a clause saying "some condition of the profile has
//! another truth than on this witness" removes only tickets that route exactly
//! like the witness, and a search that ends with no ticket left has proved
//! there is none. Each clause removes at least the witness, and there are
//! finitely many profiles, so the search ends; the rounds bound its cost, and
//! running out of rounds is reported as `limit`, never as an answer.

use crate::ir::eval::holds;
use crate::ir::{Atom, Cond, ItemId, RuleSet};
use crate::ticket::Ticket;

/// How a refinement search ended.
#[derive(Clone, Debug)]
pub(super) enum Sought {
    /// A ticket that routes as sought.
    Found(Ticket),
    /// Proved: no ticket routes as sought.
    Never,
    /// The rounds or the solver's budget ran out (the reason says which).
    Undecided(crate::i18n::Text),
}

/// A clause that excludes every ticket on which each of `conds` has the
/// truth it has on `ticket`; `None` when `conds` is empty (then every ticket
/// has the witness's profile, and all of them are excluded).
pub(crate) fn block(rules: &RuleSet, conds: &[&Cond], ticket: &Ticket) -> Option<Cond> {
    let lits: Vec<Cond> = conds
        .iter()
        .map(|c| if holds(rules, c, ticket) { Cond::Not(Box::new((*c).clone())) } else { (*c).clone() })
        .collect();
    match lits.len() {
        0 => None,
        1 => lits.into_iter().next(),
        _ => Some(Cond::Or(lits)),
    }
}

/// The conditions steps 1–4 consult: every item's effective and `near`
/// condition, and every guard of a matter with its own lead.
pub(super) fn profile(rules: &RuleSet) -> Vec<&Cond> {
    let mut out: Vec<&Cond> = Vec::new();
    for item in &rules.items {
        out.push(&item.effective);
        out.extend(item.near.as_ref());
    }
    for matter in &rules.matters {
        if let (true, Some(g)) = (matter.has_own_lead, &matter.guard) {
            out.push(g);
        }
    }
    out
}

/// Every atom of the items' effective and `near` conditions, each as a
/// condition, a `has all` keyword by keyword: what step 5's scores depend on.
pub(super) fn atoms(rules: &RuleSet) -> Vec<Cond> {
    let mut out = Vec::new();
    for item in &rules.items {
        atoms_of(std::iter::once(&item.effective).chain(item.near.as_ref()), &mut out);
    }
    out
}

/// Adds to `out` every atom of `conds` not in it yet, a `has all` keyword by
/// keyword (`diff` asks this of both versions' conditions at once).
pub(crate) fn atoms_of<'c>(conds: impl Iterator<Item = &'c Cond>, out: &mut Vec<Cond>) {
    for cond in conds {
        for atom in cond.atoms() {
            // A `has all` that does not hold scores the share of its
            // keywords present, so each keyword counts on its own.
            let parts: Vec<Atom> = match atom {
                Atom::Has { attr, keywords, all: true } if keywords.len() > 1 => {
                    keywords.iter().map(|k| Atom::Has { attr: *attr, keywords: vec![k.clone()], all: false }).collect()
                }
                other => vec![other.clone()],
            };
            for part in parts {
                let c = Cond::Atom(part);
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
}

/// The items whose truth can change how step 2 treats a ticket on which all
/// of `given` match: those of at least their lowest priority (an item of
/// lower priority is dropped whenever one of them matches).
pub(super) fn step2_profile(rules: &RuleSet, given: &[ItemId]) -> Vec<ItemId> {
    let floor = given.iter().map(|&i| rules.item(i).priority).min().unwrap_or(i64::MIN);
    rules.item_ids().filter(|&i| rules.item(i).priority >= floor).collect()
}
