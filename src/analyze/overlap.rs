//! `overlap` (a single-topic ticket is disputed) and `mixed-topics` (a pair of
//! items only a ticket raising both topics can dispute).

use super::index::{beats, same_roles, Verdict};
use super::needs::{self, merge, Mentions, TooComplex};
use super::refine::Sought;
use super::Cx;
use crate::decision::Method;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Atom, AttrId, CmpOp, Cond, ItemId, RuleSet, Value as IrValue};
use crate::logic::{Answer, Part};
use crate::ticket::{OwnedValue, Ticket};
use std::collections::{BTreeMap, BTreeSet};

/// Single-topic tickets kept per item for building `mixed-topics` witnesses.
const SAMPLES: usize = 3;

/// Routes every single-topic ticket of every item through docs/spec.md §5 step 2;
/// reports each disputed pair once (verified by the router), and records
/// which items can match and win.
pub(super) fn single_topic(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    let mentions = Mentions::new(rules);
    // Each item's numeric thresholds, read once.
    let points: Vec<Vec<(AttrId, f64)>> = rules
        .items
        .iter()
        .map(|item| {
            let mut points = Vec::new();
            for atom in item.effective.atoms() {
                match atom {
                    Atom::Cmp { attr, value, .. }
                    | Atom::Eq { attr, value: IrValue::Number(value) }
                    | Atom::Ne { attr, value: IrValue::Number(value) } => points.push((*attr, *value)),
                    Atom::In { attr, values } => points.extend(values.iter().filter_map(|v| match v {
                        IrValue::Number(x) => Some((*attr, *x)),
                        _ => None,
                    })),
                    _ => {}
                }
            }
            points
        })
        .collect();
    for a in rules.item_ids() {
        let index = &mut cx.index;
        let mut thresholds = |attr: AttrId, base: &Ticket| {
            let mut probe = base.clone();
            if let Some(v) = needs::number_value(rules, attr, 0.0) {
                let _ = probe.set(&rules.attrs, attr, v);
            }
            let reachable = index.reachable(&probe);
            let of = |i: ItemId| points.get(i.index()).into_iter().flatten();
            reachable.into_iter().flat_map(of).filter(|(x, _)| *x == attr).map(|(_, v)| *v).collect()
        };
        let item = rules.item(a);
        match needs::single_topic_tickets(rules, &mentions, &item.effective, cx.config.item_budget, &mut thresholds) {
            Err(TooComplex(reason)) => {
                cx.limited[a.index()] = true;
                let d = cx
                    .about_items(
                        Severity::Warning,
                        Code::Limit,
                        crate::tr!("an-too-complex-to-analyse-item", item_name = item.name, reason = reason),
                        &[(a, "this condition".to_string())],
                    )
                    .with_help(crate::tr!("an-overlaps-involving-this-item-were"));
                cx.out.push(d);
            }
            Ok(tickets) => {
                for t in tickets {
                    examine(cx, a, t);
                }
            }
        }
    }
}

/// Keeps the few single-topic tickets with the fewest non-text values: they
/// combine with other items' tickets most often (texts join, symbols clash).
fn keep_sample(samples: &mut Vec<Ticket>, t: &Ticket) {
    let weight = |t: &Ticket| t.values().filter(|(_, v)| !matches!(v, OwnedValue::Text(_))).count();
    if samples.len() < SAMPLES {
        samples.push(t.clone());
    } else if let Some(worst) = samples.iter_mut().max_by_key(|s| weight(s)) {
        if weight(t) < weight(worst) {
            *worst = t.clone();
        }
    }
}

/// One single-topic ticket of item `a`.
fn examine(cx: &mut Cx<'_, '_>, a: ItemId, t: Ticket) {
    let rules = cx.rules;
    cx.satisfiable[a.index()] = true;
    keep_sample(&mut cx.samples[a.index()], &t);
    let (d, verdict) = cx.verdict(&t);
    let remaining = match verdict {
        Verdict::Won(w) => {
            cx.wins[w.index()] = true;
            return;
        }
        Verdict::Empty => return,
        Verdict::Disputed(remaining) => remaining,
    };
    let pairs: Vec<(ItemId, ItemId)> = if remaining.contains(&a) {
        remaining.iter().filter(|&&b| !same_roles(rules, a, b)).map(|&b| (a, b)).collect()
    } else {
        // `a` lost by priority, and the items that beat it dispute the ticket:
        // every disagreeing pair of them is disputed on a one-topic ticket.
        remaining
            .iter()
            .flat_map(|&x| remaining.iter().map(move |&y| (x, y)))
            .filter(|&(x, y)| x < y && !same_roles(rules, x, y))
            .collect()
    };
    for (x, y) in pairs {
        let key = (x.min(y), x.max(y));
        if cx.overlaps.contains(&key) {
            continue;
        }
        // INVARIANT: reported only if routing shows the dispute.
        if d.method != Method::Disputed || !d.candidate_items().contains(&x) || !d.candidate_items().contains(&y) {
            continue;
        }
        cx.overlaps.insert(key);
        cx.disputed.get_or_insert_with(|| t.clone());
        let (nx, ny) = (&rules.item(x).name, &rules.item(y).name);
        let topic = &rules.item(a).name;
        let mut diag = cx.about_items(
            Severity::Error,
            Code::Overlap,
            crate::tr!("an-a-ticket-about-one-thing", nx = nx, ny = ny),
            &[(x, cx.roles(x)), (y, cx.roles(y))],
        );
        diag.help = Some(overlap_help(rules, topic, x, y, &t));
        diag.witness = Some(cx.witness(&t));
        cx.out.push(diag);
    }
}

/// What an item's top-level conjuncts require of one attribute.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Req {
    /// One of these symbol or bool values.
    Values(BTreeSet<String>),
    /// A number in this range: (low, low included, high, high included).
    Range(f64, bool, f64, bool),
}

/// Every item's top-level requirements, by item index.
pub(super) fn all_requirements(rules: &RuleSet) -> Vec<BTreeMap<AttrId, Req>> {
    rules.items.iter().map(|i| requirements(&i.effective)).collect()
}

fn requirements(cond: &Cond) -> BTreeMap<AttrId, Req> {
    let ops: &[Cond] = match cond {
        Cond::And(ops) => ops,
        other => std::slice::from_ref(other),
    };
    let mut out: BTreeMap<AttrId, Req> = BTreeMap::new();
    for op in ops {
        let Cond::Atom(atom) = op else { continue };
        let req = match atom {
            Atom::Eq { value: IrValue::Number(x), .. } => Req::Range(*x, true, *x, true),
            // A number's `in` is a union of points: left out (leaving out a
            // requirement only keeps more pairs to check).
            Atom::In { values, .. } if values.iter().any(|v| matches!(v, IrValue::Number(_))) => continue,
            Atom::Eq { value, .. } => Req::Values([value_str(value)].into()),
            Atom::In { values, .. } => Req::Values(values.iter().map(value_str).collect()),
            Atom::IsTrue { .. } => Req::Values(["true".to_string()].into()),
            Atom::Cmp { op, value, .. } => match op {
                CmpOp::Lt => Req::Range(f64::NEG_INFINITY, false, *value, false),
                CmpOp::Le => Req::Range(f64::NEG_INFINITY, false, *value, true),
                CmpOp::Gt => Req::Range(*value, false, f64::INFINITY, false),
                CmpOp::Ge => Req::Range(*value, true, f64::INFINITY, false),
            },
            Atom::Has { .. } | Atom::Ne { .. } => continue,
        };
        let merged = match out.remove(&atom.attr()) {
            Some(prev) => intersect(&prev, &req).unwrap_or(Req::Values(BTreeSet::new())),
            None => req,
        };
        out.insert(atom.attr(), merged);
    }
    out
}

fn value_str(v: &IrValue) -> String {
    match v {
        IrValue::Symbol(s) => s.clone(),
        IrValue::Bool(b) => b.to_string(),
        IrValue::Number(x) => x.to_string(),
    }
}

/// The common part of two requirements; `None` when they cannot both hold
/// (an empty value set is returned as such, also meaning "cannot hold").
fn intersect(a: &Req, b: &Req) -> Option<Req> {
    match (a, b) {
        (Req::Values(x), Req::Values(y)) => Some(Req::Values(x.intersection(y).cloned().collect())),
        (Req::Range(l1, li1, h1, hi1), Req::Range(l2, li2, h2, hi2)) => {
            let (lo, lo_in) = if l1 > l2 || (l1 == l2 && !li1) { (*l1, *li1) } else { (*l2, *li2) };
            let (hi, hi_in) = if h1 < h2 || (h1 == h2 && !hi1) { (*h1, *hi1) } else { (*h2, *hi2) };
            if lo < hi || (lo == hi && lo_in && hi_in) {
                Some(Req::Range(lo, lo_in, hi, hi_in))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether the top-level requirements of two items leave a ticket both can
/// meet (`false` proves none exists).
pub(super) fn compatible(a: &BTreeMap<AttrId, Req>, b: &BTreeMap<AttrId, Req>) -> bool {
    a.iter().all(|(attr, ra)| match b.get(attr) {
        None => true,
        Some(rb) => match intersect(ra, rb) {
            Some(Req::Values(v)) => !v.is_empty(),
            Some(Req::Range(..)) => true,
            None => false,
        },
    })
}

/// The candidate pairs: items that require different values of one common
/// symbol attribute cannot meet one ticket, so items are bucketed by the value
/// they require of the attribute that splits them best, and only pairs within
/// a bucket or involving an item outside every bucket are visited.
fn pairs(rules: &RuleSet, reqs: &[BTreeMap<AttrId, Req>]) -> impl Iterator<Item = (ItemId, ItemId)> {
    let single = |r: &BTreeMap<AttrId, Req>, attr: AttrId| match r.get(&attr) {
        Some(Req::Values(v)) if v.len() == 1 => v.iter().next().cloned(),
        _ => None,
    };
    let mut best: Option<(usize, AttrId)> = None;
    for (i, _) in rules.attrs.iter().enumerate() {
        let attr = AttrId(i as u32);
        let n = reqs.iter().filter(|r| single(r, attr).is_some()).count();
        let better = match best {
            Some((m, _)) => m < n,
            None => true,
        };
        if n >= 2 && better {
            best = Some((n, attr));
        }
    }
    let mut buckets: BTreeMap<String, Vec<ItemId>> = BTreeMap::new();
    let mut wild: Vec<ItemId> = Vec::new();
    for id in rules.item_ids() {
        match best.and_then(|(_, attr)| reqs.get(id.index()).and_then(|r| single(r, attr))) {
            Some(v) => buckets.entry(v).or_default().push(id),
            None => wild.push(id),
        }
    }
    let all: Vec<ItemId> = rules.item_ids().collect();
    let in_buckets = buckets.into_values().flat_map(|b| {
        let b2 = b.clone();
        b.into_iter().enumerate().flat_map(move |(i, x)| b2.clone().into_iter().skip(i + 1).map(move |y| (x, y)))
    });
    let is_wild: Vec<bool> = {
        let mut v = vec![false; rules.items.len()];
        for w in &wild {
            if let Some(slot) = v.get_mut(w.index()) {
                *slot = true;
            }
        }
        v
    };
    let with_wild = wild.into_iter().flat_map(move |w| {
        let is_wild = is_wild.clone();
        all.clone()
            .into_iter()
            .filter(move |&x| x != w && (!is_wild.get(x.index()).copied().unwrap_or(false) || x > w))
            .map(move |x| (w.min(x), w.max(x)))
    });
    in_buckets.chain(with_wild)
}

/// What the fast path of `mixed-topics` knows of an item: a single-topic
/// ticket that reaches no other item (the trigger index proves it), and the
/// ticket's non-text values.
struct Solitary {
    sample: Ticket,
    values: Vec<(AttrId, OwnedValue)>,
}

/// The items whose pairs the fast path decides: no `not` in the effective
/// condition (adding facts keeps it met), every number comparison a top-level
/// conjunct (so the requirements say which numbers keep it met), and a
/// sample ticket whose trigger keys reach the item alone. `None` for all when
/// some keyword contains the separator a joined text uses (a keyword could
/// then span two joined ones).
fn solitary(cx: &mut Cx<'_, '_>) -> Vec<Option<Solitary>> {
    let rules = cx.rules;
    let mut out: Vec<Option<Solitary>> = (0..rules.items.len()).map(|_| None).collect();
    let spans = rules.conditions().flat_map(|c| c.atoms()).any(|a| match a {
        Atom::Has { keywords, .. } => keywords.iter().any(|k| k.folded.contains(',')),
        _ => false,
    });
    if spans {
        return out;
    }
    for a in rules.item_ids() {
        let cond = &rules.item(a).effective;
        let top: &[Cond] = match cond {
            Cond::And(ops) => ops,
            other => std::slice::from_ref(other),
        };
        let nested_cmp = top.iter().any(|op| match op {
            Cond::Atom(_) => false,
            other => other.atoms().iter().any(|x| matches!(x, Atom::Cmp { .. })),
        });
        if nested_cmp || has_not(cond) {
            continue;
        }
        let Some(sample) = cx.samples[a.index()].first().cloned() else { continue };
        if cx.index.reachable(&sample) != [a] {
            continue;
        }
        let values =
            sample.values().filter(|(_, v)| !matches!(v, OwnedValue::Text(_))).map(|(x, v)| (x, v.clone())).collect();
        out[a.index()] = Some(Solitary { sample, values });
    }
    out
}

fn has_not(cond: &Cond) -> bool {
    match cond {
        Cond::Not(_) => true,
        Cond::And(ops) | Cond::Or(ops) => ops.iter().any(has_not),
        Cond::Atom(_) => false,
    }
}

/// For two solitary items, a ticket both meet that no other item can: their
/// samples joined, with one number per attribute both accept. Every other
/// item is filed under trigger keys, and the joined ticket's keys are the
/// two samples' keys, which reach only `a` and `b`; neither meets the
/// other's sample, so neither implies the other, and the two dispute it.
fn solitary_pair(
    rules: &RuleSet,
    reqs: &[BTreeMap<AttrId, Req>],
    (a, sa): (ItemId, &Solitary),
    (b, sb): (ItemId, &Solitary),
) -> Option<Vec<(AttrId, OwnedValue)>> {
    let mut numbers = Vec::new();
    for (attr, va) in &sa.values {
        let Some((_, vb)) = sb.values.iter().find(|(x, _)| x == attr) else { continue };
        if va == vb {
            continue;
        }
        let (OwnedValue::Number(x), OwnedValue::Number(y)) = (va, vb) else { return None };
        let accepts = |item: ItemId, v: f64| match reqs.get(item.index()).and_then(|r| r.get(attr)) {
            Some(Req::Range(lo, lo_in, hi, hi_in)) => {
                (v > *lo || (v == *lo && *lo_in)) && (v < *hi || (v == *hi && *hi_in))
            }
            _ => false,
        };
        let v = if accepts(a, *y) {
            *y
        } else if accepts(b, *x) {
            *x
        } else {
            return None;
        };
        numbers.push((*attr, OwnedValue::Number(v)));
    }
    let _ = rules;
    Some(numbers)
}

/// The joined ticket of a solitary pair (for listing it).
fn join_solitary(rules: &RuleSet, sa: &Solitary, sb: &Solitary, numbers: &[(AttrId, OwnedValue)]) -> Option<Ticket> {
    let mut a = sa.sample.clone();
    let mut b = sb.sample.clone();
    for (attr, v) in numbers {
        a.set(&rules.attrs, *attr, v.clone()).ok()?;
        b.set(&rules.attrs, *attr, v.clone()).ok()?;
    }
    merge(rules, &a, &b)
}

/// Counts (and with `--mixed` lists) the pairs of disagreeing items that some
/// ticket leaves disputed with both remaining, other than `overlap` pairs.
/// Each candidate pair is decided: by the solitary fast path, by joining
/// single-topic tickets, or by an exact refinement search (`refine`); a pair
/// the search cannot decide within its rounds is named in a `limit` finding.
pub(super) fn mixed(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    let reqs: Vec<BTreeMap<AttrId, Req>> = all_requirements(rules);
    let solo = solitary(cx);
    let (mut count, mut examined, mut truncated) = (0usize, 0usize, false);
    let mut listed = Vec::new();
    let mut undecided: Vec<(ItemId, ItemId, crate::i18n::Text)> = Vec::new();
    let mut notable = Notable::default();
    for (a, b) in pairs(rules, &reqs) {
        let (ia, ib) = (rules.item(a), rules.item(b));
        let usable = |x: ItemId| cx.satisfiable[x.index()] || cx.limited[x.index()];
        if same_roles(rules, a, b)
            || ia.priority != ib.priority
            || ia.is_over(b)
            || ib.is_over(a)
            || cx.overlaps.contains(&(a, b))
            || !usable(a)
            || !usable(b)
            || !compatible(&reqs[a.index()], &reqs[b.index()])
        {
            continue;
        }
        examined += 1;
        if examined > cx.config.mixed_budget {
            truncated = true;
            break;
        }
        if let (Some(sa), Some(sb)) = (&solo[a.index()], &solo[b.index()]) {
            if let Some(numbers) = solitary_pair(rules, &reqs, (a, sa), (b, sb)) {
                count += 1;
                let two = sa.values.is_empty() && sb.values.is_empty() && facts(&sa.sample) + facts(&sb.sample) == 2;
                notable.note(rules, a, b, two);
                if cx.config.list_mixed || cx.disputed.is_none() {
                    if let Some(w) = join_solitary(rules, sa, sb, &numbers) {
                        cx.disputed.get_or_insert_with(|| w.clone());
                        if cx.config.list_mixed {
                            listed.push((a, b, w));
                        }
                    }
                }
                continue;
            }
        }
        match mixed_witness(cx, a, b) {
            Sought::Found(w) => {
                count += 1;
                let two = w.values().all(|(_, v)| matches!(v, OwnedValue::Text(_))) && facts(&w) == 2;
                notable.note(rules, a, b, two);
                cx.disputed.get_or_insert_with(|| w.clone());
                if cx.config.list_mixed {
                    listed.push((a, b, w));
                }
            }
            Sought::Never => {}
            Sought::Undecided(reason) => undecided.push((a, b, reason)),
        }
    }
    // Pairs worth a look first: inside one matter, then needing two keywords.
    listed.sort_by_key(|(a, b, w)| {
        let two = w.values().all(|(_, v)| matches!(v, OwnedValue::Text(_))) && facts(w) == 2;
        (!same_matter(rules, *a, *b), !two, *a, *b)
    });
    for (a, b, w) in listed {
        let d = cx.route(&w);
        let (na, nb) = (&rules.item(a).name, &rules.item(b).name);
        if d.method != Method::Disputed || !d.candidate_items().contains(&a) || !d.candidate_items().contains(&b) {
            continue;
        }
        let mut diag = cx.about_items(
            Severity::Note,
            Code::MixedTopics,
            crate::tr!("an-a-ticket-raising-both-and", na = na, nb = nb),
            &[(a, cx.roles(a)), (b, cx.roles(b))],
        );
        diag.witness = Some(cx.witness(&w));
        cx.mixed_pairs.push(diag);
    }
    if let Some((a, b, reason)) = undecided.first() {
        let (na, nb) = (&rules.item(*a).name, &rules.item(*b).name);
        let mut d = cx.about_items(
            Severity::Warning,
            Code::Limit,
            crate::tr!(
                "an-too-complex-to-analyse-whether-3",
                undecided = undecided.len(),
                na = na,
                nb = nb,
                reason = reason
            ),
            &[(*a, cx.roles(*a)), (*b, cx.roles(*b))],
        );
        d.help = Some(crate::tr!("an-mixed-undecided-help"));
        cx.out.push(d);
    }
    if count > 0 || truncated {
        let at_least = if truncated || !undecided.is_empty() { "yes" } else { "no" };
        let message = if truncated {
            crate::tr!("an-mixed-truncated", at_least = at_least, count = count, budget = cx.config.mixed_budget)
        } else {
            crate::tr!("an-mixed", at_least = at_least, count = count)
        };
        let help = if notable.inside + notable.two > 0 {
            let names: Vec<String> = notable
                .first
                .iter()
                .map(|(a, b, _)| format!("`{}` / `{}`", rules.item(*a).name, rules.item(*b).name))
                .collect();
            crate::tr!("an-mixed-help-notable", inside = notable.inside, two = notable.two, names = names)
        } else {
            crate::tr!("an-mixed-help")
        };
        cx.out.push(Diagnostic {
            severity: Severity::Note,
            code: Code::MixedTopics,
            message,
            labels: Vec::new(),
            help: Some(help),
            items: Vec::new(),
            witness: None,
        });
    }
}

/// A ticket meeting `a` and `b` that step 2 leaves disputed with both
/// remaining: first a union of their single-topic tickets, then the solver.
/// An item that beats `a` or `b` drops it whenever it matches, so its
/// tickets are excluded; any other witness excludes exactly the tickets with
/// its step-2 profile (`refine`).
fn mixed_witness(cx: &mut Cx<'_, '_>, a: ItemId, b: ItemId) -> Sought {
    let rules = cx.rules;
    let (ea, eb) = (&rules.item(a).effective, &rules.item(b).effective);
    for i in 0..cx.samples[a.index()].len() {
        for j in 0..cx.samples[b.index()].len() {
            let (Some(x), Some(y)) = (cx.samples[a.index()].get(i), cx.samples[b.index()].get(j)) else {
                continue;
            };
            let Some(m) = merge(rules, x, y) else { continue };
            if let (_, Verdict::Disputed(rem)) = cx.verdict(&m) {
                if rem.contains(&a) && rem.contains(&b) {
                    return Sought::Found(m);
                }
            }
        }
    }
    let beaters: Vec<&Cond> = rules
        .item_ids()
        .filter(|&c| beats(rules, c, a) || beats(rules, c, b))
        .map(|c| &rules.item(c).effective)
        .collect();
    let reqs_a = requirements(ea);
    let reqs_b = requirements(eb);
    let watched: Vec<&Cond> = super::refine::step2_profile(rules, &[a, b])
        .into_iter()
        .filter(|&c| {
            let rc = requirements(&rules.item(c).effective);
            compatible(&reqs_a, &rc) && compatible(&reqs_b, &rc)
        })
        .map(|c| &rules.item(c).effective)
        .collect();
    let mut blocks: Vec<Cond> = Vec::new();
    loop {
        if blocks.len() >= cx.config.rounds {
            return Sought::Undecided(crate::tr!("an-reason-rounds", rounds = cx.config.rounds));
        }
        let mut parts = vec![Part::Holds(ea), Part::Holds(eb)];
        parts.extend(beaters.iter().map(|c| Part::Fails(c)));
        parts.extend(blocks.iter().map(Part::Holds));
        let w = match cx.solver.satisfiable_all(rules, &parts) {
            Answer::Yes(w) => w,
            Answer::No => return Sought::Never,
            Answer::TooComplex(reason) => return Sought::Undecided(reason),
        };
        if let (_, Verdict::Disputed(rem)) = cx.verdict(&w) {
            if rem.contains(&a) && rem.contains(&b) {
                return Sought::Found(w);
            }
        }
        match super::refine::block(rules, &watched, &w) {
            Some(c) => blocks.push(c),
            None => return Sought::Never,
        }
    }
}

/// The facts of a ticket: each text's keywords (joined by `，`) and each
/// other value.
fn facts(t: &Ticket) -> usize {
    t.values()
        .map(|(_, v)| match v {
            OwnedValue::Text(text) => text.split('，').count(),
            _ => 1,
        })
        .sum()
}

/// Whether two items lie in one outermost matter.
fn same_matter(rules: &RuleSet, a: ItemId, b: ItemId) -> bool {
    match (rules.item(a).path.first(), rules.item(b).path.first()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The `mixed-topics` pairs an author should read first: those inside one
/// matter (a split that did not separate its items), then those a ticket of
/// two keywords disputes (the likeliest in practice).
#[derive(Default)]
struct Notable {
    inside: usize,
    two: usize,
    /// The first few, best first: (a, b, rank).
    first: Vec<(ItemId, ItemId, (bool, bool))>,
}

impl Notable {
    const SHOWN: usize = 3;

    fn note(&mut self, rules: &RuleSet, a: ItemId, b: ItemId, two: bool) {
        let inside = same_matter(rules, a, b);
        self.inside += usize::from(inside);
        self.two += usize::from(two);
        if !(inside || two) {
            return;
        }
        let rank = (!inside, !two);
        let at = self.first.iter().position(|(_, _, r)| rank < *r).unwrap_or(self.first.len());
        if at < Notable::SHOWN {
            self.first.insert(at, (a, b, rank));
            self.first.truncate(Notable::SHOWN);
        }
    }
}

/// The overlap help: the smallest fixes first — a keyword of one item's
/// guard or condition that the witness meets only inside a longer keyword
/// (narrow it), then the `over` line to add.
fn overlap_help(rules: &RuleSet, topic: &str, x: ItemId, y: ItemId, t: &Ticket) -> crate::i18n::Text {
    // The item the ticket is about needs what it carries; the other one is
    // the one to narrow.
    let others: Vec<ItemId> = [x, y].into_iter().filter(|&z| rules.item(z).name != topic).collect();
    let nested = others.iter().find_map(|&z| nested_keyword(rules, z, t));
    let (nx, ny) = (&rules.item(x).name, &rules.item(y).name);
    let over = crate::tr!("an-overlap-fix-over", nx = nx, ny = ny);
    let fix = match nested {
        Some(n) => crate::tr!("an-overlap-fix-or", first = n, second = over),
        None => over,
    };
    crate::tr!("an-overlap-help", topic = topic, fix = fix)
}

/// "`漏水` in the guard of matter `物业` matches inside `暖气漏水`": a
/// keyword of item `z` (in an enclosing guard or its own `when`) that the
/// witness text contains only inside a longer keyword it carries.
fn nested_keyword(rules: &RuleSet, z: ItemId, t: &Ticket) -> Option<crate::i18n::Text> {
    let item = rules.item(z);
    let mut places: Vec<(crate::i18n::Text, &Cond)> = item
        .path
        .iter()
        .filter_map(|&m| {
            let name = &rules.matter(m).name;
            rules.matter(m).when.as_ref().map(|c| (crate::tr!("an-place-guard", matter = name), c))
        })
        .collect();
    if let Some(w) = &item.when {
        places.push((crate::tr!("an-place-item", item = item.name), w));
    }
    for (place, cond) in places {
        for atom in cond.atoms() {
            let Atom::Has { attr, keywords, .. } = atom else { continue };
            let Some(OwnedValue::Text(text)) = t.values().find(|(a, _)| a == attr).map(|(_, v)| v) else { continue };
            for k in keywords {
                let outer = text.split('，').find(|part| {
                    let folded = crate::fold::fold(part);
                    folded != k.folded && folded.contains(k.folded.as_str())
                });
                if let Some(outer) = outer {
                    return Some(crate::tr!("an-nested-keyword", keyword = k.raw, place = place, outer = outer));
                }
            }
        }
    }
    None
}
