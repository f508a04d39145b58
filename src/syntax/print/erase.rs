//! Syntax trees compared apart from positions: what "meaning-preserving"
//! means for `zeren fmt`.

use crate::source::Span;
use crate::syntax::ast::*;

/// Whether two files say the same thing: equal syntax trees, spans (and
/// whether a name was quoted) aside.
///
/// ```
/// use zeren::source::FileId;
/// use zeren::syntax::{parse_file, print::same_syntax};
/// let a = parse_file(FileId(0), "coordinator x").map_err(|e| format!("{e:?}"))?;
/// let b = parse_file(FileId(0), "\n\n  coordinator\n x // c").map_err(|e| format!("{e:?}"))?;
/// let c = parse_file(FileId(0), "coordinator y").map_err(|e| format!("{e:?}"))?;
/// assert!(same_syntax(&a, &b));
/// assert!(!same_syntax(&a, &c));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn same_syntax(a: &File, b: &File) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    erase_spans(&mut a);
    erase_spans(&mut b);
    a == b
}

/// Sets every span in the tree to the default (empty) span, so that trees
/// parsed from differently laid-out texts compare equal when they say the
/// same thing.
///
/// ```
/// use zeren::source::{FileId, Span};
/// use zeren::syntax::{ast::Decl, parse_file, print::erase_spans};
/// let mut file = parse_file(FileId(0), "  coordinator x").map_err(|e| format!("{e:?}"))?;
/// erase_spans(&mut file);
/// assert!(matches!(&file.decls[0], Decl::Coordinator(id) if id.span == Span::default()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn erase_spans(file: &mut File) {
    for decl in &mut file.decls {
        match decl {
            Decl::Header(h) => {
                h.span = Span::default();
                erase_str(&mut h.name);
                h.version.iter_mut().for_each(erase_str);
            }
            Decl::Schema(attrs) => {
                for a in attrs {
                    erase_ident(&mut a.name);
                    a.ty_span = Span::default();
                    a.domain.iter_mut().flatten().for_each(erase_ident);
                    a.label.iter_mut().for_each(erase_str);
                    a.range.iter_mut().for_each(|r| r.span = Span::default());
                }
            }
            Decl::Department(d) => {
                erase_ident(&mut d.id);
                d.display.iter_mut().for_each(erase_str);
            }
            Decl::Coordinator(id) => erase_ident(id),
            Decl::Territory(t) => {
                t.span = Span::default();
                erase_ident(&mut t.attr);
                erase_ident(&mut t.otherwise);
                for line in &mut t.lines {
                    line.values.iter_mut().for_each(erase_ident);
                    erase_ident(&mut line.dept);
                }
            }
            Decl::Clock(c) => {
                c.span = Span::default();
                c.default_span = Span::default();
                erase_ident(&mut c.attr);
            }
            Decl::Matter(m) => erase_matter(m),
            Decl::Item(i) => erase_item(i),
            Decl::Words(w) => {
                erase_ident(&mut w.name);
                w.keywords.iter_mut().for_each(erase_str);
            }
            Decl::Define(d) => {
                erase_ident(&mut d.name);
                erase_cond(&mut d.cond);
            }
            Decl::Fallback(f) => {
                f.span = Span::default();
                f.threshold_span = Span::default();
                f.homophone.iter_mut().for_each(|(_, s)| *s = Span::default());
            }
            Decl::Test(t) => {
                t.span = Span::default();
                erase_str(&mut t.name);
                for f in &mut t.ticket {
                    erase_ident(&mut f.name);
                    f.value_span = Span::default();
                }
                for e in &mut t.expects {
                    e.span = Span::default();
                    match &mut e.kind {
                        ExpectKind::Lead(id) | ExpectKind::Item(id) => id.iter_mut().for_each(erase_ident),
                        ExpectKind::Assist(ids) | ExpectKind::Liaise(ids) | ExpectKind::Split(ids) => {
                            ids.iter_mut().for_each(erase_ident)
                        }
                        ExpectKind::Method(id) => erase_ident(id),
                        ExpectKind::Score(_) | ExpectKind::Deadline(_) => {}
                    }
                }
            }
        }
    }
}

/// A name's span, and whether it was quoted: `"a"` and `a` are one name
/// (docs/spec.md §2), and `zeren fmt` quotes exactly when it must.
fn erase_ident(id: &mut Ident) {
    id.span = Span::default();
    id.quoted = false;
}

fn erase_str(s: &mut Str) {
    s.span = Span::default();
}

fn erase_matter(m: &mut Matter) {
    m.span = Span::default();
    erase_ident(&mut m.name);
    m.title.iter_mut().for_each(erase_str);
    m.clauses.iter_mut().for_each(erase_clause);
    for child in &mut m.children {
        match child {
            Node::Matter(m) => erase_matter(m),
            Node::Item(i) => erase_item(i),
        }
    }
}

fn erase_item(i: &mut Item) {
    i.span = Span::default();
    erase_ident(&mut i.name);
    i.title.iter_mut().for_each(erase_str);
    i.clauses.iter_mut().for_each(erase_clause);
}

fn erase_clause(c: &mut Clause) {
    c.span = Span::default();
    match &mut c.kind {
        ClauseKind::When(cond) | ClauseKind::Near(cond) => erase_cond(cond),
        ClauseKind::Lead(role) => erase_role(role),
        ClauseKind::Like(id) => erase_ident(id),
        ClauseKind::Assist(roles) | ClauseKind::Liaise(roles) => roles.iter_mut().for_each(erase_role),
        ClauseKind::Over(ids) => ids.iter_mut().for_each(erase_ident),
        ClauseKind::Basis(s) | ClauseKind::Note(s) => erase_str(s),
        ClauseKind::Deadline(_, s) => *s = Span::default(),
        ClauseKind::Priority(_) | ClauseKind::Effective(_) => {}
    }
}

fn erase_role(r: &mut Role) {
    match r {
        Role::Dept(id) => erase_ident(id),
        Role::Territory(s) => *s = Span::default(),
    }
}

fn erase_cond(c: &mut Cond) {
    match c {
        Cond::Or(ops, s) | Cond::And(ops, s) => {
            *s = Span::default();
            ops.iter_mut().for_each(erase_cond);
        }
        Cond::Not(inner, s) | Cond::Paren(inner, s) => {
            *s = Span::default();
            erase_cond(inner);
        }
        Cond::Atom(a) => {
            a.span = Span::default();
            erase_ident(&mut a.attr);
            match &mut a.kind {
                AtomKind::Has { keywords, .. } => {
                    for k in keywords {
                        match k {
                            Keyword::Str(s) => erase_str(s),
                            Keyword::Words(id) => erase_ident(id),
                        }
                    }
                }
                AtomKind::Eq(v) | AtomKind::Ne(v) => erase_value(v),
                AtomKind::In(vs) => vs.iter_mut().for_each(erase_value),
                AtomKind::Cmp(..) | AtomKind::CmpDate(..) | AtomKind::Bare => {}
            }
        }
    }
}

fn erase_value(v: &mut Value) {
    match v {
        Value::Symbol(id) => erase_ident(id),
        Value::Bool(_, s) | Value::Number(_, s) | Value::Date(_, s) => *s = Span::default(),
    }
}
