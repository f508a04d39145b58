//! Reading tickets from files: the one reader behind `zeren route --tickets`,
//! `zeren test --cases`, `zeren diff --tickets` and `zeren replay`.
//!
//! JSON lines or CSV cells typed by the schema. Every reader here agrees on
//! the same things, so a file that one command accepts the others accept too:
//!
//! * a byte-order mark at the start of a line is dropped (spreadsheet
//!   exports begin with one);
//! * `\r\n` line ends are read like `\n`;
//! * blank lines and lines starting with `#` are skipped, and line numbers
//!   count every physical line, skipped ones included, from 1;
//! * a ticket's `id` (or a decision log's `decision_id`) is carried through,
//!   never mistaken for an attribute unless the schema declares one;
//! * a decision-log line (`{"decision_id": …, "ticket": {…}, …}`, as
//!   `zeren serve --decision-log` writes) is read as its `ticket`.

use crate::ir::{Attr, AttrId, RuleSet, Type};
use crate::ticket::{OwnedValue, Strictness, Ticket, TicketError};
use std::io::BufRead;

/// The field that names a ticket.
pub const ID_FIELD: &str = "id";
/// The field that tells whether a ticket was returned (退单) by the
/// department it was sent to.
pub const RETURNED_FIELD: &str = "returned";
/// The field a decision log names its entries by.
const DECISION_ID_FIELD: &str = "decision_id";

/// A `--map` that cannot be used: written wrong, or naming an attribute or a
/// column that does not exist (with the nearest name, when one is close).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    /// A pair that is not `COLUMN=ATTRIBUTE`.
    #[error("`{pair}` is not COLUMN=ATTRIBUTE")]
    Syntax {
        /// The pair as written.
        pair: String,
    },
    /// A rename to something that is not an attribute, `id` or `returned`.
    #[error("`--map {from}={to}`: `{to}` is not an attribute; {hint}")]
    UnknownAttribute {
        /// The column.
        from: String,
        /// The attribute it was renamed to.
        to: String,
        /// The nearest attribute, or the ones there are.
        hint: String,
    },
    /// A rename of a column the header does not have.
    #[error("`--map`: the header has no column `{column}`; {hint}")]
    UnknownColumn {
        /// The column.
        column: String,
        /// The nearest column, or the ones there are.
        hint: String,
    },
}

/// The lines of `reader` that hold content, numbered from 1 as an editor
/// numbers them: blank and `#` lines skipped, a byte-order mark and the
/// line end dropped, surrounding whitespace trimmed. A line that cannot be
/// read (not UTF-8) comes back as its error, with its number.
///
/// ```
/// let text = "\u{feff}{\"a\": 1}\r\n\r\n# note\r\n  {\"b\": 2}  \r\n";
/// let lines: Vec<(u64, String)> = zeren::input::lines(text.as_bytes())
///     .map(|(n, l)| l.map(|l| (n, l)))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(lines, [(1, "{\"a\": 1}".to_string()), (4, "{\"b\": 2}".to_string())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn lines<R: BufRead>(reader: R) -> impl Iterator<Item = (u64, std::io::Result<String>)> {
    reader.lines().zip(1u64..).filter_map(|(line, n)| match line {
        Err(e) => Some((n, Err(e))),
        Ok(text) => {
            let content = text.trim_start_matches('\u{feff}').trim();
            (!content.is_empty() && !content.starts_with('#')).then(|| (n, Ok(content.to_string())))
        }
    })
}

/// `--map 诉求内容=text,诉求分类=category`: column (or JSON key) renames, in
/// the order given.
///
/// ```
/// let map = zeren::input::parse_map("诉求内容=text, 诉求分类=category")?;
/// assert_eq!(map, [("诉求内容".to_string(), "text".to_string()), ("诉求分类".to_string(), "category".to_string())]);
/// assert!(zeren::input::parse_map("诉求内容").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_map(spec: &str) -> Result<Vec<(String, String)>, MapError> {
    let mut out = Vec::new();
    for pair in spec.split([',', '，']).map(str::trim).filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                out.push((from.trim().to_string(), to.trim().to_string()))
            }
            _ => return Err(MapError::Syntax { pair: pair.to_string() }),
        }
    }
    Ok(out)
}

/// Checks that every rename targets an attribute of the schema, `id` or
/// `returned`, suggesting the nearest name otherwise.
///
/// ```
/// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
/// assert!(zeren::input::check_map(&rules, &[("内容".into(), "text".into())]).is_ok());
/// let err = zeren::input::check_map(&rules, &[("内容".into(), "txt".into())]).err().ok_or("accepted")?;
/// assert!(err.to_string().contains("did you mean `text`?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_map(rules: &RuleSet, map: &[(String, String)]) -> Result<(), MapError> {
    for (from, to) in map {
        if rules.attr(to).is_none() && to != ID_FIELD && to != RETURNED_FIELD {
            let mut names: Vec<&str> = rules.attrs.iter().map(|a| a.name.as_str()).collect();
            names.extend([ID_FIELD, RETURNED_FIELD]);
            let hint = match crate::suggest::closest(to, names.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the schema declares {}, and `{ID_FIELD}` and `{RETURNED_FIELD}` are understood too",
                    names[..names.len() - 2].join(", ")
                ),
            };
            return Err(MapError::UnknownAttribute { from: from.clone(), to: to.clone(), hint });
        }
    }
    Ok(())
}

/// One ticket read from the export, before routing.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The 1-based line (for CSV: the line the record starts on).
    pub line: u64,
    /// The ticket's `id`, if it carries one.
    pub id: Option<String>,
    /// Whether it was returned, if the export says.
    pub returned: Option<bool>,
    /// The ticket, validated against the schema (undeclared fields ignored).
    pub ticket: Ticket,
}

/// Reads one JSON line: `Ok(None)` for a blank or `#` comment line.
/// Attributes the schema does not declare are ignored (exports carry extra
/// fields); `id` and `returned` are kept for the summary. A decision-log
/// line is read as its `ticket`, named by its `decision_id`.
///
/// ```
/// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
/// let input = zeren::input::json_input(&rules, &[], 3, r#"{"id": "T1", "text": "k", "returned": true, "坐席": 7}"#)?.ok_or("a comment line")?;
/// assert_eq!((input.id.as_deref(), input.returned), (Some("T1"), Some(true)));
/// assert!(zeren::input::json_input(&rules, &[], 4, "# a comment")?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json_input(
    rules: &RuleSet,
    map: &[(String, String)],
    line: u64,
    text: &str,
) -> Result<Option<Input>, TicketError> {
    json_input_with(rules, map, line, text, Strictness::Lenient)
}

/// How a bad line is quoted to a person: its id when one can be read, then
/// the start of its content (60 characters at most), so the line can be
/// found in the export whatever was wrong with it.
///
/// ```
/// assert_eq!(zeren::input::quote_line(r#"{"id": "T2", "text": 1}"#), r#"T2 · {"id": "T2", "text": 1}"#);
/// assert_eq!(zeren::input::quote_line("not json"), "not json");
/// assert!(zeren::input::quote_line(&"长".repeat(100)).ends_with("长…"));
/// ```
pub fn quote_line(text: &str) -> String {
    const SHOWN: usize = 60;
    let text = text.trim_start_matches('\u{feff}').trim();
    let id = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get(ID_FIELD).or_else(|| v.get(DECISION_ID_FIELD)).and_then(id_text));
    let mut content: String = text.chars().take(SHOWN).collect();
    if text.chars().nth(SHOWN).is_some() {
        content.push('…');
    }
    match id {
        Some(id) => format!("{id} · {content}"),
        None => content,
    }
}

/// [`json_input`] with the chosen strictness: `Strict` rejects attributes the
/// schema does not declare (as `zeren route` does), except the `id` and
/// `returned` fields, which name and describe the ticket.
///
/// ```
/// use zeren::ticket::Strictness;
/// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
/// let input = zeren::input::json_input_with(&rules, &[], 1, r#"{"id": "T1", "text": "k"}"#, Strictness::Strict)?;
/// assert_eq!(input.ok_or("a comment line")?.id.as_deref(), Some("T1"));
/// assert!(zeren::input::json_input_with(&rules, &[], 1, r#"{"txt": "k"}"#, Strictness::Strict).is_err());
/// let log = r#"{"decision_id": "d-7", "ticket": {"text": "k"}, "decision": {}}"#;
/// let input = zeren::input::json_input_with(&rules, &[], 1, log, Strictness::Strict)?.ok_or("a comment line")?;
/// assert_eq!(input.id.as_deref(), Some("d-7"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn json_input_with(
    rules: &RuleSet,
    map: &[(String, String)],
    line: u64,
    text: &str,
    strictness: Strictness,
) -> Result<Option<Input>, TicketError> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() || text.starts_with('#') {
        return Ok(None);
    }
    let mut value = crate::ticket::parse_json(text)?;
    // A decision-log line: the ticket is inside, named by the decision's id.
    let logged_id = match &mut value {
        serde_json::Value::Object(obj) if matches!(obj.get("ticket"), Some(serde_json::Value::Object(_))) => {
            let id = obj.get(DECISION_ID_FIELD).and_then(id_text);
            value = obj.remove("ticket").unwrap_or_default();
            id
        }
        _ => None,
    };
    if let (false, serde_json::Value::Object(obj)) = (map.is_empty(), &mut value) {
        let renamed = std::mem::take(obj).into_iter().map(|(k, v)| match map.iter().find(|(from, _)| *from == k) {
            Some((_, to)) => (to.clone(), v),
            None => (k, v),
        });
        *obj = renamed.collect();
    }
    let id = value.get(ID_FIELD).and_then(id_text).or(logged_id);
    let returned = match value.get(RETURNED_FIELD) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Bool(b)) => Some(*b),
        Some(serde_json::Value::String(s)) => Some(parse_bool(s).ok_or_else(|| not_a_bool(s))?),
        Some(serde_json::Value::Number(n)) => {
            Some(parse_bool(&n.to_string()).ok_or_else(|| not_a_bool(&n.to_string()))?)
        }
        Some(_) => return Err(not_a_bool("a list or an object")),
    };
    if let (Strictness::Strict, serde_json::Value::Object(obj)) = (strictness, &mut value) {
        // Naming fields are not attributes unless the schema says they are.
        for field in [ID_FIELD, RETURNED_FIELD] {
            if rules.attr(field).is_none() {
                obj.remove(field);
            }
        }
    }
    let ticket = Ticket::from_value(&rules.attrs, &value, strictness)?;
    Ok(Some(Input { line, id, returned, ticket }))
}

fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn not_a_bool(found: &str) -> TicketError {
    TicketError::WrongType { attr: RETURNED_FIELD.to_string(), ty: "bool", found: format!("`{found}`") }
}

/// What a CSV column holds, resolved once from the header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// An attribute of the schema.
    Attr(AttrId),
    /// The ticket's id.
    Id,
    /// Whether the ticket was returned.
    Returned,
    /// Nothing the rules know: ignored.
    Ignored,
}

/// Resolves the header row: a column is renamed by `map` first, then taken
/// as the attribute (or `id` / `returned`) of that name or schema label;
/// anything else is ignored. Every source column of `map` must be in the header.
///
/// ```
/// use zeren::input::{columns, Column};
/// # let rules = zeren::load::load_str("r.rules", "schema { text: text } department a item x { when text has \"k\" lead a }")?;
/// let map = [("诉求内容".to_string(), "text".to_string())];
/// let cols = columns(&rules, &map, &["工单编号", "诉求内容", "id"])?;
/// assert_eq!(cols, [Column::Ignored, Column::Attr(rules.attr("text").ok_or("no text")?), Column::Id]);
/// assert!(columns(&rules, &map, &["内容"]).is_err());
/// // A column named by the attribute's label needs no mapping (v2).
/// # let labelled = zeren::load::load_str("r.rules", "schema { text \"诉求内容\": text } department a item x { when text has \"k\" lead a }")?;
/// let cols = columns(&labelled, &[], &["诉求内容"])?;
/// assert_eq!(cols, [Column::Attr(labelled.attr("text").ok_or("no text")?)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn columns(rules: &RuleSet, map: &[(String, String)], header: &[&str]) -> Result<Vec<Column>, MapError> {
    if let Some((from, _)) = map.iter().find(|(from, _)| !header.iter().any(|h| h.trim() == from)) {
        let names: Vec<&str> = header.iter().map(|h| h.trim()).collect();
        let hint = match crate::suggest::closest(from, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the columns are: {}", names.join(", ")),
        };
        return Err(MapError::UnknownColumn { column: from.clone(), hint });
    }
    Ok(header
        .iter()
        .map(|h| {
            let h = h.trim();
            let name = map.iter().find(|(from, _)| from == h).map_or(h, |(_, to)| to.as_str());
            // A column may carry the attribute's name or, as exports from the
            // hotline's own system usually do, its schema label (docs/spec.md §3).
            let by_label = || rules.attr_ids().find(|&a| rules.attribute(a).label.as_deref() == Some(name));
            match rules.attr(name).or_else(by_label) {
                Some(a) => Column::Attr(a),
                None if name == ID_FIELD => Column::Id,
                None if name == RETURNED_FIELD => Column::Returned,
                None => Column::Ignored,
            }
        })
        .collect())
}

/// Reads one CSV record whose columns were resolved by [`columns`]. Cells
/// are typed by the schema (see [`cell_value`]); an empty cell is a missing
/// value; a record shorter than the header lacks its last values.
///
/// ```
/// use zeren::input::{columns, csv_input};
/// # let rules = zeren::load::load_str("r.rules", "schema { text: text  amount: number  online: bool } department a item x { when text has \"k\" lead a }")?;
/// let cols = columns(&rules, &[], &["text", "amount", "online", "returned"])?;
/// let input = csv_input(&rules, &cols, 2, &["k", "1,200", "是", "否"])?;
/// assert_eq!(input.returned, Some(false));
/// assert!(csv_input(&rules, &cols, 3, &["k", "很多", "", ""]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn csv_input(rules: &RuleSet, columns: &[Column], line: u64, cells: &[&str]) -> Result<Input, TicketError> {
    let mut ticket = Ticket::default();
    let (mut id, mut returned) = (None, None);
    for (column, cell) in columns.iter().zip(cells) {
        match column {
            Column::Attr(a) => {
                if let Some(v) = cell_value(rules.attribute(*a), cell)? {
                    ticket.set(&rules.attrs, *a, v)?;
                }
            }
            Column::Id if !cell.trim().is_empty() => id = Some(cell.trim().to_string()),
            Column::Returned if !cell.trim().is_empty() => {
                returned = Some(parse_bool(cell).ok_or_else(|| not_a_bool(cell))?)
            }
            Column::Id | Column::Returned | Column::Ignored => {}
        }
    }
    Ok(Input { line, id, returned, ticket })
}

/// Types one CSV cell by its attribute: `None` for an empty cell; numbers
/// may carry thousands separators (`1,200`); bools are `true`/`false`,
/// `是`/`否`, `1`/`0` (and `yes`/`no`, any case). A symbol outside a closed
/// domain is rejected later, by [`Ticket::set`].
///
/// ```
/// # let rules = zeren::load::load_str("r.rules", "schema { amount: number } department a item x { when amount > 1 lead a }")?;
/// use zeren::ticket::OwnedValue;
/// let amount = &rules.attrs[0];
/// assert_eq!(zeren::input::cell_value(amount, " 1,200.5 ")?, Some(OwnedValue::Number(1200.5)));
/// assert_eq!(zeren::input::cell_value(amount, "")?, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cell_value(attr: &Attr, cell: &str) -> Result<Option<OwnedValue>, TicketError> {
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let wrong =
        || TicketError::WrongType { attr: attr.name.clone(), ty: attr.ty.as_str(), found: format!("`{trimmed}`") };
    Ok(Some(match attr.ty {
        Type::Symbol => OwnedValue::Symbol(trimmed.to_string()),
        // Free text keeps its inner spacing; only the cell's edges are trimmed.
        Type::Text => OwnedValue::Text(trimmed.to_string()),
        Type::Number => {
            let n: f64 = trimmed.replace([',', '，'], "").parse().map_err(|_| wrong())?;
            if !n.is_finite() {
                return Err(TicketError::NotFinite { attr: attr.name.clone() });
            }
            OwnedValue::Number(n)
        }
        Type::Bool => OwnedValue::Bool(parse_bool(trimmed).ok_or_else(wrong)?),
        Type::Date => OwnedValue::Date(
            crate::ticket::ticket_date(trimmed)
                .ok_or_else(|| TicketError::NotADate { attr: attr.name.clone(), value: trimmed.to_string() })?,
        ),
    }))
}

/// `true`/`false`, `是`/`否`, `1`/`0`, `yes`/`no` (any case, trimmed).
///
/// ```
/// assert_eq!(zeren::input::parse_bool("是"), Some(true));
/// assert_eq!(zeren::input::parse_bool(" FALSE "), Some(false));
/// assert_eq!(zeren::input::parse_bool("也许"), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "是" | "1" | "yes" | "y" => Some(true),
        "false" | "否" | "0" | "no" | "n" => Some(false),
        _ => None,
    }
}
