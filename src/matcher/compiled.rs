//! The compiled matcher: [`Rules::route`] over the decision graph of
//! [`crate::compile`], with every piece of scratch in a caller-held [`Cache`].
//!
//! The cache pair follows regex-automata: [`Rules::create_cache`] sizes every
//! scratch list to its bound for these rules, [`Rules::reset_cache`] makes a
//! cache fit other rules, and [`Cache::memory_usage`] reports its heap bytes.
//! A cache holds no result between routes except what the returned
//! [`DecisionRef`] borrows.

use super::decision_ref::{DecisionRef, Winner};
use super::Rules;
use crate::compile::TextPlan;
use crate::compile::{
    AtomCode, AttrPlan, Graph, Node, Postings, SoundIndex, PHASES, PHASE_CANDIDATE, PHASE_GUARD, PHASE_NEAR,
    PHASE_SCORE, TRUE,
};
use crate::compile::{ItemPlan, MatterPlan};
use crate::decision::Method;
use crate::fold::fast::{all_kept, fold_for_search};
use crate::ir::context::{DateSource, TicketDate};
use crate::ir::settle::SCORE_TOLERANCE;
use crate::ir::{AttrId, CmpOp, Date, Deadline};
use crate::ticket::{TicketSource, Value};

/// What a ticket carries for one attribute, as routing reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum AttrState {
    /// Missing, or a value of another type (treated alike, as the reference does).
    Missing,
    /// A symbol or bool, as its slot.
    Sym(u32),
    /// A symbol value no condition names: present (so `!=` holds), equal
    /// to nothing any atom lists, and in no trigger posting.
    OtherSym,
    /// A number.
    Num(f64),
    /// A text; its keywords are in the keyword stamps.
    Text,
}

/// Scratch space for [`Rules::route`]: one per thread, reused for every ticket.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
/// let rules = zeren::Rules::new(&set)?;
/// let mut cache = rules.create_cache();
/// assert!(cache.memory_usage() > 0);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Cache {
    /// The id of the rules it was made for.
    owner: u64,
    /// Current route's stamp: a stamp equal to it means "set on this route".
    epoch: u32,
    state: Vec<AttrState>,
    kw_stamp: Vec<u32>,
    present_kws: Vec<u32>,
    stamps: [Vec<u32>; PHASES],
    fired: Vec<u32>,
    hits: Vec<u32>,
    left: Vec<u32>,
    scored: Vec<(u32, f64)>,
    fold: String,
    /// The parts of a split (v2): each group's winner and deadline.
    split: Vec<(u32, Option<Deadline>)>,
    /// The walk of `over` through items in force (v2): its stack, and a
    /// stamp per item equal to `walk_epoch` when visited on this walk.
    walk: Vec<u32>,
    walk_seen: Vec<u32>,
    walk_epoch: u32,
    /// Keywords contained by sound (step 5 with `homophone`), stamped like
    /// `kw_stamp`, and listed once each.
    sound_stamp: Vec<u32>,
    sound_kws: Vec<u32>,
    /// A folded text as characters, for the search by sound.
    chars: Vec<char>,
}

impl Cache {
    /// Heap bytes held by the cache.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// println!("{} bytes of scratch", rules.create_cache().memory_usage());
    /// # Ok(()) }
    /// ```
    pub fn memory_usage(&self) -> usize {
        self.state.capacity() * std::mem::size_of::<AttrState>()
            + (self.kw_stamp.capacity()
                + self.present_kws.capacity()
                + self.stamps.iter().map(Vec::capacity).sum::<usize>()
                + self.fired.capacity()
                + self.hits.capacity()
                + self.left.capacity()
                + self.walk.capacity()
                + self.walk_seen.capacity()
                + self.sound_stamp.capacity()
                + self.sound_kws.capacity()
                + self.chars.capacity())
                * 4
            + self.scored.capacity() * 16
            + self.split.capacity() * std::mem::size_of::<(u32, Option<Deadline>)>()
            + self.fold.capacity()
    }
}

/// The text buffer is created this large: most hotline texts fit.
const INITIAL_TEXT: usize = 1024;

impl Rules {
    /// A cache sized for these rules.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// let mut cache = rules.create_cache();
    /// # let _ = &mut cache;
    /// # Ok(()) }
    /// ```
    pub fn create_cache(&self) -> Cache {
        let mut cache = Cache {
            owner: 0,
            epoch: 0,
            state: Vec::new(),
            kw_stamp: Vec::new(),
            present_kws: Vec::new(),
            stamps: Default::default(),
            fired: Vec::new(),
            hits: Vec::new(),
            left: Vec::new(),
            scored: Vec::new(),
            fold: String::with_capacity(INITIAL_TEXT),
            split: Vec::new(),
            walk: Vec::new(),
            walk_seen: Vec::new(),
            walk_epoch: 0,
            sound_stamp: Vec::new(),
            sound_kws: Vec::new(),
            chars: Vec::new(),
        };
        self.reset_cache(&mut cache);
        cache
    }

    /// Makes `cache` fit these rules (a cache made for other rules is reset
    /// by [`Rules::route`] itself, but that allocates).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let a = zeren::load::load_str("a.rules", "schema { text: text } department nync item 种子 { when text has \"种子\" lead nync }")?;
    /// # let b = a.clone();
    /// let (first, second) = (zeren::Rules::new(&a)?, zeren::Rules::new(&b)?);
    /// let mut cache = first.create_cache();
    /// second.reset_cache(&mut cache);
    /// # Ok(()) }
    /// ```
    pub fn reset_cache(&self, cache: &mut Cache) {
        let g = &*self.graph;
        let items = g.items.len();
        cache.owner = self.id;
        cache.epoch = 0;
        reset(&mut cache.state, g.attrs.len(), AttrState::Missing);
        reset(&mut cache.kw_stamp, g.kw_count as usize, 0);
        reset(&mut cache.present_kws, 0, 0);
        cache.present_kws.reserve(g.kw_count as usize);
        for (stamps, phase) in cache.stamps.iter_mut().zip(&g.phases) {
            reset(stamps, phase.target_count as usize, 0);
        }
        let most = items.max(g.matters.len());
        for list in [&mut cache.fired, &mut cache.hits, &mut cache.left] {
            list.clear();
            list.reserve(most);
        }
        cache.scored.clear();
        cache.scored.reserve(items);
        cache.split.clear();
        cache.split.reserve(items);
        cache.walk.clear();
        cache.walk.reserve(items + 1);
        reset(&mut cache.walk_seen, items, 0);
        cache.walk_epoch = 0;
        let sound_kws = if g.sound.is_some() { g.kw_count as usize } else { 0 };
        reset(&mut cache.sound_stamp, sound_kws, 0);
        reset(&mut cache.sound_kws, 0, 0);
        cache.sound_kws.reserve(sound_kws);
        cache.chars.clear();
        if g.sound.is_some() {
            cache.chars.reserve(INITIAL_TEXT);
        }
    }

    /// Routes one ticket (docs/spec.md §5), borrowing the decision's names and lists
    /// from these rules and from `cache`.
    ///
    /// Allocates nothing once `cache` has seen a ticket with texts this long.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use zeren::ticket::{TicketRef, Value};
    /// let set = zeren::load::load_str("seeds.rules", r#"
    ///     schema { text: text }
    ///     department nync "农业农村局"
    ///     department scjg "市场监督管理局"
    ///     item 种子质量监管 { when text has any ["种子", "出芽率"] lead nync assist scjg }
    /// "#)?;
    /// let rules = zeren::Rules::new(&set)?;
    /// let text = rules.attr("text").ok_or("no text")?;
    /// let mut cache = rules.create_cache();
    /// let d = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("种子出芽率低")));
    /// assert_eq!(d.lead(), Some("nync"));
    /// assert_eq!(d.assists().collect::<Vec<_>>(), ["scjg"]);
    /// assert_eq!(d.to_decision(), zeren::matcher::reference::route(&set, &TicketRef::new().with(text, Value::Text("种子出芽率低"))));
    /// # Ok(()) }
    /// ```
    pub fn route<'a>(&'a self, cache: &'a mut Cache, ticket: &impl TicketSource) -> DecisionRef<'a> {
        if cache.owner != self.id {
            self.reset_cache(cache);
        }
        let g = &*self.graph;
        cache.epoch = cache.epoch.wrapping_add(1);
        if cache.epoch == 0 {
            // Stamps from 2^32 routes ago could look current: clear them once.
            cache.kw_stamp.iter_mut().for_each(|s| *s = 0);
            cache.stamps.iter_mut().flatten().for_each(|s| *s = 0);
            cache.sound_stamp.iter_mut().for_each(|s| *s = 0);
            cache.epoch = 1;
        }
        let date = ticket_date(g, ticket, self.as_of);
        let mut texts = Pending::default();
        read_ticket(g, cache, ticket, &mut texts);
        if let (Some((attr, _)), Some(TicketDate { date, source: DateSource::AsOf | DateSource::Default })) =
            (g.context.clock, date)
        {
            // An undated ticket is dated for its conditions too (docs/spec.md §8a).
            read_value(g, cache, attr, Some(Value::Date(date)), &mut texts);
        }
        search_texts(g, cache, &mut texts);
        let cx = Cx { day: date.map_or(0, |d| d.date.days()), class: place_class(g, ticket) };
        let d = decide(g, cache, cx, ticket, |found| complete_texts(g, found, &texts));
        // Steps 2 and a disputed step 4 leave their candidates in `hits`.
        let candidates: &[u32] = match d.method {
            Method::Direct | Method::Priority | Method::Specific | Method::Disputed => &cache.hits,
            _ => &[],
        };
        DecisionRef::new(g, d.winner, d.method, d.score, candidates).with_context(
            date,
            cx.class,
            d.deadline,
            &cache.split,
        )
    }
}

/// The ticket's date (docs/spec.md §5 "In force": its clock attribute, else
/// `as_of`, else the clock's default) and where it came from. Without a
/// `clock` there is none, and every item is in force on any day.
fn ticket_date(g: &Graph, ticket: &impl TicketSource, as_of: Option<Date>) -> Option<TicketDate> {
    let (attr, default) = g.context.clock?;
    Some(match ticket.value(AttrId(attr)) {
        Some(Value::Date(date)) => TicketDate { date, source: DateSource::Ticket },
        _ => match as_of {
            Some(date) => TicketDate { date, source: DateSource::AsOf },
            None => TicketDate { date: default, source: DateSource::Default },
        },
    })
}

/// The ticket's place class (v2): 0 when there is no `territory` block or
/// the place is missing or not listed.
fn place_class(g: &Graph, ticket: &impl TicketSource) -> u32 {
    match &g.context.territory {
        Some((attr, classes)) => match ticket.value(AttrId(*attr)) {
            Some(Value::Symbol(s)) => classes.get(s).unwrap_or(0),
            _ => 0,
        },
        None => 0,
    }
}

/// What routing fixed about the ticket before its steps (v2).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cx {
    /// Its day, as [`Date::days`].
    day: i32,
    /// Its place class.
    class: u32,
}

#[inline(always)]
fn in_force(days: (i32, i32), day: i32) -> bool {
    days.0 <= day && day <= days.1
}

/// An item's interned roles for a place class.
#[inline]
pub(crate) fn item_roles(x: &ItemPlan, class: u32) -> u32 {
    match class.checked_sub(1).and_then(|k| x.by_place.get(k as usize)) {
        Some(p) => p.roles,
        None => x.roles,
    }
}

/// A matter's interned roles for a place class.
#[inline]
fn matter_roles(x: &MatterPlan, class: u32) -> u32 {
    match class.checked_sub(1).and_then(|k| x.by_place.get(k as usize)) {
        Some(p) => p.roles,
        None => x.roles,
    }
}

fn reset<T: Copy>(v: &mut Vec<T>, len: usize, value: T) {
    v.clear();
    v.resize(len, value);
}

/// Texts not searched yet: they wait until every symbol is read, for the
/// dispatch bucket (`compile/dispatch.rs`). Beyond this many text
/// attributes, a text is searched in full as it is read.
const PENDING: usize = 4;

/// The ticket's texts, and which of them step 1 searched for its bucket's
/// keywords only.
#[derive(Clone, Copy, Default)]
struct Pending<'t> {
    texts: [(u32, &'t str); PENDING],
    len: usize,
    /// Bit `i`: `texts[i]` was searched for some keywords only.
    partial: u8,
}

/// Reads every attribute a condition tests; texts are left in `texts`.
fn read_ticket<'t, T: TicketSource>(g: &Graph, cache: &mut Cache, ticket: &'t T, texts: &mut Pending<'t>) {
    cache.present_kws.clear();
    match ticket.pairs() {
        Some(pairs) => {
            for &a in &g.used_attrs {
                if let Some(slot) = cache.state.get_mut(a as usize) {
                    *slot = AttrState::Missing;
                }
            }
            for &(a, value) in pairs {
                read_value(g, cache, a.0, Some(value), texts);
            }
        }
        None => {
            for &a in &g.used_attrs {
                read_value(g, cache, a, ticket.value(AttrId(a)), texts);
            }
        }
    }
}

/// Searches the ticket's texts for the keywords step 1 needs: the dispatch
/// bucket's few keywords one at a time when it has few and the text needs
/// no folding, else every keyword in one automaton pass.
fn search_texts(g: &Graph, cache: &mut Cache, texts: &mut Pending<'_>) {
    let d = &g.dispatch;
    let slot = d.attr.and_then(|a| match cache.state.get(a as usize) {
        Some(&AttrState::Sym(s)) => Some(s),
        _ => None,
    });
    let bucket = d.buckets.get(d.bucket(slot) as usize);
    let list = texts.texts;
    for (i, &(a, text)) in list.iter().enumerate().take(texts.len) {
        let Some(AttrPlan::Text(plan)) = g.attrs.get(a as usize) else {
            continue;
        };
        let few = bucket.and_then(|b| b.iter().find(|t| t.attr == a)).and_then(|t| t.few);
        match few {
            Some((start, len)) if len == 0 || all_kept(text, plan.ascii) => {
                let Cache { epoch, kw_stamp, present_kws, .. } = cache;
                plan.empty_kws.iter().for_each(|&k| mark(kw_stamp, present_kws, *epoch, k));
                for (k, finder) in d.finders(start, len) {
                    if finder.find(text.as_bytes()).is_some() {
                        mark(kw_stamp, present_kws, *epoch, *k);
                    }
                }
                texts.partial |= 1 << i;
            }
            _ => search_all(plan, &mut cache.found(), text),
        }
    }
}

/// Searches the texts step 1 searched in part for every keyword (steps 3 to
/// 5 test any item).
fn complete_texts(g: &Graph, found: &mut Found<'_>, texts: &Pending<'_>) {
    for (i, &(a, text)) in texts.texts.iter().enumerate().take(texts.len) {
        if texts.partial & (1 << i) != 0 {
            if let Some(AttrPlan::Text(plan)) = g.attrs.get(a as usize) {
                search_all(plan, found, text);
            }
        }
    }
}

/// Caches attribute `a`'s value (a value of another type reads as missing,
/// as in the reference); a text is kept in `texts` for [`search_texts`].
#[inline(always)]
fn read_value<'t>(g: &Graph, cache: &mut Cache, a: u32, value: Option<Value<'t>>, texts: &mut Pending<'t>) {
    let Some(plan) = g.attrs.get(a as usize) else {
        return;
    };
    let state = match (plan, value) {
        (AttrPlan::Unused, _) => return,
        (AttrPlan::Symbol { slots }, Some(Value::Symbol(s))) => {
            slots.get(s).map_or(AttrState::OtherSym, AttrState::Sym)
        }
        (AttrPlan::Bool { base }, Some(Value::Bool(b))) => AttrState::Sym(base + u32::from(b)),
        (AttrPlan::Number, Some(Value::Number(n))) => AttrState::Num(n),
        // Dates compare as their day numbers, as the model stores them.
        (AttrPlan::Number, Some(Value::Date(d))) => AttrState::Num(f64::from(d.days())),
        (AttrPlan::Text(plan), Some(Value::Text(text))) => {
            match texts.texts.get_mut(texts.len) {
                Some(t) => {
                    *t = (a, text);
                    texts.len += 1;
                }
                None => search_all(plan, &mut cache.found(), text),
            }
            AttrState::Text
        }
        _ => AttrState::Missing,
    };
    if let Some(slot) = cache.state.get_mut(a as usize) {
        *slot = state;
    }
}

/// The keyword stamps of one route, as a text search fills them.
struct Found<'c> {
    epoch: u32,
    kw_stamp: &'c mut [u32],
    present_kws: &'c mut Vec<u32>,
    fold: &'c mut String,
}

impl Cache {
    fn found(&mut self) -> Found<'_> {
        Found {
            epoch: self.epoch,
            kw_stamp: &mut self.kw_stamp,
            present_kws: &mut self.present_kws,
            fold: &mut self.fold,
        }
    }
}

/// Marks every keyword of `plan` that `text` contains, in one automaton pass.
fn search_all(plan: &TextPlan, found: &mut Found<'_>, text: &str) {
    let Found { epoch, kw_stamp, present_kws, fold } = found;
    let epoch = *epoch;
    plan.empty_kws.iter().for_each(|&k| mark(kw_stamp, present_kws, epoch, k));
    if let Some(ac) = &plan.automaton {
        // The text as it stands: right unless it holds a character
        // folding would change for these keywords, which one of the
        // marks among the patterns then reports.
        let before = present_kws.len();
        let mut unkept = false;
        ac.each_match(text, |p| match plan.pattern_kw.get(p) {
            Some(&k) => mark(kw_stamp, present_kws, epoch, k),
            None => unkept = true,
        });
        if unkept {
            // Undo this pass and search the folded text (0 is never
            // a route's stamp).
            for k in present_kws.drain(before..) {
                if let Some(s) = kw_stamp.get_mut(k as usize) {
                    *s = 0;
                }
            }
            let folded = fold_for_search(text, fold, plan.ascii);
            ac.each_match(folded, |p| {
                if let Some(&k) = plan.pattern_kw.get(p) {
                    mark(kw_stamp, present_kws, epoch, k);
                }
            });
        }
    }
}

/// Notes keyword `k` as present in this route's ticket.
#[inline(always)]
fn mark(kw_stamp: &mut [u32], present_kws: &mut Vec<u32>, epoch: u32, k: u32) {
    if let Some(s) = kw_stamp.get_mut(k as usize) {
        if *s != epoch {
            *s = epoch;
            present_kws.push(k);
        }
    }
}

/// The read-only view of one ticket that conditions are evaluated on.
struct View<'c> {
    g: &'c Graph,
    state: &'c [AttrState],
    kw_stamp: &'c [u32],
    epoch: u32,
    /// Keywords contained by sound, and their weight: set for step 5 with
    /// `homophone`, else empty and 0.
    sound_stamp: &'c [u32],
    weight: f64,
}

impl View<'_> {
    #[inline]
    fn kw(&self, k: u32) -> bool {
        self.kw_stamp.get(k as usize) == Some(&self.epoch)
    }

    /// A keyword's proximity score (docs/spec.md §5 step 5): 1 when contained,
    /// the `homophone` weight when contained by sound, else 0.
    #[inline]
    fn kw_score(&self, k: u32) -> f64 {
        if self.kw(k) {
            1.0
        } else if self.sound_stamp.get(k as usize) == Some(&self.epoch) {
            self.weight
        } else {
            0.0
        }
    }

    #[inline]
    fn attr(&self, a: u32) -> AttrState {
        self.state.get(a as usize).copied().unwrap_or(AttrState::Missing)
    }

    fn pool(&self, start: u32, len: u32) -> &[u32] {
        self.g.pool.get(start as usize..(start + len) as usize).unwrap_or(&[])
    }

    #[inline]
    fn atom(&self, atom: AtomCode) -> bool {
        match atom {
            AtomCode::False => false,
            AtomCode::Eq { attr, slot } => self.attr(attr) == AttrState::Sym(slot),
            AtomCode::Ne { attr, slot } => match self.attr(attr) {
                AttrState::Sym(s) => s != slot,
                AttrState::OtherSym => true,
                _ => false,
            },
            AtomCode::In { attr, start, len } => {
                matches!(self.attr(attr), AttrState::Sym(s) if self.pool(start, len).binary_search(&s).is_ok())
            }
            AtomCode::Cmp { attr, op, bound } => match self.attr(attr) {
                AttrState::Num(n) => match op {
                    CmpOp::Lt => n < bound,
                    CmpOp::Le => n <= bound,
                    CmpOp::Gt => n > bound,
                    CmpOp::Ge => n >= bound,
                },
                _ => false,
            },
            AtomCode::NumEq { attr, value, eq } => match self.attr(attr) {
                AttrState::Num(n) => (n == value) == eq,
                _ => false,
            },
            AtomCode::HasAny { start, len } => self.pool(start, len).iter().any(|&k| self.kw(k)),
            AtomCode::HasAll { attr, start, len } => {
                self.attr(attr) == AttrState::Text && self.pool(start, len).iter().all(|&k| self.kw(k))
            }
        }
    }

    fn operands(&self, start: u32, len: u32) -> &[u32] {
        self.g.children.get(start as usize..(start + len) as usize).unwrap_or(&[])
    }

    /// Whether the condition whose jump code starts at `pc` holds. Every
    /// exit points at an earlier test or a terminal, so the loop ends.
    #[inline]
    fn runs_true(&self, mut pc: u32) -> bool {
        while let Some(test) = self.g.code.get(pc as usize) {
            pc = if self.atom(test.atom) { test.on_true } else { test.on_false };
        }
        pc == TRUE
    }

    /// Whether node `id` holds (for the `not`s of a proximity score).
    /// Recursion depth is the condition's nesting, which the parser bounds.
    fn holds(&self, id: u32) -> bool {
        match self.g.nodes.get(id as usize) {
            Some(&Node::Atom(a)) => self.g.atoms.get(a as usize).is_some_and(|&a| self.atom(a)),
            Some(&Node::Not(x)) => !self.holds(x),
            Some(&Node::And { start, len, .. }) => self.operands(start, len).iter().all(|&op| self.holds(op)),
            Some(&Node::Or { start, len }) => self.operands(start, len).iter().any(|&op| self.holds(op)),
            None => false,
        }
    }

    /// Whether node `id` holds, and its proximity score: the same arithmetic,
    /// in the same order, as [`crate::ir::eval::score`].
    fn score(&self, id: u32) -> (bool, f64) {
        match self.g.nodes.get(id as usize) {
            Some(&Node::Atom(a)) => {
                let Some(&atom) = self.g.atoms.get(a as usize) else {
                    return (false, 0.0);
                };
                if self.atom(atom) {
                    return (true, 1.0);
                }
                // `has all`: the mean of its keywords' scores; `has any`:
                // its best keyword's (the same sums as the reference's).
                match atom {
                    AtomCode::HasAll { attr, start, len } if len > 0 && self.attr(attr) == AttrState::Text => {
                        let sum = self.pool(start, len).iter().map(|&k| self.kw_score(k)).sum::<f64>();
                        (false, sum / len as f64)
                    }
                    AtomCode::HasAny { start, len } if self.weight > 0.0 => {
                        (false, self.pool(start, len).iter().map(|&k| self.kw_score(k)).fold(0.0, f64::max))
                    }
                    _ => (false, 0.0),
                }
            }
            Some(&Node::Not(x)) => {
                let h = !self.holds(x);
                (h, if h { 1.0 } else { 0.0 })
            }
            Some(&Node::Or { start, len }) => {
                let mut any = false;
                let best = self
                    .operands(start, len)
                    .iter()
                    .map(|&op| {
                        let (h, s) = self.score(op);
                        any |= h;
                        s
                    })
                    .fold(0.0, f64::max);
                (any, if any { 1.0 } else { best })
            }
            Some(&Node::And { start, len, pos }) => {
                let mut all = true;
                let ops = self.operands(start, len);
                let (p, n) = ops.split_at((pos as usize).min(ops.len()));
                let sum = p
                    .iter()
                    .map(|&op| {
                        let (h, s) = self.score(op);
                        all &= h;
                        s
                    })
                    .sum::<f64>();
                let veto = n
                    .iter()
                    .map(|&op| {
                        let (h, s) = self.score(op);
                        all &= h;
                        s
                    })
                    .fold(1.0, f64::min);
                if all {
                    return (true, 1.0);
                }
                let mean = if p.is_empty() { 1.0 } else { sum / p.len() as f64 };
                (false, mean * veto)
            }
            None => (false, 0.0),
        }
    }
}

/// Collects the targets of `phase` that some true fact of the ticket points
/// at, each once, into `fired`.
fn fire(p: &Postings, state: &[AttrState], present_kws: &[u32], stamps: &mut [u32], epoch: u32, fired: &mut Vec<u32>) {
    fired.clear();
    if p.empty {
        return;
    }
    let mut add = |t: u32| {
        if let Some(s) = stamps.get_mut(t as usize) {
            if *s != epoch {
                *s = epoch;
                fired.push(t);
            }
        }
    };
    // Only the attributes with keys in this phase are looked at.
    for &a in &p.sym_attrs {
        if let Some(&AttrState::Sym(slot)) = state.get(a as usize) {
            p.sym.get(slot).iter().for_each(|&t| add(t));
        }
    }
    for (a, num) in &p.num {
        if let Some(&AttrState::Num(n)) = state.get(*a as usize) {
            // Sorted by bound: `>`/`>=` fire a prefix, `<`/`<=` a suffix.
            let gt = num.gt.partition_point(|&(b, _)| b < n);
            let ge = num.ge.partition_point(|&(b, _)| b <= n);
            let lt = num.lt.partition_point(|&(b, _)| b <= n);
            let le = num.le.partition_point(|&(b, _)| b < n);
            let fired_lists = [num.gt.get(..gt), num.ge.get(..ge), num.lt.get(lt..), num.le.get(le..)];
            fired_lists.into_iter().flatten().flatten().for_each(|&(_, t)| add(t));
        }
    }
    for &a in &p.present_attrs {
        if state.get(a as usize).is_some_and(|&s| s != AttrState::Missing) {
            p.present.get(a).iter().for_each(|&t| add(t));
        }
    }
    for &k in present_kws {
        p.kw.get(k).iter().for_each(|&t| add(t));
    }
    p.always.iter().for_each(|&t| add(t));
}

/// What [`decide`] settled.
struct Decided {
    winner: Winner,
    method: Method,
    score: f64,
    deadline: Option<Deadline>,
}

impl Decided {
    fn item(g: &Graph, i: u32, method: Method, score: f64) -> Decided {
        let deadline = g.items.get(i as usize).and_then(|x| x.deadline);
        Decided { winner: Winner::Item(i), method, score, deadline }
    }

    fn coordinator(winner: Winner, method: Method) -> Decided {
        Decided { winner, method, score: 1.0, deadline: None }
    }
}

/// The scratch of the `over` walk (v2).
struct Walk<'c> {
    stack: &'c mut Vec<u32>,
    seen: &'c mut [u32],
    epoch: &'c mut u32,
}

impl Walk<'_> {
    /// Whether `j` is `over` `i` on day `day`: through undated items (the
    /// table), or through items in force on that day (a walk of the
    /// declared edges, only for pairs the table marks as dated).
    fn is_over(&mut self, g: &Graph, day: i32, j: u32, i: u32) -> bool {
        let Some(x) = g.items.get(j as usize) else { return false };
        if x.over.binary_search(&i).is_ok() {
            return true;
        }
        if x.over_dated.binary_search(&i).is_err() {
            return false;
        }
        *self.epoch = self.epoch.wrapping_add(1);
        if *self.epoch == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            *self.epoch = 1;
        }
        let epoch = *self.epoch;
        self.stack.clear();
        self.stack.push(j);
        while let Some(x) = self.stack.pop() {
            let Some(x) = g.items.get(x as usize) else { continue };
            for &y in x.over_declared.iter() {
                if y == i {
                    return true;
                }
                let Some(item) = g.items.get(y as usize) else { continue };
                if let Some(s) = self.seen.get_mut(y as usize) {
                    if *s != epoch && in_force(item.days, day) {
                        *s = epoch;
                        self.stack.push(y);
                    }
                }
            }
        }
        false
    }
}

/// The scratch space of the search by sound.
struct Scratch<'c> {
    fold: &'c mut String,
    chars: &'c mut Vec<char>,
    sound_stamp: &'c mut [u32],
    sound_kws: &'c mut Vec<u32>,
    epoch: u32,
}

/// Stamps the keywords each text contains by sound (docs/spec.md §5 step 5),
/// searching the folded text as the keyword pass does.
fn by_sound(g: &Graph, sound: &SoundIndex, ticket: &impl TicketSource, s: Scratch<'_>) {
    let Scratch { fold, chars, sound_stamp, sound_kws, epoch } = s;
    sound_kws.clear();
    for &a in &sound.attrs {
        let (Some(AttrPlan::Text(plan)), Some(Value::Text(text))) = (g.attrs.get(a as usize), ticket.value(AttrId(a)))
        else {
            continue;
        };
        let folded = fold_for_search(text, fold, plan.ascii);
        chars.clear();
        chars.extend(folded.chars());
        sound.scan(a, chars, |k| mark(sound_stamp, sound_kws, epoch, k));
    }
}

/// Adds to `fired` the targets of `phase` that the keywords `kws` point at.
fn fire_more(p: &Postings, kws: &[u32], stamps: &mut [u32], epoch: u32, fired: &mut Vec<u32>) {
    for &k in kws {
        for &t in p.kw.get(k) {
            if let Some(s) = stamps.get_mut(t as usize) {
                if *s != epoch {
                    *s = epoch;
                    fired.push(t);
                }
            }
        }
    }
}

/// docs/spec.md §5, steps 1 to 6. Leaves the candidates (or contending matters) in
/// `cache.hits`, and the parts of a split in `cache.split`. `complete`
/// finishes the keyword search step 1 may have left partial (see
/// [`search_texts`]) before the steps that may look at any item.
fn decide(
    g: &Graph,
    cache: &mut Cache,
    cx: Cx,
    ticket: &impl TicketSource,
    complete: impl FnOnce(&mut Found<'_>),
) -> Decided {
    let Cache {
        state,
        kw_stamp,
        present_kws,
        fold,
        stamps,
        fired,
        hits,
        left,
        scored,
        epoch,
        split,
        walk,
        walk_seen,
        walk_epoch,
        sound_stamp,
        sound_kws,
        chars,
        ..
    } = cache;
    let mut walk = Walk { stack: walk, seen: walk_seen, epoch: walk_epoch };
    split.clear();
    let epoch = *epoch;
    let view = View { g, state, kw_stamp, epoch, sound_stamp: &[], weight: 0.0 };
    let [s_cand, s_near, s_guard, s_score] = stamps;

    // Step 1. Candidates.
    fire(&g.phases[PHASE_CANDIDATE], state, present_kws, s_cand, epoch, fired);
    hits.clear();
    for &i in fired.iter() {
        if g.items
            .get(i as usize)
            .is_some_and(|item| in_force(item.days, cx.day) && view.runs_true(item.effective_code))
        {
            hits.push(i);
        }
    }
    match hits.len() {
        0 => {}
        // One candidate wins alone (the common case: skip the tie-breaks).
        1 => return Decided::item(g, hits.first().copied().unwrap_or(0), Method::Direct, 1.0),
        _ => {
            hits.sort_unstable();
            return overlap(g, cx, hits, left, split, &mut walk);
        }
    }
    complete(&mut Found { epoch, kw_stamp: &mut *kw_stamp, present_kws: &mut *present_kws, fold: &mut *fold });
    let view = View { g, state, kw_stamp, epoch, sound_stamp: &[], weight: 0.0 };

    // Step 3. Declared analogy.
    fire(&g.phases[PHASE_NEAR], state, present_kws, s_near, epoch, fired);
    for &i in fired.iter() {
        if g.items.get(i as usize).is_some_and(|item| in_force(item.days, cx.day) && view.runs_true(item.near_code)) {
            hits.push(i);
        }
    }
    if !hits.is_empty() {
        hits.sort_unstable();
        let winner = settle(g, cx, hits, left, &mut walk);
        hits.clear();
        return Decided::item(g, winner, Method::Analogy, 1.0);
    }

    // Step 4. Residual.
    fire(&g.phases[PHASE_GUARD], state, present_kws, s_guard, epoch, fired);
    for &m in fired.iter() {
        if g.matters
            .get(m as usize)
            .is_some_and(|matter| in_force(matter.days, cx.day) && view.runs_true(matter.guard_code))
        {
            hits.push(m);
        }
    }
    if !hits.is_empty() {
        hits.sort_unstable();
        return residual(g, cx, hits, left);
    }

    // Step 5. Nearest item.
    if g.has_fallback {
        fire(&g.phases[PHASE_SCORE], state, present_kws, s_score, epoch, fired);
        let mut view = view;
        if let Some(sound) = &g.sound {
            by_sound(g, sound, ticket, Scratch { fold, chars, sound_stamp, sound_kws, epoch });
            // A keyword contained by sound may lift an item to the threshold.
            fire_more(&g.phases[PHASE_SCORE], sound_kws, s_score, epoch, fired);
            view = View { sound_stamp, weight: sound.weight, ..view };
        }
        scored.clear();
        let mut best = f64::NEG_INFINITY;
        for &i in fired.iter() {
            let Some(item) = g.items.get(i as usize).filter(|item| in_force(item.days, cx.day)) else {
                continue;
            };
            let near = item.near.map_or(0.0, |n| view.score(n).1);
            let s = view.score(item.effective).1.max(near);
            best = best.max(s);
            scored.push((i, s));
        }
        if !scored.is_empty() && best >= g.threshold - SCORE_TOLERANCE {
            for &(i, s) in scored.iter() {
                if s >= best - SCORE_TOLERANCE {
                    hits.push(i);
                }
            }
            hits.sort_unstable();
            let winner = settle(g, cx, hits, left, &mut walk);
            hits.clear();
            let s = scored.iter().find(|x| x.0 == winner).map_or(best, |x| x.1);
            return Decided::item(g, winner, Method::Analogy, s);
        }
    }

    // Step 6. Unclaimed.
    Decided::coordinator(Winner::Coordinator, Method::Unclaimed)
}

/// Keeps the items of `items` (sorted) of highest priority, minus those
/// another one of that priority is `over` (through items in force), in
/// `left` (sorted). Never empty for a non-empty input: `over` is acyclic.
///
/// The fast copy of [`crate::ir::context::Context::drop_beaten`] over the
/// graph's tables (no allocation: `left` lives in the cache), held to it by
/// the differential test.
fn drop_beaten(g: &Graph, cx: Cx, items: &[u32], left: &mut Vec<u32>, walk: &mut Walk<'_>) {
    let item = |i: u32| g.items.get(i as usize);
    let top = items.iter().filter_map(|&i| item(i)).map(|i| i.priority).max().unwrap_or(0);
    let contends = |i: u32| item(i).is_some_and(|x| x.priority == top);
    left.clear();
    for &i in items {
        if contends(i) && !items.iter().any(|&j| j != i && contends(j) && walk.is_over(g, cx.day, j, i)) {
            left.push(i);
        }
    }
}

/// Priority, then `over`, then the earlier declaration (steps 3 and 5).
fn settle(g: &Graph, cx: Cx, items: &[u32], left: &mut Vec<u32>, walk: &mut Walk<'_>) -> u32 {
    drop_beaten(g, cx, items, left, walk);
    left.first().or(items.first()).copied().unwrap_or(0)
}

/// The shortest deadline of agreeing contenders (docs/spec.md §8a).
fn shortest(deadlines: impl Iterator<Item = Option<Deadline>>) -> Option<Deadline> {
    Deadline::shortest(deadlines)
}

/// Step 2 over the sorted candidates in `hits`; a disputed ticket's split
/// parts go to `split`.
fn overlap(
    g: &Graph,
    cx: Cx,
    hits: &[u32],
    left: &mut Vec<u32>,
    split: &mut Vec<(u32, Option<Deadline>)>,
    walk: &mut Walk<'_>,
) -> Decided {
    drop_beaten(g, cx, hits, left, walk);
    let removed = left.len() < hits.len();
    // INVARIANT: non-empty, as in the reference router (which also answers
    // `Disputed` were it broken).
    let Some(&first) = left.first() else {
        debug_assert!(false, "drop_beaten emptied a non-empty candidate list");
        return Decided::coordinator(Winner::Coordinator, Method::Disputed);
    };
    let item = |i: u32| g.items.get(i as usize);
    let roles = |i: u32| item(i).map(|x| item_roles(x, cx.class));
    let deadline = |i: u32| item(i).and_then(|x| x.deadline);
    if left.iter().all(|&i| roles(i) == roles(first)) {
        let method = if removed { Method::Priority } else { Method::Direct };
        let mut d = Decided::item(g, first, method, 1.0);
        d.deadline = shortest(left.iter().map(|&i| deadline(i)));
        return d;
    }
    let implies = |a: u32, b: u32| item(a).is_some_and(|x| x.implies.binary_search(&b).is_ok());
    match unique_specific(left.iter().copied(), implies) {
        Some(w) => Decided::item(g, w, Method::Specific, 1.0),
        None => {
            split_parts(g, cx, left, split);
            Decided::coordinator(Winner::Coordinator, Method::Disputed)
        }
    }
}

/// docs/spec.md §5 step 2 "Split": the remaining candidates grouped by their
/// outermost matter (an item outside any matter alone), each group settled
/// alone (agreement, then specificity); the winners, sorted, when there are
/// two groups or more and each has one, else nothing.
fn split_parts(g: &Graph, cx: Cx, left: &[u32], split: &mut Vec<(u32, Option<Deadline>)>) {
    split.clear();
    let item = |i: u32| g.items.get(i as usize);
    // The group key: the outermost matter + 1, or 0 with the item itself.
    let key = |i: u32| {
        let outer = item(i).and_then(|x| x.parent).and_then(|m| g.matters.get(m as usize)?.path.first().copied());
        outer.map_or((0, i), |m| (m + 1, 0))
    };
    let roles = |i: u32| item(i).map(|x| item_roles(x, cx.class));
    let implies = |a: u32, b: u32| item(a).is_some_and(|x| x.implies.binary_search(&b).is_ok());
    for (n, &i) in left.iter().enumerate() {
        let k = key(i);
        if left.get(..n).is_some_and(|before| before.iter().any(|&j| key(j) == k)) {
            continue;
        }
        let group = || left.iter().copied().filter(move |&j| key(j) == k);
        let part = if group().all(|j| roles(j) == roles(i)) {
            Some((i, shortest(group().map(|j| item(j).and_then(|x| x.deadline)))))
        } else {
            unique_specific(group(), implies).map(|w| (w, item(w).and_then(|x| x.deadline)))
        };
        match part {
            Some(p) => split.push(p),
            None => {
                split.clear();
                return;
            }
        }
    }
    if split.len() < 2 {
        split.clear();
    }
    split.sort_unstable_by_key(|p| p.0);
}

/// The one member implying every other, if exactly one does.
fn unique_specific<I: Iterator<Item = u32> + Clone>(set: I, implies: impl Fn(u32, u32) -> bool) -> Option<u32> {
    let mut found = None;
    for a in set.clone() {
        if set.clone().all(|b| a == b || implies(a, b)) {
            if found.is_some() {
                return None;
            }
            found = Some(a);
        }
    }
    found
}

/// Step 4 over the sorted guarded matters in `hits`; leaves the contending
/// matters in `hits` when disputed.
fn residual(g: &Graph, cx: Cx, hits: &mut Vec<u32>, left: &mut Vec<u32>) -> Decided {
    let encloses = |outer: u32, inner: u32| g.matters.get(inner as usize).is_some_and(|m| m.path.contains(&outer));
    left.clear();
    left.extend(hits.iter().copied().filter(|&m| !hits.iter().any(|&o| o != m && encloses(m, o))));
    let Some(&first) = left.first() else {
        return Decided::coordinator(Winner::Coordinator, Method::Unclaimed);
    };
    let matter = |m: u32| g.matters.get(m as usize);
    let roles = |m: u32| matter(m).map(|x| matter_roles(x, cx.class));
    let deadline = |m: u32| matter(m).and_then(|x| x.deadline);
    let winner = if left.iter().all(|&m| roles(m) == roles(first)) {
        Some((first, shortest(left.iter().map(|&m| deadline(m)))))
    } else {
        unique_specific(left.iter().copied(), |a, b| matter(a).is_some_and(|x| x.implies.binary_search(&b).is_ok()))
            .map(|w| (w, deadline(w)))
    };
    hits.clear();
    match winner {
        Some((m, deadline)) => Decided { winner: Winner::Matter(m), method: Method::Residual, score: 1.0, deadline },
        None => {
            hits.extend_from_slice(left);
            Decided::coordinator(Winner::MatterDispute, Method::Disputed)
        }
    }
}
