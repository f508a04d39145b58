//! The change listing of a diff: items and matters field by field, the
//! territory map place by place, the rule set's settings, and the warnings a
//! reviewer should act on (a version string left unchanged).

use super::{ChangeKind, FieldChange, ItemChange, PlaceChange};
use crate::ir::print::cond_text;
use crate::ir::{DateRange, DeptId, Item, Matter, MatterId, RoleRef, RuleSet, TerritorialRoles};

/// Department ids as a list: `[a, b]`.
fn ids(rules: &RuleSet, depts: &[DeptId]) -> String {
    format!("[{}]", depts.iter().map(|&d| rules.dept(d).id.as_str()).collect::<Vec<_>>().join(", "))
}

/// A role as written: a department id or `territory`.
fn role(rules: &RuleSet, r: RoleRef) -> String {
    match r {
        RoleRef::Dept(d) => rules.dept(d).id.clone(),
        RoleRef::Territory => "territory".to_string(),
    }
}

/// Lead, assists and liaisons as text; with `territory` where it was written
/// (the resolved lists hold only what a ticket with an unlisted place gets).
fn roles(
    rules: &RuleSet,
    lead: Option<DeptId>,
    assists: &[DeptId],
    liaisons: &[DeptId],
    territorial: Option<&TerritorialRoles>,
) -> [(&'static str, String); 3] {
    let none = || "none".to_string();
    match territorial {
        None => [
            ("lead", lead.map_or_else(none, |d| rules.dept(d).id.clone())),
            ("assists", ids(rules, assists)),
            ("liaisons", ids(rules, liaisons)),
        ],
        Some(t) => {
            let list =
                |rs: &[RoleRef]| format!("[{}]", rs.iter().map(|&r| role(rules, r)).collect::<Vec<_>>().join(", "));
            [
                ("lead", t.lead.map_or_else(none, |r| role(rules, r))),
                ("assists", list(&t.assists)),
                ("liaisons", list(&t.liaisons)),
            ]
        }
    }
}

/// The enclosing matters by name, outermost first: `预付卡退费 › 培训`;
/// `none` at the top level.
fn path_text(rules: &RuleSet, path: &[MatterId]) -> String {
    if path.is_empty() {
        return "none".to_string();
    }
    path.iter().map(|&m| rules.matter(m).name.as_str()).collect::<Vec<_>>().join(" › ")
}

/// The days a matter or item is in force: its own range cut by every
/// enclosing matter's (`always` when none applies; `never` when they do not
/// meet).
fn in_force(rules: &RuleSet, own: Option<DateRange>, path: &[MatterId]) -> String {
    let ranges = path.iter().filter_map(|&m| rules.matter(m).effective_range).chain(own);
    let mut cut: Option<DateRange> = None;
    for r in ranges {
        cut = Some(match cut {
            None => r,
            Some(c) => DateRange {
                start: c.start.max(r.start),
                end: match (c.end, r.end) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
            },
        });
    }
    match cut {
        None => "always".to_string(),
        Some(DateRange { start: Some(s), end: Some(e) }) if s > e => "never".to_string(),
        Some(r) => r.to_string(),
    }
}

fn strings(list: &[String]) -> String {
    format!("[{}]", list.iter().map(|s| crate::vocab::quote(s)).collect::<Vec<_>>().join(", "))
}

/// The strings of `list` that `inherited` does not hold: an item's or
/// matter's own basis, without what its matters give every item inside.
fn own<'a>(list: &'a [String], inherited: &[String]) -> Vec<String> {
    list.iter().filter(|s: &&'a String| !inherited.contains(s)).cloned().collect()
}

/// The fields of one item, as text, for comparison.
fn item_fields(rules: &RuleSet, item: &Item) -> Vec<(&'static str, String)> {
    let names = |ids: &[crate::ir::ItemId]| {
        format!("[{}]", ids.iter().map(|&i| rules.item(i).name.as_str()).collect::<Vec<_>>().join(", "))
    };
    let inherited = item.path.last().map_or(&[][..], |&m| rules.matter(m).basis.as_slice());
    let mut out = vec![
        ("path", path_text(rules, &item.path)),
        ("title", item.title.clone().unwrap_or_else(|| "none".to_string())),
    ];
    out.extend(roles(rules, Some(item.lead), &item.assists, &item.liaisons, item.territorial.as_ref()));
    out.extend([
        ("condition", cond_text(rules, &item.effective)),
        ("near", item.near.as_ref().map_or_else(|| "none".to_string(), |c| cond_text(rules, c))),
        ("priority", item.priority.to_string()),
        ("like", item.like.map_or_else(|| "none".to_string(), |l| rules.item(l).name.clone())),
        ("over", names(&item.over)),
        ("deadline", item.deadline.map_or_else(|| "none".to_string(), |d| d.to_string())),
        ("effective", in_force(rules, item.effective_range, &item.path)),
        ("basis", strings(&own(&item.basis, inherited))),
        ("note", strings(&item.notes)),
    ]);
    out
}

/// The fields of one matter, as text, for comparison. `lead` is its own
/// (the residual owner), `none` when it only passes an outer lead on.
fn matter_fields(rules: &RuleSet, matter: &Matter) -> Vec<(&'static str, String)> {
    let parents = &matter.path[..matter.path.len().saturating_sub(1)];
    let inherited = matter.parent.map_or(&[][..], |p| rules.matter(p).basis.as_slice());
    let own_lead = matter.lead.filter(|_| matter.has_own_lead);
    let mut out = vec![
        ("path", path_text(rules, parents)),
        ("title", matter.title.clone().unwrap_or_else(|| "none".to_string())),
    ];
    let territorial = matter.territorial.as_ref().filter(|_| matter.has_own_lead);
    out.extend(roles(rules, own_lead, &matter.assists, &matter.liaisons, territorial));
    out.extend([
        ("condition", matter.guard.as_ref().map_or_else(|| "none".to_string(), |c| cond_text(rules, c))),
        ("deadline", matter.deadline.map_or_else(|| "none".to_string(), |d| d.to_string())),
        ("effective", in_force(rules, matter.effective_range, parents)),
        ("basis", strings(&own(&matter.basis, inherited))),
        ("note", strings(&matter.notes)),
    ]);
    out
}

fn changed(old: Vec<(&'static str, String)>, new: Vec<(&'static str, String)>) -> Vec<FieldChange> {
    old.into_iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange { field, old, new })
        .collect()
}

/// Item changes: removed (old order), then added and changed (new order).
pub(super) fn items(old: &RuleSet, new: &RuleSet) -> Vec<ItemChange> {
    // The lead as written (`territory` included).
    let lead = |rules: &RuleSet, item: &Item| {
        let lead = roles(rules, Some(item.lead), &[], &[], item.territorial.as_ref());
        lead.into_iter().next().map(|f| f.1).unwrap_or_default()
    };
    let mut out = Vec::new();
    for item in &old.items {
        if new.item_id(&item.name).is_none() {
            let lead = lead(old, item);
            out.push(ItemChange { item: item.name.clone(), change: ChangeKind::Removed, lead, fields: Vec::new() });
        }
    }
    for item in &new.items {
        let lead = lead(new, item);
        let Some(before) = old.item_id(&item.name).map(|i| old.item(i)) else {
            out.push(ItemChange { item: item.name.clone(), change: ChangeKind::Added, lead, fields: Vec::new() });
            continue;
        };
        let fields = changed(item_fields(old, before), item_fields(new, item));
        if !fields.is_empty() {
            out.push(ItemChange { item: item.name.clone(), change: ChangeKind::Changed, lead, fields });
        }
    }
    out
}

/// Matter changes, in the same form as items' (`lead` is the matter's own
/// lead, `none` when it has none).
pub(super) fn matters(old: &RuleSet, new: &RuleSet) -> Vec<ItemChange> {
    let lead = |rules: &RuleSet, m: &Matter| {
        let own = m.lead.filter(|_| m.has_own_lead);
        let lead = roles(rules, own, &[], &[], m.territorial.as_ref().filter(|_| m.has_own_lead));
        lead.into_iter().next().map(|f| f.1).unwrap_or_default()
    };
    let mut out = Vec::new();
    for m in &old.matters {
        if new.matter_id(&m.name).is_none() {
            out.push(ItemChange {
                item: m.name.clone(),
                change: ChangeKind::Removed,
                lead: lead(old, m),
                fields: vec![],
            });
        }
    }
    for m in &new.matters {
        let Some(before) = old.matter_id(&m.name).map(|id| old.matter(id)) else {
            out.push(ItemChange {
                item: m.name.clone(),
                change: ChangeKind::Added,
                lead: lead(new, m),
                fields: vec![],
            });
            continue;
        };
        let fields = changed(matter_fields(old, before), matter_fields(new, m));
        if !fields.is_empty() {
            out.push(ItemChange { item: m.name.clone(), change: ChangeKind::Changed, lead: lead(new, m), fields });
        }
    }
    out
}

/// The territory map place by place (`place: None` is `otherwise`), in the
/// new map's order, then the places only the old one lists.
pub(super) fn territory(old: &RuleSet, new: &RuleSet) -> Vec<PlaceChange> {
    let dept = |rules: &RuleSet, d: Option<DeptId>| d.map(|d| rules.dept(d).id.clone());
    let (a, b) = (old.territory.as_ref(), new.territory.as_ref());
    let mut places: Vec<&str> = b.iter().flat_map(|t| t.places.iter().map(|(p, _)| p.as_str())).collect();
    for (p, _) in a.iter().flat_map(|t| &t.places) {
        if !places.contains(&p.as_str()) {
            places.push(p);
        }
    }
    let mut out: Vec<PlaceChange> = places
        .into_iter()
        .map(|p| PlaceChange {
            place: Some(p.to_string()),
            old: dept(old, a.and_then(|t| t.dept_of(p))),
            new: dept(new, b.and_then(|t| t.dept_of(p))),
        })
        .filter(|c| c.old != c.new)
        .collect();
    let otherwise =
        PlaceChange { place: None, old: dept(old, a.map(|t| t.otherwise)), new: dept(new, b.map(|t| t.otherwise)) };
    if otherwise.old != otherwise.new {
        out.push(otherwise);
    }
    out
}

/// The rule set's own settings in words: coordinator, territory attribute,
/// clock, fallback.
pub(super) fn settings(old: &RuleSet, new: &RuleSet) -> Vec<String> {
    let mut out = Vec::new();
    let mut note = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{what}: {a} → {b}"));
        }
    };
    let coordinator = |r: &RuleSet| r.coordinator.map_or_else(|| "none".to_string(), |c| r.dept(c).id.clone());
    note("coordinator", coordinator(old), coordinator(new));
    let place =
        |r: &RuleSet| r.territory.as_ref().map_or_else(|| "none".to_string(), |t| r.attribute(t.attr).name.clone());
    note("territory attribute", place(old), place(new));
    let clock = |r: &RuleSet| {
        r.clock
            .as_ref()
            .map_or_else(|| "none".to_string(), |c| format!("{} default {}", r.attribute(c.attr).name, c.default))
    };
    note("clock", clock(old), clock(new));
    let fallback = |r: &RuleSet| {
        if !r.has_fallback {
            return "none".to_string();
        }
        match r.homophone {
            Some(w) => format!("nearest threshold {} homophone {w}", r.threshold),
            None => format!("nearest threshold {}", r.threshold),
        }
    };
    note("fallback", fallback(old), fallback(new));
    out
}

/// "The version string is unchanged" when both versions carry the same one
/// and anything a decision depends on changed: decisions name the list's
/// version, and two different lists under one name cannot be told apart
/// afterwards.
pub(super) fn version_warning(old: &RuleSet, new: &RuleSet, changed: bool) -> Option<String> {
    let v = old.version.as_ref().filter(|v| Some(*v) == new.version.as_ref())?;
    changed.then(|| {
        format!(
            "the version is still {} although the rules changed: raise it so decisions tell the two lists apart",
            crate::vocab::quote(v)
        )
    })
}
