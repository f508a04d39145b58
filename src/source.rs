//! Source files and spans: where every diagnostic points.

use std::fmt;

/// The index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start: clamp_u32(start), end: clamp_u32(end) }
    }

    /// The smallest span covering both (which must be in one file).
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One loaded `.rules` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given (or a label such as `<input>`).
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// All the files of a rule set, in declaration order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// The files; a [`FileId`] indexes this.
    pub files: Vec<SourceFile>,
}

/// A resolved position: file path, 1-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    /// The file's path.
    pub path: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile { path: path.into(), text: text.into() });
        FileId(clamp_u32(self.files.len() - 1))
    }

    /// The file a span points into.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The path, line and column where `span` starts.
    pub fn locate(&self, span: Span) -> Location<'_> {
        let Some(file) = self.file(span.file) else {
            return Location { path: "<unknown>", line: 0, column: 0 };
        };
        let start = (span.start as usize).min(file.text.len());
        let before = file.text.get(..start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Location { path: &file.path, line, column }
    }

    /// The source text a span covers.
    pub fn text(&self, span: Span) -> &str {
        self.file(span.file).and_then(|f| f.text.get(span.start as usize..span.end as usize)).unwrap_or("")
    }
}
