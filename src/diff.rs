//! What changed between two versions of a rule set (`zeren diff`): per item,
//! and — proved by the solver, then checked by routing — which tickets change
//! hands between departments.
//!
//! # Item changes
//!
//! Items are matched by name. An item is *added*, *removed*, or *changed* in
//! one or more of the fields of [`FieldChange`]: its path (moved to another
//! matter), title, lead, assists, liaisons (as written, `territory`
//! included), effective condition, `near`, priority, `like`, `over`,
//! deadline, the days in force, its own basis and its notes. Conditions are
//! compared as written out by [`crate::ir::print::cond_text`] from the
//! validated model: `define`s and `words` are expanded and the enclosing
//! matters' guards included, so renaming a `define` is no change, while
//! narrowing a matter's guard changes every item inside it. Matters are
//! listed the same way; the territory map place by place; the coordinator,
//! territory attribute, clock and fallback in words. Both versions carrying
//! the same `version` string although anything changed is a warning.
//!
//! # Tickets that change hands
//!
//! For each pair of owners (old lead → new lead) [`diff`] looks for one
//! witness ticket, with the exact solver ([`crate::logic`]), not by sampling.
//! All questions are asked over the *new* schema: the old conditions are
//! carried over attribute by attribute (by name; an attribute whose type
//! changed or that disappeared makes the old conditions that use it
//! unusable, and the report says which items were skipped). The questions,
//! for every old item `i` and new item `j` with different leads of which at
//! least one was added, removed or changed:
//!
//! * some ticket meets `i`'s old condition and `j`'s new one; if routing it
//!   does not move it between departments, the question is asked again with
//!   the items that took it from `i` (old) or `j` (new) — candidates with
//!   other roles — required to fail, a few rounds;
//! * a changed or removed old item against "no new item matches" (the ticket
//!   falls through to `near`, a matter's residual lead, the nearest item or
//!   the coordinator), and "no old item matched" against a changed or added
//!   new item — also with each matter's guard, so that tickets moving to or
//!   from a residual lead are found;
//! * for each matter whose own residual lead changed, a ticket that meets its
//!   guard in both versions and no item in either;
//! * when either version has a `fallback`, tickets that reach the
//!   nearest-item step in both (no item, `near` or guarded matter holds in
//!   either) and come close to a changed item — one of its atoms holds —
//!   refined by the truth of every atom, on which the scores depend (a
//!   priority that now breaks a tie, a keyword added to a `has all`).
//!
//! **Every witness is routed through both versions with the reference router**
//! ([`crate::matcher::reference::route`]), and only tickets whose lead really
//! differs are reported, with the pair of owners routing gives. A witness is
//! read into the old version leniently (attributes the old schema lacks are
//! ignored); one whose values the old schema rejects is dropped. The search is
//! sound, not complete: each question is refined a few rounds only (a change
//! of owner that needs more is missed), and [`Config::max_queries`] bounds
//! the work on rule sets that differ everywhere.
//!
//! Each witness is then shrunk to what the change needs (every attribute,
//! and every keyword of a text, is needed for it to move between the same
//! leads), and tickets that change hands because of their date or place
//! (v2) are looked for by varying solver tickets over range ends, clock
//! defaults and mapped places (`dated`).
//!
//! # Replaying a ticket log
//!
//! [`replay`] routes every ticket of a JSON-lines log through both versions
//! and counts, by (old lead → new lead), those whose lead changed.

use crate::decision::{Decision, Method};
use crate::input::json_input;
use crate::ir::{Atom, AttrId, Cond, ItemId, RuleSet};
use crate::logic::{Answer, Config as SolverConfig, Part, Solver};
use crate::matcher::reference::{route, route_outcome, Outcome};
use crate::ticket::{Strictness, Ticket, TicketError};
use serde::Serialize;
use std::collections::BTreeMap;

mod dated;
mod listing;
mod shrink;
mod text;

pub use text::{render_text, render_text_in};

/// Settings of [`diff`], chained by value.
///
/// ```
/// let config = zeren::diff::Config::new().max_queries(500);
/// assert_eq!(config.get_max_queries(), 500);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    max_queries: usize,
    solver_budget: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config { max_queries: 20_000, solver_budget: 200_000 }
    }
}

impl Config {
    /// The default settings.
    pub fn new() -> Config {
        Config::default()
    }

    /// The most solver questions one diff may ask (default 20,000).
    pub fn max_queries(self, n: usize) -> Config {
        Config { max_queries: n, ..self }
    }

    /// The question budget.
    pub fn get_max_queries(&self) -> usize {
        self.max_queries
    }
}

/// Everything that changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    /// Differences between the schemas, in words.
    pub schema: Vec<String>,
    /// Item changes: removed (old order), added and changed (new order).
    pub items: Vec<ItemChange>,
    /// Matter changes, in the same form (`item` holds the matter's name,
    /// `lead` its own lead or `none`).
    pub matters: Vec<ItemChange>,
    /// The territory map's changes, place by place (v2).
    pub territory: Vec<PlaceChange>,
    /// Changes of the coordinator, the territory attribute, the clock and
    /// the fallback, in words.
    pub settings: Vec<String>,
    /// What the reviewer should act on: a version string left unchanged
    /// although the rules changed.
    pub warnings: Vec<String>,
    /// One witness per pair of owners, sorted by (from, to).
    pub handovers: Vec<Handover>,
    /// What could not be analysed, in words.
    pub skipped: Vec<String>,
}

/// One item's change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemChange {
    /// The item's name.
    pub item: String,
    /// What happened to it.
    pub change: ChangeKind,
    /// Its lead (the new one, for a changed item).
    pub lead: String,
    /// The fields that changed (empty for added and removed items).
    pub fields: Vec<FieldChange>,
}

/// What happened to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, different.
    Changed,
}

/// One place of the territory map whose department changed (v2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlaceChange {
    /// The place; `None` for the `otherwise` line.
    pub place: Option<String>,
    /// Its department before (`None`: not listed, or no map).
    pub old: Option<String>,
    /// Its department after.
    pub new: Option<String>,
}

/// One field of an item or matter, before and after, as `.rules` text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `path` (the enclosing matters: the item moved), `title`, `lead`,
    /// `assists`, `liaisons`, `condition`, `near`, `priority`, `like`,
    /// `over`, `deadline`, `effective` (the days in force, the enclosing
    /// matters' ranges included), `basis` (its own, without its matter's) or
    /// `note`; a matter has no `near`, `priority`, `like` or `over`.
    pub field: &'static str,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// A ticket that changes hands, with how each version routes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Handover {
    /// The old lead (`None`: no owner).
    pub from: Option<String>,
    /// The new lead.
    pub to: Option<String>,
    /// The old winning item (`None` for residual, disputed, unclaimed).
    pub old_item: Option<String>,
    /// The new winning item.
    pub new_item: Option<String>,
    /// The old decision's method.
    pub old_method: Method,
    /// The new decision's method.
    pub new_method: Method,
    /// The ticket, as JSON: only what the change of hands needs (without
    /// any one of its attributes, or of the keywords of a text, the ticket
    /// would not move between the same leads).
    pub witness: serde_json::Value,
    /// `date` and `place` when the witness needs its date (the clock
    /// attribute) or its place (the territory attribute) to change hands
    /// (v2): such tickets change hands only on some days or in some places.
    pub because: Vec<&'static str>,
}

/// What of the clock and the territory a minimal witness carries.
fn because(new: &RuleSet, witness: &serde_json::Value) -> Vec<&'static str> {
    let carries = |attr: Option<AttrId>| attr.is_some_and(|a| witness.get(&new.attribute(a).name).is_some());
    let mut out = Vec::new();
    if carries(new.clock.as_ref().map(|c| c.attr)) {
        out.push("date");
    }
    if carries(new.territory.as_ref().map(|t| t.attr)) {
        out.push("place");
    }
    out
}

/// Compares two versions of a rule set.
///
/// ```
/// let old = zeren::load::load_str("old.rules", r#"
///     schema { text: text }
///     department a
///     department b
///     item 退费 { when text has "退费" lead a }
/// "#)?;
/// let new = zeren::load::load_str("new.rules", r#"
///     schema { text: text }
///     department a
///     department b
///     item 退费 { when text has "退费" lead b }
/// "#)?;
/// let diff = zeren::diff::diff(&old, &new, &zeren::diff::Config::new());
/// assert_eq!(diff.items[0].fields[0].field, "lead");
/// let h = &diff.handovers[0];
/// assert_eq!((h.from.as_deref(), h.to.as_deref()), (Some("a"), Some("b")));
/// assert_eq!(h.witness, serde_json::json!({"text": "退费"}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(old: &RuleSet, new: &RuleSet, config: &Config) -> Diff {
    let (schema, attr_map) = compare_schemas(old, new);
    let items = listing::items(old, new);
    let matters = listing::matters(old, new);
    let territory = listing::territory(old, new);
    let settings = listing::settings(old, new);
    let mut search = Search {
        old,
        new,
        solver: Solver::new(SolverConfig::new().budget(config.solver_budget)),
        queries_left: config.max_queries,
        found: BTreeMap::new(),
        too_complex: 0,
        skipped: Vec::new(),
    };
    search.run(&attr_map, &items);
    // Dates and places move tickets only through a listed change (a range,
    // a deadline's matter, the map, the clock): with none, no search.
    if !(items.is_empty() && matters.is_empty() && territory.is_empty() && settings.is_empty()) {
        let old_conds: Vec<Option<Cond>> = old.items.iter().map(|i| remap(&i.effective, &attr_map)).collect();
        search.dated(&old_conds, &items);
    }
    let mut skipped = search.skipped;
    if search.too_complex > 0 {
        skipped.push(format!("{} solver question(s) were too complex and gave up", search.too_complex));
    }
    if search.queries_left == 0 {
        skipped.push(format!(
            "stopped after {} solver questions: some pairs of owners may be missing",
            config.max_queries
        ));
    }
    let mut handovers: Vec<Handover> = search.found.into_values().collect();
    for h in &mut handovers {
        shrink::shrink(old, new, h);
        h.because = because(new, &h.witness);
    }
    let changed = !(schema.is_empty()
        && items.is_empty()
        && matters.is_empty()
        && territory.is_empty()
        && settings.is_empty()
        && handovers.is_empty());
    let warnings = listing::version_warning(old, new, changed).into_iter().collect();
    Diff { schema, items, matters, territory, settings, warnings, handovers, skipped }
}

/// The schema differences in words, and for each old attribute the new one
/// with its name and type.
fn compare_schemas(old: &RuleSet, new: &RuleSet) -> (Vec<String>, Vec<Option<AttrId>>) {
    let mut notes = Vec::new();
    let mut map = Vec::with_capacity(old.attrs.len());
    for a in &old.attrs {
        match new.attr(&a.name) {
            None => {
                notes.push(format!("attribute `{}` removed", a.name));
                map.push(None);
            }
            Some(id) => {
                let b = new.attribute(id);
                if a.ty != b.ty {
                    notes.push(format!("attribute `{}`: type {} → {}", a.name, a.ty.as_str(), b.ty.as_str()));
                    map.push(None);
                    continue;
                }
                if a.domain != b.domain {
                    let show = |d: &Option<Vec<String>>| {
                        d.as_ref().map_or("open".to_string(), |d| format!("[{}]", d.join(", ")))
                    };
                    notes.push(format!("attribute `{}`: domain {} → {}", a.name, show(&a.domain), show(&b.domain)));
                }
                map.push(Some(id));
            }
        }
    }
    for b in &new.attrs {
        if old.attr(&b.name).is_none() {
            notes.push(format!("attribute `{}` added ({})", b.name, b.ty.as_str()));
        }
    }
    (notes, map)
}

/// An old condition over the new schema; `None` when it uses an attribute
/// the new schema lacks or types differently.
fn remap(cond: &Cond, map: &[Option<AttrId>]) -> Option<Cond> {
    let to = |a: AttrId| map.get(a.index()).copied().flatten();
    Some(match cond {
        Cond::And(ops) => Cond::And(ops.iter().map(|c| remap(c, map)).collect::<Option<_>>()?),
        Cond::Or(ops) => Cond::Or(ops.iter().map(|c| remap(c, map)).collect::<Option<_>>()?),
        Cond::Not(c) => Cond::Not(Box::new(remap(c, map)?)),
        Cond::Atom(atom) => Cond::Atom(match atom {
            Atom::Has { attr, keywords, all } => Atom::Has { attr: to(*attr)?, keywords: keywords.clone(), all: *all },
            Atom::Eq { attr, value } => Atom::Eq { attr: to(*attr)?, value: value.clone() },
            Atom::Ne { attr, value } => Atom::Ne { attr: to(*attr)?, value: value.clone() },
            Atom::In { attr, values } => Atom::In { attr: to(*attr)?, values: values.clone() },
            Atom::Cmp { attr, op, value } => Atom::Cmp { attr: to(*attr)?, op: *op, value: *value },
            Atom::IsTrue { attr } => Atom::IsTrue { attr: to(*attr)? },
        }),
    })
}

/// How many times a question is refined (see [`Search::explore`]).
const ROUNDS: usize = 4;

/// How many tickets one nearest-item question tries (see [`Search::nearest`]).
const NEAREST_ROUNDS: usize = 8;

/// One version's items as the solver sees them (all over the new schema).
struct Side<'r> {
    rules: &'r RuleSet,
    /// Each item's effective condition; `None` when it cannot be carried over.
    conds: Vec<Option<Cond>>,
}

/// What a question wants to happen in one version.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Goal {
    /// This item decides the ticket.
    Item(ItemId),
    /// No item matches.
    NoItem,
}

impl Side<'_> {
    /// The items that kept a ticket routed as `decision` from meeting `goal`:
    /// candidates other than the goal item that do not share its roles (all
    /// candidates when no item should match).
    fn blockers(&self, outcome: &Outcome, goal: Goal) -> Vec<ItemId> {
        let rules = self.rules;
        outcome
            .candidate_items()
            .iter()
            .copied()
            .filter(|&k| match goal {
                Goal::NoItem => true,
                Goal::Item(i) => k != i && !crate::ir::settle::same_roles(rules, i, k),
            })
            .collect()
    }
}

struct Search<'r> {
    old: &'r RuleSet,
    new: &'r RuleSet,
    solver: Solver,
    queries_left: usize,
    found: BTreeMap<(Option<String>, Option<String>), Handover>,
    too_complex: usize,
    skipped: Vec<String>,
}

impl Search<'_> {
    fn run(&mut self, attr_map: &[Option<AttrId>], items: &[ItemChange]) {
        let old =
            Side { rules: self.old, conds: self.old.items.iter().map(|i| remap(&i.effective, attr_map)).collect() };
        let new = Side { rules: self.new, conds: self.new.items.iter().map(|i| Some(i.effective.clone())).collect() };
        for (item, cond) in self.old.items.iter().zip(&old.conds) {
            if cond.is_none() {
                self.skipped.push(format!(
                    "old item `{}` uses an attribute the new schema lacks or types differently; its tickets were not searched",
                    item.name
                ));
            }
        }
        let touched = |name: &str| items.iter().any(|c| c.item == name);
        let old_touched: Vec<ItemId> = self.old.item_ids().filter(|&i| touched(&self.old.item(i).name)).collect();
        let new_touched: Vec<ItemId> = self.new.item_ids().filter(|&j| touched(&self.new.item(j).name)).collect();

        // A changed item against "no item" on the other side, first: these
        // find what a narrowed or removed condition lets fall through.
        for &i in &old_touched {
            if let Some(c) = &old.conds[i.index()] {
                self.explore(&old, Goal::Item(i), &new, Goal::NoItem, vec![Part::Holds(c)]);
            }
        }
        for &j in &new_touched {
            if let Some(c) = &new.conds[j.index()] {
                self.explore(&old, Goal::NoItem, &new, Goal::Item(j), vec![Part::Holds(c)]);
            }
        }
        // Item against item, where one side changed and the leads differ.
        for i in self.old.item_ids() {
            for j in self.new.item_ids() {
                if !(old_touched.contains(&i) || new_touched.contains(&j)) {
                    continue;
                }
                let from = Some(self.old.dept(self.old.item(i).lead).id.clone());
                let to = Some(self.new.dept(self.new.item(j).lead).id.clone());
                if from == to || self.found.contains_key(&(from, to)) {
                    continue;
                }
                if let (Some(ci), Some(cj)) = (&old.conds[i.index()], &new.conds[j.index()]) {
                    self.explore(&old, Goal::Item(i), &new, Goal::Item(j), vec![Part::Holds(ci), Part::Holds(cj)]);
                }
            }
        }
        // A changed item against a matter's residual lead on the other side.
        let residual = |r: &RuleSet| -> Vec<(String, Cond)> {
            r.matters
                .iter()
                .filter(|m| m.has_own_lead)
                .filter_map(|m| Some((r.dept(m.lead?).id.clone(), m.guard.clone()?)))
                .collect()
        };
        let old_residual: Vec<(String, Cond)> =
            residual(self.old).into_iter().filter_map(|(l, g)| Some((l, remap(&g, attr_map)?))).collect();
        let new_residual = residual(self.new);
        for &j in &new_touched {
            let to = Some(self.new.dept(self.new.item(j).lead).id.clone());
            for (lead, guard) in &old_residual {
                let from = Some(lead.clone());
                if from == to || self.found.contains_key(&(from, to.clone())) {
                    continue;
                }
                if let Some(c) = &new.conds[j.index()] {
                    self.explore(&old, Goal::NoItem, &new, Goal::Item(j), vec![Part::Holds(guard), Part::Holds(c)]);
                }
            }
        }
        for &i in &old_touched {
            let from = Some(self.old.dept(self.old.item(i).lead).id.clone());
            for (lead, guard) in &new_residual {
                let to = Some(lead.clone());
                if from == to || self.found.contains_key(&(from.clone(), to)) {
                    continue;
                }
                if let Some(c) = &old.conds[i.index()] {
                    self.explore(&old, Goal::Item(i), &new, Goal::NoItem, vec![Part::Holds(c), Part::Holds(guard)]);
                }
            }
        }
        self.nearest(&old, &new, attr_map, &old_touched, &new_touched);
        // Matters whose own residual lead changed.
        let lead = |r: &RuleSet, l: Option<crate::ir::DeptId>| l.map(|d| r.dept(d).id.clone());
        for m in &self.new.matters {
            let Some(before) = self.old.matter_id(&m.name).map(|id| self.old.matter(id)) else { continue };
            if !(m.has_own_lead && before.has_own_lead) || lead(self.new, m.lead) == lead(self.old, before.lead) {
                continue;
            }
            if let (Some(g_new), Some(g_old)) = (&m.guard, before.guard.as_ref().and_then(|g| remap(g, attr_map))) {
                self.explore(&old, Goal::NoItem, &new, Goal::NoItem, vec![Part::Holds(g_new), Part::Holds(&g_old)]);
            }
        }
    }

    /// Tickets that reach the nearest-item step (docs/spec.md §5 step 5) in
    /// both versions and change hands there: a changed item's scores, a
    /// priority that breaks a tie, a threshold. Such a ticket matches no
    /// item, `near` condition or guarded matter in either version; each
    /// question starts from one positive atom of a touched item (the tickets
    /// that come close to it), and a witness that keeps its owner excludes
    /// exactly the tickets with its truth of every atom of both versions —
    /// on which step 5 scores alike — before the next is asked
    /// ([`NEAREST_ROUNDS`] per atom).
    fn nearest(
        &mut self,
        old: &Side<'_>,
        new: &Side<'_>,
        attr_map: &[Option<AttrId>],
        old_touched: &[ItemId],
        new_touched: &[ItemId],
    ) {
        if !(self.old.has_fallback || self.new.has_fallback) {
            return;
        }
        // Nothing before step 5 may hold, in either version.
        let mut none: Vec<Cond> = Vec::new();
        for (rules, side, map) in [(self.old, old, Some(attr_map)), (self.new, new, None)] {
            let carry = |c: &Cond| match map {
                Some(m) => remap(c, m),
                None => Some(c.clone()),
            };
            none.extend(side.conds.iter().flatten().cloned());
            none.extend(rules.items.iter().filter_map(|i| i.near.as_ref().and_then(carry)));
            let guarded = rules.matters.iter().filter(|m| m.has_own_lead);
            none.extend(guarded.filter_map(|m| m.guard.as_ref().and_then(carry)));
        }
        let mut atoms = Vec::new();
        let near_old: Vec<Cond> =
            self.old.items.iter().filter_map(|i| i.near.as_ref().and_then(|c| remap(c, attr_map))).collect();
        crate::analyze::refine::atoms_of(
            old.conds.iter().flatten().chain(&near_old).chain(new.conds.iter().flatten()),
            &mut atoms,
        );
        crate::analyze::refine::atoms_of(self.new.items.iter().filter_map(|i| i.near.as_ref()), &mut atoms);
        let watched: Vec<&Cond> = atoms.iter().collect();
        let mut seeds: Vec<Cond> = Vec::new();
        let touched = old_touched.iter().filter_map(|i| old.conds[i.index()].as_ref());
        let touched = touched.chain(new_touched.iter().filter_map(|j| new.conds[j.index()].as_ref()));
        for c in touched {
            let mut own = Vec::new();
            crate::analyze::refine::atoms_of(std::iter::once(c), &mut own);
            // A negated atom never adds proximity (step 5): seed with the others.
            for a in own {
                if positive_in(c, &a) && !seeds.contains(&a) {
                    seeds.push(a);
                }
            }
        }
        for seed in &seeds {
            let mut blocks: Vec<Cond> = Vec::new();
            for _ in 0..NEAREST_ROUNDS {
                let mut parts: Vec<Part<'_>> = vec![Part::Holds(seed)];
                parts.extend(none.iter().map(Part::Fails));
                parts.extend(blocks.iter().map(Part::Holds));
                let Some((ticket, before, after)) = self.ask_ticket(&parts) else { break };
                if before.to_decision(self.old).lead != after.to_decision(self.new).lead {
                    break;
                }
                match crate::analyze::refine::block(self.new, &watched, &ticket) {
                    Some(b) => blocks.push(b),
                    None => break,
                }
            }
        }
    }

    /// Asks for a ticket meeting `parts`; while routing shows the goals
    /// unmet, requires the items that stood in their way to fail, and asks
    /// again (at most [`ROUNDS`] questions).
    fn explore<'c>(
        &mut self,
        old: &'c Side<'_>,
        old_goal: Goal,
        new: &'c Side<'_>,
        new_goal: Goal,
        mut parts: Vec<Part<'c>>,
    ) {
        for _ in 0..ROUNDS {
            // A witness that changes hands is recorded by `ask`; refining on
            // until both goals are met finds the tickets that change hands
            // the way the question meant (a narrowed condition's tickets
            // falling through to a residual lead, say).
            let Some((before, after)) = self.ask(&parts) else { return };
            let mut added = false;
            for (side, outcome, goal) in [(old, &before, old_goal), (new, &after, new_goal)] {
                for k in side.blockers(outcome, goal) {
                    // An item that cannot be carried over cannot be excluded.
                    let Some(c) = side.conds[k.index()].as_ref() else { return };
                    parts.push(Part::Fails(c));
                    added = true;
                }
            }
            if !added {
                return;
            }
        }
    }

    /// Asks the solver and routes the witness through both versions; records
    /// it when the lead differs (the first witness per pair of owners).
    /// `None` when there is no witness (or it does not fit the old schema).
    fn ask(&mut self, parts: &[Part<'_>]) -> Option<(Outcome, Outcome)> {
        self.ask_ticket(parts).map(|(_, before, after)| (before, after))
    }

    /// [`Search::ask`], with the witness.
    fn ask_ticket(&mut self, parts: &[Part<'_>]) -> Option<(Ticket, Outcome, Outcome)> {
        if self.queries_left == 0 {
            return None;
        }
        self.queries_left -= 1;
        let ticket = match self.solver.satisfiable_all(self.new, parts) {
            Answer::Yes(ticket) => ticket,
            Answer::No => return None,
            Answer::TooComplex(_) => {
                self.too_complex += 1;
                return None;
            }
        };
        let json = ticket.to_json(&self.new.attrs);
        let old_ticket = Ticket::from_value(&self.old.attrs, &json, Strictness::Lenient).ok()?;
        let before = route_outcome(self.old, &old_ticket);
        let after = route_outcome(self.new, &ticket);
        let (named_before, named_after) = (before.to_decision(self.old), after.to_decision(self.new));
        if named_before.lead != named_after.lead {
            let key = (named_before.lead.clone(), named_after.lead.clone());
            self.found.entry(key).or_insert_with(|| handover(&named_before, &named_after, json));
        }
        Some((ticket, before, after))
    }
}

/// Whether `atom` occurs in `cond` outside every `not` (and is not a `!=`):
/// only such atoms can raise a score in step 5.
fn positive_in(cond: &Cond, atom: &Cond) -> bool {
    match cond {
        Cond::And(ops) | Cond::Or(ops) => ops.iter().any(|c| positive_in(c, atom)),
        Cond::Not(_) => false,
        Cond::Atom(Atom::Ne { .. }) => false,
        Cond::Atom(a) => match (a, atom) {
            (Atom::Has { attr, keywords, all: true }, Cond::Atom(Atom::Has { attr: b, keywords: k, all: false })) => {
                attr == b && k.len() == 1 && k.iter().all(|x| keywords.contains(x))
            }
            _ => &Cond::Atom(a.clone()) == atom,
        },
    }
}

fn handover(before: &Decision, after: &Decision, witness: serde_json::Value) -> Handover {
    Handover {
        from: before.lead.clone(),
        to: after.lead.clone(),
        old_item: before.item.clone(),
        new_item: after.item.clone(),
        old_method: before.method,
        new_method: after.method,
        witness,
        because: Vec::new(),
    }
}

/// A ticket log that cannot be replayed: a line that is not a JSON object.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}\n    {quote}")]
pub struct LogError {
    /// The line, counted from 1.
    pub line: u64,
    /// What is wrong with it.
    pub problem: String,
    /// The line as a person finds it in the log: its id when one can be
    /// read, then the start of its content ([`crate::input::quote_line`]).
    pub quote: String,
}

/// The outcome of replaying a ticket log through both versions.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Replay {
    /// Tickets routed through both versions.
    pub tickets: usize,
    /// Of those, how many changed lead.
    pub changed: usize,
    /// Tickets the old schema rejects (routed through neither).
    pub rejected_old: usize,
    /// Tickets the new schema rejects (routed through neither).
    pub rejected_new: usize,
    /// Changes counted by (old lead → new lead), most frequent first.
    pub by_pair: Vec<PairCount>,
}

/// How many replayed tickets moved from one lead to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PairCount {
    /// The old lead.
    pub from: Option<String>,
    /// The new lead.
    pub to: Option<String>,
    /// How many tickets.
    pub count: usize,
    /// The 1-based line of the first such ticket.
    pub first_line: usize,
}

/// Replays a ticket log (JSON lines; blank lines and lines starting with `#`
/// are skipped) through both versions. Attributes a schema does not declare
/// are ignored (so a log fits both versions); a ticket whose values one
/// version's schema rejects is counted as rejected. A line that is not a JSON
/// object is an error naming the line.
///
/// ```
/// let old = zeren::load::load_str("old.rules", "schema { text: text } department a department b item x { when text has \"k\" lead a }")?;
/// let new = zeren::load::load_str("new.rules", "schema { text: text } department a department b item x { when text has \"k\" lead b }")?;
/// let log = "# export\n{\"text\": \"k\"}\n\n{\"text\": \"other\"}\n{\"text\": \"kk\"}\n";
/// let replay = zeren::diff::replay(&old, &new, log)?;
/// assert_eq!((replay.tickets, replay.changed), (3, 2));
/// assert_eq!(replay.by_pair[0].count, 2);
/// assert_eq!(replay.by_pair[0].first_line, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn replay(old: &RuleSet, new: &RuleSet, log: &str) -> Result<Replay, LogError> {
    let mut out = Replay::default();
    let mut counts: BTreeMap<(Option<String>, Option<String>), (usize, usize)> = BTreeMap::new();
    for (n, line) in crate::input::lines(log.as_bytes()) {
        let line = line.map_err(|e| LogError { line: n, problem: e.to_string(), quote: String::new() })?;
        let bad = |problem: String| LogError { line: n, problem, quote: crate::input::quote_line(&line) };
        // `lines` skipped the blank and comment lines, so each read is a ticket or an error.
        let read = |rules: &RuleSet| json_input(rules, &[], n, &line).map(|i| i.map(|i| i.ticket));
        let (a, b) = (read(old), read(new));
        match (&a, &b) {
            (Err(TicketError::Json(e)), _) | (_, Err(TicketError::Json(e))) => {
                return Err(bad(format!("not a JSON ticket: {e}")))
            }
            (Err(TicketError::NotObject(_)), _) | (_, Err(TicketError::NotObject(_))) => {
                return Err(bad("a ticket must be a JSON object".to_string()))
            }
            _ => {}
        }
        out.rejected_old += usize::from(!matches!(a, Ok(Some(_))));
        out.rejected_new += usize::from(!matches!(b, Ok(Some(_))));
        let (Ok(Some(a)), Ok(Some(b))) = (a, b) else { continue };
        out.tickets += 1;
        let (before, after) = (route(old, &a), route(new, &b));
        if before.lead != after.lead {
            out.changed += 1;
            let entry = counts.entry((before.lead, after.lead)).or_insert((0, n as usize));
            entry.0 += 1;
        }
    }
    out.by_pair =
        counts.into_iter().map(|((from, to), (count, first_line))| PairCount { from, to, count, first_line }).collect();
    out.by_pair.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to))));
    Ok(out)
}
