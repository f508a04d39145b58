//! The keyword automaton of a text attribute, and the one pass over a text
//! that finds every keyword in it.
//!
//! Routing needs the *set* of keywords a text contains, including keywords
//! contained in others (`停车` in `停车场`): an overlapping search with
//! standard semantics. `aho-corasick`'s overlapping iterator keeps a resumable
//! state between matches, which costs several times the transitions
//! themselves on a 150-byte text, so the pass here walks the automaton
//! directly — one transition per byte, and the match list of every match
//! state — exactly as that iterator does, minus the bookkeeping.

use aho_corasick::automaton::Automaton;
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
pub enum KeywordAutomaton {
    /// A DFA, for up to [`DFA_MAX_PATTERNS`] keywords.
    Dfa(dfa::DFA),
    /// A contiguous NFA, for more.
    Nfa(contiguous::NFA),
}

impl KeywordAutomaton {
    /// Builds the automaton of `patterns` (non-empty strings; their index is
    /// the id [`KeywordAutomaton::each_match`] reports).
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<KeywordAutomaton, BuildError> {
        if patterns.len() <= DFA_MAX_PATTERNS {
            let mut b = dfa::Builder::new();
            b.match_kind(MatchKind::Standard).prefilter(false);
            b.build(patterns).map(KeywordAutomaton::Dfa)
        } else {
            let mut b = contiguous::Builder::new();
            b.match_kind(MatchKind::Standard).prefilter(false);
            b.build(patterns).map(KeywordAutomaton::Nfa)
        }
    }

    /// Calls `found` with the id of every keyword occurrence in `text`, in
    /// order of end position (a keyword occurring twice is reported twice).
    #[inline]
    pub fn each_match(&self, text: &str, found: impl FnMut(usize)) {
        match self {
            KeywordAutomaton::Dfa(a) => pass(a, text.as_bytes(), found),
            KeywordAutomaton::Nfa(a) => pass(a, text.as_bytes(), found),
        }
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        match self {
            KeywordAutomaton::Dfa(a) => a.memory_usage(),
            KeywordAutomaton::Nfa(a) => a.memory_usage(),
        }
    }
}

/// The overlapping search of `aho-corasick` (`try_find_overlapping_fwd`),
/// without its resumable state. The start state is never a match state: no
/// pattern is empty.
#[inline(always)]
fn pass<A: Automaton>(a: &A, haystack: &[u8], mut found: impl FnMut(usize)) {
    let Ok(mut sid) = a.start_state(Anchored::No) else {
        return;
    };
    for &byte in haystack {
        sid = a.next_state(Anchored::No, sid, byte);
        if a.is_special(sid) {
            if a.is_dead(sid) {
                return;
            }
            if a.is_match(sid) {
                (0..a.match_len(sid)).for_each(|i| found(a.match_pattern(sid, i).as_usize()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The pass finds what the overlapping iterator finds, in the same
        /// order, with the DFA and with the NFA.
        #[test]
        fn finds_what_the_overlapping_iterator_finds(
            text in "[ab停车场 ]{0,40}",
            patterns in proptest::collection::vec("[ab停车场]{1,4}", 1..12),
        ) {
            let Ok(iter) = aho_corasick::AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns) else {
                return Ok(());
            };
            let expected: Vec<usize> = iter.find_overlapping_iter(&text).map(|m| m.pattern().as_usize()).collect();
            let mut dfa = dfa::Builder::new();
            let mut nfa = contiguous::Builder::new();
            dfa.match_kind(MatchKind::Standard).prefilter(false);
            nfa.match_kind(MatchKind::Standard).prefilter(false);
            for ac in [dfa.build(&patterns).map(KeywordAutomaton::Dfa), nfa.build(&patterns).map(KeywordAutomaton::Nfa)] {
                let Ok(ac) = ac else { continue };
                let mut got = Vec::new();
                ac.each_match(&text, |k| got.push(k));
                proptest::prop_assert_eq!(&got, &expected);
            }
        }
    }
}
