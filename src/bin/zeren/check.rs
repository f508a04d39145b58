//! `zeren check`: load-time errors and static-analysis findings.

use crate::{render, Outcome};
use std::path::PathBuf;
use zeren::diagnostic::{Diagnostic, LoadError, Severity};
use zeren::source::Sources;

/// Output format.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Arguments of `zeren check`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories.
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    /// `text` (with carets) or `json` (`{"diagnostics": [...], "stats": {...}}`).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// `--deny warnings` makes warnings fail the check.
    #[arg(long, value_parser = ["warnings"])]
    deny: Option<String>,
}

pub fn run(args: Args) -> Outcome {
    let (diagnostics, sources, stats) = match zeren::load::load_paths(&args.rules) {
        Ok(rules) => (Vec::new(), rules.sources.clone(), serde_json::json!({
            "departments": rules.depts.len(),
            "matters": rules.matters.len(),
            "items": rules.items.len(),
            "tests": rules.tests.len(),
        })),
        Err(LoadError::Rules { diagnostics, sources }) => (diagnostics, sources, serde_json::json!({})),
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::Unusable;
        }
    };
    report(&diagnostics, &sources, stats, args.format);
    let deny_warnings = args.deny.is_some();
    let failing = diagnostics.iter().any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
    if failing {
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

fn report(diagnostics: &[Diagnostic], sources: &Sources, stats: serde_json::Value, format: Format) {
    match format {
        Format::Json => {
            let diags: Vec<_> = diagnostics.iter().map(|d| d.to_json(sources)).collect();
            println!("{}", serde_json::json!({ "diagnostics": diags, "stats": stats }));
        }
        Format::Text => {
            print!("{}", render::diagnostics(diagnostics, sources));
            let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
            println!("{} error(s), {} warning(s), {} note(s)", count(Severity::Error), count(Severity::Warning), count(Severity::Note));
        }
    }
}
