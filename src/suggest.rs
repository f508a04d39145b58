//! "Did you mean …?": the declared name nearest to a misspelt one.
//!
//! One place for every suggestion the crate makes (unknown names at load
//! time, `zeren graph --matter`, `zeren replay --map`), so they all agree on
//! what counts as a slip.

/// The candidate nearest to `name`, if it is near enough to be a slip: an
/// edit distance of at most a third of `name`'s length (and at least 1).
/// `name` itself is never suggested.
///
/// ```
/// assert_eq!(zeren::suggest::closest("scjj", ["scjg", "gaj"]), Some("scjg"));
/// assert_eq!(zeren::suggest::closest("gja", ["scjg", "gaj"]), Some("gaj"));
/// assert_eq!(zeren::suggest::closest("完全不同的名字", ["预付卡退费"]), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = edit_distance(name, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance over characters, a swap of neighbours counting as one edit
/// (optimal string alignment), so `gja` is one slip from `gaj`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j].
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        if let Some(first) = row.first_mut() {
            *first = i;
        }
    }
    if let Some(row) = rows.first_mut() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = j;
        }
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("scjg", "scjj"), 1);
        assert_eq!(edit_distance("出版物经营", "出版物经销"), 1);
        assert_eq!(edit_distance("出版物市", "出版物市场"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("gja", "gaj"), 1);
    }

    #[test]
    fn suggestions_are_near_misses_only() {
        assert_eq!(closest("预付卡退", ["预付卡退费", "停车场"]), Some("预付卡退费"));
        assert_eq!(closest("scjj", ["scjg", "gaj", "xfj"]), Some("scjg"));
        assert_eq!(closest("zzzzzz", ["scjg", "gaj", "xfj"]), None);
        assert_eq!(closest("scjg", ["scjg"]), None);
    }
}
