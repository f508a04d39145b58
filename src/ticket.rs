//! Tickets: attribute values keyed by [`AttrId`], from JSON or from a borrowed
//! builder, validated against the schema (docs/spec.md §6).
#![deny(clippy::indexing_slicing)]

use crate::ir::{Attr, AttrId, Type};
use smallvec::SmallVec;

pub use crate::ir::{TicketSource, TicketValue as Value};

/// An owned attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum OwnedValue {
    /// A symbol value.
    Symbol(String),
    /// Free text.
    Text(String),
    /// A finite number.
    Number(f64),
    /// A bool.
    Bool(bool),
}

impl OwnedValue {
    /// Borrows the value.
    pub fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::Symbol(s) => Value::Symbol(s),
            OwnedValue::Text(s) => Value::Text(s),
            OwnedValue::Number(n) => Value::Number(*n),
            OwnedValue::Bool(b) => Value::Bool(*b),
        }
    }

    /// The JSON form.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            OwnedValue::Symbol(s) | OwnedValue::Text(s) => s.clone().into(),
            OwnedValue::Number(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into),
            OwnedValue::Bool(b) => (*b).into(),
        }
    }
}

/// What to do with attributes the schema does not declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Strictness {
    /// Reject them (the default, docs/spec.md §6).
    #[default]
    Strict,
    /// Ignore them (hotline exports often carry extra columns).
    Lenient,
}

/// Why a ticket was rejected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TicketError {
    /// Not JSON at all.
    #[error("the ticket is not valid JSON: {0}")]
    Json(String),
    /// JSON, but not an object.
    #[error("a ticket must be a JSON object of attribute values, found {0}")]
    NotObject(&'static str),
    /// An attribute the schema does not declare.
    #[error("unknown attribute `{attr}`: the schema declares {known}")]
    Unknown {
        /// The attribute.
        attr: String,
        /// The declared attributes.
        known: String,
    },
    /// A value of the wrong JSON type.
    #[error("attribute `{attr}` is declared `{ty}`, but the ticket gives {found}")]
    WrongType {
        /// The attribute.
        attr: String,
        /// Its declared type.
        ty: &'static str,
        /// What was given.
        found: String,
    },
    /// A symbol outside its closed domain.
    #[error("attribute `{attr}` is a symbol of [{domain}], but the ticket gives `{value}`")]
    OutsideDomain {
        /// The attribute.
        attr: String,
        /// The value given.
        value: String,
        /// The closed domain.
        domain: String,
    },
    /// NaN or an infinity.
    #[error("attribute `{attr}` is declared `number`, but the ticket gives a number that is not finite")]
    NotFinite {
        /// The attribute.
        attr: String,
    },
}

/// An owned, validated ticket, indexed by attribute.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ticket {
    values: Vec<Option<OwnedValue>>,
}

impl TicketSource for Ticket {
    fn value(&self, attr: AttrId) -> Option<Value<'_>> {
        self.values.get(attr.index())?.as_ref().map(OwnedValue::as_value)
    }
}

impl Ticket {
    /// Parses and validates a JSON ticket.
    pub fn from_json(schema: &[Attr], json: &str, strictness: Strictness) -> Result<Ticket, TicketError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| TicketError::Json(e.to_string()))?;
        Ticket::from_value(schema, &value, strictness)
    }

    /// Validates a parsed JSON ticket.
    pub fn from_value(
        schema: &[Attr],
        value: &serde_json::Value,
        strictness: Strictness,
    ) -> Result<Ticket, TicketError> {
        let serde_json::Value::Object(map) = value else {
            return Err(TicketError::NotObject(json_kind(value)));
        };
        let mut ticket = Ticket { values: vec![None; schema.len()] };
        for (key, v) in map {
            let found = schema.iter().zip(ticket.values.iter_mut()).find(|(a, _)| &a.name == key);
            let Some((decl, slot)) = found else {
                if strictness == Strictness::Lenient {
                    continue;
                }
                let known = schema.iter().map(|a| format!("`{}`", a.name)).collect::<Vec<_>>().join(", ");
                return Err(TicketError::Unknown { attr: key.clone(), known });
            };
            *slot = validate(decl, v)?;
        }
        Ok(ticket)
    }

    /// Sets a value, validating it against the schema.
    pub fn set(&mut self, schema: &[Attr], attr: AttrId, value: OwnedValue) -> Result<(), TicketError> {
        let Some(decl) = schema.get(attr.index()) else {
            return Err(TicketError::Unknown { attr: format!("#{}", attr.0), known: String::new() });
        };
        // NaN and the infinities have no JSON form (they would read back as
        // `null`, a missing value): refuse them here, as JSON input is.
        if matches!(value, OwnedValue::Number(n) if !n.is_finite()) {
            return Err(TicketError::NotFinite { attr: decl.name.clone() });
        }
        let checked = validate(decl, &value.to_json())?;
        if self.values.len() < schema.len() {
            self.values.resize(schema.len(), None);
        }
        if let Some(slot) = self.values.get_mut(attr.index()) {
            *slot = checked;
        }
        Ok(())
    }

    /// The ticket as a JSON object, attributes in schema order, missing ones left out.
    pub fn to_json(&self, schema: &[Attr]) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (attr, v) in schema.iter().zip(&self.values) {
            if let Some(v) = v {
                map.insert(attr.name.clone(), v.to_json());
            }
        }
        serde_json::Value::Object(map)
    }

    /// Iterates over the values the ticket carries.
    pub fn values(&self) -> impl Iterator<Item = (AttrId, &OwnedValue)> {
        self.values.iter().enumerate().filter_map(|(i, v)| v.as_ref().map(|v| (AttrId(i as u32), v)))
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a bool",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn validate(attr: &Attr, v: &serde_json::Value) -> Result<Option<OwnedValue>, TicketError> {
    use serde_json::Value as J;
    let wrong =
        || TicketError::WrongType { attr: attr.name.clone(), ty: attr.ty.as_str(), found: json_kind(v).to_string() };
    Ok(Some(match (attr.ty, v) {
        (_, J::Null) => return Ok(None),
        (Type::Symbol, J::String(s)) => {
            if let Some(domain) = &attr.domain {
                if !domain.iter().any(|d| d == s) {
                    return Err(TicketError::OutsideDomain {
                        attr: attr.name.clone(),
                        value: s.clone(),
                        domain: domain.join(", "),
                    });
                }
            }
            OwnedValue::Symbol(s.clone())
        }
        (Type::Text, J::String(s)) => OwnedValue::Text(s.clone()),
        (Type::Number, J::Number(n)) => match n.as_f64() {
            Some(f) if f.is_finite() => OwnedValue::Number(f),
            _ => return Err(TicketError::NotFinite { attr: attr.name.clone() }),
        },
        (Type::Bool, J::Bool(b)) => OwnedValue::Bool(*b),
        _ => return Err(wrong()),
    }))
}

/// A borrowed ticket for Rust callers: no copies of the caller's strings.
///
/// Values are not validated (the caller's types are trusted); a value of the
/// wrong type for its attribute is treated as missing by routing, and a symbol
/// outside a closed domain matches no `=`/`in` atom.
#[derive(Clone, Debug, Default)]
pub struct TicketRef<'a> {
    values: SmallVec<[(AttrId, Value<'a>); 8]>,
}

impl<'a> TicketRef<'a> {
    /// An empty ticket.
    pub fn new() -> TicketRef<'a> {
        TicketRef { values: SmallVec::new() }
    }

    /// Sets `attr` (replacing an earlier value).
    pub fn with(mut self, attr: AttrId, value: Value<'a>) -> TicketRef<'a> {
        self.set(attr, value);
        self
    }

    /// Sets `attr` in place (replacing an earlier value).
    pub fn set(&mut self, attr: AttrId, value: Value<'a>) {
        match self.values.iter_mut().find(|(a, _)| *a == attr) {
            Some(slot) => slot.1 = value,
            None => self.values.push((attr, value)),
        }
    }

    /// Removes every value, keeping the storage.
    pub fn clear(&mut self) {
        self.values.clear();
    }
}

impl TicketSource for TicketRef<'_> {
    #[inline]
    fn value(&self, attr: AttrId) -> Option<Value<'_>> {
        self.values.iter().find(|(a, _)| *a == attr).map(|(_, v)| *v)
    }

    #[inline]
    fn pairs(&self) -> Option<&[(AttrId, Value<'_>)]> {
        // `set` replaces an attribute's earlier value: each occurs once.
        Some(&self.values)
    }
}

impl<T: TicketSource + ?Sized> TicketSource for &T {
    fn value(&self, attr: AttrId) -> Option<Value<'_>> {
        (**self).value(attr)
    }

    fn pairs(&self) -> Option<&[(AttrId, Value<'_>)]> {
        (**self).pairs()
    }
}
