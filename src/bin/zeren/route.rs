//! `zeren route`: dry-run lookups, one ticket or one per line.

use crate::out::{self, errln, Out};
use crate::Outcome;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use zeren::decision::Decision;
use zeren::input::json_input_with;
use zeren::matcher::Cache;
use zeren::ticket::{Strictness, Ticket};
use zeren::Engine;

/// Arguments of `zeren route`.
#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories (every `*.rules` below).
    #[arg(required = true)]
    rules: Vec<PathBuf>,
    /// One ticket as a JSON object.
    #[arg(long, conflicts_with = "tickets")]
    ticket: Option<String>,
    /// A file of tickets, one JSON object per line (`-` or absent: standard input).
    #[arg(long)]
    tickets: Option<PathBuf>,
    /// Print each decision as one line of JSON (docs/spec.md §6).
    #[arg(long)]
    json: bool,
    /// Show why: every candidate, the step that decided, the scores.
    #[arg(long)]
    explain: bool,
    /// With `--explain`: why this item did not win — each part of its
    /// condition, held or not, and what beat it.
    #[arg(long, value_name = "ITEM", requires = "explain")]
    why_not: Option<String>,
    /// Ignore attributes the schema does not declare.
    #[arg(long)]
    lenient: bool,
    /// Date the tickets that carry no date of their own (YYYY-MM-DD), instead
    /// of the `clock`'s default: which items are in force.
    #[arg(long, value_name = "DATE", value_parser = crate::parse_as_of)]
    as_of: Option<zeren::ir::Date>,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let mut engine = match crate::engine(&args.rules) {
        Ok(e) => e,
        Err(o) => return o,
    };
    engine.set_as_of(args.as_of);
    let why_not = match args.why_not.as_deref().map(|name| (name, engine.item(name))) {
        None => None,
        Some((_, Some(id))) => Some(id),
        Some((name, None)) => {
            let items = engine.rule_set().items.iter().map(|i| i.name.as_str());
            let hint =
                zeren::suggest::closest(name, items).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            errln!("error: `--why-not`: there is no item named `{name}`{hint}");
            return Outcome::Unusable;
        }
    };
    let mut cache = engine.create_cache();
    let strictness = if args.lenient { Strictness::Lenient } else { Strictness::Strict };
    if let Some(json) = &args.ticket {
        return match json_input_with(engine.rule_set(), &[], 1, json, strictness) {
            Ok(Some(input)) => {
                print_one(out, &engine, &mut cache, &input.ticket, &args, why_not, None);
                Outcome::Success
            }
            Ok(None) => {
                errln!("error: bad ticket: `--ticket` needs a JSON object, e.g. --ticket '{{\"text\": \"…\"}}'");
                Outcome::Unusable
            }
            Err(e) => {
                errln!("error: bad ticket: {e}");
                Outcome::Unusable
            }
        };
    }
    if args.tickets.as_ref().is_none_or(|p| p.as_os_str() == "-") && std::io::stdin().is_terminal() {
        // Otherwise a person who typed `zeren route rules/` sees nothing happen.
        errln!(
            "reading tickets from standard input, one JSON object per line (Ctrl-D ends); \
             to route one ticket, pass --ticket '{{\"text\": \"…\"}}'"
        );
    }
    let reader: Box<dyn BufRead> = match &args.tickets {
        Some(path) if path.as_os_str() != "-" => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                errln!("error: cannot read `{}`: {e}", path.display());
                return Outcome::Unusable;
            }
        },
        _ => Box::new(std::io::stdin().lock()),
    };
    let label = args.tickets.as_ref().map_or("<stdin>".to_string(), |p| p.display().to_string());
    let mut bad = 0usize;
    for (n, line) in zeren::input::lines(reader) {
        if out.closed() {
            // Nobody reads the decisions any more (`zeren route … | head`).
            break;
        }
        let parsed = line.map_err(|e| format!("cannot read the line: {e}")).and_then(|l| {
            json_input_with(engine.rule_set(), &[], n, &l, strictness)
                .map_err(|e| format!("bad ticket: {e}\n  {}", zeren::input::quote_line(&l)))
        });
        match parsed {
            Ok(Some(input)) => {
                print_one(out, &engine, &mut cache, &input.ticket, &args, why_not, Some((n, input.id.as_deref())))
            }
            Ok(None) => {}
            Err(e) => {
                errln!("error: {label}:{n}: {e}");
                bad += 1;
            }
        }
    }
    if bad > 0 {
        Outcome::Unusable
    } else {
        Outcome::Success
    }
}

/// Prints one decision; `from` is the ticket's line and id when it came
/// from a file of tickets, so each answer can be matched to its question.
fn print_one(
    out: &mut Out,
    engine: &Engine,
    cache: &mut Cache,
    ticket: &Ticket,
    args: &Args,
    why_not: Option<zeren::ir::ItemId>,
    from: Option<(u64, Option<&str>)>,
) {
    let decision = engine.decide(cache, ticket);
    if args.json {
        let json = serde_json::to_string(&decision).unwrap_or_default();
        out.println(match from {
            // The decision's keys (docs/spec.md §6), then where it came from.
            Some((line, id)) => {
                let id = serde_json::to_string(&id).unwrap_or_default();
                format!("{},\"line\":{line},\"id\":{id}}}", json.strip_suffix('}').unwrap_or(&json))
            }
            None => json,
        });
    } else {
        if let Some((line, id)) = from {
            out.println(match id {
                Some(id) => format!("ticket {id} (line {line})"),
                None => format!("ticket on line {line}"),
            });
        }
        out.print(human(&decision));
    }
    if args.explain {
        // The trace comes from the reference router, which the compiled
        // matcher is differentially tested against.
        let (_, trace) = engine.route_traced(ticket);
        let mut text = zeren::explain::explain(engine.rule_set(), ticket, &decision, &trace);
        if let Some(item) = why_not {
            text.push_str(&engine.why_not(ticket, item).text());
        }
        if args.json {
            // Keep standard output valid JSON lines.
            out::error_text(&text);
        } else {
            out.println(text);
        }
    } else if !args.json {
        out.println("");
    }
}

/// The decision for a person to read.
pub fn human(d: &Decision) -> String {
    let mut s = String::new();
    let lead = match (&d.lead, &d.lead_name) {
        (Some(id), Some(name)) => format!("{name} ({id})"),
        _ => "none".to_string(),
    };
    s.push_str(&format!("lead       {lead}\n"));
    if !d.assists.is_empty() {
        s.push_str(&format!("assists    {}\n", d.assists.join(", ")));
    }
    if !d.liaisons.is_empty() {
        s.push_str(&format!("liaisons   {}\n", d.liaisons.join(", ")));
    }
    if !d.path.is_empty() {
        s.push_str(&format!("path       {}\n", d.path.join(" › ")));
    }
    let score =
        if d.method == zeren::decision::Method::Analogy { format!(" (score {:.3})", d.score) } else { String::new() };
    s.push_str(&format!("method     {}{score}\n", d.method));
    if let Some(a) = &d.analogy_of {
        s.push_str(&format!("analogy of {a}\n"));
    }
    if !d.candidates.is_empty() {
        s.push_str(&format!("candidates {}\n", d.candidates.join(", ")));
    }
    if !d.basis.is_empty() {
        s.push_str(&format!("basis      {}\n", d.basis.join("; ")));
    }
    if let Some(deadline) = d.deadline {
        s.push_str(&format!("deadline   {deadline}\n"));
    }
    if d.territorial {
        s.push_str("territorial yes (a role was resolved by the ticket's place)\n");
    }
    for part in &d.split {
        let mut roles = format!("{} ({})", part.lead_name, part.lead);
        if !part.assists.is_empty() {
            roles.push_str(&format!(", assists {}", part.assists.join(", ")));
        }
        if !part.liaisons.is_empty() {
            roles.push_str(&format!(", liaisons {}", part.liaisons.join(", ")));
        }
        if let Some(deadline) = part.deadline {
            roles.push_str(&format!(", deadline {deadline}"));
        }
        s.push_str(&format!("split      {} → {roles}\n", part.item));
    }
    s
}
