//! zeren (责任, "responsibility") decides which government department owns a
//! citizen's service ticket, and which departments assist.
//!
//! Policy authors write the city's responsibility list (部门职责边界清单) as
//! `.rules` files; zeren checks them, proves things about every possible
//! ticket, and routes tickets against them. The language is described in
//! [`language`]; the command-line tool is `zeren` (feature `cli`, on by
//! default).
//!
//! # Contents
//!
//! * [Example](#example) — load a rule set and route a ticket.
//! * [Should I use this?](#should-i-use-this)
//! * [API themes](#api-themes) — the pipeline and where each stage lives.
//! * [Input safety](#input-safety)
//! * [Architecture](#architecture) — codemap and invariants.
//!
//! # Example
//!
//! ```
//! use zeren::ticket::{TicketRef, Value};
//!
//! let engine = zeren::Engine::from_str("city.rules", r#"
//!     schema { category: symbol  text: text }
//!     department scjg "市场监督管理局"
//!     department gaj  "公安局"
//!     item 健身美容预付卡 {
//!       when text has any ["健身", "美容"]
//!       lead scjg
//!       assist gaj
//!     }
//! "#)?;                                            // load, check, compile once
//! let text = engine.attr("text").ok_or("no text attribute")?; // resolve names once
//! let mut cache = engine.create_cache();           // one per thread
//! let ticket = TicketRef::new().with(text, Value::Text("健身房关门了，年卡退不了"));
//! let decision = engine.route(&mut cache, &ticket); // allocates nothing
//! assert_eq!(decision.lead(), Some("scjg"));
//! assert_eq!(decision.assists().collect::<Vec<_>>(), ["gaj"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Should I use this?
//!
//! Use zeren when ownership of free-text tickets must be decided by rules that
//! people edit and review: it explains every decision, and `zeren check`
//! proves before a change ships that no single-topic ticket falls between two
//! departments. It is not a general policy engine: conditions are over one
//! flat ticket (symbols, text keywords, numbers, flags), and there are no
//! arithmetic or cross-ticket rules.
//!
//! # API themes
//!
//! * **One object**: [`Engine`] holds the checked rule set and its compiled
//!   decision graph together. [`Engine::from_paths`] / [`Engine::from_str`]
//!   load, check and compile (every load-time error at once, as
//!   [`diagnostic::Diagnostic`] data inside [`engine::Error`]); [`limits::Limits`]
//!   bounds the input. [`Engine::route`] routes with the compiled matcher and a
//!   caller-held [`matcher::Cache`] without allocating, returning a borrowed
//!   [`matcher::DecisionRef`]; [`Engine::route_reference`] executes the
//!   specification literally (the oracle). Both give a [`decision::Decision`],
//!   whose serde form is the decision JSON of `docs/spec.md` §6. [`Live`]
//!   swaps engines under traffic.
//! * **Tickets**: [`ticket::Ticket`] (from JSON, validated against the schema),
//!   [`ticket::TicketRef`] (borrowed builder), the [`ticket::TicketSource`]
//!   trait for a service's own struct, and [`input`], the one reader of ticket
//!   files (JSON lines, CSV, decision logs).
//! * **Reasoning**: [`logic`] decides satisfiability and implication of
//!   conditions over every possible ticket, with witness tickets;
//!   [`analyze`] turns that into `zeren check`'s findings; [`diff`] finds the
//!   tickets that change hands between two versions.
//! * **Authoring tools**: [`explain`] (the account of one decision), [`suite`]
//!   (test expectations), [`handbook`], [`chart`] (DOT and Mermaid),
//!   [`replay`] (batch summaries), and with the `testing` feature, proptest
//!   strategies and invariant checks.
//!
//! # Input safety
//!
//! Nothing in the library panics on input: broken rule files come back as
//! diagnostics, bad tickets as [`ticket::TicketError`]. Nesting beyond the
//! configured limit is refused before parsing, so a hostile file cannot
//! overflow the stack; the solver has a step budget, so analysis cannot hang.
//!
//! # Architecture
//!
//! The pipeline, lowest layer first; a module uses only the layers below it
//! (`tests/architecture.rs` enforces it; `docs/ARCHITECTURE.md` is the full
//! account):
//!
//! ```text
//! fold, source, suggest, vocab, limits, diagnostic, decision   utilities
//! syntax/      text → AST (pest); the only module that knows pest
//! ir/          the validated model and the shared semantics: eval, settle, print
//! ticket       tickets from JSON, borrowed builders
//! logic/       satisfiability and implication over all tickets, with witnesses
//! check/       AST → IR: names, types, like, inheritance; every error
//! load         files → checked IR
//! compile/     IR → immutable decision graph
//! matcher/     Rules, Cache, DecisionRef: the zero-allocation hot path; the reference router
//! explain      the account of one decision
//! engine       Engine: the checked rules and the compiled graph together
//! input, suite, chart, handbook, analyze/, diff, replay/, live, testing   tools
//! bin/zeren/   the command line (feature `cli`); the library never prints
//! ```
//!
//! Invariants, stated as absences: only `syntax` knows pest, and only `check`
//! and `load` see the syntax tree; nothing after `check` sees a name that is
//! not an id; the meaning of a condition and the settling rules exist once,
//! in `ir` (the compiled matcher's fast copies are named as such and held to
//! them by the differential test); the compiled graph is never mutated after
//! it is built; the matcher never allocates after its cache has seen a ticket
//! of that size, and does no I/O; the library does no I/O except in [`load`],
//! [`Engine::from_paths`] and [`live`].
#![forbid(unsafe_code)]

pub mod language {
    #![doc = include_str!("doc/language.md")]
}

pub mod analyze;
pub mod chart;
#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod compile;
pub mod decision;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod explain;
pub mod fold;
pub mod handbook;
pub mod input;
pub mod ir;
pub mod limits;
pub mod live;
pub mod load;
pub mod logic;
pub mod matcher;
pub mod provenance;
pub mod replay;
pub mod schema;
pub mod sound;
pub mod source;
#[doc(hidden)]
pub mod suggest;
pub mod suite;
#[doc(hidden)]
pub mod syntax;
#[cfg(feature = "testing")]
pub mod testing;
pub mod ticket;
#[doc(hidden)]
pub mod vocab;
pub mod why_not;

pub use engine::Engine;
pub use live::Live;
pub use matcher::Rules;
