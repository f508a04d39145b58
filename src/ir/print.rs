//! Conditions of the validated model written back as `.rules` text: the one
//! printer that explanations, the handbook, charts and `diff` share. Names
//! and keywords are quoted and escaped as `zeren fmt` writes them
//! ([`crate::vocab`]), so a keyword `say "hi"` prints as `"say \"hi\""`.

use super::{Atom, Cond, Date, RuleSet, Type, Value};
use crate::vocab::{name, quote};

/// How attributes are named in printed conditions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Names {
    /// As declared: the text reads back as `.rules`.
    Declared,
    /// By the schema's label where one is given (v2), for people.
    Labels,
}

/// An atom in `.rules` syntax.
pub fn atom_text(rules: &RuleSet, atom: &Atom) -> String {
    atom_with(rules, atom, Names::Declared)
}

fn atom_with(rules: &RuleSet, atom: &Atom, names: Names) -> String {
    let declared = rules.attribute(atom.attr());
    let attr = match (&declared.label, names) {
        (Some(label), Names::Labels) => name(label),
        _ => name(&declared.name),
    };
    let is_date = declared.ty == Type::Date;
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
    cond_with(rules, cond, Names::Declared)
}

/// A condition as [`cond_text`] writes it, with each attribute named by its
/// schema label where it has one (`诉求内容 has "噪音"` for `text "诉求内容":
/// text`): the form for people who never read the schema (the handbook).
///
/// ```
/// let rules = zeren::load::load_str("a.rules", r#"
///   schema { text "诉求内容": text  amount "金额（元）": number }
///   department a
///   item x { when text has "k" and amount > 10 lead a }
/// "#)?;
/// let text = zeren::ir::print::cond_label_text(&rules, &rules.items[0].effective);
/// assert_eq!(text, r#"诉求内容 has "k" and "金额（元）" > 10"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cond_label_text(rules: &RuleSet, cond: &Cond) -> String {
    cond_with(rules, cond, Names::Labels)
}

fn cond_with(rules: &RuleSet, cond: &Cond, names: Names) -> String {
    let wrap = |c: &Cond| match c {
        Cond::Atom(_) | Cond::Not(_) => cond_with(rules, c, names),
        _ => format!("({})", cond_with(rules, c, names)),
    };
    match cond {
        Cond::Atom(a) => atom_with(rules, a, names),
        Cond::Not(c) => format!("not {}", wrap(c)),
        Cond::And(ops) => ops.iter().map(wrap).collect::<Vec<_>>().join(" and "),
        Cond::Or(ops) => ops.iter().map(wrap).collect::<Vec<_>>().join(" or "),
    }
}
