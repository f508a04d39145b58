//! The declarations and clauses of v2 that need no routing change to check
//! (docs/spec.md §3): the `territory` block, the `clock`, `effective` ranges,
//! `deadline`s and the `homophone` weight. Each error names the place and
//! the fix.

use super::names::{unknown, Clauses, Decls};
use super::roles::dept;
use super::Diags;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{AttrId, Clock, DateRange, DeptId, Territory, Type};
use crate::source::Span;
use crate::syntax::ast;

/// The `territory` block: its attribute a `symbol`, each place once and in
/// the closed domain, every department declared.
pub(super) fn territory(diags: &mut Diags, d: &Decls<'_>) -> Option<Territory> {
    let t = d.territory?;
    let attr = symbol_attr(diags, d, &t.attr, Type::Symbol, "`territory`", crate::tr!("dated-is-territory"));
    let domain = attr.and_then(|a| d.attrs.get(a.index())).and_then(|a| a.domain.as_ref());
    let mut places: Vec<(String, DeptId)> = Vec::new();
    let mut first_at: Vec<Span> = Vec::new();
    let mut ok = true;
    for line in &t.lines {
        let dept = dept(diags, d, &line.dept);
        for v in &line.values {
            if let Some(i) = places.iter().position(|(p, _)| *p == v.text) {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        v.span,
                        crate::tr!("dated-place-is-mapped-twice-in", v = v.text),
                    )
                    .with_primary(crate::tr!("dated-mapped-again-here"))
                    .with_label(first_at.get(i).copied().unwrap_or(v.span), crate::tr!("dated-first-mapped-here"))
                    .with_help(crate::tr!("dated-a-place-belongs-to-one")),
                );
                ok = false;
                continue;
            }
            if let Some(domain) = domain.filter(|dom| !dom.contains(&v.text)) {
                let help = super::suggest_help(&v.text, domain.iter().map(String::as_str))
                    .unwrap_or_else(|| crate::tr!("dated-map-a-listed-value", value = v.text));
                diags.push(
                    Diagnostic::error(
                        Code::Type,
                        v.span,
                        crate::tr!(
                            "dated-is-not-a-value-of",
                            v = v.text,
                            t_attr = t.attr.text,
                            domain_join = domain.join(", ")
                        ),
                    )
                    .with_primary(crate::tr!("conds-not-in-the-domain"))
                    .with_help(help),
                );
                ok = false;
            }
            match dept {
                Some(dept) => {
                    places.push((v.text.clone(), dept));
                    first_at.push(v.span);
                }
                None => ok = false,
            }
        }
    }
    let otherwise = dept(diags, d, &t.otherwise);
    (ok && attr.is_some()).then_some(())?;
    Some(Territory { attr: attr?, places, otherwise: otherwise?, span: t.span })
}

/// The `clock`: its attribute a `date`.
pub(super) fn clock(diags: &mut Diags, d: &Decls<'_>) -> Option<Clock> {
    let c = d.clock?;
    let attr = symbol_attr(diags, d, &c.attr, Type::Date, "`clock`", crate::tr!("dated-is-clock"))?;
    Some(Clock { attr, default: c.default, span: c.span })
}

/// A block's `effective` range: the start not after the end, and a `clock`
/// declared to date tickets by (docs/spec.md §3).
pub(super) fn effective(diags: &mut Diags, d: &Decls<'_>, c: &Clauses<'_>) -> Option<DateRange> {
    let (r, span) = c.effective?;
    if let (Some(start), Some(end)) = (r.start, r.end) {
        if start > end {
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    span,
                    crate::tr!("dated-the-range-starts-on-after", start = start.to_string(), end = end.to_string()),
                )
                .with_primary(crate::tr!("dated-start-after-end"))
                .with_help(crate::tr!(
                    "dated-write-the-earlier-date-first",
                    end = end.to_string(),
                    start = start.to_string()
                )),
            );
            return None;
        }
    }
    if d.clock.is_none() {
        diags.push(
            Diagnostic::error(Code::Type, span, crate::tr!("dated-effective-needs-a-clock-to"))
                .with_primary(crate::tr!("dated-no-clock-declared"))
                .with_help(crate::tr!("dated-declare-the-date-attribute-and")),
        );
        return None;
    }
    Some(DateRange { start: r.start, end: r.end })
}

/// A block's `deadline`: a positive number of units (docs/spec.md §8a).
pub(super) fn deadline(diags: &mut Diags, c: &Clauses<'_>) {
    let Some((dl, at)) = c.deadline else { return };
    if dl.value <= 0 || u32::try_from(dl.value).is_err() {
        let problem = if dl.value <= 0 {
            crate::tr!("dated-deadline-at-least-1")
        } else {
            crate::tr!("dated-deadline-too-large")
        };
        diags.push(
            Diagnostic::error(
                Code::Type,
                at,
                crate::tr!("dated-a-deadline", problem = problem, dl_value = dl.value, dl_unit = dl.unit.as_str()),
            )
            .with_primary(if dl.value <= 0 { crate::tr!("dated-not-positive") } else { crate::tr!("cases-too-large") })
            .with_help(crate::tr!("dated-write-the-time-limit-as")),
        );
    }
}

/// The `homophone` weight: in (0, 1] (docs/spec.md §3).
pub(super) fn homophone(diags: &mut Diags, f: Option<&ast::Fallback>) -> Option<f64> {
    let (w, span) = f?.homophone?;
    if w > 0.0 && w <= 1.0 {
        return Some(w);
    }
    diags.push(
        Diagnostic::error(Code::Type, span, crate::tr!("dated-the-homophone-weight-must-be"))
            .with_primary(crate::tr!("dated-outside-0-1"))
            .with_help(crate::tr!("dated-a-keyword-matched-by-sound")),
    );
    None
}

/// The attribute a `territory` or `clock` names, of type `ty`.
fn symbol_attr(
    diags: &mut Diags,
    d: &Decls<'_>,
    name: &ast::Ident,
    ty: Type,
    what: &str,
    is: crate::i18n::Text,
) -> Option<AttrId> {
    let Some(i) = d.attrs.iter().position(|a| a.name == name.text) else {
        unknown(
            diags,
            name,
            crate::tr!("dated-names-which-is-not-an", what = what, name = name.text),
            d.attrs.iter().map(|a| a.name.as_str()),
            crate::tr!("dated-declare-in-schema", name = name.text, ty = ty.as_str()),
        );
        return None;
    };
    let attr = d.attrs.get(i)?;
    if attr.ty != ty {
        diags.push(
            Diagnostic::error(
                Code::Type,
                name.span,
                crate::tr!(
                    "dated-is-declared-needs-a-attribute",
                    name = name.text,
                    attr_ty = attr.ty.as_str(),
                    what = what,
                    ty = ty.as_str(),
                    is = is
                ),
            )
            .with_primary(crate::tr!("dated-is", name = name.text, attr_ty = attr.ty.as_str()))
            .with_help(crate::tr!("dated-declare-in-the-schema-or", name = name.text, ty = ty.as_str())),
        );
        return None;
    }
    Some(AttrId(u32::try_from(i).ok()?))
}
