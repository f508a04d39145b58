//! What conditions are evaluated against: a ticket seen as attribute values
//! keyed by [`AttrId`]. The ticket module builds and validates tickets; this
//! is only the view every evaluator (the literal one here, the compiled
//! matcher) shares, re-exported as `zeren::ticket::{Value, TicketSource}`.

use super::AttrId;

/// A borrowed attribute value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// A symbol value.
    Symbol(&'a str),
    /// Free text.
    Text(&'a str),
    /// A finite number.
    Number(f64),
    /// A bool.
    Bool(bool),
    /// A calendar date (v2): only the date of a date-time counts.
    Date(crate::vocab::Date),
}

/// Anything a ticket can be read from. A service implements this for its own
/// struct, with attribute ids resolved once at start-up.
///
/// # The fast path for a service's own struct
///
/// A service that already holds its tickets in a struct of its own need not
/// copy them into a [`crate::ticket::TicketRef`]: a view that answers
/// [`TicketSource::value`] from the struct's fields builds nothing per
/// ticket. Routing asks `value` once for each attribute some condition tests,
/// in schema order, so a chain of id comparisons is all it costs; resolve the
/// ids once, when the rules are loaded (and again after a reload: ids follow
/// the schema).
///
/// ```
/// use zeren::ir::AttrId;
/// use zeren::ticket::{TicketSource, Value};
///
/// /// The service's own record.
/// struct Complaint {
///     category: String,
///     text: String,
///     amount: Option<f64>,
/// }
///
/// /// Attribute ids, resolved once.
/// struct Ids {
///     category: AttrId,
///     text: AttrId,
///     amount: AttrId,
/// }
///
/// /// A complaint as routing reads it.
/// struct View<'a>(&'a Ids, &'a Complaint);
///
/// impl TicketSource for View<'_> {
///     fn value(&self, attr: AttrId) -> Option<Value<'_>> {
///         let View(ids, c) = self;
///         if attr == ids.category {
///             Some(Value::Symbol(&c.category))
///         } else if attr == ids.text {
///             Some(Value::Text(&c.text))
///         } else if attr == ids.amount {
///             c.amount.map(Value::Number)
///         } else {
///             None
///         }
///     }
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let set = zeren::load::load_str(
///     "doc.rules",
///     "schema { category: symbol  text: text  amount: number }
///      department scjg
///      item 预付卡退费 { when category = 预付卡 and text has \"退费\" lead scjg }",
/// )?;
/// let rules = zeren::Rules::new(&set)?;
/// let id = |name: &str| rules.attr(name).ok_or(format!("no attribute {name}"));
/// let ids = Ids { category: id("category")?, text: id("text")?, amount: id("amount")? };
/// let mut cache = rules.create_cache();
/// let complaint = Complaint {
///     category: "预付卡".into(),
///     text: "健身房倒闭，预付卡无法退费".into(),
///     amount: Some(3000.0),
/// };
/// assert_eq!(rules.route(&mut cache, &View(&ids, &complaint)).lead(), Some("scjg"));
/// # Ok(()) }
/// ```
pub trait TicketSource {
    /// The value of `attr`, or `None` when the ticket does not carry it.
    fn value(&self, attr: AttrId) -> Option<Value<'_>>;

    /// Every value the ticket carries, when it keeps them as one list with
    /// each attribute at most once (as [`crate::ticket::TicketRef`] does): routing then
    /// walks the list once instead of asking [`TicketSource::value`] for each
    /// attribute. It must agree with `value`. The default, `None`, means
    /// "ask `value`".
    fn pairs(&self) -> Option<&[(AttrId, Value<'_>)]> {
        None
    }
}
