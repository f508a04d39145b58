//! The reference router: docs/spec.md §5 executed literally, clarity over speed.
//!
//! This is the oracle the compiled matcher is tested against, so it follows
//! the spec's wording step by step and never takes a shortcut. It evaluates
//! every condition of every item for every ticket and decides specificity with
//! the exact solver in [`crate::logic`]. It also records a [`Trace`] of what it
//! saw, from which `--explain` is written.
#![deny(clippy::indexing_slicing)]

use crate::decision::{Decision, Method, SplitPart};
use crate::i18n::Text;
use crate::ir::context::{Context, Dated, Roles, TicketDate};
use crate::ir::eval::{holds, score};
use crate::ir::settle::SCORE_TOLERANCE;
use crate::ir::{Date, Deadline, DeptId, ItemId, MatterId, RuleSet};
use crate::logic::implies;
use crate::ticket::TicketSource;
use crate::tr;

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
    pub reason: Text,
    /// The ticket's date and where it came from (v2; `None` without a `clock`).
    pub date: Option<TicketDate>,
    /// The department the ticket's place maps to (v2; `None` when there is
    /// no `territory` block or the place is missing or not listed).
    pub place: Option<DeptId>,
    /// Items and matters left out because they are not in force on the
    /// ticket's date (v2), in declaration order: the items whose condition
    /// held and the matters whose guard held.
    pub out_of_force: (Vec<ItemId>, Vec<MatterId>),
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
    /// The deadline (v2): the winner's, or the shortest of agreeing
    /// contenders'; none for `disputed` and `unclaimed`.
    pub deadline: Option<Deadline>,
    /// The ticket's date and place, which resolve the winner's roles.
    pub context: Context,
    /// The parts of a split (v2, docs/spec.md §5 step 2); empty otherwise.
    pub split: Vec<Part>,
}

/// One part of a split: a group's winner and its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// The group's winner.
    pub item: ItemId,
    /// Its deadline (the shortest of the group's when they agree).
    pub deadline: Option<Deadline>,
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

    /// The winner's final roles for this ticket (the coordinator's for
    /// `disputed` and `unclaimed`).
    pub fn roles(&self, rules: &RuleSet) -> Roles {
        match self.owner {
            Owner::Item(id) => self.context.item_roles(rules, id),
            Owner::Matter(id) => self.context.matter_roles(rules, id),
            Owner::Coordinator => {
                Roles { lead: rules.coordinator, assists: Vec::new(), liaisons: Vec::new(), territorial: false }
            }
        }
    }

    /// The decision with names, as docs/spec.md §6 gives it.
    pub fn to_decision(&self, rules: &RuleSet) -> Decision {
        let candidates = match &self.contenders {
            Contenders::Items(items) => items.iter().map(|&i| rules.item(i).name.clone()).collect(),
            Contenders::Matters(matters) => matters.iter().map(|&m| rules.matter(m).name.clone()).collect(),
        };
        let roles = self.roles(rules);
        let lead = roles.lead.map(|d| rules.dept(d));
        let (item, path, analogy_of, basis) = match self.owner {
            Owner::Item(id) => {
                let item = rules.item(id);
                let mut path: Vec<String> = item.path.iter().map(|&m| rules.matter(m).name.clone()).collect();
                path.push(item.name.clone());
                let like = item.like.map(|l| rules.item(l).name.clone());
                (Some(item.name.clone()), path, like, item.basis.clone())
            }
            Owner::Matter(id) => {
                let matter = rules.matter(id);
                let path = matter.path.iter().map(|&m| rules.matter(m).name.clone()).collect();
                (None, path, None, matter.basis.clone())
            }
            Owner::Coordinator => (None, Vec::new(), None, Vec::new()),
        };
        let split = self
            .split
            .iter()
            .map(|part| {
                let roles = self.context.item_roles(rules, part.item);
                // INVARIANT: an item always has a lead.
                let lead = roles.lead.map(|d| rules.dept(d));
                SplitPart {
                    item: rules.item(part.item).name.clone(),
                    lead: lead.map(|d| d.id.clone()).unwrap_or_default(),
                    lead_name: lead.map(|d| d.name.clone()).unwrap_or_default(),
                    assists: dept_ids(rules, &roles.assists),
                    liaisons: dept_ids(rules, &roles.liaisons),
                    deadline: part.deadline,
                }
            })
            .collect();
        Decision {
            lead: lead.map(|d| d.id.clone()),
            lead_name: lead.map(|d| d.name.clone()),
            assists: dept_ids(rules, &roles.assists),
            liaisons: dept_ids(rules, &roles.liaisons),
            item,
            path,
            method: self.method,
            score: self.score,
            analogy_of,
            candidates,
            basis,
            deadline: self.deadline,
            territorial: roles.territorial,
            split,
        }
    }
}

/// Routes one ticket.
pub fn route(rules: &RuleSet, ticket: &impl TicketSource) -> Decision {
    route_at(rules, ticket, None)
}

/// Routes one ticket; a ticket without a date of its own is dated `as_of`
/// instead of the clock's default (the CLI's `--as-of`).
pub fn route_at(rules: &RuleSet, ticket: &impl TicketSource, as_of: Option<Date>) -> Decision {
    route_outcome_at(rules, ticket, as_of).to_decision(rules)
}

/// Routes one ticket and records why.
pub fn route_traced(rules: &RuleSet, ticket: &impl TicketSource) -> (Decision, Trace) {
    route_traced_at(rules, ticket, None)
}

/// [`route_traced`] with an `--as-of` date for undated tickets.
pub fn route_traced_at(rules: &RuleSet, ticket: &impl TicketSource, as_of: Option<Date>) -> (Decision, Trace) {
    let mut trace = Trace::default();
    let outcome = decide(rules, ticket, as_of, &mut trace);
    (outcome.to_decision(rules), trace)
}

/// Routes one ticket and gives the decision by ids.
pub fn route_outcome(rules: &RuleSet, ticket: &impl TicketSource) -> Outcome {
    route_outcome_at(rules, ticket, None)
}

/// [`route_outcome`] with an `--as-of` date for undated tickets.
pub fn route_outcome_at(rules: &RuleSet, ticket: &impl TicketSource, as_of: Option<Date>) -> Outcome {
    decide(rules, ticket, as_of, &mut Trace::default())
}

/// What one step decided, before the context is attached.
struct Settled {
    method: Method,
    owner: Owner,
    score: f64,
    contenders: Contenders,
    deadline: Option<Deadline>,
    split: Vec<Part>,
}

fn item_outcome(rules: &RuleSet, id: ItemId, method: Method, score: f64, candidates: Vec<ItemId>) -> Settled {
    let deadline = rules.item(id).deadline;
    Settled {
        method,
        owner: Owner::Item(id),
        score,
        contenders: Contenders::Items(candidates),
        deadline,
        split: Vec::new(),
    }
}

fn matter_outcome(id: MatterId, deadline: Option<Deadline>) -> Settled {
    Settled {
        method: Method::Residual,
        owner: Owner::Matter(id),
        score: 1.0,
        contenders: Contenders::Items(Vec::new()),
        deadline,
        split: Vec::new(),
    }
}

fn coordinator_outcome(method: Method, contenders: Contenders) -> Settled {
    Settled { method, owner: Owner::Coordinator, score: 1.0, contenders, deadline: None, split: Vec::new() }
}

fn decide(rules: &RuleSet, ticket: &impl TicketSource, as_of: Option<Date>, trace: &mut Trace) -> Outcome {
    let context = Context::of(rules, ticket, as_of);
    trace.date = context.date;
    trace.place = context.place;
    let ticket = Dated::new(rules, ticket, &context);
    let s = steps(rules, &context, &ticket, trace);
    Outcome {
        method: s.method,
        owner: s.owner,
        score: s.score,
        contenders: s.contenders,
        deadline: s.deadline,
        context,
        split: s.split,
    }
}

fn steps(rules: &RuleSet, cx: &Context, ticket: &impl TicketSource, trace: &mut Trace) -> Settled {
    // In force: the others are as if not declared.
    let items: Vec<ItemId> = rules.item_ids().filter(|&i| cx.item_in_force(rules, i)).collect();

    // Step 1. Candidates.
    let held: Vec<ItemId> = rules.item_ids().filter(|&i| holds(rules, &rules.item(i).effective, ticket)).collect();
    trace.out_of_force.0 = held.iter().copied().filter(|i| !items.contains(i)).collect();
    trace.candidates = held.into_iter().filter(|i| items.contains(i)).collect();
    if !trace.candidates.is_empty() {
        return overlap(rules, cx, trace);
    }

    // Step 3. Declared analogy.
    trace.near = items
        .iter()
        .copied()
        .filter(|&i| rules.item(i).near.as_ref().is_some_and(|n| holds(rules, n, ticket)))
        .collect();
    if let Some(winner) = cx.settle_items(rules, &trace.near) {
        trace.reason = tr!("reason-near", item = rules.item(winner).name);
        return item_outcome(rules, winner, Method::Analogy, 1.0, Vec::new());
    }

    // Step 4. Residual.
    let guarded: Vec<MatterId> = rules
        .matter_ids()
        .filter(|&m| {
            let matter = rules.matter(m);
            matter.has_own_lead && matter.guard.as_ref().is_some_and(|g| holds(rules, g, ticket))
        })
        .collect();
    trace.out_of_force.1 = guarded.iter().copied().filter(|&m| !cx.matter_in_force(rules, m)).collect();
    trace.guarded_matters = guarded.into_iter().filter(|&m| cx.matter_in_force(rules, m)).collect();
    if !trace.guarded_matters.is_empty() {
        return residual(rules, cx, trace);
    }

    // Step 5. Nearest item.
    let mut scores: Vec<(ItemId, f64)> = items
        .iter()
        .map(|&i| {
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
                if let Some(winner) = cx.settle_items(rules, &in_order) {
                    let winner_score = trace.scores.iter().find(|s| s.0 == winner).map_or(best, |s| s.1);
                    trace.reason = tr!(
                        "reason-nearest",
                        item = rules.item(winner).name,
                        score = format!("{winner_score:.3}"),
                        threshold = rules.threshold.to_string()
                    );
                    return item_outcome(rules, winner, Method::Analogy, winner_score, Vec::new());
                }
            }
        }
    }

    // Step 6. Unclaimed.
    trace.reason = if rules.has_fallback {
        tr!("reason-unclaimed-threshold", threshold = rules.threshold.to_string())
    } else {
        tr!("reason-unclaimed")
    };
    coordinator_outcome(Method::Unclaimed, Contenders::Items(Vec::new()))
}

/// How a set of contenders settles on its own: agreement (the first
/// declared, with the shortest deadline), then specificity.
enum Settle<T> {
    Agree(T, Option<Deadline>),
    Specific(T, Option<Deadline>),
    Disputed,
}

/// Agreement on resolved roles, then the one contender whose condition
/// implies every other's (docs/spec.md §5 step 2). `set` is in declaration order.
fn settle<T: Copy + PartialEq>(
    set: &[T],
    roles: impl Fn(T) -> Roles,
    deadline: impl Fn(T) -> Option<Deadline>,
    implies: impl Fn(T, T) -> bool,
) -> Settle<T> {
    let Some(&first) = set.first() else { return Settle::Disputed };
    let same = |a: &Roles, b: &Roles| a.lead == b.lead && a.assists == b.assists && a.liaisons == b.liaisons;
    let first_roles = roles(first);
    if set.iter().all(|&x| same(&roles(x), &first_roles)) {
        return Settle::Agree(first, Deadline::shortest(set.iter().map(|&x| deadline(x))));
    }
    let specific: Vec<T> = set.iter().copied().filter(|&a| set.iter().all(|&b| a == b || implies(a, b))).collect();
    match specific[..] {
        [winner] => Settle::Specific(winner, deadline(winner)),
        _ => Settle::Disputed,
    }
}

/// Step 2: priority, `over`, agreement, specificity, dispute (and split).
fn overlap(rules: &RuleSet, cx: &Context, trace: &mut Trace) -> Settled {
    let candidates = trace.candidates.clone();
    let remaining = cx.drop_beaten(rules, &candidates);
    trace.remaining = remaining.clone();
    let removed = remaining.len() < candidates.len();

    let roles = |i: ItemId| cx.item_roles(rules, i);
    let deadline = |i: ItemId| rules.item(i).deadline;
    let implies_item =
        |a: ItemId, b: ItemId| implies(rules, &rules.item(a).effective, &rules.item(b).effective) == Some(true);
    match settle(&remaining, roles, deadline, implies_item) {
        Settle::Agree(first, deadline) => {
            let method = if removed { Method::Priority } else { Method::Direct };
            trace.reason = match (remaining.len(), removed) {
                (1, false) => tr!("reason-only-item", item = rules.item(first).name),
                (_, false) => tr!("reason-agree", count = remaining.len()),
                (_, true) => tr!("reason-priority", count = remaining.len()),
            };
            let mut s = item_outcome(rules, first, method, 1.0, candidates);
            s.deadline = deadline;
            s
        }
        Settle::Specific(winner, _) => {
            trace.reason = tr!("reason-specific", item = rules.item(winner).name);
            item_outcome(rules, winner, Method::Specific, 1.0, candidates)
        }
        Settle::Disputed => {
            // INVARIANT: `drop_beaten` keeps at least one of a non-empty
            // list; an empty one would still be a dispute.
            trace.reason = tr!("reason-disputed", count = remaining.len());
            let mut s = coordinator_outcome(Method::Disputed, Contenders::Items(candidates));
            s.split = split(rules, &remaining, roles, implies_item);
            s
        }
    }
}

/// docs/spec.md §5 step 2 "Split": the remaining candidates grouped by their
/// outermost matter (an item outside any matter alone), each group settled
/// alone; the winners when there are two groups or more and each has one.
fn split(
    rules: &RuleSet,
    remaining: &[ItemId],
    roles: impl Fn(ItemId) -> Roles + Copy,
    implies: impl Fn(ItemId, ItemId) -> bool + Copy,
) -> Vec<Part> {
    // The group key: the outermost matter, or the item itself.
    let key = |i: ItemId| rules.item(i).path.first().map_or(Err(i), |&m| Ok(m));
    let mut groups: Vec<Vec<ItemId>> = Vec::new();
    for &i in remaining {
        match groups.iter_mut().find(|g| g.first().is_some_and(|&f| key(f) == key(i))) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    let mut parts = Vec::new();
    for g in &groups {
        match settle(g, roles, |i| rules.item(i).deadline, implies) {
            Settle::Agree(item, deadline) | Settle::Specific(item, deadline) => parts.push(Part { item, deadline }),
            Settle::Disputed => return Vec::new(),
        }
    }
    parts.sort_by_key(|p| p.item);
    parts
}

/// Step 4: the innermost guarded matters, settled like step 2 without priority.
fn residual(rules: &RuleSet, cx: &Context, trace: &mut Trace) -> Settled {
    let guarded = &trace.guarded_matters;
    let innermost: Vec<MatterId> = guarded
        .iter()
        .copied()
        .filter(|&m| !guarded.iter().any(|&other| other != m && rules.matter(other).path.contains(&m)))
        .collect();
    trace.residual_matters = innermost.clone();

    let guard = |m: MatterId| rules.matter(m).guard.as_ref();
    let implies_matter = |a: MatterId, b: MatterId| match (guard(a), guard(b)) {
        (Some(ga), Some(gb)) => implies(rules, ga, gb) == Some(true),
        _ => false,
    };
    match settle(&innermost, |m| cx.matter_roles(rules, m), |m| rules.matter(m).deadline, implies_matter) {
        Settle::Agree(first, deadline) => {
            trace.reason = tr!("reason-residual", matter = rules.matter(first).name);
            matter_outcome(first, deadline)
        }
        Settle::Specific(winner, deadline) => {
            trace.reason = tr!("reason-matter-specific", matter = rules.matter(winner).name);
            matter_outcome(winner, deadline)
        }
        // INVARIANT: nesting is a tree, so some guarded matter is innermost.
        Settle::Disputed if innermost.is_empty() => {
            coordinator_outcome(Method::Unclaimed, Contenders::Items(Vec::new()))
        }
        Settle::Disputed => {
            trace.reason = tr!("reason-matters-disputed", count = innermost.len());
            coordinator_outcome(Method::Disputed, Contenders::Matters(innermost))
        }
    }
}

fn dept_ids(rules: &RuleSet, ids: &[DeptId]) -> Vec<String> {
    ids.iter().map(|&d| rules.dept(d).id.clone()).collect()
}
