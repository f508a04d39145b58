//! Tickets: attribute values keyed by [`AttrId`], from JSON or from a borrowed
//! builder, validated against the schema (docs/spec.md §6).
#![deny(clippy::indexing_slicing)]

use crate::ir::{Attr, AttrId, Type};
use crate::vocab::Date;

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
    /// A calendar date (v2).
    Date(Date),
}

impl OwnedValue {
    /// Borrows the value.
    pub fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::Symbol(s) => Value::Symbol(s),
            OwnedValue::Text(s) => Value::Text(s),
            OwnedValue::Number(n) => Value::Number(*n),
            OwnedValue::Bool(b) => Value::Bool(*b),
            OwnedValue::Date(d) => Value::Date(*d),
        }
    }

    /// The JSON form.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            OwnedValue::Symbol(s) | OwnedValue::Text(s) => s.clone().into(),
            OwnedValue::Number(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into),
            OwnedValue::Bool(b) => (*b).into(),
            OwnedValue::Date(d) => d.to_string().into(),
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
    /// A number outside its declared range (v2).
    #[error("attribute `{attr}` is a number in {range}, but the ticket gives {value}")]
    OutsideRange {
        /// The attribute.
        attr: String,
        /// The value given.
        value: f64,
        /// The range, as written in the schema.
        range: String,
    },
    /// A date attribute whose string is not a date (v2).
    #[error(
        "attribute `{attr}` is declared `date`, but `{value}` is not a date: write `YYYY-MM-DD`, optionally with a time"
    )]
    NotADate {
        /// The attribute.
        attr: String,
        /// The string given.
        value: String,
    },
    /// A key given twice in one JSON object (v2).
    #[error("the key `{0}` is given twice in one JSON object")]
    DuplicateKey(String),
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
        let value = parse_json(json)?;
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
            Some(f) if f.is_finite() => {
                if let Some((lo, hi)) = attr.range {
                    if lo.is_some_and(|lo| f < lo) || hi.is_some_and(|hi| f > hi) {
                        let end = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
                        let range = format!("{}..{}", end(lo), end(hi));
                        return Err(TicketError::OutsideRange { attr: attr.name.clone(), value: f, range });
                    }
                }
                OwnedValue::Number(f)
            }
            _ => return Err(TicketError::NotFinite { attr: attr.name.clone() }),
        },
        (Type::Date, J::String(s)) => match ticket_date(s) {
            Some(d) => OwnedValue::Date(d),
            None => return Err(TicketError::NotADate { attr: attr.name.clone(), value: s.clone() }),
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
///
/// Up to eight values live in a fixed array inside the ticket, filled in
/// place (no length checks beyond the count, no heap); a ninth moves them all
/// to a `Vec`. A service that already keeps tickets in a struct of its own
/// can skip building one: see [`TicketSource`].
#[derive(Clone, Debug)]
pub struct TicketRef<'a> {
    /// How many of `inline` are set (while `more` is empty).
    len: usize,
    inline: [(AttrId, Value<'a>); INLINE],
    /// Every value, once there are more than `INLINE`.
    more: Vec<(AttrId, Value<'a>)>,
}

/// Values a [`TicketRef`] holds without allocating.
const INLINE: usize = 8;

/// An unused slot of `TicketRef::inline`.
const UNSET: (AttrId, Value<'static>) = (AttrId(u32::MAX), Value::Bool(false));

impl Default for TicketRef<'_> {
    #[inline]
    fn default() -> Self {
        TicketRef { len: 0, inline: [UNSET; INLINE], more: Vec::new() }
    }
}

impl<'a> TicketRef<'a> {
    /// An empty ticket.
    #[inline]
    pub fn new() -> TicketRef<'a> {
        TicketRef::default()
    }

    /// Sets `attr` (replacing an earlier value).
    #[inline]
    pub fn with(mut self, attr: AttrId, value: Value<'a>) -> TicketRef<'a> {
        self.set(attr, value);
        self
    }

    /// Sets `attr` in place (replacing an earlier value).
    #[inline]
    pub fn set(&mut self, attr: AttrId, value: Value<'a>) {
        if let Some(slot) = self.values_mut().iter_mut().find(|(a, _)| *a == attr) {
            slot.1 = value;
            return;
        }
        match self.inline.get_mut(self.len) {
            Some(slot) if self.more.is_empty() => {
                *slot = (attr, value);
                self.len += 1;
            }
            _ => self.spill(attr, value),
        }
    }

    /// Adds a value beyond the inline ones (out of line: rare).
    #[cold]
    fn spill(&mut self, attr: AttrId, value: Value<'a>) {
        if self.more.is_empty() {
            self.more.extend_from_slice(self.inline.get(..self.len).unwrap_or(&[]));
        }
        self.more.push((attr, value));
    }

    /// Removes every value, keeping the storage.
    #[inline]
    pub fn clear(&mut self) {
        self.len = 0;
        self.more.clear();
    }

    #[inline]
    fn values(&self) -> &[(AttrId, Value<'a>)] {
        if self.more.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.more
        }
    }

    #[inline]
    fn values_mut(&mut self) -> &mut [(AttrId, Value<'a>)] {
        if self.more.is_empty() {
            self.inline.get_mut(..self.len).unwrap_or(&mut [])
        } else {
            &mut self.more
        }
    }
}

impl TicketSource for TicketRef<'_> {
    #[inline]
    fn value(&self, attr: AttrId) -> Option<Value<'_>> {
        self.values().iter().find(|(a, _)| *a == attr).map(|(_, v)| *v)
    }

    #[inline]
    fn pairs(&self) -> Option<&[(AttrId, Value<'_>)]> {
        // `set` replaces an attribute's earlier value: each occurs once.
        Some(self.values())
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

/// A ticket's date (docs/spec.md §8a): `YYYY-MM-DD`, optionally followed by
/// `T`, `t` or a space and `HH:MM`, optional `:SS`, optional `.fraction`,
/// optional zone (`Z`, `±HH:MM`, `±HHMM`). Only the date counts, as written,
/// whatever the zone.
pub fn ticket_date(s: &str) -> Option<Date> {
    let date = Date::parse(s.get(..10)?)?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(date);
    }
    let b = rest.as_bytes();
    let digits2 = |i: usize, max: u8| -> Option<()> {
        let (x, y) = (*b.get(i)?, *b.get(i + 1)?);
        (x.is_ascii_digit() && y.is_ascii_digit() && (x - b'0') * 10 + (y - b'0') <= max).then_some(())
    };
    if !matches!(b.first(), Some(b'T' | b't' | b' ')) {
        return None;
    }
    digits2(1, 23)?;
    (b.get(3) == Some(&b':')).then_some(())?;
    digits2(4, 59)?;
    let mut i = 6;
    if b.get(i) == Some(&b':') {
        digits2(i + 1, 60)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            let n = b.get(i + 1..)?.iter().take_while(|c| c.is_ascii_digit()).count();
            (n > 0).then_some(())?;
            i += 1 + n;
        }
    }
    match b.get(i) {
        None => Some(date),
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(date),
        Some(b'+' | b'-') => {
            digits2(i + 1, 23)?;
            let j = if b.get(i + 3) == Some(&b':') { i + 4 } else { i + 3 };
            digits2(j, 59)?;
            (j + 2 == b.len()).then_some(date)
        }
        _ => None,
    }
}

/// Parses JSON text, refusing an object that gives a key twice (docs/spec.md
/// §6, v2) at any depth: `serde_json` would keep the last one silently.
pub fn parse_json(json: &str) -> Result<serde_json::Value, TicketError> {
    use serde::de::Deserializer as _;
    let mut de = serde_json::Deserializer::from_str(json);
    let value = (&mut de).deserialize_any(Strict).map_err(|e| {
        let text = e.to_string();
        match text.strip_prefix(DUPLICATE) {
            Some(key) => TicketError::DuplicateKey(key.split(" at line").next().unwrap_or(key).to_string()),
            None => TicketError::Json(text),
        }
    })?;
    de.end().map_err(|e| TicketError::Json(e.to_string()))?;
    Ok(value)
}

/// The marker of a duplicate-key error inside serde's error text.
const DUPLICATE: &str = "duplicate key: ";

/// A `serde_json::Value` visitor that refuses repeated keys.
struct Strict;

impl<'de> serde::de::DeserializeSeed<'de> for Strict {
    type Value = serde_json::Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Strict)
    }
}

impl<'de> serde::de::Visitor<'de> for Strict {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Strict)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Strict)? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("{DUPLICATE}{key}")));
            }
            let v = map.next_value_seed(Strict)?;
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A `TicketRef` answers like a map of its last value per attribute,
        /// inline and after spilling past eight attributes, and after `clear`.
        #[test]
        fn ticket_ref_is_a_map(sets in proptest::collection::vec((0u32..12, -5i32..5), 0..30)) {
            let mut t = TicketRef::new();
            let mut model = std::collections::BTreeMap::new();
            for round in 0..2 {
                for &(a, n) in &sets {
                    t.set(AttrId(a), Value::Number(f64::from(n + round)));
                    model.insert(a, f64::from(n + round));
                }
                for a in 0..12 {
                    proptest::prop_assert_eq!(t.value(AttrId(a)), model.get(&a).map(|&n| Value::Number(n)));
                }
                let mut pairs: Vec<(u32, f64)> = t
                    .pairs()
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|(a, v)| match v {
                        Value::Number(n) => Some((a.0, *n)),
                        _ => None,
                    })
                    .collect();
                pairs.sort_by_key(|p| p.0);
                proptest::prop_assert_eq!(pairs, model.iter().map(|(&a, &n)| (a, n)).collect::<Vec<_>>());
                t.clear();
                model.clear();
                proptest::prop_assert_eq!(t.pairs().map(<[_]>::len), Some(0));
            }
        }
    }
}
