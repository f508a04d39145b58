//! A small, fast, non-cryptographic hasher for the symbol dispatch maps.
//!
//! Symbol values are short strings (a category, a venue), and the lookup from
//! a ticket's value to its interned slot is on the hot path of every route.
//! SipHash (the std default) costs more than the rest of a symbol lookup, so
//! the maps use the multiply-rotate hash of rustc's `FxHasher`. The keys are
//! the rule set's own values, fixed at build time; a ticket can only probe
//! them, so flooding is not a concern.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map keyed with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// rustc's Fx hash: one rotate, xor and multiply per 8 bytes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Approximate heap bytes of a map: hashbrown stores one control byte per
/// bucket beside the entries, and keeps at most 7/8 of its buckets full.
pub(crate) fn map_memory<K, V>(map: &FxMap<K, V>) -> usize {
    let buckets = map.capacity() * 8 / 7 + 1;
    buckets * (std::mem::size_of::<(K, V)>() + 1)
}
