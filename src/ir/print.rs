//! Conditions of the validated model written back as `.rules` text: the one
//! printer that explanations, the handbook, charts and `diff` share. Names
//! and keywords are quoted and escaped as `zeren fmt` writes them
//! ([`crate::vocab`]), so a keyword `say "hi"` prints as `"say \"hi\""`.

use super::{Atom, Cond, Date, RuleSet, Type, Value};
use crate::vocab::{name, quote};

/// An atom in `.rules` syntax.
pub fn atom_text(rules: &RuleSet, atom: &Atom) -> String {
    let decl = rules.attribute(atom.attr());
    let attr = name(&decl.name);
    let is_date = decl.ty == Type::Date;
    let value = |v: &Value| match v {
        Value::Symbol(s) => name(s),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_text(*n, is_date),
    };
    match atom {
        Atom::Has { keywords, all, .. } => {
            let kws: Vec<String> = keywords.iter().map(|k| quote(&k.raw)).collect();
            match (kws.as_slice(), all) {
                ([one], false) => format!("{attr} has {one}"),
                (_, false) => format!("{attr} has any [{}]", kws.join(", ")),
                (_, true) => format!("{attr} has all [{}]", kws.join(", ")),
            }
        }
        Atom::Eq { value: v, .. } => format!("{attr} = {}", value(v)),
        Atom::Ne { value: v, .. } => format!("{attr} != {}", value(v)),
        Atom::In { values, .. } => format!("{attr} in [{}]", values.iter().map(value).collect::<Vec<_>>().join(", ")),
        Atom::Cmp { op, value: n, .. } => format!("{attr} {} {}", op.as_str(), number_text(*n, is_date)),
        Atom::IsTrue { .. } => attr,
    }
}

/// A number of a condition as written: on a `date` attribute the model holds
/// the date's day number, printed back as the date.
fn number_text(n: f64, is_date: bool) -> String {
    let date = (is_date && n.fract() == 0.0).then(|| Date::from_days(n as i64)).flatten();
    date.map_or_else(|| n.to_string(), |d| d.to_string())
}

/// A condition in `.rules` syntax (parenthesised where needed).
pub fn cond_text(rules: &RuleSet, cond: &Cond) -> String {
    match cond {
        Cond::Atom(a) => atom_text(rules, a),
        Cond::Not(c) => format!("not {}", wrap(rules, c)),
        Cond::And(ops) => ops.iter().map(|c| wrap(rules, c)).collect::<Vec<_>>().join(" and "),
        Cond::Or(ops) => ops.iter().map(|c| wrap(rules, c)).collect::<Vec<_>>().join(" or "),
    }
}

fn wrap(rules: &RuleSet, cond: &Cond) -> String {
    match cond {
        Cond::Atom(_) | Cond::Not(_) => cond_text(rules, cond),
        _ => format!("({})", cond_text(rules, cond)),
    }
}
