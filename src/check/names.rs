//! The first pass: every declaration gets its id and its namespace entry, in
//! declaration order; duplicates and misplaced or repeated clauses are
//! reported here.

use super::{suggest_help, Diags};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Attr, Dept, DeptId, ItemId, MatterId, Type};
use crate::source::Span;
use crate::syntax::ast::{self, ClauseKind, Ident, Role, Str};
use indexmap::IndexMap;

/// What a name in the attribute namespace stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sym {
    /// A schema attribute.
    Attr(usize),
    /// A `define`.
    Define(usize),
    /// A `words` list.
    Words(usize),
}

impl Sym {
    pub(super) fn describe(self) -> crate::i18n::Text {
        match self {
            Sym::Attr(_) => crate::tr!("kind-an-attribute"),
            Sym::Define(_) => crate::tr!("kind-a-define"),
            Sym::Words(_) => crate::tr!("kind-a-words-list"),
        }
    }
}

/// What a name in the matter/item namespace stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NodeRef {
    Matter(MatterId),
    Item(ItemId),
}

/// A block's clauses, each kept once (the first when repeated).
#[derive(Default)]
pub(super) struct Clauses<'a> {
    pub when: Option<&'a ast::Cond>,
    pub near: Option<&'a ast::Cond>,
    pub lead: Option<&'a Role>,
    pub assist: Option<&'a [Role]>,
    pub liaise: Option<&'a [Role]>,
    pub like: Option<&'a Ident>,
    pub basis: Vec<&'a Str>,
    pub notes: Vec<&'a Str>,
    pub priority: Option<i64>,
    pub over: Option<&'a [Ident]>,
    /// `effective` (v2) and the clause's span.
    pub effective: Option<(&'a ast::DateRange, Span)>,
    /// `deadline` (v2) and the span of its number.
    pub deadline: Option<(ast::Deadline, Span)>,
}

/// A matter, flattened out of its tree.
pub(super) struct MatterDecl<'a> {
    pub name: &'a Ident,
    pub title: Option<&'a Str>,
    pub parent: Option<MatterId>,
    /// Outermost first, ending with this matter.
    pub path: Vec<MatterId>,
    pub clauses: Clauses<'a>,
    pub span: Span,
}

/// An item, flattened out of its tree.
pub(super) struct ItemDecl<'a> {
    pub name: &'a Ident,
    pub title: Option<&'a Str>,
    pub parent: Option<MatterId>,
    /// The enclosing matters, outermost first.
    pub path: Vec<MatterId>,
    pub clauses: Clauses<'a>,
    pub span: Span,
}

/// Every declaration of the rule set, in declaration order, with namespaces.
#[derive(Default)]
pub(super) struct Decls<'a> {
    pub header: Option<&'a ast::Header>,
    pub attrs: Vec<Attr>,
    pub symbols: IndexMap<String, (Sym, Span)>,
    pub depts: Vec<Dept>,
    pub dept_ids: IndexMap<String, DeptId>,
    pub coordinator: Option<&'a Ident>,
    pub matters: Vec<MatterDecl<'a>>,
    pub items: Vec<ItemDecl<'a>>,
    pub nodes: IndexMap<String, (NodeRef, Span)>,
    pub words: Vec<&'a ast::Words>,
    pub defines: Vec<&'a ast::Define>,
    pub fallback: Option<&'a ast::Fallback>,
    pub tests: Vec<&'a ast::Test>,
    /// The `territory` block (v2).
    pub territory: Option<&'a ast::Territory>,
    /// The `clock` (v2).
    pub clock: Option<&'a ast::Clock>,
}

/// Walks every file's declarations in order.
pub(super) fn collect<'a>(diags: &mut Diags, files: &'a [ast::File]) -> Decls<'a> {
    let mut d = Decls::default();
    let mut header_span: Option<Span> = None;
    for file in files {
        for decl in &file.decls {
            match decl {
                ast::Decl::Header(h) => match header_span {
                    Some(first) => diags.push(
                        Diagnostic::error(Code::DuplicateName, h.span, crate::tr!("names-the-rule-set-has-two"))
                            .with_primary(crate::tr!("names-second-header"))
                            .with_label(first, crate::tr!("names-first-defined-here"))
                            .with_help(crate::tr!("names-keep-one-ruleset-version-line")),
                    ),
                    None => {
                        header_span = Some(h.span);
                        d.header = Some(h);
                    }
                },
                ast::Decl::Schema(attrs) => attrs.iter().for_each(|a| attribute(diags, &mut d, a)),
                ast::Decl::Department(dep) => department(diags, &mut d, dep),
                ast::Decl::Coordinator(id) => match d.coordinator {
                    Some(first) => diags.push(
                        Diagnostic::error(Code::DuplicateName, id.span, crate::tr!("names-the-rule-set-names-two"))
                            .with_primary(crate::tr!("names-second-coordinator"))
                            .with_label(first.span, crate::tr!("names-first-defined-here"))
                            .with_help(crate::tr!("names-one-department-receives-disputed-and")),
                    ),
                    None => d.coordinator = Some(id),
                },
                ast::Decl::Matter(m) => matter(diags, &mut d, m, None, &[]),
                ast::Decl::Item(i) => item(diags, &mut d, i, None, &[]),
                ast::Decl::Words(w) => {
                    let index = d.words.len();
                    d.words.push(w);
                    symbol(diags, &mut d, &w.name, Sym::Words(index));
                }
                ast::Decl::Define(def) => {
                    let index = d.defines.len();
                    d.defines.push(def);
                    symbol(diags, &mut d, &def.name, Sym::Define(index));
                }
                ast::Decl::Fallback(f) => match d.fallback {
                    Some(first) => diags.push(
                        Diagnostic::error(Code::DuplicateName, f.span, crate::tr!("names-the-rule-set-has-two-2"))
                            .with_primary(crate::tr!("names-second-fallback"))
                            .with_label(first.span, crate::tr!("names-first-defined-here"))
                            .with_help(crate::tr!("names-keep-one-fallback")),
                    ),
                    None => d.fallback = Some(f),
                },
                ast::Decl::Test(t) => d.tests.push(t),
                ast::Decl::Territory(t) => match d.territory {
                    Some(first) => diags.push(
                        Diagnostic::error(Code::DuplicateName, t.span, crate::tr!("names-the-rule-set-has-two-3"))
                            .with_primary(crate::tr!("names-second-territory"))
                            .with_label(first.span, crate::tr!("names-first-defined-here"))
                            .with_help(crate::tr!("names-map-every-place-in-one")),
                    ),
                    None => d.territory = Some(t),
                },
                ast::Decl::Clock(c) => match d.clock {
                    Some(first) => diags.push(
                        Diagnostic::error(Code::DuplicateName, c.span, crate::tr!("names-the-rule-set-has-two-4"))
                            .with_primary(crate::tr!("names-second-clock"))
                            .with_label(first.span, crate::tr!("names-first-defined-here"))
                            .with_help(crate::tr!("names-keep-one-clock-attr-default")),
                    ),
                    None => d.clock = Some(c),
                },
            }
        }
    }
    d
}

fn attribute(diags: &mut Diags, d: &mut Decls<'_>, a: &ast::AttrDecl) {
    let domain = match (&a.domain, a.ty) {
        (None, _) => None,
        (Some(values), Type::Symbol) => {
            let mut out: Vec<String> = Vec::new();
            let mut spans: Vec<Span> = Vec::new();
            for v in values {
                match out.iter().position(|x| *x == v.text) {
                    Some(i) => diags.push(
                        Diagnostic::error(
                            Code::DuplicateName,
                            v.span,
                            crate::tr!("names-is-listed-twice-in-the", v = v.text, a_name = a.name.text),
                        )
                        .with_primary(crate::tr!("names-listed-again-here"))
                        .with_label(spans.get(i).copied().unwrap_or(v.span), crate::tr!("names-first-defined-here"))
                        .with_help(crate::tr!("names-remove-the-repeated-value")),
                    ),
                    None => {
                        out.push(v.text.clone());
                        spans.push(v.span);
                    }
                }
            }
            if out.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::Type,
                        a.ty_span,
                        crate::tr!("names-has-an-empty-domain-no", a_name = a.name.text),
                    )
                    .with_primary(crate::tr!("names-no-values-listed"))
                    .with_help(crate::tr!("names-list-the-values-or-leave")),
                );
            }
            Some(out)
        }
        (Some(values), ty) => {
            let span = values.first().map_or(a.ty_span, |v| a.ty_span.to(v.span));
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    span,
                    crate::tr!("names-is-declared-only-a-symbol", a_name = a.name.text, ty = ty.as_str()),
                )
                .with_primary(crate::tr!("names-a-domain-on-a-non"))
                .with_help(crate::tr!("names-declare-symbol-or-remove-the", a_name = a.name.text)),
            );
            None
        }
    };
    let range = a.range.as_ref().and_then(|r| number_range(diags, a, r));
    let index = d.attrs.len();
    if symbol(diags, d, &a.name, Sym::Attr(index)) {
        let label = a.label.as_ref().map(|l| l.value.clone());
        d.attrs.push(Attr { name: a.name.text.clone(), ty: a.ty, domain, label, range, span: a.name.span });
    }
}

/// A `number` attribute's range (v2): on another type, or with its start
/// after its end, a `type` error (docs/spec.md §8a).
fn number_range(diags: &mut Diags, a: &ast::AttrDecl, r: &ast::NumRange) -> Option<(Option<f64>, Option<f64>)> {
    if a.ty != Type::Number {
        diags.push(
            Diagnostic::error(
                Code::Type,
                r.span,
                crate::tr!("names-is-declared-only-a-number", a_name = a.name.text, a_ty = a.ty.as_str()),
            )
            .with_primary(crate::tr!("names-a-range-on-a-non"))
            .with_help(crate::tr!(
                "names-declare-number-or-remove-the",
                a_name = a.name.text,
                min_max = "MIN..MAX"
            )),
        );
        return None;
    }
    let finite = |n: Option<f64>| n.is_none_or(f64::is_finite);
    if !finite(r.min) || !finite(r.max) {
        diags.push(
            Diagnostic::error(Code::Type, r.span, crate::tr!("names-a-bound-of-the-range"))
                .with_primary(crate::tr!("names-not-a-finite-number"))
                .with_help(crate::tr!("names-write-a-smaller-bound-or")),
        );
        return None;
    }
    if let (Some(lo), Some(hi)) = (r.min, r.max) {
        if lo > hi {
            diags.push(
                Diagnostic::error(
                    Code::Type,
                    r.span,
                    crate::tr!("names-the-range-of-starts-after", a_name = a.name.text),
                )
                .with_primary(crate::tr!("names-is-above", lo = lo, hi = hi))
                .with_help(crate::tr!("names-write-the-smaller-bound-first", hi = hi, lo = lo)),
            );
            return None;
        }
    }
    Some((r.min, r.max))
}

/// Enters a name in the attribute/define/words namespace; false on a duplicate.
fn symbol(diags: &mut Diags, d: &mut Decls<'_>, name: &Ident, sym: Sym) -> bool {
    if let Some((first, first_span)) = d.symbols.get(&name.text) {
        diags.push(
            Diagnostic::error(Code::DuplicateName, name.span, crate::tr!("names-is-defined-twice", name = name.text))
                .with_primary(crate::tr!("names-defined-again-here-as", sym_describe = sym.describe()))
                .with_label(*first_span, crate::tr!("names-first-defined-here"))
                .with_help(crate::tr!(
                    "names-is-already-attributes-define-s",
                    name = name.text,
                    first_describe = first.describe()
                )),
        );
        return false;
    }
    d.symbols.insert(name.text.clone(), (sym, name.span));
    true
}

fn department(diags: &mut Diags, d: &mut Decls<'_>, dep: &ast::Department) {
    if let Some(first) = d.dept_ids.get(&dep.id.text) {
        let first_span = d.depts.get(first.index()).map_or(dep.id.span, |x| x.span);
        diags.push(
            Diagnostic::error(
                Code::DuplicateName,
                dep.id.span,
                crate::tr!("names-department-is-declared-twice", dep_id = dep.id.text),
            )
            .with_primary(crate::tr!("names-declared-again-here"))
            .with_label(first_span, crate::tr!("names-first-defined-here"))
            .with_help(crate::tr!("names-department-ids-are-unique-remove")),
        );
        return;
    }
    let id = DeptId(u32::try_from(d.depts.len()).unwrap_or(u32::MAX));
    d.dept_ids.insert(dep.id.text.clone(), id);
    let name = dep.display.as_ref().map_or_else(|| dep.id.text.clone(), |s| s.value.clone());
    d.depts.push(Dept { id: dep.id.text.clone(), name, span: dep.id.span });
}

/// Enters a matter or item name; false on a duplicate.
fn node_name(diags: &mut Diags, d: &mut Decls<'_>, name: &Ident, node: NodeRef) -> bool {
    if let Some((first, first_span)) = d.nodes.get(&name.text) {
        let (what, first_what) = (node_kind(node), node_kind(*first));
        diags.push(
            Diagnostic::error(Code::DuplicateName, name.span, crate::tr!("names-is-defined-twice", name = name.text))
                .with_primary(crate::tr!("names-defined-again-here-as-2", what = what))
                .with_label(*first_span, crate::tr!("names-first-defined-here"))
                .with_help(crate::tr!("names-is-already-matter-and-item", name = name.text, first_what = first_what)),
        );
        return false;
    }
    d.nodes.insert(name.text.clone(), (node, name.span));
    true
}

fn node_kind(node: NodeRef) -> crate::i18n::Text {
    match node {
        NodeRef::Matter(_) => crate::tr!("kind-a-matter"),
        NodeRef::Item(_) => crate::tr!("kind-an-item"),
    }
}

fn matter<'a>(diags: &mut Diags, d: &mut Decls<'a>, m: &'a ast::Matter, parent: Option<MatterId>, outer: &[MatterId]) {
    let id = MatterId(u32::try_from(d.matters.len()).unwrap_or(u32::MAX));
    node_name(diags, d, &m.name, NodeRef::Matter(id));
    let mut path = outer.to_vec();
    path.push(id);
    let clauses = clauses(diags, &m.clauses, "matter");
    d.matters.push(MatterDecl {
        name: &m.name,
        title: m.title.as_ref(),
        parent,
        path: path.clone(),
        clauses,
        span: m.span,
    });
    for child in &m.children {
        match child {
            ast::Node::Matter(inner) => matter(diags, d, inner, Some(id), &path),
            ast::Node::Item(i) => item(diags, d, i, Some(id), &path),
        }
    }
}

fn item<'a>(diags: &mut Diags, d: &mut Decls<'a>, i: &'a ast::Item, parent: Option<MatterId>, path: &[MatterId]) {
    let id = ItemId(u32::try_from(d.items.len()).unwrap_or(u32::MAX));
    node_name(diags, d, &i.name, NodeRef::Item(id));
    let clauses = clauses(diags, &i.clauses, "item");
    d.items.push(ItemDecl {
        name: &i.name,
        title: i.title.as_ref(),
        parent,
        path: path.to_vec(),
        clauses,
        span: i.span,
    });
}

/// Sorts a block's clauses into slots: `near`, `like`, `priority` and `over`
/// only on items; each clause once except `basis` and `note`.
fn clauses<'a>(diags: &mut Diags, list: &'a [ast::Clause], block: &str) -> Clauses<'a> {
    let mut c = Clauses::default();
    let mut seen: Vec<(&'static str, Span)> = Vec::new();
    for clause in list {
        let kw = clause.kind.keyword();
        let item_only = matches!(
            clause.kind,
            ClauseKind::Near(_) | ClauseKind::Like(_) | ClauseKind::Priority(_) | ClauseKind::Over(_)
        );
        if item_only && block != "item" {
            diags.push(
                Diagnostic::error(
                    Code::Syntax,
                    clause.span,
                    crate::tr!("names-is-only-allowed-on-an", kw = kw, block = block),
                )
                .with_primary(crate::tr!("names-on-a", kw = kw, block = block))
                .with_help(crate::tr!("names-move-into-the-s-items", kw = kw, block = block)),
            );
            continue;
        }
        let repeatable = matches!(clause.kind, ClauseKind::Basis(_) | ClauseKind::Note(_));
        if !repeatable {
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == kw) {
                diags.push(
                    Diagnostic::error(
                        Code::Syntax,
                        clause.span,
                        crate::tr!("names-is-given-twice-in-this", kw = kw, block = block),
                    )
                    .with_primary(crate::tr!("names-given-again-here"))
                    .with_label(*first, crate::tr!("names-first-given-here"))
                    .with_help(match kw {
                        "when" | "near" => crate::tr!("names-combine-conditions", kw = kw),
                        "assist" | "liaise" | "over" => crate::tr!("names-list-in-one-clause", kw = kw),
                        _ => crate::tr!("names-keep-one-clause", kw = kw),
                    }),
                );
                continue;
            }
            seen.push((kw, clause.span));
        }
        match &clause.kind {
            ClauseKind::When(cond) => c.when = Some(cond),
            ClauseKind::Near(cond) => c.near = Some(cond),
            ClauseKind::Lead(id) => c.lead = Some(id),
            ClauseKind::Assist(ids) => c.assist = Some(ids),
            ClauseKind::Liaise(ids) => c.liaise = Some(ids),
            ClauseKind::Like(id) => c.like = Some(id),
            ClauseKind::Basis(s) => c.basis.push(s),
            ClauseKind::Note(s) => c.notes.push(s),
            ClauseKind::Priority(p) => c.priority = Some(*p),
            ClauseKind::Over(ids) => c.over = Some(ids),
            ClauseKind::Effective(r) => c.effective = Some((r, clause.span)),
            ClauseKind::Deadline(dl, at) => c.deadline = Some((*dl, *at)),
        }
    }
    c
}

/// Reports an unknown department. Authors often write a department's display
/// name (`区住房和城乡建设局`) or a short form of it (`城管局` for `城市管理局`)
/// where the id goes: both are recognised, and the help names the id to write.
pub(super) fn unknown_dept(diags: &mut Diags, d: &Decls<'_>, id: &Ident) {
    let text = id.text.as_str();
    let help = if let Some(dept) = d.depts.iter().find(|x| x.name == text) {
        crate::tr!("names-display-name-write-id", text = text, id = dept.id.as_str())
    } else if let Some(help) = suggest_help(text, d.dept_ids.keys().map(String::as_str)) {
        help
    } else {
        // A short form keeps the characters of the display name in order.
        let by_name: Vec<String> = d
            .depts
            .iter()
            .filter(|x| text.chars().count() >= 2 && is_subsequence(text, &x.name))
            .take(3)
            .map(|x| format!("`{}` ({})", x.id, x.name))
            .collect();
        if by_name.is_empty() {
            crate::tr!("names-declare-department")
        } else {
            crate::tr!("names-did-you-mean-by-name", candidates = by_name)
        }
    };
    diags.push(
        Diagnostic::error(Code::UnknownName, id.span, crate::tr!("names-there-is-no-department", text = text))
            .with_primary(crate::tr!("names-not-declared"))
            .with_help(help),
    );
}

/// Whether the characters of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Reports `name` as no declared item, suggesting the nearest item name
/// (`like`, `expect item`, `expect split`), else `help`.
pub(super) fn unknown_item(diags: &mut Diags, d: &Decls<'_>, name: &Ident, help: crate::i18n::Text) {
    let items = d.nodes.iter().filter(|(_, (n, _))| matches!(n, NodeRef::Item(_))).map(|(k, _)| k.as_str());
    unknown(diags, name, crate::tr!("cases-there-is-no-item-named", name = name.text), items, help);
}

/// Reports an unknown name, suggesting the nearest declared one.
pub(super) fn unknown<'n>(
    diags: &mut Diags,
    name: &Ident,
    message: crate::i18n::Text,
    candidates: impl Iterator<Item = &'n str>,
    fallback_help: crate::i18n::Text,
) {
    let help = suggest_help(&name.text, candidates).unwrap_or(fallback_help);
    diags.push(
        Diagnostic::error(Code::UnknownName, name.span, message)
            .with_primary(crate::tr!("names-not-declared"))
            .with_help(help),
    );
}
