//! `zeren diff OLD NEW`: what changed between two versions of a rule set, and
//! which tickets change hands (see `zeren::diff`). A diff is not a failure:
//! exit 0, or 2 when either version or the ticket log is unusable.

use crate::out::Format;
use crate::out::Out;
use crate::{load, Outcome};
use std::path::PathBuf;
use zeren::diff::{diff, render_text_in, replay, Config};
use zeren::ir::RuleSet;

/// Arguments of `zeren diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The old version: a rules file or a directory of them.
    old: PathBuf,
    /// The new version: a rules file or a directory of them.
    new: PathBuf,
    /// A ticket log (JSON lines) to replay through both versions.
    #[arg(long)]
    tickets: Option<PathBuf>,
    /// `text` for a reviewer, `json` for machines.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let old = match load(std::slice::from_ref(&args.old)) {
        Ok(rules) => rules,
        Err(outcome) => return outcome,
    };
    let new = match load(std::slice::from_ref(&args.new)) {
        Ok(rules) => rules,
        Err(outcome) => return outcome,
    };
    let replayed = match &args.tickets {
        None => None,
        Some(path) => {
            let log = match std::fs::read_to_string(path) {
                Ok(log) => log,
                Err(e) => {
                    crate::out::error(zeren::tr!(
                        "cli-cannot-read",
                        path = path.display().to_string(),
                        error = e.to_string()
                    ));
                    return Outcome::Unusable;
                }
            };
            match replay(&old, &new, &log) {
                Ok(r) => Some(r),
                Err(message) => {
                    crate::out::error(zeren::tr!(
                        "diff-replay-error",
                        path = path.display().to_string(),
                        error = message.to_string()
                    ));
                    return Outcome::Unusable;
                }
            }
        }
    };
    let d = diff(&old, &new, &Config::new());
    match args.format {
        Format::Text => {
            out.println(format_args!("zeren diff: {} → {}", version(&old), version(&new)));
            out.print(render_text_in(&d, replayed.as_ref(), crate::out::lang()));
        }
        Format::Json => {
            let mut json = serde_json::to_value(&d).unwrap_or_default();
            if let Some(obj) = json.as_object_mut() {
                obj.insert("old".into(), header(&old));
                obj.insert("new".into(), header(&new));
                if let Some(r) = &replayed {
                    obj.insert("replay".into(), serde_json::to_value(r).unwrap_or_default());
                }
            }
            out.println(json);
        }
    }
    Outcome::Success
}

fn version(rules: &RuleSet) -> String {
    let unnamed = || crate::out::say(zeren::tr!("diff-unnamed"));
    let name = rules.name.clone().unwrap_or_else(unnamed);
    match &rules.version {
        Some(v) => format!("{name} {v}"),
        None => name.to_string(),
    }
}

fn header(rules: &RuleSet) -> serde_json::Value {
    serde_json::json!({ "name": rules.name, "version": rules.version })
}
