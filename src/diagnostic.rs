//! Diagnostics as data: load-time errors and analysis findings.
//!
//! The library never prints. A [`Diagnostic`] carries its code, severity,
//! message and labelled spans; the binary renders it with a caret under the
//! source, and `--format json` serialises it (docs/spec.md §7).

use crate::source::{Sources, Span};
use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops loading, or fails `zeren check`.
    Error,
    /// Fails `zeren check --deny warnings`.
    Warning,
    /// Informational.
    Note,
}

/// The stable diagnostic codes of docs/spec.md §7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The text does not follow the grammar.
    Syntax,
    /// A name that is not declared.
    UnknownName,
    /// A name declared twice.
    DuplicateName,
    /// An atom or value that does not fit its attribute's type.
    Type,
    /// A `like`, `define` or `over` that leads back to itself.
    Cycle,
    /// An item whose lead resolves to none.
    NoLead,
    /// A department named in two roles in one block.
    RoleConflict,
    /// An item or residual matter that would claim every ticket.
    EmptyCondition,
    /// A single-topic ticket is disputed.
    Overlap,
    /// Pairs of items only a multi-topic ticket can dispute.
    MixedTopics,
    /// A matter without a lead whose guard can hold while no item matches.
    Gap,
    /// An item that can match but never wins.
    Shadowed,
    /// An item no ticket can match.
    Unsatisfiable,
    /// Disputed or unclaimed tickets are possible and no coordinator exists.
    NoCoordinator,
    /// An item without any basis.
    MissingBasis,
    /// A declared department that nothing names (v2).
    UnusedDepartment,
    /// An item or matter whose `effective` range ends before the clock's
    /// default date (v2).
    Expired,
    /// A resource limit was exceeded (file size, nesting, analysis budget).
    Limit,
}

impl Code {
    /// The stable string form used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::UnknownName => "unknown-name",
            Code::DuplicateName => "duplicate-name",
            Code::Type => "type",
            Code::Cycle => "cycle",
            Code::NoLead => "no-lead",
            Code::RoleConflict => "role-conflict",
            Code::EmptyCondition => "empty-condition",
            Code::Overlap => "overlap",
            Code::MixedTopics => "mixed-topics",
            Code::Gap => "gap",
            Code::Shadowed => "shadowed",
            Code::Unsatisfiable => "unsatisfiable",
            Code::NoCoordinator => "no-coordinator",
            Code::MissingBasis => "missing-basis",
            Code::UnusedDepartment => "unused-department",
            Code::Expired => "expired",
            Code::Limit => "limit",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled span.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there (may be empty).
    pub message: String,
}

/// One error, warning or note.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// One line, lowercase, in the policy author's words.
    pub message: String,
    /// The primary label first, then secondary ones (e.g. the first definition).
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// The items involved (analysis findings).
    pub items: Vec<String>,
    /// A ticket that exhibits the finding, as JSON.
    pub witness: Option<serde_json::Value>,
}

impl Diagnostic {
    /// An error with a primary label.
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, span, message)
    }

    /// A diagnostic of any severity with a primary label.
    pub fn new(severity: Severity, code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            labels: vec![Label { span, message: String::new() }],
            help: None,
            items: Vec::new(),
            witness: None,
        }
    }

    /// Sets the primary label's text.
    pub fn with_primary(mut self, message: impl Into<String>) -> Diagnostic {
        if let Some(label) = self.labels.first_mut() {
            label.message = message.into();
        }
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The primary span.
    pub fn span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// The JSON form of docs/spec.md §7: `severity`, `code`, `message`, `file`, `line`,
    /// `column`, and where they apply `items`, `witness` and `help`.
    pub fn to_json(&self, sources: &Sources) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("severity".into(), serde_json::to_value(self.severity).unwrap_or_default());
        obj.insert("code".into(), self.code.as_str().into());
        obj.insert("message".into(), self.message.clone().into());
        match self.span() {
            Some(span) => {
                let loc = sources.locate(span);
                obj.insert("file".into(), loc.path.into());
                obj.insert("line".into(), loc.line.into());
                obj.insert("column".into(), loc.column.into());
            }
            None => {
                obj.insert("file".into(), serde_json::Value::Null);
                obj.insert("line".into(), serde_json::Value::Null);
                obj.insert("column".into(), serde_json::Value::Null);
            }
        }
        if !self.items.is_empty() {
            obj.insert("items".into(), self.items.clone().into());
        }
        if let Some(w) = &self.witness {
            obj.insert("witness".into(), w.clone());
        }
        if let Some(h) = &self.help {
            obj.insert("help".into(), h.clone().into());
        }
        serde_json::Value::Object(obj)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Why a rule set could not be loaded.
#[derive(Clone, Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or directory could not be read (missing, unreadable, not UTF-8,
    /// or a directory without `.rules` files).
    #[error("cannot load `{path}`: {message}")]
    Io {
        /// The path as given.
        path: String,
        /// What went wrong, in words.
        message: String,
    },
    /// The files were read, but the rules have load-time errors: every one of
    /// them, in source order.
    #[error("the rule set failed to load with {} error(s)", .diagnostics.len())]
    Rules {
        /// The errors, in source order.
        diagnostics: Vec<Diagnostic>,
        /// The files, for rendering.
        sources: Sources,
    },
}

impl LoadError {
    /// The diagnostics (empty for an I/O error).
    ///
    /// ```
    /// let err = zeren::load::load_str("a.rules", "department a\ndepartment a").err().ok_or("loaded")?;
    /// assert_eq!(err.diagnostics()[0].code.as_str(), "duplicate-name");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Io { .. } => &[],
            LoadError::Rules { diagnostics, .. } => diagnostics,
        }
    }

    /// The files the diagnostics point into (`None` for an I/O error).
    ///
    /// ```
    /// let err = zeren::load::load_str("a.rules", "department a\ndepartment a").err().ok_or("loaded")?;
    /// let (sources, d) = (err.sources().ok_or("no sources")?, &err.diagnostics()[0]);
    /// assert_eq!(sources.locate(d.span().ok_or("no span")?).to_string(), "a.rules:2:12");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sources(&self) -> Option<&Sources> {
        match self {
            LoadError::Io { .. } => None,
            LoadError::Rules { sources, .. } => Some(sources),
        }
    }
}
