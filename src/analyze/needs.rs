//! What one item needs: its minimal fact patterns, made concrete.
//!
//! docs/spec.md §8 calls a ticket *single-topic* for an item when it carries just what
//! the item needs: every fact on it (a keyword in a text, a symbol value, a
//! number, a flag) is needed for the item to match. Those tickets are found by
//! expanding the item's effective condition into disjunctive normal form over
//! *needs* — one keyword per `has any`, all of a `has all`, one value per
//! `in`, a number region per comparison, a flag — where a negated atom only
//! asks for an absence and so adds no need. Each term is then made concrete
//! (numbers: one per region between the thresholds of the items that could
//! meet the ticket; a `!=`: each value that could make a difference) and kept
//! only if it satisfies the condition and drops out when any one fact is
//! removed. For a condition without `not`, every minimal model is a term of the
//! expansion, so no single-topic ticket is missed; terms that negations make
//! unsatisfiable are dropped by the literal check.
//!
//! The expansion can explode (`(a or b) and (c or d) and …`), so it runs
//! against a budget of terms and tickets; past it the item is reported as too
//! complex to analyse rather than hanging.

use crate::ir::eval::holds;
use crate::ir::{Atom, AttrId, CmpOp, Cond, Keyword, RuleSet, Type, Value as IrValue};
use crate::ticket::{OwnedValue, Ticket};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeSet, HashMap};

/// One fact a term asks for.
#[derive(Clone, Debug, PartialEq)]
enum Need<'r> {
    /// The text contains the keyword.
    Keyword(AttrId, &'r Keyword),
    /// The symbol has this value.
    Symbol(AttrId, &'r str),
    /// The symbol is present with a value other than this one (`!=`).
    SymbolNot(AttrId, &'r str),
    /// The bool has this value.
    Bool(AttrId, bool),
    /// The number satisfies this comparison.
    Number(AttrId, CmpOp, f64),
}

impl Need<'_> {
    fn attr(&self) -> AttrId {
        match self {
            Need::Keyword(a, _)
            | Need::Symbol(a, _)
            | Need::SymbolNot(a, _)
            | Need::Bool(a, _)
            | Need::Number(a, _, _) => *a,
        }
    }
}

type Term<'r> = Vec<Need<'r>>;

/// The expansion went past its budget.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TooComplex(pub crate::i18n::Text);

/// The terms of `cond` (`positive`) or of its negation, at most `budget` of them.
fn dnf<'r>(cond: &'r Cond, positive: bool, budget: usize) -> Result<Vec<Term<'r>>, TooComplex> {
    match (cond, positive) {
        (Cond::Atom(atom), true) => Ok(atom_terms(atom)),
        // A negated atom asks only for an absence: the empty term; the literal
        // check on the concrete ticket rejects it where a need contradicts it.
        (Cond::Atom(_), false) => Ok(vec![Vec::new()]),
        (Cond::Not(inner), p) => dnf(inner, !p, budget),
        (Cond::Or(ops), true) | (Cond::And(ops), false) => {
            let mut out = Vec::new();
            for op in ops {
                out.extend(dnf(op, positive, budget)?);
                if out.len() > budget {
                    return Err(too_many(budget));
                }
            }
            Ok(out)
        }
        (Cond::And(ops), true) | (Cond::Or(ops), false) => {
            let mut acc: Vec<Term<'r>> = vec![Vec::new()];
            for op in ops {
                let terms = dnf(op, positive, budget)?;
                if acc.len().saturating_mul(terms.len()) > budget {
                    return Err(too_many(budget));
                }
                let mut next = Vec::with_capacity(acc.len() * terms.len());
                for a in &acc {
                    for t in &terms {
                        let mut merged = a.clone();
                        for need in t {
                            if !merged.contains(need) {
                                merged.push(need.clone());
                            }
                        }
                        next.push(merged);
                    }
                }
                acc = next;
            }
            Ok(acc)
        }
    }
}

fn too_many(budget: usize) -> TooComplex {
    TooComplex(crate::tr!("an-reason-cases", budget = budget))
}

fn atom_terms(atom: &Atom) -> Vec<Term<'_>> {
    match atom {
        Atom::Has { attr, keywords, all: false } => keywords.iter().map(|k| vec![Need::Keyword(*attr, k)]).collect(),
        Atom::Has { attr, keywords, all: true } => vec![keywords.iter().map(|k| Need::Keyword(*attr, k)).collect()],
        Atom::Eq { attr, value } => vec![value_need(*attr, value)],
        Atom::In { attr, values } => values.iter().map(|v| value_need(*attr, v)).collect(),
        Atom::Ne { attr, value } => match value {
            IrValue::Symbol(s) => vec![vec![Need::SymbolNot(*attr, s)]],
            IrValue::Bool(b) => vec![vec![Need::Bool(*attr, !b)]],
            // Present and different: below or above.
            IrValue::Number(x) => {
                vec![vec![Need::Number(*attr, CmpOp::Lt, *x)], vec![Need::Number(*attr, CmpOp::Gt, *x)]]
            }
        },
        Atom::Cmp { attr, op, value } => vec![vec![Need::Number(*attr, *op, *value)]],
        Atom::IsTrue { attr } => vec![vec![Need::Bool(*attr, true)]],
    }
}

fn value_need(attr: AttrId, value: &IrValue) -> Term<'_> {
    match value {
        IrValue::Symbol(s) => vec![Need::Symbol(attr, s)],
        IrValue::Bool(b) => vec![Need::Bool(attr, *b)],
        // One number: at least it and at most it.
        IrValue::Number(x) => vec![Need::Number(attr, CmpOp::Ge, *x), Need::Number(attr, CmpOp::Le, *x)],
    }
}

/// A number of the analysis as a ticket value: on a `date` attribute, the
/// date of that day number (docs/spec.md §8: dates are ordered like
/// numbers); `None` for a day outside 1900–2199 or between two days.
pub(crate) fn number_value(rules: &RuleSet, attr: AttrId, x: f64) -> Option<OwnedValue> {
    match rules.attrs.get(attr.index()).map(|a| a.ty) {
        Some(Type::Date) => {
            (x.fract() == 0.0).then(|| crate::ir::Date::from_days(x as i64)).flatten().map(OwnedValue::Date)
        }
        _ => Some(OwnedValue::Number(x)),
    }
}

/// The choices for one attribute of a concrete ticket.
type Choices = Vec<OwnedValue>;

/// What the rule set mentions per attribute, for refining free choices.
#[derive(Debug, Default)]
pub(crate) struct Mentions {
    /// Per attribute: symbol values conditions name (sorted).
    symbols: Vec<BTreeSet<String>>,
    /// Per text attribute: every keyword conditions name (one per folded
    /// form, as first written).
    keywords: Vec<Vec<Keyword>>,
    /// Per text attribute and folded keyword: the indices (into `keywords`)
    /// of the longer keywords that contain it.
    containers: Vec<HashMap<String, Vec<usize>>>,
}

impl Mentions {
    pub(crate) fn new(rules: &RuleSet) -> Mentions {
        let mut symbols = vec![BTreeSet::new(); rules.attrs.len()];
        let mut keywords: Vec<Vec<Keyword>> = vec![Vec::new(); rules.attrs.len()];
        let mut seen: Vec<HashMap<String, usize>> = vec![HashMap::new(); rules.attrs.len()];
        let conds = rules.conditions();
        for cond in conds {
            for atom in cond.atoms() {
                if let (Atom::Has { keywords: ks, .. }, Some(list), Some(seen)) =
                    (atom, keywords.get_mut(atom.attr().index()), seen.get_mut(atom.attr().index()))
                {
                    for k in ks {
                        if !seen.contains_key(&k.folded) {
                            seen.insert(k.folded.clone(), list.len());
                            list.push(k.clone());
                        }
                    }
                }
                let values: Vec<&IrValue> = match atom {
                    Atom::Eq { value, .. } | Atom::Ne { value, .. } => vec![value],
                    Atom::In { values, .. } => values.iter().collect(),
                    _ => Vec::new(),
                };
                for v in values {
                    if let (IrValue::Symbol(s), Some(set)) = (v, symbols.get_mut(atom.attr().index())) {
                        set.insert(s.clone());
                    }
                }
            }
        }
        let containers = keywords.iter().map(|list| containers(list)).collect();
        Mentions { symbols, keywords, containers }
    }

    /// The keywords of the rule set that a text containing `need` may carry
    /// in its place as one fact: `need` itself and every longer keyword that
    /// contains it (SPEC §8: a keyword inside a longer one the text contains
    /// is not a fact of its own).
    fn spellings<'m>(&'m self, attr: AttrId, need: &'m Keyword) -> Vec<&'m Keyword> {
        let mut out = vec![need];
        let list = self.keywords.get(attr.index());
        if let Some(ids) = self.containers.get(attr.index()).and_then(|c| c.get(&need.folded)) {
            out.extend(ids.iter().filter_map(|&i| list.and_then(|l| l.get(i))));
        }
        out
    }

    /// Values a `!= v` need can take that routing can tell apart: each
    /// mentioned value but `v`, and one value no condition mentions (when the
    /// domain has one).
    fn others(&self, rules: &RuleSet, attr: AttrId, excluded: &[&str]) -> Vec<String> {
        let mentioned = self.symbols.get(attr.index()).cloned().unwrap_or_default();
        let decl = rules.attrs.get(attr.index());
        let allowed = |s: &str| {
            let in_domain = match decl.and_then(|a| a.domain.as_ref()) {
                Some(d) => d.iter().any(|x| x == s),
                None => true,
            };
            !excluded.contains(&s) && in_domain
        };
        let mut out: Vec<String> = mentioned.iter().filter(|s| allowed(s)).cloned().collect();
        let fresh = match decl.and_then(|a| a.domain.as_ref()) {
            Some(domain) => domain.iter().find(|d| !mentioned.contains(*d) && allowed(d)).cloned(),
            None => (0..)
                .map(|n| if n == 0 { "其他".to_string() } else { format!("其他{n}") })
                .find(|s| !mentioned.contains(s)),
        };
        out.extend(fresh);
        out
    }
}

/// Per folded keyword, the longer keywords of `list` that contain it: each
/// keyword is run through one automaton of all of them.
fn containers(list: &[Keyword]) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    let patterns: Vec<&str> = list.iter().map(|k| k.folded.as_str()).filter(|k| !k.is_empty()).collect();
    let Ok(automaton) = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns) else {
        return out;
    };
    for (i, k) in list.iter().enumerate() {
        for m in automaton.find_overlapping_iter(k.folded.as_str()) {
            let Some(inner) = patterns.get(m.pattern().as_usize()) else { continue };
            if inner.len() < k.folded.len() {
                let slot = out.entry((*inner).to_string()).or_default();
                if slot.last() != Some(&i) {
                    slot.push(i);
                }
            }
        }
    }
    out
}

/// The single-topic tickets of one item.
///
/// `thresholds(attr, base)` gives the numeric thresholds that matter for a
/// ticket carrying the term's other facts (those of the items that could
/// meet it); a number need is refined to one value per region between them.
pub(crate) fn single_topic_tickets(
    rules: &RuleSet,
    mentions: &Mentions,
    cond: &Cond,
    budget: usize,
    thresholds: &mut dyn FnMut(AttrId, &Ticket) -> Vec<f64>,
) -> Result<Vec<Ticket>, TooComplex> {
    let terms = dnf(cond, true, budget)?;
    let mut out: Vec<Ticket> = Vec::new();
    for term in &terms {
        let Some(choices) = concretize(rules, mentions, term, budget, thresholds) else {
            continue;
        };
        let count = choices.iter().map(|(_, c)| c.len()).product::<usize>();
        if out.len().saturating_add(count) > budget {
            return Err(TooComplex(crate::tr!("an-reason-single-topic", budget = budget)));
        }
        for ticket in product(rules, &choices) {
            if holds(rules, cond, &ticket) && is_minimal(rules, cond, &ticket) && !out.contains(&ticket) {
                out.push(ticket);
            }
        }
    }
    Ok(out)
}

/// Per attribute the term touches, the values it may take; `None` when the
/// term's needs contradict each other.
fn concretize(
    rules: &RuleSet,
    mentions: &Mentions,
    term: &Term<'_>,
    budget: usize,
    thresholds: &mut dyn FnMut(AttrId, &Ticket) -> Vec<f64>,
) -> Option<Vec<(AttrId, Choices)>> {
    let mut attrs: Vec<AttrId> = term.iter().map(Need::attr).collect();
    attrs.sort();
    attrs.dedup();
    let mut fixed: Vec<(AttrId, Choices)> = Vec::new();
    let mut numbers: Vec<(AttrId, Vec<(CmpOp, f64)>)> = Vec::new();
    for &attr in &attrs {
        let needs: Vec<&Need<'_>> = term.iter().filter(|n| n.attr() == attr).collect();
        let ty = rules.attrs.get(attr.index())?.ty;
        let choices = match ty {
            Type::Text => {
                let kws: Vec<&Keyword> = needs
                    .iter()
                    .filter_map(|n| match n {
                        Need::Keyword(_, k) => Some(*k),
                        _ => None,
                    })
                    .collect();
                texts(mentions, attr, &kws, budget)
            }
            Type::Symbol => {
                let is: BTreeSet<&str> =
                    needs.iter().filter_map(|n| if let Need::Symbol(_, s) = n { Some(*s) } else { None }).collect();
                let not: Vec<&str> =
                    needs.iter().filter_map(|n| if let Need::SymbolNot(_, s) = n { Some(*s) } else { None }).collect();
                match is.len() {
                    0 => mentions.others(rules, attr, &not).into_iter().map(OwnedValue::Symbol).collect(),
                    1 => is.iter().filter(|s| !not.contains(s)).map(|s| OwnedValue::Symbol((*s).to_string())).collect(),
                    _ => return None,
                }
            }
            Type::Bool => {
                let vals: BTreeSet<bool> =
                    needs.iter().filter_map(|n| if let Need::Bool(_, b) = n { Some(*b) } else { None }).collect();
                match vals.len() {
                    1 => vals.into_iter().map(OwnedValue::Bool).collect(),
                    _ => return None,
                }
            }
            Type::Number | Type::Date => {
                let cmps = needs
                    .iter()
                    .filter_map(|n| if let Need::Number(_, op, v) = n { Some((*op, *v)) } else { None })
                    .collect();
                numbers.push((attr, cmps));
                continue;
            }
        };
        if choices.is_empty() {
            return None;
        }
        fixed.push((attr, choices));
    }
    // Numbers last: their regions depend on which items the other facts reach.
    for (attr, cmps) in numbers {
        // The items a combination can reach are those some single fact of it
        // reaches, so varying one attribute at a time covers every combination.
        let base = first_ticket(rules, &fixed);
        let mut points = thresholds(attr, &base);
        for (other, values) in &fixed {
            for v in values.iter().skip(1) {
                let mut probe = base.clone();
                if probe.set(&rules.attrs, *other, v.clone()).is_ok() {
                    points.extend(thresholds(attr, &probe));
                }
            }
        }
        points.extend(cmps.iter().map(|(_, v)| *v));
        let choices: Vec<OwnedValue> = regions(&points)
            .into_iter()
            .filter(|x| cmps.iter().all(|(op, v)| compare(*x, *op, *v)))
            .filter_map(|x| number_value(rules, attr, x))
            .collect();
        if choices.is_empty() {
            return None;
        }
        fixed.push((attr, choices));
    }
    Some(fixed)
}

/// The texts that carry a term's keyword needs with no fact to spare: each
/// need is met by itself or by a longer keyword containing it, and a keyword
/// inside another chosen one is no fact of its own (so `暖气` and `暖气漏水`
/// make the one-fact text `暖气漏水`). At most `budget + 1` texts, so that the
/// caller sees the budget exceeded.
fn texts(mentions: &Mentions, attr: AttrId, needs: &[&Keyword], budget: usize) -> Vec<OwnedValue> {
    let options: Vec<Vec<&Keyword>> = needs.iter().map(|k| mentions.spellings(attr, k)).collect();
    let mut seen: BTreeSet<Vec<&str>> = BTreeSet::new();
    let mut out = Vec::new();
    let mut pick = vec![0usize; options.len()];
    loop {
        let chosen: Vec<&Keyword> = options.iter().zip(&pick).filter_map(|(o, &i)| o.get(i).copied()).collect();
        let mut facts: Vec<&Keyword> = Vec::new();
        for (i, k) in chosen.iter().enumerate() {
            let inside = chosen.iter().enumerate().any(|(j, other)| {
                other.folded.len() > k.folded.len() && other.folded.contains(k.folded.as_str())
                    || (other.folded == k.folded && j < i)
            });
            if !inside {
                facts.push(k);
            }
        }
        let mut key: Vec<&str> = facts.iter().map(|k| k.folded.as_str()).collect();
        key.sort_unstable();
        if seen.insert(key) {
            out.push(OwnedValue::Text(facts.iter().map(|k| k.raw.as_str()).collect::<Vec<_>>().join("，")));
            if out.len() > budget {
                return out;
            }
        }
        // The next combination, in mixed radix.
        let mut carried = true;
        for (slot, o) in pick.iter_mut().zip(&options) {
            *slot += 1;
            if *slot < o.len() {
                carried = false;
                break;
            }
            *slot = 0;
        }
        if carried {
            return out;
        }
    }
}

fn compare(x: f64, op: CmpOp, v: f64) -> bool {
    match op {
        CmpOp::Lt => x < v,
        CmpOp::Le => x <= v,
        CmpOp::Gt => x > v,
        CmpOp::Ge => x >= v,
    }
}

/// One number per region the thresholds cut the line into: each threshold,
/// and a readable number inside each open interval around and between them.
pub(crate) fn regions(points: &[f64]) -> Vec<f64> {
    let mut ts: Vec<f64> = points.iter().copied().filter(|x| x.is_finite()).collect();
    ts.sort_by(f64::total_cmp);
    ts.dedup();
    let mut out = Vec::with_capacity(ts.len() * 2 + 1);
    match (ts.first(), ts.last()) {
        (Some(&lo), Some(&hi)) => {
            out.push(lo.floor() - 1.0);
            for (i, &t) in ts.iter().enumerate() {
                out.push(t);
                if let Some(&next) = ts.get(i + 1) {
                    out.push(inside(t, next));
                }
            }
            out.push(hi.floor() + 1.0);
        }
        _ => out.push(0.0),
    }
    out.retain(|x| x.is_finite());
    out
}

/// A readable number strictly between `lo < hi`: an integer when one fits.
fn inside(lo: f64, hi: f64) -> f64 {
    let int = lo.floor() + 1.0;
    if int < hi {
        return int;
    }
    let mid = lo / 2.0 + hi / 2.0;
    if lo < mid && mid < hi {
        mid
    } else {
        lo
    }
}

fn first_ticket(rules: &RuleSet, choices: &[(AttrId, Choices)]) -> Ticket {
    let mut ticket = Ticket::default();
    for (attr, values) in choices {
        if let Some(v) = values.first() {
            let _ = ticket.set(&rules.attrs, *attr, v.clone());
        }
    }
    ticket
}

/// Every combination of the choices, as tickets (values the schema rejects are
/// skipped, not expected to happen).
fn product(rules: &RuleSet, choices: &[(AttrId, Choices)]) -> Vec<Ticket> {
    let mut out = vec![Ticket::default()];
    for (attr, values) in choices {
        let mut next = Vec::with_capacity(out.len() * values.len());
        for t in &out {
            for v in values {
                let mut t2 = t.clone();
                if t2.set(&rules.attrs, *attr, v.clone()).is_ok() {
                    next.push(t2);
                }
            }
        }
        out = next;
    }
    out
}

/// Whether removing any one fact (a keyword of a text not inside another, or
/// a whole non-text value) makes `cond` fail.
fn is_minimal(rules: &RuleSet, cond: &Cond, ticket: &Ticket) -> bool {
    for (attr, value) in ticket.values() {
        let reduced: Vec<Ticket> = match value {
            // A text is its facts joined by the separator `texts` uses.
            OwnedValue::Text(text) => {
                let facts: Vec<&str> = text.split('，').collect();
                (0..facts.len())
                    .map(|skip| {
                        let rest: Vec<&str> =
                            facts.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, k)| *k).collect();
                        with(rules, ticket, attr, (!rest.is_empty()).then(|| OwnedValue::Text(rest.join("，"))))
                    })
                    .collect()
            }
            _ => vec![with(rules, ticket, attr, None)],
        };
        if reduced.iter().any(|t| holds(rules, cond, t)) {
            return false;
        }
    }
    true
}

/// `ticket` with `attr` replaced (or removed).
fn with(rules: &RuleSet, ticket: &Ticket, attr: AttrId, value: Option<OwnedValue>) -> Ticket {
    let mut out = Ticket::default();
    for (a, v) in ticket.values() {
        if a != attr {
            let _ = out.set(&rules.attrs, a, v.clone());
        }
    }
    if let Some(v) = value {
        let _ = out.set(&rules.attrs, attr, v);
    }
    out
}

/// Combines two tickets: texts are joined, other values must agree. `None`
/// when they give one symbol, number or bool different values.
pub(crate) fn merge(rules: &RuleSet, a: &Ticket, b: &Ticket) -> Option<Ticket> {
    let mut out = a.clone();
    for (attr, vb) in b.values() {
        let joined = match a.values().find(|(x, _)| *x == attr).map(|(_, v)| v) {
            None => vb.clone(),
            // Texts are facts joined by `，`: keep each fact once.
            Some(OwnedValue::Text(ta)) => match vb {
                OwnedValue::Text(tb) => {
                    // Spellings that fold alike are one keyword.
                    let mut facts: Vec<&str> = Vec::new();
                    let mut folded: Vec<String> = Vec::new();
                    for f in ta.split('，').chain(tb.split('，')) {
                        let key = crate::fold::fold(f);
                        if !folded.contains(&key) {
                            folded.push(key);
                            facts.push(f);
                        }
                    }
                    let joined = facts.join("，");
                    if &joined == ta {
                        continue;
                    }
                    OwnedValue::Text(joined)
                }
                _ => return None,
            },
            Some(va) if va == vb => continue,
            Some(_) => return None,
        };
        out.set(&rules.attrs, attr, joined).ok()?;
    }
    Some(out)
}
