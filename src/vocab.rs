//! The language's small vocabulary, shared by the syntax tree and the
//! validated model: the attribute types, the comparison operators, and how a
//! name or a string is written back as `.rules` text.
//!
//! It sits at the bottom so that `syntax` and `ir` need not know each other:
//! both speak these words, and both printers (`zeren fmt` over the syntax
//! tree, [`crate::ir::print`] over the model) quote the same way.

/// The four attribute types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// Exact values, optionally from a closed domain.
    Symbol,
    /// Free text, matched by keyword.
    Text,
    /// A finite double.
    Number,
    /// `true` or `false`.
    Bool,
}

impl Type {
    /// The keyword that names the type.
    pub fn as_str(self) -> &'static str {
        match self {
            Type::Symbol => "symbol",
            Type::Text => "text",
            Type::Number => "number",
            Type::Bool => "bool",
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A string literal: `"` and `\` escaped (docs/spec.md §2).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Words a bare name cannot be everywhere, so a name spelled like one of them
/// is written as a string (docs/spec.md §2): the words with meaning inside
/// conditions, in English and Chinese; `none`/`无` (no department);
/// `territory`/`属地`, the role word of `lead`, `assist` and `liaise`; and
/// `otherwise`/`否则`, the last line of a `territory` block.
const RESERVED: [&str; 24] = [
    "and",
    "or",
    "not",
    "has",
    "any",
    "all",
    "in",
    "true",
    "false",
    "且",
    "或",
    "非",
    "含",
    "任一",
    "全部",
    "属于",
    "真",
    "假",
    "none",
    "无",
    "territory",
    "属地",
    "otherwise",
    "否则",
];

/// A name as `.rules` text: bare when it is an identifier (a letter or `_`,
/// then letters, digits or `_`) and not a reserved word, else quoted.
pub fn name(s: &str) -> String {
    let mut chars = s.chars();
    let bare = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !RESERVED.contains(&s);
    if bare {
        s.to_string()
    } else {
        quote(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_only_when_they_must_be() {
        assert_eq!(name("预付卡"), "预付卡");
        assert_eq!(name("_x1"), "_x1");
        assert_eq!(name("二手车（含新能源车）"), "\"二手车（含新能源车）\"");
        assert_eq!(name("1a"), "\"1a\"");
        assert_eq!(name("and"), "\"and\"");
        assert_eq!(name("且"), "\"且\"");
        assert_eq!(name("属地"), "\"属地\"");
        assert_eq!(name("属地办"), "属地办");
        assert_eq!(name("金额（元）"), "\"金额（元）\"");
        assert_eq!(name(""), "\"\"");
        assert_eq!(quote(r#"say "hi" \ "#), r#""say \"hi\" \\ ""#);
    }
}
