//! The validated model of a rule set: the only input of the compiler, the
//! analyzer and the reference evaluator.
//!
//! Everything here is resolved: names are ids, `define`s and `words` are
//! inlined, `like` and inheritance are applied (docs/spec.md §3 "Resolution"), keywords
//! are folded, `over` is transitively closed. Items and matters are stored in
//! declaration order, so "the first declared" is the lowest id.
//!
//! Invariants (established by `check`, relied on everywhere else):
//! * every id stored in the model indexes its table;
//! * an `And` never has an `And` operand (docs/spec.md §4 flattening), and no `And` or
//!   `Or` is empty;
//! * an item's `lead` is never among its `assists` or `liaisons`, and no
//!   assist is among its liaisons;
//! * keyword lists within one atom hold no duplicates (after folding).

use crate::source::{Sources, Span};

// Ids are made only here and by the crate's own stages, from the tables they
// index: a caller gets them from a `RuleSet` (by name, or by iterating), so
// an id held outside the crate always indexes its table.
macro_rules! id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub struct $name(pub(crate) u32);
        impl $name {
            /// The index into its table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// An attribute of the schema.
    AttrId
);
id!(
    /// A department.
    DeptId
);
id!(
    /// A matter.
    MatterId
);
id!(
    /// An item.
    ItemId
);

pub use crate::vocab::{CmpOp, Date, Deadline, TimeUnit, Type};
#[doc(hidden)]
pub use input::{TicketSource, Value as TicketValue};

pub mod context;
pub mod eval;
mod input;
pub mod print;
pub mod settle;

/// A validated rule set.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// `ruleset "…"`.
    pub name: Option<String>,
    /// `version "…"`.
    pub version: Option<String>,
    /// The schema, in declaration order.
    pub attrs: Vec<Attr>,
    /// The departments, in declaration order.
    pub depts: Vec<Dept>,
    /// The coordinator.
    pub coordinator: Option<DeptId>,
    /// Matters, in declaration order (a parent before its children).
    pub matters: Vec<Matter>,
    /// Items, in declaration order.
    pub items: Vec<Item>,
    /// The nearest-item threshold (docs/spec.md §5 step 5); 1.0 when no `fallback`.
    pub threshold: f64,
    /// Whether a `fallback` block was declared.
    pub has_fallback: bool,
    /// Inline tests, in declaration order.
    pub tests: Vec<TestCase>,
    /// The `territory` block (v2), if declared (docs/spec.md §3
    /// "Territorial roles").
    pub territory: Option<Territory>,
    /// The `clock` (v2), if declared: what dates a ticket for the in-force
    /// filter (docs/spec.md §5 "In force").
    pub clock: Option<Clock>,
    /// The weight of a keyword matched by sound in the nearest-item step
    /// (`homophone W`, v2, docs/spec.md §5 step 5); `None` when off.
    pub homophone: Option<f64>,
    /// The source files, for diagnostics and provenance.
    pub sources: Sources,
}

/// A schema attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// The closed domain of a `symbol`, if declared.
    pub domain: Option<Vec<String>>,
    /// Its name for people (v2): `text "诉求内容": text`.
    pub label: Option<String>,
    /// A `number`'s inclusive range `(min, max)` (v2), each end open when
    /// `None`; a ticket value outside it is rejected.
    pub range: Option<(Option<f64>, Option<f64>)>,
    /// Where declared.
    pub span: Span,
}

/// The `territory` block (v2): which department serves each place.
#[derive(Clone, Debug, PartialEq)]
pub struct Territory {
    /// The `symbol` attribute that names the ticket's place.
    pub attr: AttrId,
    /// Each listed place and its department, in the order written; every
    /// place once.
    pub places: Vec<(String, DeptId)>,
    /// The department of a ticket whose place is missing or not listed
    /// (for `lead territory`; an `assist`/`liaise territory` gives nothing then).
    pub otherwise: DeptId,
    /// The block.
    pub span: Span,
}

impl Territory {
    /// The department a place maps to, if the place is listed.
    pub fn dept_of(&self, place: &str) -> Option<DeptId> {
        self.places.iter().find(|(p, _)| p == place).map(|(_, d)| *d)
    }
}

/// `clock ATTR default DATE` (v2).
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    /// The `date` attribute that dates a ticket.
    pub attr: AttrId,
    /// The date of a ticket that does not carry it (the CLI's `--as-of`
    /// replaces it).
    pub default: Date,
    /// The declaration.
    pub span: Span,
}

/// An `effective` range (v2): both ends inclusive, `None` = open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    /// The first day in force.
    pub start: Option<Date>,
    /// The last day in force.
    pub end: Option<Date>,
}

impl DateRange {
    /// Whether `date` lies within the range.
    pub fn contains(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// As written in `.rules`: `2024-07-01..2025-06-30`, `2024-07-01..`, `..2025-06-30`.
impl std::fmt::Display for DateRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(s) = self.start {
            write!(f, "{s}")?;
        }
        f.write_str("..")?;
        if let Some(e) = self.end {
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// A department in a role as written, or `territory` (v2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleRef {
    /// A department.
    Dept(DeptId),
    /// The department the `territory` block maps the ticket's place to.
    Territory,
}

/// The roles of a matter or item as inherited (own clause, `like` target,
/// enclosing matter) but before one role per department is applied, kept
/// when `territory` stands among them (v2): a router resolves `territory`
/// for the ticket, then removes the lead from the assists and liaisons and
/// the assists from the liaisons (docs/spec.md §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerritorialRoles {
    /// The lead as inherited.
    pub lead: Option<RoleRef>,
    /// The assists as inherited, in clause order.
    pub assists: Vec<RoleRef>,
    /// The liaisons as inherited, in clause order.
    pub liaisons: Vec<RoleRef>,
}

/// A department.
#[derive(Clone, Debug, PartialEq)]
pub struct Dept {
    /// Its id.
    pub id: String,
    /// Its display name (the id when none was given).
    pub name: String,
    /// Where declared.
    pub span: Span,
}

/// A matter, with its roles resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Matter {
    /// Its name.
    pub name: String,
    /// Its title.
    pub title: Option<String>,
    /// The enclosing matter.
    pub parent: Option<MatterId>,
    /// Its own `when`, if any.
    pub when: Option<Cond>,
    /// Its guard: its own `when` and every enclosing one, outermost first, as
    /// one flattened conjunction; `None` when no `when` applies.
    pub guard: Option<Cond>,
    /// Whether it has its own `lead` clause (only those take residual tickets).
    pub has_own_lead: bool,
    /// Its lead: its own, or the nearest enclosing matter's.
    pub lead: Option<DeptId>,
    /// Final assists (lead removed).
    pub assists: Vec<DeptId>,
    /// Final liaisons (lead and assists removed).
    pub liaisons: Vec<DeptId>,
    /// Its own basis then its enclosing matters', innermost first, deduplicated.
    pub basis: Vec<String>,
    /// Its notes.
    pub notes: Vec<String>,
    /// Path of names from the outermost matter down to this one.
    pub path: Vec<MatterId>,
    /// Its own `effective` range (v2); the enclosing matters' ranges apply
    /// too.
    pub effective_range: Option<DateRange>,
    /// Its deadline (v2): its own or the nearest enclosing matter's.
    pub deadline: Option<Deadline>,
    /// Its roles as inherited, when `territory` is among them (v2); then
    /// `lead`, `assists` and `liaisons` above are those of a ticket whose
    /// place is missing or not listed.
    pub territorial: Option<TerritorialRoles>,
    /// The whole block.
    pub span: Span,
}

/// An item, with its roles resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Its name.
    pub name: String,
    /// Its title.
    pub title: Option<String>,
    /// The enclosing matters, outermost first.
    pub path: Vec<MatterId>,
    /// Its own `when`, if any.
    pub when: Option<Cond>,
    /// Its effective condition: every enclosing guard and its own `when`, as
    /// one flattened conjunction (docs/spec.md §5 step 5). For an
    /// analogy-only item (a `near` and no `when` on it or any enclosing
    /// matter, v2) it is [`Cond::never`]: it never holds and scores 0, so
    /// the item is reached only through its `near`.
    pub effective: Cond,
    /// Its `near` condition.
    pub near: Option<Cond>,
    /// Its lead.
    pub lead: DeptId,
    /// Final assists, in clause order.
    pub assists: Vec<DeptId>,
    /// Final liaisons, in clause order.
    pub liaisons: Vec<DeptId>,
    /// Its `like` target.
    pub like: Option<ItemId>,
    /// Its final basis (own or the `like` target's, then its matters').
    pub basis: Vec<String>,
    /// Its notes.
    pub notes: Vec<String>,
    /// Its priority (default 0).
    pub priority: i64,
    /// The items it is `over`, transitively closed, sorted, never itself.
    pub over: Vec<ItemId>,
    /// The items its own `over` clause names (a matter standing for its
    /// items), sorted, never itself: the edges `over` is closed over, which
    /// routing follows only through items in force (docs/spec.md §8a).
    pub over_declared: Vec<ItemId>,
    /// Its own `effective` range (v2); the enclosing matters' ranges apply
    /// too (see [`Matter::effective_range`]).
    pub effective_range: Option<DateRange>,
    /// Its deadline (v2), resolved like the lead: its own, its `like`
    /// target's, the nearest enclosing matter's.
    pub deadline: Option<Deadline>,
    /// Its roles as inherited, when `territory` is among them (v2); then
    /// `lead`, `assists` and `liaisons` above are those of a ticket whose
    /// place is missing or not listed (the lead is the `otherwise`
    /// department); routing resolves them per ticket.
    pub territorial: Option<TerritorialRoles>,
    /// The whole block.
    pub span: Span,
}

impl Item {
    /// Whether the item is analogy-only (docs/spec.md §3): it has a `near` and
    /// no condition of its own or inherited.
    pub fn is_analogy_only(&self) -> bool {
        self.effective.is_never()
    }

    /// Whether this item wins an overlap against `other` by `over`.
    pub fn is_over(&self, other: ItemId) -> bool {
        self.over.binary_search(&other).is_ok()
    }
}

/// A condition over one ticket.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// All hold. Never empty; never has an `And` operand.
    And(Vec<Cond>),
    /// One holds. Never empty.
    Or(Vec<Cond>),
    /// Does not hold.
    Not(Box<Cond>),
    /// A test on one attribute.
    Atom(Atom),
}

impl Cond {
    /// The condition that never holds and scores 0: an empty `or`. Only an
    /// analogy-only item's effective condition is this.
    pub fn never() -> Cond {
        Cond::Or(Vec::new())
    }

    /// Whether this is [`Cond::never`].
    pub fn is_never(&self) -> bool {
        matches!(self, Cond::Or(ops) if ops.is_empty())
    }

    /// Conjunction that keeps the flattening invariant.
    pub fn and(parts: impl IntoIterator<Item = Cond>) -> Option<Cond> {
        let mut ops = Vec::new();
        for p in parts {
            match p {
                Cond::And(inner) => ops.extend(inner),
                other => ops.push(other),
            }
        }
        match ops.len() {
            0 => None,
            1 => ops.pop(),
            _ => Some(Cond::And(ops)),
        }
    }

    /// Visits every atom.
    pub fn atoms(&self) -> Vec<&Atom> {
        let mut out = Vec::new();
        fn walk<'a>(c: &'a Cond, out: &mut Vec<&'a Atom>) {
            match c {
                Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| walk(c, out)),
                Cond::Not(c) => walk(c, out),
                Cond::Atom(a) => out.push(a),
            }
        }
        walk(self, &mut out);
        out
    }
}

/// A keyword, as written and as folded (NFKC + case folding).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Keyword {
    /// As the author wrote it.
    pub raw: String,
    /// Folded, the form that is matched.
    pub folded: String,
}

/// A value in a condition's `=`, `!=` or `in`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A symbol value, compared exactly.
    Symbol(String),
    /// A bool.
    Bool(bool),
    /// A finite number (v2), compared by numeric equality. On a `date`
    /// attribute it is the date's day number ([`Date::days`]): dates are
    /// ordered and compared like numbers everywhere past loading.
    Number(f64),
}

// Numbers in conditions are finite (checked at load), so equality is an
// equivalence; `0.0` and `-0.0` are equal and hash alike.
impl Eq for Value {}

impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Value::Symbol(s) => s.hash(state),
            Value::Bool(b) => b.hash(state),
            Value::Number(n) => (if *n == 0.0 { 0.0f64 } else { *n }).to_bits().hash(state),
        }
    }
}

/// One test on one attribute. An atom on a missing attribute is false.
#[derive(Clone, Debug, PartialEq)]
pub enum Atom {
    /// `attr has any [...]` (`all: false`) or `has all [...]` (`all: true`):
    /// substring containment after folding. Keywords deduplicated.
    Has {
        /// A `text` attribute.
        attr: AttrId,
        /// The keywords.
        keywords: Vec<Keyword>,
        /// `has all`.
        all: bool,
    },
    /// `attr = value` on a symbol, bool, number or date (v2: numbers and dates).
    Eq {
        /// The attribute.
        attr: AttrId,
        /// The value.
        value: Value,
    },
    /// `attr != value` on a symbol, bool, number or date: true when present and different.
    /// A *negative* operand for proximity scoring (docs/spec.md §5 step 5).
    Ne {
        /// The attribute.
        attr: AttrId,
        /// The value.
        value: Value,
    },
    /// `attr in [...]` on a symbol, bool or number. Values deduplicated.
    In {
        /// The attribute.
        attr: AttrId,
        /// The values.
        values: Vec<Value>,
    },
    /// `attr < n` etc. on a number, or (v2) on a date, the bound then being
    /// the date's day number ([`Date::days`]).
    Cmp {
        /// The attribute.
        attr: AttrId,
        /// The operator.
        op: CmpOp,
        /// The bound (finite).
        value: f64,
    },
    /// A bare `bool` attribute: true when present and true.
    IsTrue {
        /// The attribute.
        attr: AttrId,
    },
}

impl Atom {
    /// The attribute the atom tests.
    pub fn attr(&self) -> AttrId {
        match self {
            Atom::Has { attr, .. }
            | Atom::Eq { attr, .. }
            | Atom::Ne { attr, .. }
            | Atom::In { attr, .. }
            | Atom::Cmp { attr, .. }
            | Atom::IsTrue { attr } => *attr,
        }
    }
}

/// An inline `test` block, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct TestCase {
    /// Its name.
    pub name: String,
    /// The ticket, as JSON (validated against the schema at load time).
    pub ticket: serde_json::Map<String, serde_json::Value>,
    /// What is expected.
    pub expect: Expectation,
    /// The whole block.
    pub span: Span,
}

/// Expected decision fields; `None` means "not checked". In a case file an
/// unknown key is an error (docs/spec.md §7), not an expectation left unchecked.
#[derive(Clone, Debug, PartialEq, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// `expect lead id` (`Some(None)` for `expect lead none`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    pub lead: Option<Option<String>>,
    /// `expect assist [...]`.
    #[serde(default, alias = "assist", skip_serializing_if = "Option::is_none")]
    pub assists: Option<Vec<String>>,
    /// `expect liaise [...]`.
    #[serde(default, alias = "liaise", skip_serializing_if = "Option::is_none")]
    pub liaisons: Option<Vec<String>>,
    /// `expect item name` (`Some(None)` for `expect item none`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    pub item: Option<Option<String>>,
    /// `expect method m`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// `expect score n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// `expect deadline N UNIT` (`Some(None)` for `expect deadline none`; v2).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    pub deadline: Option<Option<Deadline>>,
    /// `expect split [...]`: the split's items in order (`[]` for none; v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<Vec<String>>,
}

/// `"lead": null` means "expect no lead", an absent key means "don't check".
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().and_then(|x| x.as_ref()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

impl RuleSet {
    /// Looks an attribute up by name (resolve once, at start-up).
    pub fn attr(&self, name: &str) -> Option<AttrId> {
        self.attrs.iter().position(|a| a.name == name).map(|i| AttrId(i as u32))
    }

    /// Looks an item up by name.
    pub fn item_id(&self, name: &str) -> Option<ItemId> {
        self.items.iter().position(|a| a.name == name).map(|i| ItemId(i as u32))
    }

    /// Looks a matter up by name.
    pub fn matter_id(&self, name: &str) -> Option<MatterId> {
        self.matters.iter().position(|a| a.name == name).map(|i| MatterId(i as u32))
    }

    /// Looks a department up by id.
    pub fn dept_id(&self, id: &str) -> Option<DeptId> {
        self.depts.iter().position(|a| a.id == id).map(|i| DeptId(i as u32))
    }

    /// The department with this id.
    pub fn dept(&self, id: DeptId) -> &Dept {
        &self.depts[id.index()]
    }

    /// The item with this id.
    pub fn item(&self, id: ItemId) -> &Item {
        &self.items[id.index()]
    }

    /// The matter with this id.
    pub fn matter(&self, id: MatterId) -> &Matter {
        &self.matters[id.index()]
    }

    /// The attribute with this id.
    pub fn attribute(&self, id: AttrId) -> &Attr {
        &self.attrs[id.index()]
    }

    /// Every condition of the rule set: each item's effective condition and
    /// `near` condition, then each matter's guard.
    pub fn conditions(&self) -> impl Iterator<Item = &Cond> + '_ {
        self.items
            .iter()
            .flat_map(|i| std::iter::once(&i.effective).chain(i.near.as_ref()))
            .chain(self.matters.iter().filter_map(|m| m.guard.as_ref()))
    }

    /// Iterates over items with their ids.
    pub fn item_ids(&self) -> impl Iterator<Item = ItemId> + '_ {
        (0..self.items.len() as u32).map(ItemId)
    }

    /// Iterates over matters with their ids.
    pub fn matter_ids(&self) -> impl Iterator<Item = MatterId> + '_ {
        (0..self.matters.len() as u32).map(MatterId)
    }

    /// Iterates over the schema's attributes with their ids, in declaration
    /// order.
    ///
    /// ```
    /// let rules = zeren::load::load_str("a.rules", "schema { a: bool  b: text }\ndepartment d\nitem x { when a lead d }")?;
    /// let names: Vec<&str> = rules.attr_ids().map(|a| rules.attribute(a).name.as_str()).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attr_ids(&self) -> impl Iterator<Item = AttrId> + '_ {
        (0..self.attrs.len() as u32).map(AttrId)
    }

    /// Iterates over departments with their ids, in declaration order.
    ///
    /// ```
    /// let rules = zeren::load::load_str("a.rules", "schema { a: bool }\ndepartment d\nitem x { when a lead d }")?;
    /// assert_eq!(rules.dept_ids().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dept_ids(&self) -> impl Iterator<Item = DeptId> + '_ {
        (0..self.depts.len() as u32).map(DeptId)
    }
}
