//! Resource limits as configuration: how much a rule set may ask of the
//! process that loads it.
//!
//! zeren loads rules that people edit, inside services that run all day. A
//! hostile or broken file must come back as a `limit` diagnostic, never as a
//! stack overflow, an exhausted heap or a hang. [`Limits`] gathers every bound
//! in one value, chained by value like a `Config`:
//!
//! ```
//! use zeren::limits::Limits;
//!
//! let limits = Limits::new().max_items(500).max_file_bytes(1 << 20);
//! let rules = zeren::load::load_str_with("city.rules", r#"
//!     schema { text: text }
//!     department nync "农业农村局"
//!     item 种子 { when text has "种子" lead nync }
//! "#, &limits)?;
//! assert_eq!(rules.items.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Defaults, and why
//!
//! | limit | default | what it guards |
//! |---|---|---|
//! | [`max_nesting`](Limits::max_nesting) | 64 | the stack: brackets, blocks and `not`s, in the text and once `define`s are expanded |
//! | [`max_file_bytes`](Limits::max_file_bytes) | 8 MiB | memory and parse time per file |
//! | [`max_items`](Limits::max_items) | 20,000 | check, compile and the pairwise analysis (the shipped city list has under 300) |
//! | [`max_keyword_chars`](Limits::max_keyword_chars) | 256 | keyword automata and folding; a keyword is a word or phrase, not a document |
//! | [`analysis_budget`](Limits::analysis_budget) | 200,000 | steps of one satisfiability search in the analysis ([`crate::logic::Config::budget`]; the analyzer's own default) |
//!
//! Every stage after the parser walks conditions recursively, and in a debug
//! build one level of nesting costs about 10 KiB of stack across the pipeline
//! (measured: 200 nested parentheses overflow a 2 MiB test thread). 64 levels
//! keep a debug build inside a 2 MiB thread with room to spare; no hand-written
//! rule comes near it (the shipped rules nest at most 4 deep).
//!
//! pest's process-wide call limit is left alone: the nesting check runs before
//! pest sees the text, so the limit is per load, not per process.
#![deny(clippy::indexing_slicing)]

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::ast;

/// Resource limits for loading and analysing a rule set. See the
/// [module documentation](self) for the defaults.
///
/// ```
/// let limits = zeren::limits::Limits::default();
/// assert_eq!(limits.get_max_nesting(), 64);
/// assert_eq!(limits.get_max_file_bytes(), 8 << 20);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    max_nesting: usize,
    max_file_bytes: usize,
    max_items: usize,
    max_keyword_chars: usize,
    analysis_budget: u64,
}

/// The default nesting depth (see the [module documentation](self)).
pub const DEFAULT_MAX_NESTING: usize = 64;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_nesting: DEFAULT_MAX_NESTING,
            max_file_bytes: 8 << 20,
            max_items: 20_000,
            max_keyword_chars: 256,
            analysis_budget: 200_000,
        }
    }
}

impl Limits {
    /// The defaults.
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new(), zeren::limits::Limits::default());
    /// ```
    pub fn new() -> Limits {
        Limits::default()
    }

    /// How deep brackets, blocks and `not`s may nest, in the text and in a
    /// condition once `define`s are expanded. Values above 200 may overflow a
    /// 2 MiB thread stack in a debug build.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_nesting(8);
    /// let err = zeren::load::load_str_with("deep.rules", "schema { f: bool }\n\
    ///     department d\nitem x { when ((((((((((f)))))))))) lead d }", &limits);
    /// assert!(err.is_err());
    /// ```
    pub fn max_nesting(self, depth: usize) -> Limits {
        Limits { max_nesting: depth, ..self }
    }

    /// The largest file, in bytes.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_file_bytes(10);
    /// assert!(zeren::load::load_str_with("big.rules", "department scjg \"市场监督管理局\"", &limits).is_err());
    /// ```
    pub fn max_file_bytes(self, bytes: usize) -> Limits {
        Limits { max_file_bytes: bytes, ..self }
    }

    /// The most items in one rule set.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_items(1);
    /// let text = "schema { f: bool }\ndepartment d\nitem a { when f lead d }\nitem b { when f lead d }";
    /// assert!(zeren::load::load_str_with("two.rules", text, &limits).is_err());
    /// ```
    pub fn max_items(self, items: usize) -> Limits {
        Limits { max_items: items, ..self }
    }

    /// The longest keyword, in characters (before folding).
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_keyword_chars(2);
    /// let text = "schema { text: text }\ndepartment d\nitem a { when text has \"预付卡\" lead d }";
    /// assert!(zeren::load::load_str_with("long.rules", text, &limits).is_err());
    /// ```
    pub fn max_keyword_chars(self, chars: usize) -> Limits {
        Limits { max_keyword_chars: chars, ..self }
    }

    /// The step budget of one satisfiability search in the analysis.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().analysis_budget(5_000);
    /// assert_eq!(limits.logic_config().get_budget(), 5_000);
    /// ```
    pub fn analysis_budget(self, steps: u64) -> Limits {
        Limits { analysis_budget: steps, ..self }
    }

    /// See [`Limits::max_nesting`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().max_nesting(10).get_max_nesting(), 10);
    /// ```
    pub fn get_max_nesting(&self) -> usize {
        self.max_nesting
    }

    /// See [`Limits::max_file_bytes`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().max_file_bytes(10).get_max_file_bytes(), 10);
    /// ```
    pub fn get_max_file_bytes(&self) -> usize {
        self.max_file_bytes
    }

    /// See [`Limits::max_items`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().get_max_items(), 20_000);
    /// ```
    pub fn get_max_items(&self) -> usize {
        self.max_items
    }

    /// See [`Limits::max_keyword_chars`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().get_max_keyword_chars(), 256);
    /// ```
    pub fn get_max_keyword_chars(&self) -> usize {
        self.max_keyword_chars
    }

    /// See [`Limits::analysis_budget`].
    ///
    /// ```
    /// assert_eq!(zeren::limits::Limits::new().get_analysis_budget(), 200_000);
    /// ```
    pub fn get_analysis_budget(&self) -> u64 {
        self.analysis_budget
    }

    /// The solver configuration for the analysis.
    ///
    /// ```
    /// let config = zeren::limits::Limits::default().logic_config();
    /// assert_eq!(config.get_budget(), 200_000);
    /// ```
    pub fn logic_config(&self) -> crate::logic::Config {
        crate::logic::Config::new().budget(self.analysis_budget)
    }

    /// A `limit` error when `text` (the file `file`) is larger than allowed.
    ///
    /// ```
    /// use zeren::source::FileId;
    /// let limits = zeren::limits::Limits::new().max_file_bytes(4);
    /// assert!(limits.file_size(FileId(0), "12345").is_some());
    /// assert!(limits.file_size(FileId(0), "1234").is_none());
    /// ```
    pub fn file_size(&self, file: FileId, text: &str) -> Option<Diagnostic> {
        (text.len() > self.max_file_bytes).then(|| {
            Diagnostic::error(
                Code::Limit,
                Span::new(file, 0, 0),
                format!("the file is {} bytes, more than the limit of {} bytes", text.len(), self.max_file_bytes),
            )
            .with_primary("file too large")
            .with_help("split the rule set into several files, or raise `Limits::max_file_bytes`")
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
    /// let errors = limits.syntax_trees(&[(FileId(0), ast)]);
    /// assert_eq!(errors[0].code.as_str(), "limit");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn syntax_trees(&self, files: &[(FileId, ast::File)]) -> Vec<Diagnostic> {
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
                        if items == self.max_items.saturating_add(1) {
                            errors.push(self.too_many_items(item.name.span));
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
                                    if items == self.max_items.saturating_add(1) {
                                        errors.push(self.too_many_items(item.name.span));
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
                    if chars > self.max_keyword_chars {
                        errors.push(
                            Diagnostic::error(
                                Code::Limit,
                                s.span,
                                format!(
                                    "this keyword is {chars} characters long, more than the limit of {}",
                                    self.max_keyword_chars
                                ),
                            )
                            .with_primary("keyword too long")
                            .with_help("a keyword is a word or short phrase found in the ticket text; use a shorter, distinctive part"),
                        );
                    }
                }
            }
        }
        errors
    }

    fn too_many_items(&self, span: Span) -> Diagnostic {
        Diagnostic::error(Code::Limit, span, format!("the rule set declares more than {} items", self.max_items))
            .with_primary("one item too many")
            .with_help("raise `Limits::max_items` if this many items are intended")
    }

    /// A `limit` error when `cond` (lowered, `define`s expanded) nests deeper
    /// than [`Limits::max_nesting`]; `span` is where it was written.
    ///
    /// ```
    /// use zeren::ir::{AttrId, Atom, Cond};
    /// use zeren::source::{FileId, Span};
    ///
    /// let mut c = Cond::Atom(Atom::IsTrue { attr: AttrId(0) });
    /// for _ in 0..10 {
    ///     c = Cond::Not(Box::new(c));
    /// }
    /// let span = Span::new(FileId(0), 0, 1);
    /// assert!(zeren::limits::Limits::new().max_nesting(5).cond_depth(&c, span).is_some());
    /// assert!(zeren::limits::Limits::new().cond_depth(&c, span).is_none());
    /// ```
    pub fn cond_depth(&self, cond: &crate::ir::Cond, span: Span) -> Option<Diagnostic> {
        let depth = depth(cond);
        (depth > self.max_nesting).then(|| {
            Diagnostic::error(
                Code::Limit,
                span,
                format!(
                    "this condition nests {depth} levels deep once `define`s are expanded, more than the limit of {}",
                    self.max_nesting
                ),
            )
            .with_primary("too deep once `define`s are expanded")
            .with_help("each `define` used inside another adds its depth; write the chain as one flatter condition")
        })
    }
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
