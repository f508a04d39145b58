//! Turning a model of the search into a readable ticket.
//!
//! A slot takes its first remaining case, and cases are ordered for
//! readability: missing first (witnesses carry only what the formula needs),
//! then mentioned values and thresholds, then "any other value" and open
//! intervals. A text carries the keywords set true, the ones not contained in
//! another, joined by a separator that occurs in no keyword of the query: a
//! keyword can then only occur inside one chosen keyword, so exactly the
//! chosen keywords and those they contain occur (the containment closure the
//! search maintained). The text is checked after folding all the same, and
//! another separator or the folded keywords are tried if folding ever merged
//! across a boundary.

use super::bits::Bits;
use super::encode::{next_up, Case, Problem};
use crate::fold::fold;
use crate::ir::{AttrId, Keyword, RuleSet};
use crate::ticket::{OwnedValue, Ticket};

/// One fact a witness ticket carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Fact {
    /// A symbol attribute has this value.
    Symbol(AttrId, String),
    /// A bool attribute has this value.
    Bool(AttrId, bool),
    /// A number attribute has this value.
    Number(AttrId, f64),
    /// A text attribute contains this keyword (and, necessarily, every keyword
    /// it contains).
    Keyword(AttrId, Keyword),
}

impl Fact {
    /// The attribute the fact is about.
    pub fn attr(&self) -> AttrId {
        match self {
            Fact::Symbol(a, _) | Fact::Bool(a, _) | Fact::Number(a, _) | Fact::Keyword(a, _) => *a,
        }
    }
}

/// Separators tried in order, readable ones first, each with its folded form
/// (what has to be absent from the keywords: the full-width comma folds to
/// `,`). A unit test checks the folded forms.
const SEPARATORS: [(&str, &str); 8] = [
    ("，", ","),
    ("；", ";"),
    (" ", " "),
    ("|", "|"),
    ("/", "/"),
    ("\n", "\n"),
    ("\u{1f}", "\u{1f}"),
    ("\u{1e}", "\u{1e}"),
];

/// Invented values for an open symbol's "any other value" case.
const OTHER: &str = "其他";

/// The ticket and its facts for a model; `Err` with a reason when no text
/// could be built (not expected to happen: see the module docs).
pub(crate) fn build(
    rules: &RuleSet,
    p: &Problem<'_>,
    dom: &[Bits],
    kw: &[Option<bool>],
) -> Result<(Ticket, Vec<Fact>), String> {
    let mut facts = Vec::new();
    for (slot, d) in p.slots.iter().zip(dom) {
        let case = d.first().and_then(|i| slot.cases.get(i)).copied().unwrap_or(Case::Missing);
        let attr = slot.attr;
        match case {
            Case::Missing => {}
            Case::Symbol(s) | Case::Other(Some(s)) => facts.push(Fact::Symbol(attr, s.to_string())),
            Case::Other(None) => facts.push(Fact::Symbol(attr, invent(&slot.cases))),
            Case::Bool(b) => facts.push(Fact::Bool(attr, b)),
            Case::Point(x) => facts.push(Fact::Number(attr, x)),
            Case::Between(lo, hi) if is_date(rules, attr) => facts.push(Fact::Number(attr, between_days(lo, hi))),
            Case::Between(lo, hi) => facts.push(Fact::Number(attr, between(lo, hi))),
        }
    }
    // Keywords set true, keeping only those no other true keyword contains.
    for (i, v) in p.kws.iter().enumerate() {
        let on = |j: &u32| kw.get(*j as usize).copied().flatten() == Some(true);
        if kw.get(i).copied().flatten() == Some(true) && !v.contained_in.iter().any(on) {
            facts.push(Fact::Keyword(v.attr, Keyword { raw: v.raw.to_string(), folded: v.folded.to_string() }));
        }
    }
    let mut ticket = Ticket::default();
    for fact in &facts {
        let value = match fact {
            Fact::Symbol(_, s) => OwnedValue::Symbol(s.clone()),
            Fact::Bool(_, b) => OwnedValue::Bool(*b),
            Fact::Number(a, x) if is_date(rules, *a) => match crate::ir::Date::from_days(*x as i64) {
                Some(d) => OwnedValue::Date(d),
                None => return Err(format!("witness rejected: day {x} is not a date")),
            },
            Fact::Number(_, x) => OwnedValue::Number(*x),
            Fact::Keyword(..) => continue,
        };
        ticket.set(&rules.attrs, fact.attr(), value).map_err(|e| format!("witness rejected: {e}"))?;
    }
    let mut texts: Vec<AttrId> = facts.iter().filter(|f| matches!(f, Fact::Keyword(..))).map(Fact::attr).collect();
    texts.dedup();
    for attr in texts {
        let text = text_for(p, kw, &facts, attr).ok_or_else(|| {
            let name = rules.attrs.get(attr.index()).map_or("?", |a| a.name.as_str());
            format!("could not build a witness text for `{name}`")
        })?;
        ticket.set(&rules.attrs, attr, OwnedValue::Text(text)).map_err(|e| format!("witness rejected: {e}"))?;
    }
    Ok((ticket, facts))
}

/// A symbol value no case mentions.
fn invent(cases: &[Case<'_>]) -> String {
    let taken = |s: &str| cases.contains(&Case::Symbol(s));
    if !taken(OTHER) {
        return OTHER.to_string();
    }
    (2..).map(|n| format!("{OTHER}{n}")).find(|s| !taken(s)).unwrap_or_default()
}

/// A readable number strictly between `lo` and `hi` (a non-empty interval,
/// either bound possibly infinite): an integer when one fits.
/// Whether `attr` is a `date` (whose numbers are day numbers).
fn is_date(rules: &RuleSet, attr: AttrId) -> bool {
    rules.attrs.get(attr.index()).is_some_and(|a| a.ty == crate::ir::Type::Date)
}

/// A whole day strictly between `lo` and `hi` (day numbers), preferring the
/// day next to a bound, then 2024-01-01.
fn between_days(lo: f64, hi: f64) -> f64 {
    let range = (f64::from(crate::ir::Date::first_day()), f64::from(crate::ir::Date::last_day()));
    let inside = |x: f64| lo < x && x < hi && range.0 <= x && x <= range.1;
    let fallback = crate::ir::Date::new(2024, 1, 1).map_or(0.0, |d| f64::from(d.days()));
    [hi - 1.0, lo + 1.0, fallback]
        .into_iter()
        .find(|x| x.is_finite() && inside(*x))
        .or_else(|| super::encode::first_day_between(lo, hi, range))
        .unwrap_or(fallback)
}

fn between(lo: f64, hi: f64) -> f64 {
    let inside = |x: f64| x.is_finite() && lo < x && x < hi;
    let candidates = [
        0.0,
        if lo.is_finite() { lo.floor() + 1.0 } else { hi.ceil() - 1.0 },
        lo / 2.0 + hi / 2.0,
        next_up(lo),
        if lo.is_finite() { f64::NAN } else { f64::MIN },
    ];
    candidates.into_iter().find(|x| inside(*x)).unwrap_or(0.0)
}

/// The text of one attribute: its chosen keywords joined by a separator,
/// checked to contain exactly the keywords the model says.
fn text_for(p: &Problem<'_>, kw: &[Option<bool>], facts: &[Fact], attr: AttrId) -> Option<String> {
    let chosen: Vec<&Keyword> = facts
        .iter()
        .filter_map(|f| match f {
            Fact::Keyword(a, k) if *a == attr => Some(k),
            _ => None,
        })
        .collect();
    let vars: Vec<(&str, bool)> =
        p.kws.iter().zip(kw).filter(|(v, _)| v.attr == attr).map(|(v, val)| (v.folded, *val == Some(true))).collect();
    for (sep, folded_sep) in SEPARATORS {
        if vars.iter().any(|(k, _)| k.contains(folded_sep)) {
            continue;
        }
        for raw in [true, false] {
            let text = chosen
                .iter()
                .map(|k| if raw { k.raw.as_str() } else { k.folded.as_str() })
                .collect::<Vec<_>>()
                .join(sep);
            let folded = fold(&text);
            if vars.iter().all(|(k, want)| folded.contains(k) == *want) {
                return Some(text);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{between, SEPARATORS};
    use crate::fold::fold;

    #[test]
    fn separators_fold_as_declared() {
        for (sep, folded) in SEPARATORS {
            assert_eq!(fold(sep), folded);
            assert_eq!(folded.chars().count(), 1);
        }
    }

    #[test]
    fn numbers_between_are_readable() {
        assert_eq!(between(f64::NEG_INFINITY, f64::INFINITY), 0.0);
        assert_eq!(between(10.0, f64::INFINITY), 11.0);
        assert_eq!(between(f64::NEG_INFINITY, -3.0), -4.0);
        assert_eq!(between(1.5, 1.75), 1.625);
        assert_eq!(between(f64::NEG_INFINITY, -1e300), f64::MIN);
        let next = f64::from_bits(1.0f64.to_bits() + 1);
        let after = f64::from_bits(next.to_bits() + 1);
        assert_eq!(between(1.0, after), next);
    }
}
