//! Tickets that change hands because of their date or their place (v2): an
//! `effective` range moved, a clock default changed, a place mapped to
//! another office. The solver finds tickets by their conditions, and dates
//! and the territory map are not conditions, so these are found by varying
//! tickets the solver gives: for each item's and each residual matter's
//! condition, in either version, one ticket that meets it, then that ticket
//! on each day where some range starts or ends (and the days next to them,
//! and the clock defaults), and in each place either map lists (and one it
//! does not), for the items and residual matters a date or a place can
//! move (a territorial role, an `effective` range, or a listed change).
//! Every variant is routed through both versions like any other
//! witness, and the first per pair of owners is kept; the shrinker then
//! removes the date or the place when the change of hands does not need it.

use super::{handover, ItemChange, Search};
use crate::ir::{AttrId, Cond, Date, Item, MatterId, RuleSet, Type};
use crate::logic::{Answer, Part};
use crate::matcher::reference::route;
use crate::ticket::{Strictness, Ticket};
use serde_json::{Map, Value};

/// A place no territory map lists: the `otherwise` line's tickets.
const UNLISTED: &str = "（未列出）";

/// Routings of variants at most, so a rule set that differs everywhere stays
/// quick (a few hundred microseconds each on the reference router).
const MAX_ROUTES: usize = 20_000;

/// The days worth trying: where a range starts or ends in either version,
/// the days just outside, and both clock defaults.
fn dates(old: &RuleSet, new: &RuleSet) -> Vec<Date> {
    let mut out = Vec::new();
    for rules in [old, new] {
        let ranges = rules.items.iter().filter_map(|i| i.effective_range);
        for r in ranges.chain(rules.matters.iter().filter_map(|m| m.effective_range)) {
            for d in [r.start, r.end].into_iter().flatten() {
                out.extend([-1, 0, 1].into_iter().filter_map(|k| Date::from_days(i64::from(d.days()) + k)));
            }
        }
        out.extend(rules.clock.as_ref().map(|c| c.default));
    }
    out.sort();
    out.dedup();
    out
}

/// Every place either map lists, then one neither does.
fn places(old: &RuleSet, new: &RuleSet) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in [old, new].into_iter().filter_map(|r| r.territory.as_ref()) {
        for (p, _) in &t.places {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    if !out.is_empty() {
        out.push(UNLISTED.to_string());
    }
    out
}

/// The new schema's attribute of this kind, when it has one of the right type.
fn attr_name(new: &RuleSet, attr: Option<AttrId>, ty: Type) -> Option<String> {
    let a = new.attribute(attr?);
    (a.ty == ty).then(|| a.name.clone())
}

/// Whether the rule set's territory attribute is closed and leaves out `place`
/// (a ticket there would be rejected, not routed).
fn outside_domain(rules: &RuleSet, attr: &str, place: &str) -> bool {
    rules.attr(attr).and_then(|a| rules.attribute(a).domain.as_ref()).is_some_and(|d| !d.iter().any(|v| v == place))
}

impl Search<'_> {
    /// Looks for tickets that change hands because of a date or a place.
    pub(super) fn dated(&mut self, old_conds: &[Option<Cond>], touched: &[ItemChange]) {
        let (old, new) = (self.old, self.new);
        let clock = attr_name(new, new.clock.as_ref().map(|c| c.attr), Type::Date);
        let place = attr_name(new, new.territory.as_ref().map(|t| t.attr), Type::Symbol).or_else(|| {
            old.territory
                .as_ref()
                .and_then(|t| new.attr(&old.attribute(t.attr).name))
                .and_then(|a| attr_name(new, Some(a), Type::Symbol))
        });
        let dates = if clock.is_some() { dates(old, new) } else { Vec::new() };
        let places: Vec<String> = match &place {
            Some(attr) => places(old, new).into_iter().filter(|p| !outside_domain(new, attr, p)).collect(),
            None => Vec::new(),
        };
        if dates.is_empty() && places.is_empty() {
            return;
        }
        // One ticket per condition, in either version, of the items and
        // residual matters a date or a place can move: those with a
        // territorial role or an `effective` range (their own or a matter's),
        // and those the listing names.
        let dated_path = |r: &RuleSet, path: &[MatterId]| path.iter().any(|&m| r.matter(m).effective_range.is_some());
        let relevant = |r: &RuleSet, i: &Item| {
            i.territorial.is_some()
                || i.effective_range.is_some()
                || dated_path(r, &i.path)
                || touched.iter().any(|c| c.item == i.name)
        };
        let mut conds: Vec<Cond> = new.items.iter().filter(|i| relevant(new, i)).map(|i| i.effective.clone()).collect();
        for (i, c) in old.items.iter().zip(old_conds) {
            if let Some(c) = c.as_ref().filter(|_| relevant(old, i)) {
                conds.push(c.clone());
            }
        }
        for m in new.matters.iter().filter(|m| m.has_own_lead && (m.territorial.is_some() || dated_path(new, &m.path)))
        {
            conds.extend(m.guard.clone());
        }
        let mut bases: Vec<Map<String, Value>> = Vec::new();
        for c in &conds {
            if self.queries_left == 0 {
                break;
            }
            self.queries_left -= 1;
            if let Answer::Yes(t) = self.solver.satisfiable_all(new, &[Part::Holds(c)]) {
                if let Value::Object(map) = t.to_json(&new.attrs) {
                    if !bases.contains(&map) {
                        bases.push(map);
                    }
                }
            }
        }
        let mut routes = 0;
        for base in &bases {
            let dated = dates.iter().filter_map(|d| Some((clock.clone()?, Value::String(d.to_string()))));
            let placed = places.iter().filter_map(|p| Some((place.clone()?, Value::String(p.clone()))));
            for (key, value) in dated.chain(placed) {
                if routes >= MAX_ROUTES {
                    return;
                }
                routes += 1;
                let mut variant = base.clone();
                variant.insert(key, value);
                self.try_variant(Value::Object(variant));
            }
        }
    }

    /// Routes a variant through both versions and keeps it when its lead
    /// changes between owners not yet witnessed.
    fn try_variant(&mut self, json: Value) {
        let Ok(before) = Ticket::from_value(&self.old.attrs, &json, Strictness::Lenient) else { return };
        let Ok(after) = Ticket::from_value(&self.new.attrs, &json, Strictness::Strict) else { return };
        let (before, after) = (route(self.old, &before), route(self.new, &after));
        if before.lead != after.lead {
            let key = (before.lead.clone(), after.lead.clone());
            self.found.entry(key).or_insert_with(|| handover(&before, &after, json));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_around_every_range_end_and_the_clock_defaults() {
        let text = |range: &str, default: &str| {
            format!(
                "schema {{ text: text  d: date }} department a clock d default {default} \
                 item x {{ when text has \"k\" lead a effective {range} }}"
            )
        };
        let (Ok(old), Ok(new)) = (
            crate::load::load_str("old.rules", &text("2024-03-01..", "2025-01-01")),
            crate::load::load_str("new.rules", &text("..2024-12-31", "2025-01-01")),
        ) else {
            return assert_eq!("the test rules load", "");
        };
        let shown: Vec<String> = dates(&old, &new).iter().map(Date::to_string).collect();
        assert_eq!(shown, ["2024-02-29", "2024-03-01", "2024-03-02", "2024-12-30", "2024-12-31", "2025-01-01"]);
    }
}
