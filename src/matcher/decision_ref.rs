//! [`DecisionRef`]: a decision that borrows its names and lists from the
//! compiled rules and the cache, so producing it allocates nothing.

use crate::compile::{Graph, RolePlan};
use crate::decision::{Decision, Method, SplitPart};
use crate::ir::context::{Context, TicketDate};
use crate::ir::{Deadline, DeptId, ItemId, MatterId};
use crate::matcher::reference::{Contenders, Outcome, Owner, Part};
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

/// Who won, in graph ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Winner {
    /// An item (steps 2, 3, 5).
    Item(u32),
    /// A matter's residual owner (step 4).
    Matter(u32),
    /// The coordinator, candidates being items (disputed or unclaimed).
    Coordinator,
    /// The coordinator, candidates being the contending matters of step 4.
    MatterDispute,
}

/// A routing decision borrowed from the compiled rules (docs/spec.md §6).
///
/// Its accessors mirror the fields of [`Decision`]; [`DecisionRef::to_decision`]
/// makes the owned form, and its `Serialize` impl writes exactly the JSON of
/// [`Decision`].
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zeren::ticket::{TicketRef, Value};
/// let set = zeren::load::load_str("doc.rules", r#"
///     schema { text: text }
///     department nync "农业农村局"
///     item 种子质量监管 { when text has "种子" lead nync basis "《种子法》" }
/// "#)?;
/// let rules = zeren::Rules::new(&set)?;
/// let mut cache = rules.create_cache();
/// let text = rules.attr("text").ok_or("no text")?;
/// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("假种子")));
/// assert_eq!(serde_json::to_string(&d)?, serde_json::to_string(&d.to_decision())?);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct DecisionRef<'a> {
    g: &'a Graph,
    winner: Winner,
    method: Method,
    score: f64,
    candidates: &'a [u32],
    /// The ticket's date (v2), as routing fixed it.
    date: Option<TicketDate>,
    /// The ticket's place class (v2), which picks territorial roles.
    class: u32,
    deadline: Option<Deadline>,
    split: &'a [(u32, Option<Deadline>)],
}

const EMPTY: &[u32] = &[];

/// An item's or matter's roles for a place class: the class's own when it is
/// territorial, else the plan's (class 0).
fn place(by_place: &[RolePlan], class: u32) -> Option<&RolePlan> {
    class.checked_sub(1).and_then(|k| by_place.get(k as usize))
}

impl<'a> DecisionRef<'a> {
    pub(crate) fn new(
        g: &'a Graph,
        winner: Winner,
        method: Method,
        score: f64,
        candidates: &'a [u32],
    ) -> DecisionRef<'a> {
        DecisionRef { g, winner, method, score, candidates, date: None, class: 0, deadline: None, split: &[] }
    }

    /// The v2 parts: the ticket's date, its place class, the deadline, the split.
    pub(crate) fn with_context(
        self,
        date: Option<TicketDate>,
        class: u32,
        deadline: Option<Deadline>,
        split: &'a [(u32, Option<Deadline>)],
    ) -> DecisionRef<'a> {
        DecisionRef { date, class, deadline, split, ..self }
    }

    fn dept(&self, d: u32) -> Option<&'a (Box<str>, Box<str>)> {
        self.g.depts.get(d as usize)
    }

    fn lead_id(&self) -> Option<u32> {
        match self.winner {
            Winner::Item(i) => item_lead(self.g, i, self.class),
            Winner::Matter(m) => {
                let x = self.g.matters.get(m as usize)?;
                place(&x.by_place, self.class).map_or(x.lead, |p| p.lead)
            }
            Winner::Coordinator | Winner::MatterDispute => self.g.coordinator,
        }
    }

    /// Which rules decided: the rule set's name, version and content hash,
    /// and the file and line of the winning item (of the matter, for
    /// `residual`; none for `disputed` and `unclaimed`). Precomputed when the
    /// rules were compiled: allocates nothing.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use zeren::ticket::{TicketRef, Value};
    /// let set = zeren::load::load_str("city.rules", "schema { f: bool }\ndepartment d\n\nitem x { when f lead d }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// let f = rules.attr("f").ok_or("no f")?;
    /// let mut cache = rules.create_cache();
    /// let d = rules.route(&mut cache, &TicketRef::new().with(f, Value::Bool(true)));
    /// let source = d.provenance().source.ok_or("no source")?;
    /// assert_eq!((source.file, source.line), ("city.rules", 4));
    /// assert_eq!(d.provenance().content_hash, rules.provenance().content_hash);
    /// # Ok(()) }
    /// ```
    pub fn provenance(&self) -> crate::provenance::Provenance<'a> {
        match self.winner {
            Winner::Item(i) => self.g.provenance.item(i),
            Winner::Matter(m) => self.g.provenance.matter(m),
            Winner::Coordinator | Winner::MatterDispute => self.g.provenance.stamp(),
        }
    }

    /// The lead department's id (`None` when nobody owns the ticket).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::TicketRef;
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// let d = rules.route(&mut cache, &TicketRef::new());
    /// assert_eq!(d.lead(), None); // unclaimed, and no coordinator
    /// # Ok(()) }
    /// ```
    pub fn lead(&self) -> Option<&'a str> {
        self.lead_id().and_then(|d| self.dept(d)).map(|d| &*d.0)
    }

    /// The lead department, by id (`None` when nobody owns the ticket): for
    /// a caller that keeps counts per department without comparing names.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.lead_dept(), set.dept_id("nync"));
    /// # Ok(()) }
    /// ```
    pub fn lead_dept(&self) -> Option<DeptId> {
        self.lead_id().map(DeptId)
    }

    /// The winning item, by id (`None` for residual, disputed, unclaimed).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.item_id(), set.item_id("种子"));
    /// # Ok(()) }
    /// ```
    pub fn item_id(&self) -> Option<ItemId> {
        match self.winner {
            Winner::Item(i) => Some(ItemId(i)),
            _ => None,
        }
    }

    /// The matter whose residual owner took the ticket (`residual` only).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync matter 农业 { when text has \"农\" lead nync item 种子 { when text has \"种子\" } }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("农药")));
    /// assert_eq!(d.residual_matter(), set.matter_id("农业"));
    /// # Ok(()) }
    /// ```
    pub fn residual_matter(&self) -> Option<MatterId> {
        match self.winner {
            Winner::Matter(m) => Some(MatterId(m)),
            _ => None,
        }
    }

    /// The lead department's display name.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::TicketRef;
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync \"农业农村局\" coordinator nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// assert_eq!(rules.route(&mut cache, &TicketRef::new()).lead_name(), Some("农业农村局"));
    /// # Ok(()) }
    /// ```
    pub fn lead_name(&self) -> Option<&'a str> {
        self.lead_id().and_then(|d| self.dept(d)).map(|d| &*d.1)
    }

    fn roles(&self) -> (&'a [u32], &'a [u32]) {
        match self.winner {
            Winner::Item(i) => item_assists(self.g, i, self.class),
            Winner::Matter(m) => self.g.matters.get(m as usize).map_or((EMPTY, EMPTY), |x| {
                place(&x.by_place, self.class).map_or((&x.assists, &x.liaisons), |p| (&p.assists, &p.liaisons))
            }),
            Winner::Coordinator | Winner::MatterDispute => (EMPTY, EMPTY),
        }
    }

    fn dept_ids(&self, ids: &'a [u32]) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let g = self.g;
        ids.iter().map(move |&d| g.depts.get(d as usize).map_or("", |d| &*d.0))
    }

    /// Assisting department ids, in clause order.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync department scjg item 种子 { when text has \"种子\" lead nync assist scjg }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.assists().collect::<Vec<_>>(), ["scjg"]);
    /// # Ok(()) }
    /// ```
    pub fn assists(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        self.dept_ids(self.roles().0)
    }

    /// Liaison unit ids, in clause order.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync department zj item 种子 { when text has \"种子\" lead nync liaise zj }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.liaisons().collect::<Vec<_>>(), ["zj"]);
    /// # Ok(()) }
    /// ```
    pub fn liaisons(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        self.dept_ids(self.roles().1)
    }

    /// The winning item's name (`None` for residual, disputed, unclaimed).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// assert_eq!(rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子"))).item(), Some("种子"));
    /// # Ok(()) }
    /// ```
    pub fn item(&self) -> Option<&'a str> {
        match self.winner {
            Winner::Item(i) => self.g.items.get(i as usize).map(|x| &*x.name),
            _ => None,
        }
    }

    /// The path: matters from the outermost down, then the item (for
    /// `residual`, down to the matter; empty for disputed and unclaimed).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync matter 农业 { item 种子 { when text has \"种子\" lead nync } }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.path().collect::<Vec<_>>(), ["农业", "种子"]);
    /// # Ok(()) }
    /// ```
    pub fn path(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        let g = self.g;
        let (matters, item): (&'a [u32], Option<&'a str>) = match self.winner {
            Winner::Item(i) => match g.items.get(i as usize) {
                Some(x) => (x.parent.and_then(|m| g.matters.get(m as usize)).map_or(EMPTY, |m| &m.path), Some(&x.name)),
                None => (EMPTY, None),
            },
            Winner::Matter(m) => (g.matters.get(m as usize).map_or(EMPTY, |m| &m.path), None),
            Winner::Coordinator | Winner::MatterDispute => (EMPTY, None),
        };
        matters.iter().map(move |&m| g.matters.get(m as usize).map_or("", |m| &*m.name)).chain(item)
    }

    /// Which step decided.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::TicketRef;
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// assert_eq!(rules.route(&mut cache, &TicketRef::new()).method(), zeren::decision::Method::Unclaimed);
    /// # Ok(()) }
    /// ```
    pub fn method(&self) -> Method {
        self.method
    }

    /// The proximity score: 1.0 unless `analogy` by the nearest item.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::TicketRef;
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// assert_eq!(rules.route(&mut cache, &TicketRef::new()).score(), 1.0);
    /// # Ok(()) }
    /// ```
    pub fn score(&self) -> f64 {
        self.score
    }

    /// The winning item's `like` target.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department wlj item 出版 { when text has \"图书\" lead wlj } item 剧本杀 { when text has \"剧本杀\" like 出版 }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("剧本杀店")));
    /// assert_eq!((d.lead(), d.analogy_of()), (Some("wlj"), Some("出版")));
    /// # Ok(()) }
    /// ```
    pub fn analogy_of(&self) -> Option<&'a str> {
        match self.winner {
            Winner::Item(i) => {
                let like = self.g.items.get(i as usize)?.like?;
                self.g.items.get(like as usize).map(|x| &*x.name)
            }
            _ => None,
        }
    }

    /// The candidates: every item whose condition held (steps 1–2), or the
    /// contending matters of a disputed residual; otherwise none.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.candidates().collect::<Vec<_>>(), ["种子"]);
    /// # Ok(()) }
    /// ```
    pub fn candidates(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let g = self.g;
        let matters = self.winner == Winner::MatterDispute;
        self.candidates.iter().map(move |&c| {
            let name = if matters {
                g.matters.get(c as usize).map(|m| &m.name)
            } else {
                g.items.get(c as usize).map(|i| &i.name)
            };
            name.map_or("", |n| &**n)
        })
    }

    /// The basis strings (none for disputed and unclaimed).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync basis \"《种子法》\" }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.basis().collect::<Vec<_>>(), ["《种子法》"]);
    /// # Ok(()) }
    /// ```
    pub fn basis(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let list: &'a [Box<str>] = match self.winner {
            Winner::Item(i) => self.g.items.get(i as usize).map_or(&[], |x| &x.basis),
            Winner::Matter(m) => self.g.matters.get(m as usize).map_or(&[], |x| &x.basis),
            Winner::Coordinator | Winner::MatterDispute => &[],
        };
        list.iter().map(|b| &**b)
    }

    /// The deadline (v2): the winner's, or the shortest of agreeing
    /// contenders' (docs/spec.md §5 step 2); none for `disputed` and `unclaimed`.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync deadline 5 workdays }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// # let text = rules.attr("text").ok_or("no text")?;
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子")));
    /// assert_eq!(d.deadline().map(|d| d.to_string()), Some("5 workdays".to_string()));
    /// # Ok(()) }
    /// ```
    pub fn deadline(&self) -> Option<Deadline> {
        self.deadline
    }

    /// Whether a role was resolved through the `territory` block (v2,
    /// docs/spec.md §8a); false for `disputed` and `unclaimed`.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// let set = zeren::load::load_str("doc.rules", "schema { text: text  street: symbol }\n\
    ///     department lc department bt department zx\n\
    ///     territory street { 鹿城街道 -> lc  北塘街道 -> bt  otherwise zx }\n\
    ///     item 宅基地 { when text has \"宅基地\" lead territory }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// let mut cache = rules.create_cache();
    /// let (text, street) = (rules.attr("text").ok_or("no text")?, rules.attr("street").ok_or("no street")?);
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("宅基地")).with(street, Value::Symbol("北塘街道")));
    /// assert_eq!((d.lead(), d.territorial()), (Some("bt"), true));
    /// # Ok(()) }
    /// ```
    pub fn territorial(&self) -> bool {
        match self.winner {
            Winner::Item(i) => self
                .g
                .items
                .get(i as usize)
                .is_some_and(|x| place(&x.by_place, self.class).map_or(x.territorial, |p| p.territorial)),
            Winner::Matter(m) => self
                .g
                .matters
                .get(m as usize)
                .is_some_and(|x| place(&x.by_place, self.class).map_or(x.territorial, |p| p.territorial)),
            Winner::Coordinator | Winner::MatterDispute => false,
        }
    }

    /// The parts of a split (v2, docs/spec.md §5 step 2), in declaration
    /// order; empty unless the ticket is disputed between two or more
    /// matters that each settle alone.
    pub fn split(&self) -> impl ExactSizeIterator<Item = SplitPartRef<'a>> + Clone + 'a {
        let (g, class) = (self.g, self.class);
        self.split.iter().map(move |&(item, deadline)| SplitPartRef { g, item, class, deadline })
    }

    /// The owned decision.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::TicketRef;
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let rules = zeren::Rules::new(&set)?;
    /// # let mut cache = rules.create_cache();
    /// let owned: zeren::decision::Decision = rules.route(&mut cache, &TicketRef::new()).to_decision();
    /// assert_eq!(owned, zeren::matcher::reference::route(&set, &TicketRef::new()));
    /// # Ok(()) }
    /// ```
    pub fn to_decision(&self) -> Decision {
        let strings = |it: &mut dyn Iterator<Item = &'a str>| it.map(str::to_string).collect::<Vec<_>>();
        Decision {
            lead: self.lead().map(str::to_string),
            lead_name: self.lead_name().map(str::to_string),
            assists: strings(&mut self.assists()),
            liaisons: strings(&mut self.liaisons()),
            item: self.item().map(str::to_string),
            path: strings(&mut self.path()),
            method: self.method,
            score: self.score,
            analogy_of: self.analogy_of().map(str::to_string),
            candidates: strings(&mut self.candidates()),
            basis: strings(&mut self.basis()),
            deadline: self.deadline,
            territorial: self.territorial(),
            split: self.split().map(|p| p.to_part()).collect(),
        }
    }
}

fn item_lead(g: &Graph, i: u32, class: u32) -> Option<u32> {
    let x = g.items.get(i as usize)?;
    Some(place(&x.by_place, class).and_then(|p| p.lead).unwrap_or(x.lead))
}

fn item_assists(g: &Graph, i: u32, class: u32) -> (&[u32], &[u32]) {
    g.items.get(i as usize).map_or((EMPTY, EMPTY), |x| {
        place(&x.by_place, class).map_or((&x.assists, &x.liaisons), |p| (&p.assists, &p.liaisons))
    })
}

/// One part of a split, borrowed from the compiled rules (v2).
#[derive(Clone, Copy, Debug)]
pub struct SplitPartRef<'a> {
    g: &'a Graph,
    item: u32,
    class: u32,
    deadline: Option<Deadline>,
}

impl<'a> SplitPartRef<'a> {
    fn dept_ids(&self, ids: &'a [u32]) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let g = self.g;
        ids.iter().map(move |&d| g.depts.get(d as usize).map_or("", |d| &*d.0))
    }

    /// The group's winning item.
    pub fn item(&self) -> &'a str {
        self.g.items.get(self.item as usize).map_or("", |x| &*x.name)
    }

    /// The winning item, by id.
    pub fn item_id(&self) -> ItemId {
        ItemId(self.item)
    }

    /// Its lead department's id.
    pub fn lead(&self) -> &'a str {
        item_lead(self.g, self.item, self.class).and_then(|d| self.g.depts.get(d as usize)).map_or("", |d| &*d.0)
    }

    /// Its lead department's display name.
    pub fn lead_name(&self) -> &'a str {
        item_lead(self.g, self.item, self.class).and_then(|d| self.g.depts.get(d as usize)).map_or("", |d| &*d.1)
    }

    /// Its assisting department ids.
    pub fn assists(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        self.dept_ids(item_assists(self.g, self.item, self.class).0)
    }

    /// Its liaison unit ids.
    pub fn liaisons(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        self.dept_ids(item_assists(self.g, self.item, self.class).1)
    }

    /// Its deadline.
    pub fn deadline(&self) -> Option<Deadline> {
        self.deadline
    }

    /// The owned part.
    pub fn to_part(&self) -> SplitPart {
        SplitPart {
            item: self.item().to_string(),
            lead: self.lead().to_string(),
            lead_name: self.lead_name().to_string(),
            assists: self.assists().map(str::to_string).collect(),
            liaisons: self.liaisons().map(str::to_string).collect(),
            deadline: self.deadline,
        }
    }
}

impl Serialize for SplitPartRef<'_> {
    /// A split part as [`SplitPart`] serialises.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("SplitPart", 6)?;
        st.serialize_field("item", self.item())?;
        st.serialize_field("lead", self.lead())?;
        st.serialize_field("lead_name", self.lead_name())?;
        st.serialize_field("assists", &Seq(self.assists()))?;
        st.serialize_field("liaisons", &Seq(self.liaisons()))?;
        st.serialize_field("deadline", &self.deadline)?;
        st.end()
    }
}

/// Serialises split parts as a sequence.
struct Parts<I>(I);

impl<'a, I: Iterator<Item = SplitPartRef<'a>> + Clone> Serialize for Parts<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for x in self.0.clone() {
            seq.serialize_element(&x)?;
        }
        seq.end()
    }
}

impl DecisionRef<'_> {
    /// The decision by ids ([`Outcome`]), as the reference router gives it:
    /// for tools that reason about items (the analyzer) and must not map
    /// names back.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use zeren::ticket::{TicketRef, Value};
    /// let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// let mut cache = rules.create_cache();
    /// let text = rules.attr("text").ok_or("no text")?;
    /// let ticket = TicketRef::new().with(text, Value::Text("种子"));
    /// let outcome = rules.route(&mut cache, &ticket).to_outcome();
    /// assert_eq!(outcome, zeren::matcher::reference::route_outcome(&set, &ticket));
    /// assert_eq!(outcome.item(), set.item_id("种子"));
    /// # Ok(()) }
    /// ```
    pub fn to_outcome(&self) -> Outcome {
        let owner = match self.winner {
            Winner::Item(i) => Owner::Item(ItemId(i)),
            Winner::Matter(m) => Owner::Matter(MatterId(m)),
            Winner::Coordinator | Winner::MatterDispute => Owner::Coordinator,
        };
        let contenders = match self.winner {
            Winner::MatterDispute => Contenders::Matters(self.candidates.iter().map(|&m| MatterId(m)).collect()),
            _ => Contenders::Items(self.candidates.iter().map(|&i| ItemId(i)).collect()),
        };
        let place = self.class.checked_sub(1).and_then(|k| self.g.context.places.get(k as usize)).map(|&d| DeptId(d));
        Outcome {
            method: self.method,
            owner,
            score: self.score,
            contenders,
            deadline: self.deadline,
            context: Context { date: self.date, place },
            split: self.split.iter().map(|&(item, deadline)| Part { item: ItemId(item), deadline }).collect(),
        }
    }
}

/// Serialises an iterator of strings as a sequence.
struct Seq<I>(I);

impl<'a, I: Iterator<Item = &'a str> + Clone> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let it = self.0.clone();
        let mut seq = s.serialize_seq(None)?;
        for x in it {
            seq.serialize_element(x)?;
        }
        seq.end()
    }
}

impl Serialize for DecisionRef<'_> {
    /// The JSON of docs/spec.md §6, key for key as [`Decision`] serialises.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Decision", 14)?;
        st.serialize_field("lead", &self.lead())?;
        st.serialize_field("lead_name", &self.lead_name())?;
        st.serialize_field("assists", &Seq(self.assists()))?;
        st.serialize_field("liaisons", &Seq(self.liaisons()))?;
        st.serialize_field("item", &self.item())?;
        st.serialize_field("path", &Seq(self.path()))?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("score", &self.score)?;
        st.serialize_field("analogy_of", &self.analogy_of())?;
        st.serialize_field("candidates", &Seq(self.candidates()))?;
        st.serialize_field("basis", &Seq(self.basis()))?;
        st.serialize_field("deadline", &self.deadline)?;
        st.serialize_field("territorial", &self.territorial())?;
        st.serialize_field("split", &Parts(self.split()))?;
        st.end()
    }
}
