//! The text form of a diff, as a reviewer reads it on a merge request.

use super::{ChangeKind, Diff, ItemChange, Replay};
use crate::i18n::{Lang, Text};
use crate::tr;
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
    render_text_in(diff, replay, Lang::En)
}

/// [`render_text`] in `lang` (the schema, settings and warning notes, which
/// the diff carries as finished English text, stay English).
pub fn render_text_in(diff: &Diff, replay: Option<&Replay>, lang: Lang) -> String {
    let say = |t: Text| t.render(lang);
    let mut out = String::new();
    for w in &diff.warnings {
        let _ = writeln!(out, "{}", say(tr!("diff-warning", message = w)));
    }
    if !diff.warnings.is_empty() {
        out.push('\n');
    }
    if !diff.schema.is_empty() {
        let _ = writeln!(out, "{}", say(tr!("diff-schema")));
        for note in &diff.schema {
            let _ = writeln!(out, "  {note}");
        }
        out.push('\n');
    }
    if !diff.settings.is_empty() {
        let _ = writeln!(out, "{}", say(tr!("diff-settings")));
        for note in &diff.settings {
            let _ = writeln!(out, "  {note}");
        }
        out.push('\n');
    }
    if !diff.territory.is_empty() {
        let _ = writeln!(out, "{}", say(tr!("diff-territory")));
        for p in &diff.territory {
            let place = p.place.clone().unwrap_or_else(|| say(tr!("diff-otherwise")));
            let dept = |d: &Option<String>| d.clone().unwrap_or_else(|| say(tr!("diff-not-listed")));
            let _ = writeln!(out, "  {place}: {} → {}", dept(&p.old), dept(&p.new));
        }
        out.push('\n');
    }
    if !diff.matters.is_empty() {
        changes(&mut out, false, &diff.matters, lang);
        out.push('\n');
    }
    changes(&mut out, true, &diff.items, lang);
    out.push('\n');
    if diff.handovers.is_empty() {
        let _ = writeln!(out, "{}", say(tr!("diff-no-handover")));
    } else {
        let _ = writeln!(out, "{}", say(tr!("diff-handovers", pairs = diff.handovers.len())));
        for h in &diff.handovers {
            let side = |item: &Option<String>, method: crate::decision::Method| match item {
                Some(i) => format!("{i}, {method}"),
                None => method.to_string(),
            };
            let because = match h.because.as_slice() {
                [] => String::new(),
                [one] => say(tr!("diff-because-one", what = one.to_string())),
                _ => say(tr!("diff-because-both")),
            };
            let line = tr!(
                "diff-handover",
                from = owner(&h.from, lang),
                to = owner(&h.to, lang),
                old = side(&h.old_item, h.old_method),
                new = side(&h.new_item, h.new_method),
                because = because
            );
            let _ = writeln!(out, "  {}", say(line));
            let _ = writeln!(out, "    {}", h.witness);
        }
    }
    for note in &diff.skipped {
        let _ = writeln!(out, "{}", say(tr!("diff-note", message = note)));
    }
    if let Some(r) = replay {
        out.push('\n');
        let _ = writeln!(out, "{}", say(tr!("diff-replayed", tickets = r.tickets, changed = r.changed)));
        for p in &r.by_pair {
            let pair = tr!(
                "diff-replayed-pair",
                from = owner(&p.from, lang),
                to = owner(&p.to, lang),
                count = p.count,
                line = p.first_line
            );
            let _ = writeln!(out, "  {}", say(pair));
        }
        if r.rejected_old + r.rejected_new > 0 {
            let rejected = tr!("diff-rejected", old = r.rejected_old, new = r.rejected_new);
            let _ = writeln!(out, "  {}", say(rejected));
        }
    }
    out
}

/// The count line and one entry per change, for items or matters.
fn changes(out: &mut String, items: bool, list: &[ItemChange], lang: Lang) {
    let say = |t: Text| t.render(lang);
    let what = say(if items { tr!("diff-item") } else { tr!("diff-matter") });
    let count = |k: ChangeKind| list.iter().filter(|c| c.change == k).count();
    let counts = tr!(
        "diff-counts",
        items = items,
        added = count(ChangeKind::Added),
        removed = count(ChangeKind::Removed),
        changed = count(ChangeKind::Changed)
    );
    let _ = writeln!(out, "{}", say(counts));
    for c in list {
        match c.change {
            ChangeKind::Added => {
                let _ = writeln!(out, "+ {what} {} {}", c.item, say(tr!("diff-lead", lead = c.lead)));
            }
            ChangeKind::Removed => {
                let _ = writeln!(out, "- {what} {} {}", c.item, say(tr!("diff-lead", lead = c.lead)));
            }
            ChangeKind::Changed => {
                let _ = writeln!(out, "~ {what} {}", c.item);
                for f in &c.fields {
                    match f.field {
                        "condition" | "near" => {
                            let _ = writeln!(out, "    {}:\n      - {}\n      + {}", f.field, f.old, f.new);
                        }
                        "path" => {
                            let place = |p: &str| if p == "none" { say(tr!("diff-top-level")) } else { p.to_string() };
                            let moved = tr!("diff-moved", old = place(&f.old), new = place(&f.new));
                            let _ = writeln!(out, "    {}", say(moved));
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

fn owner(lead: &Option<String>, lang: Lang) -> String {
    lead.clone().unwrap_or_else(|| tr!("diff-nobody").render(lang))
}
