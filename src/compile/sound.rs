//! Keywords by sound (同音, docs/spec.md §5 step 5), compiled: which keywords a
//! ticket's text contains with exactly one character replaced by one that
//! sounds the same. [`crate::sound::find_by_sound`] is the definition; this
//! is its fast copy over the rule set's own keywords, held to it by the
//! differential test.
//!
//! A match by sound has one slip at some place `p` of the keyword, and every
//! other character exact; a keyword has at least two characters, so the slip
//! has an exact neighbour: the one before it, or (for a slip at the start)
//! the one after. So the index is keyed by (text attribute, toneless reading
//! of the slipped character, that neighbour, which side), built at compile
//! time from the keywords' characters only. Routing walks the text once: for
//! each character, each of its readings that some keyword character has, and
//! each neighbour, one hash lookup gives the few (keyword, place) pairs to
//! verify. Readings of the text's characters come from the `pinyin` crate's
//! tables, which allocate nothing.

use super::conds::KwInfo;
use super::hash::FxMap;
use crate::sound::{readings, MIN_CHARS};

/// The anchor is the character before the slip.
const BEFORE: bool = false;
/// The anchor is the character after the slip (a slip at the start).
const AFTER: bool = true;

/// (text attribute, reading id, anchor character, anchor side).
type Anchor = (u32, u32, char, bool);

/// The index of one rule set's keywords by sound.
#[derive(Debug)]
pub(crate) struct SoundIndex {
    /// The weight of a keyword contained by sound (`homophone W`).
    pub weight: f64,
    /// The text attributes with keywords that can match by sound, ascending.
    pub attrs: Vec<u32>,
    /// The toneless readings of the keywords' characters → their ids.
    syllables: FxMap<&'static str, u32>,
    /// (attribute, reading id, anchor character, side) → `entries[start..start + len]`.
    anchors: FxMap<Anchor, (u32, u32)>,
    /// (keyword, place of the slip).
    entries: Vec<(u32, u32)>,
    /// Keyword id → its characters in `chars` (empty for keywords too short).
    kw_chars: Vec<(u32, u32)>,
    chars: Vec<char>,
}

impl SoundIndex {
    /// The index of `kws` (every keyword of the rule set, by id); `None` when
    /// no keyword can match by sound.
    pub(crate) fn new(weight: f64, kws: &[KwInfo]) -> Option<SoundIndex> {
        let mut syllables: FxMap<&'static str, u32> = FxMap::default();
        let mut keyed: Vec<(Anchor, (u32, u32))> = Vec::new();
        let mut kw_chars = Vec::with_capacity(kws.len());
        let mut chars = Vec::new();
        let mut attrs = Vec::new();
        for (k, info) in kws.iter().enumerate() {
            let cs: Vec<char> = info.folded.chars().collect();
            if cs.len() < MIN_CHARS {
                kw_chars.push((0, 0));
                continue;
            }
            kw_chars.push((chars.len() as u32, cs.len() as u32));
            chars.extend_from_slice(&cs);
            attrs.push(info.attr);
            for (p, &c) in cs.iter().enumerate() {
                let anchor = match p.checked_sub(1) {
                    Some(before) => cs.get(before).map(|&a| (a, BEFORE)),
                    None => cs.get(1).map(|&a| (a, AFTER)),
                };
                let Some((anchor, side)) = anchor else { continue };
                for r in readings(c) {
                    let next = syllables.len() as u32;
                    let sid = *syllables.entry(r).or_insert(next);
                    keyed.push(((info.attr, sid, anchor, side), (k as u32, p as u32)));
                }
            }
        }
        if keyed.is_empty() {
            return None;
        }
        keyed.sort_unstable();
        keyed.dedup();
        let mut anchors: FxMap<Anchor, (u32, u32)> = FxMap::default();
        let mut entries = Vec::with_capacity(keyed.len());
        for (key, entry) in keyed {
            let at = entries.len() as u32;
            let span = anchors.entry(key).or_insert((at, 0));
            span.1 += 1;
            entries.push(entry);
        }
        attrs.sort_unstable();
        attrs.dedup();
        Some(SoundIndex { weight, attrs, syllables, anchors, entries, kw_chars, chars })
    }

    /// Calls `mark` with every keyword of attribute `attr` that `text` (the
    /// folded text, as characters) contains by sound; a keyword may be
    /// reported more than once. Allocates nothing.
    pub(crate) fn scan(&self, attr: u32, text: &[char], mut mark: impl FnMut(u32)) {
        for (j, &t) in text.iter().enumerate() {
            let before = j.checked_sub(1).and_then(|i| text.get(i));
            let after = text.get(j + 1);
            for r in readings(t) {
                let Some(&sid) = self.syllables.get(r) else { continue };
                for (anchor, side) in [(before, BEFORE), (after, AFTER)] {
                    let Some(&a) = anchor else { continue };
                    let Some(&(start, len)) = self.anchors.get(&(attr, sid, a, side)) else { continue };
                    for &(k, p) in self.entries.get(start as usize..(start + len) as usize).unwrap_or(&[]) {
                        if self.verify(k, p as usize, text, j) {
                            mark(k);
                        }
                    }
                }
            }
        }
    }

    /// Whether keyword `k` with its slip at place `p` lies in `text` with
    /// that place at `j`: the slipped character differs (it sounds the same
    /// by construction) and every other one is exact.
    fn verify(&self, k: u32, p: usize, text: &[char], j: usize) -> bool {
        let Some(&(start, len)) = self.kw_chars.get(k as usize) else { return false };
        let Some(kw) = self.chars.get(start as usize..(start + len) as usize) else { return false };
        let Some(run) = j.checked_sub(p).and_then(|s| text.get(s..s + kw.len())) else { return false };
        run.iter().zip(kw).enumerate().all(|(i, (t, c))| if i == p { t != c } else { t == c })
    }

    /// Heap bytes held.
    pub(crate) fn memory_usage(&self) -> usize {
        self.syllables.capacity() * 24
            + self.anchors.capacity() * 28
            + self.entries.capacity() * 8
            + self.kw_chars.capacity() * 8
            + self.chars.capacity() * 4
            + self.attrs.capacity() * 4
    }
}
