//! Who beats whom, and when contenders agree (docs/spec.md §5 steps 2–5): the one
//! definition of settling, shared by the reference router, the analyzer and
//! `diff`. The compiled matcher keeps a second copy over its own tables,
//! held to this one by the differential test.

use super::{ItemId, RuleSet};

/// Scores closer than this are equal (docs/spec.md §5 step 5).
pub const SCORE_TOLERANCE: f64 = 1e-9;

/// Keeps the items of highest priority, then drops every one another remaining
/// one is `over` (docs/spec.md §5 step 2). Never empty for a non-empty input: of the
/// highest priority someone is not beaten, because `over` is acyclic.
pub fn drop_beaten(rules: &RuleSet, items: &[ItemId]) -> Vec<ItemId> {
    let top = items.iter().map(|&i| rules.item(i).priority).max().unwrap_or(0);
    let highest: Vec<ItemId> = items.iter().copied().filter(|&i| rules.item(i).priority == top).collect();
    highest.iter().copied().filter(|&i| !highest.iter().any(|&j| j != i && rules.item(j).is_over(i))).collect()
}

/// Priority, then `over`, then the earlier declaration (docs/spec.md §5 steps 3 and
/// 5). `None` only for an empty list.
pub fn settle_items(rules: &RuleSet, items: &[ItemId]) -> Option<ItemId> {
    drop_beaten(rules, items).into_iter().min()
}

/// Whether `b` removes `a` whenever both match: higher priority, or `over` at
/// equal priority.
pub fn beats(rules: &RuleSet, b: ItemId, a: ItemId) -> bool {
    let (x, y) = (rules.item(b), rules.item(a));
    x.priority > y.priority || (x.priority == y.priority && x.is_over(a))
}

/// Whether two items have the same final lead, assists and liaisons: the
/// agreement that lets the first declared win (docs/spec.md §5 step 2).
pub fn same_roles(rules: &RuleSet, a: ItemId, b: ItemId) -> bool {
    let (x, y) = (rules.item(a), rules.item(b));
    x.lead == y.lead && x.assists == y.assists && x.liaisons == y.liaisons
}
