//! Text → syntax tree. The only module that knows pest exists.
//!
//! [`parse_file`] turns one file's text into an [`ast::File`]; the printer
//! (`zeren fmt`) lives in [`print`](mod@print).

pub mod ast;
pub mod keywords;
mod parse;
pub mod print;

pub use parse::{keyword_counts, parse_file, parse_file_with, MAX_NESTING};
