//! `overlap` (a single-topic ticket is disputed) and `mixed-topics` (a pair of
//! items only a ticket raising both topics can dispute).

use super::index::{beats, same_roles, Verdict};
use super::needs::{self, merge, Mentions, TooComplex};
use super::Cx;
use crate::decision::Method;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Atom, AttrId, CmpOp, Cond, ItemId, RuleSet, Value as IrValue};
use crate::logic::{Answer, Part};
use crate::ticket::{OwnedValue, Ticket};
use std::collections::{BTreeMap, BTreeSet};

/// Single-topic tickets kept per item for building `mixed-topics` witnesses.
const SAMPLES: usize = 3;

/// Routes every single-topic ticket of every item through SPEC §5 step 2;
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
            let cmps = item.effective.atoms().into_iter().filter_map(|atom| match atom {
                Atom::Cmp { attr, value, .. } => Some((*attr, *value)),
                _ => None,
            });
            cmps.collect()
        })
        .collect();
    for a in rules.item_ids() {
        let index = &mut cx.index;
        let mut thresholds = |attr: AttrId, base: &Ticket| {
            let mut probe = base.clone();
            let _ = probe.set(&rules.attrs, attr, OwnedValue::Number(0.0));
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
                        format!("too complex to analyse: item `{}`: {reason}", item.name),
                        &[(a, "this condition".to_string())],
                    )
                    .with_help("overlaps involving this item were not checked; split it into simpler items, or raise the analysis budget");
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
        let (nx, ny) = (&rules.item(x).name, &rules.item(y).name);
        // INVARIANT: reported only if routing shows the dispute.
        if d.method != Method::Disputed || !d.candidates.contains(nx) || !d.candidates.contains(ny) {
            continue;
        }
        cx.overlaps.insert(key);
        cx.disputed.get_or_insert_with(|| t.clone());
        let topic = &rules.item(a).name;
        let mut diag = cx.about_items(
            Severity::Error,
            Code::Overlap,
            format!("a ticket about one thing is disputed between `{nx}` and `{ny}`"),
            &[(x, cx.roles(x)), (y, cx.roles(y))],
        );
        diag.help = Some(format!(
            "the witness carries only what `{topic}` needs, and both items claim it; settle it with `priority`, `over`, or a narrower condition (one implying the other)"
        ));
        diag.witness = Some(cx.witness(&t));
        cx.out.push(diag);
    }
}

/// What an item's top-level conjuncts require of one attribute.
#[derive(Clone, Debug, PartialEq)]
enum Req {
    /// One of these symbol or bool values.
    Values(BTreeSet<String>),
    /// A number in this range: (low, low included, high, high included).
    Range(f64, bool, f64, bool),
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

fn compatible(a: &BTreeMap<AttrId, Req>, b: &BTreeMap<AttrId, Req>) -> bool {
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

/// Counts (and with `--mixed` lists) the pairs of disagreeing items that some
/// ticket meeting both leaves disputed, other than `overlap` pairs.
pub(super) fn mixed(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    let reqs: Vec<BTreeMap<AttrId, Req>> = rules.items.iter().map(|i| requirements(&i.effective)).collect();
    let (mut count, mut examined, mut truncated) = (0usize, 0usize, false);
    let mut listed = Vec::new();
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
        if let Some(w) = mixed_witness(cx, a, b) {
            count += 1;
            cx.disputed.get_or_insert_with(|| w.clone());
            if cx.config.list_mixed {
                listed.push((a, b, w));
            }
        }
    }
    for (a, b, w) in listed {
        let d = cx.route(&w);
        let (na, nb) = (&rules.item(a).name, &rules.item(b).name);
        if d.method != Method::Disputed || !d.candidates.contains(na) || !d.candidates.contains(nb) {
            continue;
        }
        let mut diag = cx.about_items(
            Severity::Note,
            Code::MixedTopics,
            format!("a ticket raising both `{na}` and `{nb}` is disputed"),
            &[(a, cx.roles(a)), (b, cx.roles(b))],
        );
        diag.witness = Some(cx.witness(&w));
        cx.out.push(diag);
    }
    if count > 0 || truncated {
        let at_least = if truncated { "at least " } else { "" };
        let mut message = format!(
            "{at_least}{count} pair(s) of items with different owners are disputed only by tickets that raise both topics at once (一单多诉); such tickets go to the coordinator by design"
        );
        if truncated {
            message
                .push_str(&format!(" (counting stopped after {} pairs: the analysis budget)", cx.config.mixed_budget));
        }
        cx.out.push(Diagnostic {
            severity: Severity::Note,
            code: Code::MixedTopics,
            message,
            labels: Vec::new(),
            help: Some("`zeren check --mixed` lists each pair with a witness ticket".to_string()),
            items: Vec::new(),
            witness: None,
        });
    }
}

/// A ticket meeting `a` and `b` that step 2 leaves disputed with both
/// remaining: first a union of their single-topic tickets, then the solver,
/// excluding in turn each item that beat `a` or `b` or settled the ticket
/// (counterexample-guided: only the items that actually interfere are
/// added to the query).
fn mixed_witness(cx: &mut Cx<'_, '_>, a: ItemId, b: ItemId) -> Option<Ticket> {
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
                    return Some(m);
                }
            }
        }
    }
    let mut excluded: Vec<ItemId> = Vec::new();
    for _ in 0..cx.config.rounds {
        let mut parts = vec![Part::Holds(ea), Part::Holds(eb)];
        parts.extend(excluded.iter().map(|&c| Part::Fails(&rules.item(c).effective)));
        let Answer::Yes(w) = cx.solver.satisfiable_all(rules, &parts) else {
            return None;
        };
        let (d, verdict) = cx.verdict(&w);
        let beaters: Vec<ItemId> = d
            .candidates
            .iter()
            .filter_map(|n| rules.item_id(n))
            .filter(|&c| beats(rules, c, a) || beats(rules, c, b))
            .collect();
        if !beaters.is_empty() {
            excluded.extend(beaters);
            continue;
        }
        match verdict {
            Verdict::Disputed(rem) if rem.contains(&a) && rem.contains(&b) => return Some(w),
            Verdict::Won(c) if c != a && c != b => excluded.push(c),
            _ => return None,
        }
    }
    None
}
