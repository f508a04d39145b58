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
                    crate::tr!("an-item-has-no-basis-its", item_name = item.name),
                    &[(a, "no `basis`".to_string())],
                )
                .with_help(crate::tr!("an-add-basis-the-law-or"));
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
            crate::tr!("an-department-is-declared-but-no", dept_id = dept.id, dept_name = dept.name),
        )
        .with_primary(crate::tr!("an-never-named"))
        .with_help(crate::tr!("an-name-it-in-a-lead"));
        cx.out.push(d);
    }
}

/// `unsatisfiable` for an item that is in force on no date at all: its own
/// `effective` range and its matters' do not meet, so whatever its
/// condition, it never routes a ticket (docs/spec.md §5 "In force"). The
/// per-epoch passes never see it (it is in force in no epoch).
pub(super) fn never_in_force(cx: &mut Cx<'_, '_>) {
    let rules = cx.rules;
    for a in rules.item_ids() {
        let item = rules.item(a);
        if item.is_analogy_only() {
            continue;
        }
        let ranges = item
            .effective_range
            .iter()
            .chain(item.path.iter().filter_map(|&m| rules.matter(m).effective_range.as_ref()));
        let (mut start, mut end): (Option<Date>, Option<Date>) = (None, None);
        for r in ranges {
            start = start.max(r.start);
            end = match (end, r.end) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let (Some(start), Some(end)) = (start, end) else { continue };
        if start <= end {
            continue;
        }
        let d = cx
            .about_items(
                Severity::Warning,
                Code::Unsatisfiable,
                crate::tr!("an-never-in-force", item_name = item.name),
                &[(a, "never in force".to_string())],
            )
            .with_help(crate::tr!("an-never-in-force-help", start = start.to_string(), end = end.to_string()));
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
    let help = |end: Date| crate::tr!("an-expired-help", end = end.to_string());
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
                crate::tr!(
                    "an-matter-is-no-longer-in",
                    matter_name = matter.name,
                    end = end.to_string(),
                    today = today.to_string()
                ),
                m,
                crate::tr!("an-in-force-until", end = end.to_string()),
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
                crate::tr!(
                    "an-item-is-no-longer-in",
                    item_name = item.name,
                    end = end.to_string(),
                    today = today.to_string()
                ),
                &[(a, format!("in force until {end}"))],
            )
            .with_help(help(end));
        cx.out.push(d);
    }
}
