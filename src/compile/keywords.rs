//! The keyword automaton of a text attribute, and the one pass over a text
//! that finds every keyword in it.
//!
//! Routing needs the *set* of keywords a text contains, including keywords
//! contained in others (`停车` in `停车场`): an overlapping search with
//! standard semantics. `aho-corasick`'s overlapping iterator keeps a resumable
//! state between matches, which costs several times the transitions
//! themselves on a 150-byte text, so the pass here walks the automaton
//! directly — one transition per byte, and the match list of every match
//! state — as that iterator does, minus the bookkeeping, and over three parts
//! of the text at once (see [`lanes`]).

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, nfa::contiguous, Anchored, BuildError, MatchKind};

/// Keyword sets up to this size get a full DFA: fastest to search, but its
/// size and build time grow with the patterns (about 2 KiB and 14 µs per
/// keyword at 10,000 keywords), so larger sets get a contiguous NFA, which
/// searches nearly as fast on short texts.
pub const DFA_MAX_PATTERNS: usize = 1000;

/// A keyword automaton: standard match semantics, no prefilter (CJK keywords
/// share their leading UTF-8 bytes, so a rare-byte prefilter would stop at
/// nearly every character).
///
/// ```
/// let ac = zeren::compile::KeywordAutomaton::new(&["停车", "停车场"])?;
/// let mut found = Vec::new();
/// ac.each_match("停车场收费", |k| found.push(k));
/// assert_eq!(found, [0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct KeywordAutomaton(Kind);

#[derive(Clone, Debug)]
enum Kind {
    /// A DFA, for up to [`DFA_MAX_PATTERNS`] keywords.
    Dfa(dfa::DFA),
    /// A contiguous NFA, for more, with its start state's transitions as a
    /// table: an unanchored search spends most bytes in the start state,
    /// where one load replaces the NFA's dependent loads and branches.
    Nfa { nfa: contiguous::NFA, start: StateID, root: Box<[StateID; 256]> },
}

impl KeywordAutomaton {
    /// Builds the automaton of `patterns` (non-empty strings; their index is
    /// the id [`KeywordAutomaton::each_match`] reports).
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<KeywordAutomaton, BuildError> {
        KeywordAutomaton::build(patterns, patterns.len() <= DFA_MAX_PATTERNS)
    }

    /// Builds the automaton of `patterns` as a DFA or as an NFA.
    pub(crate) fn build<P: AsRef<[u8]>>(patterns: &[P], as_dfa: bool) -> Result<KeywordAutomaton, BuildError> {
        if as_dfa {
            let mut b = dfa::Builder::new();
            b.match_kind(MatchKind::Standard).prefilter(false);
            return b.build(patterns).map(|dfa| KeywordAutomaton(Kind::Dfa(dfa)));
        }
        let mut b = contiguous::Builder::new();
        b.match_kind(MatchKind::Standard).prefilter(false);
        let nfa = b.build(patterns)?;
        // An unanchored standard NFA always has an unanchored start state.
        let start = nfa.start_state(Anchored::No).unwrap_or(StateID::ZERO);
        let root = Box::new(std::array::from_fn(|b| nfa.next_state(Anchored::No, start, b as u8)));
        Ok(KeywordAutomaton(Kind::Nfa { nfa, start, root }))
    }

    /// Calls `found` with the id of every keyword occurrence in `text` (a
    /// keyword occurring twice is reported twice), in no particular order.
    #[inline]
    pub fn each_match(&self, text: &str, found: impl FnMut(usize)) {
        match &self.0 {
            Kind::Dfa(a) => lanes(a, a, text.as_bytes(), found),
            Kind::Nfa { nfa, start, root } => {
                lanes(nfa, &RootFirst { nfa, start: *start, root }, text.as_bytes(), found)
            }
        }
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        match &self.0 {
            Kind::Dfa(a) => a.memory_usage(),
            Kind::Nfa { nfa, root, .. } => nfa.memory_usage() + std::mem::size_of_val(&**root),
        }
    }
}

/// One transition. A trait rather than a closure so that it is inlined
/// into the pass: a call per byte would serialise the lanes.
trait Step {
    fn step(&self, sid: StateID, byte: u8) -> StateID;
}

impl Step for dfa::DFA {
    #[inline(always)]
    fn step(&self, sid: StateID, byte: u8) -> StateID {
        self.next_state(Anchored::No, sid, byte)
    }
}

/// An NFA's transitions, the start state's from a table.
struct RootFirst<'a> {
    nfa: &'a contiguous::NFA,
    start: StateID,
    root: &'a [StateID; 256],
}

impl Step for RootFirst<'_> {
    #[inline(always)]
    fn step(&self, sid: StateID, byte: u8) -> StateID {
        if sid == self.start {
            self.root[usize::from(byte)]
        } else {
            self.nfa.next_state(Anchored::No, sid, byte)
        }
    }
}

/// Texts shorter than this are searched in one lane, where the lanes'
/// overlap would cost more than they save.
const LANES_FROM: usize = 48;

/// The overlapping search of `aho-corasick` (`try_find_overlapping_fwd`),
/// without its resumable state, over three thirds of `haystack` at once.
///
/// One transition per byte is a chain of dependent loads: a pass waits on
/// memory latency, not on instructions. So the text is cut into three equal
/// parts walked side by side, three independent chains the core overlaps
/// (measured on 147 bytes of Chinese: 2.2× to 3× faster than one lane with
/// the DFA, 1.3× to 2× with the NFA, whose branches limit it; two lanes gain less
/// with the DFA, four lose with the NFA).
///
/// An unanchored search started at byte `p` reports exactly the occurrences
/// that start at or after `p`, so a part starts its walk `max_pattern_len -
/// 1` bytes before its own first byte, reporting nothing there, and then
/// reports the occurrences that end inside it: every occurrence is reported
/// once, by the part it ends in. No pattern is empty, so the start state is
/// never a match state; a dead state (not reachable in an unanchored
/// standard search) is never a match state and only leads to itself.
#[inline(always)]
fn lanes<A: Automaton>(a: &A, next: &impl Step, haystack: &[u8], mut found: impl FnMut(usize)) {
    let Ok(start) = a.start_state(Anchored::No) else {
        return;
    };
    let back = a.max_pattern_len().saturating_sub(1);
    if haystack.len() < LANES_FROM.max(3 * back) {
        walk(a, next, start, haystack, &mut found);
        return;
    }
    let part = haystack.len() / 3;
    let warm = |at: usize| {
        let before = haystack.get(at.saturating_sub(back)..at).unwrap_or(&[]);
        before.iter().fold(start, |sid, &byte| next.step(sid, byte))
    };
    // The lanes' states are scalars, not an array: an array stays in memory
    // and adds a store and a load to every transition's chain.
    let (mut s1, mut s2, mut s3) = (start, warm(part), warm(2 * part));
    let (p1, rest) = haystack.split_at(part);
    let (p2, p3) = rest.split_at(part);
    for ((&b1, &b2), &b3) in p1.iter().zip(p2).zip(p3) {
        s1 = next.step(s1, b1);
        s2 = next.step(s2, b2);
        s3 = next.step(s3, b3);
        if a.is_special(s1) | a.is_special(s2) | a.is_special(s3) {
            report(a, s1, &mut found);
            report(a, s2, &mut found);
            report(a, s3, &mut found);
        }
    }
    // The last part also takes the bytes the equal cut left over.
    walk(a, next, s3, p3.get(part..).unwrap_or(&[]), &mut found);
}

/// Calls `found` with the patterns of `sid`, if it is a match state. A
/// function, not a closure, so that it is inlined: a text can pass through
/// many match states.
#[inline(always)]
fn report<A: Automaton>(a: &A, sid: StateID, found: &mut impl FnMut(usize)) {
    if a.is_match(sid) {
        (0..a.match_len(sid)).for_each(|i| found(a.match_pattern(sid, i).as_usize()));
    }
}

/// Walks `bytes` from `sid`, reporting every match state it enters.
#[inline(always)]
fn walk<A: Automaton>(a: &A, next: &impl Step, mut sid: StateID, bytes: &[u8], found: &mut impl FnMut(usize)) {
    for &byte in bytes {
        sid = next.step(sid, byte);
        if a.is_special(sid) {
            report(a, sid, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The pass finds what the overlapping iterator finds, each
        /// occurrence once, with the DFA and with the NFA, in texts short
        /// enough for one lane and long enough for several.
        #[test]
        fn finds_what_the_overlapping_iterator_finds(
            text in "[ab停车场 ]{0,120}",
            patterns in proptest::collection::vec("[ab停车场]{1,4}", 1..12),
        ) {
            let Ok(iter) = aho_corasick::AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns) else {
                return Ok(());
            };
            let mut expected: Vec<usize> = iter.find_overlapping_iter(&text).map(|m| m.pattern().as_usize()).collect();
            expected.sort_unstable();
            for ac in [KeywordAutomaton::build(&patterns, true), KeywordAutomaton::build(&patterns, false)] {
                let Ok(ac) = ac else { continue };
                let mut got = Vec::new();
                ac.each_match(&text, |k| got.push(k));
                got.sort_unstable();
                proptest::prop_assert_eq!(&got, &expected);
            }
        }
    }
}
