//! The JSON Schema of a ticket (SPEC §7 `zeren schema`): what a system that
//! sends tickets may put in one, as JSON Schema draft 2020-12.
//!
//! The schema says what [`Ticket::from_json`](crate::ticket::Ticket::from_json)
//! accepts in strict mode: an object whose keys are declared attributes, each
//! of the JSON type its attribute's type maps to, a closed domain as an
//! `enum`, and `null` for a missing value. What JSON Schema cannot say is left
//! to the reader: a key given twice, and numbers that are not finite.
//!
//! ```
//! let set = zeren::load::load_str("a.rules", r#"
//!     ruleset "城市清单" version "3"
//!     schema { category: symbol [噪音, 物业]  text: text  amount: number  urgent: bool }
//!     department d
//!     item x { when urgent lead d }
//! "#)?;
//! let schema = zeren::schema::json_schema(&set);
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(schema["properties"]["category"]["enum"], serde_json::json!(["噪音", "物业", null]));
//! assert_eq!(schema["properties"]["amount"]["type"], serde_json::json!(["number", "null"]));
//! assert_eq!(schema["additionalProperties"], false);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::ir::RuleSet;
use crate::ir::Type;
use serde_json::{json, Map, Value};

/// The draft the schema is written in.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of a ticket for this rule set. `x-zeren-order` lists the
/// attributes in schema order (JSON objects have none).
///
/// ```
/// let set = zeren::load::load_str("a.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }")?;
/// let schema = zeren::schema::json_schema(&set);
/// assert_eq!(schema["type"], "object");
/// assert_eq!(schema["x-zeren-order"], serde_json::json!(["f"]));
/// assert_eq!(schema["properties"]["f"]["type"], serde_json::json!(["boolean", "null"]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json_schema(rules: &RuleSet) -> Value {
    let mut properties = Map::new();
    for attr in &rules.attrs {
        let mut prop = Map::new();
        let (ty, what) = match attr.ty {
            Type::Symbol => ("string", "symbol：取值之一（精确匹配）"),
            Type::Text => ("string", "text：自由文本，按关键词匹配"),
            Type::Number => ("number", "number：数值"),
            Type::Bool => ("boolean", "bool：是或否"),
            Type::Date => ("string", "date：日期 YYYY-MM-DD，可带时间，只取日期"),
        };
        // `null` is how a ticket says an attribute is missing (SPEC §6).
        prop.insert("type".into(), json!([ty, "null"]));
        if let Some(domain) = &attr.domain {
            let mut values: Vec<Value> = domain.iter().map(|v| Value::String(v.clone())).collect();
            values.push(Value::Null);
            prop.insert("enum".into(), Value::Array(values));
        }
        if attr.ty == Type::Date {
            // docs/spec.md §8a: a date, optionally with a time and a zone.
            prop.insert("pattern".into(), Value::String(DATE_PATTERN.into()));
        }
        if let Some((lo, hi)) = attr.range {
            for (key, bound) in [("minimum", lo), ("maximum", hi)] {
                if let Some(n) = bound.and_then(serde_json::Number::from_f64) {
                    prop.insert(key.into(), Value::Number(n));
                }
            }
        }
        // The label (v2) is the attribute's name for people.
        prop.insert("title".into(), Value::String(attr.label.clone().unwrap_or_else(|| attr.name.clone())));
        prop.insert("description".into(), Value::String(what.to_string()));
        // The zeren type, for generated forms: a `symbol` and a `text` are both strings in JSON.
        prop.insert("x-zeren-type".into(), Value::String(type_name(attr.ty).to_string()));
        properties.insert(attr.name.clone(), Value::Object(prop));
    }
    let title = match (&rules.name, &rules.version) {
        (Some(n), Some(v)) => format!("{n} {v} 工单"),
        (Some(n), None) => format!("{n} 工单"),
        _ => "工单".to_string(),
    };
    json!({
        "$schema": DIALECT,
        "title": title,
        "description": "一张工单：每个键是清单 schema 中声明的属性；null 表示缺失。",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        // JSON objects have no order; generated forms list the attributes as the schema block does.
        "x-zeren-order": rules.attrs.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
    })
}

/// The `.rules` spelling of a type.
///
/// ```
/// assert_eq!(zeren::schema::type_name(zeren::ir::Type::Text), "text");
/// ```
pub fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::Symbol => "symbol",
        Type::Text => "text",
        Type::Number => "number",
        Type::Bool => "bool",
        Type::Date => "date",
    }
}

/// The shape of a ticket's date (docs/spec.md §8a); whether the day exists
/// is checked when the ticket is read.
const DATE_PATTERN: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?)?$";
