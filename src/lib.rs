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
//! let set = zeren::load::load_str("city.rules", r#"
//!     schema { category: symbol  text: text }
//!     department scjg "市场监督管理局"
//!     department gaj  "公安局"
//!     item 健身美容预付卡 {
//!       when text has any ["健身", "美容"]
//!       lead scjg
//!       assist gaj
//!     }
//! "#)?;
//! let rules = zeren::Rules::new(&set)?;          // compile once
//! let text = rules.attr("text").ok_or("no text attribute")?; // resolve names once
//! let mut cache = rules.create_cache();           // one per thread
//! let ticket = TicketRef::new().with(text, Value::Text("健身房关门了，年卡退不了"));
//! let decision = rules.route(&mut cache, &ticket); // allocates nothing
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
//! * **Loading**: [`load::load_paths`], [`load::load_str`] turn `.rules` text
//!   into a validated [`ir::RuleSet`], or return every load-time error at once
//!   as [`diagnostic::Diagnostic`] data. [`limits::Limits`] bounds the input.
//! * **Tickets**: [`ticket::Ticket`] (from JSON, validated against the schema),
//!   [`ticket::TicketRef`] (borrowed builder), and the [`ticket::TicketSource`]
//!   trait for a service's own struct.
//! * **Routing**: [`Rules`] (the compiled decision graph, [`compile`]) with a
//!   caller-held [`matcher::Cache`] routes without allocating and returns a
//!   borrowed [`matcher::DecisionRef`]; [`matcher::reference::route`]
//!   executes SPEC §5 literally and is the oracle the compiled matcher is
//!   tested against. Both give a [`decision::Decision`], whose serde form is
//!   SPEC §6's JSON. [`Live`] swaps rule versions under traffic.
//! * **Reasoning**: [`logic`] decides satisfiability and implication of
//!   conditions over every possible ticket, with witness tickets;
//!   [`analyze`] turns that into `zeren check`'s findings; [`diff`] finds the
//!   tickets that change hands between two versions.
//! * **Authoring tools**: [`explain`] (the trace of one decision), [`suite`]
//!   (test expectations), [`syntax::print`] (`zeren fmt`), [`handbook`],
//!   [`chart`] (DOT and Mermaid), [`replay`] (batch summaries), and with the
//!   `testing` feature, proptest strategies and invariant checks.
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
//! ```text
//! grammar/zeren.pest   the grammar
//! syntax/              text → AST (pest), the printer; the only module that names pest
//! check/               AST → validated IR: names, types, like, inheritance; every error
//! ir.rs                the validated model: the only input of compile, logic, analyze
//! logic/               satisfiability and implication over all tickets, with witnesses
//! compile/             IR → immutable decision graph (behind an Arc)
//! matcher/             the zero-allocation hot path; eval.rs and reference.rs, the oracle
//! analyze/, diff.rs    findings and changes, every witness verified by routing it
//! explain.rs, suite.rs the trace of a decision; expectations
//! live.rs              hot reload behind arc-swap; provenance.rs, who decided
//! bin/zeren/           the command line (feature `cli`); the library never prints
//! ```
//!
//! Invariants, stated as absences: only `syntax` knows pest; nothing after
//! `check` sees a name that is not an id; the compiled graph is never mutated
//! after it is built; the matcher never allocates after its cache has seen a
//! ticket of that size, and does no I/O; `analyze` reasons on the IR, not on
//! matcher internals (it only routes witnesses); the library does no I/O
//! except in [`load`] and [`live`].
#![forbid(unsafe_code)]

pub mod language {
    #![doc = include_str!("doc/language.md")]
}

pub mod analyze;
pub mod chart;
pub mod check;
pub mod compile;
pub mod decision;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod fold;
pub mod handbook;
pub mod ir;
pub mod limits;
pub mod live;
pub mod load;
pub mod logic;
pub mod matcher;
pub mod provenance;
pub mod replay;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod suite;
pub mod syntax;
#[cfg(feature = "testing")]
pub mod testing;
pub mod ticket;

pub use compile::Rules;
pub use live::Live;
