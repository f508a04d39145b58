//! `zeren route`: dry-run lookups, one ticket or one per line.

use crate::out::{self, errln, Out};
use crate::Outcome;
use std::io::BufRead;
use std::path::PathBuf;
use zeren::decision::Decision;
use zeren::ir::RuleSet;
use zeren::matcher::{reference, Cache};
use zeren::ticket::{Strictness, Ticket};
use zeren::Rules;

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
    /// Print each decision as one line of JSON (SPEC §6).
    #[arg(long)]
    json: bool,
    /// Show why: every candidate, the step that decided, the scores.
    #[arg(long)]
    explain: bool,
    /// Ignore attributes the schema does not declare.
    #[arg(long)]
    lenient: bool,
}

pub fn run(args: Args, out: &mut Out) -> Outcome {
    let rules = match crate::load(&args.rules) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let compiled = match Rules::new(&rules) {
        Ok(c) => c,
        Err(e) => {
            errln!("error: {e}");
            return Outcome::Unusable;
        }
    };
    let mut cache = compiled.create_cache();
    let router = Router { rules: &rules, compiled: &compiled };
    let strictness = if args.lenient { Strictness::Lenient } else { Strictness::Strict };
    if let Some(json) = &args.ticket {
        return match Ticket::from_json(&rules.attrs, json, strictness) {
            Ok(ticket) => {
                print_one(out, &router, &mut cache, &ticket, &args);
                Outcome::Success
            }
            Err(e) => {
                errln!("error: bad ticket: {e}");
                Outcome::Unusable
            }
        };
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
    for (n, line) in reader.lines().enumerate() {
        if out.closed() {
            // Nobody reads the decisions any more (`zeren route … | head`).
            break;
        }
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                errln!("error: {label}:{}: cannot read the line: {e}", n + 1);
                bad += 1;
                continue;
            }
        };
        let trimmed = line.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match Ticket::from_json(&rules.attrs, trimmed, strictness) {
            Ok(ticket) => print_one(out, &router, &mut cache, &ticket, &args),
            Err(e) => {
                errln!("error: {label}:{}: bad ticket: {e}", n + 1);
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

/// The rule set in both forms: compiled for decisions, validated for `--explain`.
struct Router<'r> {
    rules: &'r RuleSet,
    compiled: &'r Rules,
}

fn print_one(out: &mut Out, router: &Router<'_>, cache: &mut Cache, ticket: &Ticket, args: &Args) {
    let decision = router.compiled.route(cache, ticket).to_decision();
    if args.json {
        out.println(serde_json::to_string(&decision).unwrap_or_default());
    } else {
        out.print(human(&decision));
    }
    if args.explain {
        // The trace comes from the reference router, which the compiled
        // matcher is differentially tested against.
        let (_, trace) = reference::route_traced(router.rules, ticket);
        let text = zeren::explain::explain(router.rules, ticket, &decision, &trace);
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
    s
}
