//! Which implications the router may need, decided once at build time.
//!
//! Step 2 asks, for candidates `a` and `b` left after priority and `over`,
//! whether `a`'s condition implies `b`'s; step 4 asks the same of matter
//! guards. Deciding that for all pairs would be quadratic in the rule set, so
//! a sound, cheap filter first discards the pairs for which `a ⇒ b` is
//! certainly false, and the solver ([`crate::logic::implies`]) is asked only
//! about the rest.
//!
//! The filter: `b` *requires* some facts — clauses of features, at least one
//! feature of each clause true whenever `b` holds (a keyword occurs, a symbol
//! has a value, an attribute is present). If for some clause `a` mentions
//! nothing that could *force* any of its features, `a` does not imply `b`:
//! take a ticket meeting `a`, remove every attribute `a` does not mention,
//! rewrite each text `a` mentions as just its present `a`-keywords joined by a
//! separator no keyword contains, and move an open symbol off a value `a` never
//! names. `a` still holds and every feature of the clause is false. A feature
//! is forced only by: a keyword that contains it (same attribute); the same
//! symbol value (open domains); any atom on the attribute (otherwise).
//!
//! The candidates `a` of a target `b` are enumerated from the inverted index
//! of its most selective clause, so the cost follows the number of pairs that
//! share what `b` requires, not the square of the rule set.

use super::conds::CondBuilder;
use super::graph::{AtomCode, Node, TextPlan};
use crate::ir::{Cond, RuleSet};
use crate::logic::implies;

/// A fact a condition can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Feature {
    /// A keyword occurs.
    Kw(u32),
    /// An open symbol attribute has this slot.
    Sym(u32),
    /// The attribute is present.
    Attr(u32),
}

/// What one condition mentions anywhere (also under `not`), sorted.
#[derive(Debug, Default)]
struct Mentions {
    attrs: Vec<u32>,
    slots: Vec<u32>,
    kws: Vec<u32>,
}

/// One side of the analysis: a target's condition in the arena and in the IR.
pub(crate) struct PairTarget<'a> {
    /// Its node.
    pub node: u32,
    /// Its IR condition, for the solver.
    pub cond: &'a Cond,
}

/// For every target `a`, the sorted targets `b` with `a ⇒ b` among those
/// `may_meet(a, b)` admits (both can be left contending at once).
pub(crate) fn implications(
    rules: &RuleSet,
    b: &CondBuilder,
    texts: &[&TextPlan],
    targets: &[Option<PairTarget<'_>>],
    may_meet: impl Fn(usize, usize) -> bool,
) -> Vec<Vec<u32>> {
    let n = targets.len();
    let mut out = vec![Vec::new(); n];
    let mentions: Vec<Mentions> =
        targets.iter().map(|t| t.as_ref().map_or_else(Mentions::default, |t| mentions(b, t.node))).collect();
    let supers = superstrings(b, texts);
    // Inverted indexes: who mentions a keyword, a slot, an attribute.
    let mut by_kw = vec![Vec::new(); b.kws.len()];
    let mut by_slot = vec![Vec::new(); b.slot_attr.len()];
    let mut by_attr = vec![Vec::new(); b.attrs.len()];
    for (i, m) in mentions.iter().enumerate() {
        m.kws.iter().for_each(|&k| push(&mut by_kw, k, i));
        m.slots.iter().for_each(|&s| push(&mut by_slot, s, i));
        m.attrs.iter().for_each(|&a| push(&mut by_attr, a, i));
    }
    let forcers = |f: Feature| -> Vec<&Vec<u32>> {
        match f {
            Feature::Kw(k) => {
                supers.get(k as usize).map_or(Vec::new(), |s| s.iter().filter_map(|&x| by_kw.get(x as usize)).collect())
            }
            Feature::Sym(s) => by_slot.get(s as usize).into_iter().collect(),
            Feature::Attr(a) => by_attr.get(a as usize).into_iter().collect(),
        }
    };
    let forced = |m: &Mentions, f: Feature| match f {
        Feature::Kw(k) => supers.get(k as usize).is_some_and(|s| s.iter().any(|x| m.kws.binary_search(x).is_ok())),
        Feature::Sym(s) => m.slots.binary_search(&s).is_ok(),
        Feature::Attr(a) => m.attrs.binary_search(&a).is_ok(),
    };

    let mut seen = vec![u32::MAX; n];
    for (bi, target) in targets.iter().enumerate() {
        let Some(target) = target else { continue };
        let clauses = requirements(b, target.node);
        let cost =
            |c: &Vec<Feature>| c.iter().map(|&f| forcers(f).iter().map(|l| l.len()).sum::<usize>()).sum::<usize>();
        let pool: Vec<u32> = match clauses.iter().min_by_key(|c| cost(c)) {
            Some(best) => best.iter().flat_map(|&f| forcers(f)).flatten().copied().collect(),
            None => (0..n as u32).collect(),
        };
        for ai in pool {
            let a = ai as usize;
            if a == bi || seen.get(a) == Some(&(bi as u32)) {
                continue;
            }
            if let Some(s) = seen.get_mut(a) {
                *s = bi as u32;
            }
            let (Some(Some(ta)), Some(ma)) = (targets.get(a), mentions.get(a)) else {
                continue;
            };
            if !clauses.iter().all(|c| c.iter().any(|&f| forced(ma, f))) || !may_meet(a, bi) {
                continue;
            }
            if implies(rules, ta.cond, target.cond) == Some(true) {
                if let Some(list) = out.get_mut(a) {
                    list.push(bi as u32);
                }
            }
        }
    }
    for list in &mut out {
        list.sort_unstable();
    }
    out
}

fn push(index: &mut [Vec<u32>], key: u32, value: usize) {
    if let Some(list) = index.get_mut(key as usize) {
        list.push(value as u32);
    }
}

fn mentions(b: &CondBuilder, root: u32) -> Mentions {
    let mut m = Mentions::default();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        match b.nodes.get(id as usize) {
            Some(Node::Atom(a)) => match b.atoms.get(*a as usize) {
                Some(AtomCode::Eq { attr, slot } | AtomCode::Ne { attr, slot }) => {
                    m.attrs.push(*attr);
                    m.slots.push(*slot);
                }
                Some(AtomCode::In { attr, start, len }) => {
                    m.attrs.push(*attr);
                    m.slots.extend_from_slice(b.pool(*start, *len));
                }
                Some(AtomCode::Cmp { attr, .. } | AtomCode::NumEq { attr, .. }) => m.attrs.push(*attr),
                Some(AtomCode::HasAny { start, len }) => m.kws.extend_from_slice(b.pool(*start, *len)),
                Some(AtomCode::HasAll { attr, start, len }) => {
                    m.attrs.push(*attr);
                    m.kws.extend_from_slice(b.pool(*start, *len));
                }
                Some(AtomCode::False) | None => {}
            },
            Some(Node::Not(x)) => stack.push(*x),
            Some(Node::And { start, len, .. } | Node::Or { start, len }) => {
                stack.extend_from_slice(b.children.get(*start as usize..(*start + *len) as usize).unwrap_or(&[]));
            }
            None => {}
        }
    }
    for v in [&mut m.attrs, &mut m.slots, &mut m.kws] {
        v.sort_unstable();
        v.dedup();
    }
    // A keyword mentions its text attribute too.
    let kw_attrs: Vec<u32> = m.kws.iter().filter_map(|&k| b.kws.get(k as usize).map(|k| k.attr)).collect();
    m.attrs.extend(kw_attrs);
    m.attrs.sort_unstable();
    m.attrs.dedup();
    m
}

/// Clauses of features, one of each true whenever the node holds.
fn requirements(b: &CondBuilder, id: u32) -> Vec<Vec<Feature>> {
    match b.nodes.get(id as usize) {
        Some(Node::Atom(a)) => match b.atoms.get(*a as usize) {
            Some(AtomCode::Eq { attr, slot }) => vec![vec![sym_or_attr(b, *attr, *slot)]],
            Some(AtomCode::In { attr, start, len }) => {
                vec![b.pool(*start, *len).iter().map(|&s| sym_or_attr(b, *attr, s)).collect()]
            }
            Some(AtomCode::Ne { attr, .. } | AtomCode::Cmp { attr, .. } | AtomCode::NumEq { attr, .. }) => {
                vec![vec![Feature::Attr(*attr)]]
            }
            Some(AtomCode::HasAny { start, len }) if *len > 0 => {
                vec![b.pool(*start, *len).iter().map(|&k| Feature::Kw(k)).collect()]
            }
            Some(AtomCode::HasAll { attr, start, len }) => {
                if *len == 0 {
                    vec![vec![Feature::Attr(*attr)]]
                } else {
                    b.pool(*start, *len).iter().map(|&k| vec![Feature::Kw(k)]).collect()
                }
            }
            _ => Vec::new(),
        },
        Some(Node::And { start, len, .. }) => b
            .children
            .get(*start as usize..(*start + *len) as usize)
            .unwrap_or(&[])
            .iter()
            .flat_map(|&op| requirements(b, op))
            .collect(),
        Some(Node::Or { start, len }) => {
            // One clause: the union of one clause of every operand.
            let mut clause = Vec::new();
            for &op in b.children.get(*start as usize..(*start + *len) as usize).unwrap_or(&[]) {
                match requirements(b, op).into_iter().min_by_key(Vec::len) {
                    Some(c) => clause.extend(c),
                    None => return Vec::new(),
                }
            }
            vec![clause]
        }
        Some(Node::Not(_)) | None => Vec::new(),
    }
}

fn sym_or_attr(b: &CondBuilder, attr: u32, slot: u32) -> Feature {
    if b.is_closed(attr) {
        Feature::Attr(attr)
    } else {
        Feature::Sym(slot)
    }
}

/// For each keyword, the keywords of its attribute that contain it (itself
/// included), found by running each text attribute's automaton over its own
/// keywords: linear in their total length, not quadratic in their number.
fn superstrings(b: &CondBuilder, texts: &[&TextPlan]) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = (0..b.kws.len() as u32).map(|k| vec![k]).collect();
    for plan in texts {
        let all: Vec<u32> = plan.pattern_kw.iter().chain(&plan.empty_kws).copied().collect();
        for &empty in &plan.empty_kws {
            all.iter().filter(|&&k| k != empty).for_each(|&k| push(&mut out, empty, k as usize));
        }
        let Some(ac) = &plan.automaton else { continue };
        for &outer in &plan.pattern_kw {
            let Some(text) = b.kws.get(outer as usize).map(|k| &*k.folded) else {
                continue;
            };
            ac.each_match(text, |p| {
                if let Some(&inner) = plan.pattern_kw.get(p) {
                    if inner != outer {
                        push(&mut out, inner, outer as usize);
                    }
                }
            });
        }
    }
    for list in &mut out {
        list.sort_unstable();
        list.dedup();
    }
    out
}
