//! `zeren graph`: the decision structure as a DOT or Mermaid flowchart.

use crate::out::{errln, Out};
use crate::Outcome;
use std::path::{Path, PathBuf};
use zeren::chart::{self, Format, MERMAID_MAX_EDGES};

/// Arguments of `zeren graph`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories (every `*.rules` below).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    /// Output syntax: `dot` for Graphviz, `mermaid` for Markdown renderers.
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    format: Format,
    /// Chart only this matter (by name or title) and what is inside it.
    #[arg(long, value_name = "NAME")]
    matter: Option<String>,
    /// Label each item's lead edge with the item's condition.
    #[arg(long)]
    conditions: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let rules = match crate::load(&args.rules) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let scope = match args.matter.as_deref().map(|m| chart::find_matter(&rules, m)) {
        None => None,
        Some(Ok(m)) => Some(m),
        Some(Err(message)) => {
            errln!("error: {message}");
            return Outcome::Unusable;
        }
    };
    let format = args.format;
    let mut c = chart::chart(&rules, scope);
    if args.conditions {
        c = chart::with_conditions(c, &rules);
    }
    let text = chart::write(&c, format);
    let edges = chart::mermaid_edges(&c);
    if format == Format::Mermaid && edges >= MERMAID_MAX_EDGES {
        let warning = zeren::tr!("graph-mermaid-too-big", edges = edges, max = MERMAID_MAX_EDGES);
        errln!("{}", crate::out::say(warning));
    }
    emit(out, &text, args.output.as_deref())
}

/// Writes `text` to `path`, or to standard output.
pub fn emit(out: &mut Out, text: &str, path: Option<&Path>) -> Outcome {
    let Some(path) = path else {
        out.print(text);
        return Outcome::Success;
    };
    match std::fs::write(path, text) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            crate::out::error(zeren::tr!("cli-cannot-write", path = path.display().to_string(), error = e.to_string()));
            Outcome::Unusable
        }
    }
}
