//! Replaying a hotline export against a rule set (`zeren replay`): reading
//! one ticket at a time from JSON lines or CSV cells, and folding routed
//! tickets into a [`Summary`] — counts per lead and per method, the tickets
//! that needed analogy or the coordinator, and the responsibilities whose
//! tickets come back (退单) most often.
//!
//! This module holds no I/O and no threads: the caller reads lines or CSV
//! records, routes them on as many threads as it likes, and feeds the results
//! to [`Summary::record`] in file order (so the capped lists of ticket ids are
//! the first ones in the file, whatever the thread count). The command line
//! does exactly that, in chunks, with the `csv` and `rayon` crates.

mod report;

pub use crate::input::Input;
pub use report::{BadLine, LeadCount, Listed, Methods, Report, Returns, TicketName, UnitReturns};

use crate::decision::Method;
use crate::ir::{DeptId, ItemId, MatterId, RuleSet};
use crate::matcher::reference::{Outcome, Owner};
use crate::matcher::DecisionRef;

pub use crate::input::{ID_FIELD, RETURNED_FIELD};
/// How many analogy / disputed / unclaimed tickets the summary lists.
pub const LIST_CAP: usize = 20;
/// How many bad lines the summary quotes.
pub const BAD_CAP: usize = 10;
/// How many units of the return-rate ranking the text report shows (JSON has them all).
pub const RANKING_TEXT_CAP: usize = 20;

/// What owns a routed ticket, for the return-rate ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// An item (direct, priority, specific or analogy).
    Item(ItemId),
    /// A matter's residual owner (主办兜底).
    Matter(MatterId),
    /// The coordinator, or nobody (disputed, unclaimed).
    Coordinator,
}

/// A routed ticket, reduced to ids: what the summary needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Routed {
    /// The 1-based line.
    pub line: u64,
    /// The ticket's id.
    pub id: Option<String>,
    /// Whether it was returned.
    pub returned: Option<bool>,
    /// The lead department.
    pub lead: Option<DeptId>,
    /// What owns it.
    pub unit: Unit,
    /// The routing step that decided.
    pub method: Method,
}

impl Routed {
    /// A ticket routed by the compiled matcher, reduced to ids (no name is
    /// looked up).
    ///
    /// ```
    /// # let engine = zeren::Engine::from_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// let input = zeren::input::json_input(engine.rule_set(), &[], 1, r#"{"text": "k"}"#)?.ok_or("a comment line")?;
    /// let mut cache = engine.create_cache();
    /// let decision = engine.route(&mut cache, &input.ticket);
    /// let routed = zeren::replay::Routed::new(input, &decision);
    /// assert_eq!(routed.unit, zeren::replay::Unit::Item(engine.item("x").ok_or("no x")?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(input: Input, decision: &DecisionRef<'_>) -> Routed {
        let unit = match (decision.item_id(), decision.residual_matter()) {
            (Some(i), _) => Unit::Item(i),
            (None, Some(m)) => Unit::Matter(m),
            (None, None) => Unit::Coordinator,
        };
        Routed::with(input, decision.lead_dept(), unit, decision.method())
    }

    /// A ticket routed by the reference router, reduced to ids.
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// let input = zeren::input::json_input(&rules, &[], 1, r#"{"text": "k"}"#)?.ok_or("a comment line")?;
    /// let outcome = zeren::matcher::reference::route_outcome(&rules, &input.ticket);
    /// let routed = zeren::replay::Routed::from_outcome(input, &outcome, &rules);
    /// assert_eq!(routed.lead, rules.dept_id("a"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_outcome(input: Input, outcome: &Outcome, rules: &RuleSet) -> Routed {
        let unit = match outcome.owner {
            Owner::Item(i) => Unit::Item(i),
            Owner::Matter(m) => Unit::Matter(m),
            Owner::Coordinator => Unit::Coordinator,
        };
        // The lead as resolved for this ticket: `lead territory` is the
        // department of the ticket's place, not the declared role.
        Routed::with(input, outcome.roles(rules).lead, unit, outcome.method)
    }

    fn with(input: Input, lead: Option<DeptId>, unit: Unit, method: Method) -> Routed {
        Routed { line: input.line, id: input.id, returned: input.returned, lead, unit, method }
    }
}

fn method_index(m: Method) -> usize {
    Method::ALL.iter().position(|&x| x == m).unwrap_or(0)
}

/// Tickets and returns of one unit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Tally {
    tickets: u64,
    with_outcome: u64,
    returned: u64,
}

impl Tally {
    fn add(&mut self, returned: Option<bool>) {
        self.tickets += 1;
        if let Some(r) = returned {
            self.with_outcome += 1;
            self.returned += u64::from(r);
        }
    }
}

/// The running totals of a replay. Feed it routed tickets in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    tickets: u64,
    bad: u64,
    bad_lines: Vec<BadLine>,
    by_lead: Vec<u64>,
    no_lead: u64,
    by_method: [u64; 7],
    lists: [Vec<TicketName>; 3],
    items: Vec<Tally>,
    matters: Vec<Tally>,
    coordinator: Tally,
    outcomes: Tally,
}

impl Summary {
    /// An empty summary for a rule set.
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// let summary = zeren::replay::Summary::new(&rules);
    /// assert_eq!(summary.tickets(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(rules: &RuleSet) -> Summary {
        Summary {
            tickets: 0,
            bad: 0,
            bad_lines: Vec::new(),
            by_lead: vec![0; rules.depts.len()],
            no_lead: 0,
            by_method: [0; 7],
            lists: [Vec::new(), Vec::new(), Vec::new()],
            items: vec![Tally::default(); rules.items.len()],
            matters: vec![Tally::default(); rules.matters.len()],
            coordinator: Tally::default(),
            outcomes: Tally::default(),
        }
    }

    /// Counts one routed ticket.
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// use zeren::input::json_input;
    /// use zeren::replay::{Routed, Summary};
    /// let mut summary = Summary::new(&rules);
    /// let input = json_input(&rules, &[], 1, r#"{"text": "k"}"#)?.ok_or("a comment line")?;
    /// let outcome = zeren::matcher::reference::route_outcome(&rules, &input.ticket);
    /// summary.record(Routed::from_outcome(input, &outcome, &rules));
    /// assert_eq!(summary.tickets(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(&mut self, t: Routed) {
        self.tickets += 1;
        match t.lead {
            Some(d) => {
                if let Some(n) = self.by_lead.get_mut(d.index()) {
                    *n += 1;
                }
            }
            None => self.no_lead += 1,
        }
        self.by_method[method_index(t.method)] += 1;
        let list = match t.method {
            Method::Analogy => Some(0),
            Method::Disputed => Some(1),
            Method::Unclaimed => Some(2),
            _ => None,
        };
        if let Some(k) = list {
            if self.lists[k].len() < LIST_CAP {
                self.lists[k].push(TicketName { line: t.line, id: t.id });
            }
        }
        let tally = match t.unit {
            Unit::Item(i) => self.items.get_mut(i.index()),
            Unit::Matter(m) => self.matters.get_mut(m.index()),
            Unit::Coordinator => Some(&mut self.coordinator),
        };
        if let Some(tally) = tally {
            tally.add(t.returned);
        }
        if t.returned.is_some() {
            self.outcomes.add(t.returned);
        }
    }

    /// Counts a line that is not a ticket (the first [`BAD_CAP`] are quoted).
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// let mut summary = zeren::replay::Summary::new(&rules);
    /// summary.record_bad(7, "the ticket is not valid JSON".into(), "{oops".into());
    /// assert_eq!(summary.bad(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_bad(&mut self, line: u64, message: String, quote: String) {
        self.bad += 1;
        if self.bad_lines.len() < BAD_CAP {
            self.bad_lines.push(BadLine { line, message, quote });
        }
    }

    /// Tickets routed so far.
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// assert_eq!(zeren::replay::Summary::new(&rules).tickets(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tickets(&self) -> u64 {
        self.tickets
    }

    /// Bad lines so far.
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// assert_eq!(zeren::replay::Summary::new(&rules).bad(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bad(&self) -> u64 {
        self.bad
    }

    /// The report: sorted, named, ready to print or serialize. Units with
    /// fewer than `min_tickets` tickets with an outcome are left out of the
    /// return-rate ranking (a rate on two tickets says little).
    ///
    /// ```
    /// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
    /// let report = zeren::replay::Summary::new(&rules).report(&rules, 1);
    /// assert!(report.returns.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn report(&self, rules: &RuleSet, min_tickets: u64) -> Report {
        let mut by_lead: Vec<LeadCount> = self
            .by_lead
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(d, &n)| {
                let dept = rules.dept(DeptId(d as u32));
                LeadCount {
                    lead: Some(dept.id.clone()),
                    name: Some(dept.name.clone()),
                    tickets: n,
                    share: share(n, self.tickets),
                }
            })
            .collect();
        // Stable: equal counts keep declaration order.
        by_lead.sort_by_key(|l| std::cmp::Reverse(l.tickets));
        if self.no_lead > 0 {
            by_lead.push(LeadCount {
                lead: None,
                name: None,
                tickets: self.no_lead,
                share: share(self.no_lead, self.tickets),
            });
        }
        let [direct, priority, specific, residual, analogy, disputed, unclaimed] = self.by_method;
        let by_method = Methods { direct, priority, specific, residual, analogy, disputed, unclaimed };
        let listed =
            |k: usize, m: Method| Listed { count: self.by_method[method_index(m)], tickets: self.lists[k].clone() };
        Report {
            tickets: self.tickets,
            bad: self.bad,
            by_lead,
            by_method,
            analogy: listed(0, Method::Analogy),
            disputed: listed(1, Method::Disputed),
            unclaimed: listed(2, Method::Unclaimed),
            returns: (self.outcomes.with_outcome > 0).then(|| self.returns(rules, min_tickets)),
            bad_lines: self.bad_lines.clone(),
            elapsed_seconds: None,
            tickets_per_second: None,
        }
    }

    fn returns(&self, rules: &RuleSet, min_tickets: u64) -> Returns {
        let coordinator = rules.coordinator.map(|c| rules.dept(c));
        let mut ranking: Vec<UnitReturns> = Vec::new();
        let mut push = |kind: &'static str, name: String, matter: Option<String>, lead: Option<DeptId>, t: &Tally| {
            if t.returned > 0 && t.with_outcome >= min_tickets.max(1) {
                ranking.push(UnitReturns {
                    kind,
                    name,
                    matter,
                    lead: lead.map(|d| rules.dept(d).id.clone()),
                    lead_name: lead.map(|d| rules.dept(d).name.clone()),
                    tickets: t.with_outcome,
                    returned: t.returned,
                    rate: share(t.returned, t.with_outcome),
                });
            }
        };
        for (i, t) in self.items.iter().enumerate() {
            let item = rules.item(ItemId(i as u32));
            let matter = item.path.last().map(|m| rules.matter(*m).name.clone());
            push("item", item.name.clone(), matter, Some(item.lead), t);
        }
        for (m, t) in self.matters.iter().enumerate() {
            let matter = rules.matter(MatterId(m as u32));
            push("residual", matter.name.clone(), None, matter.lead, t);
        }
        let coord_name = coordinator.map_or_else(|| "(no coordinator)".to_string(), |c| c.name.clone());
        push("coordinator", coord_name, None, rules.coordinator, &self.coordinator);
        // Stable sort: ties keep items, then matters, in declaration order.
        ranking.sort_by(|a, b| b.rate.total_cmp(&a.rate).then(b.returned.cmp(&a.returned)));
        Returns {
            tickets_with_outcome: self.outcomes.with_outcome,
            returned: self.outcomes.returned,
            rate: share(self.outcomes.returned, self.outcomes.with_outcome),
            min_tickets,
            ranking,
        }
    }
}

fn share(n: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 / of as f64
    }
}
