//! Sound-alike keywords (同音, docs/spec.md §5 step 5): which characters share a
//! Mandarin reading, and whether a text contains a keyword *by sound* — with
//! exactly one character replaced by another that sounds the same, as a
//! pinyin input method or a transcription slips (燥音 for 噪音).
//!
//! Readings are those of the pinyin-data project through the `pinyin` crate,
//! tones removed, every reading of a heteronym counted; ü stays distinct
//! from u (the crate writes it `ü`). A character with no reading there is not
//! Chinese for this purpose and sounds like nothing.
//!
//! This is the plain definition, for the reference router and the
//! explainer; the compiled matcher keeps an index over the rule set's own
//! keywords (`compile/sound.rs`), held to this one by the differential test.

use pinyin::ToPinyinMulti;

/// The toneless readings of `c`, every reading of a heteronym once or more
/// (a heteronym read with two tones of one syllable yields it twice); none
/// when `c` is not a Chinese character.
pub fn readings(c: char) -> impl Iterator<Item = &'static str> {
    c.to_pinyin_multi().into_iter().flatten().map(|p| p.plain())
}

/// Whether `a` and `b` are different characters sharing a toneless reading.
pub fn sound_alike(a: char, b: char) -> bool {
    a != b && readings(a).any(|ra| readings(b).any(|rb| ra == rb))
}

/// The fewest characters a keyword needs to match by sound: one slip in a
/// one-character keyword would make it any homophone at all.
pub const MIN_CHARS: usize = 2;

/// The run of `text` that contains `keyword` by sound, if any: as long as the
/// keyword, equal to it except at exactly one place, where both characters
/// sound alike. Both are folded (docs/spec.md §4); a keyword of fewer than
/// [`MIN_CHARS`] characters never matches. An exact occurrence is not a match
/// by sound: the caller scores that as containment.
///
/// ```
/// assert_eq!(zeren::sound::find_by_sound("楼上燥音很大", "噪音"), Some("燥音".to_string()));
/// assert_eq!(zeren::sound::find_by_sound("楼上燥因很大", "噪音"), None); // two slips
/// assert_eq!(zeren::sound::find_by_sound("燥", "噪"), None); // one character
/// ```
pub fn find_by_sound(text: &str, keyword: &str) -> Option<String> {
    let kw: Vec<char> = keyword.chars().collect();
    if kw.len() < MIN_CHARS {
        return None;
    }
    let text: Vec<char> = text.chars().collect();
    text.windows(kw.len())
        .find(|run| {
            let mut slips = run.iter().zip(&kw).filter(|(t, k)| t != k);
            matches!((slips.next(), slips.next()), (Some((t, k)), None) if sound_alike(*t, *k))
        })
        .map(|run| run.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homophones_from_pinyin_data() {
        assert!(sound_alike('燥', '噪'));
        assert!(sound_alike('悌', '梯'));
        assert!(sound_alike('效', '校'));
        assert!(!sound_alike('噪', '噪'));
        assert!(!sound_alike('a', 'b'));
        assert!(!sound_alike('噪', 'z'));
        // ü is not u: 吕 lǚ, 鲁 lǔ; 吕 and 旅 are both lǚ.
        assert_eq!(readings('吕').collect::<Vec<_>>(), ["lü"]);
        assert!(!sound_alike('吕', '鲁'));
        assert!(sound_alike('吕', '旅'));
        // A heteronym: 绿 is lǜ and also lù (绿林), so it sounds like 路.
        assert!(sound_alike('绿', '路'));
        // Every reading of a heteronym counts: 行 xíng and háng.
        assert!(sound_alike('行', '杭'));
        assert!(sound_alike('行', '形'));
    }

    #[test]
    fn one_slip_exactly() {
        assert_eq!(find_by_sound("电悌坏了", "电梯").as_deref(), Some("电悌"));
        assert_eq!(find_by_sound("电梯坏了", "电梯"), None);
        assert_eq!(find_by_sound("的低", "滴滴"), None);
        assert_eq!(find_by_sound("", "电梯"), None);
    }
}
