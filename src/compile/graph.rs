//! The compiled decision graph: flat tables indexed by `u32` ids, built once
//! by [`super::build`] and never mutated afterwards.
//!
//! Every id stored in a table indexes the table it names (an invariant of the
//! builder), so the matcher may index with them.

pub(crate) use super::jump::{Test, TRUE};
use super::keywords::KeywordAutomaton;
use crate::ir::CmpOp;

/// The routing phases of docs/spec.md §5, each with its own trigger postings.
pub(crate) const PHASE_CANDIDATE: usize = 0;
/// Step 3: `near` conditions.
pub(crate) const PHASE_NEAR: usize = 1;
/// Step 4: guards of matters with their own lead.
pub(crate) const PHASE_GUARD: usize = 2;
/// Step 5: items that can reach the fallback threshold.
pub(crate) const PHASE_SCORE: usize = 3;
/// How many phases.
pub(crate) const PHASES: usize = 4;

/// The whole compiled rule set.
#[derive(Debug)]
pub(crate) struct Graph {
    /// Attribute names, for `Rules::attr`.
    pub attr_names: Vec<Box<str>>,
    /// How each attribute is read from a ticket.
    pub attrs: Vec<AttrPlan>,
    /// The attributes some condition tests, in schema order: the only ones read.
    pub used_attrs: Vec<u32>,
    /// Number of keywords over all text attributes.
    pub kw_count: u32,
    /// Condition nodes.
    pub nodes: Vec<Node>,
    /// Operand lists of `And`/`Or` nodes.
    pub children: Vec<u32>,
    /// Atoms.
    pub atoms: Vec<AtomCode>,
    /// Value and keyword lists of `in` and `has` atoms (sorted).
    pub pool: Vec<u32>,
    /// Jump code of every item's effective condition and `near` and every
    /// guard (`jump.rs`): what routing runs to decide that a condition holds.
    pub code: Vec<Test>,
    /// Items, in declaration order.
    pub items: Vec<ItemPlan>,
    /// Matters, in declaration order.
    pub matters: Vec<MatterPlan>,
    /// Departments: id and display name.
    pub depts: Vec<(Box<str>, Box<str>)>,
    /// The coordinator.
    pub coordinator: Option<u32>,
    /// The nearest-item threshold.
    pub threshold: f64,
    /// Whether step 5 runs at all.
    pub has_fallback: bool,
    /// Keywords by sound in step 5 (`homophone`, v2); `None` when off or
    /// when no keyword can match by sound.
    pub sound: Option<super::sound::SoundIndex>,
    /// Trigger postings, one set per phase.
    pub phases: [Postings; PHASES],
    /// How step 1 finds keywords: the dispatch attribute and its buckets.
    pub dispatch: super::dispatch::Dispatch,
    /// Rule set name, version, content hash and every item's and matter's
    /// file:line, for [`crate::matcher::DecisionRef::provenance`].
    pub provenance: crate::provenance::Table,
    /// The ticket's date and place (v2): the `clock` and `territory` tables.
    pub context: super::context::ContextPlan,
}

/// How one attribute is read.
#[derive(Debug)]
pub(crate) enum AttrPlan {
    /// No condition tests it.
    Unused,
    /// A symbol: its mentioned values map to global slots.
    Symbol {
        /// Value → slot.
        slots: super::symbols::SymbolTable,
    },
    /// A bool: `false` is slot `base`, `true` is `base + 1`.
    Bool {
        /// The slot of `false`.
        base: u32,
    },
    /// A number.
    Number,
    /// A text: one automaton over every keyword of every atom on it.
    Text(Box<TextPlan>),
}

/// The keyword automaton of one text attribute.
#[derive(Debug)]
pub(crate) struct TextPlan {
    /// Standard-semantics automaton over the non-empty folded keywords, so an
    /// overlapping search reports every keyword at every end position,
    /// including keywords contained in others; then the marks of a text that
    /// needs folding ([`crate::fold::fast::unkept_marks`]).
    pub automaton: Option<KeywordAutomaton>,
    /// Pattern id → global keyword id; the ids past its end are marks.
    pub pattern_kw: Vec<u32>,
    /// Keywords that fold to the empty string: present in any text.
    pub empty_kws: Vec<u32>,
    /// The ASCII characters the keywords contain (a bit set): the ticket's
    /// text is folded only as far as they can tell.
    pub ascii: u128,
}

/// A condition node.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Node {
    /// An atom, by id.
    Atom(u32),
    /// Negation of a node.
    Not(u32),
    /// Conjunction of `children[start..start + len]`; the first `pos` are the
    /// positive operands (in source order), the rest the negative ones (`not`
    /// and `!=`), so the proximity mean sums in the reference's order.
    And {
        /// First operand.
        start: u32,
        /// Operand count.
        len: u32,
        /// Positive operand count.
        pos: u32,
    },
    /// Disjunction of `children[start..start + len]`.
    Or {
        /// First operand.
        start: u32,
        /// Operand count.
        len: u32,
    },
}

/// An atom, compiled against interned slots and keywords.
#[derive(Clone, Copy, Debug)]
pub(crate) enum AtomCode {
    /// Never holds (an atom whose value cannot have the attribute's type).
    False,
    /// The attribute's slot is `slot`.
    Eq {
        /// The attribute.
        attr: u32,
        /// The slot.
        slot: u32,
    },
    /// The attribute is present and its slot is not `slot`.
    Ne {
        /// The attribute.
        attr: u32,
        /// The slot.
        slot: u32,
    },
    /// The attribute's slot is one of `pool[start..start + len]` (sorted).
    In {
        /// The attribute.
        attr: u32,
        /// First slot in the pool.
        start: u32,
        /// Slot count.
        len: u32,
    },
    /// A numeric comparison.
    Cmp {
        /// The attribute.
        attr: u32,
        /// The operator.
        op: CmpOp,
        /// The bound.
        bound: f64,
    },
    /// The number (or a date's day number) equals `value` (`eq`), or is
    /// present and differs from it (`!eq`, a negative operand in scoring).
    /// A number's `in` is an `or` of these.
    NumEq {
        /// The attribute.
        attr: u32,
        /// The value.
        value: f64,
        /// `=` rather than `!=`.
        eq: bool,
    },
    /// One of the keywords `pool[start..start + len]` is present.
    HasAny {
        /// First keyword in the pool.
        start: u32,
        /// Keyword count.
        len: u32,
    },
    /// The text is present and all of `pool[start..start + len]` are.
    HasAll {
        /// The attribute.
        attr: u32,
        /// First keyword in the pool.
        start: u32,
        /// Keyword count.
        len: u32,
    },
}

/// An item's routing data and its decision fields.
#[derive(Debug)]
pub(crate) struct ItemPlan {
    /// Its effective condition.
    pub effective: u32,
    /// The entry of its effective condition's jump code.
    pub effective_code: u32,
    /// Its `near` condition.
    pub near: Option<u32>,
    /// The entry of its `near`'s jump code (`jump::FALSE` when it has none).
    pub near_code: u32,
    /// Its priority.
    pub priority: i64,
    /// The items it is `over`, sorted.
    pub over: Box<[u32]>,
    /// Interned (lead, assists, liaisons): equal ids agree.
    pub roles: u32,
    /// The items that may co-match with it and that it implies, sorted.
    pub implies: Box<[u32]>,
    /// Its name.
    pub name: Box<str>,
    /// Its innermost matter.
    pub parent: Option<u32>,
    /// Lead department.
    pub lead: u32,
    /// Assist departments.
    pub assists: Box<[u32]>,
    /// Liaison departments.
    pub liaisons: Box<[u32]>,
    /// Its `like` target.
    pub like: Option<u32>,
    /// Its final basis.
    pub basis: Box<[Box<str>]>,
    /// The days it is in force (v2), its own range and its matters'
    /// intersected, both ends inclusive, as [`crate::ir::Date::days`].
    pub days: (i32, i32),
    /// Its deadline (v2).
    pub deadline: Option<crate::ir::Deadline>,
    /// Its roles per place class (v2, [`super::context::ContextPlan`]): empty
    /// unless `territory` stands among its roles; class 0 is the fields above.
    pub by_place: Box<[RolePlan]>,
    /// Whether its class-0 roles came through the `territory` block (its lead
    /// is `territory`).
    pub territorial: bool,
    /// The items `over` reaches only through items with an `effective`
    /// range (v2), sorted: beaten only when a path through items in force
    /// exists on the ticket's date. `over` holds the rest.
    pub over_dated: Box<[u32]>,
    /// The items its own `over` names, sorted: the edges walked for `over_dated`.
    pub over_declared: Box<[u32]>,
}

/// The roles of an item or matter for one place class (v2).
#[derive(Debug)]
pub(crate) struct RolePlan {
    /// Interned (lead, assists, liaisons).
    pub roles: u32,
    /// Lead department.
    pub lead: Option<u32>,
    /// Assist departments.
    pub assists: Box<[u32]>,
    /// Liaison departments.
    pub liaisons: Box<[u32]>,
    /// Whether a role came through the `territory` block.
    pub territorial: bool,
}

/// A matter's residual data and its decision fields.
#[derive(Debug)]
pub(crate) struct MatterPlan {
    /// The entry of its guard's jump code (`jump::FALSE` for a matter
    /// without guard or without its own lead: it never takes a residual).
    pub guard_code: u32,
    /// Interned (lead, assists, liaisons).
    pub roles: u32,
    /// The own-lead matters it may co-match with and whose guard its guard implies, sorted.
    pub implies: Box<[u32]>,
    /// Its name.
    pub name: Box<str>,
    /// The matters from the outermost down to itself.
    pub path: Box<[u32]>,
    /// Lead department.
    pub lead: Option<u32>,
    /// Assist departments.
    pub assists: Box<[u32]>,
    /// Liaison departments.
    pub liaisons: Box<[u32]>,
    /// Its basis.
    pub basis: Box<[Box<str>]>,
    /// The days it is in force (v2), with its enclosing matters'.
    pub days: (i32, i32),
    /// Its deadline (v2).
    pub deadline: Option<crate::ir::Deadline>,
    /// Its roles per place class (v2), as for items.
    pub by_place: Box<[RolePlan]>,
    /// Whether its class-0 roles came through the `territory` block.
    pub territorial: bool,
}

/// Compressed lists: the targets of key `k` are `targets[offsets[k]..offsets[k + 1]]`.
#[derive(Debug, Default)]
pub(crate) struct Csr {
    /// `len + 1` offsets.
    pub offsets: Vec<u32>,
    /// Concatenated target lists.
    pub targets: Vec<u32>,
}

impl Csr {
    /// The targets of key `k` (empty when `k` is out of range).
    #[inline]
    pub fn get(&self, k: u32) -> &[u32] {
        let k = k as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => self.targets.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        (self.offsets.capacity() + self.targets.capacity()) * 4
    }
}

/// Targets triggered by numeric comparisons on one attribute, each list sorted
/// by bound, so the fired ones are a prefix or suffix found by binary search.
#[derive(Debug, Default)]
pub(crate) struct NumPostings {
    /// `attr < bound`: fired when `n < bound`, a suffix.
    pub lt: Vec<(f64, u32)>,
    /// `attr <= bound`: a suffix.
    pub le: Vec<(f64, u32)>,
    /// `attr > bound`: fired when `bound < n`, a prefix.
    pub gt: Vec<(f64, u32)>,
    /// `attr >= bound`: a prefix.
    pub ge: Vec<(f64, u32)>,
}

impl NumPostings {
    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.lt.is_empty() && self.le.is_empty() && self.gt.is_empty() && self.ge.is_empty()
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        (self.lt.capacity() + self.le.capacity() + self.gt.capacity() + self.ge.capacity()) * 16
    }
}

/// What fires the targets of one phase: a target is evaluated only when one
/// of its trigger keys fires, and every key set is chosen so that the
/// target's condition cannot hold (or score enough) unless one of its keys fires.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    /// By symbol slot.
    pub sym: Csr,
    /// The attributes some slot of which has targets in `sym`, ascending.
    pub sym_attrs: Vec<u32>,
    /// By attribute: fired whenever the attribute is present.
    pub present: Csr,
    /// The attributes with targets in `present`, ascending.
    pub present_attrs: Vec<u32>,
    /// By keyword.
    pub kw: Csr,
    /// Numeric comparisons, by attribute (only attributes that have some).
    pub num: Vec<(u32, NumPostings)>,
    /// Targets evaluated on every ticket (no positive trigger exists).
    pub always: Vec<u32>,
    /// How many targets the phase has.
    pub target_count: u32,
    /// Whether no key and no `always` target exist (the phase is skipped).
    pub empty: bool,
}

impl Postings {
    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        self.sym.memory_usage()
            + self.present.memory_usage()
            + self.kw.memory_usage()
            + (self.sym_attrs.capacity() + self.present_attrs.capacity()) * 4
            + self.num.iter().map(|(_, n)| n.memory_usage()).sum::<usize>()
            + self.num.capacity() * std::mem::size_of::<(u32, NumPostings)>()
            + self.always.capacity() * 4
    }
}
