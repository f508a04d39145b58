//! Findings about who can get which tickets: `unsatisfiable`, `shadowed`,
//! `gap` and `no-coordinator`.

use super::index::{beats, Verdict};
use super::refine::{self, Sought};
use super::Cx;
use crate::decision::{Decision, Method};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::eval::holds;
use crate::ir::{Cond, ItemId, MatterId};
use crate::logic::{Answer, Part};
use crate::matcher::reference::{Outcome, Owner};
use crate::ticket::Ticket;

/// Items no single-topic ticket was found for are asked of the solver.
pub(super) fn unsatisfiable(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    for a in rules.item_ids() {
        let item = rules.item(a);
        // An analogy-only item never matches by design (docs/spec.md §3).
        if cx.satisfiable[a.index()] || item.is_analogy_only() {
            continue;
        }
        match cx.solver.satisfiable(rules, &item.effective) {
            Answer::Yes(_) => cx.satisfiable[a.index()] = true,
            Answer::No => {
                let d = cx
                    .about_items(
                        Severity::Warning,
                        Code::Unsatisfiable,
                        crate::tr!("an-no-ticket-can-meet-the", item_name = item.name),
                        &[(a, "never matches".to_string())],
                    )
                    .with_help(crate::tr!("an-its-when-contradicts-itself-or"));
                cx.out.push(d);
            }
            Answer::TooComplex(reason) => {
                if !cx.limited[a.index()] {
                    cx.limited[a.index()] = true;
                    let d = cx.about_items(
                        Severity::Warning,
                        Code::Limit,
                        crate::tr!("an-too-complex-to-analyse-item", item_name = item.name, reason = reason),
                        &[(a, "this condition".to_string())],
                    );
                    cx.out.push(d);
                }
            }
        }
    }
}

/// Items that can match but were never seen winning: the solver looks for a
/// ticket they match and no item that beats them does, and each witness they
/// lose excludes exactly the tickets with its step-2 profile (`refine`), until
/// one is won (not shadowed), none is left (shadowed, proved), or the rounds
/// run out (`limit`).
pub(super) fn shadowed(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    let reqs = super::overlap::all_requirements(rules);
    for a in rules.item_ids() {
        // An item in a reported overlap already has a finding that says why
        // it loses its tickets.
        let in_overlap = cx.overlaps.iter().any(|&(x, y)| x == a || y == a);
        if !cx.satisfiable[a.index()] || cx.wins[a.index()] || cx.limited[a.index()] || in_overlap {
            continue;
        }
        let ea = &rules.item(a).effective;
        // Whenever an item that beats `a` matches, `a` is dropped: excluding
        // those tickets loses no ticket `a` wins.
        let beaten_by: Vec<&Cond> =
            rules.item_ids().filter(|&c| c != a && beats(rules, c, a)).map(|c| &rules.item(c).effective).collect();
        let watched: Vec<&Cond> = refine::step2_profile(rules, &[a])
            .into_iter()
            .filter(|&c| super::overlap::compatible(&reqs[a.index()], &reqs[c.index()]))
            .map(|c| &rules.item(c).effective)
            .collect();
        let mut blocks: Vec<Cond> = Vec::new();
        let mut first: Option<Ticket> = None;
        let outcome = loop {
            if blocks.len() >= cx.config.rounds {
                break Sought::Undecided(crate::tr!("an-reason-rounds", rounds = cx.config.rounds));
            }
            let mut parts = vec![Part::Holds(ea)];
            parts.extend(beaten_by.iter().map(|c| Part::Fails(c)));
            parts.extend(blocks.iter().map(Part::Holds));
            match cx.solver.satisfiable_all(rules, &parts) {
                Answer::No => break Sought::Never,
                Answer::TooComplex(reason) => break Sought::Undecided(reason),
                Answer::Yes(w) => {
                    if let Verdict::Won(c) = cx.verdict(&w).1 {
                        if c == a {
                            cx.wins[a.index()] = true;
                            break Sought::Found(w);
                        }
                    }
                    match refine::block(rules, &watched, &w) {
                        Some(b) => blocks.push(b),
                        None => break Sought::Never,
                    }
                    first.get_or_insert(w);
                }
            }
        };
        match outcome {
            Sought::Found(_) => continue,
            Sought::Undecided(reason) => {
                let name = &rules.item(a).name;
                let d = cx
                    .about_items(
                        Severity::Warning,
                        Code::Limit,
                        crate::tr!("an-too-complex-to-analyse-whether-2", name = name, reason = reason),
                        &[(a, "matches, not yet seen winning".to_string())],
                    )
                    .with_help(crate::tr!("an-shadowed-was-not-decided-for"));
                cx.out.push(d);
                continue;
            }
            Sought::Never => {}
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
        if d.item() == Some(a) || !d.candidate_items().contains(&a) {
            continue;
        }
        let mut labels = vec![(a, "can match, never wins".to_string())];
        if let Some(t) = d.item() {
            labels.push((t, "takes its tickets".to_string()));
        }
        let mut diag = cx
            .about_items(
                Severity::Warning,
                Code::Shadowed,
                crate::tr!("an-item-can-match-tickets-but", name = name),
                &labels,
            )
            .with_help(crate::tr!("an-on-the-witness-it-raise", how_d = how(&d.to_decision(rules))));
        diag.witness = Some(cx.witness(&w));
        cx.out.push(diag);
    }
}

/// How a decision was reached, in words.
fn how(d: &Decision) -> crate::i18n::Text {
    match (d.method, &d.item) {
        (Method::Disputed, _) => crate::tr!("an-how-disputed", candidates = d.candidates.join(", ")),
        (Method::Unclaimed, _) => crate::tr!("an-how-unclaimed"),
        (Method::Residual, _) => {
            crate::tr!("an-how-residual", matter = d.path.last().cloned().unwrap_or_default())
        }
        (Method::Analogy, Some(i)) => crate::tr!("an-how-analogy", item = i),
        (_, Some(i)) => crate::tr!("an-how-goes-to", item = i, method = d.method.to_string()),
        (_, None) => crate::tr!("an-how-decided-by", method = d.method.to_string()),
    }
}

/// Matters without any lead whose guard can hold while none of their items
/// matches, with a witness that routes outside the matter by analogy or to
/// the coordinator. Witnesses that route otherwise exclude exactly the
/// tickets that route like them (`refine`): their profile, and for a ticket
/// that reaches the nearest-item step, the truth of every atom.
pub(super) fn gaps(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    let mut watched: Option<(Vec<&Cond>, Vec<Cond>)> = None;
    for m in rules.matter_ids() {
        let matter = rules.matter(m);
        // A matter with an inherited lead has an enclosing residual owner that
        // catches whatever its items miss.
        let (None, Some(guard)) = (matter.lead, matter.guard.as_ref()) else {
            continue;
        };
        let (profile, atoms) = watched.get_or_insert_with(|| (refine::profile(rules), refine::atoms(rules)));
        let inside: Vec<ItemId> = rules.item_ids().filter(|&i| rules.item(i).path.contains(&m)).collect();
        let fails: Vec<&Cond> = inside.iter().map(|&i| &rules.item(i).effective).collect();
        let mut blocks: Vec<Cond> = Vec::new();
        let outcome = loop {
            if blocks.len() >= cx.config.rounds {
                break Sought::Undecided(crate::tr!("an-reason-rounds", rounds = cx.config.rounds));
            }
            let mut parts = vec![Part::Holds(guard)];
            parts.extend(fails.iter().map(|c| Part::Fails(c)));
            parts.extend(blocks.iter().map(Part::Holds));
            let w = match cx.solver.satisfiable_all(rules, &parts) {
                Answer::Yes(w) => w,
                Answer::No => break Sought::Never,
                Answer::TooComplex(reason) => break Sought::Undecided(reason),
            };
            let d = cx.route(&w);
            let in_matter = match d.owner {
                Owner::Item(i) => rules.item(i).path.contains(&m),
                Owner::Matter(n) => n == m || rules.matter(n).path.contains(&m),
                Owner::Coordinator => false,
            };
            let gap = match d.method {
                Method::Disputed | Method::Unclaimed => true,
                Method::Analogy => !in_matter,
                _ => false,
            };
            if gap {
                break Sought::Found(w);
            }
            // Step 2 reads the items (those below the candidates' lowest
            // priority never count); the nearest-item step every atom; the
            // others, the whole profile.
            let nearest = d.method == Method::Analogy && !profile.iter().any(|c| holds(rules, c, &w));
            let settled = matches!(d.method, Method::Direct | Method::Priority | Method::Specific);
            let on: Vec<&Cond> = if nearest {
                atoms.iter().collect()
            } else if settled {
                refine::step2_profile(rules, d.candidate_items())
                    .into_iter()
                    .map(|i| &rules.item(i).effective)
                    .collect()
            } else {
                profile.clone()
            };
            match refine::block(rules, &on, &w) {
                Some(b) => blocks.push(b),
                None => break Sought::Never,
            }
        };
        match outcome {
            Sought::Found(w) => {
                let d = cx.route(&w).to_decision(rules);
                let mut diag = gap_diagnostic(cx, m, &d);
                diag.items = vec![rules.matter(m).name.clone()];
                diag.witness = Some(cx.witness(&w));
                cx.out.push(diag);
            }
            Sought::Never => {}
            Sought::Undecided(reason) => {
                let d = cx
                    .about_matter(
                        Severity::Warning,
                        Code::Limit,
                        crate::tr!("an-too-complex-gap", matter = matter.name, reason = reason),
                        m,
                        crate::tr!("an-gap-not-decided"),
                    )
                    .with_help(crate::tr!("an-raise-the-analysis-budget-or"));
                cx.out.push(d);
            }
        }
    }
}

fn gap_diagnostic(cx: &Cx<'_, '_>, m: MatterId, d: &Decision) -> Diagnostic {
    let name = &cx.rules.matter(m).name;
    cx.about_matter(Severity::Warning, Code::Gap, crate::tr!("an-gap", name = name), m, crate::tr!("an-gap-label"))
        .with_help(crate::tr!("an-the-witness-give-the-matter", how_d = how(d)))
}

/// Disputed or unclaimed tickets without a coordinator: the decision has no
/// lead at all. A ticket disputed between items is an `overlap` or
/// `mixed-topics` witness, already found when one exists; what is left is
/// searched exactly (`refine`): a residual dispute between two matters with
/// their own lead, and an unclaimed ticket (no item, `near` or guarded
/// matter, and no nearest item at the threshold).
pub(super) fn no_coordinator(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    if rules.coordinator.is_some() {
        return;
    }
    if let Some(t) = cx.disputed.clone() {
        if report_no_coordinator(cx, &t) {
            return;
        }
    }
    let mut none: Vec<&Cond> = Vec::new();
    for item in &rules.items {
        none.push(&item.effective);
        none.extend(item.near.as_ref());
    }
    let owners: Vec<MatterId> =
        rules.matter_ids().filter(|&m| rules.matter(m).has_own_lead && rules.matter(m).guard.is_some()).collect();
    let guards: Vec<&Cond> = owners.iter().filter_map(|&m| rules.matter(m).guard.as_ref()).collect();
    let mut undecided: Option<crate::i18n::Text> = None;
    // Residual disputes: two innermost guarded matters that disagree.
    for (i, &m1) in owners.iter().enumerate() {
        for &m2 in owners.iter().skip(i + 1) {
            let (x, y) = (rules.matter(m1), rules.matter(m2));
            if x.path.contains(&m2)
                || y.path.contains(&m1)
                || (x.lead, &x.assists, &x.liaisons) == (y.lead, &y.assists, &y.liaisons)
            {
                continue;
            }
            let (Some(g1), Some(g2)) = (&x.guard, &y.guard) else { continue };
            let mut parts = vec![Part::Holds(g1), Part::Holds(g2)];
            parts.extend(none.iter().map(|c| Part::Fails(c)));
            match search(cx, &parts, &guards, |d| d.method == Method::Disputed) {
                Sought::Found(w) => {
                    report_no_coordinator(cx, &w);
                    return;
                }
                Sought::Never => {}
                Sought::Undecided(r) => undecided = Some(r),
            }
        }
    }
    // Unclaimed: nothing claims the ticket and no item is near enough.
    let atoms = refine::atoms(rules);
    let atom_refs: Vec<&Cond> = atoms.iter().collect();
    let mut parts: Vec<Part<'_>> = none.iter().map(|c| Part::Fails(c)).collect();
    parts.extend(guards.iter().map(|c| Part::Fails(c)));
    match search(cx, &parts, &atom_refs, |d| d.method == Method::Unclaimed) {
        Sought::Found(w) => {
            report_no_coordinator(cx, &w);
            return;
        }
        Sought::Never => {}
        Sought::Undecided(r) => undecided = Some(r),
    }
    if let Some(reason) = undecided {
        let d = Diagnostic::new(
            Severity::Warning,
            Code::Limit,
            rules.items.first().map(|i| i.span).unwrap_or_default(),
            crate::tr!("an-too-complex-to-analyse-whether", reason = reason),
        )
        .with_help(crate::tr!("an-no-coordinator-was-not-decided"));
        cx.out.push(d);
    }
}

/// A ticket meeting `parts` whose decision passes `wanted`; each witness
/// that does not excludes the tickets on which `watched` have its truths.
fn search(cx: &mut Cx<'_, '_>, parts: &[Part<'_>], watched: &[&Cond], wanted: impl Fn(&Outcome) -> bool) -> Sought {
    let rules = cx.rules;
    let mut blocks: Vec<Cond> = Vec::new();
    loop {
        if blocks.len() >= cx.config.rounds {
            return Sought::Undecided(crate::tr!("an-reason-rounds", rounds = cx.config.rounds));
        }
        let mut all = parts.to_vec();
        all.extend(blocks.iter().map(Part::Holds));
        let w = match cx.solver.satisfiable_all(rules, &all) {
            Answer::Yes(w) => w,
            Answer::No => return Sought::Never,
            Answer::TooComplex(reason) => return Sought::Undecided(reason),
        };
        if wanted(&cx.route(&w)) {
            return Sought::Found(w);
        }
        match refine::block(rules, watched, &w) {
            Some(b) => blocks.push(b),
            None => return Sought::Never,
        }
    }
}

/// Reports `no-coordinator` with `t` as witness if it routes to no lead.
fn report_no_coordinator(cx: &mut Cx<'_, '_>, t: &Ticket) -> bool {
    let d = cx.route(t);
    // Without a coordinator, a disputed or unclaimed ticket has no lead.
    if !matches!(d.method, Method::Disputed | Method::Unclaimed) || d.owner != Owner::Coordinator {
        return false;
    }
    let items: Vec<(ItemId, String)> = d.candidate_items().iter().map(|&id| (id, cx.roles(id))).collect();
    let what = if d.method == Method::Disputed { "disputed" } else { "unclaimed" };
    let mut diag = cx.about_items(Severity::Warning, Code::NoCoordinator, crate::i18n::Text::default(), &items);
    diag.message = crate::tr!("an-no-coordinator", what = what);
    diag.help = Some(crate::tr!("an-no-coordinator-help"));
    diag.witness = Some(cx.witness(t));
    cx.out.push(diag);
    true
}
