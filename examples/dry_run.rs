//! A Rust service linking zeren: load a rule set once, route the tickets given
//! on the command line, print each decision as JSON.
//!
//! ```text
//! cargo run --example dry_run -- rules/ '{"text": "健身房关门了，年卡退不了"}'
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(rules_path) = args.next() else {
        eprintln!("usage: dry_run RULES TICKET_JSON...");
        return ExitCode::from(2);
    };

    // Load, check and compile once, at start-up: every load error comes back
    // at once; the engine holds the checked rules and the decision graph.
    let engine = match zeren::Engine::from_paths(&[rules_path]) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: {e}");
            if let zeren::engine::Error::Load(zeren::diagnostic::LoadError::Rules { diagnostics, sources }) = &e {
                for d in diagnostics {
                    let at = d.span().map(|s| sources.locate(s).to_string()).unwrap_or_default();
                    eprintln!("  {at}: {} [{}]", d.message, d.code);
                }
            }
            return ExitCode::from(2);
        }
    };
    // The cache holds all scratch, so routing allocates nothing (the JSON
    // output below is what allocates).
    let mut cache = engine.create_cache();

    let mut status = ExitCode::SUCCESS;
    for json in args {
        // Tickets are validated against the schema: unknown attributes, wrong
        // types and values outside a closed domain are rejected.
        match engine.ticket_from_json(&json) {
            Ok(ticket) => {
                let decision = engine.route(&mut cache, &ticket);
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
