//! [`Rules`]: the compiled decision graph behind an [`Arc`], the value a
//! thread routes with (the compiled matcher's half of [`crate::Engine`]).

use crate::compile::{CompileError, Graph};
use crate::ir::{AttrId, RuleSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A compiled rule set: immutable, `Send + Sync`, cheap to clone (an [`Arc`]).
///
/// Build one with [`Rules::new`], resolve attribute names once with
/// [`Rules::attr`], and route with [`Rules::route`] and a [`Cache`] per
/// thread.
///
/// [`Cache`]: crate::matcher::Cache
#[derive(Clone, Debug)]
pub struct Rules {
    pub(crate) graph: Arc<Graph>,
    /// Tells caches apart: a cache made for other rules is reset before use.
    pub(crate) id: u64,
    /// The date of a ticket without one (v2, the CLI's `--as-of`); `None`:
    /// the clock's default.
    pub(crate) as_of: Option<crate::ir::Date>,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Rules {
    /// Compiles a validated rule set.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子质量监管 { when text has any [\"种子\", \"出芽率\"] lead nync }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// assert!(rules.memory_usage() > 0);
    /// # Ok(()) }
    /// ```
    pub fn new(rules: &RuleSet) -> Result<Rules, CompileError> {
        let graph = crate::compile::build(rules)?;
        Ok(Rules { graph: Arc::new(graph), id: NEXT_ID.fetch_add(1, Ordering::Relaxed), as_of: None })
    }

    /// The id of an attribute, to resolve once at start-up.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子质量监管 { when text has any [\"种子\", \"出芽率\"] lead nync }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// assert!(rules.attr("text").is_some());
    /// assert!(rules.attr("no such attribute").is_none());
    /// # Ok(()) }
    /// ```
    pub fn attr(&self, name: &str) -> Option<AttrId> {
        self.graph.attr_names.iter().position(|a| &**a == name).map(|i| AttrId(i as u32))
    }

    /// Heap bytes held by the compiled rules (shared by every clone).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子质量监管 { when text has any [\"种子\", \"出芽率\"] lead nync }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// println!("{} bytes", rules.memory_usage());
    /// # Ok(()) }
    /// ```
    pub fn memory_usage(&self) -> usize {
        self.graph.memory_usage()
    }

    /// Dates the tickets that carry no date of their own `as_of` instead of
    /// the clock's default (docs/spec.md §5 "In force", the CLI's
    /// `--as-of`); `None` restores the default. Caches stay valid.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use zeren::ticket::{TicketRef, Value};
    /// let set = zeren::load::load_str("dated.rules", "schema { text: text  at: date }\n\
    ///     clock at default 2024-01-01\ndepartment old\ndepartment new\n\
    ///     item 旧 { when text has \"卡\" lead old effective ..2024-06-30 }\n\
    ///     item 新 { when text has \"卡\" lead new effective 2024-07-01.. }")?;
    /// let mut rules = zeren::Rules::new(&set)?;
    /// let text = rules.attr("text").ok_or("no text")?;
    /// let ticket = TicketRef::new().with(text, Value::Text("预付卡"));
    /// let mut cache = rules.create_cache();
    /// assert_eq!(rules.route(&mut cache, &ticket).lead(), Some("old"));
    /// rules.set_as_of(zeren::ir::Date::parse("2024-07-01"));
    /// assert_eq!(rules.route(&mut cache, &ticket).lead(), Some("new"));
    /// # Ok(()) }
    /// ```
    pub fn set_as_of(&mut self, as_of: Option<crate::ir::Date>) {
        self.as_of = as_of;
    }

    /// The date given to tickets without one, when set by [`Rules::set_as_of`].
    pub fn as_of(&self) -> Option<crate::ir::Date> {
        self.as_of
    }

    /// How many items the rule set has.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let set = zeren::load::load_str("doc.rules", "schema { text: text } department nync item 种子质量监管 { when text has any [\"种子\", \"出芽率\"] lead nync }")?;
    /// assert_eq!(zeren::Rules::new(&set)?.item_count(), set.items.len());
    /// # Ok(()) }
    /// ```
    pub fn item_count(&self) -> usize {
        self.graph.items.len()
    }
}

impl Rules {
    /// The provenance of the rule set as a whole (no source line): its name,
    /// version and content hash.
    ///
    /// ```
    /// let set = zeren::load::load_str("v.rules", "ruleset \"city\" version \"7\"\n\
    ///     schema { f: bool }\ndepartment d\nitem x { when f lead d }")?;
    /// let rules = zeren::Rules::new(&set)?;
    /// assert_eq!(rules.provenance().version, Some("7"));
    /// assert_eq!(rules.provenance().source, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn provenance(&self) -> crate::provenance::Provenance<'_> {
        self.graph.provenance.stamp()
    }
}
