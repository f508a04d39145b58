//! [`Engine`]: the one object a user holds — a checked rule set and its
//! compiled decision graph, always together.
//!
//! Every caller that routes goes through it: the command line, [`crate::Live`],
//! the `testing` kit, `analyze`, `diff` and `suite`. The choice of router is
//! made here and nowhere else: [`Engine::route`] and [`Engine::decide`] use the
//! compiled matcher (what production runs), [`Engine::route_reference`] and
//! [`Engine::route_traced`] the reference router (docs/spec.md §5 executed
//! literally, the oracle). Both give the same decision for every ticket; the
//! differential test holds them to it.

use crate::compile::CompileError;
use crate::decision::Decision;
use crate::diagnostic::LoadError;
use crate::ir::{AttrId, DeptId, ItemId, MatterId, RuleSet};
use crate::limits::Limits;
use crate::matcher::reference::{self, Trace};
use crate::matcher::{Cache, DecisionRef, Rules};
use crate::provenance::Provenance;
use crate::ticket::{Strictness, Ticket, TicketError, TicketSource};
use std::path::Path;
use std::sync::Arc;

/// Why an [`Engine`] could not be built.
#[derive(Clone, Debug, thiserror::Error)]
pub enum Error {
    /// The files could not be read, or the rules failed to load; every
    /// load-time diagnostic is inside.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The rules loaded but could not be compiled (a size limit of the
    /// keyword automata).
    #[error(transparent)]
    Compile(#[from] CompileError),
}

/// A checked rule set and its compiled decision graph. Cheap to clone (two
/// [`Arc`]s), `Send + Sync`: build it once, share it between threads, and give
/// each thread its own [`Cache`].
///
/// ```
/// use zeren::Engine;
///
/// let engine = Engine::from_str("city.rules", r#"
///     schema { text: text }
///     department scjg "市场监督管理局"
///     item 健身美容预付卡 { when text has any ["健身", "美容"] lead scjg }
/// "#)?;
/// let ticket = engine.ticket_from_json(r#"{"text": "健身房关门了"}"#)?;
/// let mut cache = engine.create_cache();
/// assert_eq!(engine.route(&mut cache, &ticket).lead(), Some("scjg"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    set: Arc<RuleSet>,
    rules: Rules,
}

impl Engine {
    /// Loads, checks and compiles the `.rules` files at `paths` (files, or
    /// directories of `*.rules`), with the default [`Limits`].
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.rule_set().items.len() > 100);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Engine, Error> {
        Engine::from_paths_with(paths, &Limits::default())
    }

    /// [`Engine::from_paths`] within `limits`.
    ///
    /// ```
    /// let limits = zeren::limits::Limits::new().max_items(10);
    /// assert!(zeren::Engine::from_paths_with(&["rules"], &limits).is_err());
    /// ```
    pub fn from_paths_with<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Result<Engine, Error> {
        Engine::new(crate::load::load_paths_with(paths, limits)?)
    }

    /// Loads, checks and compiles one rule file given as text; `name` is the
    /// file name diagnostics show.
    ///
    /// ```
    /// let err = zeren::Engine::from_str("a.rules", "department a\ndepartment a").err().ok_or("loaded")?;
    /// assert!(matches!(err, zeren::engine::Error::Load(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_str(name: &str, text: &str) -> Result<Engine, Error> {
        Engine::new(crate::load::load_str(name, text)?)
    }

    /// Compiles an already checked rule set.
    ///
    /// ```
    /// let set = zeren::load::load_str("a.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }")?;
    /// let engine = zeren::Engine::new(set)?;
    /// assert_eq!(engine.rules().item_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(set: RuleSet) -> Result<Engine, Error> {
        let rules = Rules::new(&set)?;
        Ok(Engine { set: Arc::new(set), rules })
    }

    /// The checked rule set (the validated model).
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.rule_set().coordinator.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule_set(&self) -> &RuleSet {
        &self.set
    }

    /// The compiled decision graph.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.rules().memory_usage() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// A routing cache for one thread (see [`Rules::create_cache`]).
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let cache = engine.create_cache();
    /// assert!(cache.memory_usage() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_cache(&self) -> Cache {
        self.rules.create_cache()
    }

    /// Dates the tickets that carry no date of their own `as_of` instead of
    /// the clock's default, in every kind of routing (docs/spec.md §5 "In
    /// force"; the CLI's `--as-of`). `None` restores the default.
    ///
    /// ```
    /// let mut engine = zeren::Engine::from_str("a.rules", "schema { text: text  at: date }\n\
    ///     clock at default 2024-01-01\ndepartment old\ndepartment new\n\
    ///     item 旧 { when text has \"卡\" lead old effective ..2024-06-30 }\n\
    ///     item 新 { when text has \"卡\" lead new effective 2024-07-01.. }")?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "预付卡"}"#)?;
    /// assert_eq!(engine.route_reference(&ticket).lead.as_deref(), Some("old"));
    /// engine.set_as_of(zeren::ir::Date::parse("2024-07-01"));
    /// assert_eq!(engine.route_reference(&ticket).lead.as_deref(), Some("new"));
    /// let mut cache = engine.create_cache();
    /// assert_eq!(engine.route(&mut cache, &ticket).lead(), Some("new"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_as_of(&mut self, as_of: Option<crate::ir::Date>) {
        self.rules.set_as_of(as_of);
    }

    /// The date given to tickets without one, when set by [`Engine::set_as_of`].
    pub fn as_of(&self) -> Option<crate::ir::Date> {
        self.rules.as_of()
    }

    /// Routes a ticket with the compiled matcher: no allocation once the
    /// cache has seen a ticket of this size. The production path.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "买的种子发芽率很低"}"#)?;
    /// let mut cache = engine.create_cache();
    /// assert_eq!(engine.route(&mut cache, &ticket).lead(), Some("nync"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn route<'c>(&'c self, cache: &'c mut Cache, ticket: &impl TicketSource) -> DecisionRef<'c> {
        self.rules.route(cache, ticket)
    }

    /// Routes a ticket with the compiled matcher and returns an owned
    /// [`Decision`]: what tools that keep or compare decisions use.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "买的种子发芽率很低"}"#)?;
    /// let mut cache = engine.create_cache();
    /// assert_eq!(engine.decide(&mut cache, &ticket), engine.route_reference(&ticket));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decide(&self, cache: &mut Cache, ticket: &impl TicketSource) -> Decision {
        self.rules.route(cache, ticket).to_decision()
    }

    /// Routes a ticket with the reference router (docs/spec.md §5, literally;
    /// slow). The oracle the compiled matcher is held to.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "买的种子发芽率很低"}"#)?;
    /// assert_eq!(engine.route_reference(&ticket).lead.as_deref(), Some("nync"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn route_reference(&self, ticket: &impl TicketSource) -> Decision {
        reference::route_at(&self.set, ticket, self.as_of())
    }

    /// Routes a ticket with the reference router and records what each step
    /// saw: the material of explanations.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "买的种子发芽率很低"}"#)?;
    /// let (_, trace) = engine.route_traced(&ticket);
    /// assert!(!trace.candidates.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn route_traced(&self, ticket: &impl TicketSource) -> (Decision, Trace) {
        reference::route_traced_at(&self.set, ticket, self.as_of())
    }

    /// The decision for `ticket` and why, in words (`zeren route --explain`).
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "买的种子发芽率很低"}"#)?;
    /// assert!(engine.explain(&ticket).contains("种子"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, ticket: &impl TicketSource) -> String {
        let (decision, trace) = self.route_traced(ticket);
        crate::explain::explain(&self.set, ticket, &decision, &trace)
    }

    /// Why `item` did not win `ticket`: each part of its condition, held or
    /// not, the guard and its own `when` apart, and what beat it.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let ticket = engine.ticket_from_json(r#"{"text": "买的种子发芽率很低"}"#)?;
    /// let item = engine.item("种子标签包装").ok_or("no item")?;
    /// assert!(engine.why_not(&ticket, item).text().contains("did not hold"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn why_not(&self, ticket: &impl TicketSource, item: ItemId) -> crate::why_not::WhyNot {
        crate::why_not::why_not_at(&self.set, ticket, item, self.as_of())
    }

    /// Parses a JSON ticket strictly: an attribute the schema does not
    /// declare, a value of the wrong type or outside a closed domain is an
    /// error naming the attribute (docs/spec.md §6).
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.ticket_from_json(r#"{"colour": "red"}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ticket_from_json(&self, json: &str) -> Result<Ticket, TicketError> {
        Ticket::from_json(&self.set.attrs, json, Strictness::Strict)
    }

    /// Parses a JSON ticket with the chosen strictness (the lenient mode
    /// ignores undeclared attributes).
    ///
    /// ```
    /// use zeren::ticket::Strictness;
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.ticket_from_json_with(r#"{"colour": "red"}"#, Strictness::Lenient).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ticket_from_json_with(&self, json: &str, strictness: Strictness) -> Result<Ticket, TicketError> {
        Ticket::from_json(&self.set.attrs, json, strictness)
    }

    /// The id of an attribute, to resolve once at start-up.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.attr("text").is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attr(&self, name: &str) -> Option<AttrId> {
        self.set.attr(name)
    }

    /// The id of an item, by name.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let id = engine.item("种子质量").ok_or("no such item")?;
    /// assert_eq!(engine.item_name(id), "种子质量");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn item(&self, name: &str) -> Option<ItemId> {
        self.set.item_id(name)
    }

    /// An item's name.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let id = engine.item("种子质量").ok_or("no such item")?;
    /// assert_eq!(engine.item_name(id), "种子质量");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn item_name(&self, id: ItemId) -> &str {
        &self.set.item(id).name
    }

    /// The id of a matter, by name.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.matter("种子质量").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matter(&self, name: &str) -> Option<MatterId> {
        self.set.matter_id(name)
    }

    /// The id of a department, by its id in the rules.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let d = engine.dept("nync").ok_or("no such department")?;
    /// assert_eq!(engine.dept_name(d), "农业农村局");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dept(&self, id: &str) -> Option<DeptId> {
        self.set.dept_id(id)
    }

    /// A department's display name.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// let d = engine.dept("nync").ok_or("no such department")?;
    /// assert_eq!(engine.dept_name(d), "农业农村局");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dept_name(&self, id: DeptId) -> &str {
        &self.set.dept(id).name
    }

    /// Who decided: the rule set's name, version and content hash.
    ///
    /// ```
    /// let engine = zeren::Engine::from_paths(&["rules"])?;
    /// assert!(engine.provenance().version.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn provenance(&self) -> Provenance<'_> {
        self.rules.provenance()
    }
}
