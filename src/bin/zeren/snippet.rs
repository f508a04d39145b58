//! The source a diagnostic quotes, with long lines cut down to windows around
//! its labels.
//!
//! miette prints every quoted line whole, so an error at the end of a
//! one-line 200 KB file would print 200 KB — and past 65,535 columns miette
//! itself panics (a format width out of range). A line longer than
//! [`LONG_LINE`] characters keeps [`CONTEXT`] characters on each side of
//! every label start and end on it (the first [`CONTEXT`] if none), and each
//! cut becomes `…`. Lines are never joined or split, so line numbers stay
//! right; label offsets are mapped into the shortened text with
//! [`Snippet::map`], and the column in the `[file:line:col]` header is the
//! one in the original file. Shorter lines, the usual case, are quoted
//! exactly as written.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines up to this many characters are quoted whole (a generated condition
/// of a few hundred characters still reads best in one piece).
pub const LONG_LINE: usize = 1000;
/// Characters kept on each side of a label's start and end on a long line.
pub const CONTEXT: usize = 200;
/// Windows closer than this many characters are joined: a cut must save more
/// than the `…` costs.
const MIN_CUT: usize = 16;
/// What stands for the characters cut out.
const ELLIPSIS: &str = "…";

/// A piece of the original text kept in the snippet.
#[derive(Debug, Clone, Copy)]
struct Kept {
    /// Byte offset in the original text.
    original: usize,
    /// Byte offset in the snippet.
    snippet: usize,
    /// Length in bytes (the same in both).
    len: usize,
}

/// A file's text as diagnostics quote it.
#[derive(Debug)]
pub struct Snippet {
    text: String,
    /// Kept pieces in order; everything else became `…`.
    kept: Vec<Kept>,
    /// For label offsets on a shortened line: snippet offset → column (in
    /// characters, as editors count) in the original line. Sorted.
    columns: Vec<(usize, usize)>,
}

impl Snippet {
    /// Shortens the long lines of `text`, keeping the context of every
    /// offset in `points` (the starts and ends of the labels into it).
    pub fn new(text: &str, points: &[usize]) -> Snippet {
        let mut points = points.to_vec();
        points.sort_unstable();
        points.dedup();
        let mut snippet = Snippet { text: String::new(), kept: Vec::new(), columns: Vec::new() };
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let end = start + body.len();
            if body.len() <= LONG_LINE || body.chars().count() <= LONG_LINE {
                snippet.keep(text, start, start + line.len());
            } else {
                let on_line = &points[points.partition_point(|&p| p < start)..points.partition_point(|&p| p <= end)];
                snippet.shorten(text, start, body, on_line);
                snippet.keep(text, end, start + line.len());
                for &p in on_line {
                    let column = text.get(start..p).map_or(0, |before| before.chars().count());
                    snippet.columns.push((snippet.map(p), column));
                }
            }
            start += line.len();
        }
        snippet.columns.sort_unstable();
        snippet
    }

    /// Where the original byte offset `offset` is in the snippet (an offset
    /// inside a cut maps to the `…` that replaced it).
    pub fn map(&self, offset: usize) -> usize {
        let i = self.kept.partition_point(|k| k.original <= offset);
        match i.checked_sub(1).and_then(|i| self.kept.get(i)) {
            Some(k) if offset <= k.original + k.len => k.snippet + (offset - k.original),
            Some(k) => k.snippet + k.len,
            None => 0,
        }
    }

    /// Copies `text[from..to]` into the snippet.
    fn keep(&mut self, text: &str, from: usize, to: usize) {
        let Some(piece) = text.get(from..to) else { return };
        if piece.is_empty() {
            return;
        }
        match self.kept.last_mut() {
            Some(last) if last.original + last.len == from && last.snippet + last.len == self.text.len() => {
                last.len += piece.len();
            }
            _ => self.kept.push(Kept { original: from, snippet: self.text.len(), len: piece.len() }),
        }
        self.text.push_str(piece);
    }

    /// Copies the windows of the long line `body` (starting at byte `start`)
    /// around `points`, with `…` for each cut.
    fn shorten(&mut self, text: &str, start: usize, body: &str, points: &[usize]) {
        // Byte offset of every character, and of the end: windows are counted
        // in characters and cut only at their boundaries.
        let bounds: Vec<usize> = body.char_indices().map(|(i, _)| i).chain(std::iter::once(body.len())).collect();
        let chars = bounds.len() - 1;
        let mut windows: Vec<(usize, usize)> = points
            .iter()
            .map(|&p| {
                let at = bounds.partition_point(|&b| b < p - start);
                (at.saturating_sub(CONTEXT), (at + CONTEXT).min(chars))
            })
            .collect();
        if windows.is_empty() {
            windows.push((0, CONTEXT.min(chars)));
        }
        let mut joined: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
        for (from, to) in windows {
            match joined.last_mut() {
                Some(last) if from <= last.1 + MIN_CUT => last.1 = last.1.max(to),
                _ => joined.push((from, to)),
            }
        }
        if let Some(first) = joined.first_mut() {
            if first.0 <= MIN_CUT {
                first.0 = 0;
            }
        }
        if let Some(last) = joined.last_mut() {
            if chars - last.1 <= MIN_CUT {
                last.1 = chars;
            }
        }
        let byte = |k: usize| bounds.get(k).copied().unwrap_or(body.len());
        let mut done = 0;
        for (from, to) in joined {
            if from > done {
                self.text.push_str(ELLIPSIS);
            }
            self.keep(text, start + byte(from), start + byte(to));
            done = to;
        }
        if done < chars {
            self.text.push_str(ELLIPSIS);
        }
    }
}

impl Snippet {
    /// The 0-based column, in characters, of byte `offset` of the snippet.
    fn char_column(&self, offset: usize) -> usize {
        let before = self.text.get(..offset.min(self.text.len())).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        before.get(line_start..).map_or(0, |s| s.chars().count())
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.text.as_str().read_span(span, context_lines_before, context_lines_after)?;
        // miette takes the `[file:line:col]` header's column from a read
        // without context lines, and counts it in bytes; a person's editor
        // counts characters (a line of Chinese text is 3 bytes a character),
        // so the header gets the character count.
        let column = match self.columns.binary_search_by_key(&span.offset(), |&(at, _)| at) {
            Ok(i) if context_lines_before == 0 => self.columns.get(i).map_or(contents.column(), |&(_, c)| c),
            _ if context_lines_before == 0 => self.char_column(span.offset()),
            _ => contents.column(),
        };
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_kept_whole() {
        let text = "item 甲 {\n  lead scjg\n}\n";
        let s = Snippet::new(text, &[5, 8]);
        assert_eq!(s.text, text);
        assert_eq!(s.map(8), 8);
        assert_eq!(s.map(text.len()), text.len());
    }

    #[test]
    fn a_long_line_keeps_a_window_around_each_label() {
        let head = "甲".repeat(1000);
        let text = format!("first\n{head}错误{}\nlast\n", "乙".repeat(1000));
        let at = 6 + head.len();
        let s = Snippet::new(&text, &[at, at + "错误".len()]);
        assert!(s.text.starts_with("first\n…"), "{}", s.text);
        assert!(s.text.ends_with("…\nlast\n"));
        assert!(s.text.chars().count() < 2 * CONTEXT + 30);
        let (from, to) = (s.map(at), s.map(at + "错误".len()));
        assert_eq!(s.text.get(from..to), Some("错误"));
        assert_eq!(s.map(text.len()), s.text.len());
        let contents = s.read_span(&SourceSpan::from((from, to - from)), 0, 0).map_err(|e| e.to_string());
        assert_eq!(contents.map(|c| (c.line(), c.column())), Ok((1, head.chars().count())));
    }

    #[test]
    fn the_header_column_counts_characters() {
        let text = "schema { text: text }\nitem 测试 { lead b }\n";
        let at = text.find('b').unwrap_or(0);
        let s = Snippet::new(text, &[at, at + 1]);
        let contents = s.read_span(&SourceSpan::from((at, 1)), 0, 0).map_err(|e| e.to_string());
        // `item 测试 { lead ` is 15 characters (21 bytes) before `b`.
        assert_eq!(contents.map(|c| (c.line(), c.column())), Ok((1, 15)));
    }

    #[test]
    fn a_long_line_without_labels_keeps_its_start() {
        let text = format!("{}\n", "x".repeat(10_000));
        let s = Snippet::new(&text, &[]);
        assert_eq!(s.text, format!("{}…\n", "x".repeat(CONTEXT)));
    }
}
