//! Jump code: a condition compiled into a flat list of atom tests, each
//! naming where to go when its atom holds and when it does not.
//!
//! Deciding whether a condition holds is the inner loop of routing (every
//! fired candidate, `near` and guard), and walking the node tree recursively
//! spends most of its time on calls and dispatch rather than on the atoms.
//! Short-circuit evaluation needs no tree: `a and b` is "test `a`; if false,
//! the answer is false, else test `b`", `not a` swaps the two exits, `a or b`
//! goes to `b` only when `a` is false. Each atom of the condition becomes one
//! [`Test`], and holding is a loop that follows exits until it leaves the
//! code at [`TRUE`] or [`FALSE`].
//!
//! Code is emitted continuation first, so every exit points at an earlier
//! test or at a terminal: the loop strictly descends and always ends.

use super::conds::CondBuilder;
use super::graph::{AtomCode, Node};

/// The exit meaning "the condition holds".
pub(crate) const TRUE: u32 = u32::MAX;
/// The exit meaning "the condition does not hold".
pub(crate) const FALSE: u32 = u32::MAX - 1;

/// One atom test and its two exits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Test {
    /// The atom.
    pub atom: AtomCode,
    /// Where to go when it holds: an earlier test, [`TRUE`] or [`FALSE`].
    pub on_true: u32,
    /// Where to go when it does not.
    pub on_false: u32,
}

/// Emits node `id` into `code`, exiting to `t` when it holds and to `f` when
/// it does not; returns its entry (a test, or `t`/`f` when the node is a
/// constant). Recursion depth is the condition's nesting, which the parser
/// bounds.
pub(crate) fn emit(b: &CondBuilder, id: u32, t: u32, f: u32, code: &mut Vec<Test>) -> u32 {
    let operands = |start: u32, len: u32| b.children.get(start as usize..(start + len) as usize).unwrap_or(&[]);
    match b.nodes.get(id as usize).copied() {
        Some(Node::Atom(a)) => match b.atoms.get(a as usize).copied() {
            Some(AtomCode::False) | None => f,
            Some(atom) => {
                code.push(Test { atom, on_true: t, on_false: f });
                code.len() as u32 - 1
            }
        },
        Some(Node::Not(x)) => emit(b, x, f, t, code),
        // The last operand decides; each earlier one continues to the next
        // on true (`and`) or on false (`or`).
        Some(Node::And { start, len, .. }) => {
            operands(start, len).iter().rev().fold(t, |next, &op| emit(b, op, next, f, code))
        }
        Some(Node::Or { start, len }) => {
            operands(start, len).iter().rev().fold(f, |next, &op| emit(b, op, t, next, code))
        }
        None => f,
    }
}
