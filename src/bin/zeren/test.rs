//! `zeren test`: inline `test` blocks and case files.

use crate::out::Out;
use crate::Outcome;
use std::collections::BTreeSet;
use std::path::PathBuf;
use zeren::ir::RuleSet;
use zeren::suite::{self, Case};

/// Arguments of `zeren test`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories.
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    /// A case file: one `{"name", "ticket", "expect"}` object per line.
    #[arg(long)]
    cases: Vec<PathBuf>,
    /// List the items no test routes to.
    #[arg(long)]
    coverage: bool,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let engine = match crate::engine(&args.rules) {
        Ok(e) => e,
        Err(o) => return o,
    };
    let rules = engine.rule_set();
    let mut cases = suite::inline_cases(rules);
    for path in &args.cases {
        match read_cases(path) {
            Ok(more) => {
                // A name that does not exist is the case file's error, not a failure.
                for case in &more {
                    let unknown = suite::unknown_names(rules, case);
                    if !unknown.is_empty() {
                        crate::out::error(zeren::tr!(
                            "test-unknown-names",
                            path = path.display().to_string(),
                            name = case.name,
                            names = unknown.join(", ")
                        ));
                        return Outcome::Unusable;
                    }
                }
                cases.extend(more);
            }
            Err(message) => {
                crate::out::error(message);
                return Outcome::Unusable;
            }
        }
    }
    let (mut passed, mut failed, mut unusable) = (0usize, 0usize, 0usize);
    let mut covered = BTreeSet::new();
    for case in &cases {
        match suite::run_case(&engine, case) {
            Ok((decision, mismatches)) => {
                if let Some(item) = &decision.item {
                    covered.insert(item.clone());
                }
                if mismatches.is_empty() {
                    passed += 1;
                    continue;
                }
                failed += 1;
                out.println(crate::out::say(zeren::tr!("test-fail", name = case.name, at = at(case))));
                for m in &mismatches {
                    out.println(crate::out::say(zeren::tr!(
                        "test-mismatch",
                        field = m.field,
                        expected = m.expected.to_string(),
                        actual = m.actual.to_string()
                    )));
                }
                if let Ok(ticket) = suite::case_ticket(rules, case) {
                    let (decision, trace) = engine.route_traced(&ticket);
                    let lang = crate::out::lang();
                    let text = zeren::explain::explain_in(engine.rule_set(), &ticket, &decision, &trace, lang);
                    for line in text.lines() {
                        out.println(format_args!("  | {line}"));
                    }
                }
            }
            Err(e) => {
                unusable += 1;
                out.println(crate::out::say(zeren::tr!(
                    "test-fail-bad-ticket",
                    name = case.name,
                    at = at(case),
                    error = e.to_string()
                )));
            }
        }
    }
    if args.coverage {
        print_coverage(out, rules, &covered);
    }
    out.println(crate::out::say(zeren::tr!("test-summary", passed = passed, failed = failed + unusable)));
    if failed + unusable > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

/// ` (rules/a.rules:12)`: where the case is written, so a failure can be
/// found (and clicked, in an editor's terminal).
fn at(case: &Case) -> String {
    case.at.as_ref().map_or_else(String::new, |at| format!(" ({at})"))
}

fn print_coverage(out: &mut Out, rules: &RuleSet, covered: &BTreeSet<String>) {
    let missing: Vec<&str> = rules.items.iter().map(|i| i.name.as_str()).filter(|n| !covered.contains(*n)).collect();
    let total = rules.items.len().max(1);
    let pct = 100.0 * (rules.items.len() - missing.len()) as f64 / total as f64;
    out.println(crate::out::say(zeren::tr!(
        "test-coverage",
        covered = rules.items.len() - missing.len(),
        total = rules.items.len(),
        pct = format!("{pct:.1}")
    )));
    for name in missing {
        out.println(crate::out::say(zeren::tr!("test-untested", name = name)));
    }
}

fn read_cases(path: &PathBuf) -> Result<Vec<Case>, zeren::i18n::Text> {
    let path_text = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| zeren::tr!("cli-cannot-read", path = path_text, error = e.to_string()))?;
    let mut cases = Vec::new();
    for (n, line) in zeren::input::lines(std::io::BufReader::new(file)) {
        let line = line.map_err(|e| zeren::tr!("cli-at-line", path = path_text, line = n, error = e.to_string()))?;
        let mut case: Case = serde_json::from_str(&line)
            .map_err(|e| zeren::tr!("test-not-a-case", path = path_text, line = n, error = e.to_string()))?;
        case.at = Some(suite::At { file: path.display().to_string(), line: n });
        cases.push(case);
    }
    Ok(cases)
}
