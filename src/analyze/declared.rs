//! Findings read off the declarations, about no ticket in particular:
//! `missing-basis`, `unused-department` and `expired` (docs/spec.md §8).

use super::Cx;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{DateRange, DeptId, RoleRef};
use crate::vocab::Date;

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

/// Departments that no role (of an item or matter, as resolved or as
/// written with `territory`), `territory` line or `coordinator` names: a
/// declaration left over, or a role clause that names the wrong id.
pub(super) fn unused_departments(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    let mut named = vec![false; rules.depts.len()];
    let mut name = |d: DeptId| {
        if let Some(n) = named.get_mut(d.index()) {
            *n = true;
        }
    };
    let written = |roles: &crate::ir::TerritorialRoles| -> Vec<DeptId> {
        let all = roles.lead.iter().chain(&roles.assists).chain(&roles.liaisons);
        all.filter_map(|r| match r {
            RoleRef::Dept(d) => Some(*d),
            RoleRef::Territory => None,
        })
        .collect()
    };
    for item in &rules.items {
        std::iter::once(item.lead)
            .chain(item.assists.iter().copied())
            .chain(item.liaisons.iter().copied())
            .for_each(&mut name);
        item.territorial.iter().flat_map(written).for_each(&mut name);
    }
    for matter in &rules.matters {
        matter
            .lead
            .into_iter()
            .chain(matter.assists.iter().copied())
            .chain(matter.liaisons.iter().copied())
            .for_each(&mut name);
        matter.territorial.iter().flat_map(written).for_each(&mut name);
    }
    if let Some(t) = &rules.territory {
        t.places.iter().map(|(_, d)| *d).chain(std::iter::once(t.otherwise)).for_each(&mut name);
    }
    rules.coordinator.into_iter().for_each(&mut name);
    for (dept, used) in rules.depts.iter().zip(named) {
        if used {
            continue;
        }
        let span = super::name_span(rules, dept.span, &dept.id);
        let d = Diagnostic::new(
            Severity::Warning,
            Code::UnusedDepartment,
            span,
            format!("department `{}` ({}) is declared but no role, `territory` line or `coordinator` names it", dept.id, dept.name),
        )
        .with_primary("never named")
        .with_help("name it in a `lead`, `assist` or `liaise` clause, or remove the declaration if the department no longer takes tickets");
        cx.out.push(d);
    }
}

/// Items and matters whose `effective` range ends before the clock's
/// default date: they route only tickets dated before then. A matter is
/// reported once for everything inside it.
pub(super) fn expired(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    let Some(clock) = &rules.clock else { return };
    let today = clock.default;
    let ended = |range: &Option<DateRange>| -> Option<Date> { range.and_then(|r| r.end).filter(|&end| end < today) };
    let help = |end: Date| {
        format!(
            "it routes only tickets dated {end} or earlier; keep it while such tickets are still judged, then remove it (or extend its range if the rule still applies)"
        )
    };
    for m in rules.matter_ids() {
        let matter = rules.matter(m);
        let Some(end) = ended(&matter.effective_range) else { continue };
        if matter.path.iter().any(|&p| p != m && ended(&rules.matter(p).effective_range).is_some()) {
            continue;
        }
        let d = cx
            .about_matter(
                Severity::Note,
                Code::Expired,
                format!("matter `{}` is no longer in force: its `effective` range ended on {end}, before the clock's date {today}", matter.name),
                m,
                format!("in force until {end}"),
            )
            .with_help(help(end));
        cx.out.push(d);
    }
    for a in rules.item_ids() {
        let item = rules.item(a);
        let Some(end) = ended(&item.effective_range) else { continue };
        if item.path.iter().any(|&p| ended(&rules.matter(p).effective_range).is_some()) {
            continue;
        }
        let d = cx
            .about_items(
                Severity::Note,
                Code::Expired,
                format!("item `{}` is no longer in force: its `effective` range ended on {end}, before the clock's date {today}", item.name),
                &[(a, format!("in force until {end}"))],
            )
            .with_help(help(end));
        cx.out.push(d);
    }
}
