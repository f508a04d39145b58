//! Test cases: inline `test` blocks and case files, compared with decisions.
//!
//! A case is a ticket plus an [`Expectation`]; only the fields the case names
//! are compared. Used by `zeren test` and by the invariant checks of the
//! `testing` feature.

use crate::decision::Decision;
use crate::engine::Engine;
use crate::ir::{Expectation, RuleSet};
use crate::ticket::{Strictness, Ticket, TicketError};

/// Scores within this distance of an `expect score` pass.
pub const SCORE_EPSILON: f64 = 1e-6;

/// One test case, inline or from a case file.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// The ticket, as JSON.
    pub ticket: serde_json::Value,
    /// What is expected.
    pub expect: Expectation,
    /// Where the case is written, for a failure to point at: the `test`
    /// block of an inline case, the line of a case file (filled in by
    /// whoever reads the file; `None` when unknown).
    #[serde(skip)]
    pub at: Option<At>,
}

/// A file and a 1-based line: `rules/预付卡.rules:42`, as editors and
/// terminals link it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    /// The file, as given on the command line.
    pub file: String,
    /// The line, counted from 1.
    pub line: u64,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A field that differs from what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// The decision field (`lead`, `assists`, …).
    pub field: &'static str,
    /// What the case expects.
    pub expected: String,
    /// What routing gave.
    pub actual: String,
}

/// The cases of the rule set's inline `test` blocks, each at the line of
/// its `test` keyword.
///
/// ```
/// let rules = zeren::load::load_str("a.rules", r#"
///   schema { text: text }
///   department a
///   item x { when text has "k" lead a }
///   test "k goes to a" { ticket { text: "k" } expect lead a }
/// "#)?;
/// let case = &zeren::suite::inline_cases(&rules)[0];
/// assert_eq!(case.name, "k goes to a");
/// assert_eq!(case.at.as_ref().map(|at| at.to_string()).as_deref(), Some("a.rules:5"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inline_cases(rules: &RuleSet) -> Vec<Case> {
    rules
        .tests
        .iter()
        .map(|t| {
            let place = rules.sources.locate(t.span);
            Case {
                name: t.name.clone(),
                ticket: serde_json::Value::Object(t.ticket.clone()),
                expect: t.expect.clone(),
                at: Some(At { file: place.path.to_string(), line: place.line as u64 }),
            }
        })
        .collect()
}

/// Validates a case's ticket against the schema.
pub fn case_ticket(rules: &RuleSet, case: &Case) -> Result<Ticket, TicketError> {
    Ticket::from_value(&rules.attrs, &case.ticket, Strictness::Strict)
}

/// Routes a case with the compiled matcher, as production routes it, and
/// compares.
///
/// ```
/// let engine = zeren::Engine::from_str("a.rules", r#"
///   schema { text: text }
///   department a
///   item x { when text has "k" lead a }
///   test "k goes to a" { ticket { text: "k" } expect lead b }
/// "#);
/// assert!(engine.is_err()); // `b` is not a department: tests are checked at load time
/// let engine = zeren::Engine::from_str("a.rules", r#"
///   schema { text: text }
///   department a
///   department b
///   item x { when text has "k" lead a }
///   test "k goes to b" { ticket { text: "k" } expect lead b }
/// "#)?;
/// let case = &zeren::suite::inline_cases(engine.rule_set())[0];
/// let (_, mismatches) = zeren::suite::run_case(&engine, case)?;
/// assert_eq!(mismatches[0].field, "lead");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_case(engine: &Engine, case: &Case) -> Result<(Decision, Vec<Mismatch>), TicketError> {
    let ticket = case_ticket(engine.rule_set(), case)?;
    let decision = engine.decide(&mut engine.create_cache(), &ticket);
    let mismatches = compare(&case.expect, &decision);
    Ok((decision, mismatches))
}

/// The fields of `decision` that differ from `expect`.
///
/// ```
/// use zeren::ir::Expectation;
/// let expect = Expectation { method: Some("direct".into()), ..Default::default() };
/// let rules = zeren::load::load_str("a.rules", r#"
///   schema { text: text }
///   department a
///   item x { when text has "k" lead a }
/// "#)?;
/// let ticket = zeren::ticket::Ticket::from_json(&rules.attrs, r#"{"text": "k"}"#, Default::default())?;
/// let decision = zeren::matcher::reference::route(&rules, &ticket);
/// assert!(zeren::suite::compare(&expect, &decision).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(expect: &Expectation, decision: &Decision) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
    let list = |v: &[String]| format!("[{}]", v.join(", "));
    if let Some(lead) = &expect.lead {
        if lead != &decision.lead {
            out.push(Mismatch { field: "lead", expected: show(lead), actual: show(&decision.lead) });
        }
    }
    if let Some(assists) = &expect.assists {
        if assists != &decision.assists {
            out.push(Mismatch { field: "assists", expected: list(assists), actual: list(&decision.assists) });
        }
    }
    if let Some(liaisons) = &expect.liaisons {
        if liaisons != &decision.liaisons {
            out.push(Mismatch { field: "liaisons", expected: list(liaisons), actual: list(&decision.liaisons) });
        }
    }
    if let Some(item) = &expect.item {
        if item != &decision.item {
            out.push(Mismatch { field: "item", expected: show(item), actual: show(&decision.item) });
        }
    }
    if let Some(method) = &expect.method {
        if method != decision.method.as_str() {
            out.push(Mismatch { field: "method", expected: method.clone(), actual: decision.method.to_string() });
        }
    }
    if let Some(score) = expect.score {
        if (score - decision.score).abs() > SCORE_EPSILON {
            out.push(Mismatch { field: "score", expected: score.to_string(), actual: decision.score.to_string() });
        }
    }
    if let Some(deadline) = &expect.deadline {
        // Compared as written: `2 days` is not `48 hours` (the unit is part
        // of what a department is told).
        if deadline != &decision.deadline {
            let show = |d: &Option<crate::ir::Deadline>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
            out.push(Mismatch { field: "deadline", expected: show(deadline), actual: show(&decision.deadline) });
        }
    }
    if let Some(split) = &expect.split {
        let actual: Vec<String> = decision.split.iter().map(|p| p.item.clone()).collect();
        if split != &actual {
            out.push(Mismatch { field: "split", expected: list(split), actual: list(&actual) });
        }
    }
    out
}

/// The departments and items a case's expectation names that the rule set
/// does not declare: an error in the case file, not a failed test
/// (docs/spec.md §7). Empty when every name exists.
///
/// ```
/// let rules = zeren::load::load_str("a.rules", "schema { f: bool }\ndepartment d\nitem x { when f lead d }")?;
/// let case: zeren::suite::Case = serde_json::from_str(
///     r#"{"name": "n", "ticket": {"f": true}, "expect": {"lead": "e", "split": ["x", "y"]}}"#)?;
/// assert_eq!(zeren::suite::unknown_names(&rules, &case), ["department `e`", "item `y`"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn unknown_names(rules: &RuleSet, case: &Case) -> Vec<String> {
    let e = &case.expect;
    let depts = e.lead.iter().flatten().chain(e.assists.iter().flatten()).chain(e.liaisons.iter().flatten());
    let items = e.item.iter().flatten().chain(e.split.iter().flatten());
    depts
        .filter(|d| rules.dept_id(d).is_none())
        .map(|d| format!("department `{d}`"))
        .chain(items.filter(|i| rules.item_id(i).is_none()).map(|i| format!("item `{i}`")))
        .collect()
}
