//! The symbol table of one attribute: from a ticket's value to the slot the
//! conditions know it by.
//!
//! This lookup runs for every symbol attribute of every ticket, on values of a
//! few bytes. A general hash map spends most of its time around the probe
//! (hashing through the `Hasher` trait, group scans, a library call to compare
//! the key), so the table is a small open-addressing array built once: the
//! key's hash picks a bucket, a bucket stores the full 64-bit hash and the
//! key's first 16 bytes, so a short key is compared by two words and only a
//! longer one touches its bytes. At most half the buckets are full, so a
//! probe ends at an empty bucket within a few steps.

/// A bucket: the key's hash and first 16 bytes, where its bytes are, and its
/// slot. Keys of at most 16 bytes (most symbol values: `cat3`, `健身房`) are
/// compared by the two words alone.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    hash: u64,
    head: [u64; 2],
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
    /// All keys longer than 16 bytes, concatenated.
    bytes: Box<[u8]>,
    /// `64 - log2(buckets.len())`: the hash's top bits pick the bucket.
    shift: u32,
}

/// Up to 8 bytes as a little-endian word, zero-padded, with at most three
/// loads and no loop (overlapping reads OR the same byte onto itself).
#[inline(always)]
fn word(b: &[u8]) -> u64 {
    let le4 =
        |s: Option<&[u8]>| s.and_then(|s| s.try_into().ok()).map_or(0, |a: [u8; 4]| u64::from(u32::from_le_bytes(a)));
    let byte = |i: usize| b.get(i).map_or(0, |&x| u64::from(x)) << (8 * i);
    match b.len() {
        0 => 0,
        1..=3 => byte(0) | byte(b.len() / 2) | byte(b.len() - 1),
        4..=7 => le4(b.get(..4)) | le4(b.get(b.len() - 4..)) << (8 * (b.len() - 4)),
        _ => b.get(..8).and_then(|s| s.try_into().ok()).map_or(0, u64::from_le_bytes),
    }
}

/// A key's first 16 bytes as two little-endian words, zero-padded.
#[inline(always)]
fn head(key: &[u8]) -> [u64; 2] {
    let (lo, hi) = key.split_at(key.len().min(8));
    [word(lo), word(hi.get(..hi.len().min(8)).unwrap_or(&[]))]
}

/// One multiply per 8 bytes, then a final mix so the top bits (which pick
/// the bucket) depend on every byte. The keys are the rule set's own values;
/// a ticket can only probe them, so flooding is not a concern.
#[inline]
fn hash(key: &[u8], head: [u64; 2]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(K);
    let mut h = mix(mix(key.len() as u64, head[0]), head[1]);
    if let Some(tail) = key.get(16..) {
        let mut chunks = tail.chunks(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            if let Some(w) = word.get_mut(..chunk.len()) {
                w.copy_from_slice(chunk);
            }
            h = mix(h, u64::from_le_bytes(word));
        }
    }
    h ^ (h >> 29)
}

impl SymbolTable {
    /// A table of `entries` (distinct keys).
    pub fn new<'k>(entries: impl ExactSizeIterator<Item = (&'k str, u32)>) -> SymbolTable {
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let shift = 64 - size.trailing_zeros();
        let mut buckets = vec![Bucket { hash: 0, head: [0; 2], start: 0, len: 0, slot: EMPTY }; size];
        let mut bytes = Vec::new();
        for (key, slot) in entries {
            let key = key.as_bytes();
            let head = head(key);
            let h = hash(key, head);
            let mut i = (h >> shift) as usize;
            while buckets.get(i).is_some_and(|b| b.slot != EMPTY) {
                i = (i + 1) & (size - 1);
            }
            if let Some(b) = buckets.get_mut(i) {
                *b = Bucket { hash: h, head, start: bytes.len() as u32, len: key.len() as u32, slot };
            }
            if key.len() > 16 {
                bytes.extend_from_slice(key);
            }
        }
        SymbolTable { buckets: buckets.into(), bytes: bytes.into(), shift }
    }

    /// The slot of `key`, if it is in the table.
    #[inline(always)]
    pub fn get(&self, key: &str) -> Option<u32> {
        let key = key.as_bytes();
        let head = head(key);
        let h = hash(key, head);
        let mask = self.buckets.len().wrapping_sub(1);
        let mut i = (h >> self.shift) as usize;
        loop {
            let b = self.buckets.get(i)?;
            if b.slot == EMPTY {
                return None;
            }
            if b.hash == h && b.head == head && b.len as usize == key.len() && self.tail_is(b, key) {
                return Some(b.slot);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether a bucket whose head and length match holds `key`.
    #[inline]
    fn tail_is(&self, b: &Bucket, key: &[u8]) -> bool {
        key.len() <= 16 || self.bytes.get(b.start as usize..b.start as usize + key.len()) == Some(key)
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
            keys in proptest::collection::btree_set("[a-c种子]{0,12}", 0..64),
            probes in proptest::collection::vec("[a-d种子]{0,12}", 0..32),
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
