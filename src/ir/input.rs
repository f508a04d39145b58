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
