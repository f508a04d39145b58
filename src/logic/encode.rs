//! Lowering a query to a finite problem: every attribute the query mentions
//! becomes either a *slot* (a symbol, bool or number attribute, whose possible
//! values fall into finitely many cases the atoms cannot tell apart) or a set
//! of *keyword variables* (a text attribute: one variable per distinct folded
//! keyword, linked by containment). The query itself becomes a formula in
//! negation normal form over literals on those, stored as an arena.
//!
//! Only what the query mentions is represented, so a problem is small: the
//! cases of a slot are "missing", each mentioned value (or each threshold and
//! each open interval between thresholds), and one "any other value" case when
//! such a value exists.

use super::bits::Bits;
use super::Part;
use crate::ir::{Atom, AttrId, CmpOp, Cond, RuleSet, Type, Value};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// One class of values of a slot: every value in it satisfies the same atoms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Case<'r> {
    /// The attribute is missing.
    Missing,
    /// A symbol value an atom mentions.
    Symbol(&'r str),
    /// Any symbol value no atom mentions: for a closed domain, this unmentioned
    /// domain value; for an open one, an invented value.
    Other(Option<&'r str>),
    /// A bool value.
    Bool(bool),
    /// A number equal to a threshold.
    Point(f64),
    /// A number strictly between two consecutive thresholds (either may be
    /// infinite); never empty.
    Between(f64, f64),
}

/// A symbol, bool or number attribute the query mentions.
#[derive(Clone, Debug)]
pub(crate) struct Slot<'r> {
    /// The attribute.
    pub attr: AttrId,
    /// Its cases, most readable witness first (missing first of all).
    pub cases: Vec<Case<'r>>,
    /// Every case.
    pub full: Bits,
}

/// "This keyword occurs in this text attribute".
#[derive(Clone, Debug)]
pub(crate) struct KwVar<'r> {
    /// The text attribute.
    pub attr: AttrId,
    /// As written (for readable witnesses).
    pub raw: &'r str,
    /// As matched.
    pub folded: &'r str,
    /// The other variables of the same attribute whose keyword this one
    /// contains. Substring containment is transitive, so this is closed.
    pub contains: Vec<u32>,
    /// The other variables whose keyword contains this one.
    pub contained_in: Vec<u32>,
}

/// A formula node in negation normal form.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// A constant.
    Const(bool),
    /// The slot's case is in `set`.
    Dom { slot: u32, set: Bits },
    /// The keyword variable has this value.
    Kw { var: u32, val: bool },
    /// All of `kids[start..start + len]`.
    And { start: u32, len: u32 },
    /// One of `kids[start..start + len]`.
    Or { start: u32, len: u32 },
}

/// The lowered query.
#[derive(Clone, Debug)]
pub(crate) struct Problem<'r> {
    pub slots: Vec<Slot<'r>>,
    pub kws: Vec<KwVar<'r>>,
    pub nodes: Vec<Node>,
    pub kids: Vec<u32>,
    pub root: u32,
}

/// Keyword variables by attribute and folded keyword. FNV rather than SipHash:
/// the keys are short strings from the rule set, not adversarial input, and
/// hashing was a tenth of a typical query's time.
type KwIndex<'r> = HashMap<(AttrId, &'r str), u32, BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Node ids of the two constants, created first.
const FALSE: u32 = 0;
const TRUE: u32 = 1;

/// What the query says about one attribute, gathered before lowering.
enum Seen<'r> {
    Unused,
    Symbol(Vec<&'r str>),
    Bool,
    Number(Vec<f64>),
    /// A `date`, as day numbers: ordered like a number, but only whole days
    /// from 1900-01-01 to 2199-12-31 exist.
    Date(Vec<f64>),
    Text,
}

impl<'r> Problem<'r> {
    /// Lowers the conjunction of `parts`.
    pub(crate) fn build(rules: &'r RuleSet, parts: &[Part<'r>]) -> Problem<'r> {
        let mut seen: Vec<Seen<'r>> = rules.attrs.iter().map(|_| Seen::Unused).collect();
        let mut kw_index: KwIndex<'r> = KwIndex::default();
        let mut kws: Vec<KwVar<'r>> = Vec::new();
        for part in parts {
            scan(rules, part.cond(), &mut seen, &mut |attr, raw, folded| {
                kw_index.entry((attr, folded)).or_insert_with(|| {
                    kws.push(KwVar { attr, raw, folded, contains: Vec::new(), contained_in: Vec::new() });
                    kws.len() as u32 - 1
                });
            });
        }
        link_containment(&mut kws);
        let mut slot_of: Vec<Option<u32>> = vec![None; seen.len()];
        let mut slots = Vec::new();
        for (i, s) in seen.iter().enumerate() {
            let attr = AttrId(i as u32);
            let cases = match s {
                Seen::Unused | Seen::Text => continue,
                Seen::Symbol(values) => symbol_cases(rules.attrs.get(i).and_then(|a| a.domain.as_deref()), values),
                Seen::Bool => vec![Case::Missing, Case::Bool(true), Case::Bool(false)],
                Seen::Number(thresholds) => number_cases(thresholds.clone(), None),
                Seen::Date(thresholds) => number_cases(
                    thresholds.clone(),
                    Some((f64::from(crate::ir::Date::first_day()), f64::from(crate::ir::Date::last_day()))),
                ),
            };
            slot_of[i] = Some(slots.len() as u32);
            slots.push(Slot { attr, full: Bits::full(cases.len()), cases });
        }
        let mut lower = Lower {
            rules,
            slot_of: &slot_of,
            slots: &slots,
            kw_index: &kw_index,
            nodes: vec![Node::Const(false), Node::Const(true)],
            kids: Vec::new(),
        };
        let tops: Vec<u32> = parts
            .iter()
            .map(|p| match p {
                Part::Holds(c) => lower.lower(c, true),
                Part::Fails(c) => lower.lower(c, false),
            })
            .collect();
        let root = lower.combine(true, tops);
        let Lower { nodes, kids, .. } = lower;
        Problem { slots, kws, nodes, kids, root }
    }

    /// The operands of an `And`/`Or` node.
    pub(crate) fn kids(&self, start: u32, len: u32) -> &[u32] {
        self.kids.get(start as usize..(start + len) as usize).unwrap_or(&[])
    }
}

/// Records the values, thresholds and keywords every atom mentions.
fn scan<'r>(rules: &'r RuleSet, c: &'r Cond, seen: &mut [Seen<'r>], kw: &mut impl FnMut(AttrId, &'r str, &'r str)) {
    match c {
        Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| scan(rules, c, seen, kw)),
        Cond::Not(c) => scan(rules, c, seen, kw),
        Cond::Atom(a) => {
            let attr = a.attr();
            let (Some(decl), Some(slot)) = (rules.attrs.get(attr.index()), seen.get_mut(attr.index())) else {
                return;
            };
            if matches!(slot, Seen::Unused) {
                *slot = match decl.ty {
                    Type::Symbol => Seen::Symbol(Vec::new()),
                    Type::Bool => Seen::Bool,
                    Type::Number => Seen::Number(Vec::new()),
                    Type::Date => Seen::Date(Vec::new()),
                    Type::Text => Seen::Text,
                };
            }
            match (a, slot) {
                (Atom::Has { keywords, all, .. }, Seen::Text) => {
                    keywords.iter().for_each(|k| kw(attr, &k.raw, &k.folded));
                    if keywords.is_empty() && *all {
                        // `has all []` holds exactly when the text is present,
                        // like the empty keyword.
                        kw(attr, "", "");
                    }
                }
                (Atom::Eq { value, .. } | Atom::Ne { value, .. }, Seen::Symbol(vs)) => note_symbol(vs, value),
                (Atom::In { values, .. }, Seen::Symbol(vs)) => values.iter().for_each(|v| note_symbol(vs, v)),
                (Atom::Cmp { value, .. }, Seen::Number(ts) | Seen::Date(ts)) if value.is_finite() => ts.push(*value),
                (
                    Atom::Eq { value: Value::Number(x), .. } | Atom::Ne { value: Value::Number(x), .. },
                    Seen::Number(ts) | Seen::Date(ts),
                ) if x.is_finite() => ts.push(*x),
                (Atom::In { values, .. }, Seen::Number(ts) | Seen::Date(ts)) => {
                    ts.extend(values.iter().filter_map(|v| match v {
                        Value::Number(x) if x.is_finite() => Some(*x),
                        _ => None,
                    }));
                }
                _ => {}
            }
        }
    }
}

fn note_symbol<'r>(values: &mut Vec<&'r str>, v: &'r Value) {
    if let Value::Symbol(s) = v {
        if !values.contains(&s.as_str()) {
            values.push(s);
        }
    }
}

/// Fills `contains`/`contained_in`: within one attribute, a keyword implies
/// every keyword it contains (after folding both, which the IR did).
///
/// Quadratic in the query's keywords, so each pair is cheap: a 64-bit
/// signature of the characters of each keyword rules out most pairs with one
/// AND (`b` can occur in `a` only if every character of `b` is in `a`), and
/// the rest compare bytes directly (short strings, where setting up a
/// substring searcher costs more than the search).
fn link_containment(kws: &mut [KwVar<'_>]) {
    let sig = |s: &str| s.chars().fold(0u64, |acc, c| acc | 1 << (c as u32 % 64));
    let sigs: Vec<u64> = kws.iter().map(|k| sig(k.folded)).collect();
    let mut pairs = Vec::new();
    for ((i, a), sa) in kws.iter().enumerate().zip(&sigs) {
        for ((j, b), sb) in kws.iter().enumerate().zip(&sigs) {
            // Distinct variables have distinct folded keywords, so containment
            // is strict and needs `b` shorter.
            if b.folded.len() < a.folded.len() && sb & !sa == 0 && a.attr == b.attr && occurs(b.folded, a.folded) {
                pairs.push((i, j));
            }
        }
    }
    for (i, j) in pairs {
        if let Some(a) = kws.get_mut(i) {
            a.contains.push(j as u32);
        }
        if let Some(b) = kws.get_mut(j) {
            b.contained_in.push(i as u32);
        }
    }
}

/// Whether `needle` occurs in `hay`. A byte match of valid UTF-8 is always a
/// match of whole characters, so bytes suffice.
fn occurs(needle: &str, hay: &str) -> bool {
    needle.is_empty() || hay.as_bytes().windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn symbol_cases<'r>(domain: Option<&'r [String]>, mentioned: &[&'r str]) -> Vec<Case<'r>> {
    let mut cases = vec![Case::Missing];
    match domain {
        // A closed domain is complete (docs/spec.md §4): only its values are cases, and
        // "other" exists only when some domain value is never mentioned.
        Some(domain) => {
            let mut other = None;
            for d in domain {
                if mentioned.contains(&d.as_str()) {
                    cases.push(Case::Symbol(d));
                } else if other.is_none() {
                    other = Some(d.as_str());
                }
            }
            if other.is_some() {
                cases.push(Case::Other(other));
            }
        }
        None => {
            cases.extend(mentioned.iter().map(|s| Case::Symbol(s)));
            cases.push(Case::Other(None));
        }
    }
    cases
}

/// Missing, each threshold, then the non-empty open intervals between them.
/// `days` (for a date) gives the first and last day there is: only whole
/// days in it are values, so an interval is non-empty only when a whole day
/// lies strictly inside it and within them.
fn number_cases(mut ts: Vec<f64>, days: Option<(f64, f64)>) -> Vec<Case<'static>> {
    ts.sort_by(f64::total_cmp);
    // `==` merges -0.0 and 0.0, which no comparison tells apart.
    ts.dedup_by(|a, b| a == b);
    let mut cases = vec![Case::Missing];
    cases.extend(ts.iter().map(|t| Case::Point(*t)));
    let mut lo = f64::NEG_INFINITY;
    for t in ts.iter().copied().chain(std::iter::once(f64::INFINITY)) {
        // Two adjacent doubles have nothing strictly between them; ticket
        // numbers are finite, so (-inf, f64::MIN) and (f64::MAX, inf) are empty.
        let nonempty = match days {
            Some(range) => first_day_between(lo, t, range).is_some(),
            None => match (lo == f64::NEG_INFINITY, t == f64::INFINITY) {
                (true, true) => true,
                (true, false) => t > f64::MIN,
                (false, true) => lo < f64::MAX,
                (false, false) => next_up(lo) < t,
            },
        };
        if nonempty {
            cases.push(Case::Between(lo, t));
        }
        lo = t;
    }
    cases
}

/// The first whole day strictly between `lo` and `hi` and within `range`
/// (both ends whole days), if any.
pub(crate) fn first_day_between(lo: f64, hi: f64, range: (f64, f64)) -> Option<f64> {
    let first = if lo < range.0 { range.0 } else { lo.floor() + 1.0 };
    (first <= range.1 && first < hi).then_some(first)
}

/// The least double above a finite `x` (`f64::next_up` needs Rust 1.86).
pub(crate) fn next_up(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits + 1 } else { bits - 1 })
}

/// Whether every value of `case` satisfies `atom` (all or none do, by
/// construction of the cases).
fn case_holds(atom: &Atom, case: Case<'_>) -> bool {
    let eq = |v: &Value| match (v, case) {
        (Value::Symbol(s), Case::Symbol(c)) => Some(s == c),
        (Value::Symbol(_), Case::Other(_)) => Some(false),
        (Value::Bool(b), Case::Bool(c)) => Some(*b == c),
        (Value::Number(x), Case::Point(p)) => Some(*x == p),
        // Every mentioned number is a threshold, so none lies strictly
        // inside an interval.
        (Value::Number(_), Case::Between(..)) => Some(false),
        _ => None,
    };
    match atom {
        Atom::Eq { value, .. } => eq(value) == Some(true),
        Atom::Ne { value, .. } => eq(value) == Some(false),
        Atom::In { values, .. } => values.iter().any(|v| eq(v) == Some(true)),
        Atom::IsTrue { .. } => case == Case::Bool(true),
        Atom::Cmp { op, value, .. } => {
            let v = *value;
            match case {
                Case::Point(x) => match op {
                    CmpOp::Lt => x < v,
                    CmpOp::Le => x <= v,
                    CmpOp::Gt => x > v,
                    CmpOp::Ge => x >= v,
                },
                // The interval lies wholly on one side of every finite
                // threshold; `v` is one, or infinite, or NaN.
                Case::Between(lo, hi) if !v.is_nan() => {
                    let below = hi <= v;
                    let above = lo >= v;
                    match op {
                        CmpOp::Lt | CmpOp::Le => below,
                        CmpOp::Gt | CmpOp::Ge => above,
                    }
                }
                _ => false,
            }
        }
        Atom::Has { .. } => false,
    }
}

/// The lowering pass proper.
struct Lower<'a, 'r> {
    rules: &'r RuleSet,
    slot_of: &'a [Option<u32>],
    slots: &'a [Slot<'r>],
    kw_index: &'a KwIndex<'r>,
    nodes: Vec<Node>,
    kids: Vec<u32>,
}

impl<'r> Lower<'_, 'r> {
    /// `c` (when `pos`) or `not c`, in negation normal form. Recurses once per
    /// level of `c`.
    fn lower(&mut self, c: &'r Cond, pos: bool) -> u32 {
        match c {
            Cond::And(v) => {
                let ops = v.iter().map(|c| self.lower(c, pos)).collect();
                self.combine(pos, ops)
            }
            Cond::Or(v) => {
                let ops = v.iter().map(|c| self.lower(c, pos)).collect();
                self.combine(!pos, ops)
            }
            Cond::Not(c) => self.lower(c, !pos),
            Cond::Atom(a) => self.atom(a, pos),
        }
    }

    fn atom(&mut self, a: &'r Atom, pos: bool) -> u32 {
        let attr = a.attr();
        if let Atom::Has { keywords, all, .. } = a {
            let is_text = self.rules.attrs.get(attr.index()).is_some_and(|d| d.ty == Type::Text);
            if !is_text {
                return if pos { FALSE } else { TRUE };
            }
            let mut lits = Vec::with_capacity(keywords.len().max(1));
            if keywords.is_empty() && *all {
                if let Some(&var) = self.kw_index.get(&(attr, "")) {
                    lits.push(self.push(Node::Kw { var, val: pos }));
                }
            }
            for k in keywords {
                if let Some(&var) = self.kw_index.get(&(attr, k.folded.as_str())) {
                    lits.push(self.push(Node::Kw { var, val: pos }));
                }
            }
            // any: k1 or k2 …; all: k1 and k2 …; negation swaps them.
            return self.combine(*all == pos, lits);
        }
        let Some(slot_id) = self.slot_of.get(attr.index()).copied().flatten() else {
            // An attribute the schema lacks, or an atom that cannot apply to
            // its type: false on every ticket.
            return if pos { FALSE } else { TRUE };
        };
        let Some(slot) = self.slots.get(slot_id as usize) else {
            return if pos { FALSE } else { TRUE };
        };
        let mut set = Bits::empty(slot.cases.len());
        for (i, case) in slot.cases.iter().enumerate() {
            if case_holds(a, *case) {
                set.insert(i);
            }
        }
        if !pos {
            set = slot.full.and_not(&set);
        }
        if set.is_empty() {
            FALSE
        } else if slot.full.is_subset(&set) {
            TRUE
        } else {
            self.push(Node::Dom { slot: slot_id, set })
        }
    }

    fn push(&mut self, n: Node) -> u32 {
        self.nodes.push(n);
        self.nodes.len() as u32 - 1
    }

    /// A conjunction (`is_and`) or disjunction of `ops`, flattened, with
    /// constants folded away.
    fn combine(&mut self, is_and: bool, ops: Vec<u32>) -> u32 {
        let (unit, zero) = if is_and { (TRUE, FALSE) } else { (FALSE, TRUE) };
        let mut flat: Vec<u32> = Vec::with_capacity(ops.len());
        for op in ops {
            match self.nodes.get(op as usize) {
                _ if op == unit => {}
                _ if op == zero => return zero,
                Some(Node::And { start, len }) if is_and => flat.extend(self.kids_of(*start, *len)),
                Some(Node::Or { start, len }) if !is_and => flat.extend(self.kids_of(*start, *len)),
                _ => flat.push(op),
            }
        }
        match flat.as_slice() {
            [] => unit,
            [one] => *one,
            _ => {
                let start = self.kids.len() as u32;
                let len = flat.len() as u32;
                self.kids.extend(flat);
                self.push(if is_and { Node::And { start, len } } else { Node::Or { start, len } })
            }
        }
    }

    fn kids_of(&self, start: u32, len: u32) -> Vec<u32> {
        self.kids.get(start as usize..(start + len) as usize).map(<[u32]>::to_vec).unwrap_or_default()
    }
}
