//! The text form of a diff, as a reviewer reads it on a merge request.

use super::{ChangeKind, Diff, ItemChange, Replay};
use std::fmt::Write as _;

/// Renders a diff (and, when given, a replay) as text.
///
/// ```
/// let old = zeren::load::load_str("old.rules", "schema { text: text } department a department b item x { when text has \"k\" lead a }")?;
/// let new = zeren::load::load_str("new.rules", "schema { text: text } department a department b item x { when text has \"k\" lead b }")?;
/// let diff = zeren::diff::diff(&old, &new, &zeren::diff::Config::new());
/// let text = zeren::diff::render_text(&diff, None);
/// assert!(text.contains("~ item x\n    lead: a → b\n"));
/// assert!(text.contains("a → b"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_text(diff: &Diff, replay: Option<&Replay>) -> String {
    let mut out = String::new();
    for w in &diff.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    if !diff.warnings.is_empty() {
        out.push('\n');
    }
    if !diff.schema.is_empty() {
        let _ = writeln!(out, "schema:");
        for note in &diff.schema {
            let _ = writeln!(out, "  {note}");
        }
        out.push('\n');
    }
    if !diff.settings.is_empty() {
        let _ = writeln!(out, "settings:");
        for note in &diff.settings {
            let _ = writeln!(out, "  {note}");
        }
        out.push('\n');
    }
    if !diff.territory.is_empty() {
        let _ = writeln!(out, "territory map:");
        for p in &diff.territory {
            let place = p.place.as_deref().unwrap_or("otherwise");
            let dept = |d: &Option<String>| d.clone().unwrap_or_else(|| "(not listed)".to_string());
            let _ = writeln!(out, "  {place}: {} → {}", dept(&p.old), dept(&p.new));
        }
        out.push('\n');
    }
    if !diff.matters.is_empty() {
        changes(&mut out, "matter", &diff.matters);
        out.push('\n');
    }
    changes(&mut out, "item", &diff.items);
    out.push('\n');
    if diff.handovers.is_empty() {
        let _ = writeln!(out, "no ticket changes hands (searched with the solver, witnesses checked by routing)");
    } else {
        let _ = writeln!(
            out,
            "tickets that change hands: {} pair(s) of owners (found by the solver, checked by routing both versions)",
            diff.handovers.len()
        );
        for h in &diff.handovers {
            let side = |item: &Option<String>, method: crate::decision::Method| match item {
                Some(i) => format!("{i}, {method}"),
                None => method.to_string(),
            };
            let because = match h.because.as_slice() {
                [] => String::new(),
                [one] => format!("; only because of its {one}"),
                _ => "; only because of its date and place".to_string(),
            };
            let _ = writeln!(
                out,
                "  {} → {}  (old: {}; new: {}{because})",
                owner(&h.from),
                owner(&h.to),
                side(&h.old_item, h.old_method),
                side(&h.new_item, h.new_method)
            );
            let _ = writeln!(out, "    {}", h.witness);
        }
    }
    for note in &diff.skipped {
        let _ = writeln!(out, "note: {note}");
    }
    if let Some(r) = replay {
        out.push('\n');
        let _ = writeln!(out, "replayed {} ticket(s): {} change lead", r.tickets, r.changed);
        for p in &r.by_pair {
            let _ =
                writeln!(out, "  {} → {}  {}  (first at line {})", owner(&p.from), owner(&p.to), p.count, p.first_line);
        }
        if r.rejected_old + r.rejected_new > 0 {
            let _ = writeln!(
                out,
                "  rejected: {} by the old schema, {} by the new (not routed)",
                r.rejected_old, r.rejected_new
            );
        }
    }
    out
}

/// The count line and one entry per change, for items or matters.
fn changes(out: &mut String, what: &str, list: &[ItemChange]) {
    let count = |k: ChangeKind| list.iter().filter(|c| c.change == k).count();
    let _ = writeln!(
        out,
        "{what}s: {} added, {} removed, {} changed",
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Changed)
    );
    for c in list {
        match c.change {
            ChangeKind::Added => {
                let _ = writeln!(out, "+ {what} {} (lead {})", c.item, c.lead);
            }
            ChangeKind::Removed => {
                let _ = writeln!(out, "- {what} {} (lead {})", c.item, c.lead);
            }
            ChangeKind::Changed => {
                let _ = writeln!(out, "~ {what} {}", c.item);
                for f in &c.fields {
                    match f.field {
                        "condition" | "near" => {
                            let _ = writeln!(out, "    {}:\n      - {}\n      + {}", f.field, f.old, f.new);
                        }
                        "path" => {
                            let place = |p: &str| if p == "none" { "(top level)".to_string() } else { p.to_string() };
                            let _ = writeln!(out, "    moved: {} → {}", place(&f.old), place(&f.new));
                        }
                        _ => {
                            let _ = writeln!(out, "    {}: {} → {}", f.field, f.old, f.new);
                        }
                    }
                }
            }
        }
    }
}

fn owner(lead: &Option<String>) -> &str {
    lead.as_deref().unwrap_or("(nobody)")
}
