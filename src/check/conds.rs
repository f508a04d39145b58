//! Conditions: names resolved, types checked, `define`s and `words` expanded,
//! keywords folded, `and`s flattened (docs/spec.md §4).

use super::graph::{self, Edges};
use super::names::{unknown, Decls, Sym};
use super::Diags;
use crate::diagnostic::{Code, Diagnostic};
use crate::fold::fold;
use crate::i18n::ToArg;
use crate::ir::{Atom, AttrId, Cond, Keyword, Type, Value};
use crate::syntax::ast::{self, AtomKind, HasMode, Ident};

/// The lowered form of every `define` and `words` list, ready for expansion.
pub(super) struct Lowerer<'d, 'a> {
    decls: &'d Decls<'a>,
    /// `None` when the define is broken (its errors are already reported).
    defines: Vec<Option<(Cond, usize)>>,
    /// Each `words` list's keywords, folded, empty ones dropped.
    words: Vec<Vec<Keyword>>,
    /// Bounds the depth of conditions once `define`s are expanded: a chain of
    /// `define`s each one `not` deeper than the last is shallow in the text
    /// but deep in the IR, and every later stage recurses on it.
    limits: crate::limits::Limits,
}

impl<'d, 'a> Lowerer<'d, 'a> {
    /// Checks every `words` list and `define` (once, where they are declared).
    pub(super) fn new(diags: &mut Diags, decls: &'d Decls<'a>, limits: &crate::limits::Limits) -> Lowerer<'d, 'a> {
        let words = decls.words.iter().map(|w| words_list(diags, w)).collect();
        let mut me = Lowerer { decls, defines: vec![None; decls.defines.len()], words, limits: *limits };
        me.lower_defines(diags);
        me
    }

    /// Lowers defines dependencies first; a cycle is reported once and its
    /// members stay broken.
    fn lower_defines(&mut self, diags: &mut Diags) {
        let mut edges: Edges = vec![Vec::new(); self.decls.defines.len()];
        for (i, def) in self.decls.defines.iter().enumerate() {
            let mut refs = Vec::new();
            bare_names(&def.cond, &mut refs);
            for name in refs {
                if let Some((Sym::Define(j), _)) = self.decls.symbols.get(&name.text) {
                    if let Some(es) = edges.get_mut(i) {
                        es.push((*j, name.span));
                    }
                }
            }
        }
        for comp in graph::sccs(&edges) {
            if graph::is_cycle(&comp, &edges) {
                let steps = graph::cycle_path(&comp, &edges);
                let name = |i: usize| self.decls.defines.get(i).map_or("?", |d| d.name.text.as_str());
                let chain: Vec<&str> =
                    steps.iter().map(|(from, _)| name(*from)).chain(steps.first().map(|s| name(s.0))).collect();
                if let Some(((first, span), rest)) = steps.split_first() {
                    let mut diag = Diagnostic::error(
                        Code::Cycle,
                        *span,
                        crate::tr!(
                            "conds-define-refers-back-to-itself",
                            name_first = name(*first),
                            chain_join = chain.join(" → ")
                        ),
                    )
                    .with_primary(crate::tr!("conds-uses-this", name_first = name(*first)))
                    .with_help(crate::tr!("conds-a-define-cannot-depend-on"));
                    for (from, s) in rest {
                        diag = diag.with_label(*s, crate::tr!("conds-uses-this-2", name_from = name(*from)));
                    }
                    diags.push(diag);
                }
                continue;
            }
            for i in comp {
                let Some(def) = self.decls.defines.get(i) else {
                    continue;
                };
                let lowered = self.sized(diags, &def.cond).filter(|(c, _)| self.shallow(diags, c, &def.cond));
                if let Some(slot) = self.defines.get_mut(i) {
                    *slot = lowered;
                }
            }
        }
    }

    /// Lowers one condition; `None` when it has errors (all reported).
    pub(super) fn cond(&self, diags: &mut Diags, c: &ast::Cond) -> Option<Cond> {
        self.sized(diags, c).map(|(c, _)| c).filter(|lowered| self.shallow(diags, lowered, c))
    }

    /// Whether `lowered` (written as `written`) nests within the limit; a
    /// `limit` error when not.
    fn shallow(&self, diags: &mut Diags, lowered: &Cond, written: &ast::Cond) -> bool {
        match super::limits::cond_depth(&self.limits, lowered, written.span()) {
            Some(d) => {
                diags.push(d);
                false
            }
            None => true,
        }
    }

    /// Lowers a condition and counts its nodes. `define`s expand inline, so
    /// a few lines can stand for an enormous condition (each `define` doubling
    /// the last); past [`MAX_COND_SIZE`] nodes lowering stops with a `limit`
    /// error before the copies exhaust memory.
    fn sized(&self, diags: &mut Diags, c: &ast::Cond) -> Option<(Cond, usize)> {
        match c {
            ast::Cond::Or(ops, span) | ast::Cond::And(ops, span) => {
                let mut lowered = Vec::with_capacity(ops.len());
                let mut failed = false;
                let mut size = 1usize;
                for op in ops {
                    match self.sized(diags, op) {
                        Some((c, n)) if !failed => {
                            size = size.saturating_add(n);
                            if size > MAX_COND_SIZE {
                                diags.push(too_large(*span));
                                return None;
                            }
                            lowered.push(c);
                        }
                        Some(_) => {}
                        None => failed = true,
                    }
                }
                if failed {
                    return None;
                }
                let cond = match c {
                    ast::Cond::And(..) => Cond::and(lowered)?,
                    _ if lowered.len() <= 1 => lowered.pop()?,
                    _ => Cond::Or(lowered),
                };
                Some((cond, size))
            }
            ast::Cond::Not(inner, span) => {
                let (c, n) = self.sized(diags, inner)?;
                if n >= MAX_COND_SIZE {
                    diags.push(too_large(*span));
                    return None;
                }
                Some((Cond::Not(Box::new(c)), n + 1))
            }
            ast::Cond::Paren(inner, _) => self.sized(diags, inner),
            ast::Cond::Atom(a) => {
                if a.kind == AtomKind::Bare {
                    if let Some((Sym::Define(i), _)) = self.decls.symbols.get(&a.attr.text) {
                        return self.defines.get(*i).cloned().flatten();
                    }
                }
                self.atom(diags, a).map(|c| (c, 1))
            }
        }
    }

    fn atom(&self, diags: &mut Diags, a: &ast::Atom) -> Option<Cond> {
        let name = &a.attr;
        let Some((sym, _)) = self.decls.symbols.get(&name.text) else {
            unknown(
                diags,
                name,
                crate::tr!("conds-there-is-no-attribute-define", name = name.text),
                self.decls.symbols.keys().map(String::as_str),
                crate::tr!("conds-declare-it-in-the-schema"),
            );
            return None;
        };
        let attr_index = match (*sym, &a.kind) {
            (Sym::Define(i), AtomKind::Bare) => return self.defines.get(i).cloned().flatten().map(|(c, _)| c),
            (Sym::Attr(i), _) => i,
            (other, kind) => {
                let help = match other {
                    Sym::Words(_) => match self.first_text_attr() {
                        Some(t) => crate::tr!("conds-words-after-has", attr = t, name = name.text),
                        None => crate::tr!("conds-words-after-has-text"),
                    },
                    _ => crate::tr!("conds-use-on-its-own", name = name.text),
                };
                let what = match kind {
                    AtomKind::Bare => crate::tr!("kind-a-condition"),
                    _ => crate::tr!("kind-an-attribute"),
                };
                diags.push(
                    Diagnostic::error(
                        Code::Type,
                        name.span,
                        crate::tr!("conds-is-not", name = name.text, other_describe = other.describe(), what = what),
                    )
                    .with_primary(crate::tr!("conds-used-as", other_describe = other.describe(), what = what))
                    .with_help(help),
                );
                return None;
            }
        };
        let attr = self.decls.attrs.get(attr_index)?;
        let id = AttrId(u32::try_from(attr_index).unwrap_or(u32::MAX));
        let ty = attr.ty;
        let mismatch =
            |diags: &mut Diags, needs: crate::i18n::Text, what: crate::i18n::Arg, help: crate::i18n::Text| {
                diags.push(
                    Diagnostic::error(
                        Code::Type,
                        a.span,
                        crate::tr!(
                            "conds-is-declared-needs",
                            name = name.text,
                            ty = ty.as_str(),
                            what = what,
                            needs = needs
                        ),
                    )
                    .with_primary(crate::tr!("conds-is", name = name.text, ty = ty.as_str()))
                    .with_help(help),
                );
            };
        match &a.kind {
            AtomKind::Bare => {
                if ty == Type::Bool {
                    return Some(Cond::Atom(Atom::IsTrue { attr: id }));
                }
                mismatch(
                    diags,
                    crate::tr!("conds-a-bool-attribute-or-a"),
                    crate::tr!("conds-a-bare-name").to_arg(),
                    usage_help(&name.text, ty),
                );
                None
            }
            AtomKind::Has { mode, keywords, .. } => {
                if ty != Type::Text {
                    mismatch(
                        diags,
                        crate::tr!("conds-a-text-attribute"),
                        crate::tr!("conds-has").to_arg(),
                        usage_help(&name.text, ty),
                    );
                    // Still check the keywords, so every error shows at once.
                    let _ = self.keywords(diags, keywords);
                    return None;
                }
                let kws = self.keywords(diags, keywords)?;
                if kws.is_empty() {
                    diags.push(
                        Diagnostic::error(Code::Type, a.span, crate::tr!("conds-has-needs-at-least-one"))
                            .with_primary(crate::tr!("conds-no-keywords"))
                            .with_help(crate::tr!("conds-add-keywords-to-the-words")),
                    );
                    return None;
                }
                Some(Cond::Atom(Atom::Has { attr: id, keywords: kws, all: *mode == HasMode::All }))
            }
            AtomKind::Eq(v) | AtomKind::Ne(v) => {
                let op = if matches!(a.kind, AtomKind::Eq(_)) { "`=`" } else { "`!=`" };
                if ty == Type::Text {
                    mismatch(
                        diags,
                        crate::tr!("conds-a-symbol-bool-number-date-attribute"),
                        op.to_arg(),
                        usage_help(&name.text, ty),
                    );
                    return None;
                }
                let value = self.value(diags, attr_index, v)?;
                Some(Cond::Atom(match a.kind {
                    AtomKind::Eq(_) => Atom::Eq { attr: id, value },
                    _ => Atom::Ne { attr: id, value },
                }))
            }
            AtomKind::In(vs) => {
                if !matches!(ty, Type::Symbol | Type::Bool | Type::Number) {
                    mismatch(
                        diags,
                        crate::tr!("conds-a-symbol-bool-number-attribute"),
                        crate::tr!("conds-in").to_arg(),
                        usage_help(&name.text, ty),
                    );
                    return None;
                }
                let lowered: Vec<Option<Value>> = vs.iter().map(|v| self.value(diags, attr_index, v)).collect();
                let lowered: Option<Vec<Value>> = lowered.into_iter().collect();
                let mut values: Vec<Value> = Vec::new();
                for v in lowered? {
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
                Some(Cond::Atom(Atom::In { attr: id, values }))
            }
            AtomKind::Cmp(op, n) => {
                if ty != Type::Number {
                    mismatch(
                        diags,
                        crate::tr!("conds-a-number-attribute"),
                        format!("`{}`", op.as_str()).to_arg(),
                        usage_help(&name.text, ty),
                    );
                    return None;
                }
                if !n.is_finite() {
                    diags.push(
                        Diagnostic::error(Code::Type, a.span, crate::tr!("conds-the-number-is-too-large"))
                            .with_primary(crate::tr!("names-not-a-finite-number"))
                            .with_help(crate::tr!("conds-write-a-smaller-bound")),
                    );
                    return None;
                }
                Some(Cond::Atom(Atom::Cmp { attr: id, op: *op, value: *n }))
            }
            AtomKind::CmpDate(op, date) => {
                if ty != Type::Date {
                    mismatch(
                        diags,
                        crate::tr!("conds-a-date-attribute"),
                        format!("`{} {date}`", op.as_str()).to_arg(),
                        usage_help(&name.text, ty),
                    );
                    return None;
                }
                // Dates compare as their day numbers (docs/spec.md §4).
                Some(Cond::Atom(Atom::Cmp { attr: id, op: *op, value: f64::from(date.days()) }))
            }
        }
    }

    /// A symbol or bool value for the attribute at `attr_index`.
    fn value(&self, diags: &mut Diags, attr_index: usize, v: &ast::Value) -> Option<Value> {
        let attr = self.decls.attrs.get(attr_index)?;
        match (attr.ty, v) {
            (Type::Number, ast::Value::Number(n, span)) => {
                if !n.is_finite() {
                    diags.push(
                        Diagnostic::error(Code::Type, *span, crate::tr!("conds-the-number-is-too-large"))
                            .with_primary(crate::tr!("names-not-a-finite-number"))
                            .with_help(crate::tr!("cases-write-a-smaller-number")),
                    );
                    return None;
                }
                Some(Value::Number(*n))
            }
            (Type::Date, ast::Value::Date(d, _)) => Some(Value::Number(f64::from(d.days()))),
            (Type::Number | Type::Date, other) => {
                let (what, help) = match (attr.ty, other) {
                    (Type::Number, _) => (
                        crate::tr!("conds-compare-with-a-number", name = attr.name),
                        crate::tr!("conds-write-a-number", name = attr.name),
                    ),
                    _ => (
                        crate::tr!("conds-compare-with-a-date", name = attr.name),
                        crate::tr!("conds-write-a-date", name = attr.name),
                    ),
                };
                let given = match other {
                    ast::Value::Number(..) => "number",
                    ast::Value::Date(..) => "date",
                    ast::Value::Bool(..) => "bool",
                    ast::Value::Symbol(_) => "name",
                };
                diags.push(
                    Diagnostic::error(Code::Type, other.span(), what)
                        .with_primary(crate::tr!("conds-given-not-type", given = given, ty = attr.ty.as_str()))
                        .with_help(help),
                );
                None
            }
            (Type::Bool, ast::Value::Bool(b, _)) => Some(Value::Bool(*b)),
            (Type::Bool, ast::Value::Symbol(s)) => {
                diags.push(
                    Diagnostic::error(
                        Code::Type,
                        s.span,
                        crate::tr!("conds-is-declared-bool-compare-it", attr_name = attr.name, s = s.text),
                    )
                    .with_primary(crate::tr!("conds-not-a-bool"))
                    .with_help(crate::tr!("conds-write-true-or-false", attr_name = attr.name)),
                );
                None
            }
            (_, ast::Value::Bool(b, span)) => {
                diags.push(
                    Diagnostic::error(
                        Code::Type,
                        *span,
                        crate::tr!("conds-is-declared-symbol-is-a", attr_name = attr.name, b = b),
                    )
                    .with_primary(crate::tr!("conds-a-bool-value"))
                    .with_help(crate::tr!("conds-to-mean-the-symbol-value", b = b)),
                );
                None
            }
            (_, ast::Value::Number(_, span) | ast::Value::Date(_, span)) => {
                let what = match v {
                    ast::Value::Number(..) => {
                        crate::tr!("conds-number-not-a-value", name = attr.name, ty = attr.ty.as_str())
                    }
                    _ => crate::tr!("conds-date-not-a-value", name = attr.name, ty = attr.ty.as_str()),
                };
                diags.push(
                    Diagnostic::error(Code::Type, *span, what)
                        .with_primary(crate::tr!("conds-not-one-of-its-values"))
                        .with_help(crate::tr!("conds-quote-symbol")),
                );
                None
            }
            (_, ast::Value::Symbol(s)) => {
                if let Some(domain) = &attr.domain {
                    if !domain.contains(&s.text) {
                        let help = super::suggest_help(&s.text, domain.iter().map(String::as_str))
                            .unwrap_or_else(|| crate::tr!("conds-use-a-listed-value", value = s.text));
                        diags.push(
                            Diagnostic::error(
                                Code::Type,
                                s.span,
                                crate::tr!(
                                    "conds-is-not-a-value-of",
                                    s = s.text,
                                    attr_name = attr.name,
                                    domain_join = domain.join(", ")
                                ),
                            )
                            .with_primary(crate::tr!("conds-not-in-the-domain"))
                            .with_help(help),
                        );
                        return None;
                    }
                }
                Some(Value::Symbol(s.text.clone()))
            }
        }
    }

    /// A `has` atom's keywords: strings and `words` lists, folded, repeats
    /// (after folding) kept once, first spelling kept.
    fn keywords(&self, diags: &mut Diags, list: &[ast::Keyword]) -> Option<Vec<Keyword>> {
        let mut out: Vec<Keyword> = Vec::new();
        let mut ok = true;
        let push = |k: Keyword, out: &mut Vec<Keyword>| {
            if !out.iter().any(|x| x.folded == k.folded) {
                out.push(k);
            }
        };
        for kw in list {
            match kw {
                ast::Keyword::Str(s) => match keyword(diags, s) {
                    Some(k) => push(k, &mut out),
                    None => ok = false,
                },
                ast::Keyword::Words(name) => match self.decls.symbols.get(&name.text) {
                    Some((Sym::Words(i), _)) => {
                        for k in self.words.get(*i).into_iter().flatten() {
                            push(k.clone(), &mut out);
                        }
                    }
                    Some((other, _)) => {
                        diags.push(
                            Diagnostic::error(
                                Code::Type,
                                name.span,
                                crate::tr!(
                                    "conds-is-not-a-words-list",
                                    name = name.text,
                                    other_describe = other.describe()
                                ),
                            )
                            .with_primary(crate::tr!("conds-not-a-words-list"))
                            .with_help(crate::tr!("conds-has-takes-strings-or-the")),
                        );
                        ok = false;
                    }
                    None => {
                        let candidates = self
                            .decls
                            .symbols
                            .iter()
                            .filter(|(_, (s, _))| matches!(s, Sym::Words(_)))
                            .map(|(k, _)| k.as_str());
                        unknown(
                            diags,
                            name,
                            crate::tr!("conds-there-is-no-words-list", name = name.text),
                            candidates,
                            crate::tr!("conds-declare-it-with-words-name"),
                        );
                        ok = false;
                    }
                },
            }
        }
        ok.then_some(out)
    }

    fn first_text_attr(&self) -> Option<&str> {
        self.decls.attrs.iter().find(|a| a.ty == Type::Text).map(|a| a.name.as_str())
    }
}

/// The most nodes one condition may have once `define`s are expanded.
pub(super) const MAX_COND_SIZE: usize = 100_000;

fn too_large(span: crate::source::Span) -> Diagnostic {
    Diagnostic::error(
        Code::Limit,
        span,
        crate::tr!("conds-this-condition-expands-to-more", max_cond_size = MAX_COND_SIZE),
    )
    .with_primary(crate::tr!("conds-too-large-once-define-s"))
    .with_help(crate::tr!("conds-a-define-used-many-times"))
}

/// One keyword string, folded; an empty one is an error.
fn keyword(diags: &mut Diags, s: &ast::Str) -> Option<Keyword> {
    let folded = fold(&s.value);
    if folded.is_empty() {
        diags.push(
            Diagnostic::error(Code::Type, s.span, crate::tr!("conds-an-empty-keyword-would-match"))
                .with_primary(crate::tr!("conds-empty-keyword"))
                .with_help(crate::tr!("conds-remove-it-or-write-the")),
        );
        return None;
    }
    Some(Keyword { raw: s.value.clone(), folded })
}

/// A `words` list's keywords; empty strings are reported here, once.
fn words_list(diags: &mut Diags, w: &ast::Words) -> Vec<Keyword> {
    let mut out: Vec<Keyword> = Vec::new();
    for s in &w.keywords {
        if let Some(k) = keyword(diags, s) {
            if !out.iter().any(|x| x.folded == k.folded) {
                out.push(k);
            }
        }
    }
    out
}

/// How an attribute of this type is tested, for `help`.
fn usage_help(name: &str, ty: Type) -> crate::i18n::Text {
    match ty {
        Type::Text => crate::tr!("conds-usage-text", name = name),
        Type::Symbol => crate::tr!("conds-usage-symbol", name = name),
        Type::Number => crate::tr!("conds-usage-number", name = name),
        Type::Bool => crate::tr!("conds-usage-bool", name = name),
        Type::Date => crate::tr!("conds-usage-date", name = name),
    }
}

/// Every bare name in a condition (candidates for `define` references).
fn bare_names<'c>(c: &'c ast::Cond, out: &mut Vec<&'c Ident>) {
    let mut stack = vec![c];
    let mut found = Vec::new();
    while let Some(c) = stack.pop() {
        match c {
            ast::Cond::Or(ops, _) | ast::Cond::And(ops, _) => stack.extend(ops.iter().rev()),
            ast::Cond::Not(inner, _) | ast::Cond::Paren(inner, _) => stack.push(inner),
            ast::Cond::Atom(a) => {
                if a.kind == AtomKind::Bare {
                    found.push(&a.attr);
                }
            }
        }
    }
    out.extend(found);
}
