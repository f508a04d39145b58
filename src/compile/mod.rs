//! Compiling a validated rule set ([`crate::ir::RuleSet`]) into an immutable
//! decision graph, routed by [`crate::Rules::route`] without allocating.
//!
//! # Should I use this?
//!
//! Yes, to route tickets: [`crate::Rules`] gives the same decision as the reference
//! router ([`crate::matcher::reference`]) — a differential test holds it to
//! that — in time that does not grow with the rule set, and without
//! allocating once its [`Cache`](crate::matcher::Cache) has warmed up. Use the
//! reference router for `--explain` traces.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子质量监管 { when text has any [\"种子\", \"出芽率\"] lead nync }")?;
//! use zeren::ticket::{TicketRef, Value};
//!
//! let rules = zeren::Rules::new(&set)?;
//! let text = rules.attr("text").ok_or("no text attribute")?;
//! let mut cache = rules.create_cache();
//! let ticket = TicketRef::new().with(text, Value::Text("买的种子出芽率很低"));
//! let decision = rules.route(&mut cache, &ticket);
//! assert_eq!(decision.lead(), Some("nync"));
//! assert_eq!(decision.item(), Some("种子质量监管"));
//! # Ok(()) }
//! ```
//!
//! # The graph
//!
//! Everything the router needs is decided here, once:
//!
//! * **Attributes** are read once per ticket into the cache (a ticket that
//!   keeps its values as one list, like `TicketRef`, is walked once). A
//!   symbol value is looked up in its attribute's symbol table (`symbols.rs`:
//!   open addressing, full hash and first 16 bytes stored in the bucket, so a
//!   short value is compared by two words) and becomes a global *slot* (an
//!   unmentioned value has none: no `=`/`in` holds for it, every `!=` does).
//!   Bools are two fixed slots. Numbers are kept as they are.
//! * **Text**: all keywords of all atoms on one text attribute, folded (NFKC +
//!   case folding) at build time, form one Aho-Corasick automaton with
//!   standard match semantics (`keywords.rs`: a DFA up to 1,000 keywords, a
//!   contiguous NFA beyond, its start state's transitions in a table). The
//!   same automaton also holds *marks*: the UTF-8 forms of every character
//!   folding would change in a way these keywords can see (a full-width
//!   comma is not one when no keyword contains `,`). So the ticket's text is
//!   searched as it stands, and only a pass that meets a mark is undone and
//!   repeated over the folded text (`fold/fast.rs`): Chinese text
//!   costs one pass and no fold. The pass walks the text in three
//!   interleaved lanes (one transition per byte is a chain of dependent
//!   loads; three chains overlap) and takes every match state's pattern
//!   list, so a keyword contained in another (`停车` in `停车场`) and
//!   keywords that overlap are all marked present, in a per-keyword epoch
//!   stamp.
//! * **Step 1 adapts to the rule set's shape** (`dispatch.rs`, issue 16).
//!   Real lists test one symbol attribute first (`category = 预付卡 and …`),
//!   and then the keywords of most items cannot matter for a given ticket. So
//!   the build picks a *dispatch attribute*: the symbol attribute that most
//!   items (at least half) test with `=` or `in` as a conjunct of their
//!   effective condition. Each of its values names a *bucket*: the items
//!   whose conjunct admits the value, plus the items without such a conjunct
//!   (a ticket without a named value gets those alone); with no dispatch
//!   attribute there is one bucket of all items. Per bucket and text
//!   attribute the build then decides how step 1 finds keywords: when the
//!   bucket's items mention at most `FEW_KEYWORDS` (12) keywords,
//!   each is looked for with `memchr::memmem` (vectorised; it skips most of
//!   the text), after a check that the text needs no folding
//!   (`fold::fast::all_kept`, the same decision the automaton's
//!   marks make); otherwise — or when the text does need folding — the
//!   automaton pass finds every keyword at once. The crossover is measured
//!   (`benches/route.rs`, see `FEW_KEYWORDS`). Items outside the bucket
//!   cannot hold (their dispatch conjunct is false), whatever their keywords,
//!   so step 1 and step 2 decide exactly as with every keyword known; when
//!   step 1 finds no candidate, the automaton pass completes the search
//!   before steps 3 to 5, which may look at any item. A symbol-only ticket
//!   never touches a text; a text is never searched twice for a ticket that
//!   step 1 decides. The dispatch attribute only chooses what to *search*:
//!   which items are evaluated is still the triggers' business (below).
//! * **Conditions** are a node arena (`and`/`or`/`not`/atom) over atoms that
//!   test the cached values: a slot compare, a binary search in a sorted slot
//!   list, a float compare, a few keyword stamps. To decide that a condition
//!   holds, routing runs its *jump code* (`jump.rs`): one atom test per leaf,
//!   each naming where to go on true and on false, so short-circuit `and`,
//!   `or` and `not` are a loop without recursion. The proximity score walks
//!   the tree; there an `and` keeps its positive operands first in source
//!   order, so the score of docs/spec.md §5 step 5 is the same floating-point
//!   computation as the reference's.
//! * **Triggers** (`triggers.rs`): no condition is evaluated unless a fact it
//!   needs is true. For each routing phase — candidates (step 1), `near`
//!   (step 3), matter guards (step 4) and proximity (step 5) — every target gets
//!   a set of keys (a symbol slot, a keyword, an attribute being present, a
//!   numeric bound) chosen so that it cannot hold (or reach the threshold)
//!   unless one key is true, picking the cheapest such set by an estimate of
//!   how often each key is true (a rare keyword over a common category). The
//!   keys index compressed posting lists: symbol slots and keywords directly,
//!   numeric bounds in lists sorted by bound whose fired part is a prefix or
//!   suffix found by binary search. Routing walks the ticket's true facts,
//!   collects the targets they point at (deduplicated by epoch stamps), and
//!   evaluates only those. For step 5, an item whose `and` has `k` positive
//!   operands needs `⌈t·k⌉` of them above zero to reach threshold `t`, so
//!   `k − ⌈t·k⌉ + 1` of them suffice as triggers: analogy cost follows the
//!   items that share enough with the ticket, not the rule set's size.
//! * **Overlaps** (`pairs.rs`): priority, `over` (already transitively closed
//!   by the checker) and agreement (interned role tuples, compared as ids) are
//!   table lookups; specificity — does `a` imply `b`? — is decided at build
//!   time by [`crate::logic::implies`] for every pair that can contend at
//!   once, after a sound filter discards the pairs that share too little to
//!   imply each other. Routing never decides an implication. The same holds
//!   for matter guards in the residual step.
//!
//! # Invariants
//!
//! The graph is never mutated after it is built, and is shared behind an
//! [`Arc`](std::sync::Arc). Routing does no I/O, never panics, and allocates nothing once the
//! cache has seen a ticket of the same size: every scratch list in the cache
//! is sized to its bound when the cache is created, and the text buffer keeps
//! its largest size. Compilation knows nothing about the reference router
//! except [`crate::ir::eval::is_negative`], the definition of a negative
//! operand.

mod conds;
pub(crate) mod context;
mod dispatch;
mod graph;
pub(crate) mod hash;
mod jump;
mod keywords;
mod pairs;
mod sound;
pub(crate) use sound::SoundIndex;
mod symbols;
mod triggers;

pub(crate) use graph::*;
pub use keywords::{KeywordAutomaton, DFA_MAX_PATTERNS};

use crate::ir::{RuleSet, Type};
use conds::{AttrBuild, CondBuilder};
use hash::FxMap;

/// Why a rule set could not be compiled.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CompileError {
    /// The keyword automaton of a text attribute exceeded a size limit.
    #[error("the keywords of text attribute `{attr}` could not be compiled: {message}")]
    Automaton {
        /// The attribute.
        attr: String,
        /// Why.
        message: String,
    },
}

/// The score tolerance of docs/spec.md §5 step 5 with room for the rounding of the
/// trigger arithmetic: an item is indexed for step 5 if it can score this
/// much below the threshold.
const SCORE_MARGIN: f64 = 3e-9;

pub(crate) fn build(rules: &RuleSet) -> Result<Graph, CompileError> {
    let mut cb = CondBuilder::new(rules);
    let eff: Vec<u32> = rules.items.iter().map(|i| cb.lower(&i.effective)).collect();
    let near: Vec<Option<u32>> = rules.items.iter().map(|i| i.near.as_ref().map(|n| cb.lower(n))).collect();
    let guard: Vec<Option<u32>> = rules
        .matters
        .iter()
        .map(|m| match (&m.guard, m.has_own_lead) {
            (Some(g), true) => Some(cb.lower(g)),
            _ => None,
        })
        .collect();

    let texts = text_plans(rules, &cb)?;
    let text_attrs: Vec<u32> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.as_ref().is_some_and(|t| t.automaton.is_some()))
        .map(|(a, _)| a as u32)
        .collect();
    let dispatch = dispatch::build(&cb, &eff, &text_attrs);

    // Jump code for every condition routing tests for truth.
    let mut code = Vec::new();
    // A missing condition never holds: its entry is the `false` exit.
    let mut emit = |n: Option<u32>| match n {
        Some(n) => jump::emit(&cb, n, jump::TRUE, jump::FALSE, &mut code),
        None => jump::FALSE,
    };
    let eff_code: Vec<u32> = eff.iter().map(|&n| emit(Some(n))).collect();
    let near_code: Vec<u32> = near.iter().map(|&n| emit(n)).collect();
    let guard_code: Vec<u32> = guard.iter().map(|&n| emit(n)).collect();

    // Trigger postings, one set per phase.
    let cand: Vec<_> = eff.iter().enumerate().map(|(i, &n)| (i as u32, triggers::hold(&cb, n))).collect();
    let near_t: Vec<_> =
        near.iter().enumerate().filter_map(|(i, &n)| n.map(|n| (i as u32, triggers::hold(&cb, n)))).collect();
    let guard_t: Vec<_> =
        guard.iter().enumerate().filter_map(|(i, &n)| n.map(|n| (i as u32, triggers::hold(&cb, n)))).collect();
    let score_t: Vec<_> = if rules.has_fallback {
        let t = (rules.threshold - SCORE_MARGIN).max(0.0);
        eff.iter()
            .zip(&near)
            .enumerate()
            .map(|(i, (&e, &n))| {
                let parts = [Some(e), n].into_iter().flatten().map(|x| triggers::score(&cb, x, t));
                (i as u32, union(parts))
            })
            .collect()
    } else {
        Vec::new()
    };
    let n_items = rules.items.len() as u32;
    let phases = [
        triggers::postings(&cb, &cand, n_items),
        triggers::postings(&cb, &near_t, n_items),
        triggers::postings(&cb, &guard_t, rules.matters.len() as u32),
        triggers::postings(&cb, &score_t, n_items),
    ];

    // Implications between targets that can contend at once.
    let text_refs: Vec<&TextPlan> = texts.iter().flatten().collect();
    let item_targets: Vec<_> =
        rules.items.iter().zip(&eff).map(|(i, &n)| Some(pairs::PairTarget { node: n, cond: &i.effective })).collect();
    // v2: days in force, `over` through dated items (which beats only on
    // some dates, so such pairs may still contend).
    let (context, classes) = context::plan(rules);
    let item_days: Vec<(i32, i32)> = rules.item_ids().map(|i| context::item_days(rules, i)).collect();
    let over_parts = context::split_over(rules, &item_days);
    let item_implies = pairs::implications(rules, &cb, &text_refs, &item_targets, |a, b| {
        let (x, y) = (&rules.items[a], &rules.items[b]);
        // INVARIANT: `a` and `b` index `rules.items` and `over_parts` (they come from `item_targets`).
        let over = |i: usize, j: usize| over_parts[i].0.binary_search(&(j as u32)).is_ok();
        x.priority == y.priority && !over(a, b) && !over(b, a)
    });
    let mut over = over_parts.into_iter();
    let matter_targets: Vec<_> = rules
        .matters
        .iter()
        .zip(&guard)
        .map(|(m, &n)| n.zip(m.guard.as_ref()).map(|(node, cond)| pairs::PairTarget { node, cond }))
        .collect();
    let matter_implies = pairs::implications(rules, &cb, &text_refs, &matter_targets, |a, b| {
        // INVARIANT: `a` and `b` index `rules.matters`. Nested matters never
        // contend: the enclosing one is dropped for the innermost.
        let (pa, pb) = (&rules.matters[a].path, &rules.matters[b].path);
        !pa.contains(&crate::ir::MatterId(b as u32)) && !pb.contains(&crate::ir::MatterId(a as u32))
    });

    let mut roles: FxMap<RoleKey, u32> = FxMap::default();
    let mut role_id = |lead: Option<u32>, assists: &[crate::ir::DeptId], liaisons: &[crate::ir::DeptId]| {
        let key = (lead, ids(assists), ids(liaisons));
        let next = roles.len() as u32;
        *roles.entry(key).or_insert(next)
    };
    let item_places: Vec<_> =
        rules.item_ids().map(|i| context::item_places(rules, i, &classes, &mut role_id)).collect();
    let matter_places: Vec<_> =
        rules.matter_ids().map(|m| context::matter_places(rules, m, &classes, &mut role_id)).collect();
    let mut item_places = item_places.into_iter();
    let mut matter_places = matter_places.into_iter();
    let items = rules
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (over, over_dated) = over.next().unwrap_or_default();
            let (by_place, territorial) = item_places.next().unwrap_or_default();
            ItemPlan {
                // INVARIANT: `eff` and `near` hold one entry per item.
                effective: eff[i],
                effective_code: eff_code.get(i).copied().unwrap_or(jump::FALSE),
                near: near[i],
                near_code: near_code.get(i).copied().unwrap_or(jump::FALSE),
                priority: item.priority,
                over,
                over_dated,
                over_declared: item.over_declared.iter().map(|o| o.0).collect(),
                days: item_days.get(i).copied().unwrap_or(context::ALWAYS),
                deadline: item.deadline,
                by_place,
                territorial,
                roles: role_id(Some(item.lead.0), &item.assists, &item.liaisons),
                implies: item_implies.get(i).cloned().unwrap_or_default().into(),
                name: item.name.as_str().into(),
                parent: item.path.last().map(|m| m.0),
                lead: item.lead.0,
                assists: ids(&item.assists).into(),
                liaisons: ids(&item.liaisons).into(),
                like: item.like.map(|l| l.0),
                basis: item.basis.iter().map(|b| b.as_str().into()).collect(),
            }
        })
        .collect();
    let matters = rules
        .matters
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (by_place, territorial) = matter_places.next().unwrap_or_default();
            MatterPlan {
                days: context::matter_days(rules, crate::ir::MatterId(i as u32)),
                deadline: m.deadline,
                by_place,
                territorial,
                guard_code: guard_code.get(i).copied().unwrap_or(jump::FALSE),
                roles: role_id(m.lead.map(|d| d.0), &m.assists, &m.liaisons),
                implies: matter_implies.get(i).cloned().unwrap_or_default().into(),
                name: m.name.as_str().into(),
                path: m.path.iter().map(|p| p.0).collect(),
                lead: m.lead.map(|d| d.0),
                assists: ids(&m.assists).into(),
                liaisons: ids(&m.liaisons).into(),
                basis: m.basis.iter().map(|b| b.as_str().into()).collect(),
            }
        })
        .collect();

    let used = cb.used.clone();
    let attrs: Vec<AttrPlan> = std::mem::take(&mut cb.attrs)
        .into_iter()
        .zip(texts)
        .zip(&used)
        .map(|((a, text), &used)| match (used, a, text) {
            (false, ..) => AttrPlan::Unused,
            (true, AttrBuild::Symbol { slots, .. }, _) => {
                AttrPlan::Symbol { slots: symbols::SymbolTable::new(slots.iter().map(|(k, &v)| (&**k, v))) }
            }
            (true, AttrBuild::Bool { base }, _) => AttrPlan::Bool { base },
            (true, AttrBuild::Number, _) => AttrPlan::Number,
            (true, AttrBuild::Text { .. }, Some(plan)) => AttrPlan::Text(Box::new(plan)),
            (true, AttrBuild::Text { .. }, None) => AttrPlan::Unused,
        })
        .collect();
    let used_attrs =
        attrs.iter().enumerate().filter(|(_, a)| !matches!(a, AttrPlan::Unused)).map(|(i, _)| i as u32).collect();
    Ok(Graph {
        attr_names: rules.attrs.iter().map(|a| a.name.as_str().into()).collect(),
        attrs,
        used_attrs,
        kw_count: cb.kws.len() as u32,
        nodes: cb.nodes,
        children: cb.children,
        atoms: cb.atoms,
        pool: cb.pool,
        code,
        items,
        matters,
        depts: rules.depts.iter().map(|d| (d.id.as_str().into(), d.name.as_str().into())).collect(),
        coordinator: rules.coordinator.map(|d| d.0),
        threshold: rules.threshold,
        has_fallback: rules.has_fallback,
        sound: rules.homophone.filter(|_| rules.has_fallback).and_then(|w| sound::SoundIndex::new(w, &cb.kws)),
        phases,
        dispatch,
        provenance: crate::provenance::Table::new(rules),
        context,
    })
}

/// (lead, assists, liaisons): two winners agree when their keys are equal.
type RoleKey = (Option<u32>, Vec<u32>, Vec<u32>);

fn ids(depts: &[crate::ir::DeptId]) -> Vec<u32> {
    depts.iter().map(|d| d.0).collect()
}

fn union(parts: impl Iterator<Item = Option<triggers::Trigger>>) -> Option<triggers::Trigger> {
    let mut out = triggers::Trigger::default();
    for p in parts {
        let p = p?;
        out.keys.extend(p.keys);
        out.cost += p.cost;
    }
    Some(out)
}

/// One automaton per text attribute that some `has` atom tests.
fn text_plans(rules: &RuleSet, cb: &CondBuilder) -> Result<Vec<Option<TextPlan>>, CompileError> {
    cb.attrs
        .iter()
        .zip(&rules.attrs)
        .map(|(a, decl)| {
            let AttrBuild::Text { kws } = a else {
                return Ok(None);
            };
            if decl.ty != Type::Text {
                return Ok(None);
            }
            let mut pattern_kw = Vec::new();
            let mut patterns: Vec<&str> = Vec::new();
            let mut empty_kws = Vec::new();
            for &k in kws {
                match cb.kws.get(k as usize).map(|i| &*i.folded) {
                    Some("") => empty_kws.push(k),
                    Some(p) => {
                        pattern_kw.push(k);
                        patterns.push(p);
                    }
                    None => {}
                }
            }
            let ascii = crate::fold::fast::ascii_in(patterns.iter().copied());
            let automaton = if patterns.is_empty() {
                None
            } else {
                // The keywords, then the marks of text that needs folding
                // (pattern ids past `pattern_kw`).
                let marks = crate::fold::fast::unkept_marks(ascii);
                let all: Vec<&[u8]> =
                    patterns.iter().map(|p| p.as_bytes()).chain(marks.iter().map(Vec::as_slice)).collect();
                let built = KeywordAutomaton::build(&all, patterns.len() <= DFA_MAX_PATTERNS);
                Some(built.map_err(|e| CompileError::Automaton { attr: decl.name.clone(), message: e.to_string() })?)
            };
            Ok(Some(TextPlan { automaton, pattern_kw, empty_kws, ascii }))
        })
        .collect()
}

impl Graph {
    /// Heap bytes, approximately (vectors by capacity, maps by buckets).
    pub(crate) fn memory_usage(&self) -> usize {
        use std::mem::size_of;
        let boxed = |b: &[u32]| b.len() * 4;
        let strs = |s: &[Box<str>]| s.iter().map(|x| x.len() + size_of::<Box<str>>()).sum::<usize>();
        let places = |p: &[RolePlan]| {
            p.iter().map(|r| size_of::<RolePlan>() + boxed(&r.assists) + boxed(&r.liaisons)).sum::<usize>()
        };
        let attrs: usize = self
            .attrs
            .iter()
            .map(|a| match a {
                AttrPlan::Symbol { slots } => slots.memory_usage(),
                AttrPlan::Text(t) => {
                    size_of::<TextPlan>()
                        + t.automaton.as_ref().map_or(0, KeywordAutomaton::memory_usage)
                        + (t.pattern_kw.capacity() + t.empty_kws.capacity()) * 4
                }
                _ => 0,
            })
            .sum();
        let items: usize = self
            .items
            .iter()
            .map(|i| {
                boxed(&i.over)
                    + boxed(&i.implies)
                    + i.name.len()
                    + boxed(&i.assists)
                    + boxed(&i.liaisons)
                    + strs(&i.basis)
                    + boxed(&i.over_dated)
                    + boxed(&i.over_declared)
                    + places(&i.by_place)
            })
            .sum();
        let matters: usize = self
            .matters
            .iter()
            .map(|m| {
                boxed(&m.implies)
                    + m.name.len()
                    + boxed(&m.path)
                    + boxed(&m.assists)
                    + boxed(&m.liaisons)
                    + strs(&m.basis)
                    + places(&m.by_place)
            })
            .sum();
        attrs
            + items
            + matters
            + self.attrs.capacity() * size_of::<AttrPlan>()
            + self.items.capacity() * size_of::<ItemPlan>()
            + self.matters.capacity() * size_of::<MatterPlan>()
            + self.nodes.capacity() * size_of::<Node>()
            + self.children.capacity() * 4
            + self.atoms.capacity() * size_of::<AtomCode>()
            + self.code.capacity() * size_of::<Test>()
            + self.pool.capacity() * 4
            + self.used_attrs.capacity() * 4
            + strs(&self.attr_names)
            + self.provenance.memory_usage()
            + self.sound.as_ref().map_or(0, sound::SoundIndex::memory_usage)
            + self.depts.iter().map(|(a, b)| a.len() + b.len() + 2 * size_of::<Box<str>>()).sum::<usize>()
            + self.phases.iter().map(Postings::memory_usage).sum::<usize>()
            + self.dispatch.memory_usage()
            + self.context.memory_usage()
    }
}
