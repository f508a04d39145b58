//! The account of one decision, for `zeren route --explain` and failing tests.
//! Allocates freely: it is never on the hot path.

use crate::decision::{Decision, Method};
use crate::ir::eval::{atom_holds, by_sound};
use crate::ir::print::atom_text;
use crate::ir::{DeptId, ItemId, RuleSet};
use crate::matcher::reference::Trace;
use crate::ticket::TicketSource;
use crate::vocab::quote;
use crate::why_not::guard_pitfalls;
use std::fmt::Write as _;

/// How many nearest-item scores `--explain` lists.
pub const TOP_SCORES: usize = 5;

/// A readable account of why `ticket` got `decision`: every candidate, the
/// step that decided and why, and for the nearest-item step the top scores
/// with the atoms that met or missed.
pub fn explain(rules: &RuleSet, ticket: &impl TicketSource, decision: &Decision, trace: &Trace) -> String {
    let mut out = String::new();
    let lead = match (&decision.lead, &decision.lead_name) {
        (Some(id), Some(name)) => format!("{name} ({id})"),
        _ => "nobody".to_string(),
    };
    let _ = writeln!(out, "decision: {lead}, method {}", decision.method);
    let _ = writeln!(out, "because:  {}", trace.reason);

    let _ = writeln!(out, "step 1, candidates:{}", if trace.candidates.is_empty() { " none" } else { "" });
    for &id in &trace.candidates {
        let item = rules.item(id);
        let kept = if trace.remaining.contains(&id) { "" } else { "  (removed by priority/over)" };
        let _ = writeln!(out, "  - {}  {}  priority {}{kept}", item.name, roles_text(rules, id), item.priority);
    }
    if decision.method == Method::Disputed && trace.remaining.len() > 1 {
        // What the contenders disagree on: the roles that are not the same for all.
        let items: Vec<&crate::ir::Item> = trace.remaining.iter().map(|&i| rules.item(i)).collect();
        let differs = |f: &dyn Fn(&crate::ir::Item) -> Vec<DeptId>| items.windows(2).any(|w| f(w[0]) != f(w[1]));
        let mut roles = Vec::new();
        if differs(&|i| vec![i.lead]) {
            roles.push("lead");
        }
        if differs(&|i| i.assists.clone()) {
            roles.push("assists");
        }
        if differs(&|i| i.liaisons.clone()) {
            roles.push("liaisons");
        }
        let _ = writeln!(out, "  the remaining candidates differ in: {}", roles.join(", "));
    }
    if trace.candidates.is_empty() {
        if !trace.near.is_empty() {
            let names: Vec<&str> = trace.near.iter().map(|&i| rules.item(i).name.as_str()).collect();
            let _ = writeln!(out, "step 3, `near` held for: {}", names.join(", "));
        } else if !trace.guarded_matters.is_empty() {
            let names: Vec<&str> = trace.guarded_matters.iter().map(|&m| rules.matter(m).name.as_str()).collect();
            let inner: Vec<&str> = trace.residual_matters.iter().map(|&m| rules.matter(m).name.as_str()).collect();
            let _ =
                writeln!(out, "step 4, guards held for matters: {}; innermost: {}", names.join(", "), inner.join(", "));
        } else if !trace.scores.is_empty() {
            let _ = writeln!(out, "step 5, nearest items (threshold {}):", rules.threshold);
            for &(id, s) in trace.scores.iter().take(TOP_SCORES) {
                let _ = writeln!(out, "  - {} {:.3}  {}", rules.item(id).name, s, atom_report(rules, id, ticket));
            }
        }
    }
    if !decision.basis.is_empty() {
        let _ = writeln!(out, "basis: {}", decision.basis.join("; "));
    }
    for p in guard_pitfalls(rules, ticket, decision) {
        let _ = writeln!(
            out,
            "note: the own condition of `{}` holds, but the guard of its matter `{}` does not ({}): \
             does the guard lack this item's words? (see \"The guard pitfall\" in the language reference)",
            rules.item(p.item).name,
            rules.matter(p.matter).name,
            p.guard
        );
    }
    out
}

/// "lead 市场监督管理局 (scjg) · assists 公安局 (gaj)": an item's roles with
/// the departments' display names.
fn roles_text(rules: &RuleSet, id: ItemId) -> String {
    let item = rules.item(id);
    let named = |ds: &[DeptId]| {
        ds.iter().map(|&d| format!("{} ({})", rules.dept(d).name, rules.dept(d).id)).collect::<Vec<_>>().join(", ")
    };
    let mut out = format!("lead {}", named(&[item.lead]));
    if !item.assists.is_empty() {
        let _ = write!(out, " · assists {}", named(&item.assists));
    }
    if !item.liaisons.is_empty() {
        let _ = write!(out, " · liaisons {}", named(&item.liaisons));
    }
    out
}

/// "met: text has 健身 · missed: venue = 健身房" for one item's conditions.
fn atom_report(rules: &RuleSet, id: ItemId, ticket: &impl TicketSource) -> String {
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
        let _ = write!(out, "met: {}", met.join(", "));
    }
    if !missed.is_empty() {
        let _ = write!(out, "{}missed: {}", if met.is_empty() { "" } else { " · " }, missed.join(", "));
    }
    if !sound.is_empty() {
        let _ = write!(out, " · by sound: {}", sound.join(", "));
    }
    out
}
