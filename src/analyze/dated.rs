//! Dates in the analysis (docs/spec.md §8, v2): a ticket always has a date —
//! its own, or the clock's default — and only the items and matters in force
//! on it route (§5 "In force"). Which ones are in force changes only on the
//! days a range starts or the day after one ends, so dates fall into
//! finitely many *epochs*, ordered like the regions between a number's
//! thresholds; within one, every date routes alike. The ticket-level
//! passes run once per epoch on the rule set as in force then, every ticket
//! they route dated inside it, so items whose ranges do not meet never meet
//! on a ticket, and a witness carries its date whenever it is not the
//! clock's default.

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Cond, DateRange, ItemId, MatterId, RuleSet};
use crate::vocab::Date;
use std::collections::BTreeMap;

/// One epoch: a date in it and the rule set as in force on that date.
pub(super) struct Epoch {
    /// The date tickets carry; `None` for the clock's default date, which an
    /// undated ticket has already.
    pub(super) date: Option<Date>,
    /// The rule set with every item and matter not in force removed (its
    /// conditions never hold, it takes no residual ticket), ids unchanged.
    pub(super) rules: RuleSet,
    /// Which items are in force.
    pub(super) in_force: Vec<bool>,
}

/// The epochs of a rule set whose items or matters carry `effective`
/// ranges, the clock's default date first; `None` when none does (every
/// date routes alike).
pub(super) fn epochs(rules: &RuleSet) -> Option<Vec<Epoch>> {
    let clock = rules.clock.as_ref()?;
    let ranges: Vec<DateRange> = rules
        .items
        .iter()
        .filter_map(|i| i.effective_range)
        .chain(rules.matters.iter().filter_map(|m| m.effective_range))
        .collect();
    if ranges.is_empty() {
        return None;
    }
    // The in-force sets change only at a start and the day after an end:
    // each piece of the timeline contains its first day, or (the first
    // piece) the day before the earliest change.
    let mut dates = vec![clock.default];
    for r in &ranges {
        for d in r.start.iter().flat_map(|s| [Date::from_days(i64::from(s.days()) - 1), Some(*s)]) {
            dates.extend(d);
        }
        for d in r.end.iter().flat_map(|e| [Some(*e), Date::from_days(i64::from(e.days()) + 1)]) {
            dates.extend(d);
        }
    }
    let mut seen: BTreeMap<Vec<bool>, ()> = BTreeMap::new();
    let mut out = Vec::new();
    for date in dates {
        let (items, matters) = in_force(rules, date);
        let key: Vec<bool> = items.iter().chain(&matters).copied().collect();
        if seen.insert(key, ()).is_some() {
            continue;
        }
        out.push(Epoch {
            date: (date != clock.default).then_some(date),
            rules: restrict(rules, &items, &matters),
            in_force: items,
        });
    }
    Some(out)
}

/// Which items and matters are in force on `date`: its own range and every
/// enclosing matter's contain it.
fn in_force(rules: &RuleSet, date: Date) -> (Vec<bool>, Vec<bool>) {
    let holds = |r: &Option<DateRange>| r.is_none_or(|r| r.contains(date));
    let matters: Vec<bool> = rules.matters.iter().map(|m| holds(&m.effective_range)).collect();
    let open = |path: &[MatterId]| path.iter().all(|p| matters.get(p.index()).copied().unwrap_or(true));
    let matters_all: Vec<bool> = rules.matters.iter().map(|m| holds(&m.effective_range) && open(&m.path)).collect();
    let items = rules.items.iter().map(|i| holds(&i.effective_range) && open(&i.path)).collect();
    (items, matters_all)
}

/// The rule set as in force: an item not in force never matches and is
/// never near; a matter not in force takes no residual ticket.
fn restrict(rules: &RuleSet, items: &[bool], matters: &[bool]) -> RuleSet {
    let mut out = rules.clone();
    for (item, _) in out.items.iter_mut().zip(items).filter(|(_, on)| !**on) {
        item.effective = Cond::Or(Vec::new());
        item.near = None;
    }
    for (matter, _) in out.matters.iter_mut().zip(matters).filter(|(_, on)| !**on) {
        matter.guard = None;
        matter.has_own_lead = false;
    }
    out
}

/// The findings of all epochs as one list. A finding that some ticket
/// exists (`overlap`, `gap`, `no-coordinator`, a listed `mixed-topics`
/// pair, `limit`) holds when it holds in one epoch: the first epoch's copy
/// is kept (the clock's default date first, so witnesses need no date
/// where possible). `unsatisfiable` and `shadowed` say no ticket exists:
/// they hold when they hold in every epoch where the item is in force.
/// The `mixed-topics` count is the first epoch's that has one.
pub(super) fn merge(rules: &RuleSet, per_epoch: Vec<(Vec<bool>, Vec<Diagnostic>)>) -> Vec<Diagnostic> {
    let universal = |d: &Diagnostic| matches!(d.code, Code::Unsatisfiable | Code::Shadowed);
    let item_of = |d: &Diagnostic| d.items.first().and_then(|n| rules.item_id(n));
    let everywhere = |d: &Diagnostic, id: ItemId| {
        per_epoch
            .iter()
            .filter(|(on, _)| on.get(id.index()).copied().unwrap_or(false))
            .all(|(_, ds)| ds.iter().any(|e| e.code == d.code && item_of(e) == Some(id)))
    };
    let mut out: Vec<Diagnostic> = Vec::new();
    for (_, ds) in &per_epoch {
        for d in ds {
            let seen = out
                .iter()
                .any(|o| o.code == d.code && o.items == d.items && (d.code != Code::Limit || o.message == d.message));
            if seen {
                continue;
            }
            if universal(d) && !item_of(d).is_some_and(|id| everywhere(d, id)) {
                continue;
            }
            out.push(d.clone());
        }
    }
    out
}
