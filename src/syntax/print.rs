//! The canonical printer behind `zeren fmt`: one layout for every `.rules`
//! file, comments kept, meaning unchanged.
//!
//! # The canonical layout
//!
//! * Two spaces of indentation per block level; no tabs; no trailing blanks;
//!   the file ends with exactly one newline.
//! * One declaration, clause, schema attribute, `ticket` or `expect` per line.
//!   Conditions stay on their clause's line however long they are. A role
//!   list (`assist`, `liaise`) or an `over` list wider than 100 columns is
//!   filled: as many names on the clause's line as fit, the rest on the
//!   following lines one level deeper, commas at the ends. The two
//!   long lists of a rules file, a schema attribute's domain and a `words`
//!   list, stay on one line when it fits in 100 columns (a Chinese character
//!   counts two); otherwise the list opens with `[` on its line, its values
//!   fill the following lines one level deeper (each line as full as fits,
//!   commas at the ends), and `]` closes on a line of its own.
//! * Blocks (`schema`, `matter`, `item`, `test`) always open on their header
//!   line and close with `}` on a line of their own, so the one-liner
//!   `item X { when … lead … }` is expanded to one clause per line. A block
//!   with nothing inside is written `{}`. `fallback { nearest threshold N }`
//!   and a test's `ticket { … }` stay on one line.
//! * Clauses and nested blocks keep the order they were written in (order
//!   carries meaning for `basis`, `note`, `assist` and declaration order).
//! * Spacing: `name: type [a, b]`, `assist a, b`, `over a, b`,
//!   `has any ["a", "b"]`, `in [a, b]`, `expect assist [a, b]`,
//!   `ticket { a: 1, b: "x" }`, one space around `=`, `!=` and comparisons.
//!   Trailing commas are dropped.
//! * Names are quoted exactly when they must be ([`crate::vocab::name`]): bare
//!   when they are identifiers and not reserved words, in double quotes
//!   otherwise, however the author wrote them. The name of a `words` list in a
//!   `has` stays bare (a string there is a keyword). The form of `has` (`has
//!   "k"`, `has [...]`, `has any`, `has all`) is kept.
//!   Parentheses are kept exactly where the author put them.
//! * Strings are re-escaped: only `"` and `\` are escaped. Punctuation is
//!   written in its ASCII form (`，` → `,`, `“…”` → `"…"`, `、` → `,`).
//! * Keywords are written in one language per file: the language most of the
//!   file's keywords already use, ties going to English, unless
//!   [`Keywords::En`] or [`Keywords::Zh`] forces one (`zeren fmt --keywords`).
//!   `null` has no Chinese form and method names are not keywords.
//! * Numbers are normalised to the shortest decimal that reads back as the
//!   same double (`3000.00` → `3000`, `+5` → `5`, `0.50` → `0.5`); a literal too
//!   large for a double is kept as written.
//! * Runs of declarations are aligned, as gofmt aligns them: in consecutive
//!   `department` lines the display names start in one column, in consecutive
//!   schema attributes the types, and in consecutive territory lines the
//!   `->`. A blank line, or any line of another kind, ends a run; a comment on
//!   a line of its own does not, nor do the lines of a wrapped domain.
//! * Blank lines: runs of blank lines become one; none right after `{`, before
//!   `}` or at the start of the file. At the top level, a block declaration
//!   is always separated from its neighbours by one blank line.
//! * Comments (`//` and `#`, kept verbatim apart from trailing blanks): a
//!   comment on a line of its own stays on a line of its own, before the
//!   declaration, clause or `}` that follows it, at that line's indentation. A
//!   comment after code on the same line stays at the end of that code's line,
//!   two spaces after it. A comment *inside* a construct that is printed on
//!   one line (say between the lines of a multi-line `when`) moves to its own
//!   line just before that construct.
//!
//! [`format_source`] checks its own output: it parses it again and refuses to
//! return text whose syntax tree differs from the input's (spans aside) or
//! that lost a comment, so `zeren fmt` never rewrites a file into something
//! else.

mod erase;

pub use erase::{erase_spans, same_syntax};

use super::ast::*;
use super::keywords::{self, Keywords};
use super::parse_file;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::vocab::quote;

/// Formats one file's text in the canonical layout.
///
/// Returns the parse errors when the text does not parse.
///
/// ```
/// use zeren::syntax::print::format_source;
/// let messy = "department  a \"A\"\nitem x{when text has[\"k\" ,\"l\",] lead a}  // note\n";
/// let tidy = format_source(messy).map_err(|e| format!("{e:?}"))?;
/// assert_eq!(tidy, "department a \"A\"\n\nitem x {\n  when text has [\"k\", \"l\"]\n  lead a\n}  // note\n");
/// assert_eq!(format_source(&tidy).map_err(|e| format!("{e:?}"))?, tidy);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_source_with(text, Keywords::Auto)
}

/// [`format_source`], writing the keywords in the language `keywords` says.
///
/// ```
/// use zeren::syntax::keywords::Keywords;
/// use zeren::syntax::print::format_source_with;
/// let zh = format_source_with("department a\n", Keywords::Zh).map_err(|e| format!("{e:?}"))?;
/// assert_eq!(zh, "部门 a\n");
/// let en = format_source_with("部门 a  协调机构 a\n", Keywords::Auto).map_err(|e| format!("{e:?}"))?;
/// assert_eq!(en, "部门 a\n协调机构 a\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn format_source_with(text: &str, keywords: Keywords) -> Result<String, Vec<Diagnostic>> {
    let file = parse_file(FileId(0), text)?;
    let out = format_file_with(&file, text, keywords);
    let refuse = |what: &str| {
        vec![Diagnostic::error(
            Code::Syntax,
            Span::new(FileId(0), 0, 0),
            format!("formatting would {what}; the file is left as it is"),
        )
        .with_help("this is a bug in `zeren fmt`; please report it with the file")]
    };
    let again = parse_file(FileId(0), &out).map_err(|_| refuse("not parse again"))?;
    if !same_syntax(&file, &again) {
        return Err(refuse("change the rules' meaning"));
    }
    if comments(&out).len() != comments(text).len() {
        return Err(refuse("lose a comment"));
    }
    Ok(out)
}

/// Prints a parsed file in the canonical layout. `text` is the source the
/// file was parsed from; its comments and blank lines are carried over.
///
/// Prefer [`format_source`], which also checks the result.
///
/// ```
/// use zeren::source::FileId;
/// use zeren::syntax::{parse_file, print::format_file};
/// let text = "coordinator   hub # the centre\n";
/// let file = parse_file(FileId(0), text).map_err(|e| format!("{e:?}"))?;
/// assert_eq!(format_file(&file, text), "coordinator hub  # the centre\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn format_file(file: &File, text: &str) -> String {
    format_file_with(file, text, Keywords::Auto)
}

/// [`format_file`], writing the keywords in the language `keywords` says.
pub fn format_file_with(file: &File, text: &str, keywords: Keywords) -> String {
    let zh = match keywords {
        Keywords::En => false,
        Keywords::Zh => true,
        // Ties go to English.
        Keywords::Auto => super::keyword_counts(text).is_some_and(|(en, zh)| zh > en),
    };
    let mut p = Printer::new(text, zh);
    let mut prev_end = 0;
    let mut prev_block = false;
    for (k, decl) in file.decls.iter().enumerate() {
        let start = p.scan.skip_trivia(prev_end);
        let end = p.decl_end(decl, start);
        let block = matches!(decl, Decl::Schema(_) | Decl::Matter(_) | Decl::Item(_) | Decl::Test(_));
        p.pending_blank = k > 0 && (block || prev_block);
        p.decl(decl, start, end);
        prev_end = end;
        prev_block = block;
    }
    p.leading(text.len());
    p.finish()
}

// ---------------------------------------------------------------- comments

/// A comment found by the lexical scan: its byte range and its text, marker
/// included, trailing blanks removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Byte offset of the `//` or `#`.
    pub start: usize,
    /// Byte offset one past its last character (before the newline).
    pub end: usize,
    /// The text from the marker on, trailing blanks removed.
    pub text: String,
}

/// Every comment in `text`, in order: `//` or `#` to the end of the line,
/// outside strings (docs/spec.md §2).
///
/// ```
/// use zeren::syntax::print::comments;
/// let found = comments("a \"# not\" // yes\n# also\n");
/// let texts: Vec<&str> = found.iter().map(|c| c.text.as_str()).collect();
/// assert_eq!(texts, ["// yes", "# also"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            0xE2 if text.get(i..).is_some_and(|r| r.starts_with('“')) => i = skip_string(bytes, i),
            b'#' => i = push_comment(text, i, &mut out),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = push_comment(text, i, &mut out),
            _ => i += 1,
        }
    }
    out
}

fn push_comment(text: &str, start: usize, out: &mut Vec<Comment>) -> usize {
    let end = line_end(text.as_bytes(), start);
    let body = text.get(start..end).unwrap_or("").trim_end();
    out.push(Comment { start, end, text: body.to_string() });
    end
}

fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| i + n)
}

/// Skips a string starting at the `"` or `“` at `i`; returns the offset
/// after it (strings end at an unescaped `"` or `”` respectively or,
/// unterminated, at the line's end).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    const CLOSE_CN: &[u8] = "”".as_bytes();
    let cn = bytes.get(i..).is_some_and(|r| r.starts_with("“".as_bytes()));
    i += if cn { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' if !cn => return i + 1,
            0xE2 if cn && bytes.get(i..).is_some_and(|r| r.starts_with(CLOSE_CN)) => return i + 3,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether a string starts at byte `i`.
fn string_at(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&b'"') || bytes.get(i..).is_some_and(|r| r.starts_with("“".as_bytes()))
}

/// The full-width form of an ASCII bracket (docs/spec.md §2).
fn full_width(c: char) -> char {
    match c {
        '{' => '｛',
        '}' => '｝',
        '[' => '［',
        ']' => '］',
        c => c,
    }
}

/// Lexical helpers over the source, for the few positions the tree does not
/// record (the `schema` block, a `words` list's `]`, a test's `ticket`).
struct Scan<'a> {
    text: &'a str,
}

impl Scan<'_> {
    /// The offset of the first byte at or after `pos` that is neither blank
    /// (as the grammar's WHITESPACE) nor in a comment.
    fn skip_trivia(&self, mut pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        while pos < bytes.len() {
            let rest = self.text.get(pos..).unwrap_or("");
            if let Some(c) =
                rest.chars().next().filter(|c| matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}' | '\u{3000}'))
            {
                pos += c.len_utf8();
            } else if rest.starts_with('#') || rest.starts_with("//") {
                pos = line_end(bytes, pos);
            } else {
                break;
            }
        }
        pos.min(bytes.len())
    }

    /// The offset just past the first `target` (or its full-width form) at
    /// or after `pos` outside strings and comments (the text's end when there
    /// is none).
    fn past(&self, mut pos: usize, target: char) -> usize {
        let bytes = self.text.as_bytes();
        let wide = full_width(target);
        while let Some(c) = self.text.get(pos..).and_then(|r| r.chars().next()) {
            match c {
                c if c == target || c == wide => return pos + c.len_utf8(),
                '"' | '“' => pos = skip_string(bytes, pos),
                '#' => pos = line_end(bytes, pos),
                '/' if bytes.get(pos + 1) == Some(&b'/') => pos = line_end(bytes, pos),
                c => pos += c.len_utf8(),
            }
        }
        bytes.len()
    }

    /// The length in bytes of the word (a keyword) at `pos`.
    fn word_len(&self, pos: usize) -> usize {
        let rest = self.text.get(pos..).unwrap_or("");
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())
    }

    /// The end of the last byte of code in `start..end`: pest lets the span
    /// of a rule that ends in a repetition (`or_expr`, `header`, a clause)
    /// run on over the blanks and comments that follow it.
    fn code_end(&self, start: usize, end: usize) -> usize {
        let bytes = self.text.as_bytes();
        let (mut pos, mut last) = (start, start);
        loop {
            pos = self.skip_trivia(pos);
            if pos >= end || pos >= bytes.len() {
                return last.min(end);
            }
            pos = if string_at(bytes, pos) { skip_string(bytes, pos) } else { pos + 1 };
            last = pos;
        }
    }

    /// Whether `a..b` spans at least one blank line.
    fn blank_between(&self, a: usize, b: usize) -> bool {
        a < b && self.text.get(a..b).is_some_and(|s| s.matches('\n').count() >= 2)
    }

    /// The source text of a span (empty when out of range).
    fn slice(&self, span: Span) -> &str {
        self.text.get(span.start as usize..span.end as usize).unwrap_or("")
    }
}

// ---------------------------------------------------------------- printer

struct Printer<'a> {
    scan: Scan<'a>,
    comments: Vec<Comment>,
    /// The next comment not yet printed.
    next: usize,
    lines: Vec<String>,
    indent: usize,
    /// The source offset of the end of what was printed last.
    last_end: usize,
    /// Nothing printed yet in the current block (or file): no blank line.
    at_start: bool,
    /// A blank line is wanted before whatever is printed next.
    pending_blank: bool,
    /// Keywords in Chinese.
    zh: bool,
    /// How each line of `lines` takes part in alignment.
    marks: Vec<Mark>,
}

/// How a printed line takes part in alignment ([`Printer::finish`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Ends any run of aligned lines.
    Plain,
    /// A comment on a line of its own, or the rest of a wrapped aligned
    /// line: a run goes on across it.
    Through,
    /// A line of a run: padded at byte `at`, so that what follows starts in
    /// one column on every line of the run.
    Align { kind: Align, at: usize },
}

/// The kinds of line that align with their neighbours of the same kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    /// `department ID` | ` "display name"`
    Department,
    /// `name "label":` | ` type …`
    Attribute,
    /// `value, value` | ` -> id`
    Territory,
}

impl<'a> Printer<'a> {
    fn new(text: &'a str, zh: bool) -> Printer<'a> {
        Printer {
            scan: Scan { text },
            comments: comments(text),
            next: 0,
            lines: Vec::new(),
            indent: 0,
            last_end: 0,
            at_start: true,
            pending_blank: false,
            zh,
            marks: Vec::new(),
        }
    }

    /// A keyword, given in English, in the file's language.
    fn k<'k>(&self, en: &'k str) -> &'k str {
        if self.zh {
            keywords::zh(en)
        } else {
            en
        }
    }

    fn finish(mut self) -> String {
        self.align();
        let mut out = self.lines.join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }

    /// Pads the lines of each run of [`Mark::Align`] lines of one kind so
    /// that the part after each line's split point starts in one column.
    fn align(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let Some(Mark::Align { kind, .. }) = self.marks.get(i).copied() else {
                i += 1;
                continue;
            };
            let mut run = Vec::new();
            let mut j = i;
            while let Some(mark) = self.marks.get(j) {
                match *mark {
                    Mark::Align { kind: k, at } if k == kind => run.push((j, at)),
                    Mark::Through => {}
                    _ => break,
                }
                j += 1;
            }
            let left = |lines: &[String], (k, at): (usize, usize)| lines.get(k).and_then(|l| l.get(..at)).map(width);
            let column = run.iter().filter_map(|&m| left(&self.lines, m)).max().unwrap_or(0);
            for &(k, at) in &run {
                if let (Some(w), Some(line)) = (left(&self.lines, (k, at)), self.lines.get_mut(k)) {
                    line.insert_str(at, &" ".repeat(column - w));
                }
            }
            i = j;
        }
    }

    /// Starts a new line (or several, for a wrapped list) for something found
    /// at source offset `at`.
    fn line(&mut self, at: usize, text: String) {
        let blank = self.pending_blank || self.scan.blank_between(self.last_end, at);
        if blank && !self.at_start && !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.pending_blank = false;
        self.at_start = false;
        let indent = "  ".repeat(self.indent);
        self.lines.extend(text.split('\n').map(|l| format!("{indent}{l}")));
        self.marks.resize(self.lines.len(), Mark::Plain);
    }

    /// `head [a, b, …]` on one line when it fits in [`WIDTH`] columns at the
    /// current indentation; otherwise `head [`, the items filled onto lines
    /// one level deeper, and `]` on a line of its own.
    fn wrapped(&self, head: &str, items: Vec<String>) -> String {
        let one = format!("{head} [{}]", items.join(", "));
        if width(&one) + 2 * self.indent <= WIDTH {
            return one;
        }
        let room = WIDTH.saturating_sub(2 * (self.indent + 1));
        let mut out = format!("{head} [");
        let mut line = String::new();
        for (k, item) in items.iter().enumerate() {
            let piece = if k + 1 < items.len() { format!("{item},") } else { item.clone() };
            if !line.is_empty() && width(&line) + 1 + width(&piece) > room {
                out.push_str("\n  ");
                out.push_str(&line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
        }
        out.push_str("\n  ");
        out.push_str(&line);
        out.push_str("\n]");
        out
    }

    /// `head a, b, …` on one line when it fits in [`WIDTH`] columns at the
    /// current indentation; otherwise filled: each line as full as fits (at
    /// least one name on each), the lines after the first one level deeper,
    /// commas at the ends.
    fn filled(&self, head: &str, items: Vec<String>) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut line = head.to_string();
        let mut names_on_line = 0;
        for (k, item) in items.iter().enumerate() {
            let piece = if k + 1 < items.len() { format!("{item},") } else { item.clone() };
            let deeper = if lines.is_empty() { 0 } else { 2 };
            let room = WIDTH.saturating_sub(2 * self.indent + deeper);
            if names_on_line > 0 && width(&line) + 1 + width(&piece) > room {
                lines.push(std::mem::take(&mut line));
                line = piece;
                names_on_line = 1;
                continue;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
            names_on_line += 1;
        }
        lines.push(line);
        lines.join("\n  ")
    }

    /// Prints, each on its own line, the comments that start before `pos`.
    fn leading(&mut self, pos: usize) {
        while let Some(c) = self.comments.get(self.next).filter(|c| c.start < pos).cloned() {
            self.next += 1;
            self.line(c.start, c.text);
            if let Some(mark) = self.marks.last_mut() {
                *mark = Mark::Through;
            }
            self.last_end = c.end;
        }
    }

    /// Appends to the last line a comment that follows source offset `end` on
    /// the same line, with only blanks and the characters of `skip` between.
    fn trailing(&mut self, end: usize, skip: &str) -> bool {
        self.last_end = self.last_end.max(end);
        let Some(c) = self.comments.get(self.next) else {
            return false;
        };
        let between = self.scan.text.get(end..c.start).unwrap_or("\n");
        // Full-width separators too (docs/spec.md §2).
        let skipped = |ch: char| {
            matches!(ch, ' ' | '\t' | '\u{3000}')
                || skip.contains(ch)
                || (skip.contains(',') && matches!(ch, '，' | '、'))
                || (skip.contains('{') && ch == '｛')
                || (skip.contains('}') && ch == '｝')
        };
        if c.start >= end && between.chars().all(skipped) {
            if let Some(last) = self.lines.last_mut() {
                last.push_str("  ");
                last.push_str(&c.text);
            }
            self.last_end = c.end;
            self.next += 1;
            return true;
        }
        false
    }

    /// A construct printed on one line, found at `start..end` in the source.
    fn leaf(&mut self, start: usize, end: usize, text: String) {
        self.aligned_leaf(start, end, text, None);
    }

    /// A leaf whose first line aligns with its neighbours of the same kind at
    /// byte `at` of `text` (see [`Printer::align`]).
    fn aligned_leaf(&mut self, start: usize, end: usize, text: String, align: Option<(Align, usize)>) {
        let end = self.scan.code_end(start, end);
        self.leading(end);
        let count = text.split('\n').count();
        self.line(start, text);
        if let Some((kind, at)) = align {
            let first = self.lines.len() - count;
            let at = 2 * self.indent + at;
            for (k, mark) in self.marks.iter_mut().enumerate().skip(first) {
                *mark = if k == first { Mark::Align { kind, at } } else { Mark::Through };
            }
        }
        self.trailing(end, ",");
    }

    /// A block: `head {`, its contents, `}`. `head_end` is where the header
    /// ends in the source, `end` is just past its `}`.
    fn block(&mut self, start: usize, head_end: usize, end: usize, head: String, contents: impl FnOnce(&mut Self)) {
        self.leading(head_end);
        let close = end.saturating_sub(1);
        self.line(start, format!("{head} {{"));
        let head_line = self.lines.len();
        let commented = self.trailing(head_end, "{");
        self.at_start = true;
        self.indent += 1;
        contents(self);
        self.leading(close);
        self.indent -= 1;
        if self.lines.len() == head_line && !commented {
            if let Some(last) = self.lines.last_mut() {
                last.push('}');
            }
        } else {
            self.at_start = true; // no blank line before `}`
            self.line(close, "}".to_string());
        }
        self.at_start = false;
        self.trailing(end, "},");
    }

    fn decl_end(&self, decl: &Decl, start: usize) -> usize {
        let end = match decl {
            Decl::Header(h) => h.span.end as usize,
            Decl::Schema(_) => self.scan.past(self.scan.past(start, '{'), '}'),
            Decl::Department(d) => d.display.as_ref().map_or(d.id.span.end, |s| s.span.end) as usize,
            Decl::Coordinator(id) => id.span.end as usize,
            Decl::Matter(m) => m.span.end as usize,
            Decl::Item(i) => i.span.end as usize,
            Decl::Words(w) => self.scan.past(self.scan.past(w.name.span.end as usize, '['), ']'),
            Decl::Territory(t) => t.span.end as usize,
            Decl::Clock(c) => c.default_span.end as usize,
            Decl::Define(d) => d.cond.span().end as usize,
            Decl::Fallback(f) => f.span.end as usize,
            Decl::Test(t) => t.span.end as usize,
        };
        self.scan.code_end(start, end)
    }

    fn decl(&mut self, decl: &Decl, start: usize, end: usize) {
        match decl {
            Decl::Header(h) => {
                let version = h
                    .version
                    .as_ref()
                    .map(|v| format!(" {} {}", self.k("version"), quote(&v.value)))
                    .unwrap_or_default();
                self.leaf(start, end, format!("{} {}{version}", self.k("ruleset"), quote(&h.name.value)));
            }
            Decl::Schema(attrs) => {
                let head_end = start + self.scan.word_len(start);
                self.block(start, head_end, end, self.k("schema").into(), |p| {
                    for a in attrs {
                        let a_start = a.name.span.start as usize;
                        let a_end = match (&a.domain, &a.range) {
                            (Some(_), _) => p.scan.past(a.ty_span.end as usize, ']'),
                            (None, Some(r)) => r.span.end as usize,
                            (None, None) => a.ty_span.end as usize,
                        };
                        let label = a.label.as_ref().map(|l| format!(" {}", quote(&l.value))).unwrap_or_default();
                        let name = format!("{}{label}:", ident(&a.name));
                        let head = format!("{name} {}", p.k(a.ty.as_str()));
                        let text = match (&a.domain, &a.range) {
                            (Some(d), _) => p.wrapped(&head, d.iter().map(ident).collect()),
                            (None, Some(r)) => format!("{head} {}", p.range(r)),
                            (None, None) => head,
                        };
                        p.aligned_leaf(a_start, a_end, text, Some((Align::Attribute, name.len())));
                    }
                })
            }
            Decl::Department(d) => {
                let head = format!("{} {}", self.k("department"), ident(&d.id));
                match &d.display {
                    // Only a display name has a column to align.
                    Some(s) => {
                        let at = head.len();
                        self.aligned_leaf(
                            start,
                            end,
                            format!("{head} {}", quote(&s.value)),
                            Some((Align::Department, at)),
                        )
                    }
                    None => self.leaf(start, end, head),
                }
            }
            Decl::Coordinator(id) => self.leaf(start, end, format!("{} {}", self.k("coordinator"), ident(id))),
            Decl::Territory(t) => self.territory(t),
            Decl::Clock(c) => self.leaf(
                start,
                end,
                format!("{} {} {} {}", self.k("clock"), ident(&c.attr), self.k("default"), c.default),
            ),
            Decl::Matter(m) => self.matter(m),
            Decl::Item(i) => self.item(i),
            Decl::Words(w) => {
                let text = self.wrapped(
                    &format!("{} {} =", self.k("words"), ident(&w.name)),
                    w.keywords.iter().map(|k| quote(&k.value)).collect(),
                );
                self.leaf(start, end, text);
            }
            Decl::Define(d) => {
                let text = format!("{} {} = {}", self.k("define"), ident(&d.name), self.cond(&d.cond));
                self.leaf(start, end, text)
            }
            Decl::Fallback(f) => {
                let n = self.number(f.threshold, f.threshold_span);
                let homophone = f
                    .homophone
                    .map(|(w, at)| format!(" {} {}", self.k("homophone"), self.number(w, at)))
                    .unwrap_or_default();
                let (fallback, nearest, threshold) = (self.k("fallback"), self.k("nearest"), self.k("threshold"));
                self.leaf(start, end, format!("{fallback} {{ {nearest} {threshold} {n}{homophone} }}"));
            }
            Decl::Test(t) => self.test(t, start, end),
        }
    }

    /// `MIN..MAX`, `MIN..` or `..MAX`.
    fn range(&self, r: &NumRange) -> String {
        let end = |n: Option<f64>| n.map(|n| self.number(n, r.span)).unwrap_or_default();
        format!("{}..{}", end(r.min), end(r.max))
    }

    /// `territory attr {`, one line per mapping, `otherwise dept`, `}`.
    fn territory(&mut self, t: &Territory) {
        let head = format!("{} {}", self.k("territory"), ident(&t.attr));
        let (start, end) = (t.span.start as usize, t.span.end as usize);
        self.block(start, t.attr.span.end as usize, end, head, |p| {
            for line in &t.lines {
                let from = line.values.first().map_or(line.dept.span.start, |v| v.span.start) as usize;
                let values = list(line.values.iter().map(ident));
                let at = values.len();
                let text = format!("{values} -> {}", ident(&line.dept));
                p.aligned_leaf(from, line.dept.span.end as usize, text, Some((Align::Territory, at)));
            }
            let o = &t.otherwise;
            // The line starts at `otherwise`, the last word before the id.
            let before = p.scan.text.get(..o.span.start as usize).unwrap_or("").trim_end();
            let from = before.char_indices().rev().find(|(_, c)| c.is_whitespace()).map(|(i, c)| i + c.len_utf8());
            let from = from.unwrap_or(o.span.start as usize);
            p.leaf(from, o.span.end as usize, format!("{} {}", p.k("otherwise"), ident(o)));
        });
    }

    fn matter(&mut self, m: &Matter) {
        let head = format!("{} {}{}", self.k("matter"), ident(&m.name), title(&m.title));
        let head_end = m.title.as_ref().map_or(m.name.span.end, |t| t.span.end) as usize;
        let (start, end) = (m.span.start as usize, m.span.end as usize);
        self.block(start, head_end, end, head, |p| {
            // Clauses and nested blocks in the order written.
            let mut parts: Vec<(u32, Part<'_>)> = m.clauses.iter().map(|c| (c.span.start, Part::Clause(c))).collect();
            parts.extend(m.children.iter().map(|n| match n {
                Node::Matter(m) => (m.span.start, Part::Matter(m)),
                Node::Item(i) => (i.span.start, Part::Item(i)),
            }));
            parts.sort_by_key(|(at, _)| *at);
            for (_, part) in parts {
                match part {
                    Part::Clause(c) => p.clause(c),
                    Part::Matter(m) => p.matter(m),
                    Part::Item(i) => p.item(i),
                }
            }
        });
    }

    fn item(&mut self, i: &Item) {
        let head = format!("{} {}{}", self.k("item"), ident(&i.name), title(&i.title));
        let head_end = i.title.as_ref().map_or(i.name.span.end, |t| t.span.end) as usize;
        self.block(i.span.start as usize, head_end, i.span.end as usize, head, |p| {
            for c in &i.clauses {
                p.clause(c);
            }
        });
    }

    fn clause(&mut self, c: &Clause) {
        let body = match &c.kind {
            ClauseKind::When(cond) | ClauseKind::Near(cond) => self.cond(cond),
            ClauseKind::Lead(role) => self.role(role),
            ClauseKind::Like(id) => ident(id),
            ClauseKind::Assist(roles) | ClauseKind::Liaise(roles) if roles.is_empty() => self.k("none").to_string(),
            ClauseKind::Assist(roles) | ClauseKind::Liaise(roles) => {
                let names = roles.iter().map(|r| self.role(r)).collect();
                return self.leaf(
                    c.span.start as usize,
                    c.span.end as usize,
                    self.filled(self.k(c.kind.keyword()), names),
                );
            }
            ClauseKind::Over(ids) => {
                let names = ids.iter().map(ident).collect();
                return self.leaf(
                    c.span.start as usize,
                    c.span.end as usize,
                    self.filled(self.k(c.kind.keyword()), names),
                );
            }
            ClauseKind::Basis(s) | ClauseKind::Note(s) => quote(&s.value),
            ClauseKind::Priority(n) => n.to_string(),
            ClauseKind::Effective(r) => {
                let end = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
                format!("{}..{}", end(r.start), end(r.end))
            }
            ClauseKind::Deadline(d, _) => self.deadline(d),
        };
        self.leaf(c.span.start as usize, c.span.end as usize, format!("{} {body}", self.k(c.kind.keyword())));
    }

    /// A department, or the role word `territory`.
    fn role(&self, r: &Role) -> String {
        match r {
            Role::Dept(id) => ident(id),
            Role::Territory(_) => self.k("territory").to_string(),
        }
    }

    /// `N UNIT`
    fn deadline(&self, d: &Deadline) -> String {
        format!("{} {}", d.value, self.k(d.unit.as_str()))
    }

    fn test(&mut self, t: &Test, start: usize, end: usize) {
        let head = format!("{} {}", self.k("test"), quote(&t.name.value));
        let head_end = t.name.span.end as usize;
        self.block(start, head_end, end, head, |p| {
            let t_start = p.scan.skip_trivia(p.scan.past(head_end, '{'));
            let t_end = p.scan.past(p.scan.past(t_start, '{'), '}');
            let fields: Vec<String> =
                t.ticket.iter().map(|f| format!("{}: {}", ident(&f.name), p.field_value(f))).collect();
            let kw_ticket = p.k("ticket");
            let ticket = if fields.is_empty() {
                format!("{kw_ticket} {{}}")
            } else {
                format!("{kw_ticket} {{ {} }}", fields.join(", "))
            };
            p.leaf(t_start, t_end, ticket);
            let none = p.k("none");
            for e in &t.expects {
                let (kw, arg) = match &e.kind {
                    ExpectKind::Lead(id) => ("lead", id.as_ref().map_or_else(|| none.to_string(), ident)),
                    ExpectKind::Item(id) => ("item", id.as_ref().map_or_else(|| none.to_string(), ident)),
                    ExpectKind::Assist(ids) => ("assist", format!("[{}]", list(ids.iter().map(ident)))),
                    ExpectKind::Liaise(ids) => ("liaise", format!("[{}]", list(ids.iter().map(ident)))),
                    ExpectKind::Method(id) => ("method", ident(id)),
                    ExpectKind::Score(n) => ("score", p.number(*n, e.span)),
                    ExpectKind::Deadline(d) => {
                        ("deadline", d.as_ref().map_or_else(|| none.to_string(), |d| p.deadline(d)))
                    }
                    ExpectKind::Split(ids) => ("split", format!("[{}]", list(ids.iter().map(ident)))),
                };
                let text = format!("{} {} {arg}", p.k("expect"), p.k(kw));
                p.leaf(e.span.start as usize, e.span.end as usize, text);
            }
        });
    }

    fn field_value(&self, f: &Field) -> String {
        match &f.value {
            FieldValue::Number(n) => self.number(*n, f.value_span),
            FieldValue::Str(s) => quote(s),
            FieldValue::Name(n) => n.clone(),
            FieldValue::Bool(b) => self.k(if *b { "true" } else { "false" }).to_string(),
            FieldValue::Null => "null".to_string(),
            FieldValue::Date(d) => d.to_string(),
        }
    }

    /// A number, normalised; a literal that overflowed to infinity is kept as
    /// written (the last token of `span`).
    fn number(&self, n: f64, span: Span) -> String {
        if n.is_finite() {
            return format!("{n}");
        }
        let written = self.scan.slice(span);
        let token = written.rsplit(|c: char| c.is_whitespace() || "<>=".contains(c)).next().unwrap_or(written);
        token.to_string()
    }

    fn cond(&self, c: &Cond) -> String {
        match c {
            Cond::Or(ops, _) => {
                ops.iter().map(|o| self.operand(o, Level::Or)).collect::<Vec<_>>().join(&format!(" {} ", self.k("or")))
            }
            Cond::And(ops, _) => ops
                .iter()
                .map(|o| self.operand(o, Level::And))
                .collect::<Vec<_>>()
                .join(&format!(" {} ", self.k("and"))),
            Cond::Not(inner, _) => format!("{} {}", self.k("not"), self.operand(inner, Level::Unary)),
            Cond::Paren(inner, _) => format!("({})", self.cond(inner)),
            Cond::Atom(a) => self.atom(a),
        }
    }

    /// An operand of `or`, `and` or `not`: bracketed only when the tree could
    /// not have come from the parser without brackets (never for parsed input).
    fn operand(&self, c: &Cond, level: Level) -> String {
        let needs = match c {
            Cond::Or(..) => true,
            Cond::And(..) => level != Level::Or,
            Cond::Not(..) | Cond::Paren(..) | Cond::Atom(_) => false,
        };
        if needs {
            format!("({})", self.cond(c))
        } else {
            self.cond(c)
        }
    }

    fn atom(&self, a: &Atom) -> String {
        let attr = ident(&a.attr);
        match &a.kind {
            AtomKind::Has { mode, keywords, list: bracketed } => {
                let kws = if *bracketed || keywords.len() != 1 {
                    format!("[{}]", list(keywords.iter().map(keyword)))
                } else {
                    keywords.iter().map(keyword).collect()
                };
                let mode = match mode {
                    HasMode::Plain => String::new(),
                    HasMode::Any => format!(" {}", self.k("any")),
                    HasMode::All => format!(" {}", self.k("all")),
                };
                format!("{attr} {}{mode} {kws}", self.k("has"))
            }
            AtomKind::Eq(v) => format!("{attr} = {}", self.value(v)),
            AtomKind::Ne(v) => format!("{attr} != {}", self.value(v)),
            AtomKind::In(vs) => format!("{attr} {} [{}]", self.k("in"), list(vs.iter().map(|v| self.value(v)))),
            AtomKind::Cmp(op, n) => format!("{attr} {} {}", op.as_str(), self.number(*n, a.span)),
            AtomKind::CmpDate(op, d) => format!("{attr} {} {d}", op.as_str()),
            AtomKind::Bare => attr,
        }
    }
}

/// The widest line, in columns, before a schema domain or a `words` list
/// is wrapped.
const WIDTH: usize = 100;

/// Display columns: East Asian wide characters count two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// What a matter holds, merged in source order.
enum Part<'t> {
    Clause(&'t Clause),
    Matter(&'t Matter),
    Item(&'t Item),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Or,
    And,
    Unary,
}

fn title(t: &Option<Str>) -> String {
    t.as_ref().map(|s| format!(" {}", quote(&s.value))).unwrap_or_default()
}

/// A name, quoted exactly when it must be.
fn ident(id: &Ident) -> String {
    crate::vocab::name(&id.text)
}

fn keyword(k: &Keyword) -> String {
    match k {
        Keyword::Str(s) => quote(&s.value),
        // Parsed bare (a quoted operand of `has` is a keyword), so bare again.
        Keyword::Words(id) => id.text.clone(),
    }
}

impl Printer<'_> {
    fn value(&self, v: &Value) -> String {
        match v {
            Value::Symbol(id) => ident(id),
            Value::Bool(b, _) => self.k(if *b { "true" } else { "false" }).to_string(),
            Value::Number(n, span) => self.number(*n, *span),
            Value::Date(d, _) => d.to_string(),
        }
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
