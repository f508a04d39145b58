//! Text folding for keyword matching: Unicode NFKC, then case folding.
//!
//! Both sides of `has` are folded the same way (docs/spec.md §4), so full-width
//! `ＡＰＰ` matches `app`. Folding a ticket's text into a caller-held buffer
//! ([`fold_into`]) reuses its capacity: the hot path does not allocate once
//! the buffer has grown to the largest text seen.

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;

pub(crate) mod fast;

/// Folds `s` into a new string.
///
/// ```
/// assert_eq!(zeren::fold::fold("ＡＰＰ下载"), "app下载");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Folds `s` into `out`, replacing its contents.
///
/// ```
/// let mut buf = String::new();
/// zeren::fold::fold_into("Ｈｅｌｌｏ", &mut buf);
/// assert_eq!(buf, "hello");
/// ```
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        // The common fast path: NFKC is the identity on ASCII and case folding
        // is ASCII lowercasing.
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    // NFKC, fold case, NFKC again: case folding can produce sequences that are
    // not in normal form (e.g. U+0130), and the result must be stable.
    out.extend(s.chars().nfkc().default_case_fold().nfkc());
}
