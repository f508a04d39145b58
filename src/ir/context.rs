//! What routing fixes about a ticket before its steps (docs/spec.md §5, v2):
//! its date, which decides the items and matters in force, and its place,
//! which resolves the `territory` role word. The one definition, shared by
//! the reference router and `--explain`; the compiled matcher keeps a second
//! copy over its own tables (per-item day ranges, per-place role tables),
//! held to this one by the differential test.

use super::input::{TicketSource, Value};
use super::{AttrId, Date, DeptId, ItemId, MatterId, RoleRef, RuleSet, TerritorialRoles};

/// Where a ticket's date came from (docs/spec.md §5 "In force").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    /// The ticket's own `clock` attribute.
    Ticket,
    /// The `--as-of` date (a ticket without a date of its own).
    AsOf,
    /// The `clock`'s default (a ticket without a date of its own).
    Default,
}

/// A ticket's date and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TicketDate {
    /// The date.
    pub date: Date,
    /// Where it came from.
    pub source: DateSource,
}

/// The ticket's date and place, as routing sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Context {
    /// The ticket's date; `None` when the rule set has no `clock` (then
    /// everything is in force).
    pub date: Option<TicketDate>,
    /// The department the `territory` block maps the ticket's place to;
    /// `None` when there is no block, or the place is missing or not listed.
    pub place: Option<DeptId>,
}

/// The final roles of a decision's winner as resolved for one ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roles {
    /// The lead.
    pub lead: Option<DeptId>,
    /// Assists, lead removed, each once.
    pub assists: Vec<DeptId>,
    /// Liaisons, lead and assists removed, each once.
    pub liaisons: Vec<DeptId>,
    /// Whether a role was resolved through the `territory` block
    /// (docs/spec.md §8a): the lead is `territory`, or an assist or liaison
    /// is and the place is listed.
    pub territorial: bool,
}

impl Context {
    /// The context of `ticket`: its `clock` attribute, else `as_of`, else
    /// the clock's default; its place through the `territory` block.
    ///
    /// ```
    /// use zeren::ir::context::{Context, DateSource};
    /// use zeren::ir::Date;
    /// use zeren::ticket::TicketRef;
    /// let rules = zeren::load::load_str("a.rules", "schema { t: text  d: date }\nclock d default 2024-01-01\n\
    ///     department x\nitem i { when t has \"a\" lead x }")?;
    /// let as_of = Date::parse("2025-03-01");
    /// let ctx = Context::of(&rules, &TicketRef::new(), as_of);
    /// assert_eq!(ctx.date.map(|d| (d.date, d.source)), as_of.map(|d| (d, DateSource::AsOf)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(rules: &RuleSet, ticket: &impl TicketSource, as_of: Option<Date>) -> Context {
        let date = rules.clock.as_ref().map(|clock| match ticket.value(clock.attr) {
            Some(Value::Date(date)) => TicketDate { date, source: DateSource::Ticket },
            _ => match as_of {
                Some(date) => TicketDate { date, source: DateSource::AsOf },
                None => TicketDate { date: clock.default, source: DateSource::Default },
            },
        });
        let place = rules.territory.as_ref().and_then(|t| match ticket.value(t.attr) {
            Some(Value::Symbol(s)) => t.dept_of(s),
            _ => None,
        });
        Context { date, place }
    }

    /// The clock attribute and the date an undated ticket is given, so that
    /// conditions on it see the default (docs/spec.md §8a).
    pub fn clock_fill(&self, rules: &RuleSet) -> Option<(AttrId, Date)> {
        let clock = rules.clock.as_ref()?;
        let date = self.date?;
        (date.source != DateSource::Ticket).then_some((clock.attr, date.date))
    }

    /// Whether the matter and every enclosing one is in force on the ticket's date.
    pub fn matter_in_force(&self, rules: &RuleSet, id: MatterId) -> bool {
        let Some(date) = self.date else { return true };
        rules.matter(id).path.iter().all(|&m| rules.matter(m).effective_range.is_none_or(|r| r.contains(date.date)))
    }

    /// Whether the item and every enclosing matter is in force on the ticket's date.
    pub fn item_in_force(&self, rules: &RuleSet, id: ItemId) -> bool {
        let Some(date) = self.date else { return true };
        let item = rules.item(id);
        item.effective_range.is_none_or(|r| r.contains(date.date))
            && item.path.last().is_none_or(|&m| self.matter_in_force(rules, m))
    }

    /// Whether `b` is `over` `a` through items in force only: an item out of
    /// force is as if not declared, so `over` does not reach through it
    /// (docs/spec.md §8a). Both are taken to be in force.
    pub fn is_over(&self, rules: &RuleSet, b: ItemId, a: ItemId) -> bool {
        let mut seen = vec![false; rules.items.len()];
        let mut stack = vec![b];
        while let Some(x) = stack.pop() {
            for &y in &rules.item(x).over_declared {
                if y == a {
                    return true;
                }
                if let Some(s) = seen.get_mut(y.index()) {
                    if !*s && self.item_in_force(rules, y) {
                        *s = true;
                        stack.push(y);
                    }
                }
            }
        }
        false
    }

    /// Whether `b` removes `a` whenever both match on this ticket: higher
    /// priority, or `over` (through items in force) at equal priority.
    pub fn beats(&self, rules: &RuleSet, b: ItemId, a: ItemId) -> bool {
        let (x, y) = (rules.item(b), rules.item(a));
        x.priority > y.priority || (x.priority == y.priority && self.is_over(rules, b, a))
    }

    /// Keeps the items of highest priority, then drops every one another
    /// remaining one is `over` (docs/spec.md §5 step 2), on this ticket.
    pub fn drop_beaten(&self, rules: &RuleSet, items: &[ItemId]) -> Vec<ItemId> {
        let top = items.iter().map(|&i| rules.item(i).priority).max().unwrap_or(0);
        let highest: Vec<ItemId> = items.iter().copied().filter(|&i| rules.item(i).priority == top).collect();
        highest.iter().copied().filter(|&i| !highest.iter().any(|&j| j != i && self.is_over(rules, j, i))).collect()
    }

    /// Priority, then `over`, then the earlier declaration (steps 3 and 5).
    pub fn settle_items(&self, rules: &RuleSet, items: &[ItemId]) -> Option<ItemId> {
        self.drop_beaten(rules, items).into_iter().min()
    }

    /// An item's final roles for this ticket.
    pub fn item_roles(&self, rules: &RuleSet, id: ItemId) -> Roles {
        let item = rules.item(id);
        match &item.territorial {
            Some(t) => self.resolve(rules, t),
            None => Roles {
                lead: Some(item.lead),
                assists: item.assists.clone(),
                liaisons: item.liaisons.clone(),
                territorial: false,
            },
        }
    }

    /// A matter's final roles for this ticket (its residual owner's).
    pub fn matter_roles(&self, rules: &RuleSet, id: MatterId) -> Roles {
        let matter = rules.matter(id);
        match &matter.territorial {
            Some(t) => self.resolve(rules, t),
            None => Roles {
                lead: matter.lead,
                assists: matter.assists.clone(),
                liaisons: matter.liaisons.clone(),
                territorial: false,
            },
        }
    }

    /// `territory` resolved for this ticket, then one role per department:
    /// lead before assists before liaisons (docs/spec.md §3).
    fn resolve(&self, rules: &RuleSet, t: &TerritorialRoles) -> Roles {
        let otherwise = rules.territory.as_ref().map(|t| t.otherwise);
        let lead = match t.lead {
            Some(RoleRef::Dept(d)) => Some(d),
            Some(RoleRef::Territory) => self.place.or(otherwise),
            None => None,
        };
        let dept = |r: &RoleRef| match *r {
            RoleRef::Dept(d) => Some(d),
            RoleRef::Territory => self.place,
        };
        let mut assists: Vec<DeptId> = Vec::new();
        for d in t.assists.iter().filter_map(dept) {
            if Some(d) != lead && !assists.contains(&d) {
                assists.push(d);
            }
        }
        let mut liaisons: Vec<DeptId> = Vec::new();
        for d in t.liaisons.iter().filter_map(dept) {
            if Some(d) != lead && !assists.contains(&d) && !liaisons.contains(&d) {
                liaisons.push(d);
            }
        }
        let word = |rs: &[RoleRef]| rs.contains(&RoleRef::Territory);
        let territorial =
            t.lead == Some(RoleRef::Territory) || (self.place.is_some() && (word(&t.assists) || word(&t.liaisons)));
        Roles { lead, assists, liaisons, territorial }
    }
}

/// A ticket seen with its date filled in: an undated ticket is dated for
/// everything, so conditions on the clock attribute see the default or the
/// `--as-of` date (docs/spec.md §8a).
pub struct Dated<'t, T> {
    ticket: &'t T,
    fill: Option<(AttrId, Date)>,
}

impl<'t, T: TicketSource> Dated<'t, T> {
    /// `ticket`, with the clock attribute reading as the context's date when
    /// the ticket does not carry it.
    pub fn new(rules: &RuleSet, ticket: &'t T, ctx: &Context) -> Dated<'t, T> {
        Dated { ticket, fill: ctx.clock_fill(rules) }
    }
}

impl<T: TicketSource> TicketSource for Dated<'_, T> {
    fn value(&self, attr: AttrId) -> Option<Value<'_>> {
        match self.fill {
            Some((a, date)) if a == attr => Some(Value::Date(date)),
            _ => self.ticket.value(attr),
        }
    }

    fn pairs(&self) -> Option<&[(AttrId, Value<'_>)]> {
        // The filled date is not among the ticket's own pairs.
        match self.fill {
            Some(_) => None,
            None => self.ticket.pairs(),
        }
    }
}
