//! Folding a ticket's text for keyword search without copying it when
//! folding changes nothing the keywords can see.
//!
//! [`crate::fold::fold_into`] is exact but runs NFKC twice and case folding
//! over every character: for a 150-byte Chinese text that costs several times
//! the Aho-Corasick pass itself. Most hotline text is CJK ideographs, ASCII and
//! a little CJK punctuation, and for those characters folding is a fixed
//! one-character map that no neighbour can change: they are starters that
//! compose with nothing and have no case. So the fast path walks the
//! characters, copies runs of characters that fold to themselves, maps the few that fold
//! to one other character (full-width ASCII, ASCII capitals, the ideographic
//! space), and hands the whole text to the exact fold at the first character
//! it does not know. Maps to ASCII characters no keyword contains are skipped
//! (see [`fold_for_search`]). A unit test checks every character the fast path
//! claims against the exact fold, and property tests check the search result.
//!
//! The router does not even scan first: [`unkept_marks`] turns the characters
//! this fold would not leave alone into patterns of the keyword automaton, so
//! the keyword pass over the text as it stands reports whether folding was
//! needed, and only then is this fold run.

use super::fold_into;

/// What folding does to one character, when that is context-free.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Folds to itself.
    Same,
    /// Folds to this one character.
    Map(char),
    /// Not known here: use the exact fold.
    Slow,
}

/// Punctuation common in Chinese text that NFKC and case folding leave alone.
#[inline]
fn same_punct(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}'
            | '\u{00D7}'
            | '\u{2014}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{3017}'
            | '\u{301C}'
    )
}

#[inline]
fn class(c: char) -> Class {
    match c {
        'A'..='Z' => Class::Map(c.to_ascii_lowercase()),
        '\0'..='\u{7F}' => Class::Same,
        // CJK Unified Ideographs Extension A, Yijing hexagrams, CJK Unified
        // Ideographs: no decomposition, no case, never composed.
        '\u{3400}'..='\u{9FFF}' => Class::Same,
        // Full-width ASCII: NFKC maps each to its ASCII twin, then lower case.
        '\u{FF01}'..='\u{FF5E}' => match char::from_u32(c as u32 - 0xFEE0) {
            Some(a) => Class::Map(a.to_ascii_lowercase()),
            None => Class::Slow,
        },
        '\u{3000}' => Class::Map(' '),
        _ if same_punct(c) => Class::Same,
        _ => Class::Slow,
    }
}

/// Whether [`fold_for_search`] leaves `c` as it is for keywords whose ASCII
/// characters are `wanted`.
#[inline]
fn kept(c: char, wanted: u128) -> bool {
    match class(c) {
        Class::Same => true,
        Class::Map(m) => (m as u32) < 128 && wanted & (1 << (m as u32)) == 0,
        Class::Slow => false,
    }
}

/// Byte strings that mark, wherever they occur in a text, a character
/// [`fold_for_search`] does not leave as it is: a text that contains none of
/// them is searched as it stands (see [`fold_for_search`]), so they can go
/// into the keyword automaton and the one pass over the text tells whether
/// the text needed folding at all.
///
/// Each is a character's UTF-8 encoding or a prefix shared by every
/// character that starts with it (a lead byte, or a lead byte and its second
/// byte), so it starts with a byte that only starts characters and occurs
/// only where such a character does. Characters beyond the Basic
/// Multilingual Plane are never kept, so their lead bytes are marks whole.
pub(crate) fn unkept_marks(wanted: u128) -> Vec<Vec<u8>> {
    let mut marks = Vec::new();
    // Whether no character whose UTF-8 form starts with `prefix` is kept
    // (byte strings that start no character count as not kept: a `&str`
    // never holds them).
    let none_kept = |lo: u32, hi: u32| (lo..=hi).filter_map(char::from_u32).all(|c| !kept(c, wanted));
    for c in (0u32..0x80).filter_map(char::from_u32) {
        if !kept(c, wanted) {
            marks.push(vec![c as u8]);
        }
    }
    // Two bytes: lead 110xxxxx covers 64 code points; three bytes: lead
    // 1110xxxx covers 4096, a second byte 64 of them.
    for lead in 0xC2u32..=0xDF {
        let base = (lead & 0x1F) << 6;
        if none_kept(base, base + 0x3F) {
            marks.push(vec![lead as u8]);
            continue;
        }
        for cp in base..base + 0x40 {
            if char::from_u32(cp).is_some_and(|c| !kept(c, wanted)) {
                marks.push(vec![lead as u8, 0x80 | (cp & 0x3F) as u8]);
            }
        }
    }
    for lead in 0xE0u32..=0xEF {
        let base = (lead & 0x0F) << 12;
        // Below U+0800 a three-byte form would be overlong: never in UTF-8.
        if none_kept(base.max(0x800), base + 0xFFF) {
            marks.push(vec![lead as u8]);
            continue;
        }
        for second in 0..0x40u32 {
            let base = base | second << 6;
            if base < 0x800 {
                continue;
            }
            if none_kept(base, base + 0x3F) {
                marks.push(vec![lead as u8, 0x80 | second as u8]);
                continue;
            }
            for cp in base..base + 0x40 {
                if char::from_u32(cp).is_some_and(|c| !kept(c, wanted)) {
                    marks.push(vec![lead as u8, 0x80 | second as u8, 0x80 | (cp & 0x3F) as u8]);
                }
            }
        }
    }
    marks.extend((0xF0u8..=0xF4).map(|lead| vec![lead]));
    marks
}

/// Whether [`fold_for_search`] leaves every character of `text` as it is
/// for keywords whose ASCII characters are `wanted`: then a search of `text`
/// as it stands is a search of its fold. The check the automaton pass gets
/// from its marks ([`unkept_marks`]), for searches that do not walk the
/// whole text (`memmem`).
///
/// Most bytes of hotline text are ASCII, continuation bytes or the lead
/// bytes of CJK ideographs (`E4`..`E9`, U+4000 to U+9FFF), always kept; most
/// of the rest lead punctuation (`E2`, `E3`: U+2000 to U+3FFF; `EF`: the
/// full-width forms). So one branch-free pass over the bytes (it compiles to
/// vector compares) looks for any other lead byte, and capitals when they
/// matter; without one, `memchr3` finds the punctuation's lead bytes and
/// only those characters are looked at. A text with another lead byte is
/// checked character by character.
pub(crate) fn all_kept(text: &str, wanted: u128) -> bool {
    // Capital letters are kept unless their lower case is wanted.
    let caps = wanted & LOWER_ASCII != 0;
    let bytes = text.as_bytes();
    let other = bytes.iter().fold(false, |acc, &b| {
        acc | (0xC0..0xE2).contains(&b) | (b >= 0xEA) & (b != 0xEF) | caps & b.is_ascii_uppercase()
    });
    if other {
        return text.chars().all(|c| kept(c, wanted));
    }
    memchr::memchr3_iter(0xE2, 0xE3, 0xEF, bytes)
        .all(|i| text.get(i..).and_then(|s| s.chars().next()).is_none_or(|c| kept(c, wanted)))
}

/// `a`..`z` as a bit set of [`ascii_in`].
const LOWER_ASCII: u128 = ((1u128 << 26) - 1) << b'a';

/// Folds `text` exactly as [`fold_into`] does ([`fold_for_search`] with
/// every ASCII character wanted).
#[cfg(test)]
fn fold_fast<'t>(text: &'t str, buf: &'t mut String) -> &'t str {
    fold_for_search(text, buf, u128::MAX)
}

/// The ASCII characters that occur in `keywords` (folded), as a bit set.
pub(crate) fn ascii_in<'k>(keywords: impl IntoIterator<Item = &'k str>) -> u128 {
    keywords.into_iter().flat_map(str::bytes).filter(u8::is_ascii).fold(0, |set, b| set | 1 << b)
}

/// Folds `text` for a keyword search whose keywords contain only the ASCII
/// characters in `wanted` (a bit set, see [`ascii_in`]): the search finds
/// the same keywords in the result as in the exact fold.
///
/// Every context-free map of the fast path yields an ASCII character. When
/// that character occurs in no keyword, no keyword can match across it,
/// folded or not: a folded keyword never contains the unfolded character (it
/// is folded too), and a UTF-8 keyword can only match whole characters. So
/// such a character is left as it is, and a Chinese text whose only
/// changes are full-width commas is searched in place, without a copy.
///
/// Returns `text` itself when nothing wanted changes, else `buf`'s contents;
/// runs of characters kept as they are are copied whole. With every ASCII
/// character wanted the result is exactly [`fold_into`]'s.
pub(crate) fn fold_for_search<'t>(text: &'t str, buf: &'t mut String, wanted: u128) -> &'t str {
    // How much of `text` is already folded into `buf`; `None` while folding
    // has changed nothing (and `buf` holds nothing of this text).
    let mut done: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if kept(c, wanted) {
            continue;
        }
        let Class::Map(m) = class(c) else {
            // Not context-free: fold exactly.
            fold_into(text, buf);
            return buf;
        };
        let from = done.unwrap_or_else(|| {
            buf.clear();
            0
        });
        buf.push_str(text.get(from..i).unwrap_or_default());
        buf.push(m);
        done = Some(i + c.len_utf8());
    }
    match done {
        None => text,
        Some(from) => {
            buf.push_str(text.get(from..).unwrap_or_default());
            buf
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;

    fn claimed() -> impl Iterator<Item = char> {
        (0u32..0x80)
            .chain(0x3000..0xA000)
            .chain(0xFF00..0xFF70)
            .chain(0x2000..0x2100)
            .chain(0xB0..0x100)
            .filter_map(char::from_u32)
    }

    #[test]
    fn every_claimed_char_folds_as_the_exact_fold() {
        for c in claimed() {
            let expected = fold(&c.to_string());
            match class(c) {
                Class::Same => assert_eq!(expected, c.to_string(), "{c:?} U+{:04X}", c as u32),
                Class::Map(m) => assert_eq!(expected, m.to_string(), "{c:?} U+{:04X}", c as u32),
                Class::Slow => {}
            }
        }
    }

    #[test]
    fn mixed_texts_fold_as_the_exact_fold() {
        let samples = [
            "",
            "健身房关门了，办的年卡退不了钱",
            "ＡＰＰ下载后无法退款",
            "APP 退款 Refund",
            "小区停车场收费太高。【紧急】",
            "e\u{301}cole café",
            "カ\u{3099}ギ",
            "ﬁ ＦＩＬＥ ǅ ẞ İstanbul",
            "\u{3000}全角空格\u{3000}",
            "㍿株式会社",
        ];
        let mut buf = String::new();
        for s in samples {
            assert_eq!(fold_fast(s, &mut buf), fold(s), "{s:?}");
        }
    }

    proptest::proptest! {
        /// Texts mixing every class of character, so runs, maps and the exact
        /// fallback meet at every position.
        #[test]
        fn any_mix_folds_as_the_exact_fold(s in "[a-zA-Z0-9 ,.种子出芽率停车场Ａｂ１，。、《》\u{3000}é\u{301}ﬁİ㍿😀]{0,40}") {
            let mut buf = String::from("stale");
            proptest::prop_assert_eq!(fold_fast(&s, &mut buf), fold(&s));
        }
    }

    proptest::proptest! {
        /// Searching the partial fold finds exactly the keywords that
        /// searching the exact fold finds.
        #[test]
        fn the_search_fold_finds_what_the_exact_fold_finds(
            s in "[a-zA-Z0-9 ,.种子出芽率停车场Ａｂ１，。、\u{3000}é\u{301}ﬁ]{0,30}",
            keywords in proptest::collection::vec("[a-b ,.种子Ａ，]{1,3}", 1..5),
        ) {
            let folded: Vec<String> = keywords.iter().map(|k| fold(k)).filter(|k| !k.is_empty()).collect();
            let Ok(ac) = aho_corasick::AhoCorasick::new(&folded) else { return Ok(()) };
            let found = |t: &str| {
                let mut ids: Vec<usize> = ac.find_overlapping_iter(t).map(|m| m.pattern().as_usize()).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            };
            let mut buf = String::new();
            let wanted = ascii_in(folded.iter().map(String::as_str));
            proptest::prop_assert_eq!(found(fold_for_search(&s, &mut buf, wanted)), found(&fold(&s)));
        }
    }

    #[test]
    fn irrelevant_full_width_punctuation_is_searched_in_place() {
        let mut buf = String::new();
        let text = "健身房关门了，办的年卡退不了钱。";
        assert!(std::ptr::eq(fold_for_search(text, &mut buf, ascii_in(["年卡"])), text));
        assert_eq!(fold_for_search(text, &mut buf, ascii_in(["年卡,"])), "健身房关门了,办的年卡退不了钱。");
    }

    /// Every CJK punctuation mark and full-width form, alone and between
    /// ideographs, for keywords with and without ASCII: the patterns of the
    /// tight loop agree with the exact fold.
    #[test]
    fn every_punctuation_mark_reads_as_the_exact_fold() {
        let mut buf = String::new();
        for c in (0x3000..0x3040).chain(0xFF00..0xFF70).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("种{c}子"), format!("{c}{c}")] {
                assert_eq!(fold_fast(&s, &mut buf), fold(&s), "U+{:04X}", c as u32);
                for wanted in [0, ascii_in([",", "a", " !~"])] {
                    let search = fold_for_search(&s, &mut buf, wanted).to_owned();
                    let exact = fold(&s);
                    // Only maps to ASCII outside `wanted` may be left out.
                    assert_eq!(search.chars().count(), exact.chars().count(), "U+{:04X}", c as u32);
                    for (x, y) in search.chars().zip(exact.chars()) {
                        assert!(x == y || (y.is_ascii() && wanted & (1 << y as u32) == 0), "U+{:04X}", c as u32);
                    }
                }
            }
        }
    }

    #[test]
    fn unchanged_text_is_not_copied() {
        let mut buf = String::new();
        let text = "种子出芽率低, refund please";
        assert!(std::ptr::eq(fold_fast(text, &mut buf), text));
    }

    fn has_mark(text: &str, marks: &[Vec<u8>]) -> bool {
        let bytes = text.as_bytes();
        marks.iter().any(|m| bytes.windows(m.len()).any(|w| w == m.as_slice()))
    }

    #[test]
    fn a_character_is_marked_exactly_when_it_is_not_kept() {
        let others = (0x100..0x3000).step_by(7).chain([0xD7FF, 0xE000, 0xFFFD, 0x1_0000, 0x1F600, 0x10_FFFF]);
        for wanted in [0, ascii_in(["a", ","]), u128::MAX] {
            let marks = unkept_marks(wanted);
            for c in claimed().chain(others.clone().filter_map(char::from_u32)) {
                let s = c.to_string();
                assert_eq!(has_mark(&s, &marks), !kept(c, wanted), "U+{:04X} wanted {wanted:x}", c as u32);
            }
        }
        // No character beyond the Basic Multilingual Plane is kept.
        assert!((0x1_0000..0x11_0000).step_by(97).filter_map(char::from_u32).all(|c| !kept(c, 0)));
    }

    proptest::proptest! {
        /// A text without marks is searched as it stands; a text with one
        /// has a character that is not kept.
        #[test]
        fn a_text_without_marks_is_searched_in_place(
            s in "[a-zA-Z0-9 ,.种子出芽率停车场Ａｂ１，。、《》“”·×\u{3000}é\u{301}ﬁİ㍿😀ÀαБ]{0,30}",
            keywords in proptest::collection::vec("[a-b ,.种子Ａ，]{1,3}", 1..5),
        ) {
            let wanted = ascii_in(keywords.iter().map(String::as_str));
            let marked = has_mark(&s, &unkept_marks(wanted));
            proptest::prop_assert_eq!(marked, !s.chars().all(|c| kept(c, wanted)));
            let mut buf = String::new();
            if !marked {
                proptest::prop_assert!(std::ptr::eq(fold_for_search(&s, &mut buf, wanted), s.as_str()));
            }
        }
    }
    proptest::proptest! {
        /// The block screen of `all_kept` agrees with `kept` character by
        /// character, in texts long enough for several blocks, whose odd
        /// characters fall at every offset of a block.
        #[test]
        fn all_kept_is_every_character_kept(
            s in "[a-zA-Z0-9 ,.种子出芽率停车场Ａｂ１，。、《》“”·×\u{3000}é\u{301}ﬁİ㍿😀ÀαБ㐀]{0,90}",
            keywords in proptest::collection::vec("[a-bA ,.种子Ａ，]{1,3}", 0..5),
        ) {
            let wanted = ascii_in(keywords.iter().map(String::as_str));
            proptest::prop_assert_eq!(all_kept(&s, wanted), s.chars().all(|c| kept(c, wanted)));
        }
    }

    #[test]
    fn all_kept_looks_at_every_odd_character() {
        let chinese = "健身房关门了，办的年卡退不了钱。".repeat(5);
        assert!(all_kept(&chinese, ascii_in(["年卡"])));
        assert!(!all_kept(&chinese, ascii_in(["年卡,"])));
        for at in [0, 31, 32, 33, 63, 64, 100] {
            let (mut slow, mut caps) = (chinese.clone(), chinese.clone());
            let i = (0..=at.min(chinese.len())).rev().find(|&i| chinese.is_char_boundary(i)).unwrap_or(0);
            slow.insert(i, 'é');
            caps.insert(i, 'A');
            assert!(!all_kept(&slow, 0), "é at {i}");
            assert!(all_kept(&caps, 0) && !all_kept(&caps, ascii_in(["a"])), "A at {i}");
        }
    }
}
