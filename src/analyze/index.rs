//! Which items could match a ticket with given facts — a trigger index — and
//! the parts of docs/spec.md §5 step 2 the analyzer reasons with.
//!
//! To refine a number need into regions, the analyzer needs the thresholds of
//! the items that could meet a ticket carrying the other facts of a term;
//! scanning every item for each term would make a 10,000-item rule set slow.
//! So each item gets a set of *trigger keys* (a keyword, a symbol value, a
//! bool value, an attribute being present) such that the item cannot match a
//! ticket on which none of its keys is true. A ticket's true keys are read off
//! it (keywords through one Aho-Corasick automaton per text attribute) and the
//! items they point at are a superset of the items that match it.

use crate::fold::fold;
pub(crate) use crate::ir::settle::{beats, drop_beaten, same_roles};
use crate::ir::{Atom, AttrId, Cond, ItemId, RuleSet, Value as IrValue};
use crate::ticket::{OwnedValue, Ticket};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// A fact of a ticket that an item's trigger set can name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    /// The text attribute contains this folded keyword.
    Keyword(AttrId, String),
    /// The symbol attribute has this value.
    Symbol(AttrId, String),
    /// The bool attribute has this value.
    Bool(AttrId, bool),
    /// The attribute carries any value.
    Present(AttrId),
}

/// How many items mention each key: the cost of filing an item under it.
type Frequencies = HashMap<Key, u64>;

/// A bare presence fires on almost every ticket that carries the attribute,
/// so it costs as much as every item.
fn cost(freq: &Frequencies, all: u64, key: &Key) -> u64 {
    match key {
        Key::Present(_) => all,
        other => freq.get(other).copied().unwrap_or(1),
    }
}

/// A set of keys at least one of which is true on every ticket where the
/// condition holds, chosen so the item is filed under keys few other items
/// share (the rarest operand of an `and`); `None` when no such set exists (a
/// `not` can hold on the empty ticket).
fn triggers(cond: &Cond, freq: &Frequencies, all: u64) -> Option<Vec<Key>> {
    match cond {
        Cond::Atom(atom) => Some(atom_triggers(atom)),
        Cond::Not(_) => None,
        Cond::Or(ops) => {
            let mut keys = Vec::new();
            for op in ops {
                keys.extend(triggers(op, freq, all)?);
            }
            Some(keys)
        }
        Cond::And(ops) => ops
            .iter()
            .filter_map(|op| triggers(op, freq, all))
            .min_by_key(|keys| keys.iter().map(|k| cost(freq, all, k)).sum::<u64>()),
    }
}

fn atom_triggers(atom: &Atom) -> Vec<Key> {
    let attr = atom.attr();
    match atom {
        Atom::Has { keywords, all, .. } => {
            // `has ""` (or `has all []`) only asks for presence.
            if keywords.is_empty() || keywords.iter().any(|k| k.folded.is_empty()) {
                return vec![Key::Present(attr)];
            }
            if *all {
                // Every keyword is needed, so the rarest-looking (longest) one suffices.
                let longest = keywords.iter().max_by_key(|k| k.folded.chars().count());
                longest.map(|k| vec![Key::Keyword(attr, k.folded.clone())]).unwrap_or_default()
            } else {
                keywords.iter().map(|k| Key::Keyword(attr, k.folded.clone())).collect()
            }
        }
        Atom::Eq { value, .. } => vec![value_key(attr, value)],
        Atom::In { values, .. } => values.iter().map(|v| value_key(attr, v)).collect(),
        Atom::Ne { .. } | Atom::Cmp { .. } => vec![Key::Present(attr)],
        Atom::IsTrue { .. } => vec![Key::Bool(attr, true)],
    }
}

fn value_key(attr: AttrId, value: &IrValue) -> Key {
    match value {
        IrValue::Symbol(s) => Key::Symbol(attr, s.clone()),
        IrValue::Bool(b) => Key::Bool(attr, *b),
        // Numbers (and dates) are indexed by presence only.
        IrValue::Number(_) => Key::Present(attr),
    }
}

/// The keywords of one text attribute, as one automaton.
#[derive(Debug)]
struct TextKeys {
    attr: AttrId,
    automaton: AhoCorasick,
    /// Pattern id → key id.
    keys: Vec<u32>,
}

/// The trigger index of a rule set's items.
#[derive(Debug)]
pub(crate) struct Index {
    /// Key id → the items filed under it.
    postings: Vec<Vec<ItemId>>,
    ids: HashMap<Key, u32>,
    /// Items with no trigger set: evaluated on every ticket.
    always: Vec<ItemId>,
    texts: Vec<TextKeys>,
    /// Per item: the route epoch at which it was last collected.
    seen: Vec<u32>,
    epoch: u32,
}

impl Index {
    /// Files every item under its trigger keys.
    pub(crate) fn new(rules: &RuleSet) -> Index {
        let mut index = Index {
            postings: Vec::new(),
            ids: HashMap::new(),
            always: Vec::new(),
            texts: Vec::new(),
            seen: vec![0; rules.items.len()],
            epoch: 0,
        };
        let mut freq: Frequencies = HashMap::new();
        for item in &rules.items {
            let keys: std::collections::HashSet<Key> =
                item.effective.atoms().into_iter().flat_map(atom_triggers).collect();
            for k in keys {
                *freq.entry(k).or_default() += 1;
            }
        }
        let all = rules.items.len() as u64;
        for id in rules.item_ids() {
            match triggers(&rules.item(id).effective, &freq, all) {
                Some(keys) => {
                    for key in keys {
                        let k = index.key_id(key);
                        if let Some(list) = index.postings.get_mut(k as usize) {
                            if list.last() != Some(&id) {
                                list.push(id);
                            }
                        }
                    }
                }
                None => index.always.push(id),
            }
        }
        let mut per_attr: HashMap<AttrId, Vec<(String, u32)>> = HashMap::new();
        for (key, &id) in &index.ids {
            if let Key::Keyword(attr, kw) = key {
                per_attr.entry(*attr).or_default().push((kw.clone(), id));
            }
        }
        let mut attrs: Vec<_> = per_attr.into_iter().collect();
        attrs.sort_by_key(|(a, _)| *a);
        for (attr, mut kws) in attrs {
            kws.sort();
            let built =
                AhoCorasick::builder().match_kind(MatchKind::Standard).build(kws.iter().map(|(k, _)| k.as_str()));
            // A build failure (pattern set too large for the automaton) would
            // lose keywords: fall back to evaluating those items always.
            match built {
                Ok(automaton) => {
                    index.texts.push(TextKeys { attr, automaton, keys: kws.iter().map(|(_, id)| *id).collect() })
                }
                Err(_) => {
                    for (_, id) in kws {
                        let items = index.postings.get(id as usize).cloned().unwrap_or_default();
                        index.always.extend(items);
                    }
                }
            }
        }
        index.always.sort();
        index.always.dedup();
        index
    }

    fn key_id(&mut self, key: Key) -> u32 {
        let next = self.postings.len() as u32;
        let id = *self.ids.entry(key).or_insert(next);
        if id == next {
            self.postings.push(Vec::new());
        }
        id
    }

    fn collect(&mut self, key: &Key, out: &mut Vec<ItemId>) {
        if let Some(&id) = self.ids.get(key) {
            let epoch = self.epoch;
            for &item in self.postings.get(id as usize).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(s) = self.seen.get_mut(item.index()) {
                    if *s != epoch {
                        *s = epoch;
                        out.push(item);
                    }
                }
            }
        }
    }

    /// The items some key of `ticket` points at (a superset of the items that
    /// match it), in declaration order.
    pub(crate) fn reachable(&mut self, ticket: &Ticket) -> Vec<ItemId> {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        let mut out = Vec::new();
        for item in self.always.clone() {
            if let Some(s) = self.seen.get_mut(item.index()) {
                *s = self.epoch;
                out.push(item);
            }
        }
        for (attr, value) in ticket.values() {
            self.collect(&Key::Present(attr), &mut out);
            match value {
                OwnedValue::Symbol(s) => self.collect(&Key::Symbol(attr, s.clone()), &mut out),
                OwnedValue::Bool(b) => self.collect(&Key::Bool(attr, *b), &mut out),
                // Numbers and dates reach their items through `Present`.
                OwnedValue::Number(_) | OwnedValue::Date(_) => {}
                OwnedValue::Text(t) => {
                    let folded = fold(t);
                    let mut hit: Vec<u32> = Vec::new();
                    if let Some(tk) = self.texts.iter().find(|tk| tk.attr == attr) {
                        for m in tk.automaton.find_overlapping_iter(folded.as_str()) {
                            if let Some(&k) = tk.keys.get(m.pattern().as_usize()) {
                                hit.push(k);
                            }
                        }
                    }
                    hit.sort_unstable();
                    hit.dedup();
                    for k in hit {
                        let epoch = self.epoch;
                        for &item in self.postings.get(k as usize).map(Vec::as_slice).unwrap_or(&[]) {
                            if let Some(s) = self.seen.get_mut(item.index()) {
                                if *s != epoch {
                                    *s = epoch;
                                    out.push(item);
                                }
                            }
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// How docs/spec.md §5 step 2 ends for a set of candidates.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Verdict {
    /// No candidate.
    Empty,
    /// This item wins (agreement, priority/`over`, or specificity).
    Won(ItemId),
    /// The candidates left after priority and `over`, which disagree and of
    /// which none is more specific than all the others.
    Disputed(Vec<ItemId>),
}
