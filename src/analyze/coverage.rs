//! Findings about who can get which tickets: `unsatisfiable`, `shadowed`,
//! `gap`, `no-coordinator`, and `missing-basis`.

use super::index::{beats, same_roles, Verdict};
use super::Cx;
use crate::decision::{Decision, Method};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::eval::holds;
use crate::ir::{Cond, ItemId, MatterId};
use crate::logic::{Answer, Part};
use crate::ticket::Ticket;

/// Items no single-topic ticket was found for are asked of the solver.
pub(super) fn unsatisfiable(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    for a in rules.item_ids() {
        if cx.satisfiable[a.index()] {
            continue;
        }
        let item = rules.item(a);
        match cx.solver.satisfiable(rules, &item.effective) {
            Answer::Yes(_) => cx.satisfiable[a.index()] = true,
            Answer::No => {
                let d = cx
                    .about_items(
                        Severity::Warning,
                        Code::Unsatisfiable,
                        format!("no ticket can meet the condition of item `{}`", item.name),
                        &[(a, "never matches".to_string())],
                    )
                    .with_help("its `when` contradicts itself or an enclosing matter's guard; fix the condition or remove the item");
                cx.out.push(d);
            }
            Answer::TooComplex(reason) => {
                if !cx.limited[a.index()] {
                    cx.limited[a.index()] = true;
                    let d = cx.about_items(
                        Severity::Warning,
                        Code::Limit,
                        format!("too complex to analyse: item `{}`: {reason}", item.name),
                        &[(a, "this condition".to_string())],
                    );
                    cx.out.push(d);
                }
            }
        }
    }
}

/// Items that can match but were never seen winning: the solver looks for a
/// ticket they win, excluding each item that took the last witness.
pub(super) fn shadowed(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    for a in rules.item_ids() {
        // An item in a reported overlap already has a finding that says why
        // it loses its tickets.
        let in_overlap = cx.overlaps.iter().any(|&(x, y)| x == a || y == a);
        if !cx.satisfiable[a.index()] || cx.wins[a.index()] || cx.limited[a.index()] || in_overlap {
            continue;
        }
        let ea = &rules.item(a).effective;
        let mut excluded: Vec<ItemId> = rules.item_ids().filter(|&c| c != a && beats(rules, c, a)).collect();
        let mut first: Option<Ticket> = None;
        let mut never_wins = false;
        for _ in 0..cx.config.rounds {
            let mut parts = vec![Part::Holds(ea)];
            parts.extend(excluded.iter().map(|&c| Part::Fails(&rules.item(c).effective)));
            match cx.solver.satisfiable_all(rules, &parts) {
                Answer::No => {
                    never_wins = true;
                    break;
                }
                Answer::TooComplex(_) => break,
                Answer::Yes(w) => {
                    let taker = match cx.verdict(&w).1 {
                        Verdict::Won(c) if c == a => {
                            cx.wins[a.index()] = true;
                            break;
                        }
                        Verdict::Won(c) => c,
                        Verdict::Disputed(rem) => match rem.iter().find(|&&c| c != a && !same_roles(rules, a, c)) {
                            Some(&c) => c,
                            None => break,
                        },
                        Verdict::Empty => break,
                    };
                    first.get_or_insert(w);
                    excluded.push(taker);
                }
            }
        }
        if !never_wins {
            continue;
        }
        let witness = match first {
            Some(w) => Some(w),
            None => match cx.solver.satisfiable(rules, ea) {
                Answer::Yes(w) => Some(w),
                _ => None,
            },
        };
        let Some(w) = witness else { continue };
        let d = cx.route(&w);
        let name = &rules.item(a).name;
        // INVARIANT: the witness shows the item matching and losing.
        if d.item.as_ref() == Some(name) || !d.candidates.contains(name) {
            continue;
        }
        let mut labels = vec![(a, "can match, never wins".to_string())];
        let taker = d.item.as_deref().and_then(|n| rules.item_id(n));
        if let Some(t) = taker {
            labels.push((t, "takes its tickets".to_string()));
        }
        let mut diag = cx
            .about_items(
                Severity::Warning,
                Code::Shadowed,
                format!("item `{name}` can match tickets but never wins any"),
                &labels,
            )
            .with_help(format!("on the witness it {}; raise its `priority`, add `over`, or remove it", how(&d)));
        diag.witness = Some(cx.witness(&w));
        cx.out.push(diag);
    }
}

/// How a decision was reached, in words.
fn how(d: &Decision) -> String {
    match (d.method, &d.item) {
        (Method::Disputed, _) => format!("is disputed ({}) and goes to the coordinator", d.candidates.join(", ")),
        (Method::Unclaimed, _) => "goes unclaimed to the coordinator".to_string(),
        (Method::Residual, _) => {
            format!("falls to the residual owner of `{}`", d.path.last().cloned().unwrap_or_default())
        }
        (Method::Analogy, Some(i)) => format!("goes by analogy to `{i}`"),
        (_, Some(i)) => format!("goes to `{i}` ({})", d.method),
        (_, None) => format!("is decided by `{}`", d.method),
    }
}

/// Matters without any lead whose guard can hold while none of their items
/// matches, with a witness that routes outside the matter.
pub(super) fn gaps(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    for m in rules.matter_ids() {
        let matter = rules.matter(m);
        // A matter with an inherited lead has an enclosing residual owner that
        // catches whatever its items miss.
        let (None, Some(guard)) = (matter.lead, matter.guard.as_ref()) else {
            continue;
        };
        let inside: Vec<ItemId> = rules.item_ids().filter(|&i| rules.item(i).path.contains(&m)).collect();
        let mut fails: Vec<&Cond> = inside.iter().map(|&i| &rules.item(i).effective).collect();
        let mut found: Option<(Ticket, Decision)> = None;
        for _ in 0..cx.config.rounds {
            let mut parts = vec![Part::Holds(guard)];
            parts.extend(fails.iter().map(|c| Part::Fails(c)));
            let Answer::Yes(w) = cx.solver.satisfiable_all(rules, &parts) else {
                break;
            };
            let d = cx.route(&w);
            let in_matter = d.path.contains(&matter.name);
            let exclude: Option<&Cond> = match d.method {
                Method::Disputed | Method::Unclaimed => {
                    found = Some((w, d));
                    break;
                }
                Method::Analogy if !in_matter => {
                    found = Some((w, d));
                    break;
                }
                // A declared analogy (score 1) into the matter: look past it.
                Method::Analogy => near_of(cx, &d, &w),
                Method::Residual => {
                    d.path.last().and_then(|n| rules.matter_id(n)).and_then(|x| rules.matter(x).guard.as_ref())
                }
                _ => d.item.as_deref().and_then(|n| rules.item_id(n)).map(|i| &rules.item(i).effective),
            };
            match exclude {
                Some(c) => fails.push(c),
                None => break,
            }
        }
        let Some((w, d)) = found else { continue };
        let mut diag = gap_diagnostic(cx, m, &d);
        diag.items = vec![rules.matter(m).name.clone()];
        diag.witness = Some(cx.witness(&w));
        cx.out.push(diag);
    }
}

/// The `near` condition that gave a score-1 analogy, if that is what it was.
fn near_of<'r>(cx: &Cx<'r, '_>, d: &Decision, w: &Ticket) -> Option<&'r Cond> {
    let rules = cx.rules;
    let item = d.item.as_deref().and_then(|n| rules.item_id(n))?;
    let near = rules.item(item).near.as_ref()?;
    holds(rules, near, w).then_some(near)
}

fn gap_diagnostic(cx: &Cx<'_, '_>, m: MatterId, d: &Decision) -> Diagnostic {
    let name = &cx.rules.matter(m).name;
    cx.about_matter(
        Severity::Warning,
        Code::Gap,
        format!("matter `{name}` has no lead, and a ticket can meet its guard while none of its items matches"),
        m,
        "no `lead` catches what its items miss".to_string(),
    )
    .with_help(format!("the witness {}; give the matter a `lead` (主办兜底) or widen its items", how(d)))
}

/// Disputed or unclaimed tickets without a coordinator: the decision has no
/// lead at all.
pub(super) fn no_coordinator(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    if rules.coordinator.is_some() {
        return;
    }
    let mut tries: Vec<Ticket> = cx.disputed.iter().cloned().collect();
    tries.push(Ticket::default());
    let mut parts: Vec<Part<'_>> = Vec::new();
    for item in &rules.items {
        parts.push(Part::Fails(&item.effective));
        if let Some(near) = &item.near {
            parts.push(Part::Fails(near));
        }
    }
    for matter in &rules.matters {
        if let (true, Some(g)) = (matter.has_own_lead, &matter.guard) {
            parts.push(Part::Fails(g));
        }
    }
    for t in tries {
        if report_no_coordinator(cx, &t) {
            return;
        }
    }
    if let Answer::Yes(w) = cx.solver.satisfiable_all(rules, &parts) {
        report_no_coordinator(cx, &w);
    }
}

/// Reports `no-coordinator` with `t` as witness if it routes to no lead.
fn report_no_coordinator(cx: &mut Cx<'_, '_>, t: &Ticket) -> bool {
    let rules = cx.rules;
    let d = cx.route(t);
    if !matches!(d.method, Method::Disputed | Method::Unclaimed) || d.lead.is_some() {
        return false;
    }
    let items: Vec<(ItemId, String)> =
        d.candidates.iter().filter_map(|n| rules.item_id(n)).map(|id| (id, cx.roles(id))).collect();
    let what = if d.method == Method::Disputed { "disputed" } else { "unclaimed" };
    let mut diag = cx.about_items(Severity::Warning, Code::NoCoordinator, String::new(), &items);
    diag.message = format!("a ticket can be {what}, and no coordinator is declared to receive it");
    diag.help = Some(
        "declare one with `coordinator ID` (for example the city's social-governance service centre); such tickets now get no lead"
            .to_string(),
    );
    diag.witness = Some(cx.witness(t));
    cx.out.push(diag);
    true
}

/// Items whose basis, own or inherited, is empty.
pub(super) fn missing_basis(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    for a in rules.item_ids() {
        let item = rules.item(a);
        if item.basis.is_empty() {
            let d = cx
                .about_items(
                    Severity::Note,
                    Code::MissingBasis,
                    format!("item `{}` has no basis, its own or inherited", item.name),
                    &[(a, "no `basis`".to_string())],
                )
                .with_help("add `basis \"《…》\"` (the law or policy that assigns the duty) to the item or its matter");
            cx.out.push(d);
        }
    }
}
