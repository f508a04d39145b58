//! The symbol table of one attribute: from a ticket's value to the slot the
//! conditions know it by.
//!
//! This lookup runs for every symbol attribute of every ticket, on values of a
//! few bytes. A general hash map spends most of its time around the probe
//! (hashing through the `Hasher` trait, group scans, a library call to compare
//! the key), so the table is a small open-addressing array built once: the
//! key's hash picks a bucket, a bucket stores the full 64-bit hash, and bytes
//! are compared only when the hashes agree. At most half the buckets are
//! full, so a probe ends at an empty bucket within a few steps.

/// A bucket: the key's hash, where its bytes are, and its slot.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    hash: u64,
    start: u32,
    len: u32,
    slot: u32,
}

/// No key: the probe for a missing key ends here.
const EMPTY: u32 = u32::MAX;

/// A read-only map from symbol values to slots.
#[derive(Debug)]
pub(crate) struct SymbolTable {
    buckets: Box<[Bucket]>,
    /// All keys, concatenated.
    bytes: Box<[u8]>,
    /// `64 - log2(buckets.len())`: the hash's top bits pick the bucket.
    shift: u32,
}

/// One multiply per 8 bytes, then a final multiply so the top bits (which
/// pick the bucket) depend on every byte. The keys are the rule set's own
/// values; a ticket can only probe them, so flooding is not a concern.
#[inline]
fn hash(key: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    let mut word = [0u8; 8];
    if let Some(w) = word.get_mut(..rest.len()) {
        w.copy_from_slice(rest);
    }
    h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    h ^ (h >> 29)
}

impl SymbolTable {
    /// A table of `entries` (distinct keys).
    pub fn new<'k>(entries: impl ExactSizeIterator<Item = (&'k str, u32)>) -> SymbolTable {
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let shift = 64 - size.trailing_zeros();
        let mut buckets = vec![Bucket { hash: 0, start: 0, len: 0, slot: EMPTY }; size];
        let mut bytes = Vec::new();
        for (key, slot) in entries {
            let h = hash(key.as_bytes());
            let mut i = (h >> shift) as usize;
            while buckets.get(i).is_some_and(|b| b.slot != EMPTY) {
                i = (i + 1) & (size - 1);
            }
            if let Some(b) = buckets.get_mut(i) {
                *b = Bucket { hash: h, start: bytes.len() as u32, len: key.len() as u32, slot };
            }
            bytes.extend_from_slice(key.as_bytes());
        }
        SymbolTable { buckets: buckets.into(), bytes: bytes.into(), shift }
    }

    /// The slot of `key`, if it is in the table.
    #[inline]
    pub fn get(&self, key: &str) -> Option<u32> {
        let key = key.as_bytes();
        let h = hash(key);
        let mask = self.buckets.len().wrapping_sub(1);
        let mut i = (h >> self.shift) as usize;
        loop {
            let b = self.buckets.get(i)?;
            if b.slot == EMPTY {
                return None;
            }
            if b.hash == h && self.bytes.get(b.start as usize..(b.start + b.len) as usize) == Some(key) {
                return Some(b.slot);
            }
            i = (i + 1) & mask;
        }
    }

    /// Heap bytes.
    pub fn memory_usage(&self) -> usize {
        self.buckets.len() * std::mem::size_of::<Bucket>() + self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every key finds its slot and nothing else finds one, at every size
        /// (so with collisions and wrap-around probes).
        #[test]
        fn finds_exactly_its_keys(
            keys in proptest::collection::btree_set("[a-c种子]{0,10}", 0..64),
            probes in proptest::collection::vec("[a-d种子]{0,10}", 0..32),
        ) {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let table = SymbolTable::new(keys.iter().enumerate().map(|(i, k)| (*k, i as u32)));
            for (i, k) in keys.iter().enumerate() {
                proptest::prop_assert_eq!(table.get(k), Some(i as u32));
            }
            for p in &probes {
                proptest::prop_assert_eq!(table.get(p), keys.iter().position(|k| k == p).map(|i| i as u32));
            }
        }
    }
}
