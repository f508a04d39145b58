//! A small set of case indices: the cases of one finite attribute that are
//! still possible. Up to 128 cases live inline (every realistic attribute),
//! so the search's undo trail does not allocate.
//!
//! INVARIANT: the sets combined in one operation have the same width (they
//! belong to one slot), so word-wise zips see every word.

use smallvec::SmallVec;

/// A fixed-width bit set over `0..len` (the width is set by [`Bits::full`]).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Bits {
    words: SmallVec<[u64; 2]>,
}

impl Bits {
    /// The empty set, wide enough for `len` cases.
    pub(crate) fn empty(len: usize) -> Bits {
        Bits { words: SmallVec::from_elem(0, len.div_ceil(64)) }
    }

    /// The set of every case in `0..len`.
    pub(crate) fn full(len: usize) -> Bits {
        let mut b = Bits::empty(len);
        for i in 0..len {
            b.insert(i);
        }
        b
    }

    /// Adds case `i` (ignored when out of width).
    pub(crate) fn insert(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    /// Whether case `i` is in the set.
    #[cfg(test)]
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Whether the set is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// `self ∩ other`.
    pub(crate) fn and(&self, other: &Bits) -> Bits {
        Bits { words: self.words.iter().zip(other.words.iter()).map(|(a, b)| a & b).collect() }
    }

    /// `self ∖ other`.
    pub(crate) fn and_not(&self, other: &Bits) -> Bits {
        Bits { words: self.words.iter().zip(other.words.iter()).map(|(a, b)| a & !b).collect() }
    }

    /// Whether `self ⊆ other`.
    pub(crate) fn is_subset(&self, other: &Bits) -> bool {
        self.words.iter().zip(other.words.iter()).all(|(a, b)| a & !b == 0)
    }

    /// Whether `self ∩ other` is non-empty.
    pub(crate) fn intersects(&self, other: &Bits) -> bool {
        self.words.iter().zip(other.words.iter()).any(|(a, b)| a & b != 0)
    }

    /// The lowest case in the set.
    pub(crate) fn first(&self) -> Option<usize> {
        self.words.iter().enumerate().find(|(_, w)| **w != 0).map(|(i, w)| i * 64 + w.trailing_zeros() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn set_operations() {
        let full = Bits::full(130);
        let mut a = Bits::empty(130);
        a.insert(3);
        a.insert(129);
        assert!(a.contains(129) && !a.contains(128));
        assert!(a.is_subset(&full) && !full.is_subset(&a));
        assert_eq!(full.and_not(&a).first(), Some(0));
        assert_eq!(a.first(), Some(3));
        assert!(a.intersects(&full));
        assert!(full.and_not(&full).is_empty());
        assert_eq!(a.and(&full), a);
    }
}
