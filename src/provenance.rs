//! Provenance: which rules decided. Every decision of the compiled matcher
//! can name the rule set (its `ruleset` name and `version`), a content hash
//! of its source files, and the file and line of the winning item (or of the
//! matter, for a residual decision) — so an audit log can say exactly which
//! rules routed a ticket, even across live reloads.
//!
//! Everything is computed once, when the rules are compiled: the accessors
//! return borrowed strings and integers and allocate nothing.
//!
//! ```
//! use zeren::ticket::{TicketRef, Value};
//!
//! let set = zeren::load::load_str("city.rules", "ruleset \"示例\" version \"2024.10\"\n\
//!     schema { text: text }\n\
//!     department nync \"农业农村局\"\n\
//!     item 种子 { when text has \"种子\" lead nync }\n")?;
//! let rules = zeren::Rules::new(&set)?;
//! let text = rules.attr("text").ok_or("no text")?;
//! let mut cache = rules.create_cache();
//! let decision = rules.route(&mut cache, &TicketRef::new().with(text, Value::Text("假种子")));
//! let p = decision.provenance();
//! assert_eq!(p.version, Some("2024.10"));
//! assert_eq!(p.content_hash, zeren::provenance::content_hash(&set.sources));
//! assert_eq!(p.source.map(|s| (s.file, s.line)), Some(("city.rules", 4)));
//! assert_eq!(p.to_string(), format!("示例 2024.10 #{:016x} city.rules:4", p.content_hash));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(clippy::indexing_slicing)]

use crate::ir::RuleSet;
use crate::source::{Sources, Span};
use std::fmt;

/// Which rules made a decision. Borrowed from the compiled rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provenance<'a> {
    /// The rule set's `ruleset` name, if declared.
    pub ruleset: Option<&'a str>,
    /// The rule set's `version`, if declared.
    pub version: Option<&'a str>,
    /// [`content_hash`] of the source files the rules were loaded from.
    pub content_hash: u64,
    /// Where the winner was declared: the item (or, for a residual decision,
    /// the matter). `None` for a disputed or unclaimed decision, and for the
    /// rule set as a whole.
    pub source: Option<SourceLine<'a>>,
}

/// A file and a 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceLine<'a> {
    /// The file's path as loaded.
    pub file: &'a str,
    /// The line of the declaration's first character.
    pub line: u32,
}

impl fmt::Display for Provenance<'_> {
    /// `NAME VERSION #HASH FILE:LINE`, leaving out what is absent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in [self.ruleset, self.version].into_iter().flatten() {
            write!(f, "{part} ")?;
        }
        write!(f, "#{:016x}", self.content_hash)?;
        if let Some(s) = self.source {
            write!(f, " {}:{}", s.file, s.line)?;
        }
        Ok(())
    }
}

/// The content hash of a rule set's sources: 64-bit FNV-1a over every file's
/// path and text, each length-prefixed, in declaration order. Stable across
/// runs, machines and versions of zeren (unlike `std`'s hasher), so audit
/// logs can be compared over time; not a cryptographic digest.
///
/// ```
/// use zeren::source::Sources;
/// let mut a = Sources::default();
/// a.add("a.rules", "department d");
/// let mut b = Sources::default();
/// b.add("a.rules", "department e");
/// assert_ne!(zeren::provenance::content_hash(&a), zeren::provenance::content_hash(&b));
/// assert_eq!(zeren::provenance::content_hash(&a), zeren::provenance::content_hash(&a.clone()));
/// ```
pub fn content_hash(sources: &Sources) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut eat = |bytes: &[u8]| {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            h = (h ^ u64::from(*b)).wrapping_mul(PRIME);
        }
    };
    for file in &sources.files {
        eat(file.path.as_bytes());
        eat(file.text.as_bytes());
    }
    h
}

/// Provenance precomputed for every item and matter, kept in the compiled
/// graph.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    ruleset: Option<Box<str>>,
    version: Option<Box<str>>,
    hash: u64,
    files: Box<[Box<str>]>,
    /// (file index, line) per item, in item order.
    items: Box<[(u32, u32)]>,
    /// (file index, line) per matter, in matter order.
    matters: Box<[(u32, u32)]>,
}

impl Table {
    pub(crate) fn new(rules: &RuleSet) -> Table {
        // One pass over each file for its newlines, then a binary search per
        // item: `Sources::locate` scans from the start of the file, which is
        // quadratic over a large file of items.
        let newlines: Vec<Vec<u32>> = rules
            .sources
            .files
            .iter()
            .map(|f| f.text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i as u32).collect())
            .collect();
        let at = |span: Span| {
            let before = newlines.get(span.file.0 as usize).map_or(0, |nl| nl.partition_point(|&n| n < span.start));
            (span.file.0, u32::try_from(before + 1).unwrap_or(u32::MAX))
        };
        Table {
            ruleset: rules.name.as_deref().map(Into::into),
            version: rules.version.as_deref().map(Into::into),
            hash: content_hash(&rules.sources),
            files: rules.sources.files.iter().map(|f| f.path.as_str().into()).collect(),
            items: rules.items.iter().map(|i| at(i.span)).collect(),
            matters: rules.matters.iter().map(|m| at(m.span)).collect(),
        }
    }

    /// The rule set as a whole.
    pub(crate) fn stamp(&self) -> Provenance<'_> {
        Provenance {
            ruleset: self.ruleset.as_deref(),
            version: self.version.as_deref(),
            content_hash: self.hash,
            source: None,
        }
    }

    /// Item `i` decided.
    pub(crate) fn item(&self, i: u32) -> Provenance<'_> {
        self.at(self.items.get(i as usize))
    }

    /// Matter `m` decided (residual).
    pub(crate) fn matter(&self, m: u32) -> Provenance<'_> {
        self.at(self.matters.get(m as usize))
    }

    fn at(&self, place: Option<&(u32, u32)>) -> Provenance<'_> {
        let source =
            place.and_then(|&(file, line)| self.files.get(file as usize).map(|f| SourceLine { file: f, line }));
        Provenance { source, ..self.stamp() }
    }

    /// Heap bytes held.
    pub(crate) fn memory_usage(&self) -> usize {
        let strs = |s: &Option<Box<str>>| s.as_ref().map_or(0, |s| s.len());
        strs(&self.ruleset)
            + strs(&self.version)
            + self.files.iter().map(|f| f.len() + std::mem::size_of::<Box<str>>()).sum::<usize>()
            + (self.items.len() + self.matters.len()) * std::mem::size_of::<(u32, u32)>()
    }
}
