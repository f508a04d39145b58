//! The syntax tree of one `.rules` file, with a span on every node.
//!
//! The AST is what the author wrote, unresolved: names are strings, `define`
//! and `words` are not expanded, and nothing is checked beyond the grammar.

use crate::source::Span;
pub use crate::vocab::{CmpOp, Date, TimeUnit, Type};

/// A name or string as written, with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The text (escapes resolved for strings).
    pub text: String,
    /// Where.
    pub span: Span,
    /// Whether it was written as a quoted string.
    pub quoted: bool,
}

/// A string literal.
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    /// The value, escapes resolved.
    pub value: String,
    /// Where (quotes included).
    pub span: Span,
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    /// Its declarations, in order.
    pub decls: Vec<Decl>,
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    /// `ruleset "…" version "…"`
    Header(Header),
    /// `schema { … }`
    Schema(Vec<AttrDecl>),
    /// `department id "name"`
    Department(Department),
    /// `coordinator id`
    Coordinator(Ident),
    /// `territory attr { … }` (v2)
    Territory(Territory),
    /// `clock attr default DATE` (v2)
    Clock(Clock),
    /// `matter …`
    Matter(Matter),
    /// `item …`
    Item(Item),
    /// `words name = [...]`
    Words(Words),
    /// `define name = cond`
    Define(Define),
    /// `fallback { nearest threshold n }`
    Fallback(Fallback),
    /// `test "…" { … }`
    Test(Test),
}

/// `ruleset "name" version "v"`
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The rule set's name.
    pub name: Str,
    /// Its version.
    pub version: Option<Str>,
    /// The whole declaration.
    pub span: Span,
}

/// `name: type [domain]`
#[derive(Clone, Debug, PartialEq)]
pub struct AttrDecl {
    /// The attribute's name.
    pub name: Ident,
    /// Its type.
    pub ty: Type,
    /// The span of the type keyword.
    pub ty_span: Span,
    /// The closed domain, if listed.
    pub domain: Option<Vec<Ident>>,
    /// Its name for people (v2), the string after its name.
    pub label: Option<Str>,
    /// A number's range (v2), if given.
    pub range: Option<NumRange>,
}

/// `MIN..MAX`, `MIN..` or `..MAX` after a `number` type (v2).
#[derive(Clone, Debug, PartialEq)]
pub struct NumRange {
    /// The least value allowed, inclusive.
    pub min: Option<f64>,
    /// The greatest value allowed, inclusive.
    pub max: Option<f64>,
    /// The range as written.
    pub span: Span,
}

/// `territory attr { a, b -> dept … otherwise dept }` (v2).
#[derive(Clone, Debug, PartialEq)]
pub struct Territory {
    /// The `symbol` attribute that names the ticket's place.
    pub attr: Ident,
    /// The lines `a, b -> dept`, in order.
    pub lines: Vec<TerritoryLine>,
    /// The department of a missing or unlisted place.
    pub otherwise: Ident,
    /// The whole block.
    pub span: Span,
}

/// `a, b -> dept`
#[derive(Clone, Debug, PartialEq)]
pub struct TerritoryLine {
    /// The places.
    pub values: Vec<Ident>,
    /// Their department.
    pub dept: Ident,
}

/// `clock attr default DATE` (v2).
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    /// The `date` attribute that dates a ticket.
    pub attr: Ident,
    /// The date of a ticket without it.
    pub default: Date,
    /// The default date as written.
    pub default_span: Span,
    /// The whole declaration.
    pub span: Span,
}

/// `DATE..DATE`, `DATE..` or `..DATE` (v2), both ends inclusive.
#[derive(Clone, Debug, PartialEq)]
pub struct DateRange {
    /// The first day, if bounded below.
    pub start: Option<Date>,
    /// The last day, if bounded above.
    pub end: Option<Date>,
}

/// `N UNIT` of a `deadline` (v2), as written (`N` is checked to be positive later).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Deadline {
    /// The number of units.
    pub value: i64,
    /// The unit.
    pub unit: TimeUnit,
}

/// A department in a role, or (v2) the word `territory`.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// A department id.
    Dept(Ident),
    /// `territory`: the department the `territory` block maps the ticket's place to.
    Territory(Span),
}

impl Role {
    /// Where the role is written.
    pub fn span(&self) -> Span {
        match self {
            Role::Dept(id) => id.span,
            Role::Territory(s) => *s,
        }
    }
}

/// `department id "display"`
#[derive(Clone, Debug, PartialEq)]
pub struct Department {
    /// The id.
    pub id: Ident,
    /// The display name.
    pub display: Option<Str>,
}

/// A matter: clauses, then nested matters and items.
#[derive(Clone, Debug, PartialEq)]
pub struct Matter {
    /// Its name.
    pub name: Ident,
    /// Its title.
    pub title: Option<Str>,
    /// Its clauses, in order.
    pub clauses: Vec<Clause>,
    /// Nested matters and items, in order.
    pub children: Vec<Node>,
    /// The whole block.
    pub span: Span,
}

/// A child of a matter.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A nested matter.
    Matter(Matter),
    /// An item.
    Item(Item),
}

/// An item.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Its name.
    pub name: Ident,
    /// Its title.
    pub title: Option<Str>,
    /// Its clauses, in order.
    pub clauses: Vec<Clause>,
    /// The whole block.
    pub span: Span,
}

/// A clause and the span of its keyword through its end.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// What it says.
    pub kind: ClauseKind,
    /// The whole clause.
    pub span: Span,
}

/// The clauses of docs/spec.md §3.
#[derive(Clone, Debug, PartialEq)]
pub enum ClauseKind {
    /// `when cond`
    When(Cond),
    /// `near cond`
    Near(Cond),
    /// `lead id`
    Lead(Role),
    /// `assist a, b` (empty for `assist none`)
    Assist(Vec<Role>),
    /// `liaise a, b` (empty for `liaise none`)
    Liaise(Vec<Role>),
    /// `like item`
    Like(Ident),
    /// `basis "…"`
    Basis(Str),
    /// `note "…"`
    Note(Str),
    /// `priority n`
    Priority(i64),
    /// `over a, b`
    Over(Vec<Ident>),
    /// `effective RANGE` (v2)
    Effective(DateRange),
    /// `deadline N UNIT` (v2); the span of `N`.
    Deadline(Deadline, Span),
}

impl ClauseKind {
    /// The clause's keyword.
    pub fn keyword(&self) -> &'static str {
        match self {
            ClauseKind::When(_) => "when",
            ClauseKind::Near(_) => "near",
            ClauseKind::Lead(_) => "lead",
            ClauseKind::Assist(_) => "assist",
            ClauseKind::Liaise(_) => "liaise",
            ClauseKind::Like(_) => "like",
            ClauseKind::Basis(_) => "basis",
            ClauseKind::Note(_) => "note",
            ClauseKind::Priority(_) => "priority",
            ClauseKind::Over(_) => "over",
            ClauseKind::Effective(_) => "effective",
            ClauseKind::Deadline(..) => "deadline",
        }
    }
}

/// `words name = ["…", …]`
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    /// The list's name.
    pub name: Ident,
    /// Its keywords.
    pub keywords: Vec<Str>,
}

/// `define name = cond`
#[derive(Clone, Debug, PartialEq)]
pub struct Define {
    /// The condition's name.
    pub name: Ident,
    /// The condition.
    pub cond: Cond,
}

/// `fallback { nearest threshold n homophone w }`
#[derive(Clone, Debug, PartialEq)]
pub struct Fallback {
    /// The threshold as written.
    pub threshold: f64,
    /// The number's span.
    pub threshold_span: Span,
    /// The weight of a keyword matched by sound (v2) and its span, if given.
    pub homophone: Option<(f64, Span)>,
    /// The whole block.
    pub span: Span,
}

/// `test "name" { ticket { … } expect … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Test {
    /// The test's name.
    pub name: Str,
    /// The ticket's fields.
    pub ticket: Vec<Field>,
    /// What is expected.
    pub expects: Vec<Expect>,
    /// The whole block.
    pub span: Span,
}

/// `name: value` in a test ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The attribute.
    pub name: Ident,
    /// The value.
    pub value: FieldValue,
    /// The value's span.
    pub value_span: Span,
}

/// A value in a test ticket.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// A number.
    Number(f64),
    /// A quoted string.
    Str(String),
    /// An unquoted name (a symbol value).
    Name(String),
    /// `true` / `false`.
    Bool(bool),
    /// `null`: the attribute is missing.
    Null,
    /// A date (v2), written unquoted.
    Date(Date),
}

/// One expectation of a test.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    /// What is expected.
    pub kind: ExpectKind,
    /// The whole expectation.
    pub span: Span,
}

/// The forms of `expect`.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpectKind {
    /// `expect lead id` (`None` for `expect lead none`)
    Lead(Option<Ident>),
    /// `expect assist [ids]`
    Assist(Vec<Ident>),
    /// `expect liaise [ids]`
    Liaise(Vec<Ident>),
    /// `expect item name` (`None` for `expect item none`)
    Item(Option<Ident>),
    /// `expect method m`
    Method(Ident),
    /// `expect score n`
    Score(f64),
    /// `expect deadline N UNIT` (`None` for `expect deadline none`) (v2)
    Deadline(Option<Deadline>),
    /// `expect split [items]` (v2)
    Split(Vec<Ident>),
}

/// A condition (docs/spec.md §4).
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// `a or b or …`
    Or(Vec<Cond>, Span),
    /// `a and b and …`
    And(Vec<Cond>, Span),
    /// `not x`
    Not(Box<Cond>, Span),
    /// `( x )`, kept so the printer can keep the author's grouping.
    Paren(Box<Cond>, Span),
    /// An atom.
    Atom(Atom),
}

impl Cond {
    /// The condition's span.
    pub fn span(&self) -> Span {
        match self {
            Cond::Or(_, s) | Cond::And(_, s) | Cond::Not(_, s) | Cond::Paren(_, s) => *s,
            Cond::Atom(a) => a.span,
        }
    }
}

/// One test on one attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    /// The attribute (or, for a bare name, possibly a `define`).
    pub attr: Ident,
    /// The test.
    pub kind: AtomKind,
    /// The whole atom.
    pub span: Span,
}

/// `has` modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HasMode {
    /// `has "k"` / `has [...]`: any.
    Plain,
    /// `has any`
    Any,
    /// `has all`
    All,
}

/// A keyword operand of `has`.
#[derive(Clone, Debug, PartialEq)]
pub enum Keyword {
    /// A string.
    Str(Str),
    /// The name of a `words` list.
    Words(Ident),
}

/// A value in a condition's `=`, `!=` or `in`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A symbol value (name or string).
    Symbol(Ident),
    /// `true` / `false`.
    Bool(bool, Span),
    /// A number (v2: `=`, `!=` and `in` on a `number`).
    Number(f64, Span),
    /// A date (v2: `=` and `!=` on a `date`).
    Date(Date, Span),
}

impl Value {
    /// The value's span.
    pub fn span(&self) -> Span {
        match self {
            Value::Symbol(i) => i.span,
            Value::Bool(_, s) | Value::Number(_, s) | Value::Date(_, s) => *s,
        }
    }
}

/// The forms of an atom.
#[derive(Clone, Debug, PartialEq)]
pub enum AtomKind {
    /// `has`, `has any`, `has all`
    Has {
        /// Which form.
        mode: HasMode,
        /// The keywords; `list` tells whether they were bracketed.
        keywords: Vec<Keyword>,
        /// Whether written as `[...]`.
        list: bool,
    },
    /// `= v`
    Eq(Value),
    /// `!= v`
    Ne(Value),
    /// `in [v, …]`
    In(Vec<Value>),
    /// `< n` etc.
    Cmp(CmpOp, f64),
    /// `< DATE` etc. (v2)
    CmpDate(CmpOp, Date),
    /// A bare name: a bool attribute or a `define`.
    Bare,
}
