//! `zeren handbook`: the Markdown handbook (指导手册) of a rule set.

use crate::out::Out;
use crate::Outcome;
use std::path::PathBuf;

/// Arguments of `zeren handbook`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories (every `*.rules` below).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    /// Write the handbook to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let rules = match crate::load(&args.rules) {
        Ok(r) => r,
        Err(o) => return o,
    };
    crate::graph::emit(out, &zeren::handbook::handbook(&rules), args.output.as_deref())
}
