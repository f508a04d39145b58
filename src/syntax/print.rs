//! The canonical printer behind `zeren fmt`: one layout for every `.rules`
//! file, comments kept, meaning unchanged.
//!
//! # The canonical layout
//!
//! * Two spaces of indentation per block level; no tabs; no trailing blanks;
//!   the file ends with exactly one newline.
//! * One declaration, clause, schema attribute, `ticket` or `expect` per line.
//!   Conditions stay on their clause's line however long they are. The two
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
//! * Strings are re-escaped: only `"` and `\` are escaped.
//! * Numbers are normalised to the shortest decimal that reads back as the
//!   same double (`3000.00` → `3000`, `+5` → `5`, `0.50` → `0.5`); a literal too
//!   large for a double is kept as written.
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
    let file = parse_file(FileId(0), text)?;
    let out = format_file(&file, text);
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
    let mut p = Printer::new(text);
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

/// Skips a string starting at the `"` at `i`; returns the offset after it
/// (strings end at an unescaped `"` or, unterminated, at the line's end).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
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

    /// The offset just past the first `target` at or after `pos` outside
    /// strings and comments (the text's end when there is none).
    fn past(&self, mut pos: usize, target: u8) -> usize {
        let bytes = self.text.as_bytes();
        while pos < bytes.len() {
            match bytes[pos] {
                b if b == target => return pos + 1,
                b'"' => pos = skip_string(bytes, pos),
                b'#' => pos = line_end(bytes, pos),
                b'/' if bytes.get(pos + 1) == Some(&b'/') => pos = line_end(bytes, pos),
                _ => pos += 1,
            }
        }
        bytes.len()
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
            pos = if bytes[pos] == b'"' { skip_string(bytes, pos) } else { pos + 1 };
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
}

impl<'a> Printer<'a> {
    fn new(text: &'a str) -> Printer<'a> {
        Printer {
            scan: Scan { text },
            comments: comments(text),
            next: 0,
            lines: Vec::new(),
            indent: 0,
            last_end: 0,
            at_start: true,
            pending_blank: false,
        }
    }

    fn finish(self) -> String {
        let mut out = self.lines.join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out
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

    /// Prints, each on its own line, the comments that start before `pos`.
    fn leading(&mut self, pos: usize) {
        while let Some(c) = self.comments.get(self.next).filter(|c| c.start < pos).cloned() {
            self.next += 1;
            self.line(c.start, c.text);
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
        if c.start >= end && between.chars().all(|ch| matches!(ch, ' ' | '\t' | '\u{3000}') || skip.contains(ch)) {
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
        let end = self.scan.code_end(start, end);
        self.leading(end);
        self.line(start, text);
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
            Decl::Schema(_) => self.scan.past(self.scan.past(start, b'{'), b'}'),
            Decl::Department(d) => d.display.as_ref().map_or(d.id.span.end, |s| s.span.end) as usize,
            Decl::Coordinator(id) => id.span.end as usize,
            Decl::Matter(m) => m.span.end as usize,
            Decl::Item(i) => i.span.end as usize,
            Decl::Words(w) => self.scan.past(self.scan.past(w.name.span.end as usize, b'['), b']'),
            Decl::Define(d) => d.cond.span().end as usize,
            Decl::Fallback(f) => f.span.end as usize,
            Decl::Test(t) => t.span.end as usize,
        };
        self.scan.code_end(start, end)
    }

    fn decl(&mut self, decl: &Decl, start: usize, end: usize) {
        match decl {
            Decl::Header(h) => {
                let version = h.version.as_ref().map(|v| format!(" version {}", quote(&v.value))).unwrap_or_default();
                self.leaf(start, end, format!("ruleset {}{version}", quote(&h.name.value)));
            }
            Decl::Schema(attrs) => self.block(start, start + "schema".len(), end, "schema".into(), |p| {
                for a in attrs {
                    let a_start = a.name.span.start as usize;
                    let a_end = if a.domain.is_some() {
                        p.scan.past(a.ty_span.end as usize, b']')
                    } else {
                        a.ty_span.end as usize
                    };
                    let head = format!("{}: {}", ident(&a.name), a.ty.as_str());
                    let text = match &a.domain {
                        Some(d) => p.wrapped(&head, d.iter().map(ident).collect()),
                        None => head,
                    };
                    p.leaf(a_start, a_end, text);
                }
            }),
            Decl::Department(d) => {
                let display = d.display.as_ref().map(|s| format!(" {}", quote(&s.value))).unwrap_or_default();
                self.leaf(start, end, format!("department {}{display}", ident(&d.id)));
            }
            Decl::Coordinator(id) => self.leaf(start, end, format!("coordinator {}", ident(id))),
            Decl::Matter(m) => self.matter(m),
            Decl::Item(i) => self.item(i),
            Decl::Words(w) => {
                let text = self.wrapped(
                    &format!("words {} =", ident(&w.name)),
                    w.keywords.iter().map(|k| quote(&k.value)).collect(),
                );
                self.leaf(start, end, text);
            }
            Decl::Define(d) => self.leaf(start, end, format!("define {} = {}", ident(&d.name), self.cond(&d.cond))),
            Decl::Fallback(f) => {
                let n = self.number(f.threshold, f.threshold_span);
                self.leaf(start, end, format!("fallback {{ nearest threshold {n} }}"));
            }
            Decl::Test(t) => self.test(t, start, end),
        }
    }

    fn matter(&mut self, m: &Matter) {
        let head = format!("matter {}{}", ident(&m.name), title(&m.title));
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
        let head = format!("item {}{}", ident(&i.name), title(&i.title));
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
            ClauseKind::Lead(id) | ClauseKind::Like(id) => ident(id),
            ClauseKind::Assist(ids) | ClauseKind::Liaise(ids) if ids.is_empty() => "none".to_string(),
            ClauseKind::Assist(ids) | ClauseKind::Liaise(ids) | ClauseKind::Over(ids) => list(ids.iter().map(ident)),
            ClauseKind::Basis(s) | ClauseKind::Note(s) => quote(&s.value),
            ClauseKind::Priority(n) => n.to_string(),
        };
        self.leaf(c.span.start as usize, c.span.end as usize, format!("{} {body}", c.kind.keyword()));
    }

    fn test(&mut self, t: &Test, start: usize, end: usize) {
        let head = format!("test {}", quote(&t.name.value));
        let head_end = t.name.span.end as usize;
        self.block(start, head_end, end, head, |p| {
            let t_start = p.scan.skip_trivia(p.scan.past(head_end, b'{'));
            let t_end = p.scan.past(p.scan.past(t_start, b'{'), b'}');
            let fields: Vec<String> =
                t.ticket.iter().map(|f| format!("{}: {}", ident(&f.name), p.field_value(f))).collect();
            let ticket =
                if fields.is_empty() { "ticket {}".to_string() } else { format!("ticket {{ {} }}", fields.join(", ")) };
            p.leaf(t_start, t_end, ticket);
            for e in &t.expects {
                let body = match &e.kind {
                    ExpectKind::Lead(id) => format!("lead {}", id.as_ref().map_or_else(|| "none".to_string(), ident)),
                    ExpectKind::Item(id) => format!("item {}", id.as_ref().map_or_else(|| "none".to_string(), ident)),
                    ExpectKind::Assist(ids) => format!("assist [{}]", list(ids.iter().map(ident))),
                    ExpectKind::Liaise(ids) => format!("liaise [{}]", list(ids.iter().map(ident))),
                    ExpectKind::Method(id) => format!("method {}", ident(id)),
                    ExpectKind::Score(n) => format!("score {}", p.number(*n, e.span)),
                };
                p.leaf(e.span.start as usize, e.span.end as usize, format!("expect {body}"));
            }
        });
    }

    fn field_value(&self, f: &Field) -> String {
        match &f.value {
            FieldValue::Number(n) => self.number(*n, f.value_span),
            FieldValue::Str(s) => quote(s),
            FieldValue::Name(n) => n.clone(),
            FieldValue::Bool(b) => b.to_string(),
            FieldValue::Null => "null".to_string(),
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
            Cond::Or(ops, _) => ops.iter().map(|o| self.operand(o, Level::Or)).collect::<Vec<_>>().join(" or "),
            Cond::And(ops, _) => ops.iter().map(|o| self.operand(o, Level::And)).collect::<Vec<_>>().join(" and "),
            Cond::Not(inner, _) => format!("not {}", self.operand(inner, Level::Unary)),
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
                    HasMode::Plain => "",
                    HasMode::Any => " any",
                    HasMode::All => " all",
                };
                format!("{attr} has{mode} {kws}")
            }
            AtomKind::Eq(v) => format!("{attr} = {}", value(v)),
            AtomKind::Ne(v) => format!("{attr} != {}", value(v)),
            AtomKind::In(vs) => format!("{attr} in [{}]", list(vs.iter().map(value))),
            AtomKind::Cmp(op, n) => format!("{attr} {} {}", op.as_str(), self.number(*n, a.span)),
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

fn value(v: &Value) -> String {
    match v {
        Value::Symbol(id) => ident(id),
        Value::Bool(b, _) => b.to_string(),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
