//! Candidate finding adapted to the rule set's shape (issue 16; see the
//! module documentation of [`super`], "Adaptive candidate finding").
//!
//! Step 1 of docs/spec.md §5 only needs the keywords of the items that can
//! still hold. When most items test one symbol attribute with `=` or `in`
//! as a conjunct of their effective condition, that attribute's value rules
//! out every item whose conjunct names another value, and the keywords of the
//! items left — a *bucket* — are often few. A few keywords are found one at
//! a time with `memchr::memmem` (a vectorised substring search that skips
//! most of the text); many, by the one automaton pass over the text. The
//! other steps need every keyword, so when step 1 finds nothing the pass
//! completes the search first.

use super::conds::CondBuilder;
use super::graph::{AtomCode, Node};
use super::hash::FxMap;
use memchr::memmem::Finder;

/// A bucket whose keywords on a text attribute are at most this many is
/// searched keyword by keyword with `memmem`; more, by the automaton pass.
/// Measured (`cargo bench --bench route -- crossover`, ~150 bytes of
/// Chinese text, keywords absent as most are): one `memmem` search costs
/// about 28 ns and the pass 300–380 ns whatever the keyword count, on the
/// table's keywords and on hotline words alike (8 keywords: 222 against 294
/// ns and 215 against 387 ns; 16: 505 against 370 and 460 against 345), so
/// they break even near twelve.
pub(crate) const FEW_KEYWORDS: usize = 12;

/// How step 1 finds keywords.
#[derive(Debug, Default)]
pub(crate) struct Dispatch {
    /// The symbol attribute dispatched on; `None`: one bucket for every ticket.
    pub attr: Option<u32>,
    /// Bucket of each slot of `attr`, indexed by global slot (`u32::MAX`
    /// for the slots of other attributes).
    pub bucket_of: Box<[u32]>,
    /// The bucket of a ticket whose `attr` has no slot (missing, or a value
    /// no condition names), and of every ticket when `attr` is `None`.
    pub other: u32,
    /// Per bucket, per text attribute with keywords: how to search it.
    pub buckets: Vec<Box<[TextSearch]>>,
    /// The keywords searched one at a time: keyword id and its searcher.
    pub finders: Vec<(u32, Finder<'static>)>,
    /// Finder lists of the buckets (indices into `finders`).
    pub lists: Vec<u32>,
}

/// How a bucket searches one text attribute.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TextSearch {
    /// The text attribute.
    pub attr: u32,
    /// `Some((start, len))`: only the finders `lists[start..start + len]`
    /// (perhaps none); `None`: the automaton pass.
    pub few: Option<(u32, u32)>,
}

impl Dispatch {
    /// The bucket of a ticket whose dispatch attribute has `slot`.
    #[inline]
    pub fn bucket(&self, slot: Option<u32>) -> u32 {
        match slot.and_then(|s| self.bucket_of.get(s as usize)) {
            Some(&b) if b != u32::MAX => b,
            _ => self.other,
        }
    }

    /// The finders of `few`.
    #[inline]
    pub fn finders(&self, start: u32, len: u32) -> impl Iterator<Item = &(u32, Finder<'static>)> {
        let list = self.lists.get(start as usize..(start + len) as usize).unwrap_or(&[]);
        list.iter().filter_map(|&f| self.finders.get(f as usize))
    }

    /// Heap bytes, approximately.
    pub fn memory_usage(&self) -> usize {
        self.bucket_of.len() * 4
            + self.buckets.iter().map(|b| b.len() * std::mem::size_of::<TextSearch>()).sum::<usize>()
            + self.buckets.capacity() * std::mem::size_of::<Box<[TextSearch]>>()
            + self.finders.iter().map(|(_, f)| f.needle().len()).sum::<usize>()
            + self.finders.capacity() * std::mem::size_of::<(u32, Finder<'static>)>()
            + self.lists.capacity() * 4
    }
}

/// The slots an item's effective condition allows its dispatch attribute,
/// by attribute: the first `=`/`in` conjunct on each.
fn conjunct_slots<'a>(cb: &'a CondBuilder, node: u32, out: &mut Vec<(u32, &'a [u32])>) {
    match cb.nodes.get(node as usize) {
        Some(&Node::And { start, len, .. }) => {
            let ops = cb.children.get(start as usize..(start + len) as usize).unwrap_or(&[]);
            for &op in ops {
                conjunct_slots(cb, op, out);
            }
        }
        Some(&Node::Atom(a)) => {
            let found = match cb.atoms.get(a as usize) {
                Some(AtomCode::Eq { attr, slot }) => Some((*attr, std::slice::from_ref(slot))),
                Some(&AtomCode::In { attr, start, len }) => Some((attr, cb.pool(start, len))),
                _ => None,
            };
            if let Some((attr, slots)) = found {
                if !out.iter().any(|(a, _)| *a == attr) {
                    out.push((attr, slots));
                }
            }
        }
        _ => {}
    }
}

/// Every keyword the condition at `node` mentions, into `out`.
fn keywords(cb: &CondBuilder, node: u32, out: &mut Vec<u32>) {
    match cb.nodes.get(node as usize) {
        Some(&Node::And { start, len, .. } | &Node::Or { start, len }) => {
            let ops = cb.children.get(start as usize..(start + len) as usize).unwrap_or(&[]);
            for &op in ops {
                keywords(cb, op, out);
            }
        }
        Some(&Node::Not(x)) => keywords(cb, x, out),
        Some(&Node::Atom(a)) => {
            if let Some(&AtomCode::HasAny { start, len } | &AtomCode::HasAll { start, len, .. }) =
                cb.atoms.get(a as usize)
            {
                out.extend_from_slice(cb.pool(start, len));
            }
        }
        None => {}
    }
}

/// Chooses the dispatch attribute and each bucket's search for the items'
/// effective conditions `eff`; `text_attrs` are the text attributes with
/// non-empty keywords (empty ones are marked on every text anyway).
pub(crate) fn build(cb: &CondBuilder, eff: &[u32], text_attrs: &[u32]) -> Dispatch {
    // The allowed slots of every item, by attribute.
    let mut allowed: Vec<Vec<(u32, &[u32])>> = Vec::with_capacity(eff.len());
    let mut coverage: FxMap<u32, usize> = FxMap::default();
    for &n in eff {
        let mut slots = Vec::new();
        conjunct_slots(cb, n, &mut slots);
        for (a, _) in &slots {
            if matches!(cb.attrs.get(*a as usize), Some(super::conds::AttrBuild::Symbol { .. })) {
                *coverage.entry(*a).or_default() += 1;
            }
        }
        allowed.push(slots);
    }
    // The attribute most items test, if most do (ties: the lower id, for
    // a build that does not depend on hash order).
    let attr = coverage
        .iter()
        .filter(|(_, &c)| 2 * c >= eff.len() && c > 0)
        .max_by_key(|(&a, &c)| (c, std::cmp::Reverse(a)))
        .map(|(&a, _)| a);
    let mut d = Dispatch { attr, ..Dispatch::default() };
    d.bucket_of = vec![u32::MAX; cb.slot_attr.len()].into_boxed_slice();

    // Item keywords by text attribute, and which items fall in which bucket.
    let kws_of = |i: usize| {
        let mut k = Vec::new();
        if let Some(&n) = eff.get(i) {
            keywords(cb, n, &mut k);
        }
        k
    };
    // Items without a conjunct on `attr` are in every bucket (`rest`).
    let mut members: FxMap<u32, Vec<usize>> = FxMap::default();
    let mut rest = Vec::new();
    for (i, slots) in allowed.iter().enumerate() {
        match attr.and_then(|a| slots.iter().find(|(x, _)| *x == a)) {
            Some((_, slots)) => slots.iter().for_each(|&s| members.entry(s).or_default().push(i)),
            None => rest.push(i),
        }
    }
    // The non-empty keywords of `items` on text attribute `a`, sorted.
    let kws_on = |items: &mut dyn Iterator<Item = usize>, a: u32| {
        let mut k: Vec<u32> = items
            .flat_map(kws_of)
            .filter(|&k| cb.kws.get(k as usize).is_some_and(|i| i.attr == a && !i.folded.is_empty()))
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    };
    let rest_kws: Vec<Vec<u32>> = text_attrs.iter().map(|&a| kws_on(&mut rest.iter().copied(), a)).collect();
    let mut finder_of: FxMap<u32, u32> = FxMap::default();
    // One bucket: `members` and the rest.
    let mut bucket = |d: &mut Dispatch, members: &[usize]| {
        let texts = text_attrs
            .iter()
            .zip(&rest_kws)
            .map(|(&a, rest)| {
                if rest.len() > FEW_KEYWORDS || members.len() > 64 * FEW_KEYWORDS {
                    return TextSearch { attr: a, few: None };
                }
                let mut mine = kws_on(&mut members.iter().copied(), a);
                mine.extend_from_slice(rest);
                mine.sort_unstable();
                mine.dedup();
                if mine.len() > FEW_KEYWORDS {
                    return TextSearch { attr: a, few: None };
                }
                let start = d.lists.len() as u32;
                for k in &mine {
                    let f = *finder_of.entry(*k).or_insert_with(|| {
                        let needle = cb.kws.get(*k as usize).map_or("", |i| &*i.folded);
                        d.finders.push((*k, Finder::new(needle.as_bytes()).into_owned()));
                        d.finders.len() as u32 - 1
                    });
                    d.lists.push(f);
                }
                TextSearch { attr: a, few: Some((start, mine.len() as u32)) }
            })
            .collect();
        d.buckets.push(texts);
        d.buckets.len() as u32 - 1
    };
    // The rest alone: a ticket without a slot of `attr`, or every ticket
    // without a dispatch attribute.
    d.other = bucket(&mut d, &[]);
    if attr.is_none() {
        return d;
    }
    let mut slots: Vec<(u32, Vec<usize>)> = members.into_iter().collect();
    slots.sort_unstable_by_key(|(s, _)| *s);
    for (s, items) in slots {
        let b = bucket(&mut d, &items);
        if let Some(x) = d.bucket_of.get_mut(s as usize) {
            *x = b;
        }
    }
    d
}
