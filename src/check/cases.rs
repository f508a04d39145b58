//! Inline `test` blocks: tickets checked against the schema like any other
//! rule, expectations checked for names that exist.

use super::names::{unknown, unknown_dept, Decls, NodeRef};
use super::Diags;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Expectation, TestCase};
use crate::syntax::ast::{self, ExpectKind, FieldValue, Ident};
use crate::ticket::{Strictness, Ticket, TicketError};

/// The methods of docs/spec.md §6.
pub(super) const METHODS: [&str; 7] =
    ["direct", "priority", "specific", "residual", "analogy", "disputed", "unclaimed"];

/// Checks every test; returns them resolved.
pub(super) fn tests(diags: &mut Diags, d: &Decls<'_>) -> Vec<TestCase> {
    d.tests.iter().map(|t| test(diags, d, t)).collect()
}

fn test(diags: &mut Diags, d: &Decls<'_>, t: &ast::Test) -> TestCase {
    let mut ticket = serde_json::Map::new();
    let mut seen: Vec<&Ident> = Vec::new();
    for field in &t.ticket {
        if let Some(first) = seen.iter().find(|f| f.text == field.name.text) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    field.name.span,
                    format!("`{}` is given twice in this ticket", field.name.text),
                )
                .with_primary("given again here")
                .with_label(first.span, "first defined here")
                .with_help("a ticket carries one value per attribute; keep one"),
            );
            continue;
        }
        seen.push(&field.name);
        let json = match &field.value {
            FieldValue::Null => continue,
            FieldValue::Number(n) => match serde_json::Number::from_f64(*n) {
                Some(n) => serde_json::Value::Number(n),
                None => {
                    diags.push(
                        Diagnostic::error(
                            Code::Type,
                            field.value_span,
                            format!("the value of `{}` is not a finite number", field.name.text),
                        )
                        .with_primary("too large")
                        .with_help("write a smaller number"),
                    );
                    continue;
                }
            },
            FieldValue::Str(s) | FieldValue::Name(s) => serde_json::Value::String(s.clone()),
            FieldValue::Bool(b) => serde_json::Value::Bool(*b),
            // A ticket's date is a JSON string (docs/spec.md §4).
            FieldValue::Date(date) => serde_json::Value::String(date.to_string()),
        };
        let one = serde_json::Value::Object(serde_json::Map::from_iter([(field.name.text.clone(), json.clone())]));
        match Ticket::from_value(&d.attrs, &one, Strictness::Strict) {
            Ok(_) => {
                ticket.insert(field.name.text.clone(), json);
            }
            Err(TicketError::Unknown { .. }) => unknown(
                diags,
                &field.name,
                format!("the schema declares no attribute `{}`", field.name.text),
                d.attrs.iter().map(|a| a.name.as_str()),
                "declare it in the `schema`, or remove it from the ticket",
            ),
            Err(e) => diags.push(
                Diagnostic::error(Code::Type, field.value_span, e.to_string())
                    .with_primary("does not fit the schema")
                    .with_help("give a value of the attribute's declared type (and from its domain, if it has one)"),
            ),
        }
    }
    let mut expect = Expectation::default();
    let mut given: Vec<(&'static str, crate::source::Span)> = Vec::new();
    for e in &t.expects {
        let kind = match e.kind {
            ExpectKind::Lead(_) => "lead",
            ExpectKind::Assist(_) => "assist",
            ExpectKind::Liaise(_) => "liaise",
            ExpectKind::Item(_) => "item",
            ExpectKind::Method(_) => "method",
            ExpectKind::Score(_) => "score",
            ExpectKind::Deadline(_) => "deadline",
            ExpectKind::Split(_) => "split",
        };
        if let Some((_, first)) = given.iter().find(|(k, _)| *k == kind) {
            diags.push(
                Diagnostic::error(Code::Syntax, e.span, format!("`expect {kind}` is given twice in this test"))
                    .with_primary("given again here")
                    .with_label(*first, "first given here")
                    .with_help(format!("keep one `expect {kind}`")),
            );
            continue;
        }
        given.push((kind, e.span));
        match &e.kind {
            ExpectKind::Lead(id) => {
                if let Some(id) = id {
                    dept(diags, d, id);
                }
                expect.lead = Some(id.as_ref().map(|i| i.text.clone()));
            }
            ExpectKind::Assist(ids) => {
                ids.iter().for_each(|id| dept(diags, d, id));
                expect.assists = Some(ids.iter().map(|i| i.text.clone()).collect());
            }
            ExpectKind::Liaise(ids) => {
                ids.iter().for_each(|id| dept(diags, d, id));
                expect.liaisons = Some(ids.iter().map(|i| i.text.clone()).collect());
            }
            ExpectKind::Item(name) => {
                if let Some(name) = name {
                    match d.nodes.get(&name.text) {
                        Some((NodeRef::Item(_), _)) => {}
                        Some((NodeRef::Matter(_), _)) => diags.push(
                            Diagnostic::error(Code::UnknownName, name.span, format!("`{}` is a matter, not an item", name.text))
                                .with_primary("a matter")
                                .with_help("`expect item` names the winning item; for a residual decision write `expect item none`"),
                        ),
                        None => {
                            let candidates =
                                d.nodes.iter().filter(|(_, (n, _))| matches!(n, NodeRef::Item(_))).map(|(k, _)| k.as_str());
                            unknown(diags, name, format!("there is no item named `{}`", name.text), candidates, "name a declared item, or `none`");
                        }
                    }
                }
                expect.item = Some(name.as_ref().map(|i| i.text.clone()));
            }
            ExpectKind::Method(m) => {
                if !METHODS.contains(&m.text.as_str()) {
                    let help = super::suggest_help(&m.text, METHODS.iter().copied())
                        .unwrap_or_else(|| format!("the methods are {}", METHODS.join(", ")));
                    diags.push(
                        Diagnostic::error(
                            Code::Type,
                            m.span,
                            format!("`{}` is not a method; the methods are {}", m.text, METHODS.join(", ")),
                        )
                        .with_primary("unknown method")
                        .with_help(help),
                    );
                }
                expect.method = Some(m.text.clone());
            }
            ExpectKind::Score(s) => {
                if !(0.0..=1.0).contains(s) {
                    diags.push(
                        Diagnostic::error(Code::Type, e.span, "a score is between 0 and 1")
                            .with_primary("outside [0, 1]")
                            .with_help("proximity scores run from 0 to 1; a direct match scores 1"),
                    );
                }
                expect.score = Some(*s);
            }
            ExpectKind::Deadline(None) => expect.deadline = Some(None),
            ExpectKind::Deadline(Some(dl)) => match u32::try_from(dl.value).ok().filter(|&v| v > 0) {
                Some(value) => expect.deadline = Some(Some(crate::ir::Deadline { value, unit: dl.unit })),
                None => diags.push(
                    Diagnostic::error(Code::Type, e.span, "a deadline is a positive whole number of units")
                        .with_primary("not a positive number")
                        .with_help("write e.g. `expect deadline 5 workdays`, or `expect deadline none`"),
                ),
            },
            ExpectKind::Split(names) => {
                for name in names {
                    if !matches!(d.nodes.get(&name.text), Some((NodeRef::Item(_), _))) {
                        let candidates =
                            d.nodes.iter().filter(|(_, (n, _))| matches!(n, NodeRef::Item(_))).map(|(k, _)| k.as_str());
                        unknown(
                            diags,
                            name,
                            format!("there is no item named `{}`", name.text),
                            candidates,
                            "`expect split` lists the items of the split, in order",
                        );
                    }
                }
                expect.split = Some(names.iter().map(|n| n.text.clone()).collect());
            }
        }
    }
    TestCase { name: t.name.value.clone(), ticket, expect, span: t.span }
}

fn dept(diags: &mut Diags, d: &Decls<'_>, id: &Ident) {
    if !d.dept_ids.contains_key(&id.text) {
        unknown_dept(diags, d, id);
    }
}
