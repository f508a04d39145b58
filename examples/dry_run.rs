//! A Rust service linking zeren: load a rule set once, route the tickets given
//! on the command line, print each decision as JSON.
//!
//! ```text
//! cargo run --example dry_run -- rules/ '{"text": "健身房关门了，年卡退不了"}'
//! ```

use std::process::ExitCode;
use zeren::ticket::{Strictness, Ticket};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(rules_path) = args.next() else {
        eprintln!("usage: dry_run RULES TICKET_JSON...");
        return ExitCode::from(2);
    };

    // Load and check once, at start-up: every error comes back at once.
    let rules = match zeren::load::load_paths(&[rules_path]) {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("error: {e}");
            if let zeren::diagnostic::LoadError::Rules { diagnostics, sources } = &e {
                for d in diagnostics {
                    let at = d.span().map(|s| sources.locate(s).to_string()).unwrap_or_default();
                    eprintln!("  {at}: {} [{}]", d.message, d.code);
                }
            }
            return ExitCode::from(2);
        }
    };

    // Compile once into the decision graph; the cache holds all scratch, so
    // routing allocates nothing (JSON output below is what allocates).
    let compiled = match zeren::Rules::new(&rules) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut cache = compiled.create_cache();

    let mut status = ExitCode::SUCCESS;
    for json in args {
        // Tickets are validated against the schema: unknown attributes, wrong
        // types and values outside a closed domain are rejected.
        match Ticket::from_json(&rules.attrs, &json, Strictness::Strict) {
            Ok(ticket) => {
                let decision = compiled.route(&mut cache, &ticket);
                match serde_json::to_string(&decision) {
                    Ok(line) => println!("{line}"),
                    Err(e) => eprintln!("error: {e}"),
                }
            }
            Err(e) => {
                eprintln!("error: bad ticket {json}: {e}");
                status = ExitCode::from(2);
            }
        }
    }
    status
}
