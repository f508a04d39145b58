//! The decision (docs/spec.md §6): who leads, who assists, and why.

use crate::vocab::Deadline;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which routing step decided (docs/spec.md §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// One candidate, or candidates that agree.
    Direct,
    /// `priority` or `over` removed a contender.
    Priority,
    /// The most specific candidate won.
    Specific,
    /// A matter's lead caught the ticket (主办兜底).
    Residual,
    /// A `near` condition or the nearest item (参照类比).
    Analogy,
    /// Contending candidates: the coordinator decides.
    Disputed,
    /// Nothing claimed the ticket: the coordinator decides.
    Unclaimed,
}

impl Method {
    /// Every method, in the order of docs/spec.md §5's steps.
    pub const ALL: [Method; 7] = [
        Method::Direct,
        Method::Priority,
        Method::Specific,
        Method::Residual,
        Method::Analogy,
        Method::Disputed,
        Method::Unclaimed,
    ];

    /// The method's name as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Direct => "direct",
            Method::Priority => "priority",
            Method::Specific => "specific",
            Method::Residual => "residual",
            Method::Analogy => "analogy",
            Method::Disputed => "disputed",
            Method::Unclaimed => "unclaimed",
        }
    }

    /// Parses a method name.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A routing decision, owned. Its serde form is the JSON of docs/spec.md §6, keys in
/// the order shown there (the field order below).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The lead department's id, or null when no one owns the ticket.
    pub lead: Option<String>,
    /// The lead's display name.
    pub lead_name: Option<String>,
    /// Assisting department ids, in clause order.
    pub assists: Vec<String>,
    /// Liaison unit ids, in clause order.
    pub liaisons: Vec<String>,
    /// The winning item (null for residual, disputed, unclaimed).
    pub item: Option<String>,
    /// The matters from the outermost down, then the item.
    pub path: Vec<String>,
    /// The step that decided.
    pub method: Method,
    /// The proximity score: 1.0 unless `analogy`.
    pub score: f64,
    /// The winning item's `like` target.
    pub analogy_of: Option<String>,
    /// Every item whose condition held, in declaration order (contending
    /// matters for a disputed residual).
    pub candidates: Vec<String>,
    /// Basis strings, innermost first.
    pub basis: Vec<String>,
    /// The time limit for handling (v2): the winner's, resolved like the
    /// lead; the shortest of agreeing contenders' (docs/spec.md §5 step 2);
    /// none for `disputed` and `unclaimed`.
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// Whether a role was resolved through the `territory` block (v2,
    /// docs/spec.md §8a); false for `disputed` and `unclaimed`.
    #[serde(default)]
    pub territorial: bool,
    /// The parts of a disputed ticket that raises several matters at once
    /// (拆单, v2, docs/spec.md §5 step 2), in declaration order; empty otherwise.
    #[serde(default)]
    pub split: Vec<SplitPart>,
}

/// One part of a split (docs/spec.md §5 step 2): a group's winner with its
/// own roles and deadline, as the coordinator dispatches it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitPart {
    /// The group's winning item.
    pub item: String,
    /// Its lead department's id.
    pub lead: String,
    /// The lead's display name.
    pub lead_name: String,
    /// Assisting department ids, in clause order.
    pub assists: Vec<String>,
    /// Liaison unit ids, in clause order.
    pub liaisons: Vec<String>,
    /// Its deadline.
    pub deadline: Option<Deadline>,
}
