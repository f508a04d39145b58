//! `zeren check`: load-time errors and static-analysis findings.

use crate::out::Format;
use crate::out::{errln, lang, say, Out};
use crate::{render, Outcome};
use std::path::PathBuf;
use zeren::diagnostic::{Diagnostic, LoadError, Severity};
use zeren::source::Sources;
use zeren::tr;

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
    /// List every `mixed-topics` pair with a witness ticket, not only their count.
    #[arg(long)]
    mixed: bool,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let (diagnostics, sources, stats) = match zeren::load::load_paths(&args.rules) {
        Ok(rules) => {
            let config = zeren::analyze::Config::new().list_mixed(args.mixed);
            let analysis = zeren::analyze::analyze(&rules, &config);
            let stats = serde_json::to_value(&analysis.stats).unwrap_or_default();
            (analysis.diagnostics, rules.sources, stats)
        }
        Err(LoadError::Rules { diagnostics, sources }) => (diagnostics, sources, serde_json::json!({})),
        Err(e) => {
            errln!("{}", say(tr!("cli-error", message = e.render(lang()))));
            return Outcome::Unusable;
        }
    };
    report(out, &diagnostics, &sources, stats, args.format);
    let deny_warnings = args.deny.is_some();
    let failing =
        diagnostics.iter().any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
    if failing {
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

fn report(out: &mut Out, diagnostics: &[Diagnostic], sources: &Sources, stats: serde_json::Value, format: Format) {
    match format {
        Format::Json => {
            let diags: Vec<_> = diagnostics.iter().map(|d| d.to_json(sources, lang())).collect();
            out.println(serde_json::json!({ "diagnostics": diags, "stats": stats }));
        }
        Format::Text => {
            out.print(render::diagnostics(diagnostics, sources));
            let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
            out.println(say(tr!(
                "check-summary",
                errors = count(Severity::Error),
                warnings = count(Severity::Warning),
                notes = count(Severity::Note)
            )));
        }
    }
}
