//! Trigger keys: for every target (an item's condition, a `near`, a guard, a
//! proximity score) a set of cheap ticket facts such that the target cannot
//! hold — or cannot reach the fallback threshold — unless one of them is true.
//! Routing evaluates only the targets some true fact points at.
//!
//! Soundness is what matters here, selectivity is a cost estimate: a key set
//! that fires too often only costs time; one that misses would change a
//! decision. `None` stands for "no sound key set" (the target is then
//! evaluated on every ticket).

use super::conds::CondBuilder;
use super::graph::{AtomCode, Csr, Node, NumPostings, Postings};
use crate::ir::CmpOp;

/// One ticket fact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Key {
    /// The symbol or bool attribute has this slot.
    Sym(u32),
    /// The attribute is present (with a value of its type).
    Present(u32),
    /// The keyword occurs in the folded text.
    Kw(u32),
    /// The number attribute satisfies `op bound`.
    Num(u32, CmpOp, f64),
}

/// A sound key set and its estimated firing rate.
#[derive(Clone, Debug, Default)]
pub(crate) struct Trigger {
    /// The keys.
    pub keys: Vec<Key>,
    /// Sum of the keys' estimated probabilities of being true.
    pub cost: f64,
}

impl Trigger {
    fn of(keys: Vec<Key>, b: &CondBuilder) -> Trigger {
        let cost = keys.iter().map(|k| key_cost(b, *k)).sum();
        Trigger { keys, cost }
    }

    fn union(parts: impl IntoIterator<Item = Option<Trigger>>) -> Option<Trigger> {
        let mut out = Trigger::default();
        for p in parts {
            let p = p?;
            out.keys.extend(p.keys);
            out.cost += p.cost;
        }
        Some(out)
    }
}

/// A rough probability that a key is true on a ticket. Only the order of
/// these matters: keywords are rare (shorter ones less so), a symbol value is
/// one of its attribute's values, a comparison holds half the time.
fn key_cost(b: &CondBuilder, key: Key) -> f64 {
    match key {
        Key::Sym(slot) => 1.0 / (b.slot_fanout(slot) as f64 + 1.0),
        Key::Present(_) => 0.9,
        Key::Kw(kw) => match b.kws.get(kw as usize).map_or(0, |k| k.folded.chars().count()) {
            0 => 1.0,
            1 => 0.2,
            2 => 0.03,
            3 => 0.01,
            _ => 0.005,
        },
        Key::Num(..) => 0.5,
    }
}

fn node(b: &CondBuilder, id: u32) -> Option<Node> {
    b.nodes.get(id as usize).copied()
}

fn operands(b: &CondBuilder, start: u32, len: u32) -> &[u32] {
    b.children.get(start as usize..(start + len) as usize).unwrap_or(&[])
}

/// Keys such that `node` holds only if one fires.
pub(crate) fn hold(b: &CondBuilder, id: u32) -> Option<Trigger> {
    match node(b, id)? {
        Node::Atom(a) => atom_hold(b, b.atoms.get(a as usize).copied()?),
        Node::Not(inner) => match node(b, inner)? {
            Node::Not(x) => hold(b, x),
            _ => None,
        },
        Node::And { start, len, .. } => {
            operands(b, start, len).iter().filter_map(|&op| hold(b, op)).min_by(|x, y| x.cost.total_cmp(&y.cost))
        }
        Node::Or { start, len } => Trigger::union(operands(b, start, len).iter().map(|&op| hold(b, op))),
    }
}

fn atom_hold(b: &CondBuilder, atom: AtomCode) -> Option<Trigger> {
    let keys = match atom {
        AtomCode::False => Vec::new(),
        AtomCode::Eq { slot, .. } => vec![Key::Sym(slot)],
        AtomCode::Ne { attr, .. } => vec![Key::Present(attr)],
        AtomCode::In { start, len, .. } => b.pool(start, len).iter().map(|&s| Key::Sym(s)).collect(),
        AtomCode::Cmp { attr, op, bound } => vec![Key::Num(attr, op, bound)],
        // `n = v` only when `n >= v`.
        AtomCode::NumEq { attr, value, eq: true } => vec![Key::Num(attr, CmpOp::Ge, value)],
        AtomCode::NumEq { attr, eq: false, .. } => vec![Key::Present(attr)],
        AtomCode::HasAny { start, len } => b.pool(start, len).iter().map(|&k| Key::Kw(k)).collect(),
        AtomCode::HasAll { attr, start, len } => {
            // Every keyword must occur, so the rarest one alone is a sound trigger.
            let best = b
                .pool(start, len)
                .iter()
                .map(|&k| Key::Kw(k))
                .min_by(|x, y| key_cost(b, *x).total_cmp(&key_cost(b, *y)));
            vec![best.unwrap_or(Key::Present(attr))]
        }
    };
    Some(Trigger::of(keys, b))
}

/// Keys such that `node` scores at least `t` only if one fires (`t == 0`
/// means "scores above zero").
///
/// An `and` of `k` positive operands scoring at least `t` has at least
/// `m = ⌈t·k⌉` operands scoring above zero (each scores at most 1 and the
/// negative operands can only lower the mean), so any `k − m + 1` of them
/// contain one: the cheapest `k − m + 1` are taken.
pub(crate) fn score(b: &CondBuilder, id: u32, t: f64) -> Option<Trigger> {
    match node(b, id)? {
        Node::Atom(a) => match b.atoms.get(a as usize).copied()? {
            // `has all` scores the fraction of its keywords present.
            AtomCode::HasAll { start, len, .. } if len > 0 => {
                Some(Trigger::of(b.pool(start, len).iter().map(|&k| Key::Kw(k)).collect(), b))
            }
            atom => atom_hold(b, atom),
        },
        // A `not` scores 1 when it holds and 0 otherwise.
        Node::Not(_) => hold(b, id),
        Node::Or { start, len } => Trigger::union(operands(b, start, len).iter().map(|&op| score(b, op, t))),
        Node::And { start, pos, .. } => {
            if pos == 0 {
                // Only negative operands: the score is 1 when it holds, else 0.
                return hold(b, id);
            }
            let k = pos as usize;
            let m = ((t * k as f64 - 1e-9).ceil().max(1.0) as usize).min(k);
            let mut options: Vec<Trigger> =
                operands(b, start, pos).iter().filter_map(|&op| score(b, op, 0.0)).collect();
            let need = k - m + 1;
            if options.len() < need {
                return None;
            }
            options.sort_by(|x, y| x.cost.total_cmp(&y.cost));
            Trigger::union(options.into_iter().take(need).map(Some))
        }
    }
}

/// Builds one phase's postings from `(target, trigger)` pairs.
pub(crate) fn postings(b: &CondBuilder, targets: &[(u32, Option<Trigger>)], target_count: u32) -> Postings {
    let mut sym = Vec::new();
    let mut present = Vec::new();
    let mut kw = Vec::new();
    let mut num: Vec<NumPostings> = (0..b.attrs.len()).map(|_| NumPostings::default()).collect();
    let mut always = Vec::new();
    for (target, trigger) in targets {
        let Some(trigger) = trigger else {
            always.push(*target);
            continue;
        };
        for key in &trigger.keys {
            match *key {
                Key::Sym(slot) => sym.push((slot, *target)),
                Key::Present(attr) => present.push((attr, *target)),
                Key::Kw(k) => kw.push((k, *target)),
                Key::Num(attr, op, bound) => {
                    if let Some(n) = num.get_mut(attr as usize) {
                        let list = match op {
                            CmpOp::Lt => &mut n.lt,
                            CmpOp::Le => &mut n.le,
                            CmpOp::Gt => &mut n.gt,
                            CmpOp::Ge => &mut n.ge,
                        };
                        list.push((bound, *target));
                    }
                }
            }
        }
    }
    for n in &mut num {
        for list in [&mut n.lt, &mut n.le, &mut n.gt, &mut n.ge] {
            list.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            list.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
        }
    }
    let num: Vec<(u32, NumPostings)> =
        num.into_iter().enumerate().filter(|(_, n)| !n.is_empty()).map(|(a, n)| (a as u32, n)).collect();
    always.sort_unstable();
    always.dedup();
    let attrs_of = |keys: &[(u32, u32)], attr: &dyn Fn(u32) -> Option<u32>| {
        let mut attrs: Vec<u32> = keys.iter().filter_map(|&(k, _)| attr(k)).collect();
        attrs.sort_unstable();
        attrs.dedup();
        attrs
    };
    let sym_attrs = attrs_of(&sym, &|slot| b.slot_attr.get(slot as usize).copied());
    let present_attrs = attrs_of(&present, &Some);
    let empty = sym.is_empty() && present.is_empty() && kw.is_empty() && num.is_empty() && always.is_empty();
    Postings {
        sym: csr(sym, b.slot_attr.len()),
        sym_attrs,
        present: csr(present, b.attrs.len()),
        present_attrs,
        kw: csr(kw, b.kws.len()),
        num,
        always,
        target_count,
        empty,
    }
}

fn csr(mut pairs: Vec<(u32, u32)>, keys: usize) -> Csr {
    pairs.sort_unstable();
    pairs.dedup();
    if pairs.is_empty() {
        return Csr::default();
    }
    let mut offsets = Vec::with_capacity(keys + 1);
    let mut targets = Vec::with_capacity(pairs.len());
    let mut next = 0usize;
    for (key, target) in pairs {
        while offsets.len() <= key as usize {
            offsets.push(next as u32);
        }
        targets.push(target);
        next += 1;
    }
    while offsets.len() <= keys {
        offsets.push(next as u32);
    }
    Csr { offsets, targets }
}
