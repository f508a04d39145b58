//! zeren — which department owns a citizen's ticket, and who assists.
#![forbid(unsafe_code)]

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
pub mod source;
pub mod suite;
pub mod syntax;
#[cfg(feature = "testing")]
pub mod testing;
pub mod ticket;

pub use compile::Rules;
pub use live::Live;
