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
            crate::out::error(match zeren::suggest::closest(name, items) {
                Some(s) => zeren::tr!("route-why-not-unknown-suggest", name = name, suggestion = s),
                None => zeren::tr!("route-why-not-unknown", name = name),
            });
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
                crate::out::error(zeren::tr!("route-ticket-not-object"));
                Outcome::Unusable
            }
            Err(e) => {
                crate::out::error(zeren::tr!("cli-bad-ticket", error = e.to_string()));
                Outcome::Unusable
            }
        };
    }
    if args.tickets.as_ref().is_none_or(|p| p.as_os_str() == "-") && std::io::stdin().is_terminal() {
        // Otherwise a person who typed `zeren route rules/` sees nothing happen.
        errln!("{}", crate::out::say(zeren::tr!("route-reading-stdin")));
    }
    let reader: Box<dyn BufRead> = match &args.tickets {
        Some(path) if path.as_os_str() != "-" => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                crate::out::error(zeren::tr!(
                    "cli-cannot-read",
                    path = path.display().to_string(),
                    error = e.to_string()
                ));
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
        let parsed = line.map_err(|e| zeren::tr!("route-cannot-read-line", error = e.to_string())).and_then(|l| {
            json_input_with(engine.rule_set(), &[], n, &l, strictness).map_err(|e| {
                zeren::tr!("route-bad-ticket-line", error = e.to_string(), quoted = zeren::input::quote_line(&l))
            })
        });
        match parsed {
            Ok(Some(input)) => {
                print_one(out, &engine, &mut cache, &input.ticket, &args, why_not, Some((n, input.id.as_deref())))
            }
            Ok(None) => {}
            Err(e) => {
                crate::out::error(zeren::tr!("cli-at-line", path = label, line = n, error = e));
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
            out.println(crate::out::say(match id {
                Some(id) => zeren::tr!("route-ticket-id", id = id, line = line),
                None => zeren::tr!("route-ticket-line", line = line),
            }));
        }
        out.print(human(&decision, crate::out::lang()));
    }
    if args.explain {
        // The trace comes from the reference router, which the compiled
        // matcher is differentially tested against.
        let (_, trace) = engine.route_traced(ticket);
        let mut text = zeren::explain::explain_in(engine.rule_set(), ticket, &decision, &trace, crate::out::lang());
        if let Some(item) = why_not {
            text.push_str(&engine.why_not(ticket, item).text_in(crate::out::lang()));
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

/// The decision for a person to read, one labelled line per field.
pub fn human(d: &Decision, lang: zeren::i18n::Lang) -> String {
    let mut s = String::new();
    let mut line = |text: zeren::i18n::Text| {
        s.push_str(&text.render(lang));
        s.push('\n');
    };
    line(match (&d.lead, &d.lead_name) {
        (Some(id), Some(name)) => zeren::tr!("route-lead", name = name, id = id),
        _ => zeren::tr!("route-lead-none"),
    });
    if !d.assists.is_empty() {
        line(zeren::tr!("route-assists", ids = d.assists.join(", ")));
    }
    if !d.liaisons.is_empty() {
        line(zeren::tr!("route-liaisons", ids = d.liaisons.join(", ")));
    }
    if !d.path.is_empty() {
        line(zeren::tr!("route-path", path = d.path.join(" › ")));
    }
    if d.method == zeren::decision::Method::Analogy {
        line(zeren::tr!("route-method-score", method = d.method.as_str(), score = format!("{:.3}", d.score)));
    } else {
        line(zeren::tr!("route-method", method = d.method.as_str()));
    }
    if let Some(a) = &d.analogy_of {
        line(zeren::tr!("route-analogy-of", item = a));
    }
    if !d.candidates.is_empty() {
        line(zeren::tr!("route-candidates", items = d.candidates.join(", ")));
    }
    if !d.basis.is_empty() {
        line(zeren::tr!("route-basis", basis = d.basis.join("; ")));
    }
    if let Some(deadline) = d.deadline {
        line(zeren::tr!("route-deadline", deadline = deadline.to_string()));
    }
    if d.territorial {
        line(zeren::tr!("route-territorial"));
    }
    for part in &d.split {
        let mut roles = zeren::tr!("route-split-lead", name = part.lead_name, id = part.lead).render(lang);
        if !part.assists.is_empty() {
            roles.push_str(&zeren::tr!("route-split-assists", ids = part.assists.join(", ")).render(lang));
        }
        if !part.liaisons.is_empty() {
            roles.push_str(&zeren::tr!("route-split-liaisons", ids = part.liaisons.join(", ")).render(lang));
        }
        if let Some(deadline) = part.deadline {
            roles.push_str(&zeren::tr!("route-split-deadline", deadline = deadline.to_string()).render(lang));
        }
        line(zeren::tr!("route-split", item = part.item, roles = roles));
    }
    s
}
