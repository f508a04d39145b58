//! The limit checks ([`Limits`] is only the configuration): `limit` errors for
//! a file too large, a rule set with too many items, keywords too long, and
//! conditions nested too deep once `define`s are expanded. The parser checks
//! textual nesting itself, before pest sees the text.

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::Limits;
use crate::source::{FileId, Span};
use crate::syntax::ast;

/// A `limit` error when `text` (the file `file`) is larger than allowed.
///
/// ```
/// use zeren::source::FileId;
/// let limits = zeren::limits::Limits::new().max_file_bytes(4);
/// assert!(zeren::check::limits::file_size(&limits, FileId(0), "12345").is_some());
/// assert!(zeren::check::limits::file_size(&limits, FileId(0), "1234").is_none());
/// ```
pub fn file_size(limits: &Limits, file: FileId, text: &str) -> Option<Diagnostic> {
    (text.len() > limits.get_max_file_bytes()).then(|| {
        Diagnostic::error(
            Code::Limit,
            Span::new(file, 0, 0),
            crate::tr!(
                "limits-the-file-is-bytes-more",
                value = text.len(),
                limits_get_max_file_bytes = limits.get_max_file_bytes()
            ),
        )
        .with_primary(crate::tr!("limits-file-too-large"))
        .with_help(crate::tr!("limits-split-the-rule-set-into"))
    })
}

/// `limit` errors for parsed files: too many items, keywords too long.
/// Walks the trees without recursion.
///
/// ```
/// use zeren::source::FileId;
/// let text = "department d\nitem a { when t has \"abc\" lead d }";
/// let ast = zeren::syntax::parse_file(FileId(0), text).map_err(|d| format!("{d:?}"))?;
/// let limits = zeren::limits::Limits::new().max_keyword_chars(2);
/// let errors = zeren::check::limits::syntax_trees(&limits, &[(FileId(0), ast)]);
/// assert_eq!(errors[0].code.as_str(), "limit");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn syntax_trees(limits: &Limits, files: &[(FileId, ast::File)]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut items = 0usize;
    let mut nodes: Vec<&ast::Node> = Vec::new();
    let mut conds: Vec<&ast::Cond> = Vec::new();
    let mut strings: Vec<&ast::Str> = Vec::new();
    for (_, file) in files {
        for decl in &file.decls {
            match decl {
                ast::Decl::Item(item) => {
                    items += 1;
                    if items == limits.get_max_items().saturating_add(1) {
                        errors.push(too_many_items(limits, item.name.span));
                    }
                    clause_conds(&item.clauses, &mut conds);
                }
                ast::Decl::Matter(m) => {
                    clause_conds(&m.clauses, &mut conds);
                    nodes.extend(m.children.iter());
                    while let Some(node) = nodes.pop() {
                        match node {
                            ast::Node::Matter(m) => {
                                clause_conds(&m.clauses, &mut conds);
                                nodes.extend(m.children.iter());
                            }
                            ast::Node::Item(item) => {
                                items += 1;
                                if items == limits.get_max_items().saturating_add(1) {
                                    errors.push(too_many_items(limits, item.name.span));
                                }
                                clause_conds(&item.clauses, &mut conds);
                            }
                        }
                    }
                }
                ast::Decl::Words(w) => strings.extend(w.keywords.iter()),
                ast::Decl::Define(d) => conds.push(&d.cond),
                _ => {}
            }
            while let Some(c) = conds.pop() {
                match c {
                    ast::Cond::Or(ops, _) | ast::Cond::And(ops, _) => conds.extend(ops.iter()),
                    ast::Cond::Not(inner, _) | ast::Cond::Paren(inner, _) => conds.push(inner),
                    ast::Cond::Atom(a) => {
                        if let ast::AtomKind::Has { keywords, .. } = &a.kind {
                            strings.extend(keywords.iter().filter_map(|k| match k {
                                ast::Keyword::Str(s) => Some(s),
                                ast::Keyword::Words(_) => None,
                            }));
                        }
                    }
                }
            }
            for s in strings.drain(..) {
                let chars = s.value.chars().count();
                if chars > limits.get_max_keyword_chars() {
                    errors.push(
                        Diagnostic::error(
                            Code::Limit,
                            s.span,
                            crate::tr!(
                                "limits-this-keyword-is-characters-long",
                                chars = chars,
                                limits_get_max_keyword_chars = limits.get_max_keyword_chars()
                            ),
                        )
                        .with_primary(crate::tr!("limits-keyword-too-long"))
                        .with_help(crate::tr!("limits-a-keyword-is-a-word")),
                    );
                }
            }
        }
    }
    errors
}

fn too_many_items(limits: &Limits, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::Limit,
        span,
        crate::tr!("limits-the-rule-set-declares-more", limits_get_max_items = limits.get_max_items()),
    )
    .with_primary(crate::tr!("limits-one-item-too-many"))
    .with_help(crate::tr!("limits-raise-limits-max-items-if"))
}

/// A `limit` error when `cond` (lowered, `define`s expanded) nests deeper
/// than [`Limits::max_nesting`]; `span` is where it was written.
///
/// ```
/// use zeren::ir::{Atom, Cond};
/// use zeren::source::{FileId, Span};
///
/// let rules = zeren::load::load_str("a.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }")?;
/// let mut c = Cond::Atom(Atom::IsTrue { attr: rules.attr("f").ok_or("no f")? });
/// for _ in 0..10 {
///     c = Cond::Not(Box::new(c));
/// }
/// let span = Span::new(FileId(0), 0, 1);
/// assert!(zeren::check::limits::cond_depth(&zeren::limits::Limits::new().max_nesting(5), &c, span).is_some());
/// assert!(zeren::check::limits::cond_depth(&zeren::limits::Limits::new(), &c, span).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cond_depth(limits: &Limits, cond: &crate::ir::Cond, span: Span) -> Option<Diagnostic> {
    let depth = depth(cond);
    (depth > limits.get_max_nesting()).then(|| {
        Diagnostic::error(
            Code::Limit,
            span,
            crate::tr!(
                "limits-this-condition-nests-levels-deep",
                depth = depth,
                limits_get_max_nesting = limits.get_max_nesting()
            ),
        )
        .with_primary(crate::tr!("limits-too-deep-once-define-s"))
        .with_help(crate::tr!("limits-each-define-used-inside-another"))
    })
}

/// Every condition among `clauses`.
fn clause_conds<'a>(clauses: &'a [ast::Clause], out: &mut Vec<&'a ast::Cond>) {
    for c in clauses {
        match &c.kind {
            ast::ClauseKind::When(cond) | ast::ClauseKind::Near(cond) => out.push(cond),
            _ => {}
        }
    }
}

/// The nesting depth of a lowered condition (an atom is 1), without recursion.
pub fn depth(cond: &crate::ir::Cond) -> usize {
    use crate::ir::Cond;
    let mut deepest = 0usize;
    let mut stack: Vec<(&Cond, usize)> = vec![(cond, 1)];
    while let Some((c, d)) = stack.pop() {
        deepest = deepest.max(d);
        match c {
            Cond::And(ops) | Cond::Or(ops) => stack.extend(ops.iter().map(|o| (o, d + 1))),
            Cond::Not(inner) => stack.push((inner, d + 1)),
            Cond::Atom(_) => {}
        }
    }
    deepest
}
