//! Departments in their roles (docs/spec.md §3 "Resolution"): own clauses, `like`
//! targets in dependency order, inheritance from enclosing matters, one role
//! per department; basis lists; the `over` relation, transitively closed.

use super::graph::{self, Edges};
use super::names::{unknown, unknown_dept, unknown_item, Clauses, Decls, NodeRef};
use super::Diags;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Deadline, DeptId, ItemId, RoleRef, TerritorialRoles};
use crate::syntax::ast::{Ident, Role};

/// A block's own role clauses, resolved to ids.
#[derive(Clone, Debug, Default)]
struct Own {
    /// `Some(None)`: a `lead` clause naming an unknown department.
    lead: Option<Option<RoleRef>>,
    assists: Option<Vec<RoleRef>>,
    liaisons: Option<Vec<RoleRef>>,
    deadline: Option<Deadline>,
}

/// Roles before the one-role-per-department removal (what is inherited).
#[derive(Clone, Debug, Default)]
pub(super) struct Raw {
    lead: Option<RoleRef>,
    assists: Option<Vec<RoleRef>>,
    liaisons: Option<Vec<RoleRef>>,
    deadline: Option<Deadline>,
    /// The lead is missing because of an error already reported.
    broken: bool,
}

/// Final roles of a matter or item.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Roles {
    pub lead: Option<DeptId>,
    pub assists: Vec<DeptId>,
    pub liaisons: Vec<DeptId>,
    pub basis: Vec<String>,
    /// The deadline (v2), inherited like the lead.
    pub deadline: Option<Deadline>,
    /// The roles as inherited, when `territory` is among them (v2).
    pub territorial: Option<TerritorialRoles>,
    /// The lead is missing because of an error already reported.
    pub broken: bool,
}

/// Everything resolved here.
pub(super) struct Resolved {
    pub matters: Vec<Roles>,
    pub items: Vec<Roles>,
    pub likes: Vec<Option<ItemId>>,
    pub over: Vec<Vec<ItemId>>,
    /// Per item, the items its own `over` names (matters expanded), sorted.
    pub over_declared: Vec<Vec<ItemId>>,
}

/// Resolves roles, `like`, basis and `over` for every matter and item.
/// `otherwise` is the `territory` block's department for an unlisted place
/// (`None` when there is no block, or its `otherwise` is unknown).
pub(super) fn resolve(diags: &mut Diags, d: &Decls<'_>, otherwise: Option<DeptId>) -> Resolved {
    // Own clauses, in declaration order so errors come out in source order.
    let matter_own: Vec<Own> = d.matters.iter().map(|m| own(diags, d, &m.clauses)).collect();
    let item_own: Vec<Own> = d.items.iter().map(|i| own(diags, d, &i.clauses)).collect();

    // Matters: parents come before children.
    let mut raw_m: Vec<Raw> = Vec::with_capacity(d.matters.len());
    let mut matters: Vec<Roles> = Vec::with_capacity(d.matters.len());
    for (m, own) in d.matters.iter().zip(&matter_own) {
        let parent = m.parent.and_then(|p| raw_m.get(p.index())).cloned().unwrap_or_default();
        let parent_basis = m.parent.and_then(|p| matters.get(p.index())).map(|r| r.basis.clone()).unwrap_or_default();
        let raw = Raw {
            lead: match own.lead {
                Some(l) => l,
                None => parent.lead,
            },
            broken: match own.lead {
                Some(l) => l.is_none(),
                None => parent.broken,
            },
            assists: own.assists.clone().or(parent.assists),
            liaisons: own.liaisons.clone().or(parent.liaisons),
            deadline: own.deadline.or(parent.deadline),
        };
        let basis = dedup(m.clauses.basis.iter().map(|s| s.value.clone()).chain(parent_basis));
        matters.push(finish(&raw, basis, otherwise));
        raw_m.push(raw);
    }

    let likes = like_targets(diags, d);
    let items = items(diags, d, &item_own, &raw_m, &matters, &likes, otherwise);
    let (over, over_declared) = over(diags, d);
    Resolved {
        matters,
        items,
        likes: likes.iter().map(|l| l.filter(|t| t.valid).map(|t| t.id)).collect(),
        over,
        over_declared,
    }
}

/// A resolved `like` target; `valid` is false inside a cycle.
#[derive(Clone, Copy)]
struct Like {
    id: ItemId,
    valid: bool,
}

fn like_targets(diags: &mut Diags, d: &Decls<'_>) -> Vec<Option<Like>> {
    let mut likes: Vec<Option<Like>> = Vec::with_capacity(d.items.len());
    for item in &d.items {
        let target = item.clauses.like.and_then(|name| match d.nodes.get(&name.text) {
            Some((NodeRef::Item(id), _)) => Some(Like { id: *id, valid: true }),
            Some((NodeRef::Matter(_), _)) => {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownName,
                        name.span,
                        crate::tr!("roles-like-needs-an-item-but", name = name.text),
                    )
                    .with_primary(crate::tr!("cases-a-matter"))
                    .with_help(crate::tr!("roles-name-one-of-the-matter")),
                );
                None
            }
            None => {
                unknown_item(diags, d, name, crate::tr!("roles-like-names-an-item"));
                None
            }
        });
        likes.push(target);
    }
    likes
}

/// The `like` graph's components, dependencies first; cycles reported.
fn like_order(diags: &mut Diags, d: &Decls<'_>, likes: &mut [Option<Like>]) -> Vec<usize> {
    let edges: Edges = d
        .items
        .iter()
        .zip(likes.iter())
        .map(|(item, l)| match (l, item.clauses.like) {
            (Some(t), Some(name)) => vec![(t.id.index(), name.span)],
            _ => Vec::new(),
        })
        .collect();
    let mut order = Vec::with_capacity(d.items.len());
    for comp in graph::sccs(&edges) {
        if graph::is_cycle(&comp, &edges) {
            let steps = graph::cycle_path(&comp, &edges);
            let name = |i: usize| d.items.get(i).map_or("?", |x| x.name.text.as_str());
            let chain: Vec<&str> =
                steps.iter().map(|(from, _)| name(*from)).chain(steps.first().map(|s| name(s.0))).collect();
            if let Some(((first, span), rest)) = steps.split_first() {
                let mut diag = Diagnostic::error(
                    Code::Cycle,
                    *span,
                    crate::tr!("roles-like-leads-back-to", name_first = name(*first), chain_join = chain.join(" → ")),
                )
                .with_primary(crate::tr!("roles-is-like-this", name_first = name(*first)))
                .with_help(crate::tr!("roles-an-item-cannot-borrow-its"));
                for (from, s) in rest {
                    diag = diag.with_label(*s, crate::tr!("roles-is-like-this-2", name_from = name(*from)));
                }
                diags.push(diag);
            }
            for &i in &comp {
                if let Some(Some(l)) = likes.get_mut(i) {
                    l.valid = false;
                }
            }
        }
        order.extend(comp);
    }
    order
}

fn items(
    diags: &mut Diags,
    d: &Decls<'_>,
    own: &[Own],
    raw_m: &[Raw],
    matters: &[Roles],
    likes: &[Option<Like>],
    otherwise: Option<DeptId>,
) -> Vec<Roles> {
    let mut likes = likes.to_vec();
    let order = like_order(diags, d, &mut likes);
    // The roles as inherited (before one role per department), which is
    // what `like` borrows when `territory` is among them: a borrowed
    // `territory` is resolved for the borrowing item's ticket (docs/spec.md §8a).
    let mut done: Vec<Option<(Roles, Raw)>> = vec![None; d.items.len()];
    for i in order {
        let (Some(item), Some(own)) = (d.items.get(i), own.get(i)) else {
            continue;
        };
        let parent = item.parent.and_then(|p| raw_m.get(p.index())).cloned().unwrap_or_default();
        let parent_basis =
            item.parent.and_then(|p| matters.get(p.index())).map(|r| r.basis.clone()).unwrap_or_default();
        let like = likes.get(i).copied().flatten();
        // A target in a cycle lends nothing, and its item's missing lead is
        // not reported again.
        let broken_target = || (Roles { broken: true, ..Roles::default() }, Raw { broken: true, ..Raw::default() });
        let target: Option<(Roles, Raw)> = match like {
            Some(Like { id, valid: true }) => done.get(id.index()).cloned().flatten(),
            Some(Like { valid: false, .. }) => Some(broken_target()),
            // An unknown target is reported already.
            None if item.clauses.like.is_some() => Some(broken_target()),
            None => None,
        };
        // A target's *final* values (docs/spec.md §3); with `territory` among
        // them, its values as inherited, so territory resolves per ticket.
        let lent = target.as_ref().map(|(t, raw)| match &t.territorial {
            Some(w) => (w.lead, w.assists.clone(), w.liaisons.clone(), t.deadline, raw.broken),
            None => (
                t.lead.map(RoleRef::Dept),
                t.assists.iter().copied().map(RoleRef::Dept).collect(),
                t.liaisons.iter().copied().map(RoleRef::Dept).collect(),
                t.deadline,
                t.broken,
            ),
        });
        let (lead, broken) = match (own.lead, &lent) {
            (Some(l), _) => (l, l.is_none()),
            (None, Some(t)) => (t.0, t.4),
            (None, None) => (parent.lead, parent.broken),
        };
        let assists = own.assists.clone().or_else(|| lent.as_ref().map(|t| t.1.clone())).or(parent.assists);
        let liaisons = own.liaisons.clone().or_else(|| lent.as_ref().map(|t| t.2.clone())).or(parent.liaisons);
        let deadline = match (own.deadline, &lent) {
            (Some(dl), _) => Some(dl),
            (None, Some(t)) => t.3,
            (None, None) => parent.deadline,
        };
        let own_basis: Vec<String> = item.clauses.basis.iter().map(|s| s.value.clone()).collect();
        let first = match (&target, own_basis.is_empty()) {
            (Some((t, _)), true) => t.basis.clone(),
            _ => own_basis,
        };
        let basis = dedup(first.into_iter().chain(parent_basis));
        let raw = Raw { lead, assists, liaisons, deadline, broken };
        let roles = finish(&raw, basis, otherwise);
        if roles.lead.is_none() && !roles.broken {
            diags.push(
                Diagnostic::error(
                    Code::NoLead,
                    item.name.span,
                    crate::tr!("roles-item-has-no-lead-department", item_name = item.name.text),
                )
                .with_primary(crate::tr!("roles-no-lead"))
                .with_help(crate::tr!("roles-every-item-has-exactly-one")),
            );
        }
        if let Some(slot) = done.get_mut(i) {
            *slot = Some((roles, raw));
        }
    }
    done.into_iter().map(|r| r.map(|(roles, _)| roles).unwrap_or_default()).collect()
}

/// One role per department: the lead leaves the assists and liaisons, the
/// assists leave the liaisons; repeats are kept once. `territory` stands for
/// a place that is missing or not listed: the lead is the `otherwise`
/// department and a territorial assist or liaison is nobody; the roles as
/// inherited are kept beside, for routing to resolve per ticket.
fn finish(raw: &Raw, basis: Vec<String>, otherwise: Option<DeptId>) -> Roles {
    let is_territory = |r: &RoleRef| *r == RoleRef::Territory;
    let territorial = (raw.lead == Some(RoleRef::Territory)
        || raw.assists.iter().flatten().any(is_territory)
        || raw.liaisons.iter().flatten().any(is_territory))
    .then(|| TerritorialRoles {
        lead: raw.lead,
        assists: dedup(raw.assists.iter().flatten().copied()),
        liaisons: dedup(raw.liaisons.iter().flatten().copied()),
    });
    let dept = |r: &RoleRef| match r {
        RoleRef::Dept(d) => Some(*d),
        RoleRef::Territory => None,
    };
    let lead = match raw.lead {
        Some(RoleRef::Territory) => otherwise,
        l => l.as_ref().and_then(dept),
    };
    // An unknown `otherwise` department is reported already.
    let broken = raw.broken || (raw.lead == Some(RoleRef::Territory) && otherwise.is_none());
    let assists: Vec<DeptId> = dedup(raw.assists.iter().flatten().filter_map(dept).filter(|a| Some(*a) != lead));
    let liaisons: Vec<DeptId> =
        dedup(raw.liaisons.iter().flatten().filter_map(dept).filter(|a| Some(*a) != lead && !assists.contains(a)));
    Roles { lead, assists, liaisons, basis, deadline: raw.deadline, territorial, broken }
}

fn dedup<T: PartialEq>(it: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for x in it {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// A block's own `lead`, `assist` and `liaise`, with unknown departments and
/// role conflicts reported.
fn own(diags: &mut Diags, d: &Decls<'_>, c: &Clauses<'_>) -> Own {
    let lead = c.lead.map(|r| role(diags, d, r));
    let assists = c.assist.map(|rs| rs.iter().filter_map(|r| role(diags, d, r)).collect::<Vec<_>>());
    let liaisons = c.liaise.map(|rs| rs.iter().filter_map(|r| role(diags, d, r)).collect::<Vec<_>>());
    // Role conflicts, reported at the later role in clause order. The words
    // are compared as written: `territory` twice conflicts, `territory` and
    // a department id do not (docs/spec.md §3 "Territorial roles").
    let known = |r: &Role| match r {
        Role::Dept(id) => d.dept_ids.contains_key(&id.text),
        Role::Territory(_) => d.territory.is_some(),
    };
    let lead_role = c.lead.filter(|_| matches!(lead, Some(Some(_))));
    let mut conflicts: Vec<Diagnostic> = Vec::new();
    for (what, list) in
        [(crate::tr!("roles-lead-and-assist"), c.assist), (crate::tr!("roles-lead-and-liaison"), c.liaise)]
    {
        for r in list.unwrap_or(&[]) {
            if let Some(l) = lead_role.filter(|l| same_word(l, r)) {
                conflicts.push(conflict(r, what.clone(), l, crate::tr!("roles-the-lead-here")));
            }
        }
    }
    for r in c.liaise.unwrap_or(&[]) {
        if let Some(a) = c.assist.unwrap_or(&[]).iter().find(|a| same_word(a, r) && known(a)) {
            conflicts.push(conflict(r, crate::tr!("roles-assist-and-liaison"), a, crate::tr!("roles-an-assist-here")));
        }
    }
    conflicts.sort_by_key(|c| c.span().map(|s| (s.file, s.start)));
    diags.extend(conflicts);
    let deadline = c
        .deadline
        .and_then(|(dl, _)| Some(Deadline { value: u32::try_from(dl.value).ok().filter(|v| *v > 0)?, unit: dl.unit }));
    Own { lead, assists, liaisons, deadline }
}

/// Whether two roles are the same word as written.
fn same_word(a: &Role, b: &Role) -> bool {
    match (a, b) {
        (Role::Dept(x), Role::Dept(y)) => x.text == y.text,
        (Role::Territory(_), Role::Territory(_)) => true,
        _ => false,
    }
}

fn conflict(at: &Role, roles: crate::i18n::Text, other: &Role, other_label: crate::i18n::Text) -> Diagnostic {
    let who = match at {
        Role::Dept(id) => crate::tr!("roles-department", id = id.text),
        Role::Territory(_) => crate::tr!("roles-territory"),
    };
    Diagnostic::error(Code::RoleConflict, at.span(), crate::tr!("roles-is-here", who = who, roles = roles))
        .with_primary(crate::tr!("roles-second-role"))
        .with_label(other.span(), other_label)
        .with_help(crate::tr!("roles-a-department-holds-one-role"))
}

/// A role: a department reference, or `territory`, which needs a
/// `territory` block (else `unknown-name`, docs/spec.md §3).
fn role(diags: &mut Diags, d: &Decls<'_>, r: &Role) -> Option<RoleRef> {
    match r {
        Role::Dept(id) => dept(diags, d, id).map(RoleRef::Dept),
        Role::Territory(_) if d.territory.is_some() => Some(RoleRef::Territory),
        Role::Territory(span) => {
            diags.push(
                Diagnostic::error(Code::UnknownName, *span, crate::tr!("roles-territory-names-the-department-of"))
                    .with_primary(crate::tr!("roles-no-territory-block-maps-places"))
                    .with_help(crate::tr!("roles-declare-territory-attr-or-name")),
            );
            None
        }
    }
}

/// A department reference; unknown ones are reported.
pub(super) fn dept(diags: &mut Diags, d: &Decls<'_>, id: &Ident) -> Option<DeptId> {
    if let Some(x) = d.dept_ids.get(&id.text) {
        return Some(*x);
    }
    unknown_dept(diags, d, id);
    None
}

/// `over`: names resolved (a matter stands for every item in it), cycles
/// reported; the relation closed transitively, and as declared.
fn over(diags: &mut Diags, d: &Decls<'_>) -> (Vec<Vec<ItemId>>, Vec<Vec<ItemId>>) {
    let mut edges: Edges = vec![Vec::new(); d.items.len()];
    for (i, item) in d.items.iter().enumerate() {
        for name in item.clauses.over.unwrap_or(&[]) {
            let targets: Vec<usize> = match d.nodes.get(&name.text) {
                Some((NodeRef::Item(id), _)) => vec![id.index()],
                Some((NodeRef::Matter(m), _)) => {
                    d.items.iter().enumerate().filter(|(_, x)| x.path.contains(m)).map(|(j, _)| j).collect()
                }
                None => {
                    unknown(
                        diags,
                        name,
                        crate::tr!("roles-there-is-no-item-or", name = name.text),
                        d.nodes.keys().map(String::as_str),
                        crate::tr!("roles-over-names-items-or-matters"),
                    );
                    Vec::new()
                }
            };
            if let Some(es) = edges.get_mut(i) {
                es.extend(targets.into_iter().map(|t| (t, name.span)));
            }
        }
    }
    for comp in graph::sccs(&edges) {
        if !graph::is_cycle(&comp, &edges) {
            continue;
        }
        let steps = graph::cycle_path(&comp, &edges);
        let name = |i: usize| d.items.get(i).map_or("?", |x| x.name.text.as_str());
        let chain: Vec<&str> =
            steps.iter().map(|(from, _)| name(*from)).chain(steps.first().map(|s| name(s.0))).collect();
        if let Some(((first, span), rest)) = steps.split_first() {
            let message = if rest.is_empty() {
                crate::tr!("roles-over-itself", name = name(*first))
            } else {
                crate::tr!("roles-over-leads-back", name = name(*first), chain = chain.join(" → "))
            };
            let mut diag = Diagnostic::error(Code::Cycle, *span, message)
                .with_primary(crate::tr!("roles-is-over-this", name_first = name(*first)))
                .with_help(crate::tr!("roles-over-must-not-lead-back"));
            for (from, s) in rest {
                diag = diag.with_label(*s, crate::tr!("roles-is-over-this-2", name_from = name(*from)));
            }
            diags.push(diag);
        }
    }
    let id = |j: usize| ItemId(u32::try_from(j).unwrap_or(u32::MAX));
    let closed = (0..d.items.len())
        .map(|i| graph::reachable(i, &edges).into_iter().filter(|&j| j != i).map(id).collect())
        .collect();
    let declared = edges
        .iter()
        .enumerate()
        .map(|(i, es)| {
            let mut out: Vec<ItemId> = es.iter().map(|&(j, _)| j).filter(|&j| j != i).map(id).collect();
            out.sort();
            out.dedup();
            out
        })
        .collect();
    (closed, declared)
}
