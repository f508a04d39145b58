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
        Ok(Rules { graph: Arc::new(graph), id: NEXT_ID.fetch_add(1, Ordering::Relaxed) })
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
