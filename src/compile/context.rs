//! The v2 context of a ticket compiled to tables (docs/spec.md §5 "In
//! force", §3 "Territorial roles"), so that routing fixes a ticket's date
//! and place with one lookup each and then only compares integers:
//!
//! * every item and matter gets the days it is in force, its own range and
//!   its matters' intersected (`(i32::MIN, i32::MAX)` when undated): the
//!   in-force test is two compares, the same for a rule set without dates;
//! * the places of the `territory` block fall into *classes*, one per
//!   department they map to (class 0: missing or not listed), and a
//!   territorial item or matter carries its roles resolved for each class,
//!   interned like every other role tuple, so agreement stays an id compare;
//! * `over` is split into what it reaches through undated items (always, so
//!   a table lookup) and what it reaches only through dated ones (a walk
//!   over the declared edges, on the rare ticket that needs it).
//!
//! The resolution itself is [`crate::ir::context::Context`]'s, called at
//! build time for every class.

use super::graph::RolePlan;
use super::symbols::SymbolTable;
use crate::ir::context::Context;
use crate::ir::{Date, DateRange, DeptId, ItemId, MatterId, RuleSet};

/// The clock and the territory, as routing reads them.
#[derive(Debug, Default)]
pub(crate) struct ContextPlan {
    /// The clock attribute and the default date.
    pub clock: Option<(u32, Date)>,
    /// The territory attribute and the class of each listed place (1..).
    pub territory: Option<(u32, SymbolTable)>,
    /// The department of each place class past 0 (class `k` at `k - 1`).
    pub places: Vec<u32>,
}

impl ContextPlan {
    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        self.territory.as_ref().map_or(0, |(_, t)| t.memory_usage()) + self.places.capacity() * 4
    }
}

/// What the builder needs besides the plan: the department of each class.
pub(super) struct Classes(Vec<DeptId>);

/// The plan and the place classes of `rules`.
pub(super) fn plan(rules: &RuleSet) -> (ContextPlan, Classes) {
    let mut classes: Vec<DeptId> = Vec::new();
    let territory = rules.territory.as_ref().map(|t| {
        let mut entries: Vec<(&str, u32)> = Vec::new();
        for (place, dept) in &t.places {
            let class = match classes.iter().position(|d| d == dept) {
                Some(k) => k,
                None => {
                    classes.push(*dept);
                    classes.len() - 1
                }
            };
            entries.push((place.as_str(), class as u32 + 1));
        }
        (t.attr.0, SymbolTable::new(entries.into_iter()))
    });
    let clock = rules.clock.as_ref().map(|c| (c.attr.0, c.default));
    let places = classes.iter().map(|d| d.0).collect();
    (ContextPlan { clock, territory, places }, Classes(classes))
}

/// The interner of role tuples the builder shares with items' class-0 roles.
pub(super) type Intern<'a> = dyn FnMut(Option<u32>, &[DeptId], &[DeptId]) -> u32 + 'a;

/// An item's roles for each place class past 0, and whether its class-0
/// roles are territorial; empty when no `territory` stands among its roles.
pub(super) fn item_places(
    rules: &RuleSet,
    id: ItemId,
    classes: &Classes,
    intern: &mut Intern<'_>,
) -> (Box<[RolePlan]>, bool) {
    if rules.item(id).territorial.is_none() {
        return (Box::new([]), false);
    }
    let at = |place: Option<DeptId>| Context { date: None, place }.item_roles(rules, id);
    let by_place = classes.0.iter().map(|&d| role_plan(at(Some(d)), intern)).collect();
    (by_place, at(None).territorial)
}

/// A matter's roles for each place class past 0, as for items.
pub(super) fn matter_places(
    rules: &RuleSet,
    id: MatterId,
    classes: &Classes,
    intern: &mut Intern<'_>,
) -> (Box<[RolePlan]>, bool) {
    if rules.matter(id).territorial.is_none() {
        return (Box::new([]), false);
    }
    let at = |place: Option<DeptId>| Context { date: None, place }.matter_roles(rules, id);
    let by_place = classes.0.iter().map(|&d| role_plan(at(Some(d)), intern)).collect();
    (by_place, at(None).territorial)
}

fn role_plan(r: crate::ir::context::Roles, intern: &mut Intern<'_>) -> RolePlan {
    RolePlan {
        roles: intern(r.lead.map(|d| d.0), &r.assists, &r.liaisons),
        lead: r.lead.map(|d| d.0),
        assists: r.assists.iter().map(|d| d.0).collect(),
        liaisons: r.liaisons.iter().map(|d| d.0).collect(),
        territorial: r.territorial,
    }
}

/// Always in force.
pub(super) const ALWAYS: (i32, i32) = (i32::MIN, i32::MAX);

fn narrow(days: (i32, i32), range: Option<&DateRange>) -> (i32, i32) {
    let Some(r) = range else { return days };
    (days.0.max(r.start.map_or(i32::MIN, Date::days)), days.1.min(r.end.map_or(i32::MAX, Date::days)))
}

/// The days a matter is in force, with its enclosing matters'.
pub(super) fn matter_days(rules: &RuleSet, id: MatterId) -> (i32, i32) {
    rules.matter(id).path.iter().fold(ALWAYS, |days, &m| narrow(days, rules.matter(m).effective_range.as_ref()))
}

/// The days an item is in force, with its matters'.
pub(super) fn item_days(rules: &RuleSet, id: ItemId) -> (i32, i32) {
    let item = rules.item(id);
    let outer = item.path.last().map_or(ALWAYS, |&m| matter_days(rules, m));
    narrow(outer, item.effective_range.as_ref())
}

/// What an item's `over` reaches through undated items only, and what it
/// reaches only through some dated item, each sorted.
pub(super) type OverParts = (Box<[u32]>, Box<[u32]>);

/// Per item, its [`OverParts`].
pub(super) fn split_over(rules: &RuleSet, days: &[(i32, i32)]) -> Vec<OverParts> {
    let undated = |i: ItemId| days.get(i.index()) == Some(&ALWAYS);
    rules
        .item_ids()
        .map(|from| {
            let mut seen = vec![false; rules.items.len()];
            let mut stack = vec![from];
            while let Some(x) = stack.pop() {
                for &y in &rules.item(x).over_declared {
                    if let Some(s) = seen.get_mut(y.index()) {
                        if !*s {
                            *s = true;
                            if undated(y) {
                                stack.push(y);
                            }
                        }
                    }
                }
            }
            let item = rules.item(from);
            let (near, far): (Vec<u32>, Vec<u32>) =
                item.over.iter().map(|o| o.0).partition(|&o| seen.get(o as usize) == Some(&true));
            (near.into(), far.into())
        })
        .collect()
}
