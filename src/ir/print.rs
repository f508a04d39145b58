//! Conditions of the validated model written back as `.rules` text: the one
//! printer that explanations, the handbook, charts and `diff` share. Names
//! and keywords are quoted and escaped as `zeren fmt` writes them
//! ([`crate::vocab`]), so a keyword `say "hi"` prints as `"say \"hi\""`.

use super::{Atom, Cond, RuleSet, Value};
use crate::vocab::{name, quote};

/// An atom in `.rules` syntax.
pub fn atom_text(rules: &RuleSet, atom: &Atom) -> String {
    let attr = name(&rules.attribute(atom.attr()).name);
    let value = |v: &Value| match v {
        Value::Symbol(s) => name(s),
        Value::Bool(b) => b.to_string(),
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
        Atom::Cmp { op, value: n, .. } => format!("{attr} {} {n}", op.as_str()),
        Atom::IsTrue { .. } => attr,
    }
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
