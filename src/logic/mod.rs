//! Conditions as formulas over atoms: satisfiability and implication, decided
//! exactly over every possible ticket, with witness tickets.
//!
//! # The theory (docs/spec.md §8)
//!
//! A ticket gives each attribute a value or leaves it missing, and an atom on
//! a missing attribute is false. A `symbol` has one value, from its closed
//! domain when it has one (the domain is complete), otherwise any string; a
//! `bool` is true or false; a `number` is any finite double; a `text` is any
//! string, and `has k` is containment after folding — so a text containing a
//! keyword contains every keyword that keyword contains (`has "停车场"`
//! implies `has "停车"`).
//!
//! # The method
//!
//! Only finitely many things matter to one formula, so the question is
//! finite and is decided exactly, never by sampling:
//!
//! * a symbol, bool or number attribute becomes a *slot* with finitely many
//!   *cases* that no atom of the query tells apart: missing, each mentioned
//!   value, and "any other value" (for a closed domain, only if some domain
//!   value is unmentioned); for a number, each threshold and each non-empty
//!   open interval between consecutive thresholds;
//! * a text attribute becomes one boolean variable per distinct folded keyword
//!   of the query, with `k1 ⇒ k2` whenever `k1` contains `k2`. Every set of
//!   keywords closed under that implication is the keyword set of some text:
//!   join the keywords with a separator that occurs in none of them. (A
//!   missing text and a text with none of the keywords satisfy the same atoms,
//!   so "present" needs no variable of its own; `has ""` and `has all []`,
//!   which only ask for presence, get the empty keyword's variable, which
//!   every other keyword contains.)
//!
//! The query — a conjunction of conditions that must hold and conditions that
//! must fail ([`Part`]) — is put in negation normal form over literals "slot
//! ∈ set of cases" and "keyword variable = value" (`encode`), and decided by
//! DPLL (`search`): propagate what the formula forces, evaluate it
//! three-valued, branch on an open literal, backtrack chronologically. A model
//! becomes a ticket (`witness`) that is checked with the literal evaluator
//! [`crate::ir::eval::holds`] before it is returned.
//!
//! Why not a SAT or BDD crate: the Boolean encoding needs the theory's
//! one-hot and containment constraints anyway, the formulas are small (item
//! conditions: tens of atoms, keyword lists of up to ~20), and a hand-written
//! DPLL over multi-valued slots answers typical queries in microseconds, with a
//! budget, no recursion beyond the formula's depth, and no new dependency.
//!
//! # Budget
//!
//! A *step* is one visit of a formula node while propagating or evaluating.
//! The search stops after [`Config::budget`] steps (default 1,000,000, a few
//! milliseconds) and answers [`Answer::TooComplex`]: a pathological formula
//! never hangs the analyzer.

mod bits;
mod encode;
mod search;
mod witness;

pub use witness::Fact;

use crate::ir::eval::holds;
use crate::ir::{Cond, RuleSet};
use crate::ticket::Ticket;
use encode::Problem;
use search::{Outcome, Search};

/// The outcome of an exact question about all tickets.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// No ticket is a counterexample / no ticket satisfies it.
    No,
    /// This ticket is one.
    Yes(Ticket),
    /// The search budget ran out before an answer (the reason says where).
    TooComplex(crate::i18n::Text),
}

/// One conjunct of a query: a condition that must hold, or one that must fail.
/// Lets the analyzer ask "`a` and `b` and not `c` …" without building (and
/// cloning into) a new [`Cond`].
#[derive(Clone, Copy, Debug)]
pub enum Part<'a> {
    /// The condition holds.
    Holds(&'a Cond),
    /// The condition does not hold.
    Fails(&'a Cond),
}

impl<'a> Part<'a> {
    /// The condition, whatever the polarity.
    pub fn cond(&self) -> &'a Cond {
        match self {
            Part::Holds(c) | Part::Fails(c) => c,
        }
    }
}

/// Search settings, chained by value.
///
/// ```
/// let config = zeren::logic::Config::new().budget(10_000);
/// assert_eq!(config.get_budget(), 10_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    budget: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config { budget: 1_000_000 }
    }
}

impl Config {
    /// The default settings.
    pub fn new() -> Config {
        Config::default()
    }

    /// The most steps one query may take before it is [`Answer::TooComplex`].
    pub fn budget(self, steps: u64) -> Config {
        Config { budget: steps }
    }

    /// The step budget.
    pub fn get_budget(&self) -> u64 {
        self.budget
    }

    /// The solver configuration the analysis uses under `limits`: its
    /// budget is [`Limits::get_analysis_budget`](crate::limits::Limits::get_analysis_budget).
    ///
    /// ```
    /// let limits = zeren::limits::Limits::default();
    /// assert_eq!(zeren::logic::Config::from_limits(&limits).get_budget(), 200_000);
    /// ```
    pub fn from_limits(limits: &crate::limits::Limits) -> Config {
        Config::new().budget(limits.get_analysis_budget())
    }
}

/// A reusable solver: a [`Config`], and the facts and cost of the last answer.
#[derive(Clone, Debug, Default)]
pub struct Solver {
    config: Config,
    facts: Vec<Fact>,
    steps: u64,
}

impl Solver {
    /// A solver with these settings.
    pub fn new(config: Config) -> Solver {
        Solver { config, facts: Vec::new(), steps: 0 }
    }

    /// Whether some ticket makes every part true ([`Part::Holds`] holds,
    /// [`Part::Fails`] fails). An empty conjunction is satisfied by the empty
    /// ticket.
    ///
    /// ```
    /// use zeren::logic::{Answer, Part, Solver};
    /// let rules = zeren::load::load_str("city.rules", r#"
    ///     schema { text: text  amount: number }
    ///     department csgl "城市管理局"
    ///     item 停车场 { when text has "停车场" and amount > 100  lead csgl }
    ///     item 停车 { when text has "停车"  lead csgl }
    /// "#)?;
    /// let (a, b) = (&rules.items[0].effective, &rules.items[1].effective);
    /// let mut solver = Solver::default();
    /// // A ticket about parking but not about a car park:
    /// let Answer::Yes(t) = solver.satisfiable_all(&rules, &[Part::Holds(b), Part::Fails(a)]) else { panic!() };
    /// assert_eq!(t.to_json(&rules.attrs).to_string(), r#"{"text":"停车"}"#);
    /// assert_eq!(solver.facts().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn satisfiable_all(&mut self, rules: &RuleSet, parts: &[Part<'_>]) -> Answer {
        self.facts.clear();
        let problem = Problem::build(rules, parts);
        let search = Search::new(&problem, self.config.budget);
        let (outcome, steps) = search.run();
        self.steps = steps;
        match outcome {
            Outcome::Unsat => Answer::No,
            Outcome::OutOfSteps => Answer::TooComplex(crate::tr!("an-reason-budget", budget = self.config.budget)),
            Outcome::Sat(dom, kw) => match witness::build(rules, &problem, &dom, &kw) {
                Ok((ticket, facts)) => {
                    let ok = parts.iter().all(|p| match p {
                        Part::Holds(c) => holds(rules, c, &ticket),
                        Part::Fails(c) => !holds(rules, c, &ticket),
                    });
                    // INVARIANT: a witness satisfies the query literally.
                    debug_assert!(ok, "witness {ticket:?} fails the query");
                    if !ok {
                        return Answer::TooComplex(crate::i18n::Text::raw(
                            "internal error: the witness ticket does not satisfy the query",
                        ));
                    }
                    self.facts = facts;
                    Answer::Yes(ticket)
                }
                Err(reason) => Answer::TooComplex(crate::i18n::Text::raw(reason)),
            },
        }
    }

    /// Whether some ticket satisfies `cond`.
    pub fn satisfiable(&mut self, rules: &RuleSet, cond: &Cond) -> Answer {
        self.satisfiable_all(rules, &[Part::Holds(cond)])
    }

    /// Whether `a` implies `b` on every ticket; `None` when too complex.
    pub fn implies(&mut self, rules: &RuleSet, a: &Cond, b: &Cond) -> Option<bool> {
        match self.satisfiable_all(rules, &[Part::Holds(a), Part::Fails(b)]) {
            Answer::No => Some(true),
            Answer::Yes(_) => Some(false),
            Answer::TooComplex(_) => None,
        }
    }

    /// The facts of the last [`Answer::Yes`] witness (empty after any other
    /// answer): each symbol, bool and number value it carries, and for each
    /// text the keywords it was built from (those not contained in another).
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    /// Steps the last query took.
    pub fn steps(&self) -> u64 {
        self.steps
    }
}

/// Whether some ticket satisfies `cond` (docs/spec.md §8's theory: a symbol has one
/// value, numbers are ordered, keyword containment, missing attributes make
/// atoms false, closed domains are complete), with the default budget.
///
/// ```
/// use zeren::logic::{satisfiable, Answer};
/// let rules = zeren::load::load_str("city.rules", r#"
///     schema { text: text  amount: number }
///     department csgl "城市管理局"
///     item 停车场 { when text has "停车场" and amount > 100  lead csgl }
///     item 停车 { when text has "停车"  lead csgl }
/// "#)?;
/// let (a, b) = (&rules.items[0].effective, &rules.items[1].effective);
/// let Answer::Yes(witness) = satisfiable(&rules, a) else { panic!() };
/// assert_eq!(witness.to_json(&rules.attrs).to_string(), r#"{"amount":101.0,"text":"停车场"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn satisfiable(rules: &RuleSet, cond: &Cond) -> Answer {
    Solver::default().satisfiable(rules, cond)
}

/// Like [`satisfiable`], with settings.
pub fn satisfiable_with(config: &Config, rules: &RuleSet, cond: &Cond) -> Answer {
    Solver::new(*config).satisfiable(rules, cond)
}

/// Whether `a` implies `b` for every possible ticket. `Some(false)` carries no
/// witness; use [`satisfiable`] on `a and not b` for one. `None` when too complex.
///
/// ```
/// use zeren::logic::implies;
/// let rules = zeren::load::load_str("city.rules", r#"
///     schema { text: text  amount: number }
///     department csgl "城市管理局"
///     item 停车场 { when text has "停车场" and amount > 100  lead csgl }
///     item 停车 { when text has "停车"  lead csgl }
/// "#)?;
/// let (a, b) = (&rules.items[0].effective, &rules.items[1].effective);
/// assert_eq!(implies(&rules, a, b), Some(true)); // "停车场" contains "停车"
/// assert_eq!(implies(&rules, b, a), Some(false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn implies(rules: &RuleSet, a: &Cond, b: &Cond) -> Option<bool> {
    Solver::default().implies(rules, a, b)
}
