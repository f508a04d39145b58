//! AST → validated IR: names, types, `like` resolution, inheritance. Collects
//! every load-time error (docs/spec.md §8: `syntax`, `unknown-name`, `duplicate-name`,
//! `type`, `cycle`, `no-lead`, `role-conflict`, `empty-condition`) and returns
//! them all, in source order, instead of stopping at the first.
//!
//! The passes, each in its own file:
//!
//! * `names.rs` — every declaration gets an id and a namespace entry; duplicate
//!   names and misplaced or repeated clauses;
//! * `conds.rs` — conditions: names, types, `define` and `words` expansion,
//!   keyword folding, `and` flattening; `define` cycles;
//! * `roles.rs` — lead, assists, liaisons and basis (docs/spec.md §3 "Resolution"),
//!   `like` in dependency order, `over` closed transitively; `no-lead`,
//!   `role-conflict`, `like`/`over` cycles;
//! * `cases.rs` — inline `test` blocks;
//! * `dated.rs` — the v2 declarations and clauses checked on their own:
//!   `territory`, `clock`, `effective`, `deadline`, `homophone`.
//!
//! `check` knows nothing about pest, files on disk or rendering: it takes parsed
//! files and returns data. No pass recurses on a chain of declarations (those
//! are walked iteratively), so a long `like` or `define` chain cannot overflow
//! the stack; conditions recurse only as deep as the parser allows. A
//! condition that grows past 100 000 nodes once `define`s are expanded is a
//! `limit` error, so a few doubling `define`s cannot exhaust memory.

mod cases;
mod conds;
mod dated;
mod graph;
pub mod limits;
mod names;
mod roles;

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Cond, Item, ItemId, Matter, MatterId, RuleSet};
use crate::source::{FileId, Sources, Span};
use crate::syntax::ast;

/// The errors found so far.
type Diags = Vec<Diagnostic>;

/// Turns parsed files (in declaration order) into a validated [`RuleSet`], or
/// every load-time error at once, in source order.
///
/// ```
/// use zeren::source::Sources;
/// use zeren::syntax::parse_file;
///
/// let mut sources = Sources::default();
/// let text = "department a\nitem x { when flag lead a }\nschema { flag: bool }";
/// let file = sources.add("inline.rules", text);
/// let ast = parse_file(file, text).map_err(|d| format!("{d:?}"))?;
/// let rules = zeren::check::check(sources, vec![(file, ast)]).map_err(|d| format!("{d:?}"))?;
/// assert_eq!(rules.items[0].name, "x");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(sources: Sources, files: Vec<(FileId, ast::File)>) -> Result<RuleSet, Vec<Diagnostic>> {
    check_with(sources, files, &crate::limits::Limits::default())
}

/// [`check`] within `limits` (conditions nest no deeper than
/// [`Limits::max_nesting`](crate::limits::Limits::max_nesting) once `define`s
/// are expanded).
///
/// ```
/// use zeren::limits::Limits;
/// use zeren::source::Sources;
/// use zeren::syntax::parse_file;
///
/// let mut sources = Sources::default();
/// let text = "schema { f: bool }\ndepartment a\ndefine g = not not f\nitem x { when not g lead a }";
/// let file = sources.add("inline.rules", text);
/// let ast = parse_file(file, text).map_err(|d| format!("{d:?}"))?;
/// let errors = zeren::check::check_with(sources, vec![(file, ast)], &Limits::new().max_nesting(3))
///     .err().ok_or("expected a limit error")?;
/// assert_eq!(errors[0].code.as_str(), "limit");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_with(
    sources: Sources,
    files: Vec<(FileId, ast::File)>,
    limits: &crate::limits::Limits,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut diags: Diags = Vec::new();
    let asts: Vec<ast::File> = files.into_iter().map(|(_, f)| f).collect();
    let decls = names::collect(&mut diags, &asts);

    let coordinator = decls.coordinator.and_then(|id| match decls.dept_ids.get(&id.text) {
        Some(d) => Some(*d),
        None => {
            names::unknown(
                &mut diags,
                id,
                format!("the coordinator `{}` is not a declared department", id.text),
                decls.dept_ids.keys().map(String::as_str),
                "declare it with `department ID \"display name\"`",
            );
            None
        }
    });
    let threshold = match decls.fallback {
        Some(f) if !(f.threshold > 0.0 && f.threshold <= 1.0) => {
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    f.threshold_span,
                    "the `fallback` threshold must be above 0 and at most 1",
                )
                .with_primary("outside (0, 1]")
                .with_help("a proximity score runs from 0 to 1; `threshold 0.5` takes items at least half met"),
            );
            1.0
        }
        Some(f) => f.threshold,
        None => 1.0,
    };

    // Conditions, in declaration order (defines and words first, where they
    // are declared, so their errors are reported once).
    let lower = conds::Lowerer::new(&mut diags, &decls, limits);
    let mut matter_when: Vec<Option<Cond>> = Vec::with_capacity(decls.matters.len());
    let mut matter_when_failed: Vec<bool> = Vec::with_capacity(decls.matters.len());
    for m in &decls.matters {
        let when = m.clauses.when.map(|c| lower.cond(&mut diags, c));
        matter_when_failed.push(matches!(when, Some(None)));
        matter_when.push(when.flatten());
    }
    let mut item_when: Vec<(Option<Cond>, Option<Cond>, bool)> = Vec::with_capacity(decls.items.len());
    for i in &decls.items {
        let when = i.clauses.when.map(|c| lower.cond(&mut diags, c));
        let near = i.clauses.near.and_then(|c| lower.cond(&mut diags, c));
        item_when.push((when.clone().flatten(), near, matches!(when, Some(None))));
    }

    let territory = dated::territory(&mut diags, &decls);
    let clock = dated::clock(&mut diags, &decls);
    let homophone = dated::homophone(&mut diags, decls.fallback);
    let otherwise = territory.as_ref().map(|t| t.otherwise);
    let resolved = roles::resolve(&mut diags, &decls, otherwise);
    let mut tests = cases::tests(&mut diags, &decls);
    for t in &mut tests {
        t.span = trim_span(&sources, t.span);
    }

    // Guards and effective conditions; empty ones are errors.
    let guard_of = |path: &[MatterId]| {
        let parts = path.iter().filter_map(|m| matter_when.get(m.index()).cloned().flatten());
        Cond::and(parts)
    };
    let failed_on =
        |path: &[MatterId]| path.iter().any(|m| matter_when_failed.get(m.index()).copied().unwrap_or(false));
    let mut matters = Vec::with_capacity(decls.matters.len());
    for (i, m) in decls.matters.iter().enumerate() {
        let effective_range = dated::effective(&mut diags, &decls, &m.clauses);
        dated::deadline(&mut diags, &m.clauses);
        let guard = guard_of(&m.path);
        let roles = resolved.matters.get(i).cloned().unwrap_or_default();
        if m.clauses.lead.is_some() && guard.is_none() && !failed_on(&m.path) {
            let lead_span = m.clauses.lead.map_or(m.name.span, |l| l.span());
            diags.push(
                Diagnostic::error(
                    Code::EmptyCondition,
                    m.name.span,
                    format!(
                        "matter `{}` has a `lead` but no condition: it would take every ticket no item claims",
                        m.name.text
                    ),
                )
                .with_primary("no `when` here or on an enclosing matter")
                .with_label(lead_span, "the residual lead")
                .with_help("add `when …` to the matter, or move the `lead` into its items"),
            );
        }
        matters.push(Matter {
            name: m.name.text.clone(),
            title: m.title.map(|t| t.value.clone()),
            parent: m.parent,
            when: matter_when.get(i).cloned().flatten(),
            guard,
            has_own_lead: m.clauses.lead.is_some(),
            lead: roles.lead,
            assists: roles.assists,
            liaisons: roles.liaisons,
            basis: roles.basis,
            notes: m.clauses.notes.iter().map(|s| s.value.clone()).collect(),
            path: m.path.clone(),
            effective_range,
            deadline: roles.deadline,
            territorial: roles.territorial,
            span: trim_span(&sources, m.span),
        });
    }
    let mut items = Vec::with_capacity(decls.items.len());
    for (i, it) in decls.items.iter().enumerate() {
        let effective_range = dated::effective(&mut diags, &decls, &it.clauses);
        dated::deadline(&mut diags, &it.clauses);
        let (when, near, when_failed) = item_when.get(i).cloned().unwrap_or((None, None, false));
        let effective = Cond::and(guard_of(&it.path).into_iter().chain(when.clone()));
        let roles = resolved.items.get(i).cloned().unwrap_or_default();
        // An item with a `near` and no condition is analogy-only (docs/spec.md
        // §3): never a candidate, reached and scored through its `near`.
        let effective = effective.or_else(|| near.as_ref().map(|_| Cond::never()));
        let Some(effective) = effective else {
            if !when_failed && !failed_on(&it.path) {
                diags.push(
                    Diagnostic::error(
                        Code::EmptyCondition,
                        it.name.span,
                        format!("item `{}` has no condition: it would claim every ticket", it.name.text),
                    )
                    .with_primary("no `when` here or on an enclosing matter")
                    .with_help("add `when …` to the item or an enclosing matter (or a `near …`: an analogy-only item)"),
                );
            }
            continue;
        };
        let Some(lead) = roles.lead else { continue };
        items.push(Item {
            name: it.name.text.clone(),
            title: it.title.map(|t| t.value.clone()),
            path: it.path.clone(),
            when,
            effective,
            near,
            lead,
            assists: roles.assists,
            liaisons: roles.liaisons,
            like: resolved.likes.get(i).copied().flatten(),
            basis: roles.basis,
            notes: it.clauses.notes.iter().map(|s| s.value.clone()).collect(),
            priority: it.clauses.priority.unwrap_or(0),
            over: resolved.over.get(i).cloned().unwrap_or_default(),
            over_declared: resolved.over_declared.get(i).cloned().unwrap_or_default(),
            effective_range,
            deadline: roles.deadline,
            territorial: roles.territorial,
            span: trim_span(&sources, it.span),
        });
    }

    if !diags.is_empty() || items.len() != decls.items.len() {
        for d in &mut diags {
            for label in &mut d.labels {
                label.span = trim_span(&sources, label.span);
            }
        }
        // Source order; ties keep the order the passes found them in.
        diags.sort_by_key(|d| d.span().map(|s| (s.file, s.start)));
        return Err(diags);
    }
    debug_assert!(items.iter().enumerate().all(|(i, it)| !it.over.contains(&ItemId(i as u32))));
    Ok(RuleSet {
        name: decls.header.map(|h| h.name.value.clone()),
        version: decls.header.and_then(|h| h.version.as_ref()).map(|v| v.value.clone()),
        attrs: decls.attrs,
        depts: decls.depts,
        coordinator,
        matters,
        items,
        threshold,
        has_fallback: decls.fallback.is_some(),
        tests,
        territory,
        clock,
        homophone,
        sources,
    })
}

/// A span without the blanks and comments the parser swallows after a block
/// or clause, so a caret underlines only what the author wrote.
fn trim_span(sources: &Sources, span: Span) -> Span {
    let text = sources.text(span);
    let mut end = text.len();
    while let Some(kept) = text.get(..end) {
        let trimmed = kept.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        // A comment on the last line, outside any string.
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let last = trimmed.get(line_start..).unwrap_or("");
        let cut = comment_start(last).map_or(trimmed.len(), |i| line_start + i);
        if cut == end {
            break;
        }
        end = cut;
    }
    if end == 0 {
        return span;
    }
    Span { end: span.start.saturating_add(u32::try_from(end).unwrap_or(0)), ..span }
}

/// Where a `//` or `#` comment starts in one line, outside strings.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    let mut prev_slash = false;
    for (i, c) in line.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '#' => return Some(i),
            '/' if prev_slash => return Some(i - 1),
            _ => {}
        }
        prev_slash = c == '/';
    }
    None
}

/// "did you mean `x`?" for the declared name nearest to `name`, if any is
/// near enough to be a slip ([`crate::suggest::closest`]).
pub(crate) fn suggest_help<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<String> {
    crate::suggest::closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_lose_trailing_blanks_and_comments() {
        let mut sources = Sources::default();
        let text = "near t has \"a//b\" // why\n  # more\n  next";
        let file = sources.add("t.rules", text);
        let span = trim_span(&sources, Span::new(file, 0, text.len() - 4));
        assert_eq!(sources.text(span), "near t has \"a//b\"");
    }

    #[test]
    fn suggestions_are_near_misses_only() {
        let names = ["scjg", "gaj", "xfj"];
        assert_eq!(suggest_help("scjj", names.iter().copied()).as_deref(), Some("did you mean `scjg`?"));
        assert_eq!(suggest_help("zzzzzz", names.iter().copied()), None);
    }
}
