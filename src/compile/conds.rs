//! Lowering IR conditions to the graph's node arena, interning symbol values
//! into slots and keywords into global keyword ids on the way.

use super::graph::{AtomCode, Node};
use super::hash::FxMap;
use crate::ir::eval::is_negative;
use crate::ir::{Atom, AttrId, Cond, RuleSet, Type, Value};

/// How an attribute is interned while building.
#[derive(Debug)]
pub(crate) enum AttrBuild {
    /// A symbol attribute.
    Symbol {
        /// Mentioned value → slot.
        slots: FxMap<Box<str>, u32>,
        /// The closed domain's size, if declared.
        domain: Option<usize>,
    },
    /// A bool attribute: slots `base` (false) and `base + 1` (true).
    Bool {
        /// The slot of `false`.
        base: u32,
    },
    /// A number attribute.
    Number,
    /// A text attribute, with the keywords mentioned on it.
    Text {
        /// Global keyword ids, in interning order.
        kws: Vec<u32>,
    },
}

/// One interned keyword.
#[derive(Debug)]
pub(crate) struct KwInfo {
    /// The text attribute.
    pub attr: u32,
    /// The folded keyword.
    pub folded: Box<str>,
}

/// The condition arena under construction.
#[derive(Debug)]
pub(crate) struct CondBuilder {
    /// Per attribute, in schema order.
    pub attrs: Vec<AttrBuild>,
    /// Whether some atom tests the attribute.
    pub used: Vec<bool>,
    /// Slot → attribute.
    pub slot_attr: Vec<u32>,
    /// Interned keywords.
    pub kws: Vec<KwInfo>,
    kw_ids: FxMap<(u32, Box<str>), u32>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Operand lists.
    pub children: Vec<u32>,
    /// Atoms.
    pub atoms: Vec<AtomCode>,
    /// Slot and keyword lists.
    pub pool: Vec<u32>,
}

impl CondBuilder {
    /// An empty arena for `rules`' schema.
    pub fn new(rules: &RuleSet) -> CondBuilder {
        let mut slot_attr = Vec::new();
        let attrs = rules
            .attrs
            .iter()
            .enumerate()
            .map(|(i, a)| match a.ty {
                Type::Symbol => AttrBuild::Symbol { slots: FxMap::default(), domain: a.domain.as_ref().map(Vec::len) },
                Type::Bool => {
                    let base = slot_attr.len() as u32;
                    slot_attr.extend([i as u32, i as u32]);
                    AttrBuild::Bool { base }
                }
                // A date is read as its day number (docs/spec.md §4).
                Type::Number | Type::Date => AttrBuild::Number,
                Type::Text => AttrBuild::Text { kws: Vec::new() },
            })
            .collect();
        CondBuilder {
            attrs,
            used: vec![false; rules.attrs.len()],
            slot_attr,
            kws: Vec::new(),
            kw_ids: FxMap::default(),
            nodes: Vec::new(),
            children: Vec::new(),
            atoms: Vec::new(),
            pool: Vec::new(),
        }
    }

    /// Lowers `cond`, returning its node id.
    pub fn lower(&mut self, cond: &Cond) -> u32 {
        let node = match cond {
            // A number's `in` is an `or` of equalities: it holds, and scores,
            // exactly as one (0 or 1).
            Cond::Atom(Atom::In { attr, values })
                if matches!(self.attrs.get(attr.index()), Some(AttrBuild::Number))
                    && values.iter().all(|v| matches!(v, Value::Number(_))) =>
            {
                let ops: Vec<Cond> =
                    values.iter().map(|v| Cond::Atom(Atom::Eq { attr: *attr, value: v.clone() })).collect();
                return self.lower(&Cond::Or(ops));
            }
            Cond::Atom(atom) => {
                let code = self.atom(atom);
                self.atoms.push(code);
                Node::Atom(self.atoms.len() as u32 - 1)
            }
            Cond::Not(inner) => Node::Not(self.lower(inner)),
            Cond::And(ops) => {
                // Positive operands first, each group in source order: the
                // proximity mean then sums exactly as the reference does.
                let pos: Vec<u32> = ops.iter().filter(|c| !is_negative(c)).map(|c| self.lower(c)).collect();
                let neg: Vec<u32> = ops.iter().filter(|c| is_negative(c)).map(|c| self.lower(c)).collect();
                let start = self.children.len() as u32;
                self.children.extend(&pos);
                self.children.extend(&neg);
                Node::And { start, len: (pos.len() + neg.len()) as u32, pos: pos.len() as u32 }
            }
            Cond::Or(ops) => {
                let ids: Vec<u32> = ops.iter().map(|c| self.lower(c)).collect();
                let start = self.children.len() as u32;
                self.children.extend(&ids);
                Node::Or { start, len: ids.len() as u32 }
            }
        };
        self.nodes.push(node);
        self.nodes.len() as u32 - 1
    }

    fn atom(&mut self, atom: &Atom) -> AtomCode {
        let attr = atom.attr();
        if let Some(u) = self.used.get_mut(attr.index()) {
            *u = true;
        }
        let a = attr.0;
        match atom {
            Atom::Has { keywords, all, .. } => {
                if !matches!(self.attrs.get(attr.index()), Some(AttrBuild::Text { .. })) {
                    return AtomCode::False;
                }
                // Keywords are not deduplicated here: `has all` scores the
                // fraction of the atom's list, as the reference counts it.
                let ids: Vec<u32> = keywords.iter().map(|k| self.keyword(a, &k.folded)).collect();
                let (start, len) = self.push_pool(&ids);
                if *all {
                    AtomCode::HasAll { attr: a, start, len }
                } else {
                    AtomCode::HasAny { start, len }
                }
            }
            Atom::Eq { value: Value::Number(n), .. } => match self.attrs.get(attr.index()) {
                Some(AttrBuild::Number) => AtomCode::NumEq { attr: a, value: *n, eq: true },
                _ => AtomCode::False,
            },
            Atom::Ne { value: Value::Number(n), .. } => match self.attrs.get(attr.index()) {
                Some(AttrBuild::Number) => AtomCode::NumEq { attr: a, value: *n, eq: false },
                _ => AtomCode::False,
            },
            Atom::Eq { value, .. } => match self.slot(attr, value) {
                Some(slot) => AtomCode::Eq { attr: a, slot },
                None => AtomCode::False,
            },
            Atom::Ne { value, .. } => match self.slot(attr, value) {
                Some(slot) => AtomCode::Ne { attr: a, slot },
                None => AtomCode::False,
            },
            Atom::In { values, .. } => {
                let mut slots: Vec<u32> = values.iter().filter_map(|v| self.slot(attr, v)).collect();
                slots.sort_unstable();
                slots.dedup();
                if slots.is_empty() {
                    return AtomCode::False;
                }
                let (start, len) = self.push_pool(&slots);
                AtomCode::In { attr: a, start, len }
            }
            Atom::Cmp { op, value, .. } => match self.attrs.get(attr.index()) {
                Some(AttrBuild::Number) => AtomCode::Cmp { attr: a, op: *op, bound: *value },
                _ => AtomCode::False,
            },
            Atom::IsTrue { .. } => match self.slot(attr, &Value::Bool(true)) {
                Some(slot) => AtomCode::Eq { attr: a, slot },
                None => AtomCode::False,
            },
        }
    }

    fn push_pool(&mut self, ids: &[u32]) -> (u32, u32) {
        let start = self.pool.len() as u32;
        self.pool.extend_from_slice(ids);
        (start, ids.len() as u32)
    }

    /// The slot of `value` on `attr`; `None` when the value cannot have the
    /// attribute's type (such an atom never holds).
    fn slot(&mut self, attr: AttrId, value: &Value) -> Option<u32> {
        match (self.attrs.get_mut(attr.index())?, value) {
            (AttrBuild::Symbol { slots, .. }, Value::Symbol(s)) => {
                if let Some(&slot) = slots.get(s.as_str()) {
                    return Some(slot);
                }
                let slot = self.slot_attr.len() as u32;
                slots.insert(s.as_str().into(), slot);
                self.slot_attr.push(attr.0);
                Some(slot)
            }
            (AttrBuild::Bool { base }, Value::Bool(b)) => Some(*base + u32::from(*b)),
            _ => None,
        }
    }

    fn keyword(&mut self, attr: u32, folded: &str) -> u32 {
        let key = (attr, Box::<str>::from(folded));
        if let Some(&id) = self.kw_ids.get(&key) {
            return id;
        }
        let id = self.kws.len() as u32;
        self.kws.push(KwInfo { attr, folded: folded.into() });
        self.kw_ids.insert(key, id);
        if let Some(AttrBuild::Text { kws }) = self.attrs.get_mut(attr as usize) {
            kws.push(id);
        }
        id
    }

    /// Whether the attribute's values are a known finite set (a closed
    /// domain or a bool): an atom on it can be forced by atoms on other
    /// values, so the pair filter reasons about the attribute as a whole.
    pub fn is_closed(&self, attr: u32) -> bool {
        match self.attrs.get(attr as usize) {
            Some(AttrBuild::Symbol { domain, .. }) => domain.is_some(),
            _ => true,
        }
    }

    /// The pool slice `start..start + len`.
    pub fn pool(&self, start: u32, len: u32) -> &[u32] {
        self.pool.get(start as usize..(start + len) as usize).unwrap_or(&[])
    }

    /// How many values the attribute of `slot` can take, for cost estimates.
    pub fn slot_fanout(&self, slot: u32) -> usize {
        match self.slot_attr.get(slot as usize).and_then(|&a| self.attrs.get(a as usize)) {
            Some(AttrBuild::Symbol { slots, domain }) => slots.len().max(domain.unwrap_or(0)).max(1),
            _ => 1,
        }
    }
}
