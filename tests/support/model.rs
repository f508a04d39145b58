//! A brute-force model of SPEC §8, for small rule sets only: slow and
//! obviously right, the yardstick `zeren check`'s analyzer is held to
//! (`tests/analyze_model.rs`).
//!
//! Every ticket that any condition of the rule set can tell apart is built and
//! routed with the reference router:
//!
//! * a text attribute carries a set of the rule set's keywords (after folding)
//!   that no member contains another of — its *facts*; the keywords it then
//!   contains are those and every keyword inside them, and every set closed
//!   that way is the keyword set of some text (the chosen keywords joined by
//!   a separator no keyword contains);
//! * a symbol is missing, one of the values conditions mention, or one value
//!   they do not (when the closed domain has one);
//! * a number is missing, a threshold, or a number inside each interval
//!   between thresholds;
//! * a bool is missing, true or false;
//! * the clock's date (v2) is missing (the default) or a day on either side
//!   of each edge of every `effective` range: a start, the day before it, an
//!   end, the day after it. A ticket routes on the rule set as in force on
//!   its date ([`in_force`], docs/spec.md §5), and the date is never one of
//!   the facts an item needs (it is not taken away when a ticket is reduced).
//!
//! The universe is the product, so its size is exponential in the keywords:
//! the generator in `analyze_model.rs` keeps rule sets small. From what it
//! sees the model derives every finding by its SPEC definition (each in
//! [`Findings`]); nothing is searched, pruned or budgeted.

use std::collections::BTreeSet;
use zeren::decision::{Decision, Method};
use zeren::ir::eval::holds;
use zeren::ir::{Atom, AttrId, Cond, DateRange, ItemId, RuleSet, Type, Value as IrValue};
use zeren::ticket::{OwnedValue, Ticket};
use zeren::vocab::Date;

/// One finite choice per attribute.
#[derive(Clone, Debug)]
enum Choice {
    Missing,
    /// Indices into the attribute's keyword list: an antichain.
    Text(Vec<usize>),
    Value(OwnedValue),
}

/// The facts of one attribute, by the SPEC's definition of a fact.
#[derive(Clone, Debug)]
struct AttrSpace {
    attr: AttrId,
    ty: Type,
    /// Text: the distinct folded keywords (with one raw spelling each).
    keywords: Vec<(String, String)>,
    /// Every choice of this attribute.
    choices: Vec<Choice>,
}

/// What the model proves about a rule set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    /// `overlap`: pairs of items (lower id first) some single-topic ticket
    /// leaves disputed: the ticket carries just what item A needs, and after
    /// priority and `over` the pair remains and disagrees — with A one of the
    /// pair, or, when A was beaten, any disagreeing pair of what remains.
    pub overlap: BTreeSet<(ItemId, ItemId)>,
    /// `mixed-topics`: pairs that some ticket leaves disputed with both
    /// remaining and disagreeing, other than the `overlap` pairs.
    pub mixed: BTreeSet<(ItemId, ItemId)>,
    /// `gap`: matters with no lead (own or inherited) and a guard, such that
    /// some ticket meets the guard, none of their items, and routes outside
    /// the matter by analogy, disputed or unclaimed.
    pub gap: BTreeSet<String>,
    /// `shadowed`: items that match some ticket, win none (step 2), and are in
    /// no `overlap` pair.
    pub shadowed: BTreeSet<ItemId>,
    /// `unsatisfiable`: items no ticket meets.
    pub unsatisfiable: BTreeSet<ItemId>,
    /// `no-coordinator`: no coordinator, and some ticket is disputed or
    /// unclaimed.
    pub no_coordinator: bool,
    /// How many tickets were routed.
    pub tickets: usize,
}

/// The model of one rule set.
pub struct Model<'r> {
    rules: &'r RuleSet,
    spaces: Vec<AttrSpace>,
}

impl<'r> Model<'r> {
    /// The finite universe of `rules`.
    pub fn new(rules: &'r RuleSet) -> Model<'r> {
        let conds: Vec<&Cond> = rules.conditions().collect();
        let atoms: Vec<&Atom> = conds.iter().flat_map(|c| c.atoms()).collect();
        let mut spaces = Vec::new();
        for (attr, decl) in rules.attr_ids().zip(&rules.attrs) {
            let mine: Vec<&&Atom> = atoms.iter().filter(|a| a.attr() == attr).collect();
            let mut space = AttrSpace { attr, ty: decl.ty, keywords: Vec::new(), choices: vec![Choice::Missing] };
            if rules.clock.as_ref().is_some_and(|c| c.attr == attr) {
                let ranges = rules.items.iter().filter_map(|i| i.effective_range);
                let ranges: Vec<DateRange> =
                    ranges.chain(rules.matters.iter().filter_map(|m| m.effective_range)).collect();
                let mut days: Vec<i32> = Vec::new();
                for r in &ranges {
                    days.extend(r.start.iter().flat_map(|s| [s.days() - 1, s.days()]));
                    days.extend(r.end.iter().flat_map(|e| [e.days(), e.days() + 1]));
                }
                days.sort_unstable();
                days.dedup();
                let dates = days.into_iter().filter_map(|d| Date::from_days(i64::from(d)));
                space.choices.extend(dates.map(|d| Choice::Value(OwnedValue::Date(d))));
                spaces.push(space);
                continue;
            }
            if mine.is_empty() {
                spaces.push(space);
                continue;
            }
            match decl.ty {
                Type::Text => {
                    for a in &mine {
                        if let Atom::Has { keywords, .. } = a {
                            for k in keywords {
                                if !space.keywords.iter().any(|(f, _)| *f == k.folded) {
                                    space.keywords.push((k.folded.clone(), k.raw.clone()));
                                }
                            }
                        }
                    }
                    let n = space.keywords.len();
                    assert!(n <= 14, "the model is for small rule sets: {n} keywords on one attribute");
                    let inside = |a: usize, b: usize| a != b && space.keywords[b].0.contains(&space.keywords[a].0);
                    for mask in 0u32..(1 << n) {
                        let set: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
                        let antichain = set.iter().all(|&a| set.iter().all(|&b| !inside(a, b)));
                        // The empty set is a present text with no keyword:
                        // every atom treats it as a missing one.
                        if antichain && !set.is_empty() {
                            space.choices.push(Choice::Text(set));
                        }
                    }
                }
                Type::Symbol => {
                    let mut mentioned: Vec<String> = Vec::new();
                    for a in &mine {
                        let vs: Vec<&IrValue> = match a {
                            Atom::Eq { value, .. } | Atom::Ne { value, .. } => vec![value],
                            Atom::In { values, .. } => values.iter().collect(),
                            _ => Vec::new(),
                        };
                        for v in vs {
                            if let IrValue::Symbol(s) = v {
                                if !mentioned.contains(s) {
                                    mentioned.push(s.clone());
                                }
                            }
                        }
                    }
                    let other = match &decl.domain {
                        Some(d) => d.iter().find(|v| !mentioned.contains(v)).cloned(),
                        None => (0..).map(|n| format!("其他{n}")).find(|s| !mentioned.contains(s)),
                    };
                    for v in mentioned.into_iter().chain(other) {
                        space.choices.push(Choice::Value(OwnedValue::Symbol(v)));
                    }
                }
                Type::Bool => {
                    space.choices.push(Choice::Value(OwnedValue::Bool(true)));
                    space.choices.push(Choice::Value(OwnedValue::Bool(false)));
                }
                // Every number a condition names is a threshold; a date is
                // its day number, and only whole days exist.
                Type::Number | Type::Date => {
                    let mut ts: Vec<f64> = Vec::new();
                    for a in &mine {
                        match a {
                            Atom::Cmp { value, .. }
                            | Atom::Eq { value: IrValue::Number(value), .. }
                            | Atom::Ne { value: IrValue::Number(value), .. } => ts.push(*value),
                            Atom::In { values, .. } => ts.extend(values.iter().filter_map(|v| match v {
                                IrValue::Number(x) => Some(*x),
                                _ => None,
                            })),
                            _ => {}
                        }
                    }
                    ts.sort_by(f64::total_cmp);
                    ts.dedup();
                    let date = decl.ty == Type::Date;
                    let mut values = Vec::new();
                    if let (Some(lo), Some(hi)) = (ts.first(), ts.last()) {
                        values.push(lo - 1.0);
                        values.push(hi + 1.0);
                    }
                    for (i, t) in ts.iter().enumerate() {
                        values.push(*t);
                        if let Some(next) = ts.get(i + 1) {
                            match date {
                                false => values.push((t + next) / 2.0),
                                true if t + 1.0 < *next => values.push(t + 1.0),
                                true => {}
                            }
                        }
                    }
                    space.choices.extend(values.into_iter().filter_map(|v| {
                        if date {
                            zeren::ir::Date::from_days(v as i64).map(|d| Choice::Value(OwnedValue::Date(d)))
                        } else {
                            Some(Choice::Value(OwnedValue::Number(v)))
                        }
                    }));
                }
            }
            spaces.push(space);
        }
        Model { rules, spaces }
    }

    /// How many tickets the universe holds.
    pub fn size(&self) -> usize {
        self.spaces.iter().map(|s| s.choices.len()).product()
    }

    /// Whether choice `i` is the clock attribute's.
    fn is_clock(&self, i: usize) -> bool {
        let clock = self.rules.clock.as_ref().map(|c| c.attr);
        self.spaces.get(i).is_some_and(|s| Some(s.attr) == clock)
    }

    fn ticket(&self, choice: &[&Choice]) -> Ticket {
        let mut t = Ticket::default();
        for (space, c) in self.spaces.iter().zip(choice) {
            let value = match c {
                Choice::Missing => continue,
                Choice::Value(v) => v.clone(),
                Choice::Text(set) => {
                    OwnedValue::Text(set.iter().map(|&i| space.keywords[i].1.as_str()).collect::<Vec<_>>().join("，"))
                }
            };
            t.set(&self.rules.attrs, space.attr, value).expect("the model builds valid tickets");
        }
        t
    }

    /// The tickets with one fact of `choice` removed.
    fn reductions(&self, choice: &[&Choice]) -> Vec<Ticket> {
        let mut out = Vec::new();
        for (i, c) in choice.iter().enumerate() {
            let mut fewer: Vec<Choice> = choice.iter().map(|c| (*c).clone()).collect();
            match c {
                Choice::Missing => continue,
                // The clock's date is not a fact: it says which rules are in
                // force. Any other date is a fact like a number (SPEC §8).
                Choice::Value(OwnedValue::Date(_)) if self.is_clock(i) => continue,
                Choice::Value(_) => {
                    fewer[i] = Choice::Missing;
                    out.push(self.ticket(&fewer.iter().collect::<Vec<_>>()));
                }
                Choice::Text(set) => {
                    for skip in 0..set.len() {
                        let rest: Vec<usize> =
                            set.iter().enumerate().filter(|(j, _)| *j != skip).map(|(_, k)| *k).collect();
                        fewer[i] = if rest.is_empty() { Choice::Missing } else { Choice::Text(rest) };
                        out.push(self.ticket(&fewer.iter().collect::<Vec<_>>()));
                    }
                }
            }
        }
        out
    }

    /// Whether `ticket` (built from `choice`) carries just what `cond` needs:
    /// it meets `cond`, and without any one of its facts it does not.
    fn single_topic(&self, cond: &Cond, ticket: &Ticket, choice: &[&Choice]) -> bool {
        holds(self.rules, cond, ticket) && self.reductions(choice).iter().all(|t| !holds(self.rules, cond, t))
    }

    /// Whether a JSON witness carries just what some item needs (by the
    /// SPEC's facts: the text's keywords not inside another it contains).
    pub fn is_single_topic_for_some_item(&self, ticket: &Ticket) -> bool {
        let Some(choice) = self.choice_of(ticket) else { return false };
        let refs: Vec<&Choice> = choice.iter().collect();
        self.rules.items.iter().any(|item| self.single_topic(&item.effective, ticket, &refs))
    }

    /// The choices a ticket makes (its texts' maximal keywords), when the
    /// ticket's texts are made of keywords joined by the model's separator.
    fn choice_of(&self, ticket: &Ticket) -> Option<Vec<Choice>> {
        let mut out = Vec::new();
        for space in &self.spaces {
            let value = ticket.values().find(|(a, _)| *a == space.attr).map(|(_, v)| v.clone());
            out.push(match (value, space.ty) {
                (None, _) => Choice::Missing,
                (Some(OwnedValue::Text(text)), Type::Text) => {
                    let folded = zeren::fold::fold(&text);
                    let present: Vec<usize> =
                        (0..space.keywords.len()).filter(|&i| folded.contains(&space.keywords[i].0)).collect();
                    let maximal: Vec<usize> = present
                        .iter()
                        .copied()
                        .filter(|&i| {
                            !present.iter().any(|&j| j != i && space.keywords[j].0.contains(&space.keywords[i].0))
                        })
                        .collect();
                    let rebuilt: Vec<&str> = maximal.iter().map(|&i| space.keywords[i].0.as_str()).collect();
                    // Text other than keywords and separators is not a fact
                    // the model knows how to take away.
                    let rest = folded.split(',').filter(|p| !p.is_empty() && !rebuilt.contains(p)).count();
                    if rest > 0 {
                        return None;
                    }
                    if maximal.is_empty() {
                        Choice::Missing
                    } else {
                        Choice::Text(maximal)
                    }
                }
                (Some(v), _) => Choice::Value(v),
            });
        }
        Some(out)
    }

    /// Routes every ticket of the universe and derives the findings.
    pub fn findings(&self) -> Findings {
        let rules = self.rules;
        let n = rules.items.len();
        let mut sat = vec![false; n];
        let mut wins = vec![false; n];
        let mut out = Findings::default();
        let mut disputed_pairs: BTreeSet<(ItemId, ItemId)> = BTreeSet::new();
        let mut index = vec![0usize; self.spaces.len()];
        let mut in_force_on: Vec<(Option<Date>, RuleSet)> = Vec::new();
        'tickets: loop {
            let choice: Vec<&Choice> = self.spaces.iter().zip(&index).map(|(s, &i)| &s.choices[i]).collect();
            let ticket = self.ticket(&choice);
            out.tickets += 1;
            let date = ticket_date(self.rules, &ticket);
            if !in_force_on.iter().any(|(d, _)| *d == date) {
                in_force_on.push((date, in_force(self.rules, &ticket)));
            }
            let Some((_, rules)) = in_force_on.iter().find(|(d, _)| *d == date) else { unreachable!() };
            let d = zeren::matcher::reference::route(rules, &ticket);
            let candidates: Vec<ItemId> =
                rules.item_ids().filter(|&i| holds(rules, &rules.item(i).effective, &ticket)).collect();
            for &c in &candidates {
                sat[c.index()] = true;
            }
            if matches!(d.method, Method::Direct | Method::Priority | Method::Specific) {
                if let Some(w) = d.item.as_deref().and_then(|name| rules.item_id(name)) {
                    wins[w.index()] = true;
                }
            }
            if d.method == Method::Disputed && !candidates.is_empty() {
                let remaining = drop_beaten(rules, &candidates);
                let disagree = pairs(rules, &remaining);
                disputed_pairs.extend(disagree.iter().copied());
                for &a in &candidates {
                    if !self.single_topic(&rules.item(a).effective, &ticket, &choice) {
                        continue;
                    }
                    if remaining.contains(&a) {
                        out.overlap.extend(disagree.iter().copied().filter(|&(x, y)| x == a || y == a));
                    } else {
                        out.overlap.extend(disagree.iter().copied());
                    }
                }
            }
            if rules.coordinator.is_none() && matches!(d.method, Method::Disputed | Method::Unclaimed) {
                out.no_coordinator = true;
            }
            gaps(rules, &ticket, &candidates, &d, &mut out.gap);
            // Next ticket: count in mixed radix.
            for (slot, space) in index.iter_mut().zip(&self.spaces) {
                *slot += 1;
                if *slot < space.choices.len() {
                    continue 'tickets;
                }
                *slot = 0;
            }
            break;
        }
        let rules = self.rules;
        out.mixed = disputed_pairs.difference(&out.overlap).copied().collect();
        for id in rules.item_ids() {
            let i = id.index();
            if rules.item(id).is_analogy_only() {
                // Never a candidate by design (docs/spec.md §3): no finding.
            } else if !sat[i] {
                out.unsatisfiable.insert(id);
            } else if !wins[i] && !out.overlap.iter().any(|&(x, y)| x == id || y == id) {
                out.shadowed.insert(id);
            }
        }
        out
    }
}

/// The matters with a `gap` this ticket shows (on the rule set as in force).
fn gaps(rules: &RuleSet, ticket: &Ticket, candidates: &[ItemId], d: &Decision, gap: &mut BTreeSet<String>) {
    for (m, matter) in rules.matter_ids().zip(&rules.matters) {
        let (None, Some(guard)) = (matter.lead, &matter.guard) else { continue };
        if !holds(rules, guard, ticket) {
            continue;
        }
        if candidates.iter().any(|&i| rules.item(i).path.contains(&m)) {
            continue;
        }
        if matches!(d.method, Method::Analogy | Method::Unclaimed | Method::Disputed) && !d.path.contains(&matter.name)
        {
            gap.insert(matter.name.clone());
        }
    }
}

/// SPEC §5 step 2: the candidates of highest priority, less those another of
/// them is `over`.
pub fn drop_beaten(rules: &RuleSet, items: &[ItemId]) -> Vec<ItemId> {
    let top = items.iter().map(|&i| rules.item(i).priority).max().unwrap_or(0);
    let highest: Vec<ItemId> = items.iter().copied().filter(|&i| rules.item(i).priority == top).collect();
    highest.iter().copied().filter(|&i| !highest.iter().any(|&j| j != i && rules.item(j).is_over(i))).collect()
}

/// Whether two items have the same final lead, assists and liaisons.
pub fn same_roles(rules: &RuleSet, a: ItemId, b: ItemId) -> bool {
    let (x, y) = (rules.item(a), rules.item(b));
    x.lead == y.lead && x.assists == y.assists && x.liaisons == y.liaisons
}

/// The disagreeing pairs among `items`, lower id first.
fn pairs(rules: &RuleSet, items: &[ItemId]) -> Vec<(ItemId, ItemId)> {
    let mut out = Vec::new();
    for &x in items {
        for &y in items {
            if x < y && !same_roles(rules, x, y) {
                out.push((x, y));
            }
        }
    }
    out
}

/// The ticket's date for the in-force filter: its clock attribute; `None`
/// for the clock's default (or no clock).
pub fn ticket_date(rules: &RuleSet, ticket: &Ticket) -> Option<Date> {
    let clock = rules.clock.as_ref()?;
    ticket.values().find(|(a, _)| *a == clock.attr).and_then(|(_, v)| match v {
        OwnedValue::Date(d) => Some(*d),
        _ => None,
    })
}

/// The rule set as docs/spec.md §5 "In force" reads it for `ticket`: every
/// item or matter whose own `effective` range, or an enclosing matter's,
/// misses the ticket's date (else the clock's default) is as if not
/// declared — it never matches, is never near, takes no residual ticket.
pub fn in_force(rules: &RuleSet, ticket: &Ticket) -> RuleSet {
    let mut out = rules.clone();
    let Some(clock) = &rules.clock else { return out };
    let date = ticket_date(rules, ticket).unwrap_or(clock.default);
    let on = |r: &Option<DateRange>| r.is_none_or(|r| r.contains(date));
    let own: Vec<bool> = rules.matters.iter().map(|m| on(&m.effective_range)).collect();
    for m in &mut out.matters {
        if !m.path.iter().all(|p| own[p.index()]) {
            m.guard = None;
            m.has_own_lead = false;
        }
    }
    for i in &mut out.items {
        if !(on(&i.effective_range) && i.path.iter().all(|p| own[p.index()])) {
            i.effective = Cond::Or(Vec::new());
            i.near = None;
        }
    }
    out
}
