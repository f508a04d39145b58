//! Inline `test` blocks: tickets checked against the schema like any other
//! rule, expectations checked for names that exist.

use super::names::{unknown, unknown_dept, unknown_item, Decls, NodeRef};
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
                    crate::tr!("cases-is-given-twice-in-this", field_name = field.name.text),
                )
                .with_primary(crate::tr!("names-given-again-here"))
                .with_label(first.span, crate::tr!("names-first-defined-here"))
                .with_help(crate::tr!("cases-a-ticket-carries-one-value")),
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
                            crate::tr!("cases-the-value-of-is-not", field_name = field.name.text),
                        )
                        .with_primary(crate::tr!("cases-too-large"))
                        .with_help(crate::tr!("cases-write-a-smaller-number")),
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
                crate::tr!("cases-the-schema-declares-no-attribute", field_name = field.name.text),
                d.attrs.iter().map(|a| a.name.as_str()),
                crate::tr!("cases-declare-it-in-the-schema"),
            ),
            Err(e) => diags.push(
                Diagnostic::error(Code::Type, field.value_span, crate::i18n::Text::raw(e.to_string()))
                    .with_primary(crate::tr!("cases-does-not-fit-the-schema"))
                    .with_help(crate::tr!("cases-give-a-value-of-the")),
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
                Diagnostic::error(Code::Syntax, e.span, crate::tr!("cases-expect-is-given-twice-in", kind = kind))
                    .with_primary(crate::tr!("names-given-again-here"))
                    .with_label(*first, crate::tr!("names-first-given-here"))
                    .with_help(crate::tr!("cases-keep-one-expect", kind = kind)),
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
                            Diagnostic::error(
                                Code::UnknownName,
                                name.span,
                                crate::tr!("cases-is-a-matter-not-an", name = name.text),
                            )
                            .with_primary(crate::tr!("cases-a-matter"))
                            .with_help(crate::tr!("cases-expect-item-names-the-winning")),
                        ),
                        None => unknown_item(diags, d, name, crate::tr!("cases-name-a-declared-item-or")),
                    }
                }
                expect.item = Some(name.as_ref().map(|i| i.text.clone()));
            }
            ExpectKind::Method(m) => {
                if !METHODS.contains(&m.text.as_str()) {
                    let help = super::suggest_help(&m.text, METHODS.iter().copied())
                        .unwrap_or_else(|| crate::tr!("cases-the-methods-are", methods = METHODS.join(", ")));
                    diags.push(
                        Diagnostic::error(
                            Code::Type,
                            m.span,
                            crate::tr!("cases-is-not-a-method-the", m = m.text, methods_join = METHODS.join(", ")),
                        )
                        .with_primary(crate::tr!("cases-unknown-method"))
                        .with_help(help),
                    );
                }
                expect.method = Some(m.text.clone());
            }
            ExpectKind::Score(s) => {
                if !(0.0..=1.0).contains(s) {
                    diags.push(
                        Diagnostic::error(Code::Type, e.span, crate::tr!("cases-a-score-is-between-0"))
                            .with_primary(crate::tr!("cases-outside-0-1"))
                            .with_help(crate::tr!("cases-proximity-scores-run-from-0")),
                    );
                }
                expect.score = Some(*s);
            }
            ExpectKind::Deadline(None) => expect.deadline = Some(None),
            ExpectKind::Deadline(Some(dl)) => match u32::try_from(dl.value).ok().filter(|&v| v > 0) {
                Some(value) => expect.deadline = Some(Some(crate::ir::Deadline { value, unit: dl.unit })),
                None => diags.push(
                    Diagnostic::error(Code::Type, e.span, crate::tr!("cases-deadline-positive"))
                        .with_primary(crate::tr!("dated-not-positive"))
                        .with_help(crate::tr!("cases-deadline-help")),
                ),
            },
            ExpectKind::Split(names) => {
                for name in names {
                    if !matches!(d.nodes.get(&name.text), Some((NodeRef::Item(_), _))) {
                        unknown_item(diags, d, name, crate::tr!("cases-expect-split-lists-the-items"));
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
