//! The reference router: docs/spec.md §5 executed literally, clarity over speed.
//!
//! This is the oracle the compiled matcher is tested against, so it follows
//! the spec's wording step by step and never takes a shortcut. It evaluates
//! every condition of every item for every ticket and decides specificity with
//! the exact solver in [`crate::logic`]. It also records a [`Trace`] of what it
//! saw, from which `--explain` is written.
#![deny(clippy::indexing_slicing)]

use crate::decision::{Decision, Method};
use crate::ir::eval::{holds, score};
use crate::ir::settle::{drop_beaten, same_roles, settle_items, SCORE_TOLERANCE};
use crate::ir::{DeptId, ItemId, MatterId, RuleSet};
use crate::logic::implies;
use crate::ticket::TicketSource;

/// What the router saw on its way to a decision.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Trace {
    /// Step 1: every item whose effective condition held, in declaration order.
    pub candidates: Vec<ItemId>,
    /// Step 2: the candidates left after `priority` and `over`.
    pub remaining: Vec<ItemId>,
    /// Step 3: items whose `near` condition held.
    pub near: Vec<ItemId>,
    /// Step 4: matters with their own lead whose guard held (all of them).
    pub guarded_matters: Vec<MatterId>,
    /// Step 4: the innermost of those.
    pub residual_matters: Vec<MatterId>,
    /// Step 5: every item's proximity score, best first (ties in declaration order).
    pub scores: Vec<(ItemId, f64)>,
    /// Which step decided, in words.
    pub reason: String,
}

/// Who owns a decided ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// An item (methods `direct`, `priority`, `specific`, `analogy`).
    Item(ItemId),
    /// A matter's residual owner (`residual`).
    Matter(MatterId),
    /// The coordinator, or no one when none is declared (`disputed`, `unclaimed`).
    Coordinator,
}

/// Who contended for a ticket, in declaration order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contenders {
    /// The items whose condition held (step 1).
    Items(Vec<ItemId>),
    /// The matters of a disputed residual (step 4).
    Matters(Vec<MatterId>),
}

/// A decision by ids, before any name is looked up: what tools that reason
/// about items (the analyzer, `diff`) read, so that none maps names back.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The step that decided.
    pub method: Method,
    /// Who owns the ticket.
    pub owner: Owner,
    /// The proximity score: 1.0 unless `analogy`.
    pub score: f64,
    /// The contenders the decision lists as `candidates`.
    pub contenders: Contenders,
}

impl Outcome {
    /// The winning item, if an item won.
    pub fn item(&self) -> Option<ItemId> {
        match self.owner {
            Owner::Item(i) => Some(i),
            _ => None,
        }
    }

    /// The items whose condition held (empty for a disputed residual).
    pub fn candidate_items(&self) -> &[ItemId] {
        match &self.contenders {
            Contenders::Items(items) => items,
            Contenders::Matters(_) => &[],
        }
    }

    /// The decision with names, as docs/spec.md §6 gives it.
    pub fn to_decision(&self, rules: &RuleSet) -> Decision {
        let candidates = match &self.contenders {
            Contenders::Items(items) => items.iter().map(|&i| rules.item(i).name.clone()).collect(),
            Contenders::Matters(matters) => matters.iter().map(|&m| rules.matter(m).name.clone()).collect(),
        };
        match self.owner {
            Owner::Item(id) => item_decision(rules, id, self.method, self.score, candidates),
            Owner::Matter(id) => matter_decision(rules, id),
            Owner::Coordinator => coordinator_decision(rules, self.method, candidates),
        }
    }
}

/// Routes one ticket.
pub fn route(rules: &RuleSet, ticket: &impl TicketSource) -> Decision {
    route_outcome(rules, ticket).to_decision(rules)
}

/// Routes one ticket and records why.
pub fn route_traced(rules: &RuleSet, ticket: &impl TicketSource) -> (Decision, Trace) {
    let mut trace = Trace::default();
    let outcome = decide(rules, ticket, &mut trace);
    (outcome.to_decision(rules), trace)
}

/// Routes one ticket and gives the decision by ids.
pub fn route_outcome(rules: &RuleSet, ticket: &impl TicketSource) -> Outcome {
    decide(rules, ticket, &mut Trace::default())
}

fn item_outcome(id: ItemId, method: Method, score: f64, candidates: Vec<ItemId>) -> Outcome {
    Outcome { method, owner: Owner::Item(id), score, contenders: Contenders::Items(candidates) }
}

fn matter_outcome(id: MatterId) -> Outcome {
    Outcome {
        method: Method::Residual,
        owner: Owner::Matter(id),
        score: 1.0,
        contenders: Contenders::Items(Vec::new()),
    }
}

fn coordinator_outcome(method: Method, contenders: Contenders) -> Outcome {
    Outcome { method, owner: Owner::Coordinator, score: 1.0, contenders }
}

fn decide(rules: &RuleSet, ticket: &impl TicketSource, trace: &mut Trace) -> Outcome {
    // Step 1. Candidates.
    trace.candidates = rules.item_ids().filter(|&i| holds(rules, &rules.item(i).effective, ticket)).collect();
    if !trace.candidates.is_empty() {
        return overlap(rules, trace);
    }

    // Step 3. Declared analogy.
    trace.near =
        rules.item_ids().filter(|&i| rules.item(i).near.as_ref().is_some_and(|n| holds(rules, n, ticket))).collect();
    if let Some(winner) = settle_items(rules, &trace.near) {
        trace.reason = format!("no item matched; the `near` condition of `{}` held", rules.item(winner).name);
        return item_outcome(winner, Method::Analogy, 1.0, Vec::new());
    }

    // Step 4. Residual.
    trace.guarded_matters = rules
        .matter_ids()
        .filter(|&m| {
            let matter = rules.matter(m);
            matter.has_own_lead && matter.guard.as_ref().is_some_and(|g| holds(rules, g, ticket))
        })
        .collect();
    if !trace.guarded_matters.is_empty() {
        return residual(rules, trace);
    }

    // Step 5. Nearest item.
    let mut scores: Vec<(ItemId, f64)> = rules
        .item_ids()
        .map(|i| {
            let item = rules.item(i);
            let near = item.near.as_ref().map_or(0.0, |n| score(rules, n, ticket));
            (i, score(rules, &item.effective, ticket).max(near))
        })
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    trace.scores = scores;
    if rules.has_fallback {
        if let Some(&(_, best)) = trace.scores.first() {
            if best >= rules.threshold - SCORE_TOLERANCE {
                let tied: Vec<ItemId> =
                    trace.scores.iter().filter(|s| s.1 >= best - SCORE_TOLERANCE).map(|s| s.0).collect();
                let mut in_order = tied.clone();
                in_order.sort();
                if let Some(winner) = settle_items(rules, &in_order) {
                    let winner_score = trace.scores.iter().find(|s| s.0 == winner).map_or(best, |s| s.1);
                    trace.reason = format!(
                    "no item, `near` or matter claimed the ticket; `{}` is the nearest item (score {:.3}, threshold {})",
                    rules.item(winner).name,
                    winner_score,
                    rules.threshold
                );
                    return item_outcome(winner, Method::Analogy, winner_score, Vec::new());
                }
            }
        }
    }

    // Step 6. Unclaimed.
    trace.reason = if rules.has_fallback {
        format!("nothing claimed the ticket and no item scored at least {}", rules.threshold)
    } else {
        "nothing claimed the ticket (no `fallback` block, so no nearest item)".to_string()
    };
    coordinator_outcome(Method::Unclaimed, Contenders::Items(Vec::new()))
}

/// Step 2: priority, `over`, agreement, specificity, dispute.
fn overlap(rules: &RuleSet, trace: &mut Trace) -> Outcome {
    let candidates = trace.candidates.clone();
    let remaining = drop_beaten(rules, &candidates);
    trace.remaining = remaining.clone();
    let removed = remaining.len() < candidates.len();

    // INVARIANT: `drop_beaten` keeps at least one of a non-empty list (of
    // the highest priority, someone is not beaten: `over` is acyclic). Were it
    // broken, the candidates still contend: the coordinator takes the ticket
    // as disputed, as the compiled matcher does.
    let Some(&first) = remaining.first() else {
        debug_assert!(false, "drop_beaten emptied a non-empty candidate list");
        return coordinator_outcome(Method::Disputed, Contenders::Items(candidates));
    };
    if remaining.iter().all(|&i| same_roles(rules, first, i)) {
        let method = if removed { Method::Priority } else { Method::Direct };
        trace.reason = match (remaining.len(), removed) {
            (1, false) => format!("`{}` is the only item whose condition holds", rules.item(first).name),
            (_, false) => format!(
                "{} items match and agree on lead, assists and liaisons; the first declared wins",
                remaining.len()
            ),
            (_, true) => format!("`priority`/`over` left {} item(s); the first declared wins", remaining.len()),
        };
        return item_outcome(first, method, 1.0, candidates);
    }

    let specific: Vec<ItemId> = remaining
        .iter()
        .copied()
        .filter(|&a| {
            remaining
                .iter()
                .all(|&b| a == b || implies(rules, &rules.item(a).effective, &rules.item(b).effective) == Some(true))
        })
        .collect();
    if let [winner] = specific[..] {
        trace.reason = format!("`{}` is more specific than every other remaining candidate", rules.item(winner).name);
        return item_outcome(winner, Method::Specific, 1.0, candidates);
    }

    trace.reason = format!("{} candidates disagree and none is more specific than all the others", remaining.len());
    coordinator_outcome(Method::Disputed, Contenders::Items(candidates))
}

/// Step 4: the innermost guarded matters, settled like step 2 without priority.
fn residual(rules: &RuleSet, trace: &mut Trace) -> Outcome {
    let guarded = &trace.guarded_matters;
    let innermost: Vec<MatterId> = guarded
        .iter()
        .copied()
        .filter(|&m| !guarded.iter().any(|&other| other != m && rules.matter(other).path.contains(&m)))
        .collect();
    trace.residual_matters = innermost.clone();

    // INVARIANT: nesting is a tree, so some guarded matter is innermost.
    let Some(&first) = innermost.first() else {
        return coordinator_outcome(Method::Unclaimed, Contenders::Items(Vec::new()));
    };
    let roles = |m: MatterId| {
        let matter = rules.matter(m);
        (matter.lead, &matter.assists, &matter.liaisons)
    };
    if innermost.iter().all(|&m| roles(m) == roles(first)) {
        trace.reason = format!(
            "no item or `near` matched; the residual owner of matter `{}` catches the ticket",
            rules.matter(first).name
        );
        return matter_outcome(first);
    }
    let guard = |m: MatterId| rules.matter(m).guard.as_ref();
    let specific: Vec<MatterId> = innermost
        .iter()
        .copied()
        .filter(|&a| {
            innermost.iter().all(|&b| {
                a == b
                    || match (guard(a), guard(b)) {
                        (Some(ga), Some(gb)) => implies(rules, ga, gb) == Some(true),
                        _ => false,
                    }
            })
        })
        .collect();
    if let [winner] = specific[..] {
        trace.reason =
            format!("the guard of matter `{}` is more specific than the other matters'", rules.matter(winner).name);
        return matter_outcome(winner);
    }
    trace.reason = format!("{} matters could catch the ticket and none is more specific", innermost.len());
    coordinator_outcome(Method::Disputed, Contenders::Matters(innermost))
}

fn dept_ids(rules: &RuleSet, ids: &[DeptId]) -> Vec<String> {
    ids.iter().map(|&d| rules.dept(d).id.clone()).collect()
}

fn item_decision(rules: &RuleSet, id: ItemId, method: Method, score: f64, candidates: Vec<String>) -> Decision {
    let item = rules.item(id);
    let lead = rules.dept(item.lead);
    let mut path: Vec<String> = item.path.iter().map(|&m| rules.matter(m).name.clone()).collect();
    path.push(item.name.clone());
    Decision {
        lead: Some(lead.id.clone()),
        lead_name: Some(lead.name.clone()),
        assists: dept_ids(rules, &item.assists),
        liaisons: dept_ids(rules, &item.liaisons),
        item: Some(item.name.clone()),
        path,
        method,
        score,
        analogy_of: item.like.map(|l| rules.item(l).name.clone()),
        candidates,
        basis: item.basis.clone(),
    }
}

fn matter_decision(rules: &RuleSet, id: MatterId) -> Decision {
    let matter = rules.matter(id);
    let lead = matter.lead.map(|d| rules.dept(d));
    Decision {
        lead: lead.map(|d| d.id.clone()),
        lead_name: lead.map(|d| d.name.clone()),
        assists: dept_ids(rules, &matter.assists),
        liaisons: dept_ids(rules, &matter.liaisons),
        item: None,
        path: matter.path.iter().map(|&m| rules.matter(m).name.clone()).collect(),
        method: Method::Residual,
        score: 1.0,
        analogy_of: None,
        candidates: Vec::new(),
        basis: matter.basis.clone(),
    }
}

fn coordinator_decision(rules: &RuleSet, method: Method, candidates: Vec<String>) -> Decision {
    let lead = rules.coordinator.map(|d| rules.dept(d));
    Decision {
        lead: lead.map(|d| d.id.clone()),
        lead_name: lead.map(|d| d.name.clone()),
        assists: Vec::new(),
        liaisons: Vec::new(),
        item: None,
        path: Vec::new(),
        method,
        score: 1.0,
        analogy_of: None,
        candidates,
        basis: Vec::new(),
    }
}
