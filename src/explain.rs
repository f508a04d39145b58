//! The account of one decision, for `zeren route --explain` and failing tests.
//! Allocates freely: it is never on the hot path.

use crate::decision::{Decision, Method};
use crate::i18n::Lang;
use crate::ir::context::{Context, DateSource};
use crate::ir::eval::{atom_holds, by_sound};
use crate::ir::print::atom_text;
use crate::ir::{DeptId, ItemId, RuleSet};
use crate::matcher::reference::Trace;
use crate::ticket::TicketSource;
use crate::tr;
use crate::vocab::quote;
use crate::why_not::guard_pitfalls;
use std::fmt::Write as _;

/// How many nearest-item scores `--explain` lists.
pub const TOP_SCORES: usize = 5;

/// A readable account of why `ticket` got `decision`: every candidate, the
/// step that decided and why, and for the nearest-item step the top scores
/// with the atoms that met or missed.
pub fn explain(rules: &RuleSet, ticket: &impl TicketSource, decision: &Decision, trace: &Trace) -> String {
    explain_in(rules, ticket, decision, trace, Lang::En)
}

/// [`explain`] in `lang`.
pub fn explain_in(
    rules: &RuleSet,
    ticket: &impl TicketSource,
    decision: &Decision,
    trace: &Trace,
    lang: Lang,
) -> String {
    let say = |t: crate::i18n::Text| t.render(lang);
    let mut out = String::new();
    let lead = match (&decision.lead, &decision.lead_name) {
        (Some(id), Some(name)) => format!("{name} ({id})"),
        _ => say(tr!("explain-nobody")),
    };
    let _ = writeln!(out, "{}", say(tr!("explain-decision", lead = lead, method = decision.method.to_string())));
    let _ = writeln!(out, "{}", say(tr!("explain-because", reason = trace.reason)));
    let cx = Context { date: trace.date, place: trace.place };
    date_lines(&mut out, rules, trace);
    territory_lines(&mut out, rules, ticket, decision, trace);

    let step1 = if trace.candidates.is_empty() { tr!("explain-step1-none") } else { tr!("explain-step1") };
    let _ = writeln!(out, "{}", say(step1));
    for &id in &trace.candidates {
        let item = rules.item(id);
        let kept = if trace.remaining.contains(&id) { String::new() } else { say(tr!("explain-removed")) };
        let _ = writeln!(
            out,
            "  - {}  {}  {}{kept}",
            item.name,
            roles_text(rules, &cx, id, lang),
            say(tr!("explain-priority", priority = item.priority))
        );
    }
    if decision.method == Method::Disputed && trace.remaining.len() > 1 {
        // What the contenders disagree on: the roles that are not the same for all.
        let items: Vec<crate::ir::context::Roles> = trace.remaining.iter().map(|&i| cx.item_roles(rules, i)).collect();
        let differs =
            |f: &dyn Fn(&crate::ir::context::Roles) -> Vec<DeptId>| items.windows(2).any(|w| f(&w[0]) != f(&w[1]));
        let mut roles = Vec::new();
        if differs(&|i| i.lead.into_iter().collect()) {
            roles.push("lead");
        }
        if differs(&|i| i.assists.clone()) {
            roles.push("assists");
        }
        if differs(&|i| i.liaisons.clone()) {
            roles.push("liaisons");
        }
        let _ = writeln!(out, "  {}", say(tr!("explain-differ", roles = roles.join(", "))));
    }
    if trace.candidates.is_empty() {
        if !trace.near.is_empty() {
            let names: Vec<&str> = trace.near.iter().map(|&i| rules.item(i).name.as_str()).collect();
            let _ = writeln!(out, "{}", say(tr!("explain-step3", names = names.join(", "))));
        } else if !trace.guarded_matters.is_empty() {
            let names: Vec<&str> = trace.guarded_matters.iter().map(|&m| rules.matter(m).name.as_str()).collect();
            let inner: Vec<&str> = trace.residual_matters.iter().map(|&m| rules.matter(m).name.as_str()).collect();
            let _ = writeln!(out, "{}", say(tr!("explain-step4", names = names.join(", "), inner = inner.join(", "))));
        } else if !trace.scores.is_empty() {
            let _ = writeln!(out, "{}", say(tr!("explain-step5", threshold = rules.threshold)));
            for &(id, s) in trace.scores.iter().take(TOP_SCORES) {
                let _ = writeln!(out, "  - {} {:.3}  {}", rules.item(id).name, s, atom_report(rules, id, ticket, lang));
            }
        }
    }
    if !decision.split.is_empty() {
        let _ = writeln!(out, "{}", say(tr!("explain-split")));
        for part in &decision.split {
            let mut line = format!("  - {} → {} ({})", part.item, part.lead_name, part.lead);
            if !part.assists.is_empty() {
                let _ = write!(line, " · assists {}", part.assists.join(", "));
            }
            if !part.liaisons.is_empty() {
                let _ = write!(line, " · liaisons {}", part.liaisons.join(", "));
            }
            if let Some(d) = part.deadline {
                let _ = write!(line, " · deadline {d}");
            }
            let _ = writeln!(out, "{line}");
        }
    } else if decision.method == Method::Disputed && trace.remaining.len() > 1 {
        let _ = writeln!(out, "{}", say(tr!("explain-no-split")));
    }
    if let Some(d) = decision.deadline {
        let own = match decision.item.as_deref().and_then(|n| rules.item_id(n)) {
            Some(id) => rules.item(id).deadline,
            None => Some(d),
        };
        let line = if own == Some(d) {
            tr!("explain-deadline", deadline = d.to_string())
        } else {
            tr!("explain-deadline-shortest", deadline = d.to_string())
        };
        let _ = writeln!(out, "{}", say(line));
    }
    if !decision.basis.is_empty() {
        let _ = writeln!(out, "{}", say(tr!("explain-basis", basis = decision.basis.join("; "))));
    }
    for p in guard_pitfalls(rules, ticket, decision) {
        let note = tr!(
            "explain-guard-pitfall",
            item = rules.item(p.item).name,
            matter = rules.matter(p.matter).name,
            guard = p.guard.as_str()
        );
        let _ = writeln!(out, "{}", say(note));
    }
    out
}

/// The date the ticket was routed on, where it came from, and what it left
/// out (v2, docs/spec.md §5 "In force").
fn date_lines(out: &mut String, rules: &RuleSet, trace: &Trace) {
    let (Some(date), Some(clock)) = (trace.date, rules.clock.as_ref()) else { return };
    let attr = &rules.attribute(clock.attr).name;
    let from = match date.source {
        DateSource::Ticket => format!("the ticket's `{attr}`"),
        DateSource::AsOf => format!("--as-of; the ticket has no `{attr}`"),
        DateSource::Default => format!("the clock's default; the ticket has no `{attr}`"),
    };
    let _ = writeln!(out, "date:     {} ({from})", date.date);
    let (items, matters) = &trace.out_of_force;
    if !items.is_empty() || !matters.is_empty() {
        let names: Vec<String> = items
            .iter()
            .map(|&i| format!("item {}", rules.item(i).name))
            .chain(matters.iter().map(|&m| format!("matter {}", rules.matter(m).name)))
            .collect();
        let _ = writeln!(out, "not in force on {}, as if not declared: {}", date.date, names.join(", "));
    }
}

/// How the ticket's place resolved `territory` (v2, docs/spec.md §3), when a
/// role of the decision or of a candidate is territorial.
fn territory_lines(out: &mut String, rules: &RuleSet, ticket: &impl TicketSource, decision: &Decision, trace: &Trace) {
    let Some(t) = rules.territory.as_ref() else { return };
    let uses = |id: ItemId| rules.item(id).territorial.is_some();
    let winner = decision.item.as_deref().and_then(|n| rules.item_id(n));
    let matter = decision.path.last().and_then(|n| rules.matter_id(n)).filter(|_| decision.method == Method::Residual);
    let involved = winner.is_some_and(uses)
        || matter.is_some_and(|m| rules.matter(m).territorial.is_some())
        || trace.remaining.iter().any(|&i| uses(i));
    if !involved {
        return;
    }
    let attr = &rules.attribute(t.attr).name;
    let named = |d: DeptId| format!("{} ({})", rules.dept(d).name, rules.dept(d).id);
    let line = match (ticket.value(t.attr), trace.place) {
        (Some(crate::ticket::Value::Symbol(place)), Some(d)) => {
            format!("territory: {attr} = {place} → {}", named(d))
        }
        (Some(crate::ticket::Value::Symbol(place)), None) => format!(
            "territory: {attr} = {place} is not listed: `lead territory` goes to {} (otherwise), \
             `assist`/`liaise territory` add no one",
            named(t.otherwise)
        ),
        _ => format!(
            "territory: the ticket has no {attr}: `lead territory` goes to {} (otherwise), \
             `assist`/`liaise territory` add no one",
            named(t.otherwise)
        ),
    };
    let _ = writeln!(out, "{line}");
}

/// "lead 市场监督管理局 (scjg) · assists 公安局 (gaj)": an item's roles, as
/// resolved for the ticket, with the departments' display names.
fn roles_text(rules: &RuleSet, cx: &Context, id: ItemId, lang: Lang) -> String {
    let roles = cx.item_roles(rules, id);
    let named = |ds: &[DeptId]| {
        ds.iter().map(|&d| format!("{} ({})", rules.dept(d).name, rules.dept(d).id)).collect::<Vec<_>>().join(", ")
    };
    let lead: Vec<DeptId> = roles.lead.into_iter().collect();
    let mut out = tr!("explain-role-lead", depts = named(&lead)).render(lang);
    if !roles.assists.is_empty() {
        let _ = write!(out, " · {}", tr!("explain-role-assists", depts = named(&roles.assists)).render(lang));
    }
    if !roles.liaisons.is_empty() {
        let _ = write!(out, " · {}", tr!("explain-role-liaisons", depts = named(&roles.liaisons)).render(lang));
    }
    out
}

/// "met: text has 健身 · missed: venue = 健身房" for one item's conditions.
fn atom_report(rules: &RuleSet, id: ItemId, ticket: &impl TicketSource, lang: Lang) -> String {
    let item = rules.item(id);
    let mut atoms = item.effective.atoms();
    if let Some(near) = &item.near {
        atoms.extend(near.atoms());
    }
    let (mut met, mut missed, mut sound) = (Vec::new(), Vec::new(), Vec::new());
    for atom in atoms {
        let text = atom_text(rules, atom);
        if atom_holds(rules, atom, ticket) {
            met.push(text);
        } else {
            missed.push(text);
            // Keywords by sound (同音): which keyword, and the text that
            // sounded like it.
            for (k, run) in by_sound(rules, atom, ticket) {
                sound.push(format!("{} ≈ \"{run}\"", quote(&k.raw)));
            }
        }
    }
    let mut out = String::new();
    if !met.is_empty() {
        out.push_str(&tr!("explain-met", atoms = met.join(", ")).render(lang));
    }
    if !missed.is_empty() {
        let sep = if met.is_empty() { "" } else { " · " };
        let _ = write!(out, "{sep}{}", tr!("explain-missed", atoms = missed.join(", ")).render(lang));
    }
    if !sound.is_empty() {
        let _ = write!(out, " · {}", tr!("explain-by-sound", atoms = sound.join(", ")).render(lang));
    }
    out
}
