//! `zeren`: route tickets, check, test and format responsibility rules.
//!
//! Exit status (docs/spec.md §7): 0 success, 1 the command's own failure (findings at
//! error level, failed tests, formatting needed), 2 unusable input.

mod check;
mod diff;
mod fmt;
mod graph;
mod handbook;
mod out;
mod render;
mod replay;
mod route;
#[cfg(feature = "serve")]
mod serve;
mod snippet;
mod test;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Which department owns a citizen's ticket, and who assists.
#[derive(Parser)]
#[command(name = "zeren", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Route tickets against a rule set (a dry run).
    Route(route::Args),
    /// Report load errors and static-analysis findings.
    Check(check::Args),
    /// Run inline `test` blocks and case files.
    Test(test::Args),
    /// Rewrite rules files in the canonical layout (`--check`: only list them).
    Fmt(fmt::Args),
    /// What changed between two versions, and which tickets change hands.
    Diff(diff::Args),
    /// Draw the decision structure as a DOT or Mermaid flowchart.
    Graph(graph::Args),
    /// Write the Markdown handbook: one memo per matter, a department index.
    Handbook(handbook::Args),
    /// Route a whole export (JSON lines or CSV) and summarise it.
    Replay(replay::Args),
    /// Print the JSON Schema (draft 2020-12) of a ticket, for the systems that send tickets.
    Schema(SchemaArgs),
    /// Serve routing over HTTP, with the web workbench at `/`.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
}

/// Arguments of `zeren schema`.
#[derive(clap::Args)]
struct SchemaArgs {
    /// Rule files or directories (every `*.rules` below).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
}

/// The outcome of a command, mapped to the exit status.
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the command's own failure.
    Failure,
    /// Exit 2: unusable input, already reported.
    Unusable,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let mut out = out::Out::new();
    let outcome = match cli.command {
        Command::Route(args) => route::run(args, &mut out),
        Command::Check(args) => check::run(args, &mut out),
        Command::Test(args) => test::run(args, &mut out),
        Command::Fmt(args) => fmt::run(args, &mut out),
        Command::Diff(args) => diff::run(args, &mut out),
        Command::Graph(args) => graph::run(args, &mut out),
        Command::Handbook(args) => handbook::run(args, &mut out),
        Command::Replay(args) => replay::run(args, &mut out),
        Command::Schema(args) => match load(&args.rules) {
            Ok(rules) => {
                out.println(serde_json::to_string_pretty(&zeren::schema::json_schema(&rules)).unwrap_or_default());
                Outcome::Success
            }
            Err(o) => o,
        },
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    };
    match out.finish(outcome) {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failure => ExitCode::from(1),
        Outcome::Unusable => ExitCode::from(2),
    }
}

/// Loads, checks and compiles the rule set for a command that routes; a
/// rule set that fails to load is rendered with its diagnostics.
pub fn engine(paths: &[PathBuf]) -> Result<zeren::Engine, Outcome> {
    zeren::Engine::new(load(paths)?).map_err(|e| {
        out::errln!("error: {e}");
        Outcome::Unusable
    })
}

/// Reads `--as-of`: exactly `YYYY-MM-DD`, a real date (docs/spec.md §8a).
pub fn parse_as_of(s: &str) -> Result<zeren::ir::Date, String> {
    zeren::ir::Date::parse(s.trim()).ok_or_else(|| {
        format!("`{s}` is not a date: write it as YYYY-MM-DD, a real calendar date in 1900–2199 (e.g. 2024-07-01)")
    })
}

/// Loads the rule set, or reports why not (exit 2 for every command but `check`).
pub fn load(paths: &[PathBuf]) -> Result<zeren::ir::RuleSet, Outcome> {
    zeren::load::load_paths(paths).map_err(|e| {
        render::load_error(&e);
        Outcome::Unusable
    })
}
