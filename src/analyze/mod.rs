//! Static analysis (docs/spec.md §8): what `zeren check` proves about every possible
//! ticket, each ticket-level finding with a witness ticket.
//!
//! # Findings
//!
//! | code | how it is found |
//! |---|---|
//! | `overlap` | every single-topic ticket of every item (see `needs`) is routed; a disputed one is an overlap between the item and each disagreeing item that remains (or, when the item was beaten, between every disagreeing pair that remains) |
//! | `mixed-topics` | every pair of disagreeing items that can both remain after priority and `over` is decided: by the solitary fast path (two items whose single-topic tickets reach no other item dispute the joined ticket), by joining single-topic tickets, or by a refinement search (`refine`) for a ticket disputed with both remaining |
//! | `gap` | a matter without any lead: a refinement search for a ticket meeting its guard and none of its items that routes outside the matter by analogy, disputed or unclaimed |
//! | `shadowed` | an item no single-topic ticket lets win: a refinement search for a ticket it matches, no item that beats it matches, and it wins |
//! | `unsatisfiable` | the solver finds no ticket for the effective condition |
//! | `no-coordinator` | no coordinator, and a disputed ticket (an `overlap` or `mixed-topics` witness), a residual dispute between two matters with their own lead, or an unclaimed ticket exists (refinement searches) |
//! | `missing-basis` | an item with an empty basis |
//! | `unused-department` | a department no role (resolved, or as written with `territory`), `territory` line or `coordinator` names |
//! | `expired` | an item or matter whose own `effective` range ends before the clock's default date (a matter once for everything inside it) |
//! | `limit` | a search went past its budget: "too complex to analyse: …", naming what was not decided |
//!
//! # Soundness by construction
//!
//! Every witness is routed by the router the caller passes (the compiled
//! matcher, or the reference router) before it is reported, and the finding
//! is dropped if routing does not show it: an overlap witness routes as
//! `disputed` with both items among the candidates, a gap witness routes
//! outside its matter, a shadowed witness routes to another item with the
//! shadowed one among the candidates, a `no-coordinator` witness is disputed
//! or unclaimed. A `mixed-topics` pair counts when its witness is routed
//! disputed with both remaining, or when the solitary fast path proves it
//! (below); with [`Config::list_mixed`] each listed pair's witness is routed.
//!
//! # Exactness: what is claimed, and why
//!
//! Each finding is exact — reported exactly when the SPEC §8 definition holds
//! — or replaced by a `limit` warning that names what was not decided. No
//! finding is left out silently. The analyzer is held to a brute-force model
//! of §8 in `tests/analyze_model.rs` (every distinguishable ticket of small
//! random rule sets routed by the reference router).
//!
//! * `overlap`: complete because every single-topic ticket is generated. A
//!   minimal ticket satisfies some term of the condition's normal form; each
//!   keyword need is met by itself or by a longer keyword of the rule set
//!   containing it (one fact: `暖气漏水` meets `暖气` and `漏水`), and every
//!   such choice is enumerated; a fact beyond the term's would be removable
//!   (negated literals stay true when facts are removed, positive ones when
//!   facts are added). Numbers take one value per region between the
//!   thresholds of the items the other facts can reach. Past
//!   [`Config::item_budget`] tickets: `limit` for the item.
//! * `unsatisfiable`: the solver decides satisfiability exactly (`logic`).
//! * `shadowed`, `gap`, `mixed-topics` (slow path), `no-coordinator`:
//!   refinement searches (`refine`). Routing depends on a ticket only through
//!   the truth of the conditions it consults, so a witness that routes the
//!   wrong way excludes exactly the tickets with its profile (step 2: the
//!   items that can matter; steps 3–4: items, `near` conditions, guards;
//!   step 5: every atom), and an item that beats the one in question is
//!   excluded outright (whenever it matches, the item is dropped). "No ticket
//!   left" is a proof. More than [`Config::rounds`] refinements, or a solver
//!   query past its step budget: `limit`.
//! * `mixed-topics` (fast path): an item with no `not`, its number
//!   comparisons top-level conjuncts, and a single-topic ticket whose trigger
//!   keys (`index`) reach no other item is *solitary*. Two solitary items
//!   whose tickets join (numbers: one both accept) meet a ticket that no
//!   other item can match — its keys are the two tickets' keys — and neither
//!   implies the other (neither meets the other's ticket), so they dispute
//!   it. Disabled when a keyword contains the separator `，` joins with. Pairs
//!   are counted to the end ([`Config::mixed_budget`] is unlimited by
//!   default): 3,958,170 pairs on the 10,000-item bench table.
//! * `missing-basis`, `unused-department`, `expired`: read off the model.
//!
//! Dates (v2): the ticket-level findings are sought once per epoch — the
//! spans of days on which the same items and matters are in force — on the
//! rule set as in force then, witnesses dated inside it (`dated`). Exact per
//! epoch as above; merged so that "a ticket exists" holds in some epoch and
//! "no ticket exists" in all where the item is in force.
//!
//! The shared settling rules (priority, `over`, agreement) come from
//! `ir::settle`, so the analyzer and the routers read them alike.
//!
//! # Example
//!
//! ```
//! let rules = zeren::load::load_str("a.rules", r#"
//!   schema { text: text }
//!   department a
//!   department b
//!   department c
//!   coordinator c
//!   item 甲 { when text has "退费" lead a basis "x" }
//!   item 乙 { when text has "退费" lead b basis "y" }
//! "#)?;
//! let analysis = zeren::analyze::analyze(&rules, &zeren::analyze::Config::new());
//! let overlap = analysis.diagnostics.iter().find(|d| d.code.as_str() == "overlap").ok_or("no overlap")?;
//! assert_eq!(overlap.items, ["甲", "乙"]);
//! assert_eq!(overlap.witness, Some(serde_json::json!({"text": "退费"})));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod coverage;
mod dated;
mod declared;
mod index;
mod needs;
mod overlap;
pub(crate) mod refine;
mod reproduce;

pub use reproduce::{reproduce, NotReproduced};

use crate::decision::Method;
use crate::diagnostic::{Code, Diagnostic, Label, Severity};
use crate::ir::{AttrId, ItemId, MatterId, RuleSet};
use crate::logic::{self, Solver};
use crate::matcher::reference::Outcome;
use crate::source::Span;
use crate::ticket::{OwnedValue, Ticket};
use crate::vocab::Date;
use index::{drop_beaten, Index, Verdict};
use std::collections::BTreeSet;

/// Analysis settings, chained by value.
///
/// ```
/// let config = zeren::analyze::Config::new().list_mixed(true).item_budget(500);
/// assert!(config.get_list_mixed());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Config {
    solver: logic::Config,
    item_budget: usize,
    mixed_budget: usize,
    rounds: usize,
    list_mixed: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            solver: logic::Config::new().budget(1_000_000),
            item_budget: 5_000,
            mixed_budget: usize::MAX,
            rounds: 32,
            list_mixed: false,
        }
    }
}

impl Config {
    /// The default settings.
    ///
    /// ```
    /// assert_eq!(zeren::analyze::Config::new(), zeren::analyze::Config::default());
    /// ```
    pub fn new() -> Config {
        Config::default()
    }

    /// The solver's settings (its step budget per query).
    ///
    /// ```
    /// let c = zeren::analyze::Config::new().solver(zeren::logic::Config::new().budget(1_000));
    /// # let _ = c;
    /// ```
    pub fn solver(self, solver: logic::Config) -> Config {
        Config { solver, ..self }
    }

    /// The most single-topic tickets (and normal-form terms) one item may
    /// have before it is "too complex to analyse".
    ///
    /// ```
    /// let c = zeren::analyze::Config::new().item_budget(100);
    /// # let _ = c;
    /// ```
    pub fn item_budget(self, tickets: usize) -> Config {
        Config { item_budget: tickets, ..self }
    }

    /// The most item pairs examined for `mixed-topics` before counting stops
    /// (default: no limit, every pair is decided).
    ///
    /// ```
    /// let c = zeren::analyze::Config::new().mixed_budget(1_000);
    /// # let _ = c;
    /// ```
    pub fn mixed_budget(self, pairs: usize) -> Config {
        Config { mixed_budget: pairs, ..self }
    }

    /// How many refinements `shadowed`, `gap`, `mixed-topics` and
    /// `no-coordinator` try per item, matter or pair before the question is
    /// reported as a `limit` (default 32).
    ///
    /// ```
    /// let c = zeren::analyze::Config::new().rounds(3);
    /// # let _ = c;
    /// ```
    pub fn rounds(self, rounds: usize) -> Config {
        Config { rounds, ..self }
    }

    /// List each `mixed-topics` pair with a witness (`zeren check --mixed`).
    ///
    /// ```
    /// assert!(zeren::analyze::Config::new().list_mixed(true).get_list_mixed());
    /// ```
    pub fn list_mixed(self, on: bool) -> Config {
        Config { list_mixed: on, ..self }
    }

    /// Whether `mixed-topics` pairs are listed.
    ///
    /// ```
    /// assert!(!zeren::analyze::Config::new().get_list_mixed());
    /// ```
    pub fn get_list_mixed(&self) -> bool {
        self.list_mixed
    }
}

/// Counts describing the rule set (docs/spec.md §7 `stats`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Departments declared.
    pub departments: usize,
    /// Matters.
    pub matters: usize,
    /// Items.
    pub items: usize,
    /// Inline tests.
    pub tests: usize,
    /// Distinct keywords (after folding) in all conditions.
    pub keywords: usize,
    /// The compiled decision graph's size, when the caller compiled one
    /// (`null` otherwise: the analysis itself works on the IR).
    pub graph: Option<GraphStats>,
}

/// Size of a compiled decision graph.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct GraphStats {
    /// Heap bytes.
    pub memory_bytes: usize,
    /// Condition nodes (`null` until the compiled matcher reports them).
    pub nodes: Option<usize>,
    /// Deepest condition nesting (`null` until the compiled matcher reports it).
    pub depth: Option<usize>,
}

/// The result of [`analyze`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// The findings: errors first, then warnings, then notes; within one
    /// code, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub stats: Stats,
}

/// Analyses a rule set, routing witnesses with the compiled matcher
/// ([`crate::Rules`]; the reference router if the rules fail to compile), and
/// reporting the compiled graph's size in the stats.
///
/// ```
/// let rules = zeren::load::load_str("a.rules", r#"
///   schema { text: text }
///   department a
///   item 甲 { when text has "k" and not text has "k" lead a }
/// "#)?;
/// let analysis = zeren::analyze::analyze(&rules, &Default::default());
/// assert!(analysis.diagnostics.iter().any(|d| d.code.as_str() == "unsatisfiable"));
/// assert_eq!(analysis.stats.items, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn analyze(rules: &RuleSet, config: &Config) -> Analysis {
    match crate::Rules::new(rules) {
        Ok(compiled) => {
            let mut cache = compiled.create_cache();
            let mut route = |t: &Ticket| compiled.route(&mut cache, t).to_outcome();
            let mut analysis = analyze_with(rules, config, &mut route);
            analysis.stats.graph = Some(GraphStats { memory_bytes: compiled.memory_usage(), nodes: None, depth: None });
            analysis
        }
        Err(_) => {
            let mut route = |t: &Ticket| crate::matcher::reference::route_outcome(rules, t);
            analyze_with(rules, config, &mut route)
        }
    }
}

/// Analyses a rule set, routing every witness with `route` (for instance the
/// compiled matcher, which is faster than the reference router on large rule
/// sets). `route` must decide as docs/spec.md §5 does, and gives the decision
/// by ids ([`Outcome`]: [`crate::matcher::DecisionRef::to_outcome`],
/// [`crate::matcher::reference::route_outcome`]), so nothing maps names back.
///
/// ```
/// let rules = zeren::load::load_str("a.rules", r#"
///   schema { text: text }
///   department a
///   item 甲 { when text has "k" lead a }
/// "#)?;
/// let mut routed = 0;
/// let mut route = |t: &zeren::ticket::Ticket| { routed += 1; zeren::matcher::reference::route_outcome(&rules, t) };
/// let analysis = zeren::analyze::analyze_with(&rules, &Default::default(), &mut route);
/// assert!(analysis.diagnostics.iter().any(|d| d.code.as_str() == "missing-basis"));
/// assert!(routed > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn analyze_with(rules: &RuleSet, config: &Config, route: &mut dyn FnMut(&Ticket) -> Outcome) -> Analysis {
    let (mut diagnostics, mixed_pairs) = match dated::epochs(rules) {
        // Nothing to prove about tickets: every one goes unclaimed. One
        // finding says so, instead of a `no-coordinator` with an empty witness.
        _ if rules.items.is_empty() => (vec![no_items(rules)], Vec::new()),
        None => passes(rules, config, route, None),
        Some(epochs) => {
            let (mut out, mut pairs) = (Vec::new(), Vec::new());
            for epoch in epochs {
                let date = rules.clock.as_ref().zip(epoch.date).map(|(c, d)| (c.attr, d));
                let (found, listed) = passes(&epoch.rules, config, route, date);
                out.push((epoch.in_force.clone(), found));
                pairs.push((epoch.in_force, listed));
            }
            let found = dated::merge(rules, out);
            // A pair that is an `overlap` in one epoch is reported as that,
            // not also as a `mixed-topics` pair of another.
            let overlapping = |d: &Diagnostic| {
                found.iter().any(|o| {
                    o.code == Code::Overlap && o.items.len() == 2 && d.items.iter().all(|i| o.items.contains(i))
                })
            };
            let listed = dated::merge(rules, pairs).into_iter().filter(|d| !overlapping(d)).collect();
            (found, listed)
        }
    };
    let mut cx = Cx::new(rules, config, route, None);
    declared::missing_basis(&mut cx);
    declared::unused_departments(&mut cx);
    declared::expired(&mut cx);
    declared::never_in_force(&mut cx);
    diagnostics.extend(cx.out);
    diagnostics.sort_by_key(|d| (d.severity, d.code, d.span().map(|s| (s.file, s.start))));
    // The listed `mixed-topics` pairs follow their summary, worth-a-look first
    // (`overlap::mixed` ordered them).
    let at = diagnostics
        .iter()
        .rposition(|d| d.code == Code::MixedTopics)
        .map_or_else(|| diagnostics.iter().filter(|d| d.severity < Severity::Note).count(), |i| i + 1);
    let tail = diagnostics.split_off(at.min(diagnostics.len()));
    diagnostics.extend(mixed_pairs);
    diagnostics.extend(tail);
    Analysis { diagnostics, stats: stats(rules) }
}

/// The `no-items` warning: a rule set without items, or without anything.
fn no_items(rules: &RuleSet) -> Diagnostic {
    let nothing = rules.depts.is_empty() && rules.matters.is_empty();
    let message = if nothing { crate::tr!("an-empty-rule-set") } else { crate::tr!("an-no-items") };
    let mut d = Diagnostic::new(
        Severity::Warning,
        Code::NoItems,
        crate::source::Span::new(crate::source::FileId(0), 0, 0),
        message,
    )
    .with_help(crate::tr!("an-no-items-help"));
    if rules.sources.files.is_empty() {
        d.labels.clear();
    }
    d
}

/// The ticket-level passes on `rules` (the rule set as in force on `date`,
/// when given): the findings, and the listed `mixed-topics` pairs.
fn passes(
    rules: &RuleSet,
    config: &Config,
    route: &mut dyn FnMut(&Ticket) -> Outcome,
    date: Option<(AttrId, Date)>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut cx = Cx::new(rules, config, route, date);
    overlap::single_topic(&mut cx);
    coverage::unsatisfiable(&mut cx);
    coverage::shadowed(&mut cx);
    overlap::mixed(&mut cx);
    coverage::gaps(&mut cx);
    coverage::no_coordinator(&mut cx);
    (cx.out, cx.mixed_pairs)
}

/// The counts of [`Stats`] for a rule set (no graph).
///
/// ```
/// let rules = zeren::load::load_str("a.rules", r#"
///   schema { text: text }
///   department a
///   item 甲 { when text has any ["k", "K", "q"] lead a }
/// "#)?;
/// assert_eq!(zeren::analyze::stats(&rules).keywords, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stats(rules: &RuleSet) -> Stats {
    let mut keywords = BTreeSet::new();
    let conds = rules.conditions();
    for cond in conds {
        for atom in cond.atoms() {
            if let crate::ir::Atom::Has { attr, keywords: ks, .. } = atom {
                keywords.extend(ks.iter().map(|k| (*attr, k.folded.as_str())));
            }
        }
    }
    Stats {
        departments: rules.depts.len(),
        matters: rules.matters.len(),
        items: rules.items.len(),
        tests: rules.tests.len(),
        keywords: keywords.len(),
        graph: None,
    }
}

/// The state the passes share.
struct Cx<'r, 'f> {
    rules: &'r RuleSet,
    config: &'r Config,
    index: Index,
    /// A few single-topic tickets per item, to combine into mixed witnesses.
    samples: Vec<Vec<Ticket>>,
    solver: Solver,
    route: &'f mut dyn FnMut(&Ticket) -> Outcome,
    out: Vec<Diagnostic>,
    /// Items seen winning some ticket.
    wins: Vec<bool>,
    /// Items seen matching some ticket.
    satisfiable: Vec<bool>,
    /// Items whose single-topic tickets exceeded the budget.
    limited: Vec<bool>,
    /// Overlapping pairs already reported (lower id first).
    overlaps: BTreeSet<(ItemId, ItemId)>,
    /// A disputed ticket, for `no-coordinator`.
    disputed: Option<Ticket>,
    /// The listed `mixed-topics` pairs, in the order authors should read
    /// them (kept out of the source-order sort).
    mixed_pairs: Vec<Diagnostic>,
    /// The date every routed ticket and witness carries (the clock
    /// attribute), when the epoch's is not the clock's default (`dated`).
    date: Option<(AttrId, Date)>,
}

impl<'r, 'f> Cx<'r, 'f> {
    fn new(
        rules: &'r RuleSet,
        config: &'r Config,
        route: &'f mut dyn FnMut(&Ticket) -> Outcome,
        date: Option<(AttrId, Date)>,
    ) -> Cx<'r, 'f> {
        Cx {
            rules,
            config,
            index: Index::new(rules),
            samples: vec![Vec::new(); rules.items.len()],
            solver: Solver::new(config.solver),
            route,
            out: Vec::new(),
            wins: vec![false; rules.items.len()],
            satisfiable: vec![false; rules.items.len()],
            limited: vec![false; rules.items.len()],
            overlaps: BTreeSet::new(),
            disputed: None,
            mixed_pairs: Vec::new(),
            date,
        }
    }
}

impl Cx<'_, '_> {
    /// `ticket` with the epoch's date, if it needs one.
    fn dated<'t>(&self, ticket: &'t Ticket) -> std::borrow::Cow<'t, Ticket> {
        match self.date {
            None => std::borrow::Cow::Borrowed(ticket),
            Some((attr, date)) => {
                let mut t = ticket.clone();
                // The clock attribute is a `date` (checked at load), so the
                // value fits; a ticket left undated would route on the
                // default date, where the epoch's findings need not hold.
                let _ = t.set(&self.rules.attrs, attr, OwnedValue::Date(date));
                std::borrow::Cow::Owned(t)
            }
        }
    }

    fn route(&mut self, ticket: &Ticket) -> Outcome {
        match self.dated(ticket) {
            std::borrow::Cow::Borrowed(t) => (self.route)(t),
            std::borrow::Cow::Owned(t) => (self.route)(&t),
        }
    }

    /// Routes `ticket` and reads how step 2 ended: the winning item, or the
    /// disputing items left after priority and `over`.
    fn verdict(&mut self, ticket: &Ticket) -> (Outcome, Verdict) {
        let d = self.route(ticket);
        let verdict = match d.method {
            Method::Direct | Method::Priority | Method::Specific => match d.item() {
                Some(w) => Verdict::Won(w),
                None => Verdict::Empty,
            },
            Method::Disputed => match d.candidate_items() {
                [] => Verdict::Empty,
                items => Verdict::Disputed(drop_beaten(self.rules, items)),
            },
            _ => Verdict::Empty,
        };
        (d, verdict)
    }

    /// A ticket as JSON for a finding: a whole number prints as one (`5`,
    /// as an author writes a threshold, not `5.0`).
    fn witness(&self, ticket: &Ticket) -> serde_json::Value {
        let mut json = self.dated(ticket).to_json(&self.rules.attrs);
        if let serde_json::Value::Object(map) = &mut json {
            for v in map.values_mut() {
                let whole = v.as_f64().filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15);
                if let (Some(x), true) = (whole, v.is_f64()) {
                    *v = serde_json::Value::from(x as i64);
                }
            }
        }
        json
    }

    /// A finding about items: one label per item (at its name), the first
    /// primary.
    fn about_items(
        &self,
        severity: Severity,
        code: Code,
        message: crate::i18n::Text,
        items: &[(ItemId, String)],
    ) -> Diagnostic {
        let labels = items
            .iter()
            .map(|(id, text)| {
                let item = self.rules.item(*id);
                Label { span: name_span(self.rules, item.span, &item.name), message: text.clone().into() }
            })
            .collect();
        Diagnostic {
            severity,
            code,
            message,
            labels,
            help: None,
            items: items.iter().map(|(id, _)| self.rules.item(*id).name.clone()).collect(),
            witness: None,
        }
    }

    fn about_matter(
        &self,
        severity: Severity,
        code: Code,
        message: crate::i18n::Text,
        matter: MatterId,
        label: crate::i18n::Text,
    ) -> Diagnostic {
        let m = self.rules.matter(matter);
        Diagnostic::new(severity, code, name_span(self.rules, m.span, &m.name), message).with_primary(label)
    }

    /// "`name` (lead x, assists y)" for messages.
    fn roles(&self, id: ItemId) -> String {
        let item = self.rules.item(id);
        let dept = |d: &crate::ir::DeptId| self.rules.dept(*d).id.clone();
        let mut s = format!("lead {}", dept(&item.lead));
        if !item.assists.is_empty() {
            s.push_str(&format!(", assist {}", item.assists.iter().map(dept).collect::<Vec<_>>().join(", ")));
        }
        if !item.liaisons.is_empty() {
            s.push_str(&format!(", liaise {}", item.liaisons.iter().map(dept).collect::<Vec<_>>().join(", ")));
        }
        s
    }
}

/// The span of a block's name (the block itself spans many lines; a caret
/// under the name reads better). Falls back to the block's first line.
fn name_span(rules: &RuleSet, block: Span, name: &str) -> Span {
    let text = rules.sources.text(block);
    // Skip the `item`/`matter` keyword, so a name like `it` is not found in it.
    let skip = text.find(char::is_whitespace).unwrap_or(0);
    let start = block.start as usize + skip;
    let rest = text.get(skip..).unwrap_or("");
    match rest.find(name) {
        Some(at) if !name.is_empty() => Span::new(block.file, start + at, start + at + name.len()),
        _ => {
            let line = text.find('\n').unwrap_or(text.len());
            Span::new(block.file, block.start as usize, block.start as usize + line)
        }
    }
}
